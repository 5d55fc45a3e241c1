#pragma once

#include "session/keepalive.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace PingScope {

// The thin driver of a KeepAlive: one single-shot precise timer, armed for the engine's next
// decision after every change, so an idle session wakes exactly when a PINGREQ is due or a
// ping times out and never polls. The session reports its traffic here and answers pingDue()
// by sending a PINGREQ (then packetSent(true)) and pingTimedOut() by closing the link.
class KeepAliveTimer : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; // monotonic nanoseconds

    // The process's monotonic clock (QElapsedTimer), shared so all times compare.
    static Clock monotonicClock();

    explicit KeepAliveTimer(QObject *parent = nullptr);
    explicit KeepAliveTimer(Clock clock, QObject *parent = nullptr);

    void start(quint16 keepAliveSeconds, qint64 pingTimeoutMs = -1);
    void stop();
    void packetSent(bool isPingreq);
    qint64 packetReceived(bool isPingresp); // the ping's RTT in ns, or -1
    bool requestPingNow();
    void setPaused(bool paused);

    const KeepAlive &engine() const { return m_engine; }
    qint64 now() const { return m_clock(); }
    // For tests: whether a wake-up is scheduled, and in how many ms.
    bool isArmed() const { return m_timer.isActive(); }
    int armedIntervalMs() const { return m_timer.isActive() ? m_timer.interval() : -1; }

Q_SIGNALS:
    void pingDue();
    void pingTimedOut();

private:
    void rearm();
    void onTimeout();

    Clock m_clock;
    KeepAlive m_engine;
    QTimer m_timer;
    qint64 m_armedWakeNs = -1; // the engine time m_timer was armed for
};

} // namespace PingScope
