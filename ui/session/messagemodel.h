#pragma once

#include "monitor/event.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QString>

#include <deque>

namespace PingScope {

// One received message, decoded once when it arrives.
struct MessageRow
{
    qint64 wallMs = 0; // ms since the epoch, for display only (DESIGN.md "Time")
    QString topic;
    quint8 qos = 0;
    bool retain = false;
    QByteArray payload;
    Protocol::Properties properties{}; // 5.0: content type, user properties, ...
};

// The messages a session received, newest last, for a virtualized table. Bounded: beyond
// maximumRows() the oldest go and droppedCount() says how many, so a burst of a million
// messages costs a fixed amount of memory. Appended once per batch (one beginInsertRows),
// so a view repaints at the batch rate (<= 25 Hz), not per message.
class MessageModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        TopicColumn,
        QosColumn,
        RetainColumn,
        SizeColumn,
        PayloadColumn,
        ColumnCount
    };
    static constexpr qsizetype DefaultMaximumRows = 100'000;
    // Payload bytes kept, whatever the row count: 100,000 camera frames of 2 MiB would be
    // 200 GB. The oldest rows go first, and count as dropped.
    static constexpr qint64 DefaultMaximumBytes = 256LL * 1024 * 1024;
    static constexpr int PreviewLength = 120;

    explicit MessageModel(QObject *parent = nullptr);

    void setMaximumRows(qsizetype rows);
    qsizetype maximumRows() const { return m_maximumRows; }
    void setMaximumBytes(qint64 bytes);
    qint64 payloadBytes() const { return m_bytes; }
    quint64 droppedCount() const { return m_dropped; }

    // The received PUBLISH events among `events` (others are ignored). `nowNs` and
    // `nowWallMs` relate the events' monotonic clock to the wall clock.
    void appendEvents(const QList<const Event *> &events, qint64 nowNs, qint64 nowWallMs);
    void appendMessages(QList<MessageRow> rows);
    void clear();

    const MessageRow &row(int index) const { return m_rows[size_t(index)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void droppedCountChanged(quint64 dropped);

private:
    void trimTo(qsizetype rows);
    void trimToBytes();
    void removeOldest(qsizetype count);

    std::deque<MessageRow> m_rows; // O(1) at both ends and by index
    qsizetype m_maximumRows = DefaultMaximumRows;
    qint64 m_maximumBytes = DefaultMaximumBytes;
    qint64 m_bytes = 0; // payload bytes of m_rows
    quint64 m_dropped = 0;
};

// The payload on one line: text when it is UTF-8, else hex; at most `length` characters.
QString payloadPreview(const QByteArray &payload, int length);
// "12 B", "1.4 KiB", "3.2 MiB".
QString byteSizeText(qint64 bytes);

} // namespace PingScope
