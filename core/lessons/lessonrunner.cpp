#include "lessonrunner.h"

#include "session/keepalivetimer.h"
#include "session/session.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <algorithm>

namespace PingScope {

namespace {

constexpr qint64 DefaultStepLimitMs = 5000;
// How long the goodbyes at the end may take before the report is made anyway.
constexpr int CloseLimitMs = 2000;

} // namespace

LessonRunner::LessonRunner(const Lesson &lesson, const QString &host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_lesson(lesson)
    , m_host(host)
    , m_port(port)
    , m_runToken(QStringLiteral("%1").arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16,
                                          QLatin1Char('0')))
{
    m_stepTimer.setSingleShot(true);
    m_stepTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stepTimer, &QTimer::timeout, this, [this] {
        // A Wait is over, or a step waiting for something gave up: the observations say
        // what did not happen; only a session that never connected ends the run.
        if (m_awaitEvent == QLatin1String("connected")) {
            fail(tr("session %1 did not connect to %2:%3 within %4")
                     .arg(m_awaitSession)
                     .arg(m_host)
                     .arg(m_port)
                     .arg(durationText(qint64(m_stepTimer.interval()) * 1000000)));
            return;
        }
        stepDone();
    });
}

LessonRunner::~LessonRunner()
{
    // The sessions use m_hub until their last breath, and members die before the QObject
    // children would: they go first. Nothing here listens to their goodbyes any more.
    for (RunSession &run : m_sessions) {
        run.session->disconnect();
        delete run.session;
    }
}

qint64 LessonRunner::now() const
{
    static const KeepAliveTimer::Clock clock = KeepAliveTimer::monotonicClock();
    return clock();
}

QString LessonRunner::substituted(QString text) const
{
    return text.replace(QStringLiteral("%run%"), m_runToken);
}

void LessonRunner::start()
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    m_report = {};
    m_report.lessonId = m_lesson.id;
    m_report.title = m_lesson.title;
    m_report.explanation = m_lesson.explanation;
    m_report.startedAt = QDateTime::currentDateTime();
    m_report.broker = QStringLiteral("%1:%2").arg(m_host).arg(m_port);
    if (!m_brokerDescription.isEmpty())
        m_report.broker += QStringLiteral(" (%1)").arg(m_brokerDescription);
    m_record = {};
    m_record.startNs = now();
    m_lastMarkNs = m_record.startNs;

    for (qsizetype i = 0; i < m_lesson.sessions.size(); ++i) {
        SessionSettings settings = m_lesson.sessions.at(i);
        settings.host = m_host;
        settings.port = m_port;
        settings.clientId = substituted(settings.clientId);
        if (settings.will)
            settings.will->topic = substituted(settings.will->topic);
        RunSession run;
        run.session = new Session(&m_hub, this);
        run.session->setSettings(settings);
        const int lessonSession = int(i) + 1;
        m_lessonSessionOf.insert(run.session->id(), lessonSession);
        connect(run.session, &Session::eventRecorded, this,
                [this, lessonSession](const Event &event) { onEvent(lessonSession, event); });
        m_sessions.push_back(run);
    }
    nextStep();
}

void LessonRunner::stop()
{
    if (m_running)
        finish();
}

LessonRunner::RunSession *LessonRunner::sessionFor(const LessonStep &step)
{
    if (step.session < 1 || step.session > int(m_sessions.size())) {
        fail(tr("step %1 names session %2; the lesson has %3")
                 .arg(m_stepIndex + 1)
                 .arg(step.session)
                 .arg(m_sessions.size()));
        return nullptr;
    }
    return &m_sessions[size_t(step.session - 1)];
}

void LessonRunner::nextStep()
{
    if (!m_running)
        return;
    ++m_stepIndex;
    if (m_stepIndex >= m_lesson.steps.size()) {
        finish();
        return;
    }
    const LessonStep &step = m_lesson.steps.at(m_stepIndex);
    if (!step.mark.isEmpty()) {
        m_lastMarkNs = now();
        m_record.marks.insert(step.mark, m_lastMarkNs);
    }
    Q_EMIT stepStarted(m_stepIndex, step.description);
    doStep(step);
}

void LessonRunner::stepDone()
{
    m_stepTimer.stop();
    m_awaitSession = 0;
    m_awaitEvent.clear();
    nextStep();
}

void LessonRunner::waitFor(int lessonSession, const QString &eventName, qint64 timeoutMs)
{
    m_awaitSession = lessonSession;
    m_awaitEvent = eventName;
    m_stepTimer.start(std::chrono::milliseconds(timeoutMs > 0 ? timeoutMs : DefaultStepLimitMs));
}

