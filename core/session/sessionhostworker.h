#pragma once

#include "monitor/eventlog.h"
#include "monitor/linkstatistics.h"
#include "monitor/sessionhub.h"
#include "session/session.h"
#include "session/sessionbatch.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <deque>

namespace PingScope {

// A reply to the UI that is never dropped: it answers a request of the UI's own, so there
// are never more than it asked for. It travels with the next batch, and SessionHost signals
// it after that batch's events: a receiver of subscribeCompleted() has seen the SUBACK.
struct SessionAnswer
{
    enum class Kind : quint8 {
        RequestFinished,
        OpenRefused,
        PublishCompleted,
        SubscribeCompleted,
        UnsubscribeCompleted
    };
    Kind kind = Kind::RequestFinished;
    int session = 0;
    quint64 request = 0;             // RequestFinished
    Session::SendResult result;      // RequestFinished
    quint16 packetId = 0;            // the *Completed kinds
    QList<quint8> reasonCodes;       // the *Completed kinds; one for a publish
    QList<SettingsProblem> problems; // OpenRefused
};

// SessionHost's half on the network thread: owns the SessionHub and the Sessions (its
// children, so they are created and destroyed on this thread), counts every event, and hands
// the UI one batch at a time. Every member is called on the network thread only: SessionHost
// reaches it through queued invocations and hears from it through queued signals.
class SessionHostWorker : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 BatchIntervalNs = 40'000'000; // 25 Hz
    // The most events in a batch until SessionHost knows the UI's cost per event: about
    // 15 ms of UI work on a slow machine.
    static constexpr qsizetype FirstBatchLimit = 5'000;

    explicit SessionHostWorker(QObject *parent = nullptr);
    ~SessionHostWorker() override;

    void setPendingLimits(qsizetype events, qint64 bytes);

    // Commands, each for the session `id` SessionHost allocated.
    void createSession(int id, const SessionSettings &settings);
    void setSettings(int id, const SessionSettings &settings);
    void open(int id);
    void close(int id, quint8 reasonCode);
    void removeSession(int id, int timeoutMs);
    void publish(int id, quint64 request, const Protocol::PublishPacket &message);
    void subscribe(int id, quint64 request, const QList<Protocol::Subscription> &subscriptions,
                   const Protocol::Properties &properties);
    void unsubscribe(int id, quint64 request, const QStringList &topicFilters,
                     const Protocol::Properties &properties);
    void pingNow(int id, quint64 request);
    void injectFault(int id, FaultKind fault);

    // The UI took the batch in flight: the next may go (no sooner than 40 ms after it), with
    // at most `nextLimit` events (0: all that wait); the rest wait for the batches after it.
    void batchTaken(qsizetype nextLimit);
    // Closes every session with DISCONNECT, then quits this thread once all are closed or
    // `timeoutMs` passed.
    void shutdown(int timeoutMs);

Q_SIGNALS:
    void batchReady(const PingScope::SessionBatch &batch,
                    const QList<PingScope::SessionAnswer> &answers);

private:
    struct Tracked
    {
        Session *session = nullptr;
        LinkStatistics statistics;
        // recorded == delivered + dropped + waiting, at every moment.
        quint64 recorded = 0;
        quint64 delivered = 0;       // put into a batch
        quint64 dropped = 0;         // pushed out of m_pending by its bounds
        quint64 messagesDropped = 0; // of `dropped`, received PUBLISH
        quint64 waiting = 0;         // in m_pending or m_backlog
        bool changed = false;        // listed in m_changed
        bool removing = false;
    };
    struct PendingEntry
    {
        int session;
        bool message; // a received PUBLISH
    };

    // The session to run a command on, or nullptr (then `refusal` says why).
    Session *commandTarget(int id, QString *refusal);
    void answer(SessionAnswer answer);
    void finishRequest(int id, quint64 request, const Session::SendResult &result);
    void completed(int id, SessionAnswer::Kind kind, quint16 packetId,
                   const QList<quint8> &reasonCodes);
    void onEvent(int id, const Event &event);
    // The oldest `count` events of m_pending were dropped: counted against their sessions.
    void countDrops(quint64 count);
    void onStateChanged(int id, Session::State state);
    void finishRemoval(int id);
    void markChanged(int id);
    void scheduleFlush();
    void flush();
    void quitWhenAllClosed();

    SessionHub m_hub;
    QHash<int, Tracked> m_sessions;
    EventLog m_pending; // bounded: the oldest go when the UI does not take batches
    std::deque<PendingEntry> m_pendingEntries; // what each event in m_pending is, in order
    quint64 m_droppedSoFar = 0;                // m_pending.dropped() at the previous batch
    // Taken from m_pending but beyond the last batch's limit: the next batches' events,
    // oldest first, from m_backlogNext on. Never more than m_pending's bound.
    QList<Event> m_backlog;
    qsizetype m_backlogNext = 0;
    qsizetype m_batchLimit = FirstBatchLimit; // events in the next batch; 0: no limit
    QList<int> m_changed;                     // sessions to snapshot in the next batch
    QList<int> m_removed;
    QList<SessionAnswer> m_answers;
    QTimer m_flushTimer;
    qint64 m_lastFlushNs = -1;
    bool m_batchInFlight = false;
    bool m_shuttingDown = false;
    QTimer m_shutdownTimer;
};

} // namespace PingScope
