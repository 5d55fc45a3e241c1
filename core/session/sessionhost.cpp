#include "sessionhost.h"

#include "session/sessionhostworker.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QPointer>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcSessionHost)

namespace PingScope {

namespace {

// After the worker's own timeout, how long the thread gets to wind down before we say so.
constexpr int ThreadExitGraceMs = 1000;

// Smaller batches measure fixed costs more than the cost per event: not sampled.
constexpr qsizetype CostSampleEvents = 200;
// Each new sample moves the smoothed cost this far: a few batches follow a change of load.
constexpr double CostSmoothing = 0.3;

void registerMetaTypes()
{
    // Queued connections find these through moc; registering also gives them their names
    // for string-based lookups (QSignalSpy, debugging).
    qRegisterMetaType<Event>();
    qRegisterMetaType<SessionStatus>();
    qRegisterMetaType<SessionBatch>();
    qRegisterMetaType<Session::SendResult>();
    qRegisterMetaType<SettingsProblem>();
    qRegisterMetaType<QList<SettingsProblem>>();
    qRegisterMetaType<QList<quint8>>();
    qRegisterMetaType<QList<SessionAnswer>>();
}

} // namespace

SessionHost::SessionHost(QObject *parent)
    : QObject(parent)
    , m_worker(new SessionHostWorker)
    , m_batchBudgetMs(DefaultBatchBudgetMs)
    , m_batchLimit(SessionHostWorker::FirstBatchLimit)
{
    registerMetaTypes();
    m_thread.setObjectName(QStringLiteral("pingscope-network"));
    m_worker->moveToThread(&m_thread);
    // The documented way to destroy an object on its thread: deferred deletions still run
    // after the thread's event loop has ended.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &SessionHostWorker::batchReady, this, &SessionHost::onBatchReady,
            Qt::QueuedConnection);
    m_thread.start();
}

SessionHost::~SessionHost()
{
    // Nothing more for this object: its queued signals would outlive it.
    m_worker->disconnect(this);
    const int timeoutMs = m_shutdownTimeoutMs;
    post([worker = m_worker, timeoutMs] { worker->shutdown(timeoutMs); });
    if (!m_thread.wait(QDeadlineTimer(timeoutMs + ThreadExitGraceMs))) {
        qCWarning(lcSessionHost, "the network thread did not stop in time; asking it to quit");
        m_thread.quit();
        // The sessions must be destroyed on their thread before we go: wait, however long.
        m_thread.wait();
    }
}

template<typename Call>
void SessionHost::post(Call &&call)
{
    // With the worker as context: a call still queued when it is deleted is dropped.
    QMetaObject::invokeMethod(m_worker, std::forward<Call>(call), Qt::QueuedConnection);
}

int SessionHost::createSession(const SessionSettings &settings)
{
    const int id = ++m_lastSessionId;
    post([worker = m_worker, id, settings] { worker->createSession(id, settings); });
    return id;
}

void SessionHost::setSettings(int session, const SessionSettings &settings)
{
    post([worker = m_worker, session, settings] { worker->setSettings(session, settings); });
}

void SessionHost::open(int session)
{
    post([worker = m_worker, session] { worker->open(session); });
}

void SessionHost::close(int session, quint8 reasonCode)
{
    post([worker = m_worker, session, reasonCode] { worker->close(session, reasonCode); });
}

void SessionHost::removeSession(int session)
{
    const int timeoutMs = m_shutdownTimeoutMs;
    post([worker = m_worker, session, timeoutMs] { worker->removeSession(session, timeoutMs); });
}

quint64 SessionHost::publish(int session, const Protocol::PublishPacket &message)
{
    const quint64 request = ++m_lastRequest;
    post([worker = m_worker, session, request, message] {
        worker->publish(session, request, message);
    });
    return request;
}

quint64 SessionHost::subscribe(int session, const QList<Protocol::Subscription> &subscriptions,
                               const Protocol::Properties &properties)
{
    const quint64 request = ++m_lastRequest;
    post([worker = m_worker, session, request, subscriptions, properties] {
        worker->subscribe(session, request, subscriptions, properties);
    });
    return request;
}

quint64 SessionHost::unsubscribe(int session, const QStringList &topicFilters,
                                 const Protocol::Properties &properties)
{
    const quint64 request = ++m_lastRequest;
    post([worker = m_worker, session, request, topicFilters, properties] {
        worker->unsubscribe(session, request, topicFilters, properties);
    });
    return request;
}

quint64 SessionHost::pingNow(int session)
{
    const quint64 request = ++m_lastRequest;
    post([worker = m_worker, session, request] { worker->pingNow(session, request); });
    return request;
}

void SessionHost::injectFault(int session, FaultKind fault)
{
    post([worker = m_worker, session, fault] { worker->injectFault(session, fault); });
}

void SessionHost::setPendingLimits(qsizetype events, qint64 bytes)
{
    post([worker = m_worker, events, bytes] { worker->setPendingLimits(events, bytes); });
}

void SessionHost::onBatchReady(const SessionBatch &batch, const QList<SessionAnswer> &answers)
{
    // A receiver may delete us (and with us the worker): stop emitting then.
    const QPointer<SessionHost> alive(this);
    QElapsedTimer receivers;
    receivers.start();
    if (!batch.isEmpty())
        Q_EMIT batchReady(batch);
    const qint64 spentNs = receivers.nsecsElapsed();
    for (auto it = answers.cbegin(); it != answers.cend() && alive; ++it)
        emitAnswer(*it);
    // Only now, with the receivers done: the network thread never has more than this one
    // batch out, whatever the UI is doing.
    if (!alive)
        return;
    m_lastBatchCostNs = spentNs;
    const qsizetype limit = nextBatchLimit(batch.events.size(), spentNs);
    post([worker = m_worker, limit] { worker->batchTaken(limit); });
}

qsizetype SessionHost::nextBatchLimit(qsizetype events, qint64 spentNs)
{
    if (events >= CostSampleEvents) {
        const double cost = double(spentNs) / double(events);
        m_eventCostNs =
            m_eventCostNs < 0 ? cost : m_eventCostNs + (cost - m_eventCostNs) * CostSmoothing;
    }
    if (m_batchBudgetMs == 0) {
        m_batchLimit = 0;
    } else if (m_eventCostNs <= 0) {
        m_batchLimit = SessionHostWorker::FirstBatchLimit;
    } else {
        const double fits = double(m_batchBudgetMs) * 1e6 / m_eventCostNs;
        // The worker caps it again at the pending bound.
        m_batchLimit = qsizetype(std::clamp(fits, double(MinimumBatchLimit), 1e9));
    }
    return m_batchLimit;
}

void SessionHost::emitAnswer(const SessionAnswer &answer)
{
    switch (answer.kind) {
    case SessionAnswer::Kind::RequestFinished:
        Q_EMIT requestFinished(answer.session, answer.request, answer.result);
        return;
    case SessionAnswer::Kind::OpenRefused:
        Q_EMIT openRefused(answer.session, answer.problems);
        return;
    case SessionAnswer::Kind::PublishCompleted:
        Q_EMIT publishCompleted(answer.session, answer.packetId, answer.reasonCodes.value(0));
        return;
    case SessionAnswer::Kind::SubscribeCompleted:
        Q_EMIT subscribeCompleted(answer.session, answer.packetId, answer.reasonCodes);
        return;
    case SessionAnswer::Kind::UnsubscribeCompleted:
        Q_EMIT unsubscribeCompleted(answer.session, answer.packetId, answer.reasonCodes);
        return;
    }
}

} // namespace PingScope
