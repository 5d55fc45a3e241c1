#pragma once

#include <QWidget>

class QLabel;

namespace PingScope {

class TimelineChart;

// "Show both sessions": a window of its own with a title and a TimelineChart, for the
// overlay of a take-over's two sessions or a session and its will watcher. The caller adds
// the models (TimelineChart::addModel) and calls chart()->modelChanged() as for any chart.
class TimelineOverlayWindow : public QWidget
{
public:
    explicit TimelineOverlayWindow(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    TimelineChart *chart() const { return m_chart; }

private:
    QLabel *m_title;
    TimelineChart *m_chart;
};

} // namespace PingScope
