#pragma once

#include "monitor/latencyhistogram.h"
#include "processfigures.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>

// Measures how long the thread it lives on is kept from its event loop: a 10 ms precise
// timer, and each tick records (actual interval - 10 ms). A thread that answers at once
// shows ~0 ms; a 60 ms batch handler shows up as a ~50 ms stall.
//
// For the ticks over the threshold it also sums the thread's own CPU time in the interval:
// a stall the thread spent running is its own work; the rest it waited for a core that
// other processes (here: mosquitto, the publisher, the network thread) had.
class StallProbe : public QObject
{
public:
    static constexpr qint64 IntervalNs = 10'000'000;

    explicit StallProbe(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(int(IntervalNs / 1'000'000));
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            if (m_last >= 0) {
                const qint64 stall = std::max<qint64>(0, now - m_last - IntervalNs);
                m_stalls.add(stall);
                if (stall > m_threshold) {
                    ++m_above;
                    m_aboveWallNs += now - m_last;
                    m_aboveCpuNs += cpu - m_lastCpu;
                }
            }
            m_last = now;
            m_lastCpu = cpu;
        });
    }

    // Starts afresh; ticks later than `thresholdNs` are also counted (countAbove()).
    void start(qint64 thresholdNs)
    {
        m_stalls.clear();
        m_threshold = thresholdNs;
        m_above = 0;
        m_aboveWallNs = 0;
        m_aboveCpuNs = 0;
        m_last = -1;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    const PingScope::LatencyHistogram &stalls() const { return m_stalls; }
    qint64 countAbove() const { return m_above; }
    // In the intervals of the ticks over the threshold: the share of the time this thread
    // was running (0..1), or -1 without such ticks.
    double runningShareAbove() const
    {
        return m_aboveWallNs > 0 ? double(m_aboveCpuNs) / double(m_aboveWallNs) : -1.0;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_threshold = 0;
    qint64 m_above = 0;
    qint64 m_aboveWallNs = 0;
    qint64 m_aboveCpuNs = 0;
    qint64 m_lastCpu = 0;
    PingScope::LatencyHistogram m_stalls;
};
