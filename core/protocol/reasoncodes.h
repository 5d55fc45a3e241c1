#pragma once

#include "packettype.h"

#include <QString>

namespace PingScope::Protocol {

// MQTT 5.0 reason codes (5.0 section 2.4) whose meaning matters to PingScope's logic.
// Names of all codes come from reasonCodeName().
namespace ReasonCode {
constexpr quint8 Success = 0x00; // also Normal disconnection, Granted QoS 0
constexpr quint8 GrantedQoS1 = 0x01;
constexpr quint8 GrantedQoS2 = 0x02;
constexpr quint8 DisconnectWithWillMessage = 0x04;
constexpr quint8 NoMatchingSubscribers = 0x10;
constexpr quint8 NoSubscriptionExisted = 0x11;
constexpr quint8 ContinueAuthentication = 0x18;
constexpr quint8 ReAuthenticate = 0x19;
constexpr quint8 UnspecifiedError = 0x80;
constexpr quint8 MalformedPacket = 0x81;
constexpr quint8 ProtocolError = 0x82;
constexpr quint8 ServerShuttingDown = 0x8B;
constexpr quint8 KeepAliveTimeout = 0x8D;
constexpr quint8 SessionTakenOver = 0x8E;
constexpr quint8 PacketIdentifierNotFound = 0x92;
constexpr quint8 PacketTooLarge = 0x95;
} // namespace ReasonCode

// Who may send a reason code; DISCONNECT has codes only a server or only a client sends.
enum class Sender : quint8 { Client = 1, Server = 2, Either = 3 };

// The 5.0 name of `code` as used in a packet of `type`: 0x00 is "Success" in a CONNACK,
// "Normal disconnection" in a DISCONNECT and "Granted QoS 0" in a SUBACK.
// Unknown codes are named "Unknown reason code 0xNN".
QString reasonCodeName(PacketType type, quint8 code);

// "0x8E Session taken over": the form used in events and the inspector.
QString reasonCodeText(PacketType type, quint8 code);

// Whether the standard allows `code` in a packet of `type` sent by `sender`.
bool isValidReasonCode(PacketType type, quint8 code, Sender sender = Sender::Either);

// "8E": two upper-case hex digits, the form codes and bytes are shown in.
QString hexByte(quint8 value);

// 3.1 and 3.1.1 CONNACK return codes 0..5 (3.1.1 section 3.2.2.3).
QString connectReturnCodeName(quint8 code);
bool isValidConnectReturnCode(quint8 code);

// 3.1.1 SUBACK return codes: 0x00, 0x01, 0x02 granted QoS, 0x80 failure.
QString subackReturnCodeName(quint8 code);

} // namespace PingScope::Protocol
