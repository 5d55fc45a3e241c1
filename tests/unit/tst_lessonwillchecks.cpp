// The will checks of lesson 9 on scripted events: every verdict, and the failures said in
// words. No broker.

#include "lessonrecords.h"
#include "lessons/lessonwillchecks.h"
#include "protocol/codec.h"

#include <QTest>

using namespace PingScope;
using namespace PingScope::LessonChecks;
using namespace LessonRecords;

namespace {

constexpr int Watcher = 1;
constexpr int Owner = 2;
const QString WillPattern = QStringLiteral("pingscope/lesson/%run%/will/owner");

Event withBytes(Event event, const Protocol::Packet &packet)
{
    event.raw = Protocol::encodePacket(packet, Protocol::ProtocolVersion::V5);
    return event;
}

// A received PUBLISH on `topic` at `t`, as the watcher records it.
Event message(double t, const QString &topic)
{
    Protocol::PublishPacket publish;
    publish.topic = topic;
    publish.payload = QByteArrayLiteral("owner is gone");
    return withBytes(packet(Watcher, t, PacketType::Publish, Direction::Received), publish);
}

Event willOfOwner(double t)
{
    Event event = liveness(Watcher, t, EventKind::WillReceived);
    event.otherSession = Owner;
    return event;
}

Event connack(double t, bool sessionPresent)
{
    Protocol::ConnackPacket packetFields;
    packetFields.sessionPresent = sessionPresent;
    return withBytes(packet(Owner, t, PacketType::Connack, Direction::Received), packetFields);
}

// Both sessions connected at 0 s; the owner left at 1 s ("left"); the run ends at `end`.
LessonRecord leftAt1(double end, const QList<Event> &more = {})
{
    LessonRecord record;
    record.endNs = at(end);
    record.events = {liveness(Watcher, 0, EventKind::Connected),
                     liveness(Owner, 0.001, EventKind::Connected)};
    record.events += more;
    record.marks.insert(QStringLiteral("left"), at(1));
    return record;
}

const WillWindow LeftWindow{QStringLiteral("id"), QStringLiteral("description"), Watcher, Owner,
                            QStringLiteral("left")};

} // namespace

class TestLessonWillChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void willArrivesBetween_data()
    {
        QTest::addColumn<QList<Event>>("events");
        QTest::addColumn<ObservationVerdict>("verdict");
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("measured");
        QTest::newRow("inside") << QList<Event>{willOfOwner(4.5)} << ObservationVerdict::Observed
                                << QStringLiteral("reached session 1 3.50 s after \"left\"") << 3.5;
        QTest::newRow("early") << QList<Event>{willOfOwner(2)} << ObservationVerdict::NotObserved
                               << QStringLiteral("arrived too early: 1.00 s after") << 1.0;
        QTest::newRow("late") << QList<Event>{willOfOwner(6)} << ObservationVerdict::NotObserved
                              << QStringLiteral("arrived late: 5.00 s after") << 5.0;
        QTest::newRow("before the mark is not it")
            << QList<Event>{willOfOwner(0.5)} << ObservationVerdict::NotObserved
            << QStringLiteral("no will of session 2 reached session 1 in the 6.00 s after") << -1.0;
    }

    void willArrivesBetween()
    {
        QFETCH(QList<Event>, events);
        QFETCH(ObservationVerdict, verdict);
        QFETCH(QString, text);
        QFETCH(double, measured);
        const Observation observation =
            LessonChecks::willArrivesBetween(LeftWindow, 3.0, 4.5, QStringLiteral("the delay"));
        QCOMPARE(observation.id, QStringLiteral("id"));
        const ObservationOutcome outcome = observation.check(leftAt1(7, events));
        QCOMPARE(outcome.verdict, verdict);
        QVERIFY2(outcome.text.contains(text), qPrintable(outcome.text));
        QCOMPARE(outcome.measured, measured);
        QCOMPARE(outcome.tolerance,
                 QStringLiteral("expected 3.00 s to 4.50 s after \"left\": the delay"));
    }

    void willNotApplicableWhenTheOwnerNeverConnected()
    {
        LessonRecord record = leftAt1(7, {willOfOwner(1.1)});
        record.events.removeAt(1);
        const ObservationOutcome outcome =
            LessonChecks::willArrivesBetween(LeftWindow, 0, 1, QStringLiteral("at once"))
                .check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::NotApplicable);
        QVERIFY(outcome.text.contains(QStringLiteral("session 2 never connected")));
    }

    void noWillWithin_data()
    {
        QTest::addColumn<QList<Event>>("events");
        QTest::addColumn<double>("end");
        QTest::addColumn<ObservationVerdict>("verdict");
        QTest::addColumn<QString>("text");
        QTest::newRow("nothing") << QList<Event>{message(2, QStringLiteral("other/topic"))} << 5.0
                                 << ObservationVerdict::Observed
                                 << QStringLiteral("nothing reached session 1 on session 2's will "
                                                   "topic in the 4.00 s after \"left\"");
        QTest::newRow("an attributed will")
            << QList<Event>{willOfOwner(2)} << 5.0 << ObservationVerdict::NotObserved
            << QStringLiteral("the will of session 2 was published: it reached session 1 1.00 s "
                              "after \"left\"");
        // At a normal DISCONNECT the tracker forgets the will: the topic still gives it away.
        QTest::newRow("a message on the will topic")
            << QList<Event>{message(1.5, QStringLiteral("pingscope/lesson/ab12cd/will/owner"))}
            << 5.0 << ObservationVerdict::NotObserved
            << QStringLiteral("the will of session 2 was published");
        QTest::newRow("a longer topic is another's")
            << QList<Event>{message(1.5, QStringLiteral("pingscope/lesson/ab12cd/will/owner2"))}
            << 5.0 << ObservationVerdict::Observed << QStringLiteral("nothing reached");
        QTest::newRow("the run ended too soon")
            << QList<Event>{} << 2.0 << ObservationVerdict::NotApplicable
            << QStringLiteral("the run ended 1.00 s after \"left\", before the window was over");
    }

    void noWillWithin()
    {
        QFETCH(QList<Event>, events);
        QFETCH(double, end);
        QFETCH(ObservationVerdict, verdict);
        QFETCH(QString, text);
        const ObservationOutcome outcome =
            LessonChecks::noWillWithin(LeftWindow, WillPattern, 3.0, QStringLiteral("why"))
                .check(leftAt1(end, events));
        QCOMPARE(outcome.verdict, verdict);
        QVERIFY2(outcome.text.contains(text), qPrintable(outcome.text));
    }

    void sessionResumedWithin_data()
    {
        QTest::addColumn<QList<Event>>("events");
        QTest::addColumn<ObservationVerdict>("verdict");
        QTest::addColumn<QString>("figure");
        QTest::newRow("resumed") << QList<Event>{connack(0.001, false), connack(2, true)}
                                 << ObservationVerdict::Observed
                                 << QStringLiteral("1.00 s, Session Present 1");
        QTest::newRow("not resumed")
            << QList<Event>{connack(2, false)} << ObservationVerdict::NotObserved
            << QStringLiteral("1.00 s, Session Present 0");
        QTest::newRow("too late") << QList<Event>{connack(5, true)}
                                  << ObservationVerdict::NotObserved
                                  << QStringLiteral("4.00 s, Session Present 1");
        QTest::newRow("never came back")
            << QList<Event>{} << ObservationVerdict::NotObserved << QStringLiteral("no reconnect");
    }

    void sessionResumedWithin()
    {
        QFETCH(QList<Event>, events);
        QFETCH(ObservationVerdict, verdict);
        QFETCH(QString, figure);
        const ObservationOutcome outcome =
            LessonChecks::sessionResumedWithin(QStringLiteral("resumed"), Owner,
                                               QStringLiteral("left"), 3.0)
                .check(leftAt1(7, events));
        QCOMPARE(outcome.verdict, verdict);
        QCOMPARE(outcome.figure, figure);
    }
};

QTEST_APPLESS_MAIN(TestLessonWillChecks)
#include "tst_lessonwillchecks.moc"
