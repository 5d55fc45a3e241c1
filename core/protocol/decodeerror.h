#pragma once

#include <QString>

namespace PingScope::Protocol {

// Why a byte stream was rejected. Each code has one meaning; `message` says what exactly
// was wrong and cites the rule ("[MQTT-2.2.2-2]") so the user can look it up.
enum class DecodeErrorCode : quint8 {
    None,
    MalformedRemainingLength,   // a variable byte integer of more than 4 bytes
    NonMinimalVariableInteger,  // 5.0: not encoded in the fewest bytes [MQTT-1.5.5-1]
    UnknownPacketType,          // type 0, or 15 before 5.0
    InvalidFixedHeaderFlags,    // reserved flag bits not as the standard fixes them
    InvalidQoS,                 // QoS 3 in PUBLISH, will or subscription
    ZeroPacketIdentifier,       // packet identifier 0 where one is required
    InvalidUtf8,                // ill-formed UTF-8 or a surrogate code point
    NullCharacter,              // U+0000 in a string
    Truncated,                  // a field runs past the end of the packet
    TrailingBytes,              // bytes left after the last field
    InvalidProtocolName,        // CONNECT names neither "MQTT" nor "MQIsdp"
    UnsupportedProtocolLevel,   // CONNECT level other than 3, 4, 5
    InvalidConnectFlags,        // reserved bit, will flags without will, ...
    InvalidConnackFlags,        // reserved CONNACK flag bits, session present with refusal
    UnknownProperty,            // identifier not in the standard
    PropertyNotAllowed,         // a property this packet may not carry
    DuplicateProperty,          // a single-valued property given twice
    InvalidPropertyValue,       // e.g. Receive Maximum 0, Maximum QoS 2
    InvalidReasonCode,          // not a code this packet type may carry from this sender
    InvalidTopic,               // empty topic, wildcard in a topic name, bad filter
    EmptyPayload,               // SUBSCRIBE/UNSUBSCRIBE/SUBACK without any entry
    InvalidSubscriptionOptions, // reserved option bits, retain handling 3
    PacketTooLarge,             // larger than the maximum packet size
    UnexpectedPacket,           // a packet this peer never sends (a server sending CONNECT)
};

struct DecodeError
{
    DecodeErrorCode code = DecodeErrorCode::None;
    QString message;
    // Offset of the offending byte: within the packet for decodePacket(), within the whole
    // stream fed so far for StreamDecoder.
    qsizetype offset = 0;

    bool isError() const { return code != DecodeErrorCode::None; }
};

// "truncated", "invalid fixed header flags", ...: a short label for a code.
QString decodeErrorCodeName(DecodeErrorCode code);

} // namespace PingScope::Protocol
