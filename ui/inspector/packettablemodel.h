#pragma once

#include "monitor/clockorigin.h"
#include "monitor/eventhistory.h"

#include <QAbstractTableModel>
#include <QCache>

#include <deque>

namespace PingScope {

// The packets of one session's EventHistory that pass the type and direction filter, for a
// virtualized table; the history keeps every event (the exports want them all). Appended
// once per batch (one beginInsertRows), rows of evicted events removed in one block, so a
// session receiving 20,000 messages/s costs a view a repaint per batch. Nothing is decoded
// on arrival: a row's summary is decoded when a view asks for it (visible rows only) and
// kept in a small cache.
class PacketTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, DirectionColumn, TypeColumn, SizeColumn, SummaryColumn, ColumnCount };
    static constexpr quint32 AllTypes = 0xffffu; // bit n: PacketType n

    explicit PacketTableModel(QObject *parent = nullptr,
                              qsizetype maximumEvents = EventHistory::DefaultMaximumEvents,
                              qint64 maximumBytes = EventHistory::DefaultMaximumBytes);

    void appendEvents(const QList<const Event *> &events);
    // Bit n of `types` lets PacketType n through; Direction::None lets both through.
    void setFilter(quint32 types, Direction direction);
    quint32 typeFilter() const { return m_types; }
    Direction directionFilter() const { return m_direction; }

    const EventHistory &history() const { return m_history; }
    const ClockOrigin &clockOrigin() const { return m_origin; }
    // The row of the packet with `sequence`, or -1 (evicted, filtered out, not a packet).
    int rowOfSequence(quint64 sequence) const;
    quint64 sequenceAt(int row) const { return m_rows[size_t(row)]; }
    const Event *eventAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    bool passes(const Event &event) const;
    QString summaryOf(const Event &event) const;

    EventHistory m_history;
    ClockOrigin m_origin;
    std::deque<quint64> m_rows; // the sequences of the packets shown, increasing
    quint32 m_types = AllTypes;
    Direction m_direction = Direction::None;
    mutable QCache<quint64, QString> m_summaries; // by sequence; visible rows only
};

} // namespace PingScope
