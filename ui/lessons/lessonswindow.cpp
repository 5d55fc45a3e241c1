#include "lessonswindow.h"

#include "lessonbrokerpanel.h"
#include "lessondetail.h"
#include "lessonexport.h"
#include "lessonrun.h"
#include "lessons/lessoncatalog.h"
#include "observationtable.h"
#include "session/shapeicon.h"
#include "timeline/keepalivetradeoffchart.h"
#include "timeline/timelinechart.h"

#include <QCloseEvent>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace PingScope {

namespace {

constexpr int IdRole = Qt::UserRole + 1;

QPushButton *button(const QString &text, const QString &name, const QKeySequence &keys,
                    QWidget *parent)
{
    auto *result = new QPushButton(text, parent);
    result->setObjectName(name);
    result->setShortcut(keys);
    return result;
}

} // namespace

qint64 LessonsWindow::longestRunMs(const Lesson &lesson)
{
    qint64 ms = 0;
    for (const LessonStep &step : lesson.steps) {
        if (step.action == LessonStep::Action::Wait ||
            step.action == LessonStep::Action::WaitForEvent)
            ms += step.ms;
    }
    return ms;
}

LessonsWindow::LessonsWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_lessons(builtInLessons())
    , m_list(new QListWidget(this))
    , m_broker(new LessonBrokerPanel(this))
    , m_title(new QLabel(this))
    , m_detail(new LessonDetail(this))
    , m_run(
          button(tr("&Run"), QStringLiteral("lessonRun"), QKeySequence(Qt::CTRL | Qt::Key_R), this))
    , m_stop(button(tr("&Stop"), QStringLiteral("lessonStop"),
                    QKeySequence(Qt::CTRL | Qt::Key_Period), this))
    , m_export(button(tr("&Export…"), QStringLiteral("lessonExport"),
                      QKeySequence(Qt::CTRL | Qt::Key_S), this))
    , m_summaryIcon(new ShapeIcon({}, this))
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_timeline(new TimelineChart(this))
    , m_tradeoff(new KeepAliveTradeoffChart(this))
    , m_observations(new ObservationTable(this))
{
    setObjectName(QStringLiteral("lessonsWindow"));
    setWindowTitle(tr("Lessons — PingScope"));
    m_list->setObjectName(QStringLiteral("lessonList"));
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    m_summary->setObjectName(QStringLiteral("lessonSummary"));
    m_tabs->setObjectName(QStringLiteral("lessonCharts"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildLessonColumn());
    splitter->addWidget(buildLessonPane());
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({330, 1070});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    resize(1400, 940);

    for (const Lesson &lesson : std::as_const(m_lessons)) {
        auto *item = new QListWidgetItem(m_list);
        item->setData(IdRole, lesson.id);
        item->setToolTip(tr("%1 (pingscope-cli --lesson %2)").arg(lesson.title, lesson.id));
        m_status.insert(lesson.id, LessonLook::NotRun);
        paintListItem(m_list->count() - 1);
    }
    connect(m_list, &QListWidget::currentRowChanged, this, [this] { showSelected(); });
    connect(m_broker, &LessonBrokerPanel::changed, this, [this] { updateButtons(); });
    connect(m_run, &QPushButton::clicked, this, &LessonsWindow::run);
    connect(m_stop, &QPushButton::clicked, this, &LessonsWindow::stop);
    connect(m_export, &QPushButton::clicked, this, &LessonsWindow::exportSelected);
    m_summaryIcon->setPainter([this](QPainter *painter, const QRectF &box, const QPalette &pal) {
        LessonAppearance::paintShape(painter, box, m_summaryLook, pal);
    });
    m_list->setCurrentRow(0);
}

LessonsWindow::~LessonsWindow()
{
    // The chart holds the run's models: it lets go of them before they go.
    m_timeline->clearModels();
    m_currentRun.reset();
}

QWidget *LessonsWindow::buildLessonColumn()
{
    auto *column = new QWidget(this);
    auto *heading = new QLabel(tr("Lessons"), column);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    m_list->setWordWrap(true);
    m_list->setSpacing(2);
    m_list->setIconSize(QSize(24, 24));
    auto *brokerBox = new QGroupBox(tr("Broker"), column);
    auto *brokerLayout = new QVBoxLayout(brokerBox);
    brokerLayout->addWidget(m_broker);
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading);
    layout->addWidget(m_list, 1);
    layout->addWidget(brokerBox);
    return column;
}

QWidget *LessonsWindow::buildLessonPane()
{
    auto *pane = new QWidget(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    QFont summaryFont = m_summary->font();
    summaryFont.setBold(true);
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.15);
    m_summary->setFont(summaryFont);
    m_summaryIcon->setFont(summaryFont);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stop->setToolTip(tr("Stop the run: the observations are judged on what was seen so far "
                          "(%1)")
                           .arg(m_stop->shortcut().toString(QKeySequence::NativeText)));
    m_export->setToolTip(tr("Save the result as Markdown or HTML, for a class handout (%1)")
                             .arg(m_export->shortcut().toString(QKeySequence::NativeText)));

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_run);
    controls->addWidget(m_stop);
    controls->addWidget(m_export);
    controls->addSpacing(12);
    controls->addWidget(m_summaryIcon, 0, Qt::AlignVCenter);
    controls->addWidget(m_summary, 1);

    m_tabs->addTab(m_timeline, tr("&Timeline"));
    m_tabs->addTab(m_tradeoff, tr("Trade-&off"));
    m_tabs->setTabToolTip(1, tr("Pings per hour against the time to notice a dead link"));

    auto *splitter = new QSplitter(Qt::Vertical, pane);
    m_paneSplitter = splitter;
    splitter->addWidget(m_detail);
    splitter->addWidget(m_tabs);
    splitter->addWidget(m_observations);
    splitter->setChildrenCollapsible(false);
    // Growing the window grows the charts most, but the observations too: they are the result.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);
    return pane;
}

