#include "timelinechart.h"

#include "inspector/packetlook.h"
#include "session/keepalivetimer.h"
#include "timelineaxes.h"
#include "timelinelegend.h"
#include "timelineoverlay.h"
#include "timelinesessionseries.h"
#include "timelinetoolbar.h"
#include "timelineview.h"

#include <QCategoryAxis>
#include <QChart>
#include <QCursor>
#include <QGraphicsLayout>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace PingScope {

namespace {

constexpr qint64 S = 1'000'000'000;
constexpr qint64 MinimumWindowNs = 2 * S;
constexpr qint64 MaximumWindowNs = 30 * 60 * S;
constexpr int FutureDivisor = 6; // a sixth of the window after "now": the open deadlines
constexpr int MaximumFollowIntervalMs = 500;

// 1, 2, 5, 10, 20, 50 ... at or above `value`: the RTT axis' top.
double niceCeiling(double value)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(qMax(value, 1e-3))));
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= value)
            return factor * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

TimelineChart::TimelineChart(QWidget *parent)
    : QWidget(parent)
    , m_clock(KeepAliveTimer::monotonicClock())
    , m_chart(new QChart)
    , m_view(new TimelineView(m_chart, this))
    , m_timeAxis(new QCategoryAxis)
    , m_laneAxis(new QCategoryAxis)
    , m_rttAxis(new QValueAxis)
    , m_legend(new TimelineLegend(this))
    , m_toolbar(new TimelineToolbar(this))
    , m_overlay(std::make_unique<TimelineOverlay>(m_chart))
{
    setObjectName(QStringLiteral("timelineChart"));
    m_view->setObjectName(QStringLiteral("timelineView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(260);
    m_chart->legend()->hide(); // ours reads without colour
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);

    const QPalette palette = this->palette();
    m_chart->setBackgroundBrush(palette.color(QPalette::Base));
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlphaF(0.35);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_timeAxis), static_cast<QAbstractAxis *>(m_laneAxis),
          static_cast<QAbstractAxis *>(m_rttAxis)}) {
        axis->setLabelsBrush(palette.color(QPalette::Text));
        axis->setTitleBrush(palette.color(QPalette::Text));
        axis->setGridLineColor(grid);
        axis->setLinePenColor(palette.color(QPalette::Mid));
    }
    m_timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_laneAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    m_rttAxis->setTitleText(QStringLiteral("RTT (ms)"));
    m_rttAxis->setLabelFormat(QStringLiteral("%g"));
    m_rttAxis->setGridLineVisible(false);
    m_rttAxis->setRange(0, 1);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_laneAxis, Qt::AlignLeft);
    m_chart->addAxis(m_rttAxis, Qt::AlignRight);
    TimelineAxes::setLanes(m_laneAxis, {});

    m_toolbar->onFollowToggled = [this](bool following) { setFollowing(following); };
    m_toolbar->onWindowChosen = [this](qint64 windowNs) { setWindowNs(windowNs); };
    updateToolbar();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_legend);

    m_view->onWheel = [this](double steps, qreal x) { zoom(steps, x); };
    m_view->onPan = [this](qreal dx) { pan(dx); };
    m_overlay->onClicked = [this](int session, quint64 sequence) {
        Q_EMIT packetClicked(session, sequence);
    };
    m_redrawTimer.setSingleShot(true);
    // Not while a button is held: a redraw replaces the markers and event marks under the
    // pointer (at 25 Hz while following), so a click would land on another one or none.
    // The follow timer's next tick catches up.
    const auto redrawUnlessPressed = [this] {
        if (!m_view->isPressed())
            redrawNow();
    };
    connect(&m_redrawTimer, &QTimer::timeout, this, redrawUnlessPressed);
    connect(&m_followTimer, &QTimer::timeout, this, redrawUnlessPressed);
    // The overlay's items are placed in pixels: a new plot area (resize, axis labels that
    // grew) needs them placed again, paused or not.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        if (!m_redrawTimer.isActive())
            m_redrawTimer.start(0);
    });
    m_sinceRedraw.start();
}

TimelineChart::~TimelineChart()
{
    // The chart (a child) outlives this object's members: none of its signals may reach them.
    disconnect(m_chart, nullptr, this, nullptr);
    m_sessions.clear(); // their series go before the chart
    m_overlay.reset();
}

void TimelineChart::updateToolbar()
{
    m_toolbar->showState(m_following, m_windowNs);
}

