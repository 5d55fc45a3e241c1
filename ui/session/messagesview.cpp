#include "messagesview.h"

#include "session/messagedetail.h"
#include "session/messagefilterproxy.h"
#include "session/messagemodel.h"
#include "session/tablesetup.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace PingScope {

MessagesView::MessagesView(MessageModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new MessageFilterProxy(model, this))
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_filterProblem(new QLabel(this))
    , m_table(new QTableView(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_detail(new MessageDetail(this))
{
    m_filter->setObjectName(QStringLiteral("messageFilter"));
    m_filter->setPlaceholderText(tr("Filter by topic: text, or a filter like sensors/+/temp"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Plain text shows topics containing it (any case); with + or # it "
                            "is an MQTT topic filter, matched as the broker matches"));
    m_count->setObjectName(QStringLiteral("messageCount"));
    m_filterProblem->setObjectName(QStringLiteral("messageFilterProblem"));
    m_filterProblem->setWordWrap(true);
    // The same red as the editor's field problems; the words carry the meaning.
    m_filterProblem->setStyleSheet(QStringLiteral("color: #d83b3b;"));
    m_filterProblem->hide();

    m_table->setObjectName(QStringLiteral("messageTable"));
    m_table->setModel(m_proxy);
    setUpLargeTable(m_table);
    QHeaderView *header = m_table->horizontalHeader();
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    // Topics are what people scan for; payloads get what is left (the last section stretches).
    header->resizeSection(MessageModel::TimeColumn, digit * 12);
    header->resizeSection(MessageModel::TopicColumn, digit * 20);
    header->resizeSection(MessageModel::QosColumn, digit * 4);
    header->resizeSection(MessageModel::RetainColumn, digit * 6);
    header->resizeSection(MessageModel::SizeColumn, digit * 7);

    m_splitter->setObjectName(QStringLiteral("messagesSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_filterProblem);
    layout->addWidget(m_splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &MessagesView::applyFilter);
    // The count follows the model, not the proxy: with a filter on, a batch that matches
    // nothing changes no shown row, yet the total and dropped counts move. The proxy was
    // connected first, so its rows are up to date when these run.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { updateCount(); });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] { updateCount(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { updateCount(); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] { followNewRows(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { showCurrent(); });
    updateCount();
}

QString MessagesView::countText() const
{
    return m_count->text();
}

void MessagesView::setTopicFilter(const QString &text)
{
    m_filter->setText(text);
}

void MessagesView::applyFilter(const QString &text)
{
    m_proxy->setTopicFilter(text);
    const QString problem = m_proxy->problem();
    m_filterProblem->setText(problem.isEmpty() ? QString()
                                               : tr("✕ matches nothing: %1").arg(problem));
    m_filterProblem->setVisible(!problem.isEmpty());
    updateCount();
}

void MessagesView::updateCount()
{
    const QLocale locale;
    QString text =
        m_filter->text().isEmpty()
            ? tr("%1 messages").arg(locale.toString(m_model->rowCount()))
            : tr("%1 shown of %2 messages")
                  .arg(locale.toString(m_proxy->rowCount()), locale.toString(m_model->rowCount()));
    // Always shown, also at zero: that nothing was lost is worth knowing too. The bound
    // goes in the tooltip, so the line stays short beside the filter field.
    text += tr(" · %1 dropped").arg(locale.toString(qulonglong(m_model->droppedCount())));
    m_count->setText(text);
    m_count->setToolTip(tr("Keeps the newest %1 messages (Preferences); older ones are dropped "
                           "and counted")
                            .arg(locale.toString(qlonglong(m_model->maximumRows()))));
}

void MessagesView::showCurrent()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (current.isValid())
        m_detail->showMessage(m_model->row(current.row()));
    else
        m_detail->clearMessage();
}

void MessagesView::followNewRows()
{
    // Like a terminal: follow the newest while the user is at the bottom, stay put when
    // they scrolled up to read.
    QScrollBar *bar = m_table->verticalScrollBar();
    if (bar->value() >= bar->maximum() - 2 * m_table->verticalHeader()->defaultSectionSize())
        m_table->scrollToBottom();
}

} // namespace PingScope
