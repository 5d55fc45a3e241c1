// Reconnect backoff: the doubling sequence and its cap, the jitter band at both extremes,
// reset() after a successful connection, and settings that could overflow or go negative.

#include "session/reconnectpolicy.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace PingScope;

namespace {

constexpr double NoJitterEffect = 0.5;
// The largest draw below 1: `random` is uniform in [0, 1).
const double AlmostOne = std::nextafter(1.0, 0.0);

ReconnectSettings settings(int initialMs, int maximumMs, double jitter)
{
    ReconnectSettings s;
    s.initialDelayMs = initialMs;
    s.maximumDelayMs = maximumMs;
    s.jitter = jitter;
    return s;
}

} // namespace

class TestReconnectPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreOneSecondToThirtySeconds()
    {
        ReconnectPolicy policy;
        QCOMPARE(policy.settings().initialDelayMs, 1000);
        QCOMPARE(policy.settings().maximumDelayMs, 30000);
        QCOMPARE(policy.attempts(), 0);
        QCOMPARE(policy.nextDelayMs(NoJitterEffect), 1000);
    }

    void delayDoublesUpToTheCap()
    {
        ReconnectPolicy policy(settings(1000, 30000, 0.2));
        const QList<int> expected{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(policy.nextDelayMs(NoJitterEffect), expected.at(i));
            QCOMPARE(policy.attempts(), int(i) + 1);
        }
    }

    void jitterExtremes()
    {
        ReconnectPolicy policy(settings(1000, 30000, 0.2));
        QCOMPARE(policy.nextDelayMs(0.0), 800);        // attempt 0: 1000 - 20 %
        QCOMPARE(policy.nextDelayMs(AlmostOne), 2400); // attempt 1: 2000 + 20 %
        QCOMPARE(policy.nextDelayMs(0.25), 3600);      // attempt 2: 4000 - 10 %
        for (int i = 0; i < 10; ++i)
            policy.nextDelayMs(NoJitterEffect);
        // At the cap the band is 30000 +-20 %: the jitter may go above the maximum.
        QCOMPARE(policy.nextDelayMs(0.0), 24000);
        QCOMPARE(policy.nextDelayMs(AlmostOne), 36000);
    }

    void noJitterIgnoresTheDraw()
    {
        ReconnectPolicy policy(settings(500, 4000, 0.0));
        QCOMPARE(policy.nextDelayMs(0.0), 500);
        QCOMPARE(policy.nextDelayMs(AlmostOne), 1000);
        QCOMPARE(policy.nextDelayMs(0.3), 2000);
        QCOMPARE(policy.nextDelayMs(0.9), 4000);
        QCOMPARE(policy.nextDelayMs(0.1), 4000);
    }

    void resetStartsAgainFromTheInitialDelay()
    {
        ReconnectPolicy policy(settings(1000, 30000, 0.2));
        for (int i = 0; i < 4; ++i)
            policy.nextDelayMs(NoJitterEffect);
        QCOMPARE(policy.attempts(), 4);
        policy.reset();
        QCOMPARE(policy.attempts(), 0);
        QCOMPARE(policy.nextDelayMs(NoJitterEffect), 1000);
        QCOMPARE(policy.nextDelayMs(NoJitterEffect), 2000);
    }

    void setSettingsKeepsTheAttemptCount()
    {
        ReconnectPolicy policy(settings(1000, 30000, 0.2));
        policy.nextDelayMs(NoJitterEffect);
        policy.setSettings(settings(100, 1000, 0.0));
        QCOMPARE(policy.settings().initialDelayMs, 100);
        QCOMPARE(policy.nextDelayMs(NoJitterEffect), 200); // attempt 1 of the new settings
    }

    void manyAttemptsDoNotOverflow()
    {
        ReconnectPolicy policy(settings(1000, 30000, 0.2));
        for (int i = 0; i < 10'000; ++i) {
            const int delay = policy.nextDelayMs(NoJitterEffect);
            QVERIFY(delay > 0);
            QVERIFY(delay <= 30000);
        }
        QCOMPARE(policy.nextDelayMs(NoJitterEffect), 30000);
        QCOMPARE(policy.attempts(), 10'001);
    }

    void hugeMaximumStaysWithinInt()
    {
        constexpr int IntMax = std::numeric_limits<int>::max();
        ReconnectPolicy policy(settings(IntMax, IntMax, 0.2));
        QCOMPARE(policy.nextDelayMs(NoJitterEffect), IntMax);
        // +20 % of the largest int does not fit: clamped, not wrapped negative.
        QCOMPARE(policy.nextDelayMs(AlmostOne), IntMax);
        for (int i = 0; i < 100; ++i)
            QVERIFY(policy.nextDelayMs(AlmostOne) > 0);
    }

    void initialAboveMaximumIsCapped()
    {
        ReconnectPolicy policy(settings(60000, 30000, 0.0));
        QCOMPARE(policy.nextDelayMs(NoJitterEffect), 30000);
    }

    void delayIsNeverNegative()
    {
        // A jitter above 100 % could push the low end below zero.
        ReconnectPolicy policy(settings(1000, 30000, 1.5));
        QCOMPARE(policy.nextDelayMs(0.0), 0);
        QCOMPARE(policy.nextDelayMs(AlmostOne), 5000); // 2000 x 2.5
        // Draws outside [0, 1) are treated as the nearest end.
        QCOMPARE(policy.nextDelayMs(-3.0), 0);
        ReconnectPolicy zero(settings(0, 30000, 0.2));
        QCOMPARE(zero.nextDelayMs(AlmostOne), 0);
        QCOMPARE(zero.nextDelayMs(AlmostOne), 0);
    }
};

QTEST_APPLESS_MAIN(TestReconnectPolicy)
#include "tst_reconnectpolicy.moc"
