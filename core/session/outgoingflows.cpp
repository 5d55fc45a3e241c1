#include "outgoingflows.h"

#include "protocol/reasoncodes.h"

namespace PingScope {

using Protocol::AckPacket;
using Protocol::PacketType;
using Protocol::PublishPacket;

void OutgoingFlows::setSendQuota(quint16 receiveMaximum)
{
    // A Receive Maximum of 0 is a protocol error the session refuses in the CONNACK; kept
    // as given, it lets nothing out rather than guessing a quota. Lowering the quota below
    // the number in flight (a resumed session with a new CONNACK) only holds back new sends.
    m_quota = receiveMaximum;
}

quint16 OutgoingFlows::add(PublishPacket message)
{
    if (message.qos != 1 && message.qos != 2)
        return 0; // QoS 0 has no flow and no packet ID ([MQTT-2.3.1-5], 5.0 [MQTT-2.2.1-2])
    const quint16 id = m_ids.acquire();
    if (id == 0)
        return 0;
    // A new message goes out with DUP 0 ([MQTT-4.3.2-1], [MQTT-4.3.3-1]; 5.0
    // [MQTT-4.3.2-2], [MQTT-4.3.3-2]); only a resend on resume sets it.
    message.packetId = id;
    message.dup = false;
    m_entries.append(Entry{std::move(message), Stage::Queued});
    return id;
}

QList<PublishPacket> OutgoingFlows::takeSendable()
{
    // Sent entries come first, so the queued ones start at m_inFlight, oldest first. Each
    // QoS 1/2 PUBLISH sent uses one unit of the send quota (5.0 [MQTT-4.9.0-2],
    // [MQTT-3.3.4-7]).
    QList<PublishPacket> out;
    qsizetype i = m_inFlight;
    while (i < m_entries.size() && m_inFlight < int(m_quota)) {
        Entry &entry = m_entries[i];
        entry.stage = entry.message.qos == 1 ? Stage::AwaitingPuback : Stage::AwaitingPubrec;
        out.append(entry.message);
        ++m_inFlight;
        ++i;
    }
    return out;
}

OutgoingFlows::AckOutcome OutgoingFlows::onPuback(quint16 id, quint8 reasonCode)
{
    // Any PUBACK ends a QoS 1 flow: one with a 5.0 reason code >= 0x80 means the broker
    // refused the message, which is then acknowledged and never resent (5.0 [MQTT-4.4.0-2]).
    Q_UNUSED(reasonCode);
    const qsizetype index = indexOf(id);
    if (index < 0)
        return {AckResult::UnknownId, {}};
    if (m_entries.at(index).stage != Stage::AwaitingPuback)
        return {AckResult::WrongStage, {}};
    return complete(index);
}

OutgoingFlows::AckOutcome OutgoingFlows::onPubrec(quint16 id, quint8 reasonCode)
{
    const qsizetype index = indexOf(id);
    if (index < 0)
        return {AckResult::UnknownId, {}};
    Entry &entry = m_entries[index];
    const bool failed = reasonCode >= Protocol::ReasonCode::UnspecifiedError;
    switch (entry.stage) {
    case Stage::AwaitingPubrec:
        // A 5.0 PUBREC >= 0x80 ends the flow: no PUBREL (5.0 [MQTT-4.3.3-4] answers only codes
        // below 0x80), the PUBLISH is not resent (5.0 [MQTT-4.4.0-2]) and its ID and quota
        // unit are free again.
        if (failed)
            return complete(index);
        // From here on the PUBLISH is never sent again, only the PUBREL ([MQTT-4.3.3-1];
        // 5.0 [MQTT-4.3.3-5], [MQTT-4.3.3-6]).
        entry.stage = Stage::AwaitingPubcomp;
        return {AckResult::SendPubrel, {}};
    case Stage::AwaitingPubcomp:
        // A duplicate PUBREC (say, a broker answering both the original and the resent
        // PUBLISH): answering PUBREL again is harmless, and needed if the first was lost. A
        // failure code after the broker already accepted the message is out of turn.
        return {failed ? AckResult::WrongStage : AckResult::SendPubrel, {}};
    case Stage::Queued:
    case Stage::AwaitingPuback:
        break;
    }
    return {AckResult::WrongStage, {}};
}

OutgoingFlows::AckOutcome OutgoingFlows::onPubcomp(quint16 id)
{
    const qsizetype index = indexOf(id);
    if (index < 0)
        return {AckResult::UnknownId, {}};
    if (m_entries.at(index).stage != Stage::AwaitingPubcomp)
        return {AckResult::WrongStage, {}};
    return complete(index);
}

QList<Protocol::Packet> OutgoingFlows::resendForResume() const
{
    // In the order first sent ([MQTT-4.6.0-1]); sent entries keep that order at the front.
    // A resent PUBLISH has DUP 1 ([MQTT-3.3.1-1]); past PUBREC only the PUBREL goes again.
    QList<Protocol::Packet> out;
    out.reserve(m_inFlight);
    for (qsizetype i = 0; i < m_inFlight; ++i) {
        const Entry &entry = m_entries.at(i);
        if (entry.stage == Stage::AwaitingPubcomp) {
            AckPacket pubrel;
            pubrel.type = PacketType::Pubrel;
            pubrel.packetId = entry.message.packetId;
            out.append(pubrel);
        } else {
            PublishPacket publish = entry.message;
            publish.dup = true;
            out.append(publish);
        }
    }
    return out;
}

QList<PublishPacket> OutgoingFlows::discardInFlight()
{
    QList<PublishPacket> out;
    out.reserve(m_inFlight);
    for (qsizetype i = 0; i < m_inFlight; ++i) {
        out.append(m_entries.at(i).message);
        m_ids.release(m_entries.at(i).message.packetId);
    }
    m_entries.remove(0, m_inFlight);
    m_inFlight = 0;
    return out;
}

OutgoingFlows::Stage OutgoingFlows::stageOf(quint16 id) const
{
    const qsizetype index = indexOf(id);
    return index < 0 ? Stage::Queued : m_entries.at(index).stage;
}

void OutgoingFlows::clear()
{
    // The quota stays: it belongs to the connection and each CONNACK sets it.
    m_entries.clear();
    m_ids.clear();
    m_inFlight = 0;
}

qsizetype OutgoingFlows::indexOf(quint16 id) const
{
    // Only sent entries can be acknowledged, so only the in-flight part (at most the quota)
    // is searched; a queued message is "unknown" to an ack, and stageOf() reports Queued
    // for it either way. Acks mostly come in send order, so the match is usually first.
    if (!m_ids.inUse(id))
        return -1;
    for (qsizetype i = 0; i < m_inFlight; ++i) {
        if (m_entries.at(i).message.packetId == id)
            return i;
    }
    return -1;
}

bool OutgoingFlows::abandon(quint16 id)
{
    const qsizetype index = indexOf(id);
    if (index < 0)
        return false;
    complete(index);
    return true;
}

OutgoingFlows::AckOutcome OutgoingFlows::complete(qsizetype index)
{
    // Removing the oldest entry (the usual case) only moves QList's begin pointer.
    AckOutcome outcome{AckResult::Completed, m_entries.at(index).message};
    m_entries.removeAt(index);
    m_ids.release(outcome.message.packetId);
    --m_inFlight;
    return outcome;
}

// IncomingQos2

bool IncomingQos2::publishReceived(quint16 id)
{
    // Method B: the ID is held from the first PUBLISH until PUBREL; while held, a resent
    // PUBLISH is acknowledged again but not delivered again (5.0 [MQTT-4.3.3-10]). ID 0 is
    // malformed for QoS 2 and is never reported as a new message.
    return m_ids.claim(id);
}

bool IncomingQos2::pubrelReceived(quint16 id)
{
    // After PUBCOMP the ID names a new message again (5.0 [MQTT-4.3.3-12]).
    if (!m_ids.inUse(id))
        return false;
    m_ids.release(id);
    return true;
}

} // namespace PingScope
