#pragma once

#include "protocol/packets.h"
#include "session/packetids.h"

#include <QList>

namespace PingScope {

// The client's side of its outgoing QoS 1 and QoS 2 messages: packet IDs, the acks each
// still waits for, the 5.0 Receive Maximum quota, and what a session-resuming reconnect
// sends again. Pure (no sockets, no timers): the Session sends what it is told to.
//
// QoS 1: PUBLISH -> PUBACK. QoS 2: PUBLISH -> PUBREC -> PUBREL -> PUBCOMP; after PUBREL the
// PUBLISH is never sent again ([MQTT-4.3.3-1]; 5.0 [MQTT-4.3.3-6]). Unacknowledged PUBLISH
// (DUP = 1) and PUBREL are resent in their original order only when the session resumes
// ([MQTT-4.4.0-1], 5.0 [MQTT-4.4.0-1]/[MQTT-4.4.0-2]).
class OutgoingFlows
{
public:
    enum class Stage { Queued, AwaitingPuback, AwaitingPubrec, AwaitingPubcomp };

    enum class AckResult {
        Completed,  // the flow ended (delivered, or refused with a 5.0 reason code >= 0x80)
        SendPubrel, // a PUBREC for a QoS 2 message: answer PUBREL
        UnknownId,  // no message waits for this ack under this ID
        WrongStage, // the message waits for another ack (PUBACK for a QoS 2 message, ...)
    };
    struct AckOutcome
    {
        AckResult result = AckResult::UnknownId;
        Protocol::PublishPacket message; // for Completed: the message whose flow ended
    };

    // 5.0 Receive Maximum from CONNACK: at most this many QoS 1/2 PUBLISH unacknowledged
    // ([MQTT-4.9.0-2]). 65535 when the broker does not say (and before 5.0).
    void setSendQuota(quint16 receiveMaximum);
    quint16 sendQuota() const { return m_quota; }

    // Takes a QoS 1 or 2 message and gives it a packet ID (returned; 0 if none is free).
    // It waits as Queued until takeSendable() lets it out.
    quint16 add(Protocol::PublishPacket message);
    // The queued messages the quota lets out now, oldest first, each moved to its awaiting
    // stage. Their packet IDs are set.
    QList<Protocol::PublishPacket> takeSendable();

    AckOutcome onPuback(quint16 id, quint8 reasonCode = 0);
    AckOutcome onPubrec(quint16 id, quint8 reasonCode = 0);
    AckOutcome onPubcomp(quint16 id);

    // Ends the flow of a sent message that could not go out after all (over a Maximum Packet
    // Size lowered by a later CONNACK, ...), so it does not wait for an ack forever.
    bool abandon(quint16 id);

    // A reconnect resumed the session: the packets to send first, in their original order:
    // each unacknowledged PUBLISH with DUP set, a PUBREL for each QoS 2 message past PUBREC.
    QList<Protocol::Packet> resendForResume() const;
    // A reconnect did not resume the session: the broker forgot the messages in flight, so
    // they are removed and returned (the caller reports them). Queued messages stay queued.
    QList<Protocol::PublishPacket> discardInFlight();

    // Packet IDs for SUBSCRIBE and UNSUBSCRIBE come from the same space as PUBLISH.
    quint16 acquireId() { return m_ids.acquire(); }
    void releaseId(quint16 id) { m_ids.release(id); }
    bool idInUse(quint16 id) const { return m_ids.inUse(id); }

    int inFlight() const { return m_inFlight; } // sent, not completed
    int queued() const { return int(m_entries.size()) - m_inFlight; }
    Stage stageOf(quint16 id) const; // Queued for an unknown ID too; check idInUse first
    void clear();

private:
    struct Entry
    {
        Protocol::PublishPacket message;
        Stage stage = Stage::Queued;
    };
    qsizetype indexOf(quint16 id) const;
    AckOutcome complete(qsizetype index);

    QList<Entry> m_entries; // in the order added; sent entries first
    PacketIds m_ids;
    quint16 m_quota = 65535;
    int m_inFlight = 0;
};

// The receiving side of QoS 2: a message is delivered on its first PUBLISH and its ID held
// until PUBREL, so a resent PUBLISH (DUP) is acknowledged but not delivered twice
// (5.0 [MQTT-4.3.3-10], "method B" of 3.1.1 section 4.3.3).
class IncomingQos2
{
public:
    // True if the message is new (deliver it); false for a duplicate. Always answer PUBREC.
    bool publishReceived(quint16 id);
    // True if the ID was held (answer PUBCOMP 0x00); false: 5.0 answers 0x92 not found.
    bool pubrelReceived(quint16 id);
    int pending() const { return m_ids.count(); }
    void clear() { m_ids.clear(); }

private:
    PacketIds m_ids;
};

} // namespace PingScope
