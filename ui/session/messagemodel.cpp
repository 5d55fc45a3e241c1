#include "messagemodel.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QLocale>

namespace PingScope {

QString payloadPreview(const QByteArray &payload, int length)
{
    // Cut at a character boundary: a multi-byte character cut in half is not UTF-8, and the
    // preview of a long text would fall back to hex.
    qsizetype cut = qMin(payload.size(), qsizetype(length) * 4);
    if (cut < payload.size()) {
        while (cut > 0 && (quint8(payload.at(cut)) & 0xC0) == 0x80)
            --cut;
    }
    if (const auto text = payloadText(payload.left(cut))) {
        QString line = text->left(length);
        // One line in a table row: line breaks and tabs would cut it off.
        for (QChar &c : line) {
            if (c.isSpace())
                c = QLatin1Char(' ');
        }
        return line.size() < text->size() || payload.size() > cut ? line + QStringLiteral("…")
                                                                  : line;
    }
    const QByteArray head = payload.left(length / 3);
    const QString hex = QString::fromLatin1(head.toHex(' '));
    return head.size() < payload.size() ? hex + QStringLiteral(" …") : hex;
}

QString byteSizeText(qint64 bytes)
{
    if (bytes < 1024)
        return QObject::tr("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QObject::tr("%1 KiB").arg(double(bytes) / 1024, 0, 'f', 1);
    return QObject::tr("%1 MiB").arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
}

MessageModel::MessageModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void MessageModel::setMaximumBytes(qint64 bytes)
{
    m_maximumBytes = qMax<qint64>(bytes, 1);
    const quint64 before = m_dropped;
    trimToBytes();
    if (m_dropped != before)
        Q_EMIT droppedCountChanged(m_dropped);
}

void MessageModel::setMaximumRows(qsizetype rows)
{
    m_maximumRows = qMax<qsizetype>(rows, 1);
    trimTo(m_maximumRows);
}

void MessageModel::appendEvents(const QList<const Event *> &events, qint64 nowNs, qint64 nowWallMs)
{
    QList<MessageRow> rows;
    for (const Event *event : events) {
        if (!event->isPacket(Protocol::PacketType::Publish, Direction::Received))
            continue;
        const auto publish = event->publish();
        if (!publish)
            continue;
        rows.append({nowWallMs - (nowNs - event->timeNs) / 1'000'000, publish->topic, publish->qos,
                     publish->retain, publish->payload, publish->properties});
    }
    appendMessages(std::move(rows));
}

void MessageModel::appendMessages(QList<MessageRow> rows)
{
    if (rows.isEmpty())
        return;
    // A batch larger than the bound: only its newest rows could be kept anyway.
    const qsizetype surplus = rows.size() - m_maximumRows;
    quint64 dropped = 0;
    if (surplus > 0) {
        rows.remove(0, surplus);
        dropped = quint64(surplus);
    }
    const qsizetype keep = m_maximumRows - rows.size();
    const quint64 before = m_dropped;
    trimTo(keep);
    m_dropped += dropped;

    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    for (MessageRow &row : rows) {
        m_bytes += row.payload.size();
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
    trimToBytes();
    if (m_dropped != before)
        Q_EMIT droppedCountChanged(m_dropped);
}

void MessageModel::trimTo(qsizetype rows)
{
    const qsizetype excess = qsizetype(m_rows.size()) - rows;
    if (excess <= 0)
        return;
    removeOldest(excess);
    Q_EMIT droppedCountChanged(m_dropped);
}

void MessageModel::trimToBytes()
{
    // The newest row stays whatever its size: a view with nothing to show helps no one.
    qsizetype excess = 0;
    qint64 bytes = m_bytes;
    while (bytes > m_maximumBytes && excess + 1 < qsizetype(m_rows.size()))
        bytes -= m_rows[size_t(excess++)].payload.size();
    if (excess > 0)
        removeOldest(excess);
}

void MessageModel::removeOldest(qsizetype count)
{
    beginRemoveRows({}, 0, int(count) - 1);
    for (qsizetype i = 0; i < count; ++i)
        m_bytes -= m_rows[size_t(i)].payload.size();
    m_rows.erase(m_rows.begin(), m_rows.begin() + count);
    endRemoveRows();
    m_dropped += quint64(count);
}

void MessageModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_bytes = 0;
    m_dropped = 0;
    endResetModel();
    Q_EMIT droppedCountChanged(0);
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const MessageRow &row = m_rows[size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(row.wallMs)
                .toString(QStringLiteral("HH:mm:ss.zzz"));
        case TopicColumn:
            return row.topic;
        case QosColumn:
            return row.qos;
        case RetainColumn:
            return row.retain ? tr("retained") : QString();
        case SizeColumn:
            return byteSizeText(row.payload.size());
        case PayloadColumn:
            return payloadPreview(row.payload, PreviewLength);
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == QosColumn || index.column() == SizeColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && index.column() == PayloadColumn)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role == Qt::ToolTipRole && index.column() == TopicColumn)
        return row.topic;
    return {};
}

QVariant MessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TopicColumn:
        return tr("Topic");
    case QosColumn:
        return tr("QoS");
    case RetainColumn:
        return tr("Retain");
    case SizeColumn:
        return tr("Size");
    case PayloadColumn:
        return tr("Payload");
    default:
        return {};
    }
}

} // namespace PingScope
