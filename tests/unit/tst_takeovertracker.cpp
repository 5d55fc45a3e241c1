// Take-over inference with fake times: which local CONNECT explains a close by the broker,
// the window's edges, what a healthy or sick link concludes without a culprit, 0x8E, and
// flapping (three take-overs of one ID within a minute) with its memory kept bounded; and
// the broker going away (links of several IDs closed at once, a refused reconnect), which a
// bare close first passes for a take-over.

#include "fakeclock.h"
#include "monitor/takeovertracker.h"

#include <QTest>

using namespace PingScope;
using Verdict = TakeoverTracker::Verdict;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 S = 1'000'000'000;
constexpr qint64 Window = TakeoverTracker::DefaultWindowNs;
constexpr qint64 Period = TakeoverTracker::FlappingPeriodNs;

const QString Broker = QStringLiteral("127.0.0.1:1883");
const QString Id = QStringLiteral("sensor-1");

// One take-over of `Id`, announced by the broker, so no CONNECT needs setting up.
Verdict takeOverAt(TakeoverTracker &tracker, qint64 nowNs)
{
    return tracker.sessionTakenOver(1, Broker, Id, nowNs);
}

} // namespace

class TestTakeoverTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closeRightAfterAnotherSessionsConnectNamesThatSession()
    {
        FakeClock clock;
        TakeoverTracker tracker;
        tracker.connectSent(1, Broker, Id, clock.nowNs);
        clock.advance(10'000);
        tracker.connectSent(2, Broker, Id, clock.nowNs);
        clock.advance(200);
        // The link was sick too: a local culprit is still the better explanation.
        const Verdict v = tracker.closedByBroker(1, Broker, Id, false, clock.nowNs);
        QVERIFY(v.takenOver);
        QCOMPARE(v.bySession, 2);
        QVERIFY(v.inferred);
        QVERIFY(!v.flapping);
    }

    void connectSentAfterTheCloseIsNotBlamed()
    {
        // The window looks back from the close: a CONNECT sent later cannot have caused it.
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, Id, 5 * S);
        const Verdict v = tracker.closedByBroker(1, Broker, Id, false, 5 * S - 1);
        QVERIFY(!v.takenOver);
    }

    void theMostRecentOfSeveralCandidatesIsNamed()
    {
        TakeoverTracker tracker;
        tracker.connectSent(3, Broker, Id, 10 * S);
        tracker.connectSent(2, Broker, Id, 11 * S);
        tracker.connectSent(4, Broker, Id, 10500 * Ms);
        QCOMPARE(tracker.closedByBroker(1, Broker, Id, true, 12 * S).bySession, 2);
    }

    void connectExactlyAtTheWindowEdgeIsBlamed()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, Id, 10 * S);
        const Verdict v = tracker.closedByBroker(1, Broker, Id, false, 10 * S + Window);
        QVERIFY(v.takenOver);
        QCOMPARE(v.bySession, 2);
    }

    void connectJustOutsideTheWindowIsNotBlamed()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, Id, 10 * S);
        const qint64 closeNs = 10 * S + Window + 1;
        QVERIFY(!tracker.closedByBroker(1, Broker, Id, false, closeNs).takenOver);
        // Healthy, the close is still a take-over, but not by session 2.
        const Verdict v = tracker.closedByBroker(1, Broker, Id, true, closeNs);
        QVERIFY(v.takenOver);
        QCOMPARE(v.bySession, 0);
    }

    void aCustomWindowIsHonoured()
    {
        TakeoverTracker tracker(500 * Ms);
        tracker.connectSent(2, Broker, Id, 0);
        QCOMPARE(tracker.closedByBroker(1, Broker, Id, false, 500 * Ms).bySession, 2);
        QVERIFY(!tracker.closedByBroker(1, Broker, Id, false, 501 * Ms).takenOver);
    }

    void theVictimsOwnConnectIsNeverBlamed()
    {
        // Its own reconnect racing the close, within the window.
        TakeoverTracker tracker;
        tracker.connectSent(1, Broker, Id, 10 * S);
        QVERIFY(!tracker.closedByBroker(1, Broker, Id, false, 10 * S + Ms).takenOver);
        QCOMPARE(tracker.closedByBroker(1, Broker, Id, true, 10 * S + Ms).bySession, 0);
        QCOMPARE(tracker.sessionTakenOver(1, Broker, Id, 10 * S + Ms).bySession, 0);
    }

    void theVictimsOwnLaterConnectDoesNotHideTheCulprit()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, Id, 10 * S);
        tracker.connectSent(1, Broker, Id, 11 * S);
        QCOMPARE(tracker.closedByBroker(1, Broker, Id, false, 11 * S).bySession, 2);
    }

    void anotherClientIdOrBrokerIsNoCulprit()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, QStringLiteral("Sensor-1"), 10 * S); // IDs are exact
        tracker.connectSent(3, QStringLiteral("127.0.0.1:1884"), Id, 10 * S);
        tracker.connectSent(4, Broker, QStringLiteral("sensor-2"), 10 * S);
        QVERIFY(!tracker.closedByBroker(1, Broker, Id, false, 10 * S + Ms).takenOver);
    }

    void brokerAndIdDoNotRunTogetherInTheKey()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, QStringLiteral("host:1"), QStringLiteral("2x"), 0);
        QVERIFY(
            !tracker.closedByBroker(1, QStringLiteral("host:12"), QStringLiteral("x"), false, Ms)
                 .takenOver);
    }

    void sickLinkWithoutCulpritIsNotATakeover()
    {
        TakeoverTracker tracker;
        const Verdict v = tracker.closedByBroker(1, Broker, Id, false, 100 * S);
        QVERIFY(!v.takenOver);
        QCOMPARE(v.bySession, 0);
        QVERIFY(!v.flapping);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 100 * S), 0); // not counted
    }

    void healthyLinkWithoutCulpritIsProbablyAnotherClient()
    {
        TakeoverTracker tracker;
        const Verdict v = tracker.closedByBroker(1, Broker, Id, true, 100 * S);
        QVERIFY(v.takenOver);
        QCOMPARE(v.bySession, 0);
        QVERIFY(v.inferred);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 100 * S), 1);
    }

    void announced0x8EIsNotInferredAndStillNamesTheCulprit()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, Id, 10 * S);
        Verdict v = tracker.sessionTakenOver(1, Broker, Id, 10 * S + 5 * Ms);
        QVERIFY(v.takenOver);
        QVERIFY(!v.inferred);
        QCOMPARE(v.bySession, 2);

        v = tracker.sessionTakenOver(1, Broker, Id, 20 * S); // session 2's CONNECT is old now
        QVERIFY(v.takenOver);
        QVERIFY(!v.inferred);
        QCOMPARE(v.bySession, 0);
    }

    void aForgottenSessionIsNoCulprit()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, Id, 10 * S);
        tracker.forget(2);
        QVERIFY(!tracker.closedByBroker(1, Broker, Id, false, 10 * S + Ms).takenOver);
        tracker.forget(7); // unknown: harmless
    }

    void aNewConnectReplacesTheSessionsPreviousOne()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, Id, 10 * S);
        tracker.connectSent(2, Broker, QStringLiteral("other-id"), 10 * S + Ms);
        QVERIFY(!tracker.closedByBroker(1, Broker, Id, false, 10 * S + 2 * Ms).takenOver);
    }

    void flappingExactlyAtTheThirdTakeoverWithinAMinute()
    {
        TakeoverTracker tracker;
        QVERIFY(!takeOverAt(tracker, 0).flapping);
        QVERIFY(!takeOverAt(tracker, 30 * S).flapping);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 30 * S), 2);
        // The third comes exactly 60 s after the first: still "within a minute".
        QVERIFY(takeOverAt(tracker, Period).flapping);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, Period), 3);
    }

    void inferredTakeoversCountTowardsFlapping()
    {
        TakeoverTracker tracker;
        tracker.connectSent(2, Broker, Id, 0);
        QVERIFY(!tracker.closedByBroker(1, Broker, Id, false, Ms).flapping);
        QVERIFY(!tracker.closedByBroker(1, Broker, Id, true, 10 * S).flapping);
        tracker.connectSent(1, Broker, Id, 20 * S);
        const Verdict v = tracker.closedByBroker(2, Broker, Id, false, 20 * S + Ms);
        QCOMPARE(v.bySession, 1);
        QVERIFY(v.flapping);
    }

    void takeoversSpreadOverMoreThanAMinuteAreNotFlapping()
    {
        TakeoverTracker tracker;
        QVERIFY(!takeOverAt(tracker, 0).flapping);
        QVERIFY(!takeOverAt(tracker, 30 * S).flapping);
        QVERIFY(!takeOverAt(tracker, Period + 1).flapping);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, Period + 1), 2);
        // ... until one exactly a minute after the second finds two others within its minute.
        QVERIFY(takeOverAt(tracker, 30 * S + Period).flapping);
    }

    void flappingIsCountedPerClientId()
    {
        TakeoverTracker tracker;
        const QString otherId = QStringLiteral("sensor-2");
        tracker.sessionTakenOver(1, Broker, otherId, 0);
        tracker.sessionTakenOver(1, Broker, otherId, S);
        QVERIFY(!takeOverAt(tracker, 2 * S).flapping);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 2 * S), 1);
        QCOMPARE(tracker.recentTakeovers(Broker, otherId, 2 * S), 2);
        QCOMPARE(tracker.recentTakeovers(QStringLiteral("elsewhere:1883"), Id, 2 * S), 0);
    }

    void takeoversOlderThanAMinuteArePruned()
    {
        TakeoverTracker tracker;
        const QString otherId = QStringLiteral("sensor-2");
        takeOverAt(tracker, 0);
        takeOverAt(tracker, 10 * S);
        tracker.sessionTakenOver(1, Broker, otherId, 5 * S);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 10 * S), 2);

        // A take-over long after prunes the old entries of every ID, this one's and others'.
        // Asked about the past, the tracker shows what it still stores.
        takeOverAt(tracker, 10 * Period);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 10 * S), 0);
        QCOMPARE(tracker.recentTakeovers(Broker, otherId, 10 * S), 0);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 10 * Period), 1);
    }

    void manyTakeoversKeepOnlyTheLastMinute()
    {
        // A take-over every 10 s for an hour: at any time only the last minute's 7 remain.
        TakeoverTracker tracker;
        for (qint64 t = 0; t <= 3600 * S; t += 10 * S)
            QVERIFY(takeOverAt(tracker, t).flapping == (t >= 20 * S));
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 3600 * S), 7);
        // Unpruned, the minute before 3540 s would still hold 7; only 3540 s itself is left.
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 3600 * S - Period), 1);
    }

    // A broker that restarts closes every link at once (mosquitto 2.0.11: 25 us apart): the
    // second close, of another client ID, carries the hint; both stay inferred take-overs.
    void linksOfTwoIdsClosedTogetherHintAtTheBroker()
    {
        TakeoverTracker tracker;
        const Verdict first = tracker.closedByBroker(1, Broker, Id, true, 100 * S);
        QVERIFY(first.takenOver && first.inferred && !first.brokerWide);
        const Verdict second =
            tracker.closedByBroker(2, Broker, QStringLiteral("sensor-2"), true, 100 * S + Ms);
        QVERIFY(second.takenOver && second.inferred && second.brokerWide);
        // Counted from the first close of the burst, not from the latest: a close every
        // 0.9 s is not one endless burst.
        const Verdict third =
            tracker.closedByBroker(3, Broker, QStringLiteral("sensor-3"), true, 100 * S + 900 * Ms);
        QVERIFY(third.brokerWide);
        const Verdict fourth = tracker.closedByBroker(4, Broker, QStringLiteral("sensor-4"), true,
                                                      100 * S + 1800 * Ms);
        QVERIFY(fourth.takenOver && !fourth.brokerWide);
    }

    void closesOfOneIdOrOnOtherBrokersAreNoHint()
    {
        TakeoverTracker tracker;
        QVERIFY(tracker.closedByBroker(1, Broker, Id, true, 100 * S).takenOver);
        const Verdict twin = tracker.closedByBroker(2, Broker, Id, true, 100 * S + Ms);
        QVERIFY(twin.takenOver && !twin.brokerWide);
        const Verdict elsewhere = tracker.closedByBroker(
            3, QStringLiteral("10.0.0.2:1883"), QStringLiteral("sensor-3"), true, 100 * S + 2 * Ms);
        QVERIFY(elsewhere.takenOver && !elsewhere.brokerWide);
    }

    // Another program taking several IDs over at once looks like a restart at first; its
    // take-overs still count, so two programs fighting over them stop as flapping.
    void idsTakenOverTogetherStillAddUpToFlapping()
    {
        TakeoverTracker tracker;
        const QString otherId = QStringLiteral("sensor-2");
        for (int round = 0; round < TakeoverTracker::FlappingCount; ++round) {
            const qint64 t = (100 + 10 * round) * S;
            const Verdict a = tracker.closedByBroker(1, Broker, Id, true, t);
            const Verdict b = tracker.closedByBroker(2, Broker, otherId, true, t + Ms);
            QVERIFY(b.brokerWide);
            const bool last = round == TakeoverTracker::FlappingCount - 1;
            QCOMPARE(a.flapping, last);
            QCOMPARE(b.flapping, last);
            tracker.connected(1); // each reconnect succeeds: the broker is there
            tracker.connected(2);
        }
    }

    void aFailedReconnectRetractsTheInferredTakeover()
    {
        TakeoverTracker tracker;
        QVERIFY(tracker.closedByBroker(1, Broker, Id, true, 100 * S).takenOver);
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 101 * S), 1);
        QVERIFY(tracker.reconnectFailed(1, 101 * S));
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 101 * S), 0);
        QVERIFY(!tracker.reconnectFailed(1, 102 * S)); // once
        // Restarts every 10 s never add up to flapping: each one is retracted.
        for (qint64 t = 110 * S; t < 160 * S; t += 10 * S) {
            QVERIFY(!tracker.closedByBroker(1, Broker, Id, true, t).flapping);
            QVERIFY(tracker.reconnectFailed(1, t + S));
        }
    }

    // A session that connected again after the take-over: a broker outage later says
    // nothing about that take-over, which stays.
    void aReconnectInBetweenKeepsTheTakeover()
    {
        TakeoverTracker tracker;
        QVERIFY(tracker.closedByBroker(1, Broker, Id, true, 5 * S).takenOver);
        tracker.connected(1);
        QVERIFY(!tracker.reconnectFailed(1, 25 * S));
        QCOMPARE(tracker.recentTakeovers(Broker, Id, 25 * S), 1);
    }

    void onlyInferencesWithoutACulpritAreRetracted()
    {
        TakeoverTracker tracker;
        takeOverAt(tracker, 200 * S); // 0x8E: the broker said so
        QVERIFY(!tracker.reconnectFailed(1, 201 * S));
        tracker.connectSent(2, Broker, Id, 300 * S); // a local culprit
        QCOMPARE(tracker.closedByBroker(1, Broker, Id, true, 300 * S + Ms).bySession, 2);
        QVERIFY(!tracker.reconnectFailed(1, 301 * S));
        // Nor an inference older than the flapping period.
        TakeoverTracker old;
        QVERIFY(old.closedByBroker(1, Broker, Id, true, 300 * S).takenOver);
        QVERIFY(!old.reconnectFailed(1, 300 * S + Period + S));
    }

    void aGoneSessionLeavesNothingToRetract()
    {
        TakeoverTracker tracker;
        QVERIFY(tracker.closedByBroker(1, Broker, Id, true, 100 * S).takenOver);
        tracker.sessionGone(1);
        QVERIFY(!tracker.reconnectFailed(1, 101 * S));
    }
};

QTEST_APPLESS_MAIN(TestTakeoverTracker)
#include "tst_takeovertracker.moc"