bool LessonsWindow::selectLesson(const QString &id)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(IdRole).toString() == id) {
            if (!isRunning())
                m_list->setCurrentRow(row);
            return !isRunning() || selectedLessonId() == id;
        }
    }
    return false;
}

QString LessonsWindow::selectedLessonId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(IdRole).toString() : QString();
}

const Lesson *LessonsWindow::selectedLesson() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_lessons.size() ? &m_lessons.at(row) : nullptr;
}

LessonLook LessonsWindow::statusOf(const QString &id) const
{
    return m_status.value(id, LessonLook::NotRun);
}

const LessonReport *LessonsWindow::selectedReport() const
{
    const auto found = m_reports.constFind(selectedLessonId());
    return found == m_reports.cend() ? nullptr : &found.value();
}

void LessonsWindow::setStatus(const QString &id, LessonLook look)
{
    m_status.insert(id, look);
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(IdRole).toString() == id)
            paintListItem(row);
    }
}

void LessonsWindow::paintListItem(int row)
{
    QListWidgetItem *item = m_list->item(row);
    const Lesson &lesson = m_lessons.at(row);
    const LessonLook look = statusOf(lesson.id);
    // Title, then the status in words: the list reads without the icon's colour.
    item->setText(
        QStringLiteral("%1. %2\n%3")
            .arg(QString::number(row + 1), lesson.title, LessonAppearance::statusWord(look)));
    item->setIcon(LessonAppearance::icon(look, palette()));
}

void LessonsWindow::showSelected()
{
    const Lesson *lesson = selectedLesson();
    if (!lesson)
        return;
    m_title->setText(lesson->title);
    m_detail->setLesson(*lesson);
    m_broker->setLesson(*lesson);
    m_observations->setObservations(lesson->observations);
    const bool tradeoff = lesson->id == QLatin1String(TradeoffLessonId);
    m_tabs->setTabVisible(1, tradeoff);
    m_tabs->setCurrentIndex(0);
    if (!tradeoff)
        m_tradeoff->setSuggestion(0);

    m_timeline->clearModels();
    const bool ranHere = m_currentRun && m_currentRun->lesson().id == lesson->id;
    if (ranHere) {
        for (size_t i = 0; i < m_currentRun->models().size(); ++i)
            m_timeline->addModel(m_currentRun->models()[i].get(),
                                 m_currentRun->sessionName(int(i)));
        m_timeline->modelChanged();
    }
    if (const LessonReport *report = selectedReport()) {
        showReport(*report);
    } else {
        showSummary(LessonLook::NotRun,
                    tr("Not run yet. Run takes up to %1 s.")
                        .arg(QString::number(double(longestRunMs(*lesson)) / 1000.0 + 1, 'f', 0)));
    }
    updateButtons();
}

void LessonsWindow::showSummary(LessonLook look, const QString &text)
{
    m_summaryLook = look;
    m_summaryIcon->update();
    m_summary->setText(text);
}

void LessonsWindow::showReport(const LessonReport &report)
{
    for (int i = 0; i < report.results.size(); ++i)
        onObservation(i, report.results.at(i).outcome, true);
    const LessonLook look = LessonAppearance::ofReport(report);
    if (look == LessonLook::CouldNotRun) {
        showSummary(look, tr("Could not run: %1").arg(report.error));
        return;
    }
    QString status = LessonAppearance::statusWord(look);
    status[0] = status.at(0).toUpper();
    showSummary(look, tr("%1 · %2").arg(status, report.summary()));
}

void LessonsWindow::updateButtons()
{
    const bool running = isRunning();
    QString why;
    const bool runnable = selectedLesson() && m_broker->canRun(&why);
    m_run->setEnabled(!running && runnable);
    m_run->setToolTip(runnable ? tr("Run the lesson against the broker below (%1)")
                                     .arg(m_run->shortcut().toString(QKeySequence::NativeText))
                               : why);
    m_stop->setEnabled(running && m_currentRun && m_currentRun->isRunning());
    m_export->setEnabled(!running && selectedReport());
    m_list->setEnabled(!running);
    m_list->setToolTip(running ? tr("Stop the run to choose another lesson") : QString());
    m_broker->setLocked(running);
}

bool LessonsWindow::exportTo(const QString &path, QString *error) const
{
    const LessonReport *report = selectedReport();
    if (!report) {
        *error = tr("the lesson has not been run yet");
        return false;
    }
    return writeLessonReport(*report, path, error);
}

void LessonsWindow::exportSelected()
{
    const LessonReport *report = selectedReport();
    if (!report)
        return;
    const QString path = askLessonReportPath(this, *report);
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export failed"),
                             tr("“%1” was not written: %2").arg(path, error));
}

void LessonsWindow::closeEvent(QCloseEvent *event)
{
    stop(); // a run does not go on unseen; it ends with the sessions closed
    event->accept();
}

void LessonsWindow::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_shownBefore)
        return; // the user's own splitter positions stay
    m_shownBefore = true;
    // Shares of the height once it is known: a quarter for the words, the rest for the charts
    // and the observations (the result, rows of wrapped sentences).
    // After the layout settled: at the first show the splitter does not have its height yet.
    QTimer::singleShot(0, this, [this] {
        const int height = m_paneSplitter->height();
        m_paneSplitter->setSizes({height * 24 / 100, height * 44 / 100, height * 32 / 100});
    });
}

void LessonsWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (int row = 0; row < m_list->count(); ++row)
            paintListItem(row);
    }
}

} // namespace PingScope
