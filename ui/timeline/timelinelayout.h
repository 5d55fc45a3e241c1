#pragma once

#include <QtGlobal>

namespace PingScope::TimelineLayout {

// Where things sit on the timeline's left-hand axis. Each session has a block of rows, the
// first session's block at the top; the rows of a block, bottom to top. Plain numbers on a
// value scale, so Qt Charts maps them like any point.
enum Row { PingrespWaitRow, BrokerRow, KeepAliveRow, ReceivedRow, SentRow, EventsRow, RowCount };

constexpr double RowTop[RowCount] = {0.8, 1.5, 2.2, 3.1, 4.0, 4.9};
constexpr double BlockHeight = RowTop[EventsRow];
constexpr double Padding = 0.08; // between a deadline wedge and its row's edges

inline double blockBase(int block, int blocks)
{
    return (blocks - 1 - block) * BlockHeight;
}
inline double rowBottom(Row row)
{
    return row == PingrespWaitRow ? 0.1 : RowTop[row - 1];
}
inline double rowCentre(Row row)
{
    return (rowBottom(row) + RowTop[row]) / 2;
}

} // namespace PingScope::TimelineLayout
