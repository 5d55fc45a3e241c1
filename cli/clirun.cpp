#include "clirun.h"

#include "session/keepalivetimer.h"
#include "session/session.h"
#include "session/sessioncapture.h"

#include <QCoreApplication>

namespace PingScope::Cli {

namespace {

// Sessions connecting at once. A thousand SYNs in one go overflow the broker's listen backlog,
// and the dropped ones wait a second for the kernel's SYN retry: opening in waves is faster.
constexpr int MaximumConnectingAtOnce = 64;
// How long the DISCONNECTs at the end may take before the run stops waiting for them.
constexpr int CloseDeadlineMs = 3000;

} // namespace

CliRun::CliRun(const CliOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_originNs(KeepAliveTimer::monotonicClock()())
{
    const auto format = options.json ? EventPrinter::Format::Json : EventPrinter::Format::Human;
    m_printer =
        std::make_unique<EventPrinter>(format, options.quiet, options.allPackets, m_originNs);
    m_printer->setFailureHandler(
        [this](const QString &error, bool readerGone) { onOutputFailed(error, readerGone); });
    m_durationTimer.setSingleShot(true);
    m_durationTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_durationTimer, &QTimer::timeout, this, &CliRun::armDurationTimer);
    m_closeDeadline.setSingleShot(true);
    connect(&m_closeDeadline, &QTimer::timeout, this, &CliRun::report);
}

CliRun::~CliRun()
{
    // Before the hub they point to: a session tells the hub it is gone as it is destroyed.
    for (RunSession &run : m_sessions)
        delete run.session;
}

bool CliRun::start(QString *error)
{
    if (!m_options.pcapPath.isEmpty()) {
        m_capture = std::make_unique<SessionCapture>();
        if (!m_capture->open(m_options.pcapPath, error))
            return false;
    }
    const int count = m_options.sessions;
    for (int n = 1; n <= count; ++n) {
        SessionSettings settings = m_options.settings;
        if (count > 1)
            settings.clientId = QStringLiteral("%1-%2").arg(m_options.settings.clientId).arg(n);
        addSession(settings, false);
    }
    if (m_options.durationMs >= 0) {
        m_durationEndNs = m_originNs + m_options.durationMs * 1'000'000;
        armDurationTimer();
    }
    openMoreSessions();
    return true;
}

void CliRun::interrupt()
{
    finish(tr("interrupted"));
}

void CliRun::armDurationTimer()
{
    const qint64 remainingMs =
        (m_durationEndNs - KeepAliveTimer::monotonicClock()() + 999'999) / 1'000'000;
    if (remainingMs <= 0) {
        finish(tr("duration reached"));
        return;
    }
    constexpr qint64 StepMs = 24LL * 3600 * 1000;
    m_durationTimer.start(int(qMin(remainingMs, StepMs)));
}

void CliRun::onOutputFailed(const QString &error, bool readerGone)
{
    // A reader that stopped reading (`| head`, `| grep -m1`) has what it wanted: end as
    // asked. Any other failure loses events the user asked for.
    if (readerGone)
        m_outputClosed = true;
    else
        m_outputProblem = tr("cannot write the events: %1").arg(error);
    finish(readerGone ? tr("output closed by its reader") : tr("output failed"));
}

int CliRun::addSession(const SessionSettings &settings, bool isTakeover)
{
    const int index = int(m_sessions.size());
    auto *session = new Session(&m_hub, this);
    session->setSettings(settings);
    RunSession run;
    run.session = session;
    run.isTakeover = isTakeover;
    m_sessions.push_back(run);
    connect(session, &Session::eventRecorded, this,
            [this, index](const Event &event) { onEvent(index, event); });
    connect(session, &Session::stateChanged, this, [this, index] { onStateChanged(index); });
    if (m_options.count > 0) {
        connect(session, &Session::messageReceived, this, [this] {
            if (++m_messages == m_options.count)
                finish(tr("count reached"));
        });
    }
    return index;
}

void CliRun::openMoreSessions()
{
    while (!m_finishing && m_connecting < MaximumConnectingAtOnce &&
           m_nextToOpen < int(m_sessions.size())) {
        RunSession &run = m_sessions[size_t(m_nextToOpen++)];
        run.opening = true;
        ++m_connecting;
        // The options were validated as a whole; a problem here is a bug, reported as such.
        const QList<SettingsProblem> problems = run.session->open();
        if (!problems.isEmpty()) {
            run.opening = false;
            --m_connecting;
            run.lastProblem =
                problems.constFirst().field + QStringLiteral(": ") + problems.constFirst().message;
            scheduleSettledCheck();
        }
    }
}

void CliRun::onStateChanged(int index)
{
    RunSession &run = m_sessions[size_t(index)];
    const Session::State state = run.session->state();
    if (run.opening &&
        (state == Session::State::Connected || state == Session::State::Disconnected)) {
        run.opening = false;
        --m_connecting;
        openMoreSessions();
    }
    if (state == Session::State::Disconnected) {
        if (m_finishing)
            reportWhenAllClosed();
        else
            scheduleSettledCheck();
    }
}

void CliRun::onEvent(int index, const Event &event)
{
    if (m_reported)
        return; // the summary is out: nothing may follow it
    m_statistics.add(event);
    if (m_capture)
        m_capture->record(*m_sessions[size_t(index)].session, event);
    m_printer->print(event);

    RunSession &run = m_sessions[size_t(index)];
    switch (event.kind) {
    case EventKind::Packet:
        if (event.isPacket(Protocol::PacketType::Publish, Direction::Received)) {
            if (m_firstMessageNs < 0)
                m_firstMessageNs = event.timeNs;
            m_lastMessageNs = event.timeNs;
        }
        return;
    case EventKind::Connected: {
        const bool first = !run.everConnected;
        run.everConnected = true;
        run.endedAsAsked = false;
        run.blackHoled = false; // a new socket: the black hole was the old link's
        if (first)
            onFirstConnected(index);
        subscribeAndPublish(index, first);
        return;
    }
    case EventKind::TakenOver:
        // Taken over by the experiment's own second session: what the run asked for.
        if (m_options.takeoverAfterMs >= 0 && event.otherSession > 0)
            run.endedAsAsked = true;
        return;
    case EventKind::FaultInjected:
        if (event.fault == FaultKind::Drop || event.fault == FaultKind::DisconnectWithWill)
            run.endedAsAsked = true;
        if (event.fault == FaultKind::BlackHole)
            run.blackHoled = true;
        return;
    case EventKind::Error:
    case EventKind::Disconnected:
        run.lastProblem = event.text;
        return;
    default:
        return;
    }
}

void CliRun::onFirstConnected(int index)
{
    RunSession &run = m_sessions[size_t(index)];
    Session *session = run.session;
    if (!run.isTakeover) {
        for (const FaultSpec &fault : m_options.faults) {
            const FaultKind kind = fault.fault;
            QTimer::singleShot(int(fault.afterMs), Qt::PreciseTimer, session,
                               [this, session, kind] {
                                   if (!m_finishing)
                                       session->injectFault(kind);
                               });
        }
        if (index == 0 && m_options.takeoverAfterMs >= 0)
            QTimer::singleShot(int(m_options.takeoverAfterMs), Qt::PreciseTimer, this,
                               [this] { openTakeoverSession(); });
    }
    if (!run.isTakeover && !m_options.publishes.isEmpty() && m_options.publishEveryMs > 0) {
        run.publishTimer = new QTimer(session);
        connect(run.publishTimer, &QTimer::timeout, this, [this, index] { publishAll(index); });
        run.publishTimer->start(int(qMin<qint64>(m_options.publishEveryMs, INT_MAX)));
    }
}

void CliRun::subscribeAndPublish(int index, bool firstTime)
{
    RunSession &run = m_sessions[size_t(index)];
    Session *session = run.session;
    // On a reconnect, a resumed session still has the subscriptions this run made. On the
    // first connection, a resumed session has someone's earlier ones: ask for ours anyway.
    if (!m_options.subscriptions.isEmpty() && (firstTime || !session->sessionPresent())) {
        const Session::SendResult result = session->subscribe(m_options.subscriptions);
        if (!result.ok)
            m_sessions[size_t(index)].lastProblem = result.error;
    }
    if (firstTime && !run.isTakeover)
        publishAll(index);
}

void CliRun::publishAll(int index)
{
    Session *session = m_sessions[size_t(index)].session;
    if (m_finishing || !session->isConnected())
        return;
    for (const PublishSpec &spec : m_options.publishes) {
        Protocol::PublishPacket message;
        message.topic = spec.topic;
        message.payload = spec.payload;
        message.qos = m_options.publishQos;
        message.retain = m_options.publishRetain;
        const Session::SendResult result = session->publish(message);
        if (!result.ok)
            m_sessions[size_t(index)].lastProblem = result.error;
    }
}

void CliRun::openTakeoverSession()
{
    if (m_finishing)
        return;
    // Same settings as session 1, client ID included (a 5.0 assigned one too): the broker
    // must close session 1 when this one connects.
    SessionSettings settings = m_sessions.front().session->settings();
    settings.clientId = m_sessions.front().session->clientId();
    addSession(settings, true);
    openMoreSessions();
}

void CliRun::scheduleSettledCheck()
{
    if (m_settledCheckPending || m_finishing)
        return;
    m_settledCheckPending = true;
    // After the current signal: a lost connection schedules its reconnect after it reports
    // the state change.
    QTimer::singleShot(0, this, [this] {
        m_settledCheckPending = false;
        checkSettled();
    });
}

void CliRun::checkSettled()
{
    if (m_finishing || m_nextToOpen < int(m_sessions.size()))
        return;
    for (const RunSession &run : m_sessions) {
        if (run.session->state() != Session::State::Disconnected ||
            run.session->isReconnectPending())
            return;
    }
    // Nothing is connected and nothing will be: waiting longer shows nothing new.
    finish(tr("no session connected or reconnecting"));
}

int CliRun::exitStatus(QString *problem) const
{
    int neverConnected = 0;
    int lost = 0;
    QString firstNeverConnected;
    QString firstLost;
    for (size_t i = 0; i < m_sessions.size(); ++i) {
        const RunSession &run = m_sessions[i];
        const Session *session = run.session;
        const QString id = QString::number(session->id());
        if (!run.everConnected) {
            QString why = run.lastProblem;
            if (int(i) >= m_nextToOpen)
                why = tr("the run ended before its turn to connect");
            else if (session->state() != Session::State::Disconnected || why.isEmpty())
                why = tr("still connecting when the run ended");
            if (neverConnected++ == 0)
                firstNeverConnected = tr("session %1 could not connect: %2").arg(id, why);
            continue;
        }
        // A loss the run provoked on purpose (a drop, a take-over, silence, a black hole)
        // is the experiment's outcome, not a failure.
        const bool provoked = run.endedAsAsked || run.blackHoled || session->arePingsPaused();
        if (!session->isConnected() && !provoked && lost++ == 0)
            firstLost = tr("session %1 lost its connection and did not get it back: %2")
                            .arg(id, run.lastProblem);
    }
    const auto andOthers = [this](int count) {
        return count > 1 ? tr(" (and %1 more sessions)").arg(count - 1) : QString();
    };
    if (neverConnected > 0) {
        *problem = firstNeverConnected + andOthers(neverConnected);
        return ExitCouldNotConnect;
    }
    if (lost > 0) {
        *problem = firstLost + andOthers(lost);
        return ExitConnectionLost;
    }
    return ExitAsAsked;
}

void CliRun::finish(const QString &ending)
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_ending = ending;
    m_durationTimer.stop();
    // Judged before the DISCONNECTs, which end every connection. A run cut short by its
    // output is judged by that alone: its sessions had no time to prove anything.
    if (!m_outputProblem.isEmpty())
        m_exitStatus = ExitOutputFailed;
    else if (!m_outputClosed)
        m_exitStatus = exitStatus(&m_exitProblem);
    for (RunSession &run : m_sessions) {
        m_connectedAtEnd += run.session->isConnected() ? 1 : 0;
        if (run.publishTimer)
            run.publishTimer->stop();
        run.session->close();
    }
    m_closeDeadline.start(CloseDeadlineMs);
    // Not from inside a session's signal: sessions already down report nothing more.
    QTimer::singleShot(0, this, [this] { reportWhenAllClosed(); });
}

void CliRun::reportWhenAllClosed()
{
    for (const RunSession &run : m_sessions) {
        if (run.session->state() != Session::State::Disconnected)
            return;
    }
    // After the current signal: a session reports the state change before the event that
    // explains it, and the summary comes last.
    QTimer::singleShot(0, this, &CliRun::report);
}

void CliRun::report()
{
    if (m_reported)
        return;
    m_reported = true;
    m_closeDeadline.stop();

    if (m_capture) {
        QString error;
        if (!m_capture->close(&error))
            m_outputProblem = error;
    }
    if (!m_outputProblem.isEmpty()) {
        // A connection problem is the bigger news; the output's is still said.
        if (m_exitStatus == ExitAsAsked)
            m_exitStatus = ExitOutputFailed;
        m_exitProblem +=
            (m_exitProblem.isEmpty() ? QString() : QStringLiteral("; ")) + m_outputProblem;
    }
    RunSummary summary;
    summary.ending = m_ending;
    summary.connectedAtEnd = m_connectedAtEnd;
    summary.exitCode = m_exitStatus;
    summary.seconds = double((KeepAliveTimer::monotonicClock()() - m_originNs) / 1000) / 1e6;
    summary.sessions = int(m_sessions.size());
    summary.statistics = &m_statistics;
    const qint64 receivingNs = m_lastMessageNs - m_firstMessageNs;
    summary.messageRate =
        receivingNs > 0 ? double(m_statistics.messagesReceived() - 1) * 1e9 / double(receivingNs)
                        : 0.0;
    m_printer->printSummary(summary);
    if (!m_exitProblem.isEmpty())
        std::fprintf(stderr, "pingscope-cli: %s\n", qPrintable(m_exitProblem));
    Q_EMIT finished(m_exitStatus);
}

} // namespace PingScope::Cli
