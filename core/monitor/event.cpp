#include "event.h"

#include "protocol/codec.h"
#include "protocol/packetsummary.h"
#include "protocol/reasoncodes.h"

#include <QStringDecoder>

#include <array>

namespace PingScope {

namespace {

using Protocol::PacketType;

struct FaultNameEntry
{
    FaultKind fault;
    const char *name;
};

constexpr std::array<FaultNameEntry, 5> FaultNames = {{
    {FaultKind::PausePings, "pause-pings"},
    {FaultKind::ResumePings, "resume-pings"},
    {FaultKind::BlackHole, "black-hole"},
    {FaultKind::Drop, "drop"},
    {FaultKind::DisconnectWithWill, "disconnect-with-will"},
}};

QString sessionText(int session)
{
    return session > 0 ? QStringLiteral("session %1").arg(session)
                       : QStringLiteral("another client");
}

// Overwrites the value bytes of every field named `name`; `prefix` bytes of each field (the
// length, and for a property its identifier) stay, so the packet still decodes.
void maskFields(QByteArray &raw, const Protocol::FieldList &fields, QLatin1String name,
                qsizetype prefix)
{
    for (const Protocol::FieldRange &field : fields) {
        if (field.name != name || field.length <= prefix)
            continue;
        const qsizetype end = std::min(raw.size(), field.offset + field.length);
        for (qsizetype i = field.offset + prefix; i < end; ++i)
            raw[i] = '*';
    }
}

} // namespace

QString diagnosisName(ClosureDiagnosis diagnosis)
{
    switch (diagnosis) {
    case ClosureDiagnosis::KeepAliveEnforced:
        return QStringLiteral("keep-alive");
    case ClosureDiagnosis::TakenOverBySession:
        return QStringLiteral("taken-over");
    case ClosureDiagnosis::ProbablyTakenOver:
        return QStringLiteral("probably-taken-over");
    case ClosureDiagnosis::BrokerClosedAll:
        return QStringLiteral("broker-closed-all");
    case ClosureDiagnosis::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString faultName(FaultKind fault)
{
    for (const FaultNameEntry &entry : FaultNames) {
        if (entry.fault == fault)
            return QLatin1String(entry.name);
    }
    return QStringLiteral("none");
}

FaultKind faultFromName(QStringView name)
{
    for (const FaultNameEntry &entry : FaultNames) {
        if (name == QLatin1String(entry.name))
            return entry.fault;
    }
    return FaultKind::None;
}

QString Event::name() const
{
    switch (kind) {
    case EventKind::Packet:
        if (isPacket(PacketType::Pingreq, Direction::Sent))
            return QStringLiteral("pingreq");
        if (isPacket(PacketType::Pingresp, Direction::Received))
            return QStringLiteral("pingresp");
        if (isPacket(PacketType::Disconnect, Direction::Received))
            return QStringLiteral("server-disconnect");
        if (isPacket(PacketType::Publish, Direction::Received))
            return QStringLiteral("message");
        return QStringLiteral("packet");
    case EventKind::Connecting:
        return QStringLiteral("connecting");
    case EventKind::Connected:
        return QStringLiteral("connected");
    case EventKind::PingTimeout:
        return QStringLiteral("ping-timeout");
    case EventKind::ClosedByBroker:
        return QStringLiteral("closed-by-broker");
    case EventKind::TakenOver:
        return QStringLiteral("taken-over");
    case EventKind::TakeoverFlapping:
        return QStringLiteral("takeover-flapping");
    case EventKind::TakeoverRetracted:
        return QStringLiteral("takeover-retracted");
    case EventKind::Reconnecting:
        return QStringLiteral("reconnecting");
    case EventKind::Disconnected:
        return QStringLiteral("disconnected");
    case EventKind::WillReceived:
        return QStringLiteral("will-received");
    case EventKind::FaultInjected:
        return QStringLiteral("fault-injected");
    case EventKind::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("unknown");
}

QString Event::summary() const
{
    switch (kind) {
    case EventKind::Packet: {
        const Protocol::DecodeResult result =
            Protocol::decodePacket(raw, Protocol::DecodeOptions{version});
        QString line = result.ok()
                           ? Protocol::packetSummary(result.decoded.packet, version)
                           : Protocol::packetTypeName(packetType) +
                                 QStringLiteral(" (malformed: %1)").arg(result.error.message);
        if (valueNs >= 0 && isPacket(PacketType::Pingreq, Direction::Sent))
            line += QStringLiteral(" (%1 late)").arg(durationText(valueNs));
        else if (valueNs >= 0 && isPacket(PacketType::Pingresp, Direction::Received))
            line += QStringLiteral(" (RTT %1)").arg(durationText(valueNs));
        return line;
    }
    case EventKind::Connected:
        // One arg() call: a client ID may contain "%2" itself.
        return QStringLiteral("connected as \"%1\", keep-alive %2 s (%3)")
            .arg(text, QString::number(keepAlive),
                 keepAliveFromServer ? QStringLiteral("set by the broker")
                                     : QStringLiteral("as requested"));
    case EventKind::PingTimeout:
        return QStringLiteral("no PINGRESP within %1: half-open link, connection closed")
            .arg(durationText(valueNs));
    case EventKind::TakenOver:
        return QStringLiteral("taken over by %1 (%2)")
            .arg(sessionText(otherSession),
                 inferred ? QStringLiteral("inferred: the broker closed the socket")
                          : Protocol::reasonCodeText(PacketType::Disconnect, reasonCode));
    case EventKind::WillReceived:
        return QStringLiteral("will of %1 received on \"%2\"%3")
            .arg(sessionText(otherSession), text,
                 valueNs >= 0
                     ? QStringLiteral(", %1 after it lost its link").arg(durationText(valueNs))
                     : QString());
    case EventKind::FaultInjected:
        return QStringLiteral("fault injected: %1").arg(faultName(fault));
    case EventKind::Reconnecting:
        return QStringLiteral("reconnecting in %1: %2").arg(durationText(valueNs), text);
    default:
        return name() + QStringLiteral(": ") + text;
    }
}

std::optional<Protocol::PublishPacket> Event::publish() const
{
    if (kind != EventKind::Packet || packetType != PacketType::Publish)
        return std::nullopt;
    Protocol::DecodeResult result = Protocol::decodePacket(raw, Protocol::DecodeOptions{version});
    if (!result.ok())
        return std::nullopt;
    return std::get<Protocol::PublishPacket>(std::move(result.decoded.packet));
}

QString durationText(qint64 ns)
{
    const double ms = double(ns) / 1e6;
    if (ms >= 1000.0)
        return QString::number(ms / 1000.0, 'f', 2) + QStringLiteral(" s");
    // UI.md: one decimal below 10 ms; above that a tenth is noise.
    return QString::number(ms, 'f', ms < 10.0 ? 1 : 0) + QStringLiteral(" ms");
}

std::optional<QString> payloadText(const QByteArray &payload)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(payload);
    if (utf8.hasError())
        return std::nullopt;
    return text;
}

Protocol::FieldList Event::fields() const
{
    if (kind != EventKind::Packet)
        return {};
    return Protocol::decodeFields(raw, version);
}

QByteArray maskSecrets(const QByteArray &raw, Protocol::ProtocolVersion version)
{
    QByteArray masked = raw;
    const Protocol::FieldList fields = Protocol::decodeFields(raw, version);
    maskFields(masked, fields, QLatin1String("Password"), 2);            // 2-byte length
    maskFields(masked, fields, QLatin1String("Authentication Data"), 3); // id + length
    return masked;
}

} // namespace PingScope
