#pragma once

#include <QWidget>

#include <functional>

class QPainter;
class QPalette;
class QRectF;

namespace PingScope {

// A small square that paints one of UI.md's shapes (StateAppearance::paintShape, the will's
// diamond of TimelineStyle) at the height of a line of its font, so that a banner or a
// state line carries a shape as well as a colour and a word.
class ShapeIcon : public QWidget
{
public:
    using Painter = std::function<void(QPainter *, const QRectF &, const QPalette &)>;

    explicit ShapeIcon(Painter painter, QWidget *parent = nullptr);

    void setPainter(Painter painter);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Painter m_painter;
};

} // namespace PingScope
