#pragma once

#include <QStringList>
#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
QT_END_NAMESPACE

namespace PingScope {

// The timeline's axes' labels. Time: ticks counted back from the view's "now" ("-45 s" ...
// "now", UI.md) at a step that gives at most eight of them, "+5 s" into the future. Lanes:
// one block of rows per session, named; Qt Charts keys categories by their label, so the
// rows of later blocks carry invisible zero-width spaces to stay distinct.
namespace TimelineAxes {

// "-45 s", "-2 min", "-0.5 s", "+5 s"; "now" (or `zeroLabel`) for 0.
QString relativeTimeText(qint64 deltaNs, qint64 stepNs, const QString &zeroLabel);
qint64 tickStepNs(qint64 spanNs);
// Labels `axis` for the range [leftNs, rightNs]; x = (t - originNs) / 1e9.
void setTimeTicks(QCategoryAxis *axis, qint64 originNs, qint64 leftNs, qint64 rightNs,
                  qint64 referenceNs, const QString &zeroLabel);
void setLanes(QCategoryAxis *axis, const QStringList &sessionNames);

} // namespace TimelineAxes
} // namespace PingScope
