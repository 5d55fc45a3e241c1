#pragma once

#include "session/session.h"
#include "session/sessionbatch.h"

#include <QObject>
#include <QThread>

namespace PingScope {

struct SessionAnswer;
class SessionHostWorker;

// Runs Sessions on a network thread of their own (DESIGN.md "Threads"), so a busy UI never
// delays a PINGREQ. Lives on the UI thread; everything it does there is non-blocking except
// its destructor: each call is queued to a worker on the "pingscope-network" thread, which
// owns a SessionHub and the Sessions. What comes back crosses in one queued batch at a time
// and is signalled from here, on the UI thread.
//
// Events come in batches, at most one per 40 ms (25 Hz), and only one at a time: the next
// is made after the previous one was handled here. Meanwhile the network thread keeps what
// is new in a bounded queue (setPendingLimits()); when the UI stalls, the oldest events go
// and the next batch says how many. A stalled UI costs at most a few batches of events (the
// one in flight, the pending ones), never a growing queue of them. Only the answers to
// the UI's own requests are never dropped: there are never more than it asked for.
//
// A batch is sized to what the UI thread handles within a budget (setBatchBudgetMs()):
// the host times the receivers of batchReady() and, from the UI's cost per event, caps the
// next batch; what does not fit goes in the batches after it. So a burst makes many short
// stops of the UI thread, not a few long ones that would freeze the window.
class SessionHost : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultShutdownTimeoutMs = 2000;
    static constexpr int DefaultBatchBudgetMs = 15;
    // The fewest events a batch may be limited to: below this a batch's fixed costs (status
    // bar, session list) dominate, and the UI would fall ever further behind a burst for no
    // gain in smoothness.
    static constexpr qsizetype MinimumBatchLimit = 1'000;

    explicit SessionHost(QObject *parent = nullptr);
    // Closes every session with DISCONNECT (their wills are discarded), waits for the broker
    // to take it (at most the shutdown timeout, plus a second), then ends the thread.
    ~SessionHost() override;

    // Returns the new session's id at once. The host numbers sessions 1, 2, 3, ... in call
    // order, as the worker's SessionHub does when it creates them in that same order, so
    // the id is known without waiting for the network thread and events carry it unchanged.
    int createSession(const SessionSettings &settings);
    // Used from the next open(), as Session::setSettings().
    void setSettings(int session, const SessionSettings &settings);
    // Settings problems (or an unknown session) come back as openRefused().
    void open(int session);
    void close(int session, quint8 reasonCode = Protocol::ReasonCode::Success);
    // Closes the session, then deletes it on the network thread; the batch after that lists
    // it in removedSessions. Later calls for it are refused.
    void removeSession(int session);

    // Each returns a request number, unique in this host; requestFinished() answers it with
    // the packet identifier used or the reason for the refusal. The QoS 1/2 flow's end,
    // SUBACK and UNSUBACK follow as publishCompleted() etc., by packet identifier. These
    // answers are never dropped; they come with the next batch, signalled after its events.
    quint64 publish(int session, const Protocol::PublishPacket &message);
    quint64 subscribe(int session, const QList<Protocol::Subscription> &subscriptions,
                      const Protocol::Properties &properties = {});
    quint64 unsubscribe(int session, const QStringList &topicFilters,
                        const Protocol::Properties &properties = {});
    quint64 pingNow(int session);
    void injectFault(int session, FaultKind fault);

    // The bound on events waiting for the UI (default 50,000 events or 32 MiB of packet
    // bytes, whichever comes first); also the largest batch.
    void setPendingLimits(qsizetype events, qint64 bytes);
    // The UI-thread time one batch's receivers should take (DefaultBatchBudgetMs: under
    // half of the 40 ms between batches, leaving room for painting and input). 0: no cap,
    // each batch holds everything pending (up to the pending bound).
    void setBatchBudgetMs(int ms) { m_batchBudgetMs = qMax(0, ms); }
    // The events the next batch may hold; 0 when there is no cap.
    qsizetype batchLimit() const { return m_batchLimit; }
    // How long the receivers of the previous batchReady() took, in ns (for benchmarks).
    qint64 lastBatchCostNs() const { return m_lastBatchCostNs; }
    void setShutdownTimeoutMs(int timeoutMs) { m_shutdownTimeoutMs = timeoutMs; }

Q_SIGNALS:
    void batchReady(const PingScope::SessionBatch &batch);
    void openRefused(int session, const QList<PingScope::SettingsProblem> &problems);
    void requestFinished(int session, quint64 request,
                         const PingScope::Session::SendResult &result);
    void publishCompleted(int session, quint16 packetId, quint8 reasonCode);
    void subscribeCompleted(int session, quint16 packetId, const QList<quint8> &reasonCodes);
    void unsubscribeCompleted(int session, quint16 packetId, const QList<quint8> &reasonCodes);

private:
    void onBatchReady(const SessionBatch &batch, const QList<SessionAnswer> &answers);
    void emitAnswer(const SessionAnswer &answer);
    // From how long the receivers took over `events` events: the next batch's limit.
    qsizetype nextBatchLimit(qsizetype events, qint64 spentNs);
    template<typename Call>
    void post(Call &&call);

    QThread m_thread;
    SessionHostWorker *m_worker; // lives on m_thread, deleted there when it finishes
    int m_lastSessionId = 0;
    quint64 m_lastRequest = 0;
    int m_shutdownTimeoutMs = DefaultShutdownTimeoutMs;
    int m_batchBudgetMs;
    double m_eventCostNs = -1; // the receivers' time per event, smoothed; -1: not measured
    qint64 m_lastBatchCostNs = 0;
    qsizetype m_batchLimit;
};

} // namespace PingScope
