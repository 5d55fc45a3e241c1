// The Lessons window (ui/lessons, issue 7), offscreen: every built-in lesson listed; the
// heartbeat lesson run for real on its own local mosquitto (LessonRun starts one on a free
// port), its observations ticking and then observed with figures, its timeline holding the
// PINGREQs; Stop and closing the window end a run; a second Run after a finished one; the
// result exported as Markdown and HTML; the broker panel's refusals and notes; lesson 10's
// trade-off chart.
//
// PINGSCOPE_GRAB_DIR=<dir>: also saves lessons-before and lessons-heartbeat (light and dark).

#include "broker/localbroker.h"
#include "brokerfixture.h"
#include "grabifasked.h"
#include "lessons/lessonbrokerpanel.h"
#include "lessons/lessoncatalog.h"
#include "lessons/lessondetail.h"
#include "lessons/lessonrun.h"
#include "lessons/lessonswindow.h"
#include "lessons/observationtable.h"
#include "mainwindow/mainwindow.h"
#include "monitor/timelinemodel.h"
#include "timeline/keepalivetradeoffchart.h"
#include "timeline/timelinechart.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <memory>

using namespace PingScope;

namespace {

constexpr int RunTimeoutMs = 20'000;
constexpr int StepTimeoutMs = 8'000;

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestLessonsWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsEveryLessonWithItsExplanation();
    void runsTheHeartbeatAndExportsIt();
    void stopAndCloseEndARun();
    void deletingTheWindowMidRunIsClean();
    void brokerPanelSaysWhyItCannotRun();
    void tradeoffChartForLessonTen();
    void mainWindowOpensItAndQuitsMidRun();
    void runsOnABrokerOfTheUsers();
    void saysWhyARunCouldNotRun();

private:
    void requireMosquitto();

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_profilesDir;
};

void TestLessonsWindow::initTestCase()
{
    // Never the user's own window geometry, preferences or export folder.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY(!builtInLessons().isEmpty());
}

void TestLessonsWindow::requireMosquitto()
{
    if (LocalBroker::findExecutable().isEmpty() && !BrokerFixture::runningUnderCi())
        QSKIP("mosquitto is not installed");
}

void TestLessonsWindow::listsEveryLessonWithItsExplanation()
{
    LessonsWindow window;
    window.show();
    const QList<Lesson> lessons = builtInLessons();
    QCOMPARE(window.lessonList()->count(), lessons.size());
    for (int row = 0; row < lessons.size(); ++row) {
        const QString text = window.lessonList()->item(row)->text();
        QVERIFY2(text.contains(lessons.at(row).title), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("not run")), qPrintable(text));
    }
    QVERIFY(window.selectLesson(QStringLiteral("heartbeat")));
    QVERIFY(!window.selectLesson(QStringLiteral("no-such-lesson")));
    const Lesson heartbeat = *findLesson(QStringLiteral("heartbeat"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("lessonTitle"))->text(), heartbeat.title);
    // The spec's statement IDs stand out (bold code), readable in the explanation.
    const QString html = LessonDetail::explanationHtml(heartbeat.explanation);
    QVERIFY(html.contains(QStringLiteral("<b><code>[MQTT-3.1.2-23]</code></b>")));
    QVERIFY(
        window.detail()->explanation()->toPlainText().contains(QStringLiteral("[MQTT-3.12.4-1]")));
    QCOMPARE(window.detail()->steps()->count(), heartbeat.steps.size());
    QCOMPARE(window.observations()->rowCount(), heartbeat.observations.size());
    QCOMPARE(window.observations()->lookOf(0), LessonLook::NotRun);
    QVERIFY(!window.exportButton()->isEnabled()); // nothing to export before a run
    // A Markdown table in an explanation (lesson 10's figures) becomes a table.
    const QString table = LessonDetail::explanationHtml(
        QStringLiteral("Costs:\n\n| Keep-alive | Pings |\n|---|---|\n| 5 s | 720 |"));
    QVERIFY2(table.contains(QStringLiteral("<th>Keep-alive</th>")) &&
                 table.contains(QStringLiteral("<td>720</td>")) && !table.contains(u"---"),
             qPrintable(table));
    grabIfAsked(&window, QStringLiteral("lessons-before"));
}

