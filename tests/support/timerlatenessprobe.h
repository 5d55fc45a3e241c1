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
    // Steal is followed by default. A benchmark that watches the process's own heap (the
    // soak) turns it off: the samples it keeps are memory the process gains.
    enum class Steal { Follow, Ignore };
    explicit TimerLatenessProbe(Steal steal = Steal::Follow)
        : m_followSteal(steal == Steal::Follow)
    {}

    ~TimerLatenessProbe() override
    {
        quit();
        wait();
    }

    // Readable while it runs: an atomic.
    qint64 maximumLatenessNs() const { return m_maximumNs.loadRelaxed(); }

    // The most CPU time stolen from any one vCPU between two times of the monotonic clock
    // (KeepAliveTimer::monotonicClock), as sampled every 5 ms since start(): what a thread
    // could have lost in that window, whichever vCPU it ran on. Rounded up to the kernel's
    // accounting (10 ms ticks), and never more than the window plus one tick. 0 where
    // /proc/stat has no steal column.
    qint64 stolenNsBetween(qint64 fromNs, qint64 toNs) const
    {
        const QMutexLocker lock(&m_samplesMutex);
        if (m_samples.isEmpty())
            return 0;
        // The last sample at or before `fromNs`, and the first at or after `toNs`: the
        // window's steal is inside their difference.
        const Sample *before = &m_samples.constFirst();
        const Sample *after = nullptr;
        for (const Sample &sample : m_samples) {
            if (sample.timeNs <= fromNs)
                before = &sample;
            if (sample.timeNs >= toNs && !after)
                after = &sample;
        }
        if (!after)
            after = &m_samples.constLast();
        qint64 mostTicks = 0;
        for (qsizetype cpu = 0; cpu < std::min(before->stealTicks.size(), after->stealTicks.size());
             ++cpu)
            mostTicks = std::max(mostTicks, after->stealTicks.at(cpu) - before->stealTicks.at(cpu));
        const qint64 tickNs = nanosecondsPerTick();
        return std::min(mostTicks * tickNs, std::max<qint64>(0, toNs - fromNs) + tickNs);
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
        QList<qint64> stealTicks; // per vCPU
    };

    static qint64 nanosecondsPerTick()
    {
        const long ticksPerSecond = sysconf(_SC_CLK_TCK);
        return 1'000'000'000 / (ticksPerSecond > 0 ? ticksPerSecond : 100);
    }

    // "cpuN user nice system idle iowait irq softirq steal ...": the 8th figure of each
    // vCPU's line; empty when there is none.
    static QList<qint64> readStealTicks()
    {
        QList<qint64> ticks;
        QFile stat(QStringLiteral("/proc/stat"));
        if (!stat.open(QIODevice::ReadOnly))
            return ticks;
        for (const QByteArray &line : stat.readAll().split('\n')) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() > 8 && fields.at(0).startsWith("cpu") && fields.at(0) != "cpu")
                ticks.append(fields.at(8).toLongLong());
        }
        return ticks;
    }

    // Stored only when the figure changes, so a long test keeps a short list; the time of a
    // change is known to within the 5 ms period.
    void sampleSteal(qint64 nowNs)
    {
        if (!m_followSteal)
            return;
        const QList<qint64> ticks = readStealTicks();
        if (ticks.isEmpty())
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

    const bool m_followSteal;
    QAtomicInteger<qint64> m_maximumNs = 0;
    mutable QMutex m_samplesMutex;
    QList<Sample> m_samples;
    qint64 m_lastUnchangedNs = 0; // touched by the probe thread only
};
