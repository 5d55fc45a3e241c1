// Issue 6 in the real window against a real mosquitto: a session's timeline fills with its
// pings, the exports write files that parse, a take-over shows its banner and opens the
// overlay of both sessions, and a will a watcher receives reaches its owner's Will tab.

#include "brokerfixture.h"
#include "csvreading.h"
#include "inspector/packetinspector.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/sessionlistmodel.h"
#include "monitor/eventcsv.h"
#include "monitor/eventhistory.h"
#include "monitor/timelinemodel.h"
#include "pcapreader.h"
#include "session/sessionhost.h"
#include "session/sessionview.h"
#include "session/takeoverbanner.h"
#include "session/willview.h"
#include "timeline/timelinechart.h"
#include "timeline/timelineoverlaywindow.h"

#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace PingScope;

namespace {
constexpr int TimeoutMs = 8000;

ConnectionProfile profileFor(const BrokerFixture &broker, const QString &name, int keepAlive)
{
    ConnectionProfile profile = ConnectionProfile::create(name);
    profile.settings.host = QStringLiteral("127.0.0.1");
    profile.settings.port = broker.port();
    profile.settings.keepAliveSeconds = keepAlive;
    profile.settings.clientId = QStringLiteral("timeline-") + name;
    return profile;
}

} // namespace

class MainWindowTimelineTest : public QObject
{
    Q_OBJECT

private:
    BrokerFixture m_broker;
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_profilesDir;

    static qsizetype pingMarks(const TimelineModel *model, Direction direction)
    {
        qsizetype count = 0;
        for (const TimelineModel::PacketMark &mark : model->pings())
            count += mark.direction == direction ? 1 : 0;
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        PINGSCOPE_REQUIRE_BROKER(m_broker);
    }

    void pingsReachTheTimelineAndTheExportsParse()
    {
        MainWindow window(nullptr, m_profilesDir.path());
        const int id =
            window.createSessionFromProfile(profileFor(m_broker, QStringLiteral("pings"), 1));
        SessionView *view = window.sessionView(id);
        QVERIFY(view);
        QCOMPARE(view->tabs()->currentWidget(), view->timeline());
        QTRY_VERIFY_WITH_TIMEOUT(pingMarks(view->timelineModel(), Direction::Sent) >= 2 &&
                                     pingMarks(view->timelineModel(), Direction::Received) >= 2,
                                 TimeoutMs);
        // The inspector saw the same packets.
        QVERIFY(view->inspector()->history().size() >= 5);

        QTemporaryDir out;
        QString error;
        const QString png = out.filePath(QStringLiteral("timeline.png"));
        QVERIFY2(window.exportTimelineTo(id, png, &error), qPrintable(error));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 200 && image.height() > 100);

        const QString csv = out.filePath(QStringLiteral("events.csv"));
        QVERIFY2(window.exportEventsTo(id, csv, &error), qPrintable(error));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QString problem;
        const QList<QStringList> rows = parseCsv(QString::fromUtf8(csvFile.readAll()), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(rows.first(), eventCsvHeader());
        QVERIFY(rows.size() > 5);
        bool sawPingreq = false;
        for (const QStringList &fields : rows.mid(1)) {
            QCOMPARE(fields.size(), eventCsvHeader().size());
            sawPingreq = sawPingreq || fields.at(3) == QStringLiteral("pingreq");
        }
        QVERIFY(sawPingreq);

        const QString pcap = out.filePath(QStringLiteral("traffic.pcap"));
        qint64 skipped = -1;
        QVERIFY2(window.exportPcapTo(id, pcap, &error, &skipped), qPrintable(error));
        QCOMPARE(skipped, 0);
        QFile pcapFile(pcap);
        QVERIFY(pcapFile.open(QIODevice::ReadOnly));
        const PcapReading::Capture capture = PcapReading::readCapture(pcapFile.readAll());
        QVERIFY2(capture.problems.isEmpty(), qPrintable(capture.problems.join(u'\n')));
        bool sawPingreqBytes = false;
        for (const PcapReading::Segment &segment : capture.segments)
            sawPingreqBytes = sawPingreqBytes || segment.payload == QByteArray("\xC0\x00", 2);
        QVERIFY(sawPingreqBytes);

        // A timeline click on a packet shows it in the Packets tab.
        const quint64 sequence = view->timelineModel()->pings().back().sequence;
        Q_EMIT view->timeline()->packetClicked(id, sequence);
        QCOMPARE(view->tabs()->currentWidget(), view->inspector());
    }

