#pragma once

#include "monitor/timelinemodel.h"

#include <QColor>
#include <QString>

class QPainter;
class QPainterPath;
class QPalette;
class QRectF;

namespace PingScope {

// UI.md "one meaning, one look" for the timeline: every thing drawn has a colour, a shape
// and a word, so the chart and its legend read without colour. The session states' colours
// come from StateAppearance (closed by broker, taken over, half-open), so a meaning looks
// the same in the session list and on the timeline.
enum class TimelineLook {
    Pingreq,        // blue upward triangle
    Pingresp,       // green circle
    OtherPacket,    // small grey square
    KeepAliveSpan,  // blue wedge: until the next PINGREQ is due
    BrokerSpan,     // red-orange wedge: until the broker may drop the client (1.5 x)
    PingrespSpan,   // green wedge: until the outstanding PINGREQ times out
    Rtt,            // green line on the right-hand axis
    HalfOpen,       // red cross: ping timeout
    ClosedByBroker, // red-orange vertical line (also a server DISCONNECT)
    TakenOver,      // purple vertical line linking both sessions
    Will,           // amber diamond, linking to the will's owner
    Fault,          // black / white flag
    Connection,     // slate dashed line: connected, reconnecting, disconnected, error
};

class TimelineStyle
{
public:
    static QString word(TimelineLook look);
    static QColor colour(TimelineLook look, const QPalette &palette);
    // The look of a labelled event mark.
    static TimelineLook lookOf(TimelineModel::MarkKind kind);
    // The shape of `look` filling `box` (centred), for the legend and the event marks.
    static QPainterPath shape(TimelineLook look, const QRectF &box);
    // Draws the shape of `look` in `box` as the chart does: filled, stroked or both.
    static void paint(QPainter *painter, const QRectF &box, TimelineLook look,
                      const QPalette &palette);
    // Whether the shape is drawn as lines (stroked) rather than filled.
    static bool isStroked(TimelineLook look);
};

} // namespace PingScope
