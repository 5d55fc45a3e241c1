#pragma once

#include "protocol/fieldrange.h"
#include "protocol/packets.h"
#include "protocol/packettype.h"
#include "protocol/protocolversion.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace PingScope {

// The kinds of record on a session's timeline. A packet sent or received is always exactly
// one Packet event; the rest are the liveness events of DESIGN.md, conclusions the session
// draws from packets, timers and the socket.
enum class EventKind : quint8 {
    Packet,
    Connecting,       // text: "127.0.0.1:1883 (TCP)"
    Connected,        // keepAlive, keepAliveFromServer; text: client ID in use
    PingTimeout,      // valueNs: how long the PINGREQ went unanswered
    ClosedByBroker,   // valueNs: time since the client last sent; diagnosis; text: in words
    TakenOver,        // otherSession (0: another client), inferred, reasonCode 0x8E if sent
    TakeoverFlapping, // text: the client ID; reconnecting stops
    Reconnecting,     // valueNs: the delay before the attempt; text: why
    Disconnected,     // text: why
    WillReceived,     // otherSession: the will's owner; valueNs: since it lost its link
    FaultInjected,    // fault
    Error,            // text: the message
    // An earlier TakenOver (inferred, by another client) was not one: the broker closed
    // several connections at once, or refused the reconnect. text: the evidence.
    TakeoverRetracted,
};

enum class Direction : quint8 { None, Sent, Received };

// The faults a user can inject on purpose, for teaching (DESIGN "Fault injection").
enum class FaultKind : quint8 {
    None,
    PausePings,         // the keep-alive engine stops sending PINGREQ
    ResumePings,        // ... and starts again
    BlackHole,          // the link discards everything in and out; the socket stays open
    Drop,               // the socket closes without DISCONNECT, like a crash
    DisconnectWithWill, // 5.0 DISCONNECT 0x04
};

// Why the broker closed the socket without a DISCONNECT, as far as the session can tell.
enum class ClosureDiagnosis : quint8 {
    Unknown,
    KeepAliveEnforced,  // the client had been silent for 1.5 x keep-alive or longer
    TakenOverBySession, // a local session connected with the same client ID just before
    ProbablyTakenOver,  // the link was healthy and nothing local explains it
    BrokerClosedAll,    // other healthy links to the broker were closed at the same moment
};

// "keep-alive", "taken-over", "probably-taken-over", "broker-closed-all", "unknown": stable
// names for scripts.
QString diagnosisName(ClosureDiagnosis diagnosis);

// "pause-pings", "black-hole", ...: the names the CLI and the JSON events use.
QString faultName(FaultKind fault);
// The inverse of faultName(); FaultKind::None for an unknown name.
FaultKind faultFromName(QStringView name);

// One record of a session's timeline. Cheap to make on the hot path: a packet event holds
// the packet's raw bytes (passwords masked) and decodes them again only when someone asks
// for its summary or fields, which most events never are.
struct Event
{
    EventKind kind = EventKind::Packet;
    qint64 timeNs = 0;    // the process's monotonic clock (KeepAliveTimer::monotonicClock)
    int session = 0;      // Session::id(); 0 for none
    quint64 sequence = 0; // set by the EventLog: the order of all events it has seen

    // Packet events.
    Direction direction = Direction::None;
    Protocol::PacketType packetType = Protocol::PacketType::Connect;
    Protocol::ProtocolVersion version = Protocol::ProtocolVersion::V5;
    QByteArray raw; // exactly as on the wire, except that password bytes read '*'

    // Details; which apply depends on the kind (see EventKind) or packet type: a sent
    // PINGREQ's lateness and a received PINGRESP's round-trip time go in valueNs.
    qint64 valueNs = -1;
    quint16 keepAlive = 0;
    bool keepAliveFromServer = false;
    bool hasReasonCode = false; // a received DISCONNECT with a code, a take-over by 0x8E
    quint8 reasonCode = 0;
    int otherSession = 0;
    bool inferred = false;
    FaultKind fault = FaultKind::None;
    ClosureDiagnosis diagnosis = ClosureDiagnosis::Unknown;
    // See EventKind. A sent CONNECT's text is its link's endpoints (LinkEndpoints::toText()):
    // the one packet that needs them, so a capture can be made from the events alone.
    QString text;

    bool isPacket() const { return kind == EventKind::Packet; }
    bool isPacket(Protocol::PacketType type, Direction dir) const
    {
        return kind == EventKind::Packet && packetType == type && direction == dir;
    }
    qsizetype size() const { return raw.size(); }

    // The DESIGN.md vocabulary: "connected", "ping-timeout", ... A packet event is named by
    // what it means: "pingreq" (sent PINGREQ), "pingresp" (received PINGRESP),
    // "server-disconnect" (received DISCONNECT), "message" (received PUBLISH), else "packet".
    QString name() const;
    // One line for lists and logs: the packet's summary, or the liveness event described.
    QString summary() const;
    // The decoded fields of a packet event with their byte ranges (for the inspector).
    Protocol::FieldList fields() const;
    // The message of a PUBLISH event, decoded again from its bytes; nothing for other events.
    std::optional<Protocol::PublishPacket> publish() const;
};

// A duration as people read it, with the precision that matters at its size (UI.md):
// "0.2 ms", "12 ms", "2.31 s". One format for every event, summary and report; the JSON
// events keep the microseconds.
QString durationText(qint64 ns);

// A payload as text when it is valid UTF-8 (JSON, plain text), else nothing: the caller
// shows it in hex instead, so no byte is lost or mangled.
std::optional<QString> payloadText(const QByteArray &payload);

// A helper for the one place a CONNECT's raw bytes are recorded: returns `raw` with the
// password and any 5.0 Authentication Data overwritten by '*' (same length, so the fields'
// byte ranges still hold).
QByteArray maskSecrets(const QByteArray &raw, Protocol::ProtocolVersion version);

} // namespace PingScope
