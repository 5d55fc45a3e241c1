#pragma once

#include "monitor/clockorigin.h"
#include "monitor/eventhistory.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace PingScope {

class PacketDetail;
class PacketTableModel;

// A session's "Packets" tab: a table of every packet it sent and received (time,
// direction, type, size, summary) filtered by type and direction, above the selected
// packet's fields and bytes (PacketDetail). Keeps the session's events, all kinds, in a
// bounded EventHistory for the CSV and pcap exports. Fed once per batch; stays responsive
// at 20,000 messages/s (see PacketTableModel).
class PacketInspector : public QWidget
{
    Q_OBJECT

public:
    explicit PacketInspector(QWidget *parent = nullptr);

    // One batch of this session's events, all kinds, oldest first.
    void appendEvents(const QList<const Event *> &events);
    // Selects the packet's row and scrolls to it; false if it is gone or filtered out.
    bool selectSequence(quint64 sequence);
    // The event's one-line summary (for the timeline's hover); empty if it is gone.
    QString summaryOf(quint64 sequence) const;
    const EventHistory &history() const;
    // Relates the events' clock to the wall clock, for the exports' dates.
    const ClockOrigin &clockOrigin() const;

    // For tests and the lead's wiring: the parts.
    QTableView *table() const { return m_table; }
    PacketDetail *detail() const { return m_detail; }
    QComboBox *typeFilter() const { return m_typeFilter; }
    QComboBox *directionFilter() const { return m_directionFilter; }

Q_SIGNALS:
    void packetSelected(quint64 sequence);

private:
    void applyFilter();
    void onCurrentRowChanged(int row);
    void updateCount();

    PacketTableModel *m_model;
    QComboBox *m_typeFilter;
    QComboBox *m_directionFilter;
    QLabel *m_count;
    QTableView *m_table;
    PacketDetail *m_detail;
    quint64 m_shownSequence = 0; // the packet in the detail pane; 0: none
};

} // namespace PingScope
