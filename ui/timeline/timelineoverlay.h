#pragma once

#include "timelinesessionseries.h"

#include <QList>
#include <QPalette>

#include <functional>

QT_BEGIN_NAMESPACE
class QGraphicsItem;
class QGraphicsRectItem;
QT_END_NAMESPACE

namespace PingScope {

// What the timeline draws over its series as graphics items, because Qt Charts has no
// series for it: the "now" line and the future beyond it, a countdown at each open
// deadline ("PINGREQ due in 0.6 s"), and the labelled event marks (vertical lines; a
// take-over or a will links both sessions' blocks when both are shown). Few items, so they
// are made again at each redraw.
class TimelineOverlay
{
public:
    struct Block
    {
        const TimelineModel *model = nullptr;
        QString name;
        double base = 0; // the block's bottom on the lane axis
        QXYSeries *anchor = nullptr;
    };

    explicit TimelineOverlay(QChart *chart);
    ~TimelineOverlay();
    TimelineOverlay(const TimelineOverlay &) = delete;
    TimelineOverlay &operator=(const TimelineOverlay &) = delete;

    // `referenceNs`: the "now" of the view (the real now while following).
    void update(const QList<Block> &blocks, const TimelineFrame &frame, qint64 referenceNs,
                const QPalette &palette);
    void clear();

    // A click on an event mark: its session and event sequence.
    std::function<void(int session, quint64 sequence)> onClicked;

private:
    void addNow(const Block &anchor, const TimelineFrame &frame, qint64 referenceNs,
                const QPalette &palette);
    void addCountdowns(const Block &block, const TimelineFrame &frame, qint64 referenceNs,
                       const QPalette &palette);
    void addMarks(const QList<Block> &blocks, const TimelineFrame &frame, const QPalette &palette);
    QPointF position(const Block &block, qint64 timeNs, double y, const TimelineFrame &frame) const;

    QChart *m_chart;
    QGraphicsRectItem *m_clip; // the plot area: what is drawn outside it is cut off
};

} // namespace PingScope
