#include "timelineaxes.h"

#include "timelinelayout.h"

#include <QCategoryAxis>

namespace PingScope::TimelineAxes {

namespace {

constexpr qint64 S = 1'000'000'000;
constexpr int MaximumTicks = 8;

void removeAll(QCategoryAxis *axis)
{
    const QStringList labels = axis->categoriesLabels();
    for (const QString &label : labels)
        axis->remove(label);
}

} // namespace

qint64 tickStepNs(qint64 spanNs)
{
    static const qint64 steps[] = {S / 10, S / 5,  S / 2,  S,       2 * S,   5 * S,   10 * S,
                                   15 * S, 30 * S, 60 * S, 120 * S, 300 * S, 600 * S, 1800 * S};
    for (const qint64 step : steps) {
        if (spanNs / step <= MaximumTicks)
            return step;
    }
    return 3600 * S;
}

QString relativeTimeText(qint64 deltaNs, qint64 stepNs, const QString &zeroLabel)
{
    if (deltaNs == 0)
        return zeroLabel;
    const QString sign = deltaNs < 0 ? QStringLiteral("-") : QStringLiteral("+");
    const qint64 magnitude = qAbs(deltaNs);
    if (stepNs >= 60 * S && magnitude % (60 * S) == 0)
        return sign + QStringLiteral("%1 min").arg(magnitude / (60 * S));
    const int decimals = stepNs < S ? 1 : 0;
    return sign + QStringLiteral("%1 s").arg(double(magnitude) / S, 0, 'f', decimals);
}

void setTimeTicks(QCategoryAxis *axis, qint64 originNs, qint64 leftNs, qint64 rightNs,
                  qint64 referenceNs, const QString &zeroLabel)
{
    const auto x = [originNs](qint64 t) { return double(t - originNs) / S; };
    removeAll(axis);
    axis->setRange(x(leftNs), x(rightNs));
    axis->setStartValue(x(leftNs));
    const qint64 step = tickStepNs(rightNs - leftNs);
    // The ticks stay on "now - k x step", so they move with now and keep their labels.
    qint64 k = (leftNs - referenceNs) / step;
    for (qint64 tick = referenceNs + k * step; tick <= rightNs; tick += step) {
        if (tick > leftNs)
            axis->append(relativeTimeText(tick - referenceNs, step, zeroLabel), x(tick));
    }
}

void setLanes(QCategoryAxis *axis, const QStringList &sessionNames)
{
    using namespace TimelineLayout;
    removeAll(axis);
    const int blocks = int(qMax<qsizetype>(1, sessionNames.size()));
    axis->setStartValue(0);
    axis->setRange(0, blocks * BlockHeight);
    static const char *const rows[RowCount - 1] = {"PINGRESP wait", "1.5× broker window",
                                                   "keep-alive window", "broker → client",
                                                   "client → broker"};
    // From the bottom: the last session's block first.
    for (int block = blocks - 1; block >= 0; --block) {
        const QString distinct(block, QChar(0x200B));
        const double base = blockBase(block, blocks);
        for (int row = 0; row < RowCount - 1; ++row)
            axis->append(QString::fromUtf8(rows[row]) + distinct, base + RowTop[row]);
        const QString name = block < sessionNames.size() ? sessionNames.at(block) : QString();
        axis->append(QStringLiteral("▸ %1").arg(name) + distinct, base + RowTop[EventsRow]);
    }
}

} // namespace PingScope::TimelineAxes
