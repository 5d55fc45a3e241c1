#include "brokerlogview.h"

#include "broker/brokerstatusline.h"
#include "broker/localbroker.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace PingScope {

namespace {

QToolButton *buttonFor(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

QString withShortcut(const QString &tip, const QAction *action)
{
    return QStringLiteral("%1 (%2)").arg(tip,
                                         action->shortcut().toString(QKeySequence::NativeText));
}

} // namespace

BrokerLogView::BrokerLogView(QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_dropped(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
    , m_copy(new QAction(tr("Copy"), this))
    , m_clear(new QAction(tr("Clear"), this))
{
    m_status->setObjectName(QStringLiteral("brokerStatus"));
    m_status->setWordWrap(true);
    // The configuration's path and the install command are there to be copied.
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dropped->setObjectName(QStringLiteral("brokerLogDropped"));
    m_dropped->setVisible(false);

    m_text->setObjectName(QStringLiteral("brokerLogText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // One block per line, so the bound and the scroll position count log lines.
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setMaximumBlockCount(DefaultMaximumLines);
    m_text->setPlaceholderText(tr("What the local mosquitto logs appears here while it runs."));

    // Shortcuts for this dock only: Ctrl+C keeps copying the selection in the text itself.
    m_copy->setObjectName(QStringLiteral("brokerLogCopy"));
    m_copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copy->setToolTip(withShortcut(
        tr("Copy the selected lines, or the whole log when nothing is selected"), m_copy));
    connect(m_copy, &QAction::triggered, this, &BrokerLogView::copy);
    m_clear->setObjectName(QStringLiteral("brokerLogClear"));
    m_clear->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_clear->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_clear->setToolTip(withShortcut(
        tr("Empty this view; mosquitto keeps running and new lines keep coming"), m_clear));
    connect(m_clear, &QAction::triggered, this, &BrokerLogView::clear);
    addActions({m_copy, m_clear});

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(buttonFor(m_copy, this), 0, Qt::AlignTop);
    bar->addWidget(buttonFor(m_clear, this), 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_dropped);
    layout->addWidget(m_text, 1);

    refreshStatus();
}

void BrokerLogView::setBroker(LocalBroker *broker)
{
    if (broker == m_broker)
        return;
    if (m_broker)
        m_broker->disconnect(this);
    m_broker = broker;
    clear();
    if (broker) {
        const QString history = broker->log();
        appendLines(history.endsWith(QLatin1Char('\n')) ? history.chopped(1) : history);
        connect(broker, &LocalBroker::logAppended, this, [this](const QString &lines) {
            appendLines(lines);
            refreshStatus(); // a failed start says so only in its log line and errorString()
        });
        connect(broker, &LocalBroker::runningChanged, this, &BrokerLogView::refreshStatus);
        connect(broker, &QObject::destroyed, this, &BrokerLogView::refreshStatus);
    }
    refreshStatus();
}

void BrokerLogView::setMaximumLines(int lines)
{
    m_text->setMaximumBlockCount(qMax(lines, 1));
    refreshDropped();
}

int BrokerLogView::maximumLines() const
{
    return m_text->maximumBlockCount();
}

quint64 BrokerLogView::droppedLines() const
{
    const int shown = m_text->document()->isEmpty() ? 0 : m_text->blockCount();
    return m_linesShown - quint64(shown);
}

void BrokerLogView::appendLines(const QString &lines)
{
    if (lines.isEmpty())
        return;
    QScrollBar *scroll = m_text->verticalScrollBar();
    const bool following = scroll->value() >= scroll->maximum();
    const int position = scroll->value();
    const int blocksBefore = m_text->document()->isEmpty() ? 0 : m_text->blockCount();
    const int added = int(lines.count(QLatin1Char('\n'))) + 1;

    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    bool first = m_linesShown == 0; // the empty document's one block takes the first line
    for (const QStringView line : QStringView(lines).split(QLatin1Char('\n'))) {
        const QTextCharFormat format = formatOf(line);
        if (!first)
            cursor.insertBlock(QTextBlockFormat(), format);
        cursor.insertText(line.toString(), format);
        first = false;
    }
    cursor.endEditBlock(); // the bound (maximumBlockCount) applies here
    m_linesShown += quint64(added);

    if (following) {
        scroll->setValue(scroll->maximum());
    } else {
        // The bound removed lines above what the user reads: move up as many, so the same
        // lines stay in view instead of drifting away under them.
        const int removed = blocksBefore + added - m_text->blockCount();
        scroll->setValue(qMax(0, position - removed));
    }
    refreshDropped();
}

QTextCharFormat BrokerLogView::formatOf(QStringView line) const
{
    QTextCharFormat format;
    // Our own lines (start, stop, exit) stand out from mosquitto's; so do the broker's
    // errors and its keep-alive enforcement, the moments a person looks for here.
    if (line.contains(QLatin1String("[PingScope]")))
        format.setFontWeight(QFont::Bold);
    if (line.contains(QLatin1String("Error")) || line.contains(QLatin1String("exceeded timeout")))
        format.setForeground(StateAppearance::colour(SessionLook::Lost, palette()));
    return format;
}

void BrokerLogView::copy()
{
    const QString selected = m_text->textCursor().selectedText();
    // selectedText() separates lines by U+2029 (paragraph separator).
    QGuiApplication::clipboard()->setText(
        selected.isEmpty()
            ? m_text->toPlainText()
            : QString(selected).replace(QChar::ParagraphSeparator, QLatin1Char('\n')));
}

void BrokerLogView::clear()
{
    m_text->clear();
    m_linesShown = 0;
    refreshDropped();
}

void BrokerLogView::refreshStatus()
{
    const BrokerStatusLine line = brokerStatusLine(m_broker, LocalBroker::findExecutable());
    m_status->setText(line.text);
    m_status->setToolTip(line.toolTip);
    m_status->setStyleSheet(line.look == SessionLook::Disconnected
                                ? QString()
                                : QStringLiteral("color: %1;")
                                      .arg(StateAppearance::colour(line.look, palette()).name()));
}

void BrokerLogView::refreshDropped()
{
    const quint64 dropped = droppedLines();
    m_dropped->setVisible(dropped > 0);
    if (dropped > 0) {
        const QLocale locale;
        m_dropped->setText(
            tr("%1 older lines dropped: this view keeps the last %2")
                .arg(locale.toString(qulonglong(dropped)), locale.toString(maximumLines())));
    }
}

} // namespace PingScope
