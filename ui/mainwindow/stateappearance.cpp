#include "stateappearance.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

namespace PingScope {

QString StateAppearance::word(SessionLook look)
{
    switch (look) {
    case SessionLook::Connected:
        return QCoreApplication::translate("PingScope::StateAppearance", "connected");
    case SessionLook::Connecting:
        return QCoreApplication::translate("PingScope::StateAppearance", "connecting…");
    case SessionLook::Lost:
        return QCoreApplication::translate("PingScope::StateAppearance", "lost");
    case SessionLook::ClosedByBroker:
        return QCoreApplication::translate("PingScope::StateAppearance", "closed by broker");
    case SessionLook::TakenOver:
        return QCoreApplication::translate("PingScope::StateAppearance", "taken over");
    case SessionLook::Disconnected:
        break;
    }
    return QCoreApplication::translate("PingScope::StateAppearance", "disconnected");
}

QString StateAppearance::glyph(SessionLook look)
{
    switch (look) {
    case SessionLook::Connected:
        return QStringLiteral("●");
    case SessionLook::Connecting:
        return QStringLiteral("◐");
    case SessionLook::Lost:
        return QStringLiteral("✕");
    case SessionLook::ClosedByBroker:
        return QStringLiteral("▍");
    case SessionLook::TakenOver:
        return QStringLiteral("⇅");
    case SessionLook::Disconnected:
        break;
    }
    return QStringLiteral("○");
}

bool StateAppearance::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor StateAppearance::colour(SessionLook look, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (look) {
    case SessionLook::Connected:
        return dark ? QColor(0x4c, 0xd1, 0x7a) : QColor(0x1b, 0x7f, 0x3b);
    case SessionLook::Connecting:
        // Slate, not amber: UI.md keeps amber for wills.
        return dark ? QColor(0x9f, 0xb3, 0xc8) : QColor(0x4f, 0x63, 0x7a);
    case SessionLook::Lost:
        return dark ? QColor(0xff, 0x6b, 0x5e) : QColor(0xc0, 0x39, 0x2b);
    case SessionLook::ClosedByBroker: // UI.md: red-orange
        return dark ? QColor(0xff, 0x8c, 0x42) : QColor(0xc4, 0x4d, 0x0e);
    case SessionLook::TakenOver:
        return dark ? QColor(0xc3, 0x8b, 0xff) : QColor(0x7d, 0x3c, 0xc8);
    case SessionLook::Disconnected:
        break;
    }
    return palette.color(QPalette::Disabled, QPalette::Text);
}

void StateAppearance::paintShape(QPainter *painter, const QRectF &box, SessionLook look,
                                 const QPalette &palette)
{
    const QColor colour = StateAppearance::colour(look, palette);
    const qreal size = qMin(box.width(), box.height()) * 0.8;
    const QRectF shape(box.center().x() - size / 2, box.center().y() - size / 2, size, size);
    const qreal pen = qMax<qreal>(1.5, size / 6);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    switch (look) {
    case SessionLook::Connected:
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawEllipse(shape);
        break;
    case SessionLook::Connecting: {
        // Half full: on its way.
        const QRectF ring = shape.adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2);
        painter->setPen(QPen(colour, pen));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(ring);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawPie(ring, 90 * 16, 180 * 16);
        break;
    }
    case SessionLook::Lost: {
        const QRectF cross = shape.adjusted(pen, pen, -pen, -pen);
        painter->setPen(QPen(colour, pen, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(cross.topLeft(), cross.bottomRight());
        painter->drawLine(cross.topRight(), cross.bottomLeft());
        break;
    }
    case SessionLook::ClosedByBroker: {
        // UI.md: a vertical line (with its label beside it, the state text).
        const qreal x = shape.center().x();
        painter->setPen(QPen(colour, pen * 1.5, Qt::SolidLine, Qt::FlatCap));
        painter->drawLine(QPointF(x, shape.top()), QPointF(x, shape.bottom()));
        break;
    }
    case SessionLook::TakenOver: {
        // UI.md: a vertical line linking both sessions, here with a dot at each end.
        const qreal x = shape.center().x();
        const qreal dot = size / 2.4;
        painter->setPen(QPen(colour, pen, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(QPointF(x, shape.top() + dot / 2), QPointF(x, shape.bottom() - dot / 2));
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawEllipse(QRectF(x - dot / 2, shape.top(), dot, dot));
        painter->drawEllipse(QRectF(x - dot / 2, shape.bottom() - dot, dot, dot));
        break;
    }
    case SessionLook::Disconnected:
        painter->setPen(QPen(colour, pen));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(shape.adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2));
        break;
    }
    painter->restore();
}

} // namespace PingScope
