#pragma once

#include "session/keepalivetimer.h"

#include <QAtomicInteger>
#include <QFile>
#include <QList>
#include <QMutex>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <unistd.h>

// How late a precise 5 ms timer fires on a thread of its own while it runs: what the machine
// itself adds to any thread's wake-ups. On a box whose cores are shared with other work (two
// cores and a couple of compilers) the scheduler can hold any thread back by tens of ms, and
// a test of ping lateness must tell that apart from a ping that waited for the UI thread.
//
// It also follows the CPU time the hypervisor stole from this virtual machine (the "steal"
// column of /proc/stat). On the project's VMs the host takes a vCPU away for hundreds of ms at
// a time (seen: a PINGREQ 391 ms late in CI, while a sleeping probe thread on the other vCPU
// woke on time); such a stall hits whichever thread was on that vCPU and says nothing about
// the code under test. stolenNsBetween() tells how much was stolen in a window.
class TimerLatenessProbe : public QThread
{
public:
    ~TimerLatenessProbe() override
    {
        quit();
        wait();
    }

    // Readable while it runs: an atomic.
    qint64 maximumLatenessNs() const { return m_maximumNs.loadRelaxed(); }

    // CPU time stolen from all vCPUs together between two times of the monotonic clock
    // (KeepAliveTimer::monotonicClock), as sampled every 5 ms since start(); rounded up to
    // the kernel's accounting (10 ms ticks). 0 where /proc/stat has no steal column.
    qint64 stolenNsBetween(qint64 fromNs, qint64 toNs) const
    {
        const QMutexLocker lock(&m_samplesMutex);
        // The last sample at or before `fromNs`, and the first at or after `toNs`: the
        // window's steal is inside their difference.
        qint64 before = -1;
        qint64 after = -1;
        for (const Sample &sample : m_samples) {
            if (sample.timeNs <= fromNs)
                before = sample.stealTicks;
            if (sample.timeNs >= toNs && after < 0)
                after = sample.stealTicks;
        }
        if (m_samples.isEmpty())
            return 0;
        if (before < 0)
            before = m_samples.constFirst().stealTicks;
        if (after < 0)
            after = m_samples.constLast().stealTicks;
        return std::max<qint64>(0, after - before) * nanosecondsPerTick();
    }

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
            sampleSteal(clock());
            dueNs = clock() + IntervalMs * 1'000'000;
            timer.start(IntervalMs);
        });
        sampleSteal(clock());
        dueNs = clock() + IntervalMs * 1'000'000;
        timer.start(IntervalMs);
        exec();
        sampleSteal(clock());
    }

private:
    struct Sample
    {
        qint64 timeNs;
        qint64 stealTicks;
    };

    static qint64 nanosecondsPerTick()
    {
        const long ticksPerSecond = sysconf(_SC_CLK_TCK);
        return 1'000'000'000 / (ticksPerSecond > 0 ? ticksPerSecond : 100);
    }

    // "cpu  user nice system idle iowait irq softirq steal ...": the 8th figure, all CPUs.
    static qint64 readStealTicks()
    {
        QFile stat(QStringLiteral("/proc/stat"));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QList<QByteArray> fields = stat.readLine().simplified().split(' ');
        return fields.size() > 8 && fields.at(0) == "cpu" ? fields.at(8).toLongLong() : -1;
    }

    // Stored only when the figure changes, so a long test keeps a short list; the time of a
    // change is known to within the 5 ms period.
    void sampleSteal(qint64 nowNs)
    {
        const qint64 ticks = readStealTicks();
        if (ticks < 0)
            return;
        const QMutexLocker lock(&m_samplesMutex);
        if (!m_samples.isEmpty() && m_samples.constLast().stealTicks == ticks) {
            m_lastUnchangedNs = nowNs;
            return;
        }
        // The previous figure still held at the last unchanged sample: keep that moment,
        // so a window that ends before the change does not count it.
        if (!m_samples.isEmpty() && m_lastUnchangedNs > m_samples.constLast().timeNs)
            m_samples.append({m_lastUnchangedNs, m_samples.constLast().stealTicks});
        m_samples.append({nowNs, ticks});
    }

    QAtomicInteger<qint64> m_maximumNs = 0;
    mutable QMutex m_samplesMutex;
    QList<Sample> m_samples;
    qint64 m_lastUnchangedNs = 0; // touched by the probe thread only
};
