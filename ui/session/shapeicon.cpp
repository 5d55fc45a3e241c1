#include "shapeicon.h"

#include <QPainter>

namespace PingScope {

ShapeIcon::ShapeIcon(Painter painter, QWidget *parent)
    : QWidget(parent)
    , m_painter(std::move(painter))
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void ShapeIcon::setPainter(Painter painter)
{
    m_painter = std::move(painter);
    update();
}

QSize ShapeIcon::sizeHint() const
{
    // Follows the font, not pixels: it grows with the user's font size like the words beside it.
    const int side = fontMetrics().height();
    return {side, side};
}

void ShapeIcon::paintEvent(QPaintEvent *)
{
    if (!m_painter)
        return;
    QPainter painter(this);
    m_painter(&painter, QRectF(rect()), palette());
}

} // namespace PingScope
