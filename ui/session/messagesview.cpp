#include "messagesview.h"

#include "session/messagedetail.h"
#include "session/messagemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace PingScope {

MessagesView::MessagesView(MessageModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_detail(new MessageDetail(this))
{
    m_proxy->setSourceModel(model);
    m_proxy->setFilterKeyColumn(MessageModel::TopicColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(QStringLiteral("messageFilter"));
    m_filter->setPlaceholderText(tr("Filter by topic…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Show only messages whose topic contains this text"));
    m_count->setObjectName(QStringLiteral("messageCount"));

    m_table->setObjectName(QStringLiteral("messageTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights keep the view virtual: no row is measured, however many there are.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(MessageModel::TimeColumn, digit * 13);
    header->resizeSection(MessageModel::TopicColumn, digit * 18);
    header->resizeSection(MessageModel::QosColumn, digit * 5);
    header->resizeSection(MessageModel::RetainColumn, digit * 7);
    header->resizeSection(MessageModel::SizeColumn, digit * 8);

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
    layout->addWidget(m_splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filter, &QLineEdit::textChanged, this, [this] { updateCount(); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        updateCount();
        followNewRows();
    });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, [this] { updateCount(); });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] { updateCount(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { showCurrent(); });
    updateCount();
}

QString MessagesView::countText() const
{
    return m_count->text();
}

void MessagesView::updateCount()
{
    const QLocale locale;
    QString text =
        m_filter->text().isEmpty()
            ? tr("%1 messages").arg(locale.toString(m_model->rowCount()))
            : tr("%1 of %2 messages")
                  .arg(locale.toString(m_proxy->rowCount()), locale.toString(m_model->rowCount()));
    // Always shown, also at zero: that nothing was lost is worth knowing too.
    text += tr(" · %1 dropped (keeps the newest %2)")
                .arg(locale.toString(qulonglong(m_model->droppedCount())),
                     locale.toString(qlonglong(m_model->maximumRows())));
    m_count->setText(text);
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
