#pragma once

#include "monitor/timelinemodel.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <optional>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAreaSeries;
class QColor;
class QPalette;
class QChart;
class QLineSeries;
class QScatterSeries;
class QXYSeries;
QT_END_NAMESPACE

namespace PingScope {

// What part of the time line a redraw shows, and how finely: x = (t - originNs) / 1e9.
struct TimelineFrame
{
    qint64 originNs = 0;
    qint64 fromNs = 0; // the visible range, with a margin
    qint64 toNs = 0;
    qint64 nsPerPixel = 1; // marks closer than this merge into one point: the series stay
                           // bounded by the chart's width, whatever the traffic
    double x(qint64 timeNs) const { return double(timeNs - originNs) / 1e9; }
};

// The Qt Charts series of ONE session's model on the timeline: its packet markers, RTT line
// and deadline wedges in its block of rows. fill() replaces whole point lists with only what
// the frame shows (never per-point appends); find() maps a hovered or clicked point back to
// the packet it stands for.
class TimelineSessionSeries
{
public:
    // The series' object names, for tests and tools ("pingreq", "pingresp", ...); each has
    // the session's id in its "session" property.
    static const char *const PingreqName;
    static const char *const PingrespName;
    static const char *const SentName;
    static const char *const ReceivedName;
    static const char *const RttName;

    struct PacketRef
    {
        int session = 0;
        quint64 sequence = 0;
        Protocol::PacketType type = Protocol::PacketType::Connect;
        Direction direction = Direction::None;
        int count = 1;
        qint64 valueNs = -1;
    };

    TimelineSessionSeries(const TimelineModel *model, const QString &name, QChart *chart,
                          QAbstractAxis *timeAxis, QAbstractAxis *laneAxis, QAbstractAxis *rttAxis,
                          const QPalette &palette);
    ~TimelineSessionSeries();
    TimelineSessionSeries(const TimelineSessionSeries &) = delete;
    TimelineSessionSeries &operator=(const TimelineSessionSeries &) = delete;

    const TimelineModel *model() const { return m_model; }
    const QString &name() const { return m_name; }
    // The session's block (0: top) among `blocks`.
    void setBlock(int block, int blocks);
    double base() const { return m_base; }

    void fill(const TimelineFrame &frame);
    // The largest RTT filled, in ms (0 without one), for the right-hand axis' range.
    double maximumRttMs() const { return m_maximumRttMs; }
    std::optional<PacketRef> find(const QXYSeries *series, const QPointF &point) const;
    QList<QXYSeries *> markerSeries() const;
    // Any series on the time and lane axes, for mapping values to positions.
    QXYSeries *anchor() const;

private:
    struct Markers
    {
        QScatterSeries *series = nullptr;
        QList<QPointF> points;
        QList<PacketRef> refs;
    };
    struct Wedges
    {
        QAreaSeries *area = nullptr;
        QLineSeries *upper = nullptr;
        QLineSeries *lower = nullptr;
    };

    Markers makeMarkers(const char *name, int shape, qreal size, const QColor &colour);
    Wedges makeWedges(const QString &name, const QColor &colour);
    void fillMarkers(const TimelineFrame &frame);
    void fillSpans(const TimelineFrame &frame);
    void fillRtt(const TimelineFrame &frame);

    const TimelineModel *m_model;
    QString m_name;
    QChart *m_chart;
    double m_base = 0;
    double m_maximumRttMs = 0;
    Markers m_pingreq;
    Markers m_pingresp;
    Markers m_sent;
    Markers m_received;
    QLineSeries *m_rtt = nullptr;
    Wedges m_keepAlive;
    Wedges m_broker;
    Wedges m_pingrespWait;
};

} // namespace PingScope
