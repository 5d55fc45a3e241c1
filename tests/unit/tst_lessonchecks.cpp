// The lessons' observation checks on scripted events: no broker, no clock, every verdict.

#include "lessons/lessonchecks.h"

#include <QTest>

using namespace PingScope;
using namespace PingScope::LessonChecks;
using Protocol::PacketType;

namespace {

constexpr qint64 Second = 1'000'000'000;

qint64 at(double seconds)
{
    return qint64(seconds * double(Second));
}

Event packet(int session, double t, PacketType type, Direction direction, qint64 valueNs = -1)
{
    Event event;
    event.session = session;
    event.timeNs = at(t);
    event.packetType = type;
    event.direction = direction;
    event.valueNs = valueNs;
    return event;
}

Event liveness(int session, double t, EventKind kind, qint64 valueNs = -1)
{
    Event event;
    event.kind = kind;
    event.session = session;
    event.timeNs = at(t);
    event.valueNs = valueNs;
    return event;
}

Event connected(int session, double t, quint16 keepAlive)
{
    Event event = liveness(session, t, EventKind::Connected);
    event.keepAlive = keepAlive;
    return event;
}

// A session connected at 0 s that pings at each of `pings` (answered after 1 ms), run to `end`.
LessonRecord pinging(const QList<double> &pings, double end)
{
    LessonRecord record;
    record.endNs = at(end);
    record.events.append(packet(1, 0, PacketType::Connect, Direction::Sent));
    record.events.append(connected(1, 0.001, 2));
    for (double t : pings) {
        record.events.append(packet(1, t, PacketType::Pingreq, Direction::Sent));
        record.events.append(
            packet(1, t + 0.001, PacketType::Pingresp, Direction::Received, 1'000'000));
    }
    return record;
}

} // namespace

class TestLessonChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pingsEveryKeepAliveObserved()
    {
        const ObservationOutcome outcome =
            pingsEveryKeepAlive(1, 2, {}, 3).check(pinging({2.0, 4.01, 6.02}, 7));
        QCOMPARE(outcome.verdict, ObservationVerdict::Observed);
        QCOMPARE(outcome.figure, QStringLiteral("3 PINGREQ, 2.01 s apart"));
        QVERIFY2(outcome.tolerance.contains(QStringLiteral("1.90 s to 2.50 s")),
                 qPrintable(outcome.tolerance));
    }

    void pingsTooFarApartAreNotObserved()
    {
        const ObservationOutcome outcome =
            pingsEveryKeepAlive(1, 2, {}, 3).check(pinging({2.0, 5.0, 7.0}, 8));
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QVERIFY2(outcome.text.contains(QStringLiteral("2.00 s to 3.00 s")),
                 qPrintable(outcome.text));
    }

    void tooFewPingsAreNotObserved()
    {
        const ObservationOutcome outcome =
            pingsEveryKeepAlive(1, 2, {}, 3).check(pinging({2.0}, 7));
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(outcome.measured, 1.0);
    }

    void nothingToObserveWithoutAConnection()
    {
        LessonRecord record;
        record.endNs = at(5);
        record.events.append(liveness(1, 0.1, EventKind::Error));
        const ObservationOutcome outcome = pingsEveryKeepAlive(1, 2, {}, 3).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::NotApplicable);
        QVERIFY(outcome.text.contains(QStringLiteral("never connected")));
        QCOMPARE(brokerDroppedSilentClient(1, 2).check(record).verdict,
                 ObservationVerdict::NotApplicable);
    }

    void windowFromAMarkNotReachedIsNotApplicable()
    {
        const ObservationOutcome outcome =
            noPings(1, {QStringLiteral("paused"), {}}, QStringLiteral("paused"))
                .check(pinging({2.0}, 3));
        QCOMPARE(outcome.verdict, ObservationVerdict::NotApplicable);
        QVERIFY(outcome.text.contains(QStringLiteral("\"paused\"")));
    }

    void unansweredPingIsNotObserved()
    {
        LessonRecord record = pinging({2.0, 4.0}, 9);
        record.events.append(packet(1, 6.0, PacketType::Pingreq, Direction::Sent));
        const ObservationOutcome outcome = pingsAnswered(1, {}).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(outcome.text, QStringLiteral("1 of 3 PINGREQ got no PINGRESP"));
        QVERIFY(outcome.figure.contains(QStringLiteral("RTT median 1.0 ms")));
    }

    void pingInTheLastSecondMayStillBeUnanswered()
    {
        LessonRecord record = pinging({2.0, 4.0}, 6.5);
        record.events.append(packet(1, 6.0, PacketType::Pingreq, Direction::Sent));
        QCOMPARE(pingsAnswered(1, {}).check(record).verdict, ObservationVerdict::Observed);
    }

    void noPingsCountsOnlyTheWindow()
    {
        LessonRecord record = pinging({2.0, 9.0}, 10);
        record.marks.insert(QStringLiteral("from"), at(3));
        record.marks.insert(QStringLiteral("to"), at(7));
        record.events.append(packet(1, 3.5, PacketType::Publish, Direction::Sent));
        const Window window{QStringLiteral("from"), QStringLiteral("to")};
        const ObservationOutcome quiet =
            noPings(1, window, QStringLiteral("publishing")).check(record);
        QCOMPARE(quiet.verdict, ObservationVerdict::Observed);
        QCOMPARE(quiet.figure, QStringLiteral("0 PINGREQ in 4.00 s (1 PUBLISH sent)"));

        record.events.append(packet(1, 5.0, PacketType::Pingreq, Direction::Sent));
        const ObservationOutcome pinged =
            noPings(1, window, QStringLiteral("publishing")).check(record);
        QCOMPARE(pinged.verdict, ObservationVerdict::NotObserved);
        QVERIFY(pinged.text.contains(QStringLiteral("still sent 1 PINGREQ")));
    }

    void pingsResumeOneKeepAliveAfterTheLastPacket()
    {
        LessonRecord record = pinging({}, 10);
        record.events.append(packet(1, 3.8, PacketType::Publish, Direction::Sent));
        record.marks.insert(QStringLiteral("stopped"), at(4));
        record.events.append(packet(1, 5.81, PacketType::Pingreq, Direction::Sent));
        const ObservationOutcome outcome =
            pingsResume(1, 2, QStringLiteral("stopped")).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::Observed);
        QCOMPARE(outcome.figure, QStringLiteral("2.01 s"));
        QVERIFY(outcome.text.contains(QStringLiteral("after the last PUBLISH")));

        record.events.last().timeNs = at(7.0);
        QCOMPARE(pingsResume(1, 2, QStringLiteral("stopped")).check(record).verdict,
                 ObservationVerdict::NotObserved);
    }

    void keepAliveInUse()
    {
        LessonRecord record = pinging({}, 1);
        QCOMPARE(connectedWithKeepAlive(1, 2).check(record).verdict, ObservationVerdict::Observed);
        const ObservationOutcome other = connectedWithKeepAlive(1, 0).check(record);
        QCOMPARE(other.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(other.figure, QStringLiteral("2 s"));
    }

    void keepAliveFromTheBroker()
    {
        LessonRecord record = pinging({}, 1);
        const ObservationOutcome asked =
            connectedWithKeepAlive(1, 2, KeepAliveSource::Broker).check(record);
        QCOMPARE(asked.verdict, ObservationVerdict::NotObserved);
        QVERIFY(asked.text.contains(QStringLiteral("as the client asked")));
        record.events[1].keepAliveFromServer = true;
        const ObservationOutcome imposed =
            connectedWithKeepAlive(1, 2, KeepAliveSource::Broker).check(record);
        QCOMPARE(imposed.verdict, ObservationVerdict::Observed);
        QVERIFY(imposed.text.contains(QStringLiteral("set by the broker")));
    }

    void stayedConnectedSeesTheEnd()
    {
        LessonRecord record = pinging({}, 6);
        QCOMPARE(stayedConnected(1, {}).check(record).verdict, ObservationVerdict::Observed);
        record.events.append(liveness(1, 3, EventKind::ClosedByBroker, at(3)));
        const ObservationOutcome outcome = stayedConnected(1, {}).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QVERIFY(outcome.text.startsWith(QStringLiteral("the connection ended 3.00 s")));
    }

    void silentClientDroppedWithinMosquittosSlack()
    {
        LessonRecord record = pinging({}, 10);
        record.events.append(liveness(1, 4.03, EventKind::ClosedByBroker, at(4.02)));
        const ObservationOutcome outcome = brokerDroppedSilentClient(1, 2).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::Observed);
        QCOMPARE(outcome.figure, QStringLiteral("4.02 s"));
        QVERIFY2(outcome.tolerance.contains(QStringLiteral(">= 3.00 s = 1.5 x 2 s")),
                 qPrintable(outcome.tolerance));
        QVERIFY(outcome.tolerance.contains(QStringLiteral("mosquitto")));
        QVERIFY(qAbs(outcome.measured - 4.02) < 1e-6);
    }

    void silentClientDroppedTooEarlyOrTooLateOrNever()
    {
        LessonRecord early = pinging({}, 10);
        early.events.append(liveness(1, 2.5, EventKind::ClosedByBroker, at(2.5)));
        const ObservationOutcome tooEarly = brokerDroppedSilentClient(1, 2).check(early);
        QCOMPARE(tooEarly.verdict, ObservationVerdict::NotObserved);
        QVERIFY(tooEarly.text.contains(QStringLiteral("before 1.5 x keep-alive")));
        QVERIFY2(!tooEarly.text.contains(QStringLiteral("whole seconds")),
                 qPrintable(tooEarly.text));

        // mosquitto's whole seconds: 1.5 x 1 s taken as 1 s. Still early, and said why.
        LessonRecord rounded = pinging({}, 10);
        rounded.events.append(liveness(1, 1.2, EventKind::ClosedByBroker, at(1.2)));
        const ObservationOutcome roundedDown = brokerDroppedSilentClient(1, 1).check(rounded);
        QCOMPARE(roundedDown.verdict, ObservationVerdict::NotObserved);
        QVERIFY2(roundedDown.text.contains(QStringLiteral("took 1.5 x 1 s as 1 s")),
                 qPrintable(roundedDown.text));

        LessonRecord late = pinging({}, 20);
        late.events.append(liveness(1, 12, EventKind::ClosedByBroker, at(12)));
        QCOMPARE(brokerDroppedSilentClient(1, 2).check(late).verdict,
                 ObservationVerdict::NotObserved);

        const ObservationOutcome never = brokerDroppedSilentClient(1, 2).check(pinging({}, 20));
        QCOMPARE(never.verdict, ObservationVerdict::NotObserved);
        QVERIFY2(never.text.contains(QStringLiteral("had not closed the session")),
                 qPrintable(never.text));
    }

    void willReceivedNamesItsOrderAgainstTheClose()
    {
        LessonRecord record = pinging({}, 10);
        record.events.append(connected(2, 0.5, 10));
        Event will = liveness(2, 4.0, EventKind::WillReceived);
        will.otherSession = 1;
        record.events.append(will);
        record.events.append(liveness(1, 4.002, EventKind::ClosedByBroker, at(3.6)));
        const ObservationOutcome outcome = willReceived(2, 1).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::Observed);
        QCOMPARE(outcome.figure, QStringLiteral("2.0 ms before the close"));

        record.events.removeAt(record.events.size() - 2); // the will
        QCOMPARE(willReceived(2, 1).check(record).verdict, ObservationVerdict::NotObserved);
    }

    void messagesReceivedCountsTheWindow()
    {
        LessonRecord record = pinging({}, 6);
        for (double t : {1.0, 1.5, 2.0})
            record.events.append(packet(1, t, PacketType::Publish, Direction::Received));
        QCOMPARE(messagesReceived(1, {}, 3).check(record).verdict, ObservationVerdict::Observed);
        const ObservationOutcome few = messagesReceived(1, {}, 4).check(record);
        QCOMPARE(few.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(few.figure, QStringLiteral("3 messages in 6.00 s"));
    }

    void halfOpenDetectedWithinKeepAlivePlusTimeout()
    {
        LessonRecord record = pinging({}, 10);
        record.marks.insert(QStringLiteral("black-holed"), at(1));
        record.events.append(liveness(1, 2.5, EventKind::PingTimeout, at(1.0)));
        const ObservationOutcome outcome =
            pingTimeoutDetected(1, 1, 1000, QStringLiteral("black-holed")).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::Observed);
        QCOMPARE(outcome.figure, QStringLiteral("1.50 s"));
        QVERIFY(outcome.text.contains(QStringLiteral("unanswered for 1.00 s")));

        record.events.last().timeNs = at(4.0); // 3 s: later than 1 s + 1 s + slack
        QCOMPARE(
            pingTimeoutDetected(1, 1, 1000, QStringLiteral("black-holed")).check(record).verdict,
            ObservationVerdict::NotObserved);
        record.events.removeLast();
        QCOMPARE(
            pingTimeoutDetected(1, 1, 1000, QStringLiteral("black-holed")).check(record).verdict,
            ObservationVerdict::NotObserved);
    }

    void whichSideNoticedFirstEitherWay()
    {
        LessonRecord record = pinging({}, 10);
        record.events.append(connected(2, 0.5, 10));
        record.events.append(liveness(1, 2.5, EventKind::PingTimeout, at(1.0)));
        QCOMPARE(whichSideNoticedFirst(1, 2).check(record).verdict,
                 ObservationVerdict::NotApplicable);
        Event will = liveness(2, 6.1, EventKind::WillReceived);
        will.otherSession = 1;
        record.events.append(will);
        const ObservationOutcome clientFirst = whichSideNoticedFirst(1, 2).check(record);
        QCOMPARE(clientFirst.verdict, ObservationVerdict::Observed);
        QVERIFY(clientFirst.text.startsWith(QStringLiteral("the client noticed first")));
        QCOMPARE(clientFirst.figure, QStringLiteral("will 3.60 s after the ping-timeout"));
        record.events.last().timeNs = at(2.0);
        QVERIFY(whichSideNoticedFirst(1, 2).check(record).text.startsWith(
            QStringLiteral("the broker noticed first")));
    }

    void takeOverByTheOtherSession()
    {
        LessonRecord record = pinging({}, 5);
        record.events.append(connected(2, 1.0, 10));
        Event takenOver = liveness(1, 1.0, EventKind::TakenOver);
        takenOver.otherSession = 2;
        takenOver.inferred = true;
        record.events.append(takenOver);
        const ObservationOutcome bare = takenOverBy(1, 2).check(record);
        QCOMPARE(bare.verdict, ObservationVerdict::Observed);
        QCOMPARE(bare.figure, QStringLiteral("bare close"));
        QVERIFY2(bare.text.contains(QStringLiteral("as session 2 connected")),
                 qPrintable(bare.text));

        record.events.last().hasReasonCode = true;
        record.events.last().reasonCode = 0x8E;
        const ObservationOutcome said = takenOverBy(1, 2).check(record);
        QCOMPARE(said.figure, QStringLiteral("0x8E (Session taken over)"));
        QVERIFY2(said.text.contains(QStringLiteral("DISCONNECT 0x8E (Session taken over)")),
                 qPrintable(said.text));

        record.events.last().otherSession = 0; // another client, not session 2
        QCOMPARE(takenOverBy(1, 2).check(record).verdict, ObservationVerdict::NotObserved);
        record.events.removeLast();
        QVERIFY(takenOverBy(1, 2).check(record).text.contains(QStringLiteral("stayed connected")));
    }
};

QTEST_APPLESS_MAIN(TestLessonChecks)
#include "tst_lessonchecks.moc"