void TestLessonsWindow::runsTheHeartbeatAndExportsIt()
{
    requireMosquitto();
    LessonsWindow window;
    window.show();
    QVERIFY(window.selectLesson(QStringLiteral("heartbeat")));
    QVERIFY(window.runButton()->isEnabled());
    QTest::mouseClick(window.runButton(), Qt::LeftButton);
    QVERIFY(window.isRunning());
    QCOMPARE(window.statusOf(QStringLiteral("heartbeat")), LessonLook::Running);
    QVERIFY(!window.runButton()->isEnabled());
    QVERIFY(window.stopButton()->isEnabled());
    QVERIFY(!window.lessonList()->isEnabled()); // one run at a time, its lesson in view
    QVERIFY2(window.findChild<QLabel *>(QStringLiteral("lessonBrokerActive"))
                 ->text()
                 .contains(QStringLiteral("local mosquitto")),
             "the broker panel names the run's own mosquitto");
    QCOMPARE(window.timeline()->modelCount(), 1);

    // Ticking: while the run goes on, a row shows its figure so far, still "watching".
    ObservationTable *table = window.observations();
    QTRY_VERIFY_WITH_TIMEOUT(window.isRunning() && table->lookOf(1) == LessonLook::Running &&
                                 !table->item(1, ObservationTable::FigureColumn)->text().isEmpty(),
                             StepTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(window.detail()->currentStep() == 1, StepTimeoutMs);
    grabIfAsked(&window, QStringLiteral("lessons-running"));

    QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), RunTimeoutMs);
    QCOMPARE(window.statusOf(QStringLiteral("heartbeat")), LessonLook::Observed);
    for (int row = 0; row < table->rowCount(); ++row) {
        QCOMPARE(table->lookOf(row), LessonLook::Observed);
        QVERIFY(!table->item(row, ObservationTable::FigureColumn)->text().isEmpty());
        QVERIFY(!table->item(row, ObservationTable::TextColumn)->text().isEmpty());
        QCOMPARE(table->item(row, ObservationTable::ResultColumn)->text(),
                 QStringLiteral("observed"));
    }
    QVERIFY(window.lessonList()->currentItem()->text().contains(QStringLiteral("all observed")));
    QVERIFY2(window.summaryLabel()->text().contains(QStringLiteral("3 of 3 observed")),
             qPrintable(window.summaryLabel()->text()));
    int pingreqs = 0;
    for (const auto &mark : window.currentRun()->models().front()->pings())
        pingreqs += mark.type == Protocol::PacketType::Pingreq ? 1 : 0;
    QVERIFY2(pingreqs >= 3, qPrintable(QString::number(pingreqs)));
    QVERIFY(window.runButton()->isEnabled());
    QVERIFY(window.exportButton()->isEnabled());
    grabIfAsked(&window, QStringLiteral("lessons-heartbeat"));

    QTemporaryDir dir;
    QString error;
    const QString markdown = dir.filePath(QStringLiteral("heartbeat.md"));
    const QString html = dir.filePath(QStringLiteral("heartbeat.html"));
    QVERIFY2(window.exportTo(markdown, &error), qPrintable(error));
    QVERIFY2(window.exportTo(html, &error), qPrintable(error));
    const QString md = readAll(markdown);
    QVERIFY(md.startsWith(QStringLiteral("# The heartbeat")));
    QVERIFY(md.contains(QStringLiteral("OBSERVED")));
    const QString page = readAll(html);
    QVERIFY(page.contains(QStringLiteral("<h1>The heartbeat</h1>")));
    QVERIFY(page.contains(QStringLiteral("class=\"verdict observed\">OBSERVED")));
    QVERIFY(!window.exportTo(dir.filePath(QStringLiteral("no/such/dir/x.md")), &error));
    QVERIFY(!error.isEmpty());
}

void TestLessonsWindow::stopAndCloseEndARun()
{
    requireMosquitto();
    LessonsWindow window;
    window.show();
    QVERIFY(window.selectLesson(QStringLiteral("heartbeat")));
    for (const bool byClosing : {false, true}) {
        // The second pass is also a second Run after a finished one, in the same window.
        window.show();
        QTest::mouseClick(window.runButton(), Qt::LeftButton);
        QVERIFY(window.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(window.detail()->currentStep() == 1, StepTimeoutMs);
        if (byClosing)
            window.close();
        else
            QTest::mouseClick(window.stopButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), StepTimeoutMs);
        // Judged on what was seen: connected; the pings not yet.
        QVERIFY(window.statusOf(QStringLiteral("heartbeat")) != LessonLook::Running);
        QCOMPARE(window.observations()->lookOf(0), LessonLook::Observed);
        QVERIFY(window.runButton()->isEnabled());
    }
}

void TestLessonsWindow::deletingTheWindowMidRunIsClean()
{
    requireMosquitto();
    auto window = std::make_unique<LessonsWindow>();
    window->show();
    QVERIFY(window->selectLesson(QStringLiteral("heartbeat")));
    window->run();
    QTRY_VERIFY_WITH_TIMEOUT(window->detail()->currentStep() == 1, StepTimeoutMs);
    window.reset(); // as when the app quits mid-run: sessions and broker go, nothing crashes
    QVERIFY(!window);
}

