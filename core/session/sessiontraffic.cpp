// A session's traffic: PUBLISH and the QoS flows in both directions, SUBSCRIBE/UNSUBSCRIBE,
// PINGREQ, and every packet sent. Decoding and dispatching what arrives: sessionincoming.cpp.

#include "session.h"

#include "protocol/codec.h"
#include "protocol/reasoncodes.h"
#include "protocol/topics.h"
#include "session/transport.h"

namespace PingScope {

using namespace Protocol;

Session::SendResult Session::publish(PublishPacket message)
{
    auto refuse = [](const QString &error) { return SendResult{false, 0, error}; };
    if (m_state != State::Connected)
        return refuse(tr("not connected"));
    if (const QString problem = topicNameProblem(message.topic); !problem.isEmpty())
        return refuse(problem);
    if (message.qos > 2)
        return refuse(tr("%1 is not a QoS level: use 0, 1 or 2").arg(message.qos));
    if (message.qos > m_limits.maximumQos)
        return refuse(tr("the broker accepts at most QoS %1 (Maximum QoS in its CONNACK)")
                          .arg(m_limits.maximumQos));
    if (message.retain && !m_limits.retainAvailable)
        return refuse(tr("the broker does not keep retained messages (Retain Available 0)"));
    message.dup = false;
    message.packetId = message.qos > 0 ? 1 : 0; // a stand-in, to check the encoding below
    QString problem;
    const QByteArray bytes = encodePacket(message, m_settings.version, &problem);
    if (bytes.isEmpty())
        return refuse(problem);
    if (m_limits.maximumPacketSize != 0 && quint32(bytes.size()) > m_limits.maximumPacketSize)
        return refuse(tr("the message is %1 bytes as a packet; the broker accepts at most %2")
                          .arg(bytes.size())
                          .arg(m_limits.maximumPacketSize));
    if (message.qos == 0) {
        if (!sendRaw(bytes, PacketType::Publish))
            return refuse(tr("the connection is not open"));
        return {true, 0, QString()};
    }
    const quint16 id = m_outgoing.add(std::move(message));
    if (id == 0)
        return refuse(tr("all 65,535 packet identifiers are in use"));
    flushOutgoing();
    return {true, id, QString()};
}

Session::SendResult Session::subscribe(const QList<Subscription> &subscriptions,
                                       const Properties &properties)
{
    if (m_state != State::Connected)
        return {false, 0, tr("not connected")};
    if (subscriptions.isEmpty())
        return {false, 0, tr("no topic filter given")};
    for (const Subscription &s : subscriptions) {
        QString problem = topicFilterProblem(s.topicFilter);
        if (problem.isEmpty() && m_settings.version == ProtocolVersion::V5)
            problem = sharedSubscriptionProblem(s.topicFilter);
        if (problem.isEmpty() && s.qos > 2)
            problem = tr("%1 is not a QoS level: use 0, 1 or 2").arg(s.qos);
        if (!problem.isEmpty())
            return {false, 0, QStringLiteral("\"%1\": %2").arg(s.topicFilter, problem)};
    }
    const quint16 id = m_outgoing.acquireId();
    if (id == 0)
        return {false, 0, tr("all 65,535 packet identifiers are in use")};
    SubscribePacket packet;
    packet.packetId = id;
    packet.subscriptions = subscriptions;
    if (m_settings.version == ProtocolVersion::V5)
        packet.properties = properties;
    QStringList filters;
    for (const Subscription &subscription : subscriptions)
        filters << subscription.topicFilter;
    m_pendingRequests.insert(id, {PacketType::Subscribe, filters});
    if (!sendPacket(packet)) {
        m_pendingRequests.remove(id);
        m_outgoing.releaseId(id);
        return {false, 0, tr("the SUBSCRIBE could not be sent")};
    }
    return {true, id, QString()};
}

Session::SendResult Session::unsubscribe(const QStringList &topicFilters,
                                         const Properties &properties)
{
    if (m_state != State::Connected)
        return {false, 0, tr("not connected")};
    if (topicFilters.isEmpty())
        return {false, 0, tr("no topic filter given")};
    const quint16 id = m_outgoing.acquireId();
    if (id == 0)
        return {false, 0, tr("all 65,535 packet identifiers are in use")};
    UnsubscribePacket packet;
    packet.packetId = id;
    packet.topicFilters = topicFilters;
    if (m_settings.version == ProtocolVersion::V5)
        packet.properties = properties;
    m_pendingRequests.insert(id, {PacketType::Unsubscribe, topicFilters});
    if (!sendPacket(packet)) {
        m_pendingRequests.remove(id);
        m_outgoing.releaseId(id);
        return {false, 0, tr("the UNSUBSCRIBE could not be sent")};
    }
    return {true, id, QString()};
}

bool Session::pingNow()
{
    return m_state == State::Connected && m_keepAliveTimer->requestPingNow();
}

void Session::onPingDue()
{
    if (m_state == State::Connected)
        sendPacket(PingreqPacket{});
}

void Session::onPingTimedOut()
{
    if (m_state != State::Connected)
        return;
    const KeepAlive &engine = m_keepAliveTimer->engine();
    const CurrentConnection current = currentConnection();
    // The PINGRESP may have arrived behind a burst that is still being handled: it counts.
    processReceived(Budget::All);
    if (!current.holds() || !engine.isPingOutstanding())
        return;
    recordLiveness(EventKind::PingTimeout,
                   tr("no PINGRESP within %1 ms").arg(engine.pingTimeoutMs()),
                   m_clock() - engine.pingSentNs());
    if (!current.holds())
        return;
    dropLink(); // no DISCONNECT: the link is presumed dead
    connectionLost(tr("no PINGRESP: half-open link detected"), true);
}

void Session::flushOutgoing()
{
    if (m_state != State::Connected)
        return;
    const CurrentConnection current = currentConnection();
    for (const PublishPacket &message : m_outgoing.takeSendable()) {
        if (!current.holds())
            return; // a receiver of the failure below closed the session
        if (sendPacket(message))
            continue;
        // Refused after all (the error event says why): end its flow rather than wait for
        // an ack that cannot come.
        m_outgoing.abandon(message.packetId);
        Q_EMIT publishCompleted(message.packetId, ReasonCode::UnspecifiedError);
    }
}

bool Session::sendPacket(const Packet &packet, qint64 pingLatenessNs)
{
    QString problem;
    const QByteArray bytes = encodePacket(packet, m_settings.version, &problem);
    if (bytes.isEmpty()) {
        recordLiveness(EventKind::Error,
                       tr("cannot send %1: %2").arg(packetTypeName(packetType(packet)), problem));
        return false;
    }
    if (m_limits.maximumPacketSize != 0 && quint32(bytes.size()) > m_limits.maximumPacketSize) {
        // 5.0 [MQTT-3.1.2-24]: never send the broker more than its Maximum Packet Size.
        recordLiveness(EventKind::Error,
                       tr("cannot send %1: %2 bytes, the broker accepts at most %3")
                           .arg(packetTypeName(packetType(packet)))
                           .arg(bytes.size())
                           .arg(m_limits.maximumPacketSize));
        return false;
    }
    return sendRaw(bytes, packetType(packet), pingLatenessNs);
}

bool Session::sendRaw(const QByteArray &bytes, PacketType type, qint64 valueNs)
{
    if (!m_transport->write(bytes)) {
        if (!m_linkGone)
            recordLiveness(
                EventKind::Error,
                tr("cannot send %1: the connection is not open").arg(packetTypeName(type)));
        return false;
    }
    const bool isPingreq = type == PacketType::Pingreq;
    m_keepAliveTimer->packetSent(isPingreq);
    Event event;
    event.direction = Direction::Sent;
    event.packetType = type;
    event.version = m_settings.version;
    event.raw = type == PacketType::Connect ? maskSecrets(bytes, m_settings.version) : bytes;
    event.valueNs = isPingreq ? m_keepAliveTimer->engine().lastLatenessNs() : valueNs;
    if (type == PacketType::Connect)
        event.text = m_transport->endpoints().toText();
    record(std::move(event));
    return true;
}

void Session::handlePublish(const PublishPacket &publish)
{
    if (m_settings.version == ProtocolVersion::V5 &&
        publish.properties.contains(PropertyId::TopicAlias)) {
        // We announce no Topic Alias Maximum, so the broker may not use aliases
        // ([MQTT-3.3.2-9]).
        protocolViolation(tr("the broker used a topic alias the client did not allow"), 0x94);
        return;
    }
    bool deliver = true;
    if (publish.qos == 1) {
        sendPacket(AckPacket{PacketType::Puback, publish.packetId, 0, {}});
    } else if (publish.qos == 2) {
        deliver = m_incomingQos2.publishReceived(publish.packetId);
        sendPacket(AckPacket{PacketType::Pubrec, publish.packetId, 0, {}});
    }
    if (!deliver)
        return;
    const CurrentConnection current = currentConnection();
    Q_EMIT messageReceived(publish);
    if (current.holds())
        recordWillIfAny(publish);
}

void Session::handleAck(const AckPacket &ack)
{
    using Result = OutgoingFlows::AckResult;
    OutgoingFlows::AckOutcome outcome;
    switch (ack.type) {
    case PacketType::Pubrel: {
        // The receiving side of QoS 2; 5.0 answers an unknown ID with 0x92.
        const bool known = m_incomingQos2.pubrelReceived(ack.packetId);
        const quint8 code = known || m_settings.version != ProtocolVersion::V5
                                ? ReasonCode::Success
                                : ReasonCode::PacketIdentifierNotFound;
        sendPacket(AckPacket{PacketType::Pubcomp, ack.packetId, code, {}});
        return;
    }
    case PacketType::Puback:
        outcome = m_outgoing.onPuback(ack.packetId, ack.reasonCode);
        break;
    case PacketType::Pubrec:
        outcome = m_outgoing.onPubrec(ack.packetId, ack.reasonCode);
        break;
    default:
        outcome = m_outgoing.onPubcomp(ack.packetId);
        break;
    }
    switch (outcome.result) {
    case Result::SendPubrel:
        sendPacket(AckPacket{PacketType::Pubrel, ack.packetId, 0, {}});
        break;
    case Result::Completed: {
        const CurrentConnection current = currentConnection();
        Q_EMIT publishCompleted(ack.packetId, ack.reasonCode);
        if (current.holds())
            flushOutgoing(); // a slot under Receive Maximum came free
        break;
    }
    case Result::UnknownId:
    case Result::WrongStage:
        protocolViolation(tr("%1 for packet identifier %2, which %3")
                              .arg(packetTypeName(ack.type))
                              .arg(ack.packetId)
                              .arg(outcome.result == Result::UnknownId
                                       ? tr("no message is waiting for")
                                       : tr("belongs to a message at another step of its flow")),
                          ReasonCode::ProtocolError);
        break;
    }
}

} // namespace PingScope
