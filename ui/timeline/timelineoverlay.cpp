#include "timelineoverlay.h"

#include "timelinelayout.h"
#include "timelinestyle.h"

#include <QBrush>
#include <QChart>
#include <QCursor>
#include <QGraphicsLineItem>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QPen>
#include <QXYSeries>

#include <map>

namespace PingScope {

using namespace TimelineLayout;
using SpanKind = TimelineModel::SpanKind;
using MarkKind = TimelineModel::MarkKind;

namespace {

constexpr qreal HitWidth = 10; // px: a vertical line is easier to hover than its 2 px
constexpr int LabelLevels = 3; // labels that would overlap move down a line, then give up

// An invisible box around a mark that shows its tooltip and reports a click.
class MarkHitItem : public QGraphicsRectItem
{
public:
    MarkHitItem(const QRectF &rect, QGraphicsItem *parent, std::function<void()> clicked)
        : QGraphicsRectItem(rect, parent)
        , m_clicked(std::move(clicked))
    {
        setPen(Qt::NoPen);
        setBrush(QColor(0, 0, 0, 1)); // hit-testable, yet invisible
        setCursor(QCursor(Qt::PointingHandCursor));
    }

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override { event->accept(); }
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override
    {
        if (m_clicked && rect().contains(event->pos()))
            m_clicked();
    }

private:
    std::function<void()> m_clicked;
};

QGraphicsSimpleTextItem *addText(const QString &text, QGraphicsItem *parent, const QColor &colour,
                                 const QColor &background)
{
    // A label over markers stays readable on a backing of the chart's background.
    auto *backing = new QGraphicsRectItem(parent);
    backing->setPen(Qt::NoPen);
    backing->setBrush(background);
    auto *item = new QGraphicsSimpleTextItem(text, backing);
    item->setBrush(colour);
    backing->setRect(item->boundingRect().adjusted(-2, 0, 2, 0));
    return item;
}

QString countdownText(SpanKind kind, qint64 leftNs)
{
    const QString time = durationText(qAbs(leftNs));
    switch (kind) {
    case SpanKind::KeepAlive:
        return leftNs >= 0 ? QStringLiteral("PINGREQ due in %1").arg(time)
                           : QStringLiteral("PINGREQ overdue by %1").arg(time);
    case SpanKind::BrokerWindow:
        return leftNs >= 0 ? QStringLiteral("broker may drop in %1").arg(time)
                           : QStringLiteral("broker may drop now (%1 over)").arg(time);
    case SpanKind::PingrespWait:
        return leftNs >= 0 ? QStringLiteral("PINGRESP timeout in %1").arg(time)
                           : QStringLiteral("PINGRESP overdue by %1").arg(time);
    }
    return QString();
}

Row rowOf(SpanKind kind)
{
    return kind == SpanKind::KeepAlive      ? KeepAliveRow
           : kind == SpanKind::BrokerWindow ? BrokerRow
                                            : PingrespWaitRow;
}

TimelineLook lookOf(SpanKind kind)
{
    return kind == SpanKind::KeepAlive      ? TimelineLook::KeepAliveSpan
           : kind == SpanKind::BrokerWindow ? TimelineLook::BrokerSpan
                                            : TimelineLook::PingrespSpan;
}

} // namespace

TimelineOverlay::TimelineOverlay(QChart *chart)
    : m_chart(chart)
    , m_clip(new QGraphicsRectItem(chart))
{
    m_clip->setPen(Qt::NoPen);
    m_clip->setFlag(QGraphicsItem::ItemClipsChildrenToShape);
    m_clip->setAcceptedMouseButtons(Qt::NoButton);
    m_clip->setZValue(100); // over the series
}

TimelineOverlay::~TimelineOverlay()
{
    delete m_clip;
}

void TimelineOverlay::clear()
{
    qDeleteAll(m_clip->childItems());
}

QPointF TimelineOverlay::position(const Block &block, qint64 timeNs, double y,
                                  const TimelineFrame &frame) const
{
    return m_chart->mapToPosition(QPointF(frame.x(timeNs), y), block.anchor);
}

void TimelineOverlay::update(const QList<Block> &blocks, const TimelineFrame &frame,
                             qint64 referenceNs, const QPalette &palette)
{
    clear();
    m_clip->setRect(m_chart->plotArea());
    if (blocks.isEmpty())
        return;
    addNow(blocks.front(), frame, referenceNs, palette);
    for (const Block &block : blocks)
        addCountdowns(block, frame, referenceNs, palette);
    addMarks(blocks, frame, palette);
}

void TimelineOverlay::addNow(const Block &anchor, const TimelineFrame &frame, qint64 referenceNs,
                             const QPalette &palette)
{
    const QRectF plot = m_chart->plotArea();
    const qreal x = position(anchor, referenceNs, 0, frame).x();
    // The future: where the open deadlines still run.
    auto *future =
        new QGraphicsRectItem(QRectF(x, plot.top(), plot.right() - x, plot.height()), m_clip);
    future->setPen(Qt::NoPen);
    QColor shade = palette.color(QPalette::Mid);
    shade.setAlphaF(0.12);
    future->setBrush(shade);
    future->setZValue(-1);
    auto *now = new QGraphicsLineItem(QLineF(x, plot.top(), x, plot.bottom()), m_clip);
    now->setPen(QPen(palette.color(QPalette::Text), 1.5));
}

void TimelineOverlay::addCountdowns(const Block &block, const TimelineFrame &frame,
                                    qint64 referenceNs, const QPalette &palette)
{
    const QRectF plot = m_chart->plotArea();
    QColor background = palette.color(QPalette::Base);
    background.setAlphaF(0.8);
    for (const TimelineModel::DeadlineSpan &span : block.model->openSpans()) {
        const Row row = rowOf(span.kind);
        const QPointF top = position(block, span.deadlineNs, block.base + RowTop[row], frame);
        const QPointF bottom = position(block, span.deadlineNs, block.base + rowBottom(row), frame);
        const QColor colour = TimelineStyle::colour(lookOf(span.kind), palette);
        auto *tick = new QGraphicsLineItem(QLineF(top, bottom), m_clip);
        tick->setPen(QPen(colour, 2));
        QGraphicsSimpleTextItem *text =
            addText(countdownText(span.kind, span.deadlineNs - referenceNs), m_clip,
                    palette.color(QPalette::Text), background);
        const QRectF box = text->boundingRect();
        const qreal y = (top.y() + bottom.y() - box.height()) / 2;
        // Right of the deadline if it fits, else left of it.
        const qreal x =
            top.x() + 4 + box.width() <= plot.right() ? top.x() + 4 : top.x() - 4 - box.width();
        text->parentItem()->setPos(x, y);
    }
}

void TimelineOverlay::addMarks(const QList<Block> &blocks, const TimelineFrame &frame,
                               const QPalette &palette)
{
    QColor background = palette.color(QPalette::Base);
    background.setAlphaF(0.85);
    std::map<int, const Block *> bySession;
    for (const Block &block : blocks)
        bySession[block.model->session()] = &block;

    for (const Block &block : blocks) {
        qreal labelRight[LabelLevels];
        std::fill(std::begin(labelRight), std::end(labelRight), -1e9);
        const auto &marks = block.model->marks();
        auto it = std::lower_bound(marks.begin(), marks.end(), frame.fromNs,
                                   [](const auto &mark, qint64 t) { return mark.timeNs < t; });
        for (; it != marks.end() && it->timeNs <= frame.toNs; ++it) {
            const TimelineModel::EventMark &mark = *it;
            const TimelineLook look = TimelineStyle::lookOf(mark.kind);
            const QColor colour = TimelineStyle::colour(look, palette);
            double low = block.base;
            double high = block.base + BlockHeight;
            // A take-over or a will links the two sessions when both are on the chart.
            const bool links =
                mark.kind == MarkKind::TakenOver || mark.kind == MarkKind::WillReceived;
            if (const auto other = bySession.find(mark.otherSession);
                links && mark.otherSession > 0 && other != bySession.end()) {
                low = qMin(low, other->second->base);
                high = qMax(high, other->second->base + BlockHeight);
            }
            const QPointF top = position(block, mark.timeNs, high, frame);
            const QPointF bottom = position(block, mark.timeNs, low, frame);
            QPen pen(colour, look == TimelineLook::Connection ? 1.5 : 2.5);
            if (look == TimelineLook::Connection)
                pen.setStyle(Qt::DashLine);
            auto *line = new QGraphicsLineItem(QLineF(top, bottom), m_clip);
            line->setPen(pen);

            // The shapes UI.md gives these meanings, on the line.
            const qreal shapeSize = 14;
            double shapeY = -1;
            if (look == TimelineLook::HalfOpen)
                shapeY = block.base + rowCentre(ReceivedRow); // where the PINGRESP is missing
            else if (look == TimelineLook::Will || look == TimelineLook::Fault)
                shapeY = block.base + rowCentre(SentRow);
            if (shapeY >= 0) {
                const QPointF centre = position(block, mark.timeNs, shapeY, frame);
                const QRectF box(centre.x() - shapeSize / 2, centre.y() - shapeSize / 2, shapeSize,
                                 shapeSize);
                auto *shape = new QGraphicsPathItem(TimelineStyle::shape(look, box), m_clip);
                if (TimelineStyle::isStroked(look)) {
                    shape->setPen(QPen(colour, 3, Qt::SolidLine, Qt::RoundCap));
                } else {
                    shape->setPen(QPen(palette.color(QPalette::Base), 1));
                    shape->setBrush(colour);
                }
            }

            // The label in the session's events row, moved down a line rather than over
            // the previous one.
            QGraphicsSimpleTextItem *text =
                addText(mark.label, m_clip, palette.color(QPalette::Text), background);
            const QRectF box = text->boundingRect();
            const QPointF rowTop = position(block, mark.timeNs, block.base + BlockHeight, frame);
            // Right of the mark, or left of it when it would run past the plot's edge (a
            // mark near "now"), so that the words are never cut off.
            const QRectF plot = m_clip->rect();
            qreal left = rowTop.x() + 4;
            if (left + box.width() > plot.right() && rowTop.x() - 4 - box.width() >= plot.left())
                left = rowTop.x() - 4 - box.width();
            bool placed = false;
            for (int level = 0; level < LabelLevels && !placed; ++level) {
                if (left > labelRight[level]) {
                    text->parentItem()->setPos(left, rowTop.y() + 1 + level * box.height());
                    labelRight[level] = left + box.width() + 6;
                    placed = true;
                }
            }
            if (!placed)
                delete text->parentItem(); // the tooltip still says it

            const int session = block.model->session();
            const quint64 sequence = mark.sequence;
            auto *hit = new MarkHitItem(
                QRectF(top.x() - HitWidth / 2, top.y(), HitWidth, bottom.y() - top.y()), m_clip,
                [this, session, sequence] {
                    if (onClicked)
                        onClicked(session, sequence);
                });
            hit->setToolTip(mark.summary.isEmpty() ? mark.label : mark.summary);
        }
    }
}

} // namespace PingScope
