#pragma once

#include "timelinestyle.h"

#include <QList>
#include <QWidget>

namespace PingScope {

// The timeline's legend: each look's shape and word, in rows that wrap to the width, so the
// chart reads without colour (UI.md). Painted, not Qt Charts' legend, because most of what
// the timeline draws (event marks, deadline wedges) is not one series each.
class TimelineLegend : public QWidget
{
public:
    explicit TimelineLegend(QWidget *parent = nullptr);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    // Lays the entries out for `width`; returns each entry's box and the height used.
    QList<QRect> layout(int width, int *height) const;

    QList<TimelineLook> m_looks;
};

} // namespace PingScope
