// What the broker sends: bytes decoded a slice at a time (a burst of 100,000 packets must not
// hold up the timers of this or any other session), each packet dispatched, and the rules a
// broker's packets must keep; breaking one ends the connection (5.0 section 4.13).

#include "session.h"

#include "protocol/codec.h"
#include "protocol/reasoncodes.h"
#include "protocol/streamdecoder.h"
#include "session/transport.h"

namespace PingScope {

using namespace Protocol;

namespace {

// How long one turn of the event loop may spend on received packets.
constexpr qint64 ProcessingSliceNs = 5'000'000;

// 5.0 section 4.13 tells a Malformed Packet (it cannot be parsed) from a Protocol Error
// (parsed, but against a rule); the DISCONNECT says which. The decoder finds both.
quint8 disconnectCodeFor(DecodeErrorCode error)
{
    switch (error) {
    case DecodeErrorCode::PacketTooLarge:
        return ReasonCode::PacketTooLarge;
    case DecodeErrorCode::DuplicateProperty:    // 5.0 section 2.2.2.2
    case DecodeErrorCode::InvalidPropertyValue: // "It is a Protocol Error to ..." (3.2.2.3)
    case DecodeErrorCode::InvalidReasonCode:    // a code the server may not send [MQTT-3.14.2-1]
    case DecodeErrorCode::UnexpectedPacket:
        return ReasonCode::ProtocolError;
    default:
        return ReasonCode::MalformedPacket;
    }
}

} // namespace

void Session::onBytesReceived(const QByteArray &bytes)
{
    if (m_state != State::AwaitingConnack && m_state != State::Connected)
        return;
    m_decoder->feed(bytes);
    processReceived(Budget::OneSlice);
}

void Session::processReceived(Budget budget)
{
    const CurrentConnection current = currentConnection();
    const qint64 sliceEndNs = m_clock() + ProcessingSliceNs;
    int handled = 0;
    while (auto decoded = m_decoder->next()) {
        handlePacket(*decoded);
        // The packet (or a receiver of its signals) may have ended the connection, or
        // started another one: what follows belongs to a connection that is gone.
        if (!current.holds() || (m_state != State::AwaitingConnack && m_state != State::Connected))
            return;
        // A burst (100,000 messages in one read) is handled a slice at a time, so timers
        // (this session's PINGREQ, and every other session's on this thread) still run.
        // The clock is read every few packets only: it costs as much as a small packet.
        if (budget == Budget::OneSlice && ++handled % 32 == 0 && m_clock() >= sliceEndNs) {
            scheduleProcessing();
            return;
        }
    }
    if (m_decoder->hasError()) {
        const DecodeError &error = m_decoder->error();
        const quint8 code = disconnectCodeFor(error.code);
        const QString what =
            code == ReasonCode::PacketTooLarge  ? tr("packet too large from the broker")
            : code == ReasonCode::ProtocolError ? tr("protocol error in a packet from the broker")
                                                : tr("malformed packet from the broker");
        protocolViolation(what + QStringLiteral(": ") + error.message, code);
    }
}

void Session::scheduleProcessing()
{
    if (m_processingScheduled)
        return;
    m_processingScheduled = true;
    // A posted call: Qt runs the timers that are due before the calls posted meanwhile. It
    // reads whatever connection is current by then (a new one has a new decoder).
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_processingScheduled = false;
            if (m_state == State::AwaitingConnack || m_state == State::Connected)
                processReceived(Budget::OneSlice);
        },
        Qt::QueuedConnection);
}

