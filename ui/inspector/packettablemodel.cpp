#include "packettablemodel.h"

#include "packetlook.h"
#include "session/keepalivetimer.h"
#include "session/messagemodel.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPalette>

#include <algorithm>

namespace PingScope {

namespace {

// Enough for a few screens of rows; each entry is one line of text.
constexpr int SummaryCacheRows = 2'000;

} // namespace

PacketTableModel::PacketTableModel(QObject *parent, qsizetype maximumEvents, qint64 maximumBytes)
    : QAbstractTableModel(parent)
    , m_history(maximumEvents, maximumBytes)
    , m_origin{KeepAliveTimer::monotonicClock()(), QDateTime::currentDateTime()}
    , m_summaries(SummaryCacheRows)
{}

bool PacketTableModel::passes(const Event &event) const
{
    return event.isPacket() && (m_types & (1u << quint32(event.packetType))) &&
           (m_direction == Direction::None || event.direction == m_direction);
}

void PacketTableModel::appendEvents(const QList<const Event *> &events)
{
    QList<quint64> added;
    for (const Event *event : events) {
        m_history.append(*event);
        if (passes(*event))
            added.append(event->sequence);
    }
    if (m_history.isEmpty())
        return;
    // Rows of events the history evicted go in one block; so do new rows a batch larger
    // than the history could not keep.
    const quint64 oldest = m_history.first().sequence;
    const auto gone = std::lower_bound(m_rows.begin(), m_rows.end(), oldest);
    if (gone != m_rows.begin()) {
        beginRemoveRows({}, 0, int(gone - m_rows.begin()) - 1);
        m_rows.erase(m_rows.begin(), gone);
        endRemoveRows();
    }
    added.erase(added.begin(), std::lower_bound(added.begin(), added.end(), oldest));
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_rows.insert(m_rows.end(), added.cbegin(), added.cend());
    endInsertRows();
}

void PacketTableModel::setFilter(quint32 types, Direction direction)
{
    if (types == m_types && direction == m_direction)
        return;
    beginResetModel();
    m_types = types;
    m_direction = direction;
    m_rows.clear();
    // Type and direction are plain fields: no packet is decoded to filter.
    for (qsizetype i = 0; i < m_history.size(); ++i) {
        if (passes(m_history.at(i)))
            m_rows.push_back(m_history.at(i).sequence);
    }
    endResetModel();
}

int PacketTableModel::rowOfSequence(quint64 sequence) const
{
    const auto found = std::lower_bound(m_rows.begin(), m_rows.end(), sequence);
    return found != m_rows.end() && *found == sequence ? int(found - m_rows.begin()) : -1;
}

const Event *PacketTableModel::eventAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return nullptr;
    const qsizetype index = m_history.indexOfSequence(m_rows[size_t(row)]);
    return index < 0 ? nullptr : &m_history.at(index);
}

QString PacketTableModel::summaryOf(const Event &event) const
{
    if (const QString *cached = m_summaries.object(event.sequence))
        return *cached;
    const QString summary = event.summary();
    m_summaries.insert(event.sequence, new QString(summary));
    return summary;
}

int PacketTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PacketTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PacketTableModel::data(const QModelIndex &index, int role) const
{
    const Event *event = index.isValid() ? eventAt(index.row()) : nullptr;
    if (!event)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return m_origin.wallTime(event->timeNs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case DirectionColumn:
            return PacketLook::directionText(event->direction);
        case TypeColumn:
            return Protocol::packetTypeName(event->packetType);
        case SizeColumn:
            return byteSizeText(event->size());
        case SummaryColumn:
            return summaryOf(*event);
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (column == TypeColumn)
            return PacketLook::icon(event->packetType, QApplication::palette());
        return {};
    case Qt::ToolTipRole:
        if (column == SummaryColumn)
            return summaryOf(*event);
        return {};
    case Qt::TextAlignmentRole:
        if (column == SizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (column == TimeColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    default:
        return {};
    }
}

QVariant PacketTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DirectionColumn:
        return tr("Direction");
    case TypeColumn:
        return tr("Type");
    case SizeColumn:
        return tr("Size");
    case SummaryColumn:
        return tr("Summary");
    default:
        return {};
    }
}

} // namespace PingScope
