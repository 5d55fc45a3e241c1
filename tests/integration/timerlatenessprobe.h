#pragma once

#include "session/keepalivetimer.h"

#include <QAtomicInteger>
#include <QThread>
#include <QTimer>

// How late a precise 5 ms timer fires on a thread of its own while it runs: what the machine
// itself adds to any thread's wake-ups. On a box whose cores are shared with other work (two
// cores and a couple of compilers) the scheduler can hold any thread back by tens of ms, and
// a test of ping lateness must tell that apart from a ping that waited for the UI thread.
class TimerLatenessProbe : public QThread
{
public:
    ~TimerLatenessProbe() override
    {
        quit();
        wait();
    }

    // Valid after quit() and wait().
    qint64 maximumLatenessNs() const { return m_maximumNs.loadRelaxed(); }

protected:
    void run() override
    {
        const PingScope::KeepAliveTimer::Clock clock = PingScope::KeepAliveTimer::monotonicClock();
        constexpr int IntervalMs = 5;
        QTimer timer;
        timer.setSingleShot(true);
        timer.setTimerType(Qt::PreciseTimer);
        qint64 dueNs = 0;
        QObject::connect(&timer, &QTimer::timeout, [&] {
            const qint64 lateNs = clock() - dueNs;
            if (lateNs > m_maximumNs.loadRelaxed())
                m_maximumNs.storeRelaxed(lateNs);
            dueNs = clock() + IntervalMs * 1'000'000;
            timer.start(IntervalMs);
        });
        dueNs = clock() + IntervalMs * 1'000'000;
        timer.start(IntervalMs);
        exec();
    }

private:
    QAtomicInteger<qint64> m_maximumNs = 0;
};
