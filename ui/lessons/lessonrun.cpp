#include "lessonrun.h"

#include "broker/localbroker.h"
#include "lessons/lessonrunner.h"
#include "monitor/timelinemodel.h"
#include "session/keepalivetimer.h"

namespace PingScope {

LessonRun::LessonRun(const Lesson &lesson, const LessonBrokerChoice &broker, QObject *parent)
    : QObject(parent)
    , m_lesson(lesson)
    , m_choice(broker)
{
    m_progressTimer.setInterval(ProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &LessonRun::checkProgress);
    for (qsizetype i = 0; i < lesson.sessions.size(); ++i) {
        auto model = std::make_unique<TimelineModel>(int(i) + 1);
        model->setPingTimeoutMs(lesson.sessions.at(i).pingTimeoutMs);
        m_models.push_back(std::move(model));
    }
}

LessonRun::~LessonRun()
{
    m_progressTimer.stop();
    if (m_runner)
        m_runner->disconnect(this);
    m_runner.reset(); // its sessions say goodbye while the broker still listens
    m_broker.reset();
}

QString LessonRun::sessionName(int index) const
{
    const SessionSettings &settings = m_lesson.sessions.at(index);
    // "pingscope-lesson-%run%-idle" reads as its role, "idle".
    QString role = settings.clientId;
    const qsizetype token = role.indexOf(QLatin1String("%run%-"));
    if (token >= 0)
        role = role.mid(token + 6);
    return tr("#%1 %2 · keep-alive %3 s")
        .arg(QString::number(index + 1), role, QString::number(settings.keepAliveSeconds));
}

bool LessonRun::start(QString *error)
{
    QString host = m_choice.host;
    quint16 port = m_choice.port;
    if (m_choice.local) {
        m_broker = std::make_unique<LocalBroker>();
        m_broker->setExtraConfig(m_lesson.brokerConfig);
        if (!m_broker->start()) {
            *error = tr("The local broker could not start: %1").arg(m_broker->errorString());
            m_broker.reset();
            return false;
        }
        host = m_broker->host();
        port = m_broker->port();
        m_brokerDescription =
            tr("local mosquitto %1 on %2:%3").arg(m_broker->version(), host).arg(port);
    } else {
        m_brokerDescription = QStringLiteral("%1:%2").arg(host).arg(port);
    }
    m_runner = std::make_unique<LessonRunner>(m_lesson, host, port);
    if (m_broker)
        m_runner->setBrokerDescription(tr("local mosquitto %1").arg(m_broker->version()));
    connect(m_runner.get(), &LessonRunner::stepStarted, this,
            [this](int index) { Q_EMIT stepStarted(index); });
    connect(m_runner.get(), &LessonRunner::eventRecorded, this,
            [this](int lessonSession, const Event &event) {
                if (lessonSession >= 1 && lessonSession <= int(m_models.size()))
                    m_models[size_t(lessonSession - 1)]->append(event);
                Q_EMIT eventsArrived();
            });
    connect(m_runner.get(), &LessonRunner::observationDecided, this,
            &LessonRun::observationDecided);
    connect(m_runner.get(), &LessonRunner::finished, this, &LessonRun::onFinished);
    m_runner->start();
    m_progressTimer.start();
    return true;
}

void LessonRun::stop()
{
    if (m_runner)
        m_runner->stop();
}

bool LessonRun::isRunning() const
{
    return m_runner && !m_finished;
}

void LessonRun::checkProgress()
{
    if (!m_runner || !m_runner->isRunning())
        return;
    // The checks are pure functions of a record: judged on the record so far, as if the run
    // ended now, they show what has been seen already (e.g. "2 PINGREQ ..." growing).
    LessonRecord soFar = m_runner->record();
    soFar.endNs = KeepAliveTimer::monotonicClock()();
    for (qsizetype i = 0; i < m_lesson.observations.size(); ++i) {
        const Observation &observation = m_lesson.observations.at(i);
        if (observation.check)
            Q_EMIT observationProgress(int(i), observation.check(soFar));
    }
}

void LessonRun::onFinished(const LessonReport &report)
{
    m_progressTimer.stop();
    m_finished = true;
    m_report = report;
    // The sessions are closed: the lesson's own broker has done its job.
    if (m_broker)
        m_broker->stop();
    Q_EMIT finished(report);
}

} // namespace PingScope
