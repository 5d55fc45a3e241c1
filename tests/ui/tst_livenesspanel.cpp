// The liveness panel (ui/timeline/livenesspanel) on a fake clock: its countdowns follow the
// clock, an outstanding PINGREQ shows its PINGRESP deadline, keep-alive 0, pause, traffic and
// a broker override are said in words, and a session that is not connected shows no
// countdown at all.

#include "fakeclock.h"
#include "grabifasked.h"
#include "timeline/livenesspanel.h"

#include "editor/durationwords.h"

#include <QLabel>
#include <QTest>

using namespace PingScope;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 S = 1'000'000'000;
constexpr qint64 Start = 1000 * S; // any monotonic time

// A session connected with keep-alive 30 s, whose last packet went out at `lastSentNs`.
SessionStatus connectedStatus(qint64 lastSentNs)
{
    SessionStatus status;
    status.id = 1;
    status.state = Session::State::Connected;
    status.keepAliveSeconds = 30;
    status.lastSentNs = lastSentNs;
    status.lastHeardNs = lastSentNs;
    status.pingDueNs = lastSentNs + 30 * S;
    status.brokerDeadlineNs = lastSentNs + 45 * S;
    status.pingsSent = 118;
    status.pingsAnswered = 118;
    status.roundTripMedianNs = 2'900'000;
    status.roundTripP99Ns = 7'800'000;
    return status;
}

Event pingresp(qint64 rttNs)
{
    Event event;
    event.kind = EventKind::Packet;
    event.direction = Direction::Received;
    event.packetType = Protocol::PacketType::Pingresp;
    event.valueNs = rttNs;
    return event;
}

} // namespace

class LivenessPanelTest : public QObject
{
    Q_OBJECT

private:
    QString text(const char *name) const
    {
        const auto *label = m_panel->findChild<QLabel *>(QLatin1String(name));
        return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1String(name));
    }
    bool shown(const char *name) const
    {
        const auto *label = m_panel->findChild<QLabel *>(QLatin1String(name));
        return label && label->isVisibleTo(m_panel);
    }

    FakeClock m_clock;
    LivenessPanel *m_panel = nullptr;

