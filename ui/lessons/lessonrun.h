#pragma once

#include "lessons/lesson.h"
#include "lessons/lessonreport.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace PingScope {

class LessonRunner;
class LocalBroker;
class TimelineModel;

// Where a lesson runs: a local mosquitto of its own (the default, as the CLI does) or a
// broker the user named.
struct LessonBrokerChoice
{
    bool local = true;
    QString host;
    quint16 port = 0;
};

// One run of one lesson for the Lessons window: the broker it needs (a LocalBroker started
// with the lesson's brokerConfig, stopped after the run), the LessonRunner, a TimelineModel
// per lesson session fed with the runner's events, and the observations re-checked twice a
// second on the record so far, so that the window can show them ticking before the runner
// decides them at the end. Not reusable: the next run is a new LessonRun.
class LessonRun : public QObject
{
    Q_OBJECT

public:
    static constexpr int ProgressIntervalMs = 500;

    LessonRun(const Lesson &lesson, const LessonBrokerChoice &broker, QObject *parent = nullptr);
    // Mid-run: the runner goes first (its sessions), then the broker; nothing is emitted.
    ~LessonRun() override;

    // Starts the broker (local: blocks until mosquitto listens, typically well under a
    // second) and the run. False with `error` set when the local broker could not start.
    bool start(QString *error);
    void stop();
    bool isRunning() const;
    bool isFinished() const { return m_finished; }

    const Lesson &lesson() const { return m_lesson; }
    // "local mosquitto 2.0.11 on 127.0.0.1:40123" or "broker.example:1883".
    QString brokerDescription() const { return m_brokerDescription; }
    // One per lesson session, in order (model i shows lesson session i + 1).
    const std::vector<std::unique_ptr<TimelineModel>> &models() const { return m_models; }
    // "#1 idle · keep-alive 2 s": how the timeline names lesson session `index` (0-based).
    QString sessionName(int index) const;
    const LessonReport &report() const { return m_report; }

Q_SIGNALS:
    void stepStarted(int index);
    // New events in the models: time to redraw the timeline.
    void eventsArrived();
    // An observation checked on the record so far (provisional: it may still change).
    void observationProgress(int index, const PingScope::ObservationOutcome &outcome);
    // The runner's final verdict.
    void observationDecided(int index, const PingScope::ObservationOutcome &outcome);
    void finished(const PingScope::LessonReport &report);

private:
    void checkProgress();
    void onFinished(const LessonReport &report);

    Lesson m_lesson;
    LessonBrokerChoice m_choice;
    std::unique_ptr<LocalBroker> m_broker;
    std::unique_ptr<LessonRunner> m_runner;
    std::vector<std::unique_ptr<TimelineModel>> m_models;
    QString m_brokerDescription;
    LessonReport m_report;
    QTimer m_progressTimer;
    bool m_finished = false;
};

} // namespace PingScope
