// The keep-alive driver on a real event loop: it wakes when the engine says, on time, and
// turns the engine's answers into signals. Waits are bounded QSignalSpy waits, never sleeps.

#include "fakeclock.h"
#include "session/keepalivetimer.h"
#include "timerlatenessprobe.h"

#include <QSignalSpy>
#include <QTest>

using namespace PingScope;

namespace {

constexpr qint64 Ms = 1'000'000;

// Empty if a timer armed at `fromNs` for `dueNs` fired at `firedNs` on time: never early, and
// late by at most 500 ms plus the CPU time the hypervisor stole meanwhile; else what happened.
QString firedOutside(const char *what, qint64 fromNs, qint64 firedNs, qint64 dueNs,
                     const TimerLatenessProbe &machine)
{
    const qint64 elapsedNs = firedNs - fromNs;
    const qint64 stolenNs = machine.stolenNsBetween(fromNs, firedNs);
    if (elapsedNs >= dueNs && elapsedNs <= dueNs + 500 * Ms + stolenNs)
        return QString();
    return QStringLiteral("%1 after %2 ms, %3 ms stolen")
        .arg(QLatin1String(what))
        .arg(elapsedNs / Ms)
        .arg(stolenNs / Ms);
}

} // namespace

class TestKeepAliveTimer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pingDueAfterTheKeepAlive()
    {
        const KeepAliveTimer::Clock clock = KeepAliveTimer::monotonicClock();
        KeepAliveTimer timer(clock);
        QSignalSpy due(&timer, &KeepAliveTimer::pingDue);
        TimerLatenessProbe machine; // the CPU time the hypervisor steals meanwhile
        machine.start();
        const qint64 startedNs = clock();
        timer.start(1);
        QVERIFY(due.wait(3000));
        const QString late = firedOutside("pingDue", startedNs, clock(), 1000 * Ms, machine);
        QVERIFY2(late.isEmpty(), qPrintable(late));
        QCOMPARE(due.count(), 1);
    }

    void unansweredPingTimesOut()
    {
        const KeepAliveTimer::Clock clock = KeepAliveTimer::monotonicClock();
        KeepAliveTimer timer(clock);
        QSignalSpy due(&timer, &KeepAliveTimer::pingDue);
        QSignalSpy timedOut(&timer, &KeepAliveTimer::pingTimedOut);
        TimerLatenessProbe machine;
        machine.start();
        timer.start(1, 300);
        QVERIFY(due.wait(3000));
        const qint64 sentNs = clock();
        timer.packetSent(true);
        QVERIFY(timer.engine().isPingOutstanding());
        QVERIFY(timedOut.wait(3000));
        const QString late = firedOutside("pingTimedOut", sentNs, clock(), 300 * Ms, machine);
        QVERIFY2(late.isEmpty(), qPrintable(late));
        QCOMPARE(due.count(), 1); // no second ping while one is outstanding
        QVERIFY(!timer.isArmed());
    }

    void waitIsRoundedUpToWholeMs()
    {
        FakeClock clock;
        KeepAliveTimer timer(clock.clock());
        timer.packetSent(false); // the CONNECT: the interval runs from here
        clock.advanceNs(4'990'500'000);
        timer.start(5); // 9.5 ms to go: short enough to wait in one go
        QCOMPARE(timer.armedIntervalMs(), 10);
        timer.stop();
        QVERIFY(!timer.isArmed());
    }

    // Linux's poll() may expire 0.1 % late: a long wait wakes 0.2 % + 2 ms early, finds
    // nothing due, and waits the few ms left, so the PINGREQ goes out on time.
    void longWaitsWakeEarlyAndWaitTheRest()
    {
        FakeClock clock;
        KeepAliveTimer timer(clock.clock());
        QSignalSpy due(&timer, &KeepAliveTimer::pingDue);
        timer.packetSent(false);
        clock.advanceNs(1'500'000);
        timer.start(1);                         // 998.5 ms to go
        QCOMPARE(timer.armedIntervalMs(), 995); // 998.5 - (1.997 + 2), rounded up
        clock.advanceNs(995'000'000);           // when the early wake-up comes
        QTRY_VERIFY_WITH_TIMEOUT(timer.armedIntervalMs() == 4, 3000); // 3.5 ms left
        QCOMPARE(due.count(), 0);
        clock.advanceNs(3'500'000);
        QVERIFY(due.wait(1000));
    }

    void pausedAndDisabledLeaveTheTimerIdle()
    {
        FakeClock clock;
        KeepAliveTimer timer(clock.clock());
        timer.start(0);
        QVERIFY(!timer.isArmed());
        timer.start(5);
        timer.setPaused(true);
        QVERIFY(!timer.isArmed());
        timer.setPaused(false);
        QVERIFY(timer.armedIntervalMs() > 4980 && timer.armedIntervalMs() < 5000);
    }

    void pingNowIsDueAtOnce()
    {
        FakeClock clock;
        KeepAliveTimer timer(clock.clock());
        QSignalSpy due(&timer, &KeepAliveTimer::pingDue);
        timer.start(60);
        QVERIFY(timer.requestPingNow());
        QCOMPARE(timer.armedIntervalMs(), 0);
        QVERIFY(due.wait(1000));
    }

    void firingEarlyRearms()
    {
        // The fake clock stands still, so the first wake-up is "early": nothing to do yet,
        // and the driver must wait again rather than give up.
        FakeClock clock;
        KeepAliveTimer timer(clock.clock());
        QSignalSpy timedOut(&timer, &KeepAliveTimer::pingTimedOut);
        timer.start(1, 1);
        timer.packetSent(true);
        QCOMPARE(timer.armedIntervalMs(), 1);
        QVERIFY(!timedOut.wait(50)); // the 1 ms timer fires meanwhile, finds nothing due
        QVERIFY(timer.isArmed());
        clock.advance(1);
        QVERIFY(timedOut.wait(1000));
    }
};

QTEST_GUILESS_MAIN(TestKeepAliveTimer)
#include "tst_keepalivetimer.moc"
