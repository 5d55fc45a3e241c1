#pragma once

#include "monitor/event.h"

#include <QIcon>
#include <QString>

class QPalette;

namespace PingScope {

// How the inspector shows a packet's type and direction. The shapes and colours are the
// timeline's (TimelineStyle: PINGREQ a blue upward triangle, PINGRESP a green circle, any
// other packet a small grey square), so a packet looks the same in both (UI.md "one
// meaning, one look"); the type's name always goes with the shape.
class PacketLook
{
public:
    // The shape as a small icon for item views (cached per type and palette).
    static QIcon icon(Protocol::PacketType type, const QPalette &palette);
    // "client → broker" (sent) or "broker → client" (received): the timeline's lane names.
    static QString directionText(Direction direction);
};

} // namespace PingScope
