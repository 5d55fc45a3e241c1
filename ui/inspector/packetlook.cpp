#include "packetlook.h"

#include "timeline/timelinestyle.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace PingScope {

namespace {

TimelineLook lookOf(Protocol::PacketType type)
{
    switch (type) {
    case Protocol::PacketType::Pingreq:
        return TimelineLook::Pingreq;
    case Protocol::PacketType::Pingresp:
        return TimelineLook::Pingresp;
    default:
        return TimelineLook::OtherPacket;
    }
}

} // namespace

QIcon PacketLook::icon(Protocol::PacketType type, const QPalette &palette)
{
    // Keyed by look and colour: three looks, each in the palette's light or dark variant.
    static QHash<QString, QIcon> cache;
    const TimelineLook look = lookOf(type);
    const QString key =
        QString::number(int(look)) + TimelineStyle::colour(look, palette).name(QColor::HexArgb);
    const auto found = cache.constFind(key);
    if (found != cache.constEnd())
        return *found;
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    TimelineStyle::paint(&painter, QRectF(2, 2, 12, 12), look, palette);
    painter.end();
    return *cache.insert(key, QIcon(pixmap));
}

QString PacketLook::directionText(Direction direction)
{
    switch (direction) {
    case Direction::Sent:
        return QCoreApplication::translate("PingScope::PacketLook", "client → broker");
    case Direction::Received:
        return QCoreApplication::translate("PingScope::PacketLook", "broker → client");
    case Direction::None:
        break;
    }
    return {};
}

} // namespace PingScope