void TimelineChart::addModel(const TimelineModel *model, const QString &sessionName)
{
    if (!model)
        return;
    for (const auto &session : m_sessions) {
        if (session->model() == model)
            return;
    }
    m_sessions.push_back(std::make_unique<TimelineSessionSeries>(
        model, sessionName, m_chart, m_timeAxis, m_laneAxis, m_rttAxis, palette()));
    connectSeries(m_sessions.back().get());
    relayoutBlocks();
}

void TimelineChart::removeModel(const TimelineModel *model)
{
    const auto it =
        std::find_if(m_sessions.begin(), m_sessions.end(),
                     [model](const auto &session) { return session->model() == model; });
    if (it == m_sessions.end())
        return;
    m_sessions.erase(it);
    relayoutBlocks();
}

void TimelineChart::clearModels()
{
    m_sessions.clear();
    relayoutBlocks();
}

QStringList TimelineChart::sessionNames() const
{
    QStringList names;
    for (const auto &session : m_sessions)
        names.append(session->name());
    return names;
}

void TimelineChart::relayoutBlocks()
{
    for (std::size_t i = 0; i < m_sessions.size(); ++i)
        m_sessions[i]->setBlock(int(i), int(m_sessions.size()));
    TimelineAxes::setLanes(m_laneAxis, sessionNames());
    m_filledRevisions.clear(); // refill everything
    modelChanged();
}

void TimelineChart::connectSeries(TimelineSessionSeries *session)
{
    for (QXYSeries *series : session->markerSeries()) {
        connect(series, &QXYSeries::hovered, this, [this, series](const QPointF &point, bool on) {
            if (on)
                QToolTip::showText(QCursor::pos(), markerText(series, point), m_view);
            else
                QToolTip::hideText();
        });
        connect(series, &QXYSeries::clicked, this, [this, series](const QPointF &point) {
            for (const auto &each : m_sessions) {
                if (const auto ref = each->find(series, point)) {
                    Q_EMIT packetClicked(ref->session, ref->sequence);
                    return;
                }
            }
        });
    }
}

QString TimelineChart::markerText(const QXYSeries *series, const QPointF &point) const
{
    for (const auto &session : m_sessions) {
        const auto ref = session->find(series, point);
        if (!ref)
            continue;
        QString text =
            m_summaryProvider ? m_summaryProvider(ref->session, ref->sequence) : QString();
        if (text.isEmpty()) {
            text = Protocol::packetTypeName(ref->type) + QStringLiteral(" · ") +
                   PacketLook::directionText(ref->direction);
            if (ref->type == Protocol::PacketType::Pingresp && ref->valueNs >= 0)
                text += QStringLiteral(" · RTT ") + durationText(ref->valueNs);
        }
        if (ref->count > 1)
            text += QStringLiteral("\n+%1 more %2 within 10 ms")
                        .arg(ref->count - 1)
                        .arg(Protocol::packetTypeName(ref->type));
        return text;
    }
    return QString();
}

void TimelineChart::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_originNs = -1;
    m_referenceNs = -1;
    m_filledRevisions.clear();
    modelChanged();
}

void TimelineChart::setSummaryProvider(SummaryProvider provider)
{
    m_summaryProvider = std::move(provider);
}

void TimelineChart::setWindowNs(qint64 windowNs)
{
    m_windowNs = qBound(MinimumWindowNs, windowNs, MaximumWindowNs);
    updateToolbar();
    updateFollowTimer();
    redrawNow();
}

void TimelineChart::setPausedNote(const QString &note)
{
    m_toolbar->setPausedNote(note);
    updateToolbar();
}

void TimelineChart::setFollowing(bool following)
{
    if (following == m_following)
        return;
    m_following = following;
    updateToolbar();
    updateFollowTimer();
    redrawNow();
}

void TimelineChart::modelChanged()
{
    m_dirty = true;
    if (!m_following || !isVisible() || m_redrawTimer.isActive())
        return; // paused: the view stays; hidden: showEvent() redraws
    const qint64 waited = m_sinceRedraw.elapsed();
    m_redrawTimer.start(int(qMax<qint64>(0, MinimumRedrawIntervalMs - waited)));
}

qint64 TimelineChart::nsPerPixel() const
{
    const qreal width = m_chart->plotArea().width() > 10 ? m_chart->plotArea().width() : 1000;
    return qMax<qint64>(1, qint64((m_windowNs + m_windowNs / FutureDivisor) / width));
}

void TimelineChart::updateFollowTimer()
{
    if (m_following && isVisible()) {
        // Often enough that "now" moves a pixel at a time, never more than 25 Hz.
        const qint64 ms = nsPerPixel() / 1'000'000;
        m_followTimer.start(
            int(qBound(qint64(MinimumRedrawIntervalMs), ms, qint64(MaximumFollowIntervalMs))));
    } else {
        m_followTimer.stop();
    }
}

