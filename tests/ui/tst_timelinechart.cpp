// The keep-alive timeline (ui/timeline), offscreen. Against a real mosquitto (BrokerFixture):
// a session with keep-alive 1 s fills the model and the chart's PINGREQ / PINGRESP series;
// a click on a marker names its packet, hovering shows its summary; a take-over's two
// sessions on one overlay, linked. Scripted, with a fake clock: pause freezes the view,
// follow moves it, the window choice holds; exportPng writes a PNG that loads.
//
// PINGSCOPE_GRAB_DIR=<dir>: also saves timeline-keepalive.png and timeline-takeover.png there
// to look at (UI.md); e.g.
//   PINGSCOPE_GRAB_DIR=/tmp/shots XDG_RUNTIME_DIR=/tmp/xdg-$USER xvfb-run -a
//       build/tests/ui/ui_timeline_chart

#include "brokerfixture.h"
#include "fakeclock.h"
#include "session/sessionhost.h"
#include "timeline/timelinechart.h"
#include "timeline/timelineoverlaywindow.h"
#include "timeline/timelinesessionseries.h"

#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QHash>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QXYSeries>

#include <map>
#include <memory>

using namespace PingScope;
using Protocol::PacketType;

namespace {

constexpr int TimeoutMs = 15'000;
constexpr qint64 S = 1'000'000'000;

QXYSeries *seriesNamed(const TimelineChart &chart, const char *name, int session)
{
    for (QAbstractSeries *series : chart.chart()->series()) {
        if (series->objectName() == QLatin1String(name) &&
            series->property("session").toInt() == session)
            return qobject_cast<QXYSeries *>(series);
    }
    return nullptr;
}

int countPings(const TimelineModel &model, PacketType type)
{
    int count = 0;
    for (const auto &mark : model.pings())
        count += mark.type == type ? 1 : 0;
    return count;
}

SessionSettings settingsFor(const BrokerFixture &broker, const QString &clientId)
{
    SessionSettings settings;
    settings.host = broker.host();
    settings.port = broker.port();
    settings.clientId = clientId;
    settings.keepAliveSeconds = 1;
    return settings;
}

void grab(TimelineChart &chart, const QString &file)
{
    const QString dir = qEnvironmentVariable("PINGSCOPE_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QString error;
    if (!chart.exportPng(QDir(dir).filePath(file), &error))
        qWarning("%s", qPrintable(error));
}

// Sessions on a SessionHost, each with a TimelineModel fed from the batches as the app
// feeds its views; every event kept by sequence, for the summaries.
class TimelineRig
{
public:
    TimelineRig()
    {
        QObject::connect(&host, &SessionHost::batchReady, &m_context,
                         [this](const SessionBatch &batch) {
                             for (const Event &event : batch.events) {
                                 events.insert(event.sequence, event);
                                 if (TimelineModel *model = modelOf(event.session))
                                     model->append(event);
                             }
                             for (TimelineChart *chart : charts)
                                 chart->modelChanged();
                         });
    }
    int open(const SessionSettings &settings)
    {
        const int id = host.createSession(settings);
        models[id] = std::make_unique<TimelineModel>(id);
        host.open(id);
        return id;
    }
    TimelineModel *modelOf(int id)
    {
        const auto found = models.find(id);
        return found == models.end() ? nullptr : found->second.get();
    }

    SessionHost host;
    std::map<int, std::unique_ptr<TimelineModel>> models;
    QHash<quint64, Event> events;
    QList<TimelineChart *> charts;

private:
    QObject m_context;
};

// Events scripted by hand for the offscreen tests without a broker.
Event scripted(EventKind kind, qint64 timeNs, quint64 sequence)
{
    Event event;
    event.kind = kind;
    event.timeNs = timeNs;
    event.session = 1;
    event.sequence = sequence;
    return event;
}

} // namespace

class TimelineChartTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aLiveSessionShowsItsPingsAndMarkersNameTheirPackets()
    {
        BrokerFixture broker;
        PINGSCOPE_REQUIRE_BROKER(broker);
        TimelineRig rig;
        TimelineChart chart;
        rig.charts.append(&chart);
        chart.resize(1100, 520);
        chart.setWindowNs(10 * S);
        chart.show();
        const int id = rig.open(settingsFor(broker, QStringLiteral("timeline-live")));
        TimelineModel &model = *rig.modelOf(id);
        chart.addModel(&model, QStringLiteral("timeline-live"));

        QTRY_VERIFY_WITH_TIMEOUT(countPings(model, PacketType::Pingreq) >= 3 &&
                                     countPings(model, PacketType::Pingresp) >= 3,
                                 TimeoutMs);
        QVERIFY(!model.rttPoints().empty());
        QCOMPARE(model.keepAliveSeconds(), quint16(1));
        QVERIFY(!model.openSpans().isEmpty());
        QXYSeries *pingreqs = seriesNamed(chart, TimelineSessionSeries::PingreqName, id);
        QXYSeries *pingresps = seriesNamed(chart, TimelineSessionSeries::PingrespName, id);
        QXYSeries *rtt = seriesNamed(chart, TimelineSessionSeries::RttName, id);
        QVERIFY(pingreqs && pingresps && rtt);
        QTRY_VERIFY_WITH_TIMEOUT(pingreqs->count() >= 2 && pingresps->count() >= 2, TimeoutMs);
        QVERIFY(rtt->count() >= 2);
        // Marker rows: every PINGREQ on the client -> broker lane, above the answers.
        QVERIFY(pingreqs->at(0).y() > pingresps->at(0).y());

