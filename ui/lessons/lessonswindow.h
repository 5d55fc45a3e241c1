#pragma once

#include "lessonlook.h"
#include "lessons/lesson.h"
#include "lessons/lessonreport.h"

#include <QHash>
#include <QWidget>

#include <memory>

class QLabel;
class QListWidget;
class QPushButton;
class QSplitter;
class QTabWidget;

namespace PingScope {

class KeepAliveTradeoffChart;
class LessonBrokerPanel;
class LessonDetail;
class LessonRun;
class ObservationTable;
class ShapeIcon;
class TimelineChart;

// The Lessons window (issue 7): the built-in lessons with a status each; the chosen one's
// title, explanation and steps; Run / Stop; its sessions live on a timeline overlay; its
// observations ticking as it runs; a result line, and Export to Markdown or HTML for a
// handout. Each run gets its own local mosquitto with the lesson's settings unless the user
// names a broker. Runs live on the event loop: the window never waits for one (only for the
// local mosquitto to listen, well under a second); closing the window stops a run.
class LessonsWindow : public QWidget
{
    Q_OBJECT

public:
    static constexpr const char *TradeoffLessonId = "choosing-a-keep-alive";

    explicit LessonsWindow(QWidget *parent = nullptr);
    // A run in progress stops at once: its sessions and broker go with it.
    ~LessonsWindow() override;

    // The longest a lesson can take: its waits, and its steps that wait for something at most.
    static qint64 longestRunMs(const Lesson &lesson);

    // Selects the lesson with this id; false if there is none.
    bool selectLesson(const QString &id);
    QString selectedLessonId() const;
    QList<Lesson> lessons() const { return m_lessons; }
    LessonLook statusOf(const QString &id) const;

    void run();
    void stop();
    bool isRunning() const;
    // The last finished run's report of the selected lesson; nullptr if none.
    const LessonReport *selectedReport() const;
    // Export... without the dialog: false with the reason.
    bool exportTo(const QString &path, QString *error) const;

    QListWidget *lessonList() const { return m_list; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *exportButton() const { return m_export; }
    LessonBrokerPanel *brokerPanel() const { return m_broker; }
    LessonDetail *detail() const { return m_detail; }
    ObservationTable *observations() const { return m_observations; }
    TimelineChart *timeline() const { return m_timeline; }
    KeepAliveTradeoffChart *tradeoffChart() const { return m_tradeoff; }
    QTabWidget *chartTabs() const { return m_tabs; }
    QLabel *summaryLabel() const { return m_summary; }
    // The run in progress or the last one (its timeline models), if any.
    LessonRun *currentRun() const { return m_currentRun.get(); }

Q_SIGNALS:
    void runFinished(const PingScope::LessonReport &report);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildLessonColumn();
    QWidget *buildLessonPane();
    const Lesson *selectedLesson() const;
    void showSelected();
    void setStatus(const QString &id, LessonLook look);
    void paintListItem(int row);
    void showSummary(LessonLook look, const QString &text);
    void showReport(const LessonReport &report);
    void updateButtons();
    void startRun(const Lesson &lesson);
    void wireRun(LessonRun *run);
    void onObservation(int index, const ObservationOutcome &outcome, bool decided);
    void onFinished(const LessonReport &report);
    void forgetRun();
    void exportSelected();

    QList<Lesson> m_lessons;
    QHash<QString, LessonLook> m_status;
    QHash<QString, LessonReport> m_reports; // each lesson's last finished run
    std::unique_ptr<LessonRun> m_currentRun;
    QString m_runError; // why the last Run could not start, for the selected lesson

    QListWidget *m_list;
    LessonBrokerPanel *m_broker;
    QLabel *m_title;
    LessonDetail *m_detail;
    QPushButton *m_run;
    QPushButton *m_stop;
    QPushButton *m_export;
    ShapeIcon *m_summaryIcon;
    QLabel *m_summary;
    QTabWidget *m_tabs;
    TimelineChart *m_timeline;
    KeepAliveTradeoffChart *m_tradeoff;
    ObservationTable *m_observations;
    QSplitter *m_paneSplitter = nullptr; // explanation / charts / observations
    bool m_shownBefore = false;
    LessonLook m_summaryLook = LessonLook::NotRun;
};

} // namespace PingScope
