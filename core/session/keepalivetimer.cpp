#include "keepalivetimer.h"

#include <QElapsedTimer>

#include <algorithm>
#include <limits>

namespace PingScope {

KeepAliveTimer::Clock KeepAliveTimer::monotonicClock()
{
    return [] {
        // One reference for the whole process (DESIGN "Time"), started on first use.
        static const QElapsedTimer reference = [] {
            QElapsedTimer timer;
            timer.start();
            return timer;
        }();
        return reference.nsecsElapsed();
    };
}

KeepAliveTimer::KeepAliveTimer(QObject *parent)
    : KeepAliveTimer(monotonicClock(), parent)
{}

KeepAliveTimer::KeepAliveTimer(Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_timer(this) // parented, so moveToThread() takes it along to the network thread
{
    m_timer.setSingleShot(true);
    // A coarse timer may fire 5 % late, which at keep-alive 5 s would be 250 ms of ping
    // lateness; PINGREQ lateness is one of the things PingScope measures.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &KeepAliveTimer::onTimeout);
}

void KeepAliveTimer::start(quint16 keepAliveSeconds, qint64 pingTimeoutMs)
{
    m_engine.start(m_clock(), keepAliveSeconds, pingTimeoutMs);
    rearm();
}

void KeepAliveTimer::stop()
{
    m_engine.stop();
    rearm();
}

void KeepAliveTimer::packetSent(bool isPingreq)
{
    m_engine.packetSent(m_clock(), isPingreq);
    rearm();
}

qint64 KeepAliveTimer::packetReceived(bool isPingresp)
{
    const qint64 rtt = m_engine.packetReceived(m_clock(), isPingresp);
    rearm();
    return rtt;
}

bool KeepAliveTimer::requestPingNow()
{
    const bool accepted = m_engine.requestPingNow(m_clock());
    rearm();
    return accepted;
}

void KeepAliveTimer::setPaused(bool paused)
{
    m_engine.setPaused(paused);
    rearm();
}

namespace {

// Waits shorter than this are not split: their slack (0.1 %) is under 20 microseconds.
constexpr qint64 EarlyWakeThresholdNs = 20'000'000;

} // namespace

void KeepAliveTimer::rearm()
{
    const qint64 wakeNs = m_engine.nextWakeNs();
    if (wakeNs < 0) {
        m_timer.stop();
        m_armedWakeNs = -1;
        return;
    }
    // Sending only moves the next wake-up later. A timer already armed for an earlier time
    // is left alone: when it fires, poll() finds nothing due and re-arms for the rest. That
    // spares a timer restart per packet on a busy session, where pings are never due.
    if (m_timer.isActive() && m_armedWakeNs >= 0 && m_armedWakeNs <= wakeNs)
        return;
    m_armedWakeNs = wakeNs;
    qint64 waitNs = std::max<qint64>(0, wakeNs - m_clock());
    // Linux lets a poll() timeout expire up to 0.1 % late (timer slack: 60 ms at the default
    // keep-alive of 60 s; measured in packaging/bench.sh). So a long wait is split: wake a
    // little before the due time, find nothing due, and wait the short rest, whose slack is
    // microseconds. One extra wake-up per ping buys millisecond-accurate PINGREQs.
    if (waitNs > EarlyWakeThresholdNs)
        waitNs -= waitNs / 500 + 2'000'000;
    // Rounded up to whole ms so the last wait never ends before the due time; a wait beyond
    // int range (a long custom ping timeout) just wakes early and re-arms.
    const qint64 waitMs = (waitNs + 999'999) / 1'000'000;
    m_timer.start(int(std::min<qint64>(waitMs, std::numeric_limits<int>::max())));
}

void KeepAliveTimer::onTimeout()
{
    m_armedWakeNs = -1;
    const KeepAlive::Action action = m_engine.poll(m_clock());
    // Re-armed before emitting: a receiver may send the PINGREQ (re-arming again) or close
    // and delete us, after which no member may be touched. For None (woken early, which
    // the platform may do despite the rounding) this simply waits for the rest.
    rearm();
    switch (action) {
    case KeepAlive::Action::SendPingreq:
        Q_EMIT pingDue();
        break;
    case KeepAlive::Action::PingTimedOut:
        Q_EMIT pingTimedOut();
        break;
    case KeepAlive::Action::None:
        break;
    }
}

} // namespace PingScope
