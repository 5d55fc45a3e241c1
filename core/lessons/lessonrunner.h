#pragma once

#include "lessons/lesson.h"
#include "lessons/lessonreport.h"
#include "monitor/sessionhub.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <vector>

namespace PingScope {

class Session;

// Runs one lesson against a broker, on the caller's thread: opens the lesson's sessions (its
// own, linked by its own SessionHub so wills and take-overs are attributed), does the steps
// on timers, records every event, then judges each observation and reports.
//
// The run ends after the last step, or at stop(); either way the sessions are closed and
// finished() is emitted once, from the event loop.
class LessonRunner : public QObject
{
    Q_OBJECT

public:
    LessonRunner(const Lesson &lesson, const QString &host, quint16 port,
                 QObject *parent = nullptr);
    ~LessonRunner() override;

    // A name for the local broker in the report, e.g. "mosquitto 2.0.11".
    void setBrokerDescription(const QString &description) { m_brokerDescription = description; }

    // Runs the lesson, once: a runner is not reusable (make another for the next run).
    void start();
    void stop();
    bool isRunning() const { return m_running; }

    const Lesson &lesson() const { return m_lesson; }
    // Complete after finished(); the events so far before.
    const LessonRecord &record() const { return m_record; }
    const LessonReport &report() const { return m_report; }

Q_SIGNALS:
    void stepStarted(int index, const QString &description);
    // An event of lesson session `lessonSession` (1-based), already renumbered; also the
    // sessions' goodbyes after the last step, which the record leaves out.
    void eventRecorded(int lessonSession, const PingScope::Event &event);
    void observationDecided(int index, const PingScope::ObservationOutcome &outcome);
    void finished(const PingScope::LessonReport &report);

private:
    struct RunSession
    {
        Session *session = nullptr;
        QTimer *publishTimer = nullptr;
        quint64 published = 0;
    };

    void nextStep();
    void doStep(const LessonStep &step);
    void stepDone();
    void waitFor(int lessonSession, const QString &eventName, qint64 timeoutMs);
    void onEvent(int lessonSession, const Event &event);
    void fail(const QString &error);
    void finish();
    RunSession *sessionFor(const LessonStep &step);
    QString substituted(QString text) const;
    qint64 now() const;

    Lesson m_lesson;
    QString m_host;
    quint16 m_port;
    QString m_brokerDescription;
    QString m_runToken;
    SessionHub m_hub;
    std::vector<RunSession> m_sessions;
    QHash<int, int> m_lessonSessionOf; // Session::id() -> lesson session number
    LessonRecord m_record;
    LessonReport m_report;
    int m_stepIndex = -1;
    QTimer m_stepTimer; // a Wait's time, or the limit of a step that waits for something
    // What the current step waits for: an event name on a session ("connected", ...).
    int m_awaitSession = 0;
    QString m_awaitEvent;
    qint64 m_lastMarkNs = 0; // WaitForEvent takes events since then as already seen
    bool m_started = false;
    bool m_running = false;
};

} // namespace PingScope
