#pragma once

#include <QChartView>

#include <functional>

namespace PingScope {

// The timeline's QChartView: the wheel zooms and a drag pans, reported to the chart, while
// a click that does not move still reaches the markers (hover, click) under it.
class TimelineView : public QChartView
{
public:
    using QChartView::QChartView;

    std::function<void(double steps, qreal x)> onWheel; // steps > 0: zoom in at x (px)
    std::function<void(qreal dx)> onPan;                // px moved to the right

    // Between a left-button press and its release: the chart must not rebuild the items
    // under the pointer then, or the release (the click) finds another marker or none.
    bool isPressed() const { return m_pressed; }

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QPointF m_pressPos;
    QPointF m_lastPos;
    bool m_pressed = false;
    bool m_dragging = false;
};

} // namespace PingScope
