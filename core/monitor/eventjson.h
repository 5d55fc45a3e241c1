#pragma once

#include "monitor/event.h"

#include <QJsonObject>

namespace PingScope {

// The JSON view of one event, as the CLI prints it (one object per line) and exports use it:
// {"t": seconds since `originNs` (to the microsecond), "session": n, "event": name(), ...}
// plus the fields of its kind (README "JSON events"). Never carries a password: packet events
// hold masked bytes, and a CONNECT is described, not dumped.
QJsonObject eventToJson(const Event &event, qint64 originNs);

// One compact JSON line (no newline) with "t", "session" and "event" first, whatever order
// QJsonObject keeps: people read these lines too, and scripts cut them by column.
QByteArray jsonLine(const QJsonObject &object);

} // namespace PingScope
