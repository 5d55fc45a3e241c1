#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QLogValueAxis;
QT_END_NAMESPACE

namespace PingScope {

// Lesson 10's trade-off (keepalivetradeoff.h) as a small chart: against the keep-alive (log
// axis, 5 s to 20 min), the pings an idle session sends per hour (left log axis, the PINGREQ
// look) and how soon a dead link is noticed (right log axis): by the client, keep-alive +
// timeout (the half-open look), and by the broker, at least 1.5 x keep-alive (the closed by
// broker look). A run's suggested keep-alive is a dashed vertical line, labelled.
class KeepAliveTradeoffChart : public QWidget
{
public:
    explicit KeepAliveTradeoffChart(QWidget *parent = nullptr);

    // Marks `keepAliveSeconds` (> 0) with `reasoning` under the chart; 0: no mark.
    void setSuggestion(int keepAliveSeconds, const QString &reasoning = {});
    int suggestedKeepAlive() const { return m_suggested; }

    QChart *chart() const { return m_chart; }
    QLineSeries *pingsSeries() const { return m_pings; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QChart *m_chart;
    QChartView *m_view;
    QLabel *m_note;
    QLogValueAxis *m_keepAliveAxis;
    QLogValueAxis *m_pingsAxis;
    QLogValueAxis *m_detectionAxis;
    QLineSeries *m_pings;
    QLineSeries *m_client;
    QLineSeries *m_broker;
    QLineSeries *m_suggestion;
    int m_suggested = 0;
};

} // namespace PingScope
