#include "lessondetail.h"

#include "lessonlook.h"

#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QRegularExpression>
#include <QTextBrowser>

#include <QBoxLayout>
#include <algorithm>

namespace PingScope {

LessonDetail::LessonDetail(QWidget *parent)
    : QWidget(parent)
    , m_explanation(new QTextBrowser(this))
    , m_steps(new QListWidget(this))
{
    m_explanation->setObjectName(QStringLiteral("lessonExplanation"));
    m_steps->setObjectName(QStringLiteral("lessonSteps"));
    m_explanation->setOpenLinks(false);
    m_explanation->setFrameShape(QFrame::NoFrame);
    // Readable at a projector's distance: a little larger than the list text.
    QFont text = m_explanation->font();
    text.setPointSizeF(text.pointSizeF() * 1.1);
    m_explanation->setFont(text);
    m_steps->setSelectionMode(QAbstractItemView::NoSelection);
    m_steps->setFocusPolicy(Qt::NoFocus);
    m_steps->setWordWrap(true);
    m_steps->setToolTip(tr("What the lesson does, in order; the current step is bold"));

    auto *stepsLabel = new QLabel(tr("Steps"), this);
    QFont heading = stepsLabel->font();
    heading.setBold(true);
    stepsLabel->setFont(heading);

    auto *steps = new QVBoxLayout;
    steps->addWidget(stepsLabel);
    steps->addWidget(m_steps, 1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_explanation, 3);
    layout->addLayout(steps, 2);
}

namespace {

QString withSpecIds(const QString &text)
{
    static const QRegularExpression specId(QStringLiteral("(\\[MQTT-[0-9.]+-[0-9]+\\])"));
    QString html = text.toHtmlEscaped();
    html.replace(specId, QStringLiteral("<b><code>\\1</code></b>"));
    return html;
}

// A Markdown table (lesson 10's trade-off figures) as an HTML table.
QString tableHtml(const QStringList &lines)
{
    static const QRegularExpression rule(QStringLiteral("^\\|[-|: ]+\\|$"));
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\">");
    bool header = true;
    for (const QString &line : lines) {
        if (rule.match(line.trimmed()).hasMatch())
            continue;
        const QStringList cells = line.trimmed().mid(1).chopped(1).split(QLatin1Char('|'));
        html += QStringLiteral("<tr>");
        for (const QString &cell : cells)
            html += QStringLiteral("<%1>%2</%1>")
                        .arg(header ? QStringLiteral("th") : QStringLiteral("td"),
                             withSpecIds(cell.trimmed()));
        html += QStringLiteral("</tr>");
        header = false;
    }
    return html + QStringLiteral("</table>");
}

} // namespace

QString LessonDetail::explanationHtml(const QString &explanation)
{
    QString html;
    for (const QString &block : explanation.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts)) {
        const QStringList lines = block.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const bool table =
            !lines.isEmpty() && std::all_of(lines.cbegin(), lines.cend(), [](const QString &line) {
                return line.trimmed().startsWith(QLatin1Char('|'));
            });
        html +=
            table ? tableHtml(lines)
                  : QStringLiteral("<p style=\"line-height:130%\">%1</p>").arg(withSpecIds(block));
    }
    return html;
}

void LessonDetail::setLesson(const Lesson &lesson)
{
    m_explanation->setHtml(explanationHtml(lesson.explanation));
    m_steps->clear();
    for (qsizetype i = 0; i < lesson.steps.size(); ++i)
        m_steps->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(lesson.steps.at(i).description));
    m_current = -1;
    m_done = 0;
    paintSteps();
}

void LessonDetail::setFinished()
{
    m_done = m_current + 1;
    m_current = -1;
    paintSteps();
}

void LessonDetail::setCurrentStep(int index)
{
    m_current = index;
    m_done = qMax(0, index);
    paintSteps();
    if (index >= 0 && index < m_steps->count())
        m_steps->scrollToItem(m_steps->item(index));
}

void LessonDetail::paintSteps()
{
    const QPalette &palette = this->palette(); // updated before the list's, at a scheme change
    const int side = m_steps->fontMetrics().height();
    QPixmap blank(side, side);
    blank.fill(Qt::transparent);
    for (int row = 0; row < m_steps->count(); ++row) {
        QListWidgetItem *item = m_steps->item(row);
        const bool current = row == m_current;
        const bool done = row < m_done;
        QFont font = m_steps->font();
        font.setBold(current);
        item->setFont(font);
        item->setIcon(current ? LessonAppearance::icon(LessonLook::Running, palette)
                              : QIcon(blank));
        // Done steps fade but stay readable in either scheme.
        QColor text = palette.color(QPalette::Text);
        if (done)
            text.setAlphaF(0.6);
        item->setForeground(text);
        item->setBackground(current ? palette.brush(QPalette::AlternateBase) : QBrush());
    }
}

void LessonDetail::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        paintSteps();
}

} // namespace PingScope
