#pragma once

#include "eventloopwait.h"
#include "monitor/event.h"
#include "session/keepalivetimer.h"
#include "session/sessionhost.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <functional>

// What the UI thread receives from a SessionHost: every batch (when it was made and when it
// arrived), the events in order, the latest status per session, and the answers. It checks
// on every batch that the host's accounting holds: for each session in the batch, events
// delivered so far + events dropped == events recorded on the network thread.
class HostRecorder : public QObject
{
public:
    struct Arrival
    {
        qint64 madeNs;
        qint64 arrivedNs;
        qsizetype events;
        quint64 dropped;
    };

    explicit HostRecorder(PingScope::SessionHost &host)
    {
        using PingScope::SessionHost;
        connect(&host, &SessionHost::batchReady, this, &HostRecorder::onBatch);
        connect(&host, &SessionHost::requestFinished, this,
                [this](int, quint64 request, const PingScope::Session::SendResult &result) {
                    m_results.insert(request, result);
                    wake();
                });
        connect(&host, &SessionHost::subscribeCompleted, this,
                [this](int, quint16, const QList<quint8> &codes) {
                    m_subscribeCodes.append(codes);
                    wake();
                });
        connect(&host, &SessionHost::openRefused, this,
                [this](int session, const QList<PingScope::SettingsProblem> &problems) {
                    m_openRefusals.insert(session, problems);
                    wake();
                });
    }

    const QList<Arrival> &arrivals() const { return m_arrivals; }
    const QList<PingScope::Event> &events() const { return m_events; }
    PingScope::SessionStatus status(int id) const { return m_statuses.value(id); }
    quint64 delivered(int id) const { return m_delivered.value(id); }
    quint64 dropped() const { return m_dropped; }
    const QList<int> &removed() const { return m_removed; }
    int accountingErrors() const { return m_accountingErrors; }
    int batchesOffTheUiThread() const { return m_offThread; }
    const QHash<quint64, PingScope::Session::SendResult> &results() const { return m_results; }
    const QList<QList<quint8>> &subscribeCodes() const { return m_subscribeCodes; }
    const QHash<int, QList<PingScope::SettingsProblem>> &openRefusals() const
    {
        return m_openRefusals;
    }

    // The events of session `id` named `name` ("pingreq", "message", ...) since `fromNs`.
    QList<PingScope::Event> named(int id, const QString &name, qint64 fromNs = 0) const
    {
        QList<PingScope::Event> result;
        for (const PingScope::Event &event : m_events) {
            if (event.session == id && event.timeNs >= fromNs && event.name() == name)
                result.append(event);
        }
        return result;
    }
    int count(int id, const QString &name) const { return int(named(id, name).size()); }

    // As EventRecorder::waitUntil(): a real event loop, woken by every delivery, no sleeps.
    bool waitUntil(const std::function<bool()> &done, int timeoutMs)
    {
        return waitInEventLoop(done, timeoutMs, m_wakeUp);
    }

    QString dump() const
    {
        QString text;
        const qint64 origin = m_events.isEmpty() ? 0 : m_events.first().timeNs;
        for (const PingScope::Event &event : m_events)
            text += QStringLiteral("%1 s  #%2  %3  %4\n")
                        .arg(double(event.timeNs - origin) / 1e9, 8, 'f', 3)
                        .arg(event.session)
                        .arg(event.name(), -18)
                        .arg(event.summary());
        return text;
    }

private:
    void onBatch(const PingScope::SessionBatch &batch)
    {
        if (QThread::currentThread() != thread())
            ++m_offThread;
        m_arrivals.append({batch.timeNs, m_clock(), batch.events.size(), batch.droppedEvents});
        for (const PingScope::Event &event : batch.events) {
            m_events.append(event);
            ++m_delivered[event.session];
        }
        m_dropped += batch.droppedEvents;
        for (const PingScope::SessionStatus &status : batch.statuses) {
            m_statuses.insert(status.id, status);
            if (m_delivered.value(status.id) + status.eventsDropped != status.eventsRecorded)
                ++m_accountingErrors;
        }
        m_removed += batch.removedSessions;
        wake();
    }
    void wake()
    {
        if (m_wakeUp)
            m_wakeUp();
    }

    PingScope::KeepAliveTimer::Clock m_clock = PingScope::KeepAliveTimer::monotonicClock();
    QList<Arrival> m_arrivals;
    QList<PingScope::Event> m_events;
    QHash<int, PingScope::SessionStatus> m_statuses;
    QHash<int, quint64> m_delivered;
    quint64 m_dropped = 0;
    QList<int> m_removed;
    int m_accountingErrors = 0;
    int m_offThread = 0;
    QHash<quint64, PingScope::Session::SendResult> m_results;
    QList<QList<quint8>> m_subscribeCodes;
    QHash<int, QList<PingScope::SettingsProblem>> m_openRefusals;
    std::function<void()> m_wakeUp;
};
