#include "sessionhostworker.h"

#include <QLoggingCategory>
#include <QThread>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcSessionHost, "pingscope.sessionhost")

namespace PingScope {

namespace {

// What a UI may be behind by before the oldest events go: a few seconds of a busy session,
// well under the 1M-message burst DESIGN.md plans for.
constexpr qsizetype DefaultPendingEvents = 50'000;
constexpr qint64 DefaultPendingBytes = 32 * 1024 * 1024;

} // namespace

SessionHostWorker::SessionHostWorker(QObject *parent)
    : QObject(parent)
    , m_pending(DefaultPendingEvents, DefaultPendingBytes)
    , m_flushTimer(this)
    , m_shutdownTimer(this)
{
    m_flushTimer.setSingleShot(true);
    // A coarse timer may fire 5 % early: two batches 38 ms apart would break the 25 Hz promise.
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &SessionHostWorker::flush);
    m_shutdownTimer.setSingleShot(true);
    connect(&m_shutdownTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcSessionHost, "sessions still closing after the shutdown timeout");
        thread()->quit();
    });
}

SessionHostWorker::~SessionHostWorker()
{
    // Explicitly, before m_hub goes: a Session's destructor unregisters from the hub, and
    // QObject would delete the children only after the members are gone. This includes the
    // sessions whose removal (deleteLater) is still pending.
    qDeleteAll(findChildren<Session *>(QString(), Qt::FindDirectChildrenOnly));
}

void SessionHostWorker::createSession(int id, const SessionSettings &settings)
{
    auto *session = new Session(&m_hub, this);
    // SessionHost hands out 1, 2, 3, ... in the order these calls arrive, and this hub numbers
    // its sessions the same way; only this function creates sessions in it. So the ids agree
    // and the events (which carry Session::id()) need no translation.
    if (session->id() != id) {
        qCCritical(lcSessionHost, "session id %d differs from the host's %d", session->id(), id);
        Q_ASSERT(session->id() == id);
    }
    session->setSettings(settings);
    connect(session, &Session::eventRecorded, this,
            [this, id](const Event &event) { onEvent(id, event); });
    connect(session, &Session::stateChanged, this,
            [this, id](Session::State state) { onStateChanged(id, state); });
    connect(session, &Session::publishCompleted, this, [this, id](quint16 packetId, quint8 code) {
        completed(id, SessionAnswer::Kind::PublishCompleted, packetId, {code});
    });
    connect(session, &Session::subscribeCompleted, this,
            [this, id](quint16 packetId, const QList<quint8> &codes) {
                completed(id, SessionAnswer::Kind::SubscribeCompleted, packetId, codes);
            });
    connect(session, &Session::unsubscribeCompleted, this,
            [this, id](quint16 packetId, const QList<quint8> &codes) {
                completed(id, SessionAnswer::Kind::UnsubscribeCompleted, packetId, codes);
            });
    // messageReceived is not forwarded: the received PUBLISH is already an event with its
    // bytes, and carrying it twice would double what a stalled UI makes us hold.
    Tracked tracked;
    tracked.session = session;
    m_sessions.insert(id, tracked);
    markChanged(id);
}

Session *SessionHostWorker::commandTarget(int id, QString *refusal)
{
    const auto it = m_sessions.constFind(id);
    if (it == m_sessions.cend()) {
        *refusal = tr("there is no session %1").arg(id);
        return nullptr;
    }
    if (it->removing || m_shuttingDown) {
        *refusal = tr("session %1 is being removed").arg(id);
        return nullptr;
    }
    return it->session;
}

void SessionHostWorker::answer(SessionAnswer answer)
{
    m_answers.append(std::move(answer));
    scheduleFlush();
}

void SessionHostWorker::finishRequest(int id, quint64 request, const Session::SendResult &result)
{
    SessionAnswer finished;
    finished.kind = SessionAnswer::Kind::RequestFinished;
    finished.session = id;
    finished.request = request;
    finished.result = result;
    answer(std::move(finished));
}

void SessionHostWorker::completed(int id, SessionAnswer::Kind kind, quint16 packetId,
                                  const QList<quint8> &reasonCodes)
{
    SessionAnswer done;
    done.kind = kind;
    done.session = id;
    done.packetId = packetId;
    done.reasonCodes = reasonCodes;
    answer(std::move(done));
}

void SessionHostWorker::setSettings(int id, const SessionSettings &settings)
{
    QString refusal;
    if (Session *session = commandTarget(id, &refusal))
        session->setSettings(settings);
    else
        qCDebug(lcSessionHost, "setSettings: %s", qPrintable(refusal));
}

