#include "packetinspector.h"

#include "packetdetail.h"
#include "packetlook.h"
#include "packettablemodel.h"
#include "session/tablesetup.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace PingScope {

using Protocol::PacketType;

namespace {

constexpr quint32 bit(PacketType type)
{
    return 1u << quint32(type);
}

void addTypeFilters(QComboBox *combo)
{
    combo->addItem(QObject::tr("All packet types"), PacketTableModel::AllTypes);
    combo->addItem(QObject::tr("Pings (PINGREQ, PINGRESP)"),
                   bit(PacketType::Pingreq) | bit(PacketType::Pingresp));
    combo->addItem(QObject::tr("All but pings"),
                   PacketTableModel::AllTypes &
                       ~(bit(PacketType::Pingreq) | bit(PacketType::Pingresp)));
    combo->insertSeparator(combo->count());
    for (int type = int(PacketType::Connect); type <= int(PacketType::Auth); ++type) {
        const auto packetType = PacketType(type);
        combo->addItem(PacketLook::icon(packetType, combo->palette()),
                       Protocol::packetTypeName(packetType), bit(packetType));
    }
}

} // namespace

PacketInspector::PacketInspector(QWidget *parent)
    : QWidget(parent)
    , m_model(new PacketTableModel(this))
    , m_typeFilter(new QComboBox(this))
    , m_directionFilter(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
    , m_detail(new PacketDetail(this))
{
    addTypeFilters(m_typeFilter);
    m_typeFilter->setToolTip(tr("Show only packets of this type"));
    m_directionFilter->addItem(tr("Both directions"), int(Direction::None));
    m_directionFilter->addItem(PacketLook::directionText(Direction::Sent), int(Direction::Sent));
    m_directionFilter->addItem(PacketLook::directionText(Direction::Received),
                               int(Direction::Received));
    m_directionFilter->setToolTip(tr("Show only packets going this way"));

    m_table->setModel(m_model);
    setUpLargeTable(m_table);
    QHeaderView *header = m_table->horizontalHeader();
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(PacketTableModel::TimeColumn, 14 * digit);
    header->resizeSection(PacketTableModel::DirectionColumn, 16 * digit);
    header->resizeSection(PacketTableModel::TypeColumn, 14 * digit);
    header->resizeSection(PacketTableModel::SizeColumn, 8 * digit);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Show:"), this));
    filters->addWidget(m_typeFilter);
    filters->addWidget(m_directionFilter);
    filters->addStretch(1);
    filters->addWidget(m_count);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);

    connect(m_typeFilter, &QComboBox::currentIndexChanged, this, &PacketInspector::applyFilter);
    connect(m_directionFilter, &QComboBox::currentIndexChanged, this,
            &PacketInspector::applyFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { onCurrentRowChanged(current.row()); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &PacketInspector::updateCount);
    updateCount();
}

void PacketInspector::appendEvents(const QList<const Event *> &events)
{
    m_model->appendEvents(events);
    updateCount();
}

bool PacketInspector::selectSequence(quint64 sequence)
{
    const int row = m_model->rowOfSequence(sequence);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, PacketTableModel::TypeColumn);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

QString PacketInspector::summaryOf(quint64 sequence) const
{
    const qsizetype index = m_model->history().indexOfSequence(sequence);
    return index < 0 ? QString() : m_model->history().at(index).summary();
}

const EventHistory &PacketInspector::history() const
{
    return m_model->history();
}

const ClockOrigin &PacketInspector::clockOrigin() const
{
    return m_model->clockOrigin();
}

void PacketInspector::applyFilter()
{
    const quint64 selected = m_shownSequence;
    m_model->setFilter(m_typeFilter->currentData().toUInt(),
                       Direction(m_directionFilter->currentData().toInt()));
    // The packet being read stays selected when the new filter still shows it.
    if (selected == 0 || !selectSequence(selected))
        onCurrentRowChanged(-1);
}

void PacketInspector::onCurrentRowChanged(int row)
{
    const Event *event = m_model->eventAt(row);
    const quint64 sequence = event ? event->sequence : 0;
    if (sequence == m_shownSequence)
        return;
    m_shownSequence = sequence;
    m_detail->showPacket(event, event ? m_model->clockOrigin()
                                            .wallTime(event->timeNs)
                                            .toString(QStringLiteral("HH:mm:ss.zzz"))
                                      : QString());
    if (event)
        Q_EMIT packetSelected(sequence);
}

void PacketInspector::updateCount()
{
    const EventHistory &history = m_model->history();
    QString text = tr("%1 packets shown").arg(QLocale().toString(m_model->rowCount()));
    if (history.evictedCount() > 0)
        text +=
            tr(" · %1 older events no longer kept").arg(QLocale().toString(history.evictedCount()));
    m_count->setText(text);
}

} // namespace PingScope
