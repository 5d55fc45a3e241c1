#include "timelinestyle.h"

#include "mainwindow/stateappearance.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>

namespace PingScope {

QString TimelineStyle::word(TimelineLook look)
{
    switch (look) {
    case TimelineLook::Pingreq:
        return QStringLiteral("PINGREQ");
    case TimelineLook::Pingresp:
        return QStringLiteral("PINGRESP");
    case TimelineLook::OtherPacket:
        return QStringLiteral("other packet");
    case TimelineLook::KeepAliveSpan:
        return QStringLiteral("keep-alive window (PINGREQ due at its end)");
    case TimelineLook::BrokerSpan:
        return QStringLiteral("1.5× broker window (may drop the client at its end)");
    case TimelineLook::PingrespSpan:
        return QStringLiteral("PINGRESP wait");
    case TimelineLook::Rtt:
        return QStringLiteral("RTT (ms, right axis)");
    case TimelineLook::HalfOpen:
        return QStringLiteral("half-open");
    case TimelineLook::ClosedByBroker:
        return QStringLiteral("closed by broker");
    case TimelineLook::TakenOver:
        return QStringLiteral("taken over");
    case TimelineLook::Will:
        return QStringLiteral("will");
    case TimelineLook::Fault:
        return QStringLiteral("fault");
    case TimelineLook::Connection:
        return QStringLiteral("connection");
    }
    return QString();
}

QColor TimelineStyle::colour(TimelineLook look, const QPalette &palette)
{
    const bool dark = StateAppearance::isDark(palette);
    switch (look) {
    case TimelineLook::Pingreq:
    case TimelineLook::KeepAliveSpan:
        return dark ? QColor(0x6c, 0xb4, 0xff) : QColor(0x1f, 0x5f, 0xc4);
    case TimelineLook::Pingresp:
    case TimelineLook::PingrespSpan:
    case TimelineLook::Rtt:
        return StateAppearance::colour(SessionLook::Connected, palette);
    case TimelineLook::OtherPacket:
        return dark ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x70, 0x70, 0x70);
    case TimelineLook::BrokerSpan:
    case TimelineLook::ClosedByBroker:
        return StateAppearance::colour(SessionLook::ClosedByBroker, palette);
    case TimelineLook::HalfOpen:
        return StateAppearance::colour(SessionLook::Lost, palette);
    case TimelineLook::TakenOver:
        return StateAppearance::colour(SessionLook::TakenOver, palette);
    case TimelineLook::Will:
        return dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0xb8, 0x78, 0x00);
    case TimelineLook::Fault:
        return palette.color(QPalette::Text);
    case TimelineLook::Connection:
        return StateAppearance::colour(SessionLook::Connecting, palette);
    }
    return palette.color(QPalette::Text);
}

TimelineLook TimelineStyle::lookOf(TimelineModel::MarkKind kind)
{
    using Kind = TimelineModel::MarkKind;
    switch (kind) {
    case Kind::PingTimeout:
        return TimelineLook::HalfOpen;
    case Kind::ClosedByBroker:
    case Kind::ServerDisconnect:
    case Kind::TakeoverRetracted: // the broker closed it after all
        return TimelineLook::ClosedByBroker;
    case Kind::TakenOver:
    case Kind::TakeoverFlapping:
        return TimelineLook::TakenOver;
    case Kind::WillReceived:
        return TimelineLook::Will;
    case Kind::FaultInjected:
        return TimelineLook::Fault;
    case Kind::Connected:
    case Kind::Reconnecting:
    case Kind::Disconnected:
    case Kind::Error:
        break;
    }
    return TimelineLook::Connection;
}

bool TimelineStyle::isStroked(TimelineLook look)
{
    switch (look) {
    case TimelineLook::Rtt:
    case TimelineLook::HalfOpen:
    case TimelineLook::ClosedByBroker:
    case TimelineLook::TakenOver:
    case TimelineLook::Connection:
        return true;
    default:
        return false;
    }
}

QPainterPath TimelineStyle::shape(TimelineLook look, const QRectF &box)
{
    const qreal size = qMin(box.width(), box.height());
    const QRectF r(box.center().x() - size / 2, box.center().y() - size / 2, size, size);
    QPainterPath path;
    switch (look) {
    case TimelineLook::Pingreq:
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.bottomRight());
        path.lineTo(r.bottomLeft());
        path.closeSubpath();
        break;
    case TimelineLook::Pingresp:
        path.addEllipse(r.adjusted(size * 0.05, size * 0.05, -size * 0.05, -size * 0.05));
        break;
    case TimelineLook::OtherPacket:
        path.addRect(r.adjusted(size * 0.25, size * 0.25, -size * 0.25, -size * 0.25));
        break;
    case TimelineLook::KeepAliveSpan:
    case TimelineLook::BrokerSpan:
    case TimelineLook::PingrespSpan:
        // A wedge: the time left, shrinking to nothing at the deadline.
        path.moveTo(r.left(), r.top() + size * 0.15);
        path.lineTo(r.right(), r.bottom() - size * 0.15);
        path.lineTo(r.left(), r.bottom() - size * 0.15);
        path.closeSubpath();
        break;
    case TimelineLook::Rtt:
        path.moveTo(r.left(), r.center().y() + size * 0.15);
        path.lineTo(r.center().x(), r.center().y() - size * 0.15);
        path.lineTo(r.right(), r.center().y());
        break;
    case TimelineLook::HalfOpen: {
        const QRectF c = r.adjusted(size * 0.15, size * 0.15, -size * 0.15, -size * 0.15);
        path.moveTo(c.topLeft());
        path.lineTo(c.bottomRight());
        path.moveTo(c.topRight());
        path.lineTo(c.bottomLeft());
        break;
    }
    case TimelineLook::ClosedByBroker:
    case TimelineLook::TakenOver:
    case TimelineLook::Connection:
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.center().x(), r.bottom());
        break;
    case TimelineLook::Will:
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.right(), r.center().y());
        path.lineTo(r.center().x(), r.bottom());
        path.lineTo(r.left(), r.center().y());
        path.closeSubpath();
        break;
    case TimelineLook::Fault: {
        // A pole with a pennant.
        const qreal pole = r.left() + size * 0.2;
        path.addRect(QRectF(pole, r.top(), size * 0.1, size));
        path.moveTo(pole + size * 0.1, r.top());
        path.lineTo(r.right(), r.top() + size * 0.22);
        path.lineTo(pole + size * 0.1, r.top() + size * 0.45);
        path.closeSubpath();
        break;
    }
    }
    return path;
}

void TimelineStyle::paint(QPainter *painter, const QRectF &box, TimelineLook look,
                          const QPalette &palette)
{
    const QColor colour = TimelineStyle::colour(look, palette);
    const qreal size = qMin(box.width(), box.height());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (isStroked(look)) {
        QPen pen(colour, qMax<qreal>(2.0, size / 7), Qt::SolidLine, Qt::RoundCap);
        if (look == TimelineLook::Connection)
            pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
    } else if (look == TimelineLook::KeepAliveSpan || look == TimelineLook::BrokerSpan ||
               look == TimelineLook::PingrespSpan) {
        QColor fill = colour;
        fill.setAlphaF(0.35);
        painter->setPen(QPen(colour, 1));
        painter->setBrush(fill);
    } else {
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
    }
    painter->drawPath(shape(look, box));
    painter->restore();
}

} // namespace PingScope
