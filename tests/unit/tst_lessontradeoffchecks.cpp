// The checks of lesson 10 (ping rate, round trip, suggested keep-alive) and of the take-over
// lesson's flapping, on scripted events: no broker, no clock, every verdict.

#include "lessonrecords.h"
#include "lessons/lessonchecks.h"

#include <QTest>

#include <cmath>

using namespace PingScope;
using namespace PingScope::LessonChecks;
using namespace LessonRecords;

namespace {

constexpr qint64 Ms = 1'000'000;

// Sessions 1 (keep-alive 1 s) and 2 (2 s) connected at 0, idle from 0 to 6 s (the marks
// "idle" and "black-holed"), pinging at `fast` and `slow` with the round trip `rttNs`.
LessonRecord idlePair(const QList<double> &fast, const QList<double> &slow, qint64 rttNs)
{
    LessonRecord record;
    record.endNs = at(8);
    record.marks.insert(QStringLiteral("idle"), 0);
    record.marks.insert(QStringLiteral("black-holed"), at(6));
    record.events.append(liveness(1, 0, EventKind::Connected));
    record.events.append(liveness(2, 0, EventKind::Connected));
    for (double t : fast)
        addPing(record, 1, t, rttNs);
    for (double t : slow)
        addPing(record, 2, t, rttNs);
    return record;
}

const Window Idle{QStringLiteral("idle"), QStringLiteral("black-holed")};

// Sessions 4 and 5 fighting over one client ID from 1 s: take-overs at `takeovers` (of 4 and
// 5 in turn), flapping declared on session 4 at `flappingAt` (none when negative).
LessonRecord fight(const QList<double> &takeovers, double flappingAt)
{
    LessonRecord record;
    record.endNs = at(4);
    record.marks.insert(QStringLiteral("fighting"), at(1));
    record.events.append(liveness(4, 0.5, EventKind::Connected));
    record.events.append(liveness(5, 1.0, EventKind::Connected));
    for (qsizetype i = 0; i < takeovers.size(); ++i)
        record.events.append(liveness(i % 2 == 0 ? 4 : 5, takeovers.at(i), EventKind::TakenOver));
    if (flappingAt >= 0)
        record.events.append(liveness(4, flappingAt, EventKind::TakeoverFlapping));
    return record;
}

} // namespace

class TestLessonTradeoffChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pingRateAsPredictedIsObserved()
    {
        const LessonRecord record = idlePair({1, 2, 3, 4, 5, 6}, {2, 4}, Ms / 5);
        const ObservationOutcome fast = pingRateAsPredicted(1, 1, Idle).check(record);
        QCOMPARE(fast.verdict, ObservationVerdict::Observed);
        QCOMPARE(fast.figure,
                 QStringLiteral("6 PINGREQ in 6.00 s, one every 1.00 s = 3600 an hour"));
        QCOMPARE(fast.measured, 3600.0);
        QVERIFY2(fast.tolerance.contains(QStringLiteral("predicted 6.0 PINGREQ in the window")),
                 qPrintable(fast.tolerance));
        QVERIFY2(fast.tolerance.contains(QStringLiteral("3600 / 1 s = 3600 an hour (2400 to "
                                                        "4000 for timers' lateness), 14400 bytes")),
                 qPrintable(fast.tolerance));
        // Two where three fit: the window's edge cut the third; the spacing is still 2 s.
        const ObservationOutcome slow = pingRateAsPredicted(2, 2, Idle).check(record);
        QCOMPARE(slow.verdict, ObservationVerdict::Observed);
        QCOMPARE(slow.measured, 1800.0);
        QCOMPARE(pingRateAsPredicted(2, 2, Idle).id, QStringLiteral("ping-rate-2s"));
    }

    void pingRateOffIsNotObserved()
    {
        const ObservationOutcome sparse =
            pingRateAsPredicted(1, 1, Idle).check(idlePair({2, 4}, {}, Ms));
        QCOMPARE(sparse.verdict, ObservationVerdict::NotObserved);
        QVERIFY2(sparse.text.contains(
                     QStringLiteral("not the 3600 predicted (2 PINGREQ where 6.0 fit the window)")),
                 qPrintable(sparse.text));
        // The right count, but bunched: one every 0.8 s is faster than a keep-alive of 1 s.
        const ObservationOutcome hurried =
            pingRateAsPredicted(1, 1, Idle).check(idlePair({1, 1.8, 2.6, 3.4, 4.2, 5.0}, {}, Ms));
        QCOMPARE(hurried.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(hurried.measured, 4500.0);
        const ObservationOutcome single =
            pingRateAsPredicted(1, 1, Idle).check(idlePair({3}, {}, Ms));
        QCOMPARE(single.verdict, ObservationVerdict::NotObserved);
        QVERIFY(single.text.contains(QStringLiteral("too few for a rate")));
    }

    void roundTripPercentilesOverBothSessions()
    {
        LessonRecord record = idlePair({1, 2, 3, 4, 5}, {2, 4}, Ms);
        addPing(record, 2, 5.5, 40 * Ms);  // one slow round trip: the p99
        addPing(record, 1, 6.5, 900 * Ms); // after the window: not counted
        const ObservationOutcome outcome = roundTripMeasured({1, 2}, Idle, 5).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::Observed);
        QVERIFY2(outcome.figure.startsWith(QStringLiteral("p50 1.0 ms, p99 40 ms over 8 round "
                                                          "trips")),
                 qPrintable(outcome.figure));
        QVERIFY2(std::abs(outcome.measured - 0.04) < 0.001, qPrintable(outcome.figure));
    }

    void tooFewRoundTripsAreNotObserved()
    {
        const ObservationOutcome outcome =
            roundTripMeasured({1, 2}, Idle, 5).check(idlePair({1, 2}, {2}, -1));
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(outcome.text, QStringLiteral("only 0 PINGRESP came back"));
    }

    void suggestionFromTheMeasuredRoundTrip()
    {
        const ObservationOutcome outcome =
            keepAliveSuggested({1, 2}, Idle, 30).check(idlePair({1, 2, 3}, {2, 4}, Ms / 5));
        QCOMPARE(outcome.verdict, ObservationVerdict::Observed);
        QCOMPARE(outcome.measured, 29.0);
        QCOMPARE(outcome.figure,
                 QStringLiteral("keep-alive 29 s, timeout 1.00 s: detection within 30.00 s"));
        QVERIFY2(outcome.text.contains(QStringLiteral("RTT p50 0.2 ms")), qPrintable(outcome.text));
    }

    void noSuggestionWithoutRoundTrips()
    {
        const ObservationOutcome outcome =
            keepAliveSuggested({1, 2}, Idle, 30).check(idlePair({1}, {}, -1));
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(outcome.figure, QStringLiteral("no suggestion"));
        LessonRecord neverConnected;
        neverConnected.endNs = at(1);
        QCOMPARE(keepAliveSuggested({1}, {}, 30).check(neverConnected).verdict,
                 ObservationVerdict::NotApplicable);
    }

    void flappingDeclaredAndStopped()
    {
        const ObservationOutcome outcome = flappingStopped(4, 5, QStringLiteral("fighting"))
                                               .check(fight({1.01, 1.32, 1.63}, 1.63));
        QCOMPARE(outcome.verdict, ObservationVerdict::Observed);
        QCOMPARE(outcome.measured, 3.0);
        QCOMPARE(outcome.figure, QStringLiteral("3 take-overs in 630 ms"));
        QVERIFY2(outcome.text.contains(QStringLiteral("session 5 kept the client ID")),
                 qPrintable(outcome.text));
        QVERIFY2(outcome.tolerance.contains(QStringLiteral("3 take-overs fall within 60 s")),
                 qPrintable(outcome.tolerance));
    }

    void reconnectingAfterFlappingIsNotObserved()
    {
        LessonRecord record = fight({1.01, 1.32, 1.63}, 1.63);
        record.events.append(liveness(4, 2.0, EventKind::Connected));
        const ObservationOutcome outcome =
            flappingStopped(4, 5, QStringLiteral("fighting")).check(record);
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QVERIFY2(outcome.text.contains(QStringLiteral("session 4 connected 1 more times")),
                 qPrintable(outcome.text));
    }

    void flappingBeforeTheRuleIsNotObserved()
    {
        const ObservationOutcome outcome =
            flappingStopped(4, 5, QStringLiteral("fighting")).check(fight({1.01, 1.32}, 1.32));
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(outcome.measured, 2.0);
        QVERIFY2(outcome.text.contains(QStringLiteral("earlier than take-over number 3")),
                 qPrintable(outcome.text));
    }

    void noFlappingIsNotObserved()
    {
        const ObservationOutcome outcome =
            flappingStopped(4, 5, QStringLiteral("fighting")).check(fight({1.01, 1.32}, -1));
        QCOMPARE(outcome.verdict, ObservationVerdict::NotObserved);
        QCOMPARE(outcome.figure, QStringLiteral("2 take-overs, no flapping"));
        LessonRecord unreached = fight({}, -1);
        unreached.marks.clear();
        QCOMPARE(flappingStopped(4, 5, QStringLiteral("fighting")).check(unreached).verdict,
                 ObservationVerdict::NotApplicable);
    }
};

QTEST_APPLESS_MAIN(TestLessonTradeoffChecks)
#include "tst_lessontradeoffchecks.moc"
