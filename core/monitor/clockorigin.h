#pragma once

#include <QDateTime>

namespace PingScope {

// Where the events' monotonic clock (Event::timeNs) stood at one wall-clock instant: what
// turns an event's time into a date for people and files. Wall time is for display only
// (DESIGN.md "Time"); nothing is computed from it.
struct ClockOrigin
{
    qint64 monotonicNs = 0;
    QDateTime wall;

    QDateTime wallTime(qint64 timeNs) const
    {
        return wall.addMSecs((timeNs - monotonicNs) / 1'000'000);
    }
};

} // namespace PingScope
