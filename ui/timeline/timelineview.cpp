#include "timelineview.h"

#include <QMouseEvent>
#include <QWheelEvent>

namespace PingScope {

namespace {

constexpr qreal DragThreshold = 4; // px: less is a click

} // namespace

void TimelineView::wheelEvent(QWheelEvent *event)
{
    if (onWheel && event->angleDelta().y() != 0)
        onWheel(event->angleDelta().y() / 120.0, event->position().x());
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    QChartView::mousePressEvent(event);
    m_pressed = event->button() == Qt::LeftButton;
    m_dragging = false;
    m_pressPos = m_lastPos = event->position();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressed) {
        const QPointF moved = event->position() - m_pressPos;
        if (!m_dragging && moved.manhattanLength() > DragThreshold) {
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
        }
        if (m_dragging && onPan)
            onPan(event->position().x() - m_lastPos.x());
        m_lastPos = event->position();
    }
    QChartView::mouseMoveEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging)
        unsetCursor();
    m_pressed = false;
    m_dragging = false;
    QChartView::mouseReleaseEvent(event);
}

} // namespace PingScope
