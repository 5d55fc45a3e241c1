// The keep-alive trade-off (lesson 10 and its chart): the table's arithmetic and the adaptive
// suggestion from a measured round trip.

#include "lessons/keepalivetradeoff.h"
#include "lessons/lessoncatalog.h"

#include <QTest>

#include <algorithm>

using namespace PingScope;

namespace {

constexpr qint64 Ms = 1'000'000;

} // namespace

class TestKeepAliveTradeoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsFollowTheRules()
    {
        const QList<KeepAliveTradeoffRow> rows = keepAliveTradeoff({5, 60, 1200}, 0);
        QCOMPARE(rows.size(), 3);
        const KeepAliveTradeoffRow &five = rows.at(0);
        QCOMPARE(five.keepAliveSeconds, 5);
        QCOMPARE(five.pingsPerHour, 720.0);
        QCOMPARE(five.bytesPerHour, 2880.0);         // PINGREQ + PINGRESP, 2 bytes each
        QCOMPARE(five.clientDetectionSeconds, 10.0); // timeout 0: one keep-alive more
        QCOMPARE(five.brokerDetectionSeconds, 7.5);  // 1.5 x keep-alive
        QCOMPARE(rows.at(1).pingsPerHour, 60.0);
        QCOMPARE(rows.at(2).pingsPerHour, 3.0);
        QCOMPARE(rows.at(2).brokerDetectionSeconds, 1800.0);
    }

    void anExplicitTimeoutReplacesTheKeepAlivePeriod()
    {
        const QList<KeepAliveTradeoffRow> rows = keepAliveTradeoff({2, 60}, 1500);
        QCOMPARE(rows.at(0).clientDetectionSeconds, 3.5);
        QCOMPARE(rows.at(1).clientDetectionSeconds, 61.5);
        QCOMPARE(rows.at(1).brokerDetectionSeconds, 90.0);
    }

    void invalidKeepAlivesAreSkipped()
    {
        const QList<KeepAliveTradeoffRow> rows = keepAliveTradeoff({0, -5, 1, 65535, 65536}, 0);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).keepAliveSeconds, 1);
        QCOMPARE(rows.at(1).keepAliveSeconds, 65535);
        QVERIFY(keepAliveTradeoff({}, 0).isEmpty());
    }

    void defaultsRunFromSecondsToMinutesInOrder()
    {
        const QList<int> defaults = defaultTradeoffKeepAlives();
        QCOMPARE(defaults.constFirst(), 5);
        QCOMPARE(defaults.constLast(), 1200);
        QVERIFY(std::is_sorted(defaults.cbegin(), defaults.cend()));
        QCOMPARE(keepAliveTradeoff(defaults, 0).size(), defaults.size());
    }

    // Lesson 10 shows the default rows as a table in its explanation.
    void theLessonTabulatesTheDefaults()
    {
        const std::optional<Lesson> lesson = findLesson(QStringLiteral("choosing-a-keep-alive"));
        QVERIFY(lesson);
        QVERIFY2(
            lesson->explanation.contains(QStringLiteral("| 5 s | 720 | 2880 | 10 s | 7.5 s |")),
            qPrintable(lesson->explanation));
        QVERIFY(
            lesson->explanation.contains(QStringLiteral("| 20 min | 3 | 12 | 40 min | 30 min |")));
        QVERIFY(lesson->explanation.contains(QStringLiteral("[MQTT-3.1.2-24]")));
    }

    // A LAN or loopback: 4 x p99 is tiny, so the 1 s floor sets the timeout.
    void aFastLinkGetsTheFloorTimeout()
    {
        const KeepAliveSuggestion s = suggestKeepAlive(Ms / 5, Ms / 2, 30);
        QVERIFY(s.valid);
        QCOMPARE(s.pingTimeoutMs, qint64(1000));
        QCOMPARE(s.keepAliveSeconds, 29);
        QCOMPARE(s.detectionSeconds, 30.0);
        QCOMPARE(s.pingsPerHour, 3600.0 / 29);
        QVERIFY2(s.reasoning.contains(QStringLiteral("RTT p50 0.2 ms, p99 0.5 ms")),
                 qPrintable(s.reasoning));
        QVERIFY2(s.reasoning.contains(QStringLiteral("1 s floor")), qPrintable(s.reasoning));
        QVERIFY2(s.reasoning.contains(QStringLiteral("Keep-alive 29 s")), qPrintable(s.reasoning));
        QVERIFY2(s.reasoning.contains(QStringLiteral("43.5 s")), qPrintable(s.reasoning));
    }

    // A jittery mobile link: p99 450 ms -> 4 x p99 = 1.8 s, and 1.8 s off the target.
    void aSlowLinkGetsAMultipleOfItsP99()
    {
        const KeepAliveSuggestion s = suggestKeepAlive(120 * Ms, 450 * Ms, 30);
        QVERIFY(s.valid);
        QCOMPARE(s.pingTimeoutMs, qint64(1800));
        QCOMPARE(s.keepAliveSeconds, 28); // floor(30 - 1.8)
        QCOMPARE(s.detectionSeconds, 29.8);
        QVERIFY(s.detectionSeconds <= 30);
        QVERIFY2(s.reasoning.contains(QStringLiteral("4 x p99")), qPrintable(s.reasoning));
        QVERIFY2(s.reasoning.contains(QStringLiteral("1.8 s")), qPrintable(s.reasoning));
    }

    void theTimeoutIsRoundedUpToATenth()
    {
        // 4 x 301 ms = 1204 ms -> 1.3 s; never rounded down below the multiple.
        QCOMPARE(suggestKeepAlive(100 * Ms, 301 * Ms, 60).pingTimeoutMs, qint64(1300));
    }

    void crossedPercentilesUseTheLarger()
    {
        QCOMPARE(suggestKeepAlive(500 * Ms, 100 * Ms, 60).pingTimeoutMs, qint64(2000));
    }

    void keepAliveIsClampedToItsField()
    {
        const KeepAliveSuggestion s = suggestKeepAlive(Ms, Ms, 100000);
        QVERIFY(s.valid);
        QCOMPARE(s.keepAliveSeconds, 65535);
        QCOMPARE(s.detectionSeconds, 65536.0);
    }

    void noRoundTripNoSuggestion()
    {
        const KeepAliveSuggestion s = suggestKeepAlive(-1, -1, 30);
        QVERIFY(!s.valid);
        QCOMPARE(s.keepAliveSeconds, 0);
        QVERIFY2(s.reasoning.contains(QStringLiteral("No round trip")), qPrintable(s.reasoning));
        QVERIFY(!suggestKeepAlive(0, 5 * Ms, 30).valid);
    }

    void aTargetTooSmallForTheTimeoutIsRefused()
    {
        // Timeout 1 s leaves nothing of a 1 s target; a 2 s target leaves keep-alive 1 s.
        const KeepAliveSuggestion tooSmall = suggestKeepAlive(Ms, Ms, 1);
        QVERIFY(!tooSmall.valid);
        QVERIFY2(tooSmall.reasoning.contains(QStringLiteral("1 s target")),
                 qPrintable(tooSmall.reasoning));
        QVERIFY(!suggestKeepAlive(Ms, Ms, 0).valid);
        QVERIFY(!suggestKeepAlive(Ms, Ms, -30).valid);
        // A 2 s p99 makes an 8 s timeout: a 9 s target leaves 1 s, an 8 s one nothing.
        QCOMPARE(suggestKeepAlive(Ms, 2000 * Ms, 9).keepAliveSeconds, 1);
        QVERIFY(!suggestKeepAlive(Ms, 2000 * Ms, 8).valid);
        const KeepAliveSuggestion justEnough = suggestKeepAlive(Ms, Ms, 2);
        QVERIFY(justEnough.valid);
        QCOMPARE(justEnough.keepAliveSeconds, 1);
    }
};

QTEST_APPLESS_MAIN(TestKeepAliveTradeoff)
#include "tst_keepalivetradeoff.moc"