        // A click names the packet: the marker's event is a sent PINGREQ.
        QSignalSpy clicked(&chart, &TimelineChart::packetClicked);
        Q_EMIT pingreqs->clicked(pingreqs->at(0));
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), id);
        const Event clickedEvent = rig.events.value(clicked.at(0).at(1).toULongLong());
        QVERIFY(clickedEvent.isPacket(PacketType::Pingreq, Direction::Sent));

        // Hover: the provider's summary, else type and direction.
        QVERIFY(chart.markerText(pingresps, pingresps->at(0))
                    .startsWith(QStringLiteral("PINGRESP · broker → client · RTT")));
        chart.setSummaryProvider(
            [&rig](int, quint64 sequence) { return rig.events.value(sequence).summary(); });
        QCOMPARE(chart.markerText(pingreqs, pingreqs->at(0)), clickedEvent.summary());

        // "now" is at the view's right, past it only the future.
        QVERIFY(chart.visibleToNs() > model.lastTimeNs());
        grab(chart, QStringLiteral("timeline-keepalive.png"));
        rig.charts.clear();
    }

    void aTakeOverLinksBothSessionsOnOneOverlay()
    {
        BrokerFixture broker;
        PINGSCOPE_REQUIRE_BROKER(broker);
        TimelineRig rig;
        TimelineOverlayWindow window;
        rig.charts.append(window.chart());
        window.chart()->setWindowNs(10 * S);
        window.show();
        const QString clientId = QStringLiteral("timeline-takeover");
        const int first = rig.open(settingsFor(broker, clientId));
        window.chart()->addModel(rig.modelOf(first), QStringLiteral("#%1 first").arg(first));
        QTRY_VERIFY_WITH_TIMEOUT(countPings(*rig.modelOf(first), PacketType::Pingresp) >= 2,
                                 TimeoutMs);
        const int second = rig.open(settingsFor(broker, clientId));
        window.chart()->addModel(rig.modelOf(second), QStringLiteral("#%1 second").arg(second));
        window.setTitle(QStringLiteral("Take-over of \"%1\": #%2 and #%3")
                            .arg(clientId)
                            .arg(first)
                            .arg(second));
        const auto takenOver = [&] {
            for (const auto &mark : rig.modelOf(first)->marks()) {
                if (mark.kind == TimelineModel::MarkKind::TakenOver)
                    return mark.otherSession;
            }
            return -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(takenOver(), second, TimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(countPings(*rig.modelOf(second), PacketType::Pingresp) >= 2,
                                 TimeoutMs);
        QCOMPARE(window.chart()->modelCount(), 2);
        // One block of rows per session: five rows and a name each.
        auto *lanes =
            qobject_cast<QCategoryAxis *>(window.chart()->chart()->axes(Qt::Vertical).constFirst());
        QVERIFY(lanes);
        QCOMPARE(lanes->count(), 12);
        QVERIFY(rig.modelOf(first)->openSpans().isEmpty()); // its connection is over
        QTRY_VERIFY_WITH_TIMEOUT(
            seriesNamed(*window.chart(), TimelineSessionSeries::PingreqName, second)->count() >= 2,
            TimeoutMs);
        grab(*window.chart(), QStringLiteral("timeline-takeover.png"));
        rig.charts.clear();
    }

    void pauseFreezesTheViewAndFollowMovesIt()
    {
        FakeClock clock;
        clock.nowNs = 100 * S;
        TimelineModel model(1);
        TimelineChart chart;
        chart.setClock(clock.clock());
        chart.addModel(&model, QStringLiteral("scripted"));
        chart.resize(900, 400);
        chart.show();
        model.append(scripted(EventKind::Connecting, 90 * S, 1));
        Event connected = scripted(EventKind::Connected, 90 * S, 2);
        connected.keepAlive = 5;
        model.append(connected);
        chart.redrawNow();
        QCOMPARE(chart.visibleToNs() - chart.visibleFromNs(), 60 * S + 10 * S);

        auto *follow = chart.findChild<QToolButton *>(QStringLiteral("timelineFollow"));
        QVERIFY(follow);
        QTest::mouseClick(follow, Qt::LeftButton);
        QVERIFY(!chart.isFollowing());
        const qint64 frozen = chart.visibleToNs();
        clock.advanceNs(7 * S);
        chart.redrawNow();
        QCOMPARE(chart.visibleToNs(), frozen);
        QTest::mouseClick(follow, Qt::LeftButton);
        QVERIFY(chart.isFollowing());
        QCOMPARE(chart.visibleToNs(), frozen + 7 * S);

        auto *window = chart.findChild<QComboBox *>(QStringLiteral("timelineWindow"));
        QVERIFY(window);
        window->setCurrentIndex(window->findText(QStringLiteral("10 s")));
        Q_EMIT window->activated(window->currentIndex());
        QCOMPARE(chart.windowNs(), 10 * S);
        QCOMPARE(chart.visibleFromNs(), 107 * S - 10 * S);
    }

    void exportPngWritesAnImageOrSaysWhyNot()
    {
        TimelineModel model(1);
        TimelineChart chart;
        chart.addModel(&model, QStringLiteral("export"));
        chart.resize(800, 360);
        chart.show();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("timeline.png"));
        QString error;
        QVERIFY2(chart.exportPng(path, &error), qPrintable(error));
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 700 && image.height() >= 300);

        QVERIFY(!chart.exportPng(dir.filePath(QStringLiteral("missing/timeline.png")), &error));
        QVERIFY(error.contains(QStringLiteral("missing/timeline.png")));
    }
};

QTEST_MAIN(TimelineChartTest)
#include "tst_timelinechart.moc"
