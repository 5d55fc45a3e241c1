#include "timelinelegend.h"

#include <QPainter>

namespace PingScope {

namespace {

constexpr int Gap = 14; // between entries
constexpr int ShapeGap = 5;

} // namespace

TimelineLegend::TimelineLegend(QWidget *parent)
    : QWidget(parent)
    , m_looks{TimelineLook::Pingreq,      TimelineLook::Pingresp,      TimelineLook::OtherPacket,
              TimelineLook::Rtt,          TimelineLook::KeepAliveSpan, TimelineLook::BrokerSpan,
              TimelineLook::PingrespSpan, TimelineLook::HalfOpen,      TimelineLook::ClosedByBroker,
              TimelineLook::TakenOver,    TimelineLook::Will,          TimelineLook::Fault,
              TimelineLook::Connection}
{
    setObjectName(QStringLiteral("timelineLegend"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
}

QList<QRect> TimelineLegend::layout(int width, int *height) const
{
    const QFontMetrics metrics = fontMetrics();
    const int line = metrics.height() + 4;
    const int shape = metrics.height();
    QList<QRect> boxes;
    int x = 0;
    int y = 0;
    for (const TimelineLook look : m_looks) {
        const int entry = shape + ShapeGap + metrics.horizontalAdvance(TimelineStyle::word(look));
        if (x > 0 && x + entry > width) {
            x = 0;
            y += line;
        }
        boxes.append(QRect(x, y, entry, line));
        x += entry + Gap;
    }
    *height = y + line;
    return boxes;
}

int TimelineLegend::heightForWidth(int width) const
{
    int height = 0;
    layout(width, &height);
    return height;
}

QSize TimelineLegend::sizeHint() const
{
    return QSize(600, heightForWidth(600));
}

QSize TimelineLegend::minimumSizeHint() const
{
    return QSize(200, heightForWidth(width() > 0 ? width() : 600));
}

void TimelineLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    int height = 0;
    const QList<QRect> boxes = layout(width(), &height);
    const int shape = fontMetrics().height();
    painter.setPen(palette().color(QPalette::WindowText));
    for (int i = 0; i < boxes.size(); ++i) {
        const QRect &box = boxes.at(i);
        const QRectF shapeBox(box.left(), box.top() + (box.height() - shape) / 2.0, shape, shape);
        TimelineStyle::paint(&painter, shapeBox.adjusted(1, 1, -1, -1), m_looks.at(i), palette());
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(box.adjusted(shape + ShapeGap, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                         TimelineStyle::word(m_looks.at(i)));
    }
}

} // namespace PingScope