void TestLessonsWindow::brokerPanelSaysWhyItCannotRun()
{
    LessonsWindow window;
    LessonBrokerPanel *panel = window.brokerPanel();
    auto *info = window.findChild<QLabel *>(QStringLiteral("lessonBrokerInfo"));
    panel->setMosquittoPath(QString());
    QVERIFY(!window.runButton()->isEnabled());
    QVERIFY2(window.runButton()->toolTip().contains(QStringLiteral("not installed")),
             qPrintable(window.runButton()->toolTip()));
    QVERIFY(info->text().contains(QStringLiteral("not installed")));

    // A broker of the user's: runnable once the address reads; a lesson with broker settings
    // says it needs them.
    panel->setAddress(QStringLiteral("broker.local:notaport"));
    QVERIFY(!window.runButton()->isEnabled());
    panel->setAddress(QStringLiteral("[::1]:1884"));
    QVERIFY(window.runButton()->isEnabled());
    QCOMPARE(panel->choice().host, QStringLiteral("::1"));
    QCOMPARE(panel->choice().port, quint16(1884));
    QString configured;
    for (const Lesson &lesson : builtInLessons()) {
        if (!lesson.brokerConfig.isEmpty()) {
            configured = lesson.id;
            break;
        }
    }
    QVERIFY(!configured.isEmpty());
    QVERIFY(window.selectLesson(configured));
    QVERIFY2(info->text().contains(QStringLiteral("needs a broker configured with")),
             qPrintable(info->text()));
    QVERIFY(window.runButton()->isEnabled()); // still runnable: the observations will tell
}

void TestLessonsWindow::tradeoffChartForLessonTen()
{
    LessonsWindow window;
    window.show();
    QVERIFY(window.selectLesson(QStringLiteral("heartbeat")));
    QVERIFY(!window.chartTabs()->isTabVisible(1));
    if (!window.selectLesson(QString::fromLatin1(LessonsWindow::TradeoffLessonId)))
        QSKIP("lesson 10 is not in the catalogue");
    QVERIFY(window.chartTabs()->isTabVisible(1));
    KeepAliveTradeoffChart *chart = window.tradeoffChart();
    QCOMPARE(chart->pingsSeries()->count(), 8);
    QCOMPARE(chart->pingsSeries()->at(0), QPointF(5, 720)); // 3600 / 5 s
    QCOMPARE(chart->suggestedKeepAlive(), 0);
    chart->setSuggestion(29, QStringLiteral("RTT p50 0.1 ms"));
    QCOMPARE(chart->suggestedKeepAlive(), 29);
    window.chartTabs()->setCurrentIndex(1);
    grabIfAsked(&window, QStringLiteral("lessons-tradeoff"));
}

void TestLessonsWindow::mainWindowOpensItAndQuitsMidRun()
{
    requireMosquitto();
    auto window = std::make_unique<MainWindow>(nullptr, m_profilesDir.path());
    auto *action = window->findChild<QAction *>(QStringLiteral("actionLessons"));
    QVERIFY(action);
    QVERIFY(!action->shortcut().isEmpty());
    action->trigger();
    LessonsWindow *lessons = window->findChild<LessonsWindow *>();
    QVERIFY(lessons && lessons->isVisible());
    QCOMPARE(window->openLessons(QStringLiteral("heartbeat")), lessons); // one window, kept
    QVERIFY(!window->openLessons(QStringLiteral("no-such-lesson")));
    lessons->run();
    QTRY_VERIFY_WITH_TIMEOUT(lessons->detail()->currentStep() == 1, StepTimeoutMs);
    window.reset(); // the app quits mid-run: the lessons window, its run and broker go too
}

void TestLessonsWindow::runsOnABrokerOfTheUsers()
{
    BrokerFixture broker;
    PINGSCOPE_REQUIRE_BROKER(broker);
    LessonsWindow window;
    window.show();
    QVERIFY(window.selectLesson(QStringLiteral("heartbeat")));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(broker.port());
    window.brokerPanel()->setAddress(address);
    QTest::mouseClick(window.runButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window.detail()->currentStep() == 1, StepTimeoutMs);
    QVERIFY(
        window.findChild<QLabel *>(QStringLiteral("lessonBrokerActive"))->text().contains(address));
    window.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), StepTimeoutMs);
    QCOMPARE(window.observations()->lookOf(0), LessonLook::Observed);
}

void TestLessonsWindow::saysWhyARunCouldNotRun()
{
    // A port nobody listens on: the OS picked it free a moment ago.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    LessonsWindow window;
    window.show();
    QVERIFY(window.selectLesson(QStringLiteral("heartbeat")));
    window.brokerPanel()->setAddress(QStringLiteral("127.0.0.1:%1").arg(port));
    window.run();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), StepTimeoutMs);
    QCOMPARE(window.statusOf(QStringLiteral("heartbeat")), LessonLook::CouldNotRun);
    QVERIFY2(window.summaryLabel()->text().startsWith(QStringLiteral("Could not run")),
             qPrintable(window.summaryLabel()->text()));
    QVERIFY(window.lessonList()->currentItem()->text().contains(QStringLiteral("could not run")));
    QVERIFY(window.runButton()->isEnabled()); // try again, e.g. once the broker is up
    grabIfAsked(&window, QStringLiteral("lessons-could-not-run"));
}

QTEST_MAIN(TestLessonsWindow)
#include "tst_lessonswindow.moc"
