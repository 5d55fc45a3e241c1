#include "eventcsv.h"

#include <QIODevice>

namespace PingScope {

namespace {

// Rows are gathered into chunks of this size: one write per row would be a system call
// per event for a history of 200,000.
constexpr qsizetype ChunkBytes = 64 * 1024;

QString directionText(Direction direction)
{
    switch (direction) {
    case Direction::Sent:
        return QStringLiteral("sent");
    case Direction::Received:
        return QStringLiteral("received");
    case Direction::None:
        break;
    }
    return {};
}

// "2026-11-22T06:14:03.127+01:00": local time, which a person reads, yet unambiguous.
QString isoLocalTime(const QDateTime &wall)
{
    const QDateTime local = wall.toLocalTime();
    const int offsetMinutes = local.offsetFromUtc() / 60;
    const int absolute = qAbs(offsetMinutes);
    return local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
           (offsetMinutes < 0 ? QLatin1Char('-') : QLatin1Char('+')) +
           QStringLiteral("%1:%2")
               .arg(absolute / 60, 2, 10, QLatin1Char('0'))
               .arg(absolute % 60, 2, 10, QLatin1Char('0'));
}

QString millisecondsText(qint64 ns)
{
    return ns < 0 ? QString() : QString::number(double(ns) / 1e6, 'f', 3);
}

QString csvRow(const QStringList &fields)
{
    QString row;
    for (const QString &field : fields) {
        if (!row.isEmpty())
            row += QLatin1Char(',');
        row += csvField(field);
    }
    return row + QStringLiteral("\r\n");
}

} // namespace

QString csvField(const QString &text)
{
    const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                             text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
    if (!needsQuotes)
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QStringList eventCsvHeader()
{
    return {QStringLiteral("time"),  QStringLiteral("seconds"),   QStringLiteral("session"),
            QStringLiteral("event"), QStringLiteral("direction"), QStringLiteral("packet_type"),
            QStringLiteral("size"),  QStringLiteral("value_ms"),  QStringLiteral("summary")};
}

bool writeEventsCsv(QIODevice *device, const EventHistory &history, const ClockOrigin &origin,
                    QString *error)
{
    if (!device || !device->isWritable()) {
        *error = QStringLiteral("the CSV file is not open for writing");
        return false;
    }
    const auto flush = [&](QByteArray &chunk) {
        if (device->write(chunk) == chunk.size()) {
            chunk.clear();
            return true;
        }
        *error = QStringLiteral("cannot write the CSV file: %1").arg(device->errorString());
        return false;
    };
    QByteArray chunk = csvRow(eventCsvHeader()).toUtf8();
    const qint64 firstNs = history.isEmpty() ? 0 : history.first().timeNs;
    for (qsizetype i = 0; i < history.size(); ++i) {
        const Event &event = history.at(i);
        const bool packet = event.isPacket();
        chunk +=
            csvRow({isoLocalTime(origin.wallTime(event.timeNs)),
                    QString::number(double(event.timeNs - firstNs) / 1e9, 'f', 6),
                    QString::number(event.session), event.name(), directionText(event.direction),
                    packet ? Protocol::packetTypeName(event.packetType) : QString(),
                    packet ? QString::number(event.size()) : QString(),
                    millisecondsText(event.valueNs), event.summary()})
                .toUtf8();
        if (chunk.size() >= ChunkBytes && !flush(chunk))
            return false;
    }
    if (!chunk.isEmpty() && !flush(chunk))
        return false;
    return true;
}

} // namespace PingScope