void TimelineChart::redrawNow()
{
    m_redrawTimer.stop();
    m_sinceRedraw.restart();
    m_dirty = false;
    const qint64 now = m_clock();
    if (m_originNs < 0)
        m_originNs = now;
    if (m_following || m_referenceNs < 0)
        m_referenceNs = now;
    m_leftNs = m_referenceNs - m_windowNs;
    m_rightNs = m_referenceNs + m_windowNs / FutureDivisor;

    TimelineFrame frame;
    frame.originNs = m_originNs;
    frame.nsPerPixel = nsPerPixel();
    std::vector<quint64> revisions;
    for (const auto &session : m_sessions)
        revisions.push_back(session->model()->revision());
    // Filled with a margin either side, so that following an idle session only moves the
    // axis until "now" runs past what was filled.
    const bool stale = revisions != m_filledRevisions || frame.nsPerPixel != m_filledNsPerPixel ||
                       m_leftNs < m_filledFromNs || m_rightNs > m_filledToNs;
    if (stale) {
        const qint64 margin = m_windowNs / 4;
        m_filledFromNs = m_leftNs - margin;
        m_filledToNs = m_rightNs + margin;
        m_filledRevisions = revisions;
        m_filledNsPerPixel = frame.nsPerPixel;
        frame.fromNs = m_filledFromNs;
        frame.toNs = m_filledToNs;
        double maximumRtt = 0;
        for (const auto &session : m_sessions) {
            session->fill(frame);
            maximumRtt = qMax(maximumRtt, session->maximumRttMs());
        }
        m_rttAxis->setRange(0, niceCeiling(qMax(1.0, maximumRtt * 1.25)));
    }
    TimelineAxes::setTimeTicks(m_timeAxis, m_originNs, m_leftNs, m_rightNs, m_referenceNs,
                               m_following ? QStringLiteral("now") : QStringLiteral("paused"));

    placeOverlay();
}

void TimelineChart::placeOverlay()
{
    TimelineFrame frame;
    frame.originNs = m_originNs;
    frame.nsPerPixel = nsPerPixel();
    frame.fromNs = m_leftNs - m_windowNs / 20;
    frame.toNs = m_rightNs;
    QList<TimelineOverlay::Block> blocks;
    for (const auto &session : m_sessions)
        blocks.append({session->model(), session->name(), session->base(), session->anchor()});
    m_overlay->update(blocks, frame, m_referenceNs, palette());
}

void TimelineChart::zoom(double steps, qreal x)
{
    const qint64 oldWindow = m_windowNs;
    const qint64 window =
        qBound(MinimumWindowNs, qint64(double(oldWindow) * std::pow(0.8, steps)), MaximumWindowNs);
    if (!m_following) {
        // Paused: the time under the pointer stays under it.
        const QRectF plot = m_chart->plotArea();
        const double fraction =
            plot.width() > 0 ? qBound(0.0, (x - plot.left()) / plot.width(), 1.0) : 1.0;
        const qint64 span = m_rightNs - m_leftNs;
        const qint64 at = m_leftNs + qint64(fraction * double(span));
        const qint64 newSpan = window + window / FutureDivisor;
        m_referenceNs = at - qint64(fraction * double(newSpan)) + window;
    }
    setWindowNs(window);
}

void TimelineChart::pan(qreal dx)
{
    // Looking at the past is a pause: the view must not run away while it is dragged.
    if (m_following)
        setFollowing(false);
    m_referenceNs -= qint64(dx * double(nsPerPixel()));
    redrawNow();
}

bool TimelineChart::exportPng(const QString &path, QString *error)
{
    redrawNow();
    // The new axis labels are laid out at the next event loop turn: now, for the picture,
    // and the overlay placed again on the plot area that results.
    if (QGraphicsLayout *layout = m_chart->layout())
        layout->activate();
    placeOverlay();
    const QPixmap chart = m_view->grab();
    const QPixmap legend = m_legend->grab();
    QImage image(QSize(qMax(chart.width(), legend.width()), chart.height() + legend.height()),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Window));
    {
        QPainter painter(&image);
        painter.drawPixmap(0, 0, chart);
        painter.drawPixmap(0, chart.height(), legend);
    }
    QImageWriter writer(path, "png");
    if (!writer.write(image)) {
        if (error)
            *error = QStringLiteral("Could not write %1: %2").arg(path, writer.errorString());
        return false;
    }
    return true;
}

void TimelineChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateFollowTimer();
    redrawNow();
}

void TimelineChart::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateFollowTimer();
}

} // namespace PingScope