void SessionHostWorker::open(int id)
{
    QString refusal;
    Session *session = commandTarget(id, &refusal);
    const QList<SettingsProblem> problems =
        session ? session->open() : QList<SettingsProblem>{{QString(), refusal}};
    if (problems.isEmpty())
        return;
    SessionAnswer refused;
    refused.kind = SessionAnswer::Kind::OpenRefused;
    refused.session = id;
    refused.problems = problems;
    answer(std::move(refused));
}

void SessionHostWorker::close(int id, quint8 reasonCode)
{
    QString refusal;
    if (Session *session = commandTarget(id, &refusal))
        session->close(reasonCode);
    else
        qCDebug(lcSessionHost, "close: %s", qPrintable(refusal));
}

void SessionHostWorker::removeSession(int id, int timeoutMs)
{
    QString refusal;
    Session *session = commandTarget(id, &refusal);
    if (!session)
        return;
    m_sessions[id].removing = true;
    // Closed first, so the broker gets its DISCONNECT (and discards the will); deleted once
    // the socket is closed, or after `timeoutMs` if the broker does not take the bytes.
    QTimer::singleShot(timeoutMs, session, [this, id] { finishRemoval(id); });
    session->close();
    if (session->state() == Session::State::Disconnected)
        onStateChanged(id, Session::State::Disconnected);
}

void SessionHostWorker::publish(int id, quint64 request, const Protocol::PublishPacket &message)
{
    QString refusal;
    if (Session *session = commandTarget(id, &refusal))
        finishRequest(id, request, session->publish(message));
    else
        finishRequest(id, request, Session::SendResult{false, 0, refusal});
}

void SessionHostWorker::subscribe(int id, quint64 request,
                                  const QList<Protocol::Subscription> &subscriptions,
                                  const Protocol::Properties &properties)
{
    QString refusal;
    if (Session *session = commandTarget(id, &refusal))
        finishRequest(id, request, session->subscribe(subscriptions, properties));
    else
        finishRequest(id, request, Session::SendResult{false, 0, refusal});
}

void SessionHostWorker::unsubscribe(int id, quint64 request, const QStringList &topicFilters,
                                    const Protocol::Properties &properties)
{
    QString refusal;
    if (Session *session = commandTarget(id, &refusal))
        finishRequest(id, request, session->unsubscribe(topicFilters, properties));
    else
        finishRequest(id, request, Session::SendResult{false, 0, refusal});
}

void SessionHostWorker::pingNow(int id, quint64 request)
{
    QString refusal;
    Session *session = commandTarget(id, &refusal);
    if (session && session->pingNow()) {
        finishRequest(id, request, Session::SendResult{true, 0, QString()});
        return;
    }
    if (session)
        refusal = tr("no ping now: keep-alive is off or paused, a ping is outstanding, or the "
                     "session is not connected");
    finishRequest(id, request, Session::SendResult{false, 0, refusal});
}

void SessionHostWorker::injectFault(int id, FaultKind fault)
{
    QString refusal;
    if (Session *session = commandTarget(id, &refusal))
        session->injectFault(fault);
    else
        qCDebug(lcSessionHost, "injectFault: %s", qPrintable(refusal));
}

void SessionHostWorker::onStateChanged(int id, Session::State state)
{
    markChanged(id);
    if (state != Session::State::Disconnected)
        return;
    const auto it = m_sessions.constFind(id);
    if (it != m_sessions.cend() && it->removing) {
        // Queued: the session is inside its own signal, and the events of this close (the
        // "disconnected" that follows the state change) still belong to it.
        QMetaObject::invokeMethod(
            this, [this, id] { finishRemoval(id); }, Qt::QueuedConnection);
    }
    quitWhenAllClosed();
}

void SessionHostWorker::finishRemoval(int id)
{
    const auto it = m_sessions.find(id);
    if (it == m_sessions.end() || !it->removing)
        return;
    Session *session = it->session;
    m_sessions.erase(it);
    session->disconnect(this);
    session->deleteLater();
    m_removed.append(id);
    scheduleFlush();
}

void SessionHostWorker::shutdown(int timeoutMs)
{
    m_shuttingDown = true;
    m_flushTimer.stop();
    m_shutdownTimer.start(timeoutMs);
    const QList<int> ids = m_sessions.keys();
    for (const int id : ids) {
        const auto it = m_sessions.constFind(id);
        if (it != m_sessions.cend())
            it->session->close(); // DISCONNECT 0x00: the broker discards the wills
    }
    quitWhenAllClosed();
}

void SessionHostWorker::quitWhenAllClosed()
{
    if (!m_shuttingDown)
        return;
    const bool allClosed =
        std::all_of(m_sessions.cbegin(), m_sessions.cend(), [](const Tracked &tracked) {
            return tracked.session->state() == Session::State::Disconnected;
        });
    if (allClosed)
        thread()->quit();
}

} // namespace PingScope
