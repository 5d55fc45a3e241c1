// Outgoing QoS 1 and QoS 2 flows without a socket: packet ID allocation, each ack in and
// out of turn, the 5.0 Receive Maximum quota, what a resumed or a lost session does with
// the messages in flight, and the receiving side of QoS 2.

#include "protocol/reasoncodes.h"
#include "session/outgoingflows.h"
#include "session/packetids.h"

#include <QTest>

using namespace PingScope;
using Protocol::AckPacket;
using Protocol::Packet;
using Protocol::PacketType;
using Protocol::PublishPacket;
using AckResult = OutgoingFlows::AckResult;
using Stage = OutgoingFlows::Stage;

namespace {

// A message as given to add() (ID 0) or as the flows hand it out (with ID and DUP flag).
PublishPacket message(quint8 qos, const QString &topic, quint16 id = 0, bool dup = false)
{
    PublishPacket m;
    m.qos = qos;
    m.topic = topic;
    m.payload = topic.toUtf8();
    m.packetId = id;
    m.dup = dup;
    return m;
}

AckPacket pubrel(quint16 id)
{
    AckPacket ack;
    ack.type = PacketType::Pubrel;
    ack.packetId = id;
    return ack;
}

QList<quint16> idsOf(const QList<PublishPacket> &messages)
{
    QList<quint16> ids;
    for (const PublishPacket &m : messages)
        ids.append(m.packetId);
    return ids;
}

} // namespace

