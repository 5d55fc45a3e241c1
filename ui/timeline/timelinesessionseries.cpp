#include "timelinesessionseries.h"

#include "timelinelayout.h"
#include "timelinestyle.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QPalette>
#include <QScatterSeries>

#include <algorithm>

namespace PingScope {

using namespace TimelineLayout;
using SpanKind = TimelineModel::SpanKind;

const char *const TimelineSessionSeries::PingreqName = "pingreq";
const char *const TimelineSessionSeries::PingrespName = "pingresp";
const char *const TimelineSessionSeries::SentName = "sentPackets";
const char *const TimelineSessionSeries::ReceivedName = "receivedPackets";
const char *const TimelineSessionSeries::RttName = "rtt";

namespace {

constexpr qint64 OtherPacketPixels = 4;

// The first mark at or after `fromNs` in a deque ordered by time.
template<typename Deque>
auto firstFrom(const Deque &list, qint64 fromNs)
{
    return std::lower_bound(list.begin(), list.end(), fromNs,
                            [](const auto &item, qint64 t) { return item.timeNs < t; });
}

QColor translucent(QColor colour, qreal alpha)
{
    colour.setAlphaF(alpha);
    return colour;
}

} // namespace

TimelineSessionSeries::TimelineSessionSeries(const TimelineModel *model, const QString &name,
                                             QChart *chart, QAbstractAxis *timeAxis,
                                             QAbstractAxis *laneAxis, QAbstractAxis *rttAxis,
                                             const QPalette &palette)
    : m_model(model)
    , m_name(name)
    , m_chart(chart)
{
    // Added bottom first: the wedges under the markers, the pings over everything.
    m_keepAlive = makeWedges(QStringLiteral("keepAliveSpans"),
                             TimelineStyle::colour(TimelineLook::KeepAliveSpan, palette));
    m_broker = makeWedges(QStringLiteral("brokerSpans"),
                          TimelineStyle::colour(TimelineLook::BrokerSpan, palette));
    m_pingrespWait = makeWedges(QStringLiteral("pingrespSpans"),
                                TimelineStyle::colour(TimelineLook::PingrespSpan, palette));

    m_rtt = new QLineSeries;
    m_rtt->setObjectName(QLatin1String(RttName));
    QPen rttPen(TimelineStyle::colour(TimelineLook::Rtt, palette), 1.5);
    rttPen.setStyle(Qt::DashLine);
    m_rtt->setPen(rttPen);
    m_rtt->setPointsVisible(true);
    m_rtt->setMarkerSize(4);

    const QColor grey = TimelineStyle::colour(TimelineLook::OtherPacket, palette);
    m_sent = makeMarkers(SentName, QScatterSeries::MarkerShapeRectangle, 7, grey);
    m_received = makeMarkers(ReceivedName, QScatterSeries::MarkerShapeRectangle, 7, grey);
    m_pingreq = makeMarkers(PingreqName, QScatterSeries::MarkerShapeTriangle, 14,
                            TimelineStyle::colour(TimelineLook::Pingreq, palette));
    m_pingresp = makeMarkers(PingrespName, QScatterSeries::MarkerShapeCircle, 12,
                             TimelineStyle::colour(TimelineLook::Pingresp, palette));

    QList<QAbstractSeries *> all{
        m_keepAlive.area, m_broker.area,     m_pingrespWait.area, m_rtt,
        m_sent.series,    m_received.series, m_pingreq.series,    m_pingresp.series};
    for (QAbstractSeries *series : all) {
        series->setProperty("session", model->session());
        chart->addSeries(series);
        series->attachAxis(timeAxis);
        series->attachAxis(series == m_rtt ? rttAxis : laneAxis);
    }
}

TimelineSessionSeries::~TimelineSessionSeries()
{
    for (QAbstractSeries *series : QList<QAbstractSeries *>{
             m_keepAlive.area, m_broker.area, m_pingrespWait.area, m_rtt, m_sent.series,
             m_received.series, m_pingreq.series, m_pingresp.series}) {
        m_chart->removeSeries(series);
        delete series;
    }
    // The wedges' lines belong to no chart.
    for (const Wedges *wedges : {&m_keepAlive, &m_broker, &m_pingrespWait}) {
        delete wedges->upper;
        delete wedges->lower;
    }
}

TimelineSessionSeries::Markers TimelineSessionSeries::makeMarkers(const char *name, int shape,
                                                                  qreal size, const QColor &colour)
{
    Markers markers;
    markers.series = new QScatterSeries;
    markers.series->setObjectName(QLatin1String(name));
    markers.series->setMarkerShape(QScatterSeries::MarkerShape(shape));
    markers.series->setMarkerSize(size);
    markers.series->setColor(colour);
    // A thin outline in the chart's background keeps neighbours apart in a burst.
    markers.series->setBorderColor(colour.darker(130));
    return markers;
}

TimelineSessionSeries::Wedges TimelineSessionSeries::makeWedges(const QString &name,
                                                                const QColor &colour)
{
    Wedges wedges;
    wedges.upper = new QLineSeries;
    wedges.lower = new QLineSeries;
    wedges.area = new QAreaSeries(wedges.upper, wedges.lower);
    wedges.area->setObjectName(name);
    wedges.area->setBrush(translucent(colour, 0.30));
    wedges.area->setPen(QPen(translucent(colour, 0.9), 1.2));
    return wedges;
}

void TimelineSessionSeries::setBlock(int block, int blocks)
{
    m_base = blockBase(block, blocks);
}

QList<QXYSeries *> TimelineSessionSeries::markerSeries() const
{
    return {m_pingreq.series, m_pingresp.series, m_sent.series, m_received.series};
}

QXYSeries *TimelineSessionSeries::anchor() const
{
    return m_pingreq.series;
}

void TimelineSessionSeries::fill(const TimelineFrame &frame)
{
    // A model made without a session learns it from its first event.
    if (m_pingreq.series->property("session").toInt() != m_model->session()) {
        for (QAbstractSeries *series : m_chart->series()) {
            if (series == m_rtt || series == m_keepAlive.area || series == m_broker.area ||
                series == m_pingrespWait.area || markerSeries().contains(series))
                series->setProperty("session", m_model->session());
        }
    }
    fillMarkers(frame);
    fillSpans(frame);
    fillRtt(frame);
}

void TimelineSessionSeries::fillMarkers(const TimelineFrame &frame)
{
    const int session = m_model->session();
    const double sentY = m_base + rowCentre(SentRow);
    const double receivedY = m_base + rowCentre(ReceivedRow);
    struct Target
    {
        Markers *markers;
        qint64 lastBucket = std::numeric_limits<qint64>::min();
    };
    Target pingreq{&m_pingreq}, pingresp{&m_pingresp}, sent{&m_sent}, received{&m_received};
    for (Target *target : {&pingreq, &pingresp, &sent, &received}) {
        target->markers->points.clear();
        target->markers->refs.clear();
    }
    // Qt Charts draws every scatter point as a graphics item of its own, so the points are
    // few: one per pixel for the pings, one per OtherPacketPixels for the rest (a square
    // that size overlaps its neighbours anyway), whatever the traffic.
    const auto add = [&](Target &target, const TimelineModel::PacketMark &mark, double y) {
        const bool ping = &target == &pingreq || &target == &pingresp;
        const qint64 bucket =
            mark.timeNs / (ping ? frame.nsPerPixel : frame.nsPerPixel * OtherPacketPixels);
        if (bucket == target.lastBucket)
            return;
        target.lastBucket = bucket;
        target.markers->points.append(QPointF(frame.x(mark.timeNs), y));
        target.markers->refs.append(
            PacketRef{session, mark.sequence, mark.type, mark.direction, mark.count, mark.valueNs});
    };
    const auto &pings = m_model->pings();
    for (auto it = firstFrom(pings, frame.fromNs); it != pings.end() && it->timeNs <= frame.toNs;
         ++it) {
        if (it->direction == Direction::Sent)
            add(pingreq, *it, sentY);
        else
            add(pingresp, *it, receivedY);
    }
    const auto &packets = m_model->packets();
    for (auto it = firstFrom(packets, frame.fromNs);
         it != packets.end() && it->timeNs <= frame.toNs; ++it) {
        if (it->direction == Direction::Sent)
            add(sent, *it, sentY);
        else
            add(received, *it, receivedY);
    }
    for (Target *target : {&pingreq, &pingresp, &sent, &received})
        target->markers->series->replace(target->markers->points);
}

void TimelineSessionSeries::fillSpans(const TimelineFrame &frame)
{
    struct Target
    {
        Wedges *wedges;
        Row row;
        QList<QPointF> upper;
        qint64 lastBucket = std::numeric_limits<qint64>::min();
    };
    Target keepAlive{&m_keepAlive, KeepAliveRow, {}};
    Target broker{&m_broker, BrokerRow, {}};
    Target wait{&m_pingrespWait, PingrespWaitRow, {}};
    const auto targetOf = [&](SpanKind kind) -> Target & {
        return kind == SpanKind::KeepAlive      ? keepAlive
               : kind == SpanKind::BrokerWindow ? broker
                                                : wait;
    };
    // A wedge: full height when the span starts, shrinking toward its deadline, cut where the
    // span ended (a packet was sent, the PINGRESP came). Its height is the time left.
    const auto add = [&](const TimelineModel::DeadlineSpan &span) {
        Target &target = targetOf(span.kind);
        const qint64 length = qMax<qint64>(1, span.deadlineNs - span.startNs);
        const qint64 stop = span.isOpen() ? span.deadlineNs : qMin(span.endNs, span.deadlineNs);
        const qint64 stopBucket = stop / frame.nsPerPixel;
        if (stopBucket <= target.lastBucket)
            return; // within the pixel the previous wedge ended in: invisible
        target.lastBucket = stopBucket;
        const double low = m_base + rowBottom(target.row) + Padding;
        const double high = m_base + RowTop[target.row] - Padding;
        const double left = 1.0 - double(stop - span.startNs) / double(length);
        target.upper.append(QPointF(frame.x(span.startNs), low));
        target.upper.append(QPointF(frame.x(span.startNs), high));
        target.upper.append(QPointF(frame.x(stop), low + (high - low) * left));
        target.upper.append(QPointF(frame.x(stop), low));
    };
    const auto &spans = m_model->spans();
    // Closed spans are ordered by their end, so the first that ends in the frame is found
    // by bisection.
    auto it = std::lower_bound(spans.begin(), spans.end(), frame.fromNs,
                               [](const auto &span, qint64 t) { return span.endNs < t; });
    for (; it != spans.end() && it->startNs <= frame.toNs; ++it)
        add(*it);
    for (const auto &span : m_model->openSpans()) {
        if (span.startNs <= frame.toNs)
            add(span);
    }
    for (Target *target : {&keepAlive, &broker, &wait}) {
        const double low = m_base + rowBottom(target->row) + Padding;
        target->wedges->upper->replace(target->upper);
        // The base line under the wedges only, so a row without deadlines stays blank.
        QList<QPointF> lower;
        if (!target->upper.isEmpty())
            lower = {QPointF(target->upper.constFirst().x(), low),
                     QPointF(target->upper.constLast().x(), low)};
        target->wedges->lower->replace(lower);
    }
}

void TimelineSessionSeries::fillRtt(const TimelineFrame &frame)
{
    QList<QPointF> points;
    m_maximumRttMs = 0;
    const auto &rtt = m_model->rttPoints();
    qint64 lastBucket = std::numeric_limits<qint64>::min();
    for (auto it = firstFrom(rtt, frame.fromNs); it != rtt.end() && it->timeNs <= frame.toNs;
         ++it) {
        const qint64 bucket = it->timeNs / frame.nsPerPixel;
        if (bucket == lastBucket)
            continue;
        lastBucket = bucket;
        const double ms = double(it->rttNs) / 1e6;
        m_maximumRttMs = qMax(m_maximumRttMs, ms);
        points.append(QPointF(frame.x(it->timeNs), ms));
    }
    m_rtt->replace(points);
}

std::optional<TimelineSessionSeries::PacketRef>
TimelineSessionSeries::find(const QXYSeries *series, const QPointF &point) const
{
    for (const Markers *markers : {&m_pingreq, &m_pingresp, &m_sent, &m_received}) {
        if (markers->series != series)
            continue;
        const auto &points = markers->points;
        auto it = std::lower_bound(points.begin(), points.end(), point.x() - 1e-9,
                                   [](const QPointF &p, double x) { return p.x() < x; });
        // The nearest point at or after the position, else the one before it.
        if (it == points.end() && it != points.begin())
            --it;
        if (it == points.end())
            return std::nullopt;
        if (it != points.begin() && qAbs((it - 1)->x() - point.x()) < qAbs(it->x() - point.x()))
            --it;
        return markers->refs.at(it - points.begin());
    }
    return std::nullopt;
}

} // namespace PingScope