private Q_SLOTS:
    void init()
    {
        m_clock.nowNs = Start;
        m_panel = new LivenessPanel(nullptr);
        m_panel->setClock(m_clock.clock());
        m_panel->resize(900, m_panel->sizeHint().height());
        m_panel->show();
    }
    void cleanup()
    {
        delete m_panel;
        m_panel = nullptr;
    }

    void countdownsFollowTheClock()
    {
        // The PINGREQ is due 12.4 s from now: the last packet went out 17.6 s ago.
        SessionStatus status = connectedStatus(Start - 17'600 * Ms);
        m_panel->setStatus(status);
        QVERIFY(m_panel->isTicking());
        // ageText, as the session list says it: whole seconds above 10 s, tenths below.
        QCOMPARE(text("nextPingValue"), QStringLiteral("12 s"));
        QCOMPARE(text("nextPingValueCaption"), QStringLiteral("next PINGREQ in"));
        QCOMPARE(text("brokerDropValue"), QStringLiteral("27 s"));
        QCOMPARE(text("brokerDropValueCaption"), QStringLiteral("broker may drop this client in"));

        m_clock.advance(3000);
        m_panel->refresh();
        QCOMPARE(text("nextPingValue"), QStringLiteral("9.4 s"));
        m_clock.advance(1300);
        m_panel->refresh();
        QCOMPARE(text("nextPingValue"), QStringLiteral("8.1 s"));

        // The timer does the refreshing by itself, at 10 Hz.
        m_clock.advance(2000);
        QTRY_COMPARE_WITH_TIMEOUT(text("nextPingValue"), QStringLiteral("6.1 s"), 2000);

        // Past the due time (the next status has not come yet): never a negative figure.
        m_clock.advance(10'000);
        m_panel->refresh();
        QCOMPARE(text("nextPingValue"), QStringLiteral("now"));
    }

    // Minutes with their seconds, so a long countdown visibly moves; hours with minutes.
    void longCountdownsKeepTheirSeconds()
    {
        SessionStatus status = connectedStatus(Start);
        status.keepAliveSeconds = 300;
        status.pingDueNs = Start + 449 * S + 400 * Ms;
        status.brokerDeadlineNs = Start + 2 * 3600 * S + 3 * 60 * S;
        m_panel->setStatus(status);
        QCOMPARE(text("nextPingValue"), QStringLiteral("7 min 29 s"));
        QCOMPARE(text("brokerDropValue"), QStringLiteral("2 h 03 min"));
        m_clock.advance(330'000); // 119.4 s to go: whole seconds from two minutes down
        m_panel->refresh();
        QCOMPARE(text("nextPingValue"), QStringLiteral("119 s"));
    }

    void figuresAndCounts()
    {
        m_panel->setStatus(connectedStatus(Start - 1 * S));
        QCOMPARE(text("rttLastValue"), QStringLiteral("–")); // no PINGRESP yet
        const Event answer = pingresp(3'100'000);
        m_panel->appendEvents({&answer});
        QCOMPARE(text("rttLastValue"), QStringLiteral("3.1 ms"));
        QCOMPARE(text("rttPercentilesValue"), QStringLiteral("p50 2.9 ms · p99 7.8 ms"));
        QCOMPARE(text("pingCountsValue"), QStringLiteral("118 sent · 118 answered · 0 missed"));
        QVERIFY2(text("keepAliveValue").startsWith(QStringLiteral("keep-alive 30 s")),
                 qPrintable(text("keepAliveValue")));
        QVERIFY(!shown("livenessState")); // connected and well: no state line

        grabIfAsked(m_panel, QStringLiteral("liveness-connected"));
    }

    void outstandingPingShowsItsPingrespDeadline()
    {
        SessionStatus status = connectedStatus(Start - 200 * Ms);
        m_panel->setStatus(status);
        QCOMPARE(text("pingrespValueCaption"), QStringLiteral("PINGRESP"));
        status.pingDueNs = -1; // the KeepAlive engine: none due while one is outstanding
        status.pingrespDueNs = Start + 3100 * Ms;
        status.pingsSent = 119;
        m_panel->setStatus(status);
        QCOMPARE(text("pingrespValueCaption"), QStringLiteral("PINGRESP due in"));
        QCOMPARE(text("pingrespValue"), QStringLiteral("3.1 s"));
        QCOMPARE(text("nextPingValue"), QStringLiteral("after the PINGRESP"));
        m_clock.advance(4000);
        m_panel->refresh();
        QCOMPARE(text("pingrespValue"), QStringLiteral("overdue"));

        m_clock.advance(-4000);
        m_panel->refresh();
        grabIfAsked(m_panel, QStringLiteral("liveness-ping-outstanding"));
    }

    void trafficPostponesThePing()
    {
        SessionStatus status = connectedStatus(Start - 10 * S);
        m_panel->setStatus(status);
        QCOMPARE(text("nextPingValue"), QStringLiteral("20 s"));
        // A PUBLISH went out (pingsSent unchanged): the PINGREQ is not needed for now.
        m_clock.advance(500);
        const SessionStatus busy = connectedStatus(m_clock.nowNs);
        m_panel->setStatus(busy);
        QCOMPARE(text("nextPingValue"), QStringLiteral("not needed: traffic"));
        QCOMPARE(text("nextPingValueCaption"), QStringLiteral("next PINGREQ"));
        // Quiet again for a while: the countdown from the last packet is back.
        m_clock.advance(5000);
        m_panel->refresh();
        QCOMPARE(text("nextPingValue"), QStringLiteral("25 s"));
    }

    void pausedAndDisabled()
    {
        SessionStatus status = connectedStatus(Start);
        status.pingsPaused = true;
        status.pingDueNs = -1;
        m_panel->setStatus(status);
        QCOMPARE(text("nextPingValue"), QStringLiteral("paused"));

        status = connectedStatus(Start);
        status.keepAliveSeconds = 0;
        status.pingDueNs = -1;
        status.brokerDeadlineNs = -1;
        m_panel->setStatus(status);
        QCOMPARE(text("nextPingValue"), QStringLiteral("disabled (keep-alive 0)"));
        QCOMPARE(text("brokerDropValue"), QStringLiteral("never (keep-alive 0)"));
        QVERIFY(text("keepAliveValue").contains(QStringLiteral("disabled")));
    }

    void brokerOverrideIsSaid()
    {
        m_panel->setRequestedKeepAlive(60);
        SessionStatus status = connectedStatus(Start);
        m_panel->setStatus(status);
        QVERIFY(!text("keepAliveValue").contains(QStringLiteral("override")));

        status.keepAliveSource = KeepAliveSource::Server;
        m_panel->setStatus(status);
        const QString line = text("keepAliveValue");
        QVERIFY2(line.contains(QStringLiteral("broker override")), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("asked ") + keepAliveInWords(60)), qPrintable(line));
        QVERIFY2(line.startsWith(QStringLiteral("keep-alive 30 s")), qPrintable(line));
    }

    void notConnectedShowsNoCountdown()
    {
        m_panel->setStatus(connectedStatus(Start));
        QVERIFY(shown("nextPingValue"));

        SessionStatus status = connectedStatus(Start);
        status.state = Session::State::Disconnected; // the due times are stale on purpose
        m_panel->setStatus(status);
        QVERIFY(!shown("nextPingValue"));
        QVERIFY(!shown("pingrespValue"));
        QVERIFY(!shown("brokerDropValue"));
        QVERIFY(shown("livenessState"));
        QVERIFY2(text("livenessState").startsWith(QStringLiteral("not connected")),
                 qPrintable(text("livenessState")));
        QVERIFY(!m_panel->isTicking());

        status.reconnectPending = true;
        m_panel->setStatus(status);
        QVERIFY(text("livenessState").startsWith(QStringLiteral("reconnecting")));
        grabIfAsked(m_panel, QStringLiteral("liveness-reconnecting"));

        // Hidden, nothing ticks even while connected.
        m_panel->setStatus(connectedStatus(Start));
        QVERIFY(m_panel->isTicking());
        m_panel->hide();
        QVERIFY(!m_panel->isTicking());
        m_panel->show();
        QVERIFY(m_panel->isTicking());
    }
};

QTEST_MAIN(LivenessPanelTest)
#include "tst_livenesspanel.moc"
