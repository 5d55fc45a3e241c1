#pragma once

#include "eventloopwait.h"
#include "monitor/event.h"
#include "protocol/packets.h"
#include "session/session.h"

#include <QList>
#include <QObject>
#include <QTest>
#include <QTimer>

#include <cstdio>
#include <functional>

// QVERIFY2 that also writes all of `report` (a timeline dump) to stderr when `condition`
// fails: QTest cuts a failure message at 1,024 characters, a few lines of a timeline.
// `condition` is evaluated once.
#define PINGSCOPE_VERIFY_OR_DUMP(condition, report)                                                \
    do {                                                                                           \
        const bool holds_ = bool(condition);                                                       \
        if (!holds_)                                                                               \
            std::fprintf(stderr, "%s\n", qPrintable(report));                                      \
        QVERIFY2(holds_, #condition " (the timeline is on stderr)");                               \
    } while (false)

// Records what a Session emits (events and delivered messages) so a test can wait for
// "the third PINGRESP" or "a will-received naming session 2" with a bound, without sleeps.
class EventRecorder : public QObject
{
public:
    explicit EventRecorder(PingScope::Session &session)
    {
        connect(&session, &PingScope::Session::eventRecorded, this,
                [this](const PingScope::Event &event) {
                    m_events.append(event);
                    if (m_wakeUp)
                        m_wakeUp();
                });
        connect(&session, &PingScope::Session::messageReceived, this,
                [this](const PingScope::Protocol::PublishPacket &message) {
                    m_messages.append(message);
                    if (m_wakeUp)
                        m_wakeUp();
                });
    }

    const QList<PingScope::Event> &events() const { return m_events; }
    const QList<PingScope::Protocol::PublishPacket> &messages() const { return m_messages; }

    // Events with this name ("pingreq", "connected", "taken-over", ...).
    QList<PingScope::Event> named(const QString &name) const
    {
        QList<PingScope::Event> result;
        for (const PingScope::Event &event : m_events) {
            if (event.name() == name)
                result.append(event);
        }
        return result;
    }
    int count(const QString &name) const { return int(named(name).size()); }

    // Runs the event loop until `done()` holds (checked after every recorded event) or
    // `timeoutMs` pass. A real event loop, not QTest::qWaitFor: that one sleeps 10 ms between
    // rounds, which would show up as ping lateness and RTT in the measurements.
    bool waitUntil(const std::function<bool()> &done, int timeoutMs)
    {
        return waitInEventLoop(done, timeoutMs, m_wakeUp);
    }
    // Waits until at least `n` events named `name` were recorded; returns whether they were.
    bool waitForCount(const QString &name, int n, int timeoutMs)
    {
        return waitUntil([&] { return count(name) >= n; }, timeoutMs);
    }
    bool waitFor(const QString &name, int timeoutMs) { return waitForCount(name, 1, timeoutMs); }
    bool waitForMessages(int n, int timeoutMs)
    {
        return waitUntil([&] { return m_messages.size() >= n; }, timeoutMs);
    }

    // Every event, one line each, for a failing test's output.
    QString dump() const
    {
        QString text;
        const qint64 origin = m_events.isEmpty() ? 0 : m_events.first().timeNs;
        for (const PingScope::Event &event : m_events)
            text += QStringLiteral("%1 s  %2  %3\n")
                        .arg(double(event.timeNs - origin) / 1e9, 8, 'f', 3)
                        .arg(event.name(), -18)
                        .arg(event.summary());
        return text;
    }

    void clear()
    {
        m_events.clear();
        m_messages.clear();
    }

private:
    QList<PingScope::Event> m_events;
    QList<PingScope::Protocol::PublishPacket> m_messages;
    std::function<void()> m_wakeUp;
};