void LessonRunner::doStep(const LessonStep &step)
{
    using Action = LessonStep::Action;
    if (step.action == Action::Wait) {
        m_stepTimer.start(std::chrono::milliseconds(step.ms));
        return;
    }
    RunSession *run = sessionFor(step);
    if (!run)
        return;
    Session *session = run->session;
    switch (step.action) {
    case Action::Open: {
        const QList<SettingsProblem> problems = session->open();
        if (!problems.isEmpty()) {
            fail(tr("session %1: %2: %3")
                     .arg(step.session)
                     .arg(problems.constFirst().field, problems.constFirst().message));
            return;
        }
        waitFor(step.session, QStringLiteral("connected"), step.ms);
        return;
    }
    case Action::Subscribe: {
        Protocol::Subscription subscription;
        subscription.topicFilter = substituted(step.topic);
        subscription.qos = 1;
        const Session::SendResult sent = session->subscribe({subscription});
        if (!sent.ok) {
            fail(tr("session %1 could not subscribe: %2").arg(step.session).arg(sent.error));
            return;
        }
        waitFor(step.session, QStringLiteral("suback"), step.ms);
        return;
    }
    case Action::WaitForEvent: {
        // The event may have come already, e.g. the will before the broker's close reached
        // the dying session: then there is nothing to wait for.
        const bool seen = std::any_of(
            m_record.events.cbegin(), m_record.events.cend(), [this, &step](const Event &event) {
                return event.session == step.session && event.timeNs >= m_lastMarkNs &&
                       event.name() == step.eventName;
            });
        if (!seen) {
            waitFor(step.session, step.eventName, step.ms);
            return;
        }
        break;
    }
    case Action::InjectFault:
        session->injectFault(step.fault);
        break;
    case Action::StartPublishing: {
        const QString topic = substituted(step.topic);
        auto publishOnce = [this, run, topic] {
            Protocol::PublishPacket message;
            message.topic = topic;
            message.payload = QByteArray::number(++run->published);
            run->session->publish(message);
        };
        if (!run->publishTimer) {
            run->publishTimer = new QTimer(this);
            run->publishTimer->setTimerType(Qt::PreciseTimer);
        }
        run->publishTimer->disconnect();
        connect(run->publishTimer, &QTimer::timeout, this, publishOnce);
        run->publishTimer->start(std::chrono::milliseconds(step.ms > 0 ? step.ms : 1000));
        publishOnce();
        break;
    }
    case Action::StopPublishing:
        if (run->publishTimer)
            run->publishTimer->stop();
        break;
    case Action::Close:
        session->close();
        break;
    case Action::Wait:
        break;
    }
    nextStep();
}

void LessonRunner::onEvent(int lessonSession, const Event &event)
{
    if (!m_started)
        return;
    Event renumbered = event;
    renumbered.session = lessonSession;
    if (event.otherSession > 0)
        renumbered.otherSession = m_lessonSessionOf.value(event.otherSession, 0);
    if (!m_running) {
        // The goodbyes of finish(): a timeline ends with them, but no observation judges them.
        Q_EMIT eventRecorded(lessonSession, renumbered);
        return;
    }
    m_record.events.append(renumbered);
    Q_EMIT eventRecorded(lessonSession, renumbered);

    if (m_awaitEvent.isEmpty() || lessonSession != m_awaitSession)
        return;
    const bool awaited = m_awaitEvent == QLatin1String("suback")
                             ? event.isPacket(Protocol::PacketType::Suback, Direction::Received)
                             : event.name() == m_awaitEvent;
    if (awaited) {
        stepDone();
        return;
    }
    // A session that cannot connect will not connect by waiting longer.
    if (m_awaitEvent == QLatin1String("connected") &&
        (event.kind == EventKind::Disconnected || event.kind == EventKind::Error))
        fail(tr("session %1 could not connect: %2").arg(lessonSession).arg(event.summary()));
}

void LessonRunner::fail(const QString &error)
{
    if (m_report.error.isEmpty())
        m_report.error = error;
    finish();
}

void LessonRunner::finish()
{
    if (!m_running)
        return;
    m_running = false;
    m_stepTimer.stop();
    m_record.endNs = now();
    for (RunSession &run : m_sessions) {
        if (run.publishTimer)
            run.publishTimer->stop();
    }

    m_report.durationNs = m_record.endNs - m_record.startNs;
    for (qsizetype i = 0; i < m_lesson.observations.size(); ++i) {
        const Observation &observation = m_lesson.observations.at(i);
        const ObservationOutcome outcome = observation.check(m_record);
        m_report.results.append({observation.id, observation.description, outcome});
        Q_EMIT observationDecided(int(i), outcome);
    }

    // Goodbyes last, outside the record: a normal DISCONNECT is not part of any lesson.
    // finished() waits for them (bounded), so a caller that quits on it loses no bytes.
    for (RunSession &run : m_sessions) {
        if (run.session->state() != Session::State::Disconnected ||
            run.session->isReconnectPending())
            run.session->close();
    }
    auto allClosed = [this] {
        for (const RunSession &run : m_sessions) {
            if (run.session->state() != Session::State::Disconnected)
                return false;
        }
        return true;
    };
    if (allClosed()) {
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(m_report); });
        return;
    }
    auto *deadline = new QTimer(this);
    deadline->setSingleShot(true);
    auto reportOnce = [this, deadline] {
        if (!deadline->isActive())
            return;
        deadline->stop();
        Q_EMIT finished(m_report);
    };
    connect(deadline, &QTimer::timeout, this, [this] { Q_EMIT finished(m_report); });
    for (RunSession &run : m_sessions) {
        connect(run.session, &Session::stateChanged, deadline, [allClosed, reportOnce] {
            if (allClosed())
                reportOnce();
        });
    }
    deadline->start(CloseLimitMs);
}

} // namespace PingScope
