#include "keepalivetradeoffchart.h"

#include "lessons/keepalivetradeoff.h"
#include "timelinestyle.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QVBoxLayout>

namespace PingScope {

namespace {

// The axes' spans: every default keep-alive, its pings, and its detection times fit.
constexpr double KeepAliveMin = 1; // a suggestion may be 1 s (a slow link, a short target)
constexpr double KeepAliveMax = 2000;
constexpr double PingsMin = 1;
constexpr double PingsMax = 2000;
constexpr double DetectionMin = 1;
constexpr double DetectionMax = 5000;

QLogValueAxis *logAxis(const QString &title, double min, double max)
{
    auto *axis = new QLogValueAxis;
    axis->setBase(10);
    axis->setTitleText(title);
    axis->setLabelFormat(QStringLiteral("%g"));
    axis->setRange(min, max);
    axis->setMinorTickCount(-1); // 2..9 between the decades: log steps read as such
    return axis;
}

} // namespace

KeepAliveTradeoffChart::KeepAliveTradeoffChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart, this))
    , m_note(new QLabel(this))
    , m_keepAliveAxis(logAxis(tr("keep-alive (s)"), KeepAliveMin, KeepAliveMax))
    , m_pingsAxis(logAxis(tr("pings per hour"), PingsMin, PingsMax))
    , m_detectionAxis(logAxis(tr("dead link noticed after (s)"), DetectionMin, DetectionMax))
    , m_pings(new QLineSeries)
    , m_client(new QLineSeries)
    , m_broker(new QLineSeries)
    , m_suggestion(new QLineSeries)
{
    setObjectName(QStringLiteral("keepAliveTradeoffChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_note->setObjectName(QStringLiteral("keepAliveSuggestionNote"));
    m_note->setWordWrap(true);

    m_pings->setName(tr("pings per hour (PINGREQ, idle)"));
    m_client->setName(tr("client notices: keep-alive + timeout (= keep-alive)"));
    m_broker->setName(tr("broker may drop: 1.5 × keep-alive"));
    m_suggestion->setName(tr("suggested keep-alive"));
    for (const KeepAliveTradeoffRow &row : keepAliveTradeoff(defaultTradeoffKeepAlives(), 0)) {
        m_pings->append(row.keepAliveSeconds, row.pingsPerHour);
        m_client->append(row.keepAliveSeconds, row.clientDetectionSeconds);
        m_broker->append(row.keepAliveSeconds, row.brokerDetectionSeconds);
    }
    m_chart->addAxis(m_keepAliveAxis, Qt::AlignBottom);
    m_chart->addAxis(m_pingsAxis, Qt::AlignLeft);
    m_chart->addAxis(m_detectionAxis, Qt::AlignRight);
    for (QLineSeries *series : {m_pings, m_client, m_broker, m_suggestion}) {
        series->setPointsVisible(series != m_suggestion);
        m_chart->addSeries(series);
        series->attachAxis(m_keepAliveAxis);
        series->attachAxis(series == m_pings ? m_pingsAxis : m_detectionAxis);
    }
    applyPalette();
    setSuggestion(0);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_note);
}

void KeepAliveTradeoffChart::setSuggestion(int keepAliveSeconds, const QString &reasoning)
{
    m_suggested = qMax(0, keepAliveSeconds);
    m_suggestion->clear();
    if (m_suggested > 0) {
        m_suggestion->append(m_suggested, DetectionMin);
        m_suggestion->append(m_suggested, DetectionMax);
        m_suggestion->setName(tr("suggested keep-alive: %1 s").arg(m_suggested));
        m_note->setText(reasoning.isEmpty() ? m_suggestion->name() : reasoning);
    } else {
        m_suggestion->setName(tr("suggested keep-alive"));
        m_note->setText(tr("Run the lesson: from the round trips its sessions measure, a "
                           "keep-alive is suggested and marked here."));
    }
    // An empty series keeps no place in the legend.
    const QList<QLegendMarker *> markers = m_chart->legend()->markers(m_suggestion);
    for (QLegendMarker *marker : markers)
        marker->setVisible(m_suggested > 0);
}

void KeepAliveTradeoffChart::applyPalette()
{
    const QPalette palette = this->palette();
    m_chart->setBackgroundBrush(palette.color(QPalette::Base));
    m_chart->legend()->setLabelColor(palette.color(QPalette::Text));
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlphaF(0.35);
    for (QLogValueAxis *axis : {m_keepAliveAxis, m_pingsAxis, m_detectionAxis}) {
        axis->setLabelsBrush(palette.color(QPalette::Text));
        axis->setTitleBrush(palette.color(QPalette::Text));
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid.lighter(120));
        axis->setLinePenColor(palette.color(QPalette::Mid));
    }
    m_detectionAxis->setGridLineVisible(false);
    m_detectionAxis->setMinorGridLineVisible(false);
    const auto style = [&](QLineSeries *series, TimelineLook look, Qt::PenStyle penStyle) {
        QPen pen(TimelineStyle::colour(look, palette), 2.5, penStyle);
        series->setPen(pen);
        series->setBrush(pen.color()); // the points' fill
    };
    style(m_pings, TimelineLook::Pingreq, Qt::SolidLine);
    style(m_client, TimelineLook::HalfOpen, Qt::SolidLine);
    style(m_broker, TimelineLook::ClosedByBroker, Qt::DashLine);
    QPen mark(palette.color(QPalette::Text), 2, Qt::DashDotLine);
    m_suggestion->setPen(mark);
}

void KeepAliveTradeoffChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

} // namespace PingScope
