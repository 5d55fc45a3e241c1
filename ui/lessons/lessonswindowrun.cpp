// The Lessons window's runs: start (its own broker unless the user named one), live
// progress on the steps, the timeline and the observations, Stop, and the result.

#include "lessonbrokerpanel.h"
#include "lessondetail.h"
#include "lessonrun.h"
#include "lessonswindow.h"
#include "observationtable.h"
#include "timeline/keepalivetradeoffchart.h"
#include "timeline/timelinechart.h"

#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>

#include <array>

namespace PingScope {

namespace {

// Lesson 10's observation whose figure is the suggested keep-alive (measured: seconds).
const QLatin1String SuggestionObservation("keep-alive-suggested");
constexpr qint64 TimelineMarginMs = 2000; // connecting, and the goodbyes after the last step
constexpr std::array<qint64, 4> TimelineWindowsNs{10'000'000'000, 30'000'000'000, 60'000'000'000,
                                                  300'000'000'000};

} // namespace

bool LessonsWindow::isRunning() const
{
    return m_currentRun && !m_currentRun->isFinished();
}

void LessonsWindow::run()
{
    const Lesson *lesson = selectedLesson();
    QString why;
    if (isRunning() || !lesson || !m_broker->canRun(&why))
        return;
    startRun(*lesson);
}

void LessonsWindow::stop()
{
    if (!isRunning())
        return;
    showSummary(LessonLook::Running, tr("Stopping: judging what was seen so far…"));
    m_currentRun->stop();
    updateButtons();
}

void LessonsWindow::forgetRun()
{
    m_timeline->clearModels();
    m_currentRun.reset();
}

void LessonsWindow::startRun(const Lesson &lesson)
{
    forgetRun();
    m_currentRun = std::make_unique<LessonRun>(lesson, m_broker->choice());
    LessonRun *run = m_currentRun.get();
    wireRun(run);
    m_observations->markAllWatching();
    m_detail->setCurrentStep(-1);
    m_tradeoff->setSuggestion(0);
    setStatus(lesson.id, LessonLook::Running);
    showSummary(LessonLook::Running,
                m_broker->choice().local ? tr("Starting the local broker…") : tr("Connecting…"));
    updateButtons();

    QString error;
    if (!run->start(&error)) {
        LessonReport failed;
        failed.lessonId = lesson.id;
        failed.title = lesson.title;
        failed.explanation = lesson.explanation;
        failed.startedAt = QDateTime::currentDateTime();
        failed.broker = tr("local mosquitto");
        failed.error = error;
        m_broker->setActiveBroker(error, true);
        forgetRun();
        m_observations->setObservations(lesson.observations);
        m_reports.insert(lesson.id, failed);
        setStatus(lesson.id, LessonLook::CouldNotRun);
        showReport(failed);
        updateButtons();
        return;
    }
    m_broker->setActiveBroker(run->brokerDescription());
    for (size_t i = 0; i < run->models().size(); ++i)
        m_timeline->addModel(run->models()[i].get(), run->sessionName(int(i)));
    // The whole lesson in view (not a minute of which it fills the last seconds), in one of
    // the chart's own window choices.
    const qint64 wantedNs = (longestRunMs(lesson) + TimelineMarginMs) * 1'000'000;
    qint64 windowNs = TimelineWindowsNs.back();
    for (const qint64 choice : TimelineWindowsNs) {
        if (choice >= wantedNs) {
            windowNs = choice;
            break;
        }
    }
    m_timeline->setWindowNs(windowNs);
    m_timeline->setPausedNote(QString());
    m_timeline->setFollowing(true);
    m_timeline->modelChanged();
    showSummary(LessonLook::Running, tr("Running on %1…").arg(run->brokerDescription()));
    updateButtons();
}

void LessonsWindow::wireRun(LessonRun *run)
{
    connect(run, &LessonRun::stepStarted, this, [this, run](int index) {
        m_detail->setCurrentStep(index);
        const QList<LessonStep> &steps = run->lesson().steps;
        showSummary(LessonLook::Running, tr("Running: step %1 of %2, %3")
                                             .arg(index + 1)
                                             .arg(steps.size())
                                             .arg(steps.value(index).description));
    });
    connect(run, &LessonRun::eventsArrived, m_timeline, &TimelineChart::modelChanged);
    connect(run, &LessonRun::observationProgress, this,
            [this](int index, const ObservationOutcome &outcome) {
                onObservation(index, outcome, false);
            });
    connect(run, &LessonRun::observationDecided, this,
            [this](int index, const ObservationOutcome &outcome) {
                onObservation(index, outcome, true);
            });
    connect(run, &LessonRun::finished, this, &LessonsWindow::onFinished);
}

void LessonsWindow::onObservation(int index, const ObservationOutcome &outcome, bool decided)
{
    if (decided)
        m_observations->showDecided(index, outcome);
    else
        m_observations->showProgress(index, outcome);
    const Lesson *lesson = selectedLesson();
    if (!lesson || lesson->id != QLatin1String(TradeoffLessonId) ||
        index >= lesson->observations.size())
        return;
    if (lesson->observations.at(index).id == SuggestionObservation && outcome.measured > 0) {
        m_tradeoff->setSuggestion(int(outcome.measured), outcome.text);
        if (decided)
            m_tabs->setCurrentWidget(m_tradeoff);
    }
}

void LessonsWindow::onFinished(const LessonReport &report)
{
    m_reports.insert(report.lessonId, report);
    setStatus(report.lessonId, LessonAppearance::ofReport(report));
    m_detail->setFinished();
    // Frozen at the end, so that the run stays in view to be explained.
    m_timeline->redrawNow();
    m_timeline->setPausedNote(tr("the run has ended"));
    m_timeline->setFollowing(false);
    showReport(report);
    updateButtons();
    Q_EMIT runFinished(report);
}

} // namespace PingScope
