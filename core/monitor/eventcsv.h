#pragma once

#include "monitor/clockorigin.h"
#include "monitor/eventhistory.h"

#include <QString>
#include <QStringList>

class QIODevice;

namespace PingScope {

// The CSV export of a session's events (RFC 4180: CRLF line ends, fields with a comma, a
// quote or a line break in quotes, quotes doubled), one row per event after a header:
//   time, seconds, session, event, direction, packet_type, size, value_ms, summary
// time: ISO 8601 local time with ms and the UTC offset; seconds: since the first event;
// event: Event::name(); value_ms: the PINGRESP's round-trip time, the PINGREQ's lateness
// or the event's delay/wait, where there is one. Passwords never appear: packet events
// hold masked bytes, and summaries describe a CONNECT without its password.
QStringList eventCsvHeader();

// False with the reason in `error` if the device cannot be written.
bool writeEventsCsv(QIODevice *device, const EventHistory &history, const ClockOrigin &origin,
                    QString *error);

// One field as RFC 4180 wants it: quoted only when needed.
QString csvField(const QString &text);

} // namespace PingScope
