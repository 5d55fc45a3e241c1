#include "eventjson.h"

#include "protocol/codec.h"
#include "protocol/packetsummary.h"
#include "protocol/reasoncodes.h"

#include <QJsonDocument>

namespace PingScope {

using namespace Protocol;

namespace {

// Milliseconds with microsecond resolution: what a person compares, without float noise.
double milliseconds(qint64 ns)
{
    return double(ns / 1000) / 1000.0;
}

void addDuration(QJsonObject &json, const QString &key, qint64 ns)
{
    if (ns >= 0)
        json.insert(key, milliseconds(ns));
}

// A payload as text when it is UTF-8 (JSON, plain text), else as hex: nothing is lost.
void addPayload(QJsonObject &json, const QByteArray &payload)
{
    if (const std::optional<QString> text = payloadText(payload))
        json.insert(QStringLiteral("payload"), *text);
    else
        json.insert(QStringLiteral("payload_hex"), QString::fromLatin1(payload.toHex()));
}

void addPacketFields(QJsonObject &json, const Event &event)
{
    if (event.isPacket(PacketType::Publish, Direction::Received)) {
        if (const std::optional<PublishPacket> publish = event.publish()) {
            json.insert(QStringLiteral("topic"), publish->topic);
            json.insert(QStringLiteral("qos"), publish->qos);
            json.insert(QStringLiteral("retain"), publish->retain);
            if (publish->dup)
                json.insert(QStringLiteral("dup"), true);
            json.insert(QStringLiteral("size"), publish->payload.size());
            addPayload(json, publish->payload);
            return;
        }
    }
    const DecodeResult result = decodePacket(event.raw, DecodeOptions{event.version});
    json.insert(QStringLiteral("direction"), event.direction == Direction::Sent
                                                 ? QStringLiteral("sent")
                                                 : QStringLiteral("received"));
    json.insert(QStringLiteral("type"), packetTypeName(event.packetType));
    json.insert(QStringLiteral("size"), event.size());
    json.insert(QStringLiteral("summary"),
                result.ok() ? packetSummary(result.decoded.packet, event.version)
                            : QStringLiteral("malformed: %1").arg(result.error.message));
}

} // namespace

QJsonObject eventToJson(const Event &event, qint64 originNs)
{
    QJsonObject json;
    json.insert(QStringLiteral("t"), double((event.timeNs - originNs) / 1000) / 1e6);
    json.insert(QStringLiteral("session"), event.session);
    json.insert(QStringLiteral("event"), event.name());

    switch (event.kind) {
    case EventKind::Packet:
        if (event.isPacket(PacketType::Pingreq, Direction::Sent)) {
            addDuration(json, QStringLiteral("late_ms"), event.valueNs);
        } else if (event.isPacket(PacketType::Pingresp, Direction::Received)) {
            addDuration(json, QStringLiteral("rtt_ms"), event.valueNs);
        } else if (event.isPacket(PacketType::Disconnect, Direction::Received)) {
            const quint8 code = event.hasReasonCode ? event.reasonCode : 0;
            json.insert(QStringLiteral("reason_code"), code);
            json.insert(QStringLiteral("reason"), reasonCodeName(PacketType::Disconnect, code));
        } else {
            addPacketFields(json, event);
        }
        break;
    case EventKind::Connecting:
        json.insert(QStringLiteral("broker"), event.text);
        break;
    case EventKind::Connected:
        json.insert(QStringLiteral("keep_alive"), event.keepAlive);
        json.insert(QStringLiteral("keep_alive_source"), event.keepAliveFromServer
                                                             ? QStringLiteral("server")
                                                             : QStringLiteral("client"));
        json.insert(QStringLiteral("client_id"), event.text);
        break;
    case EventKind::PingTimeout:
        addDuration(json, QStringLiteral("waited_ms"), event.valueNs);
        break;
    case EventKind::ClosedByBroker:
        json.insert(QStringLiteral("diagnosis"), diagnosisName(event.diagnosis));
        json.insert(QStringLiteral("explanation"), event.text);
        addDuration(json, QStringLiteral("silent_ms"), event.valueNs);
        break;
    case EventKind::TakenOver:
        // "by": the local session that took over, or null for another client.
        json.insert(QStringLiteral("by"),
                    event.otherSession > 0 ? QJsonValue(event.otherSession) : QJsonValue());
        json.insert(QStringLiteral("inferred"), event.inferred);
        if (event.hasReasonCode)
            json.insert(QStringLiteral("reason_code"), event.reasonCode);
        json.insert(QStringLiteral("client_id"), event.text);
        break;
    case EventKind::TakeoverFlapping:
    case EventKind::TakeoverRetracted:
    case EventKind::Disconnected:
        json.insert(QStringLiteral("reason"), event.text);
        break;
    case EventKind::Reconnecting:
        addDuration(json, QStringLiteral("delay_ms"), event.valueNs);
        json.insert(QStringLiteral("reason"), event.text);
        break;
    case EventKind::WillReceived:
        json.insert(QStringLiteral("will_of"), event.otherSession);
        json.insert(QStringLiteral("topic"), event.text);
        addDuration(json, QStringLiteral("after_loss_ms"), event.valueNs);
        break;
    case EventKind::FaultInjected:
        json.insert(QStringLiteral("fault"), faultName(event.fault));
        break;
    case EventKind::Error:
        json.insert(QStringLiteral("message"), event.text);
        break;
    }
    return json;
}

QByteArray jsonLine(const QJsonObject &object)
{
    static const QString leading[] = {QStringLiteral("t"), QStringLiteral("session"),
                                      QStringLiteral("event")};
    QJsonObject rest = object;
    QByteArray line = "{";
    for (const QString &key : leading) {
        const auto it = rest.constFind(key);
        if (it == rest.constEnd())
            continue;
        // A one-entry object serializes the value exactly as QJsonDocument would.
        const QByteArray pair =
            QJsonDocument(QJsonObject{{key, *it}}).toJson(QJsonDocument::Compact);
        line += pair.mid(1, pair.size() - 2) + ',';
        rest.remove(key);
    }
    const QByteArray others = QJsonDocument(rest).toJson(QJsonDocument::Compact);
    if (others.size() > 2)
        line += others.mid(1); // without its '{', with its '}'
    else if (line.size() == 1)
        line += '}';
    else
        line[line.size() - 1] = '}';
    return line;
}

} // namespace PingScope