void Session::handlePacket(DecodedPacket &decoded)
{
    const PacketType type = decoded.type();
    const qint64 rtt = m_keepAliveTimer->packetReceived(type == PacketType::Pingresp);
    Event event;
    event.direction = Direction::Received;
    event.packetType = type;
    event.version = m_settings.version;
    event.raw = decoded.raw;
    event.valueNs = rtt;
    if (const auto *disconnect = std::get_if<DisconnectPacket>(&decoded.packet)) {
        event.hasReasonCode = true;
        event.reasonCode = disconnect->reasonCode;
    }
    const CurrentConnection current = currentConnection();
    record(std::move(event));
    if (!current.holds())
        return;

    if (m_state == State::AwaitingConnack && type != PacketType::Connack &&
        type != PacketType::Disconnect) {
        protocolViolation(
            tr("the broker sent %1 before CONNACK [MQTT-3.2.0-1]").arg(packetTypeName(type)),
            ReasonCode::ProtocolError);
        return;
    }
    switch (type) {
    case PacketType::Connack:
        if (m_state != State::AwaitingConnack)
            protocolViolation(tr("a second CONNACK on one connection"), ReasonCode::ProtocolError);
        else
            handleConnack(std::get<ConnackPacket>(decoded.packet));
        break;
    case PacketType::Publish:
        handlePublish(std::get<PublishPacket>(decoded.packet));
        break;
    case PacketType::Puback:
    case PacketType::Pubrec:
    case PacketType::Pubrel:
    case PacketType::Pubcomp:
        handleAck(std::get<AckPacket>(decoded.packet));
        break;
    case PacketType::Suback:
    case PacketType::Unsuback: {
        const bool isSuback = type == PacketType::Suback;
        const quint16 id = isSuback ? std::get<SubackPacket>(decoded.packet).packetId
                                    : std::get<UnsubackPacket>(decoded.packet).packetId;
        const QList<quint8> codes = isSuback ? std::get<SubackPacket>(decoded.packet).reasonCodes
                                             : std::get<UnsubackPacket>(decoded.packet).reasonCodes;
        const auto pending = m_pendingRequests.constFind(id);
        const PacketType request = isSuback ? PacketType::Subscribe : PacketType::Unsubscribe;
        if (pending == m_pendingRequests.cend() || pending->type != request) {
            protocolViolation(tr("%1 for packet identifier %2, which no %3 is waiting for")
                                  .arg(packetTypeName(type))
                                  .arg(id)
                                  .arg(packetTypeName(request)),
                              ReasonCode::ProtocolError);
            return;
        }
        // 3.1.1 UNSUBACK carries no codes; otherwise one per filter ([MQTT-3.9.3-1]).
        if (!codes.isEmpty() || isSuback || m_settings.version == ProtocolVersion::V5) {
            if (codes.size() != pending->filters.size()) {
                protocolViolation(tr("%1 has %2 reason codes for %3 topic filters")
                                      .arg(packetTypeName(type))
                                      .arg(codes.size())
                                      .arg(pending->filters.size()),
                                  ReasonCode::ProtocolError);
                return;
            }
        }
        // A refused filter is a conclusion worth a line of its own: without it, a client
        // waiting for messages on it would wait forever without a word.
        const QStringList filters = pending->filters;
        m_pendingRequests.erase(pending);
        m_outgoing.releaseId(id);
        for (qsizetype i = 0; i < codes.size() && i < filters.size(); ++i) {
            if (codes[i] < 0x80)
                continue;
            recordLiveness(EventKind::Error,
                           tr("the broker refused %1 \"%2\": %3")
                               .arg(isSuback ? tr("the subscription to") : tr("to unsubscribe"),
                                    filters[i], reasonCodeText(type, codes[i])));
            if (!current.holds())
                return;
        }
        if (isSuback)
            Q_EMIT subscribeCompleted(id, codes);
        else
            Q_EMIT unsubscribeCompleted(id, codes);
        break;
    }
    case PacketType::Pingresp:
        break; // the keep-alive engine took the RTT above
    case PacketType::Disconnect:
        handleServerDisconnect(std::get<DisconnectPacket>(decoded.packet));
        break;
    default:
        // The decoder lets only server packets through; AUTH needs an authentication
        // method, which PingScope does not offer.
        protocolViolation(tr("unexpected %1 from the broker").arg(packetTypeName(type)),
                          ReasonCode::ProtocolError);
        break;
    }
}

void Session::protocolViolation(const QString &message, quint8 reasonCode)
{
    const CurrentConnection current = currentConnection();
    recordLiveness(EventKind::Error, message);
    if (!current.holds())
        return;
    bool saidWhy = false;
    if (m_settings.version == ProtocolVersion::V5 && m_transport->isOpen()) {
        // 5.0 section 4.13: say why before closing.
        DisconnectPacket disconnect;
        disconnect.reasonCode = reasonCode;
        saidWhy = sendPacket(disconnect);
    }
    // With a DISCONNECT queued, close() flushes it and reports the close later, when the
    // state is already Disconnected. With nothing to flush (3.1.1) it would report it at once,
    // while still connected: that would read as the broker closing the link (closed-by-broker,
    // an inferred take-over, a reconnect). So then the link is dropped, which reports nothing.
    if (saidWhy)
        m_transport->close();
    else
        dropLink();
    connectionLost(message, false);
}

} // namespace PingScope
