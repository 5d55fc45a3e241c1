#pragma once

#include "monitor/timelinemodel.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QChart;
class QValueAxis;
class QXYSeries;
QT_END_NAMESPACE

namespace PingScope {

class TimelineLegend;
class TimelineOverlay;
class TimelineSessionSeries;
class TimelineToolbar;
class TimelineView;

// The live keep-alive timeline (issue 6): one TimelineModel per session, drawn with Qt
// Charts. One model: that session's lanes (client -> broker, broker -> client) and its
// deadline wedges; several: an OVERLAY on a shared time axis, one block of rows per
// session, a take-over or a will drawn as a line linking both blocks.
//
// Time flows left to right with the view's "now" near the right edge and a little of the
// future after it, where the open deadlines run out. The chart never reads a model on its
// own: the owner appends events and calls modelChanged(), which redraws at most 25 times a
// second; while following, a timer (only while visible) moves "now". Pause freezes the view,
// not the session. Only what the window shows goes to the series, a point per pixel at most.
class TimelineChart : public QWidget
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; // monotonic ns, the events' clock
    using SummaryProvider = std::function<QString(int session, quint64 sequence)>;

    static constexpr qint64 DefaultWindowNs = 60'000'000'000;
    static constexpr int MinimumRedrawIntervalMs = 40; // 25 Hz

    explicit TimelineChart(QWidget *parent = nullptr);
    ~TimelineChart() override;

    // The models stay the caller's and must outlive their place on the chart.
    void addModel(const TimelineModel *model, const QString &sessionName);
    void removeModel(const TimelineModel *model);
    void clearModels();
    int modelCount() const { return int(m_sessions.size()); }
    QStringList sessionNames() const; // in the order of their blocks, top first

    // After appending events to a model: a redraw, coalesced to <= 25 Hz.
    void modelChanged();
    // Redraws at once (tests, benchmarks, export).
    void redrawNow();

    // Default: KeepAliveTimer::monotonicClock().
    void setClock(Clock clock);
    // The text a hovered packet marker shows; without one (or when it returns nothing):
    // type, direction and count.
    void setSummaryProvider(SummaryProvider provider);

    // How much of the past the view shows: 10 s, 30 s, 60 s (default), 5 min, or any zoom.
    void setWindowNs(qint64 windowNs);
    qint64 windowNs() const { return m_windowNs; }
    // Following: "now" at the right edge, moving. Paused: the view stays where it is.
    void setFollowing(bool following);
    bool isFollowing() const { return m_following; }
    // What the toolbar says while paused, after "paused: "; empty: "the session goes on".
    // (A finished lesson run: "the run has ended".)
    void setPausedNote(const QString &note);
    // The view's time range (left, right edges) at the last redraw, in the models' ns.
    qint64 visibleFromNs() const { return m_leftNs; }
    qint64 visibleToNs() const { return m_rightNs; }

    // Renders the chart and its legend to a PNG at `path`; false with `error` set if not.
    bool exportPng(const QString &path, QString *error = nullptr);

    // The text shown for a packet marker of `series` at `point` (what hovering shows).
    QString markerText(const QXYSeries *series, const QPointF &point) const;
    QChart *chart() const { return m_chart; }

Q_SIGNALS:
    // A packet marker or event mark was clicked: select that event in the inspector.
    void packetClicked(int session, quint64 sequence);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void connectSeries(TimelineSessionSeries *series);
    void relayoutBlocks();
    void placeOverlay();
    void updateFollowTimer();
    void zoom(double steps, qreal x);
    void pan(qreal dx);
    qint64 nsPerPixel() const;
    void updateToolbar();

    Clock m_clock;
    SummaryProvider m_summaryProvider;
    QChart *m_chart;
    TimelineView *m_view;
    QCategoryAxis *m_timeAxis;
    QCategoryAxis *m_laneAxis;
    QValueAxis *m_rttAxis;
    TimelineLegend *m_legend;
    TimelineToolbar *m_toolbar;
    std::unique_ptr<TimelineOverlay> m_overlay;
    std::vector<std::unique_ptr<TimelineSessionSeries>> m_sessions;

    QTimer m_redrawTimer; // single shot: coalesces modelChanged()
    QTimer m_followTimer; // while visible and following: "now" moves
    QElapsedTimer m_sinceRedraw;
    qint64 m_windowNs = DefaultWindowNs;
    bool m_following = true;
    bool m_dirty = true;
    qint64 m_originNs = -1;    // x = 0; set at the first redraw
    qint64 m_referenceNs = -1; // the view's "now": the clock's while following
    qint64 m_leftNs = 0;
    qint64 m_rightNs = 0;
    // What the series were last filled with, so that an idle redraw only moves the axis.
    std::vector<quint64> m_filledRevisions;
    qint64 m_filledFromNs = 0;
    qint64 m_filledToNs = 0;
    qint64 m_filledNsPerPixel = 0;
};

} // namespace PingScope