    void takeOverShowsTheBannerAndTheOverlayShowsBoth()
    {
        MainWindow window(nullptr, m_profilesDir.path());
        const ConnectionProfile profile = profileFor(m_broker, QStringLiteral("twin"), 2);
        const int first = window.createSessionFromProfile(profile);
        QTRY_COMPARE_WITH_TIMEOUT(window.sessionList()->look(first), SessionLook::Connected,
                                  TimeoutMs);
        const int twin = window.duplicateSession(first);
        QTRY_COMPARE_WITH_TIMEOUT(window.sessionList()->look(first), SessionLook::TakenOver,
                                  TimeoutMs);
        TakeoverBanner *banner = window.sessionView(first)->takeoverBanner();
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isHidden(), TimeoutMs);

        QSignalSpy asked(banner, &TakeoverBanner::showBothRequested);
        TimelineOverlayWindow *overlay = window.openOverlay({first, twin});
        QVERIFY(overlay);
        QCOMPARE(overlay->chart()->modelCount(), 2);
        // Removing a session takes its timeline out of the overlay, never leaves it dangling.
        QSettings().setValue(QStringLiteral("confirm/removeSession"), false);
        const QString twinName = overlay->chart()->sessionNames().constLast();
        auto *title = overlay->findChild<QLabel *>(QStringLiteral("timelineOverlayTitle"));
        QVERIFY(title && title->text().contains(twinName));
        window.removeSession(twin);
        QTRY_COMPARE_WITH_TIMEOUT(overlay->chart()->modelCount(), 1, TimeoutMs);
        QVERIFY2(!title->text().contains(twinName), qPrintable(title->text()));
        QVERIFY(title->text().contains(overlay->chart()->sessionNames().constFirst()));
        QCOMPARE(asked.count(), 0);
        // Without a session left, the overlay has nothing to show: it closes (and is gone).
        const QPointer<TimelineOverlayWindow> closing(overlay);
        window.removeSession(first);
        QTRY_VERIFY_WITH_TIMEOUT(closing.isNull(), TimeoutMs);
    }

    void aWillReceivedByTheWatcherReachesItsOwnersWillTab()
    {
        MainWindow window(nullptr, m_profilesDir.path());
        ConnectionProfile profile = profileFor(m_broker, QStringLiteral("owner"), 2);
        Protocol::Will will;
        will.topic = QStringLiteral("timeline/test/will");
        will.payload = QByteArray("gone");
        profile.settings.will = will;
        profile.settings.reconnect.enabled = false;
        const int owner = window.createSessionFromProfile(profile);
        QTRY_COMPARE_WITH_TIMEOUT(window.sessionList()->look(owner), SessionLook::Connected,
                                  TimeoutMs);
        WillView *willView = window.sessionView(owner)->willView();
        QCOMPARE(willView->state(), WillView::State::Armed);

        Q_EMIT willView->watchRequested();
        const int watcher = window.selectedSession();
        QVERIFY(watcher != owner);
        QTRY_VERIFY_WITH_TIMEOUT(window.sessionView(watcher)->inspector()->history().size() > 0 &&
                                     window.sessionList()->look(watcher) == SessionLook::Connected,
                                 TimeoutMs);
        // The watcher's SUBACK before the owner goes: then the will cannot be missed.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const EventHistory &history = window.sessionView(watcher)->inspector()->history();
                for (qsizetype i = 0; i < history.size(); ++i) {
                    if (history.at(i).isPacket(Protocol::PacketType::Suback, Direction::Received))
                        return true;
                }
                return false;
            }(),
            TimeoutMs);
        window.host()->injectFault(owner, FaultKind::Drop);
        QTRY_COMPARE_WITH_TIMEOUT(willView->state(), WillView::State::Published, TimeoutMs);
    }
};

QTEST_MAIN(MainWindowTimelineTest)
#include "tst_mainwindowtimeline.moc"