class TestQosFlows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void qos1PublishPuback()
    {
        OutgoingFlows flows;
        QCOMPARE(flows.add(message(1, QStringLiteral("a"))), quint16(1));
        QCOMPARE(flows.queued(), 1);
        QCOMPARE(flows.inFlight(), 0);
        QVERIFY(flows.idInUse(1));
        QCOMPARE(flows.stageOf(1), Stage::Queued);

        const QList<PublishPacket> out = flows.takeSendable();
        QCOMPARE(out, QList<PublishPacket>{message(1, QStringLiteral("a"), 1)});
        QCOMPARE(flows.stageOf(1), Stage::AwaitingPuback);
        QCOMPARE(flows.inFlight(), 1);
        QCOMPARE(flows.queued(), 0);

        const OutgoingFlows::AckOutcome done = flows.onPuback(1);
        QCOMPARE(done.result, AckResult::Completed);
        QCOMPARE(done.message, message(1, QStringLiteral("a"), 1));
        QCOMPARE(flows.inFlight(), 0);
        QVERIFY(!flows.idInUse(1));
        // A duplicate PUBACK finds nothing.
        QCOMPARE(flows.onPuback(1).result, AckResult::UnknownId);
    }

    void qos2PublishPubrecPubrelPubcomp()
    {
        OutgoingFlows flows;
        const quint16 id = flows.add(message(2, QStringLiteral("b")));
        QCOMPARE(id, quint16(1));
        QCOMPARE(flows.takeSendable(), QList<PublishPacket>{message(2, QStringLiteral("b"), 1)});
        QCOMPARE(flows.stageOf(id), Stage::AwaitingPubrec);
        // Acks of the wrong kind leave it where it is.
        QCOMPARE(flows.onPuback(id).result, AckResult::WrongStage);
        QCOMPARE(flows.onPubcomp(id).result, AckResult::WrongStage);
        QCOMPARE(flows.stageOf(id), Stage::AwaitingPubrec);

        QCOMPARE(flows.onPubrec(id).result, AckResult::SendPubrel);
        QCOMPARE(flows.stageOf(id), Stage::AwaitingPubcomp);
        // Past PUBREC it still counts against the quota and holds its ID.
        QCOMPARE(flows.inFlight(), 1);
        QVERIFY(flows.idInUse(id));
        // A duplicate PUBREC is answered with PUBREL again.
        QCOMPARE(flows.onPubrec(id).result, AckResult::SendPubrel);
        QCOMPARE(flows.onPuback(id).result, AckResult::WrongStage);

        const OutgoingFlows::AckOutcome done = flows.onPubcomp(id);
        QCOMPARE(done.result, AckResult::Completed);
        QCOMPARE(done.message, message(2, QStringLiteral("b"), 1));
        QCOMPARE(flows.inFlight(), 0);
        QVERIFY(!flows.idInUse(id));
        QCOMPARE(flows.onPubcomp(id).result, AckResult::UnknownId);
        QCOMPARE(flows.onPubrec(id).result, AckResult::UnknownId);
    }

    void failureReasonCodesEndTheFlow()
    {
        OutgoingFlows flows;
        flows.add(message(2, QStringLiteral("x")));
        flows.add(message(2, QStringLiteral("y")));
        flows.add(message(1, QStringLiteral("z")));
        flows.takeSendable();
        // A 5.0 PUBACK refusing the message ends a QoS 1 flow like any PUBACK.
        QCOMPARE(flows.onPuback(3, 0x87).result, AckResult::Completed);
        QVERIFY(!flows.idInUse(3));
        // 0x10 No matching subscribers is a success code: the flow goes on.
        QCOMPARE(flows.onPubrec(1, Protocol::ReasonCode::NoMatchingSubscribers).result,
                 AckResult::SendPubrel);
        // 0x80 and above: no PUBREL, the message is done and its ID free.
        const OutgoingFlows::AckOutcome refused =
            flows.onPubrec(2, Protocol::ReasonCode::UnspecifiedError);
        QCOMPARE(refused.result, AckResult::Completed);
        QCOMPARE(refused.message.topic, QStringLiteral("y"));
        QVERIFY(!flows.idInUse(2));
        QCOMPARE(flows.inFlight(), 1);
        // A failure PUBREC after the broker already accepted the message is out of turn.
        QCOMPARE(flows.onPubrec(1, 0x97).result, AckResult::WrongStage);
        QCOMPARE(flows.stageOf(1), Stage::AwaitingPubcomp);
    }

    void qos0IsNotAFlow()
    {
        OutgoingFlows flows;
        QCOMPARE(flows.add(message(0, QStringLiteral("q0"))), quint16(0));
        QCOMPARE(flows.add(message(3, QStringLiteral("bad"))), quint16(0));
        QCOMPARE(flows.queued(), 0);
        QVERIFY(flows.takeSendable().isEmpty());
        QVERIFY(!flows.idInUse(1));
    }

    void acksForUnknownOrUnsentIds()
    {
        OutgoingFlows flows;
        QCOMPARE(flows.onPuback(77).result, AckResult::UnknownId);
        QCOMPARE(flows.onPubrec(77).result, AckResult::UnknownId);
        QCOMPARE(flows.onPubcomp(77).result, AckResult::UnknownId);
        QCOMPARE(flows.onPuback(0).result, AckResult::UnknownId);
        // A queued message was never sent, so no ack can be for it.
        const quint16 queuedId = flows.add(message(1, QStringLiteral("q")));
        QCOMPARE(flows.onPuback(queuedId).result, AckResult::UnknownId);
        QCOMPARE(flows.stageOf(queuedId), Stage::Queued);
        QCOMPARE(flows.queued(), 1);
        // An ID held by a SUBSCRIBE is not a PUBLISH flow either.
        const quint16 subscribeId = flows.acquireId();
        QCOMPARE(subscribeId, quint16(2));
        QCOMPARE(flows.onPuback(subscribeId).result, AckResult::UnknownId);
        QVERIFY(flows.idInUse(subscribeId));
        flows.releaseId(subscribeId);
        QVERIFY(!flows.idInUse(subscribeId));
    }

    void releasedIdIsNotReusedAtOnce()
    {
        OutgoingFlows flows;
        flows.add(message(1, QStringLiteral("a")));
        flows.takeSendable();
        QCOMPARE(flows.onPuback(1).result, AckResult::Completed);
        // ID 1 is free, but the next message gets 2: a late duplicate PUBACK for 1 cannot
        // complete it.
        QCOMPARE(flows.add(message(1, QStringLiteral("b"))), quint16(2));
        flows.takeSendable();
        QCOMPARE(flows.onPuback(1).result, AckResult::UnknownId);
        QCOMPARE(flows.stageOf(2), Stage::AwaitingPuback);
    }

    void packetIdsRoundRobinWrapAndExhaustion()
    {
        PacketIds ids;
        QCOMPARE(ids.acquire(), quint16(1));
        QCOMPARE(ids.acquire(), quint16(2));
        QCOMPARE(ids.acquire(), quint16(3));
        ids.release(2);
        QCOMPARE(ids.acquire(), quint16(4));
        QVERIFY(!ids.inUse(2));

        for (int expected = 5; expected <= 65535; ++expected)
            QCOMPARE(ids.acquire(), quint16(expected));
        QCOMPARE(ids.count(), 65534); // all but 2
        // Past 65535 the search wraps to 1 and skips what is in use: 2 is the only free one.
        QCOMPARE(ids.acquire(), quint16(2));
        QCOMPARE(ids.count(), 65535);
        QCOMPARE(ids.acquire(), quint16(0));
        QCOMPARE(ids.acquire(), quint16(0));

        ids.release(65535);
        ids.release(10);
        QCOMPARE(ids.acquire(), quint16(10)); // the next free one after 2
        QCOMPARE(ids.acquire(), quint16(65535));
        QCOMPARE(ids.acquire(), quint16(0));
        QVERIFY(!ids.inUse(0));

        ids.clear();
        QCOMPARE(ids.count(), 0);
        QVERIFY(!ids.inUse(10));
        QCOMPARE(ids.acquire(), quint16(1));
    }

    void packetIdClaimAndIdempotentRelease()
    {
        PacketIds ids;
        QVERIFY(!ids.claim(0));
        QVERIFY(ids.claim(3));
        QVERIFY(!ids.claim(3));
        QCOMPARE(ids.count(), 1);
        QCOMPARE(ids.acquire(), quint16(1));
        QCOMPARE(ids.acquire(), quint16(2));
        QCOMPARE(ids.acquire(), quint16(4)); // 3 was claimed
        ids.release(3);
        ids.release(3);
        ids.release(0);
        ids.release(999); // never used
        QCOMPARE(ids.count(), 3);
        QVERIFY(!ids.inUse(3));
    }

    void flowsRunOutOfIds()
    {
        OutgoingFlows flows;
        for (int i = 1; i <= 65535; ++i)
            QCOMPARE(flows.add(message(1, QStringLiteral("m"))), quint16(i));
        QCOMPARE(flows.add(message(1, QStringLiteral("one too many"))), quint16(0));
        QCOMPARE(flows.acquireId(), quint16(0));
        QCOMPARE(flows.queued(), 65535);
        // Sending and completing them all, in order, frees every ID again.
        QCOMPARE(flows.takeSendable().size(), 65535);
        for (int i = 1; i <= 65535; ++i)
            QCOMPARE(flows.onPuback(quint16(i)).result, AckResult::Completed);
        QCOMPARE(flows.inFlight(), 0);
        QCOMPARE(flows.queued(), 0);
        QCOMPARE(flows.add(message(1, QStringLiteral("again"))), quint16(1));
    }

    void receiveMaximumLimitsWhatIsInFlight()
    {
        OutgoingFlows flows;
        QCOMPARE(flows.sendQuota(), quint16(65535));
        flows.setSendQuota(2);
        QCOMPARE(flows.sendQuota(), quint16(2));
        flows.add(message(1, QStringLiteral("m1")));
        flows.add(message(2, QStringLiteral("m2")));
        for (int i = 3; i <= 5; ++i)
            flows.add(message(1, QStringLiteral("m%1").arg(i)));

        QCOMPARE(idsOf(flows.takeSendable()), (QList<quint16>{1, 2}));
        QVERIFY(flows.takeSendable().isEmpty());
        QCOMPARE(flows.inFlight(), 2);
        QCOMPARE(flows.queued(), 3);

        // Each completion lets exactly one more out, oldest first.
        QCOMPARE(flows.onPuback(1).result, AckResult::Completed);
        QCOMPARE(idsOf(flows.takeSendable()), QList<quint16>{3});
        // A PUBREC (success) does not free the QoS 2 message's quota unit; PUBCOMP does.
        QCOMPARE(flows.onPubrec(2).result, AckResult::SendPubrel);
        QVERIFY(flows.takeSendable().isEmpty());
        QCOMPARE(flows.onPubcomp(2).result, AckResult::Completed);
        QCOMPARE(idsOf(flows.takeSendable()), QList<quint16>{4});
        QCOMPARE(flows.onPuback(4).result, AckResult::Completed); // out of order
        QCOMPARE(idsOf(flows.takeSendable()), QList<quint16>{5});
        QCOMPARE(flows.queued(), 0);
        QCOMPARE(flows.inFlight(), 2);

        // A smaller quota (a resumed session's CONNACK) only holds back new sends.
        flows.add(message(1, QStringLiteral("m6")));
        flows.setSendQuota(1);
        QVERIFY(flows.takeSendable().isEmpty());
        flows.onPuback(3);
        QVERIFY(flows.takeSendable().isEmpty()); // 5 still in flight
        flows.onPuback(5);
        QCOMPARE(idsOf(flows.takeSendable()), QList<quint16>{6});
    }

    void resumeResendsInOriginalOrderWithDupAndPubrel()
    {
        OutgoingFlows flows;
        flows.setSendQuota(4);
        flows.add(message(1, QStringLiteral("a"))); // 1
        flows.add(message(2, QStringLiteral("b"))); // 2: will be past PUBREC
        flows.add(message(2, QStringLiteral("c"))); // 3: still waits for PUBREC
        flows.add(message(1, QStringLiteral("d"))); // 4: completes before the resume
        flows.add(message(1, QStringLiteral("e"))); // 5
        flows.add(message(1, QStringLiteral("f"))); // 6: beyond the quota, never sent
        QVERIFY(flows.resendForResume().isEmpty()); // nothing sent yet
        QCOMPARE(idsOf(flows.takeSendable()), (QList<quint16>{1, 2, 3, 4}));
        QCOMPARE(flows.onPubrec(2).result, AckResult::SendPubrel);
        QCOMPARE(flows.onPuback(4).result, AckResult::Completed);
        QCOMPARE(idsOf(flows.takeSendable()), QList<quint16>{5});

        const QList<Packet> expected{
            message(1, QStringLiteral("a"), 1, true),
            pubrel(2), // never the PUBLISH again after PUBREL
            message(2, QStringLiteral("c"), 3, true),
            message(1, QStringLiteral("e"), 5, true),
        };
        const QList<Packet> resend = flows.resendForResume();
        QCOMPARE(resend.size(), expected.size());
        for (qsizetype i = 0; i < resend.size(); ++i)
            QVERIFY2(resend.at(i) == expected.at(i),
                     qPrintable(QStringLiteral("packet %1").arg(i)));

        // Resending changes nothing: the flows go on where they were, and the queued
        // message still waits for quota.
        QCOMPARE(flows.stageOf(2), Stage::AwaitingPubcomp);
        QCOMPARE(flows.stageOf(3), Stage::AwaitingPubrec);
        QCOMPARE(flows.queued(), 1);
        QCOMPARE(flows.onPubcomp(2).result, AckResult::Completed);
        QCOMPARE(idsOf(flows.takeSendable()), QList<quint16>{6});
    }

    void discardInFlightKeepsQueuedMessages()
    {
        OutgoingFlows flows;
        flows.setSendQuota(2);
        flows.add(message(1, QStringLiteral("a")));
        flows.add(message(2, QStringLiteral("b")));
        flows.add(message(1, QStringLiteral("c")));
        flows.takeSendable();
        flows.onPubrec(2);

        const QList<PublishPacket> lost = flows.discardInFlight();
        QCOMPARE(lost, (QList<PublishPacket>{message(1, QStringLiteral("a"), 1),
                                             message(2, QStringLiteral("b"), 2)}));
        QCOMPARE(flows.inFlight(), 0);
        QCOMPARE(flows.queued(), 1);
        QVERIFY(!flows.idInUse(1));
        QVERIFY(!flows.idInUse(2));
        QVERIFY(flows.idInUse(3));
        QVERIFY(flows.resendForResume().isEmpty());
        QCOMPARE(flows.onPubcomp(2).result, AckResult::UnknownId);
        // The queued message goes out on the new session, first.
        QCOMPARE(flows.takeSendable(), QList<PublishPacket>{message(1, QStringLiteral("c"), 3)});

        // clear() forgets every message and ID, but not the connection's quota.
        flows.clear();
        QCOMPARE(flows.inFlight() + flows.queued(), 0);
        QVERIFY(!flows.idInUse(3));
        QCOMPARE(flows.sendQuota(), quint16(2));
        QCOMPARE(flows.add(message(1, QStringLiteral("d"))), quint16(1));
    }

    void thousandsInFlightCompleteInAnyOrder()
    {
        OutgoingFlows flows;
        constexpr int Count = 5000;
        for (int i = 0; i < Count; ++i)
            flows.add(message(1 + i % 2, QStringLiteral("bulk")));
        QCOMPARE(flows.takeSendable().size(), Count);
        // Complete from the newest down, the worst case for the in-flight search.
        for (int id = Count; id >= 1; --id) {
            if (id % 2 == 1) {
                QCOMPARE(flows.onPuback(quint16(id)).result, AckResult::Completed);
            } else {
                QCOMPARE(flows.onPubrec(quint16(id)).result, AckResult::SendPubrel);
                QCOMPARE(flows.onPubcomp(quint16(id)).result, AckResult::Completed);
            }
        }
        QCOMPARE(flows.inFlight(), 0);
        QCOMPARE(flows.queued(), 0);
    }

    void incomingQos2DeliversOnceUntilPubrel()
    {
        IncomingQos2 incoming;
        QVERIFY(incoming.publishReceived(5));  // new: deliver, answer PUBREC
        QVERIFY(!incoming.publishReceived(5)); // resent with DUP: PUBREC again, no delivery
        QCOMPARE(incoming.pending(), 1);
        QVERIFY(incoming.publishReceived(6));
        QCOMPARE(incoming.pending(), 2);

        QVERIFY(incoming.pubrelReceived(5));
        QCOMPARE(incoming.pending(), 1);
        // A second PUBREL (after a resume) names nothing held: 5.0 answers 0x92.
        QVERIFY(!incoming.pubrelReceived(5));
        QVERIFY(!incoming.pubrelReceived(99));
        // After PUBCOMP the same ID is a new message.
        QVERIFY(incoming.publishReceived(5));

        incoming.clear();
        QCOMPARE(incoming.pending(), 0);
        QVERIFY(!incoming.pubrelReceived(6));
        QVERIFY(!incoming.publishReceived(0)); // malformed; never delivered
    }
};

QTEST_APPLESS_MAIN(TestQosFlows)
#include "tst_qosflows.moc"
