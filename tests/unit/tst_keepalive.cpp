// The keep-alive rules with fake times: only what the client sends counts, one ping at a
// time, a ping timeout means half-open, keep-alive 0 means nothing at all.

#include "fakeclock.h"
#include "session/keepalive.h"

#include <QTest>

#include <limits>

using namespace PingScope;
using Action = KeepAlive::Action;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 S = 1'000'000'000;

} // namespace

class TestKeepAlive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idleSessionPingsExactlyEveryKeepAlive()
    {
        KeepAlive ka;
        ka.start(0, 5);
        for (int i = 1; i <= 3; ++i) {
            const qint64 due = i * 5 * S;
            QCOMPARE(ka.pingDueNs(), due);
            QCOMPARE(ka.nextWakeNs(), due);
            QCOMPARE(ka.poll(due - 1), Action::None);
            QCOMPARE(ka.poll(due), Action::SendPingreq);
            ka.packetSent(due, true);
            QCOMPARE(ka.lastLatenessNs(), 0);
            QCOMPARE(ka.packetReceived(due + 2 * Ms, true), 2 * Ms);
            // The PINGREQ itself was the last packet sent: the next one is due from it.
        }
    }

    void theConnectStartsTheFirstInterval()
    {
        // [MQTT-3.1.2-23] counts from the last packet sent, which is the CONNECT.
        KeepAlive ka;
        ka.packetSent(100 * Ms, false);
        ka.packetReceived(130 * Ms, false); // CONNACK
        ka.start(130 * Ms, 5);
        QCOMPARE(ka.pingDueNs(), 100 * Ms + 5 * S);
        QCOMPARE(ka.lastHeardNs(), 130 * Ms);
    }

    void sentTrafficPostponesThePing()
    {
        KeepAlive ka;
        ka.start(0, 5);
        ka.packetSent(3 * S, false);
        QCOMPARE(ka.pingDueNs(), 8 * S);
        QCOMPARE(ka.poll(5 * S), Action::None);
        QCOMPARE(ka.nextWakeNs(), 8 * S);
        QCOMPARE(ka.poll(8 * S), Action::SendPingreq);
    }

    void receivedTrafficDoesNotPostponeThePing()
    {
        KeepAlive ka;
        ka.start(0, 5);
        QCOMPARE(ka.packetReceived(4 * S, false), -1);
        QCOMPARE(ka.packetReceived(4900 * Ms, true), -1); // unsolicited PINGRESP
        QCOMPARE(ka.lastHeardNs(), 4900 * Ms);
        QCOMPARE(ka.pingDueNs(), 5 * S);
        QCOMPARE(ka.poll(5 * S), Action::SendPingreq);
    }

    void onlyOnePingOutstanding()
    {
        KeepAlive ka;
        ka.start(0, 5, 60'000); // a long timeout, so only the "no second ping" rule shows
        QCOMPARE(ka.poll(5 * S), Action::SendPingreq);
        ka.packetSent(5 * S, true);
        QVERIFY(ka.isPingOutstanding());
        QCOMPARE(ka.pingDueNs(), -1);
        QCOMPARE(ka.poll(10 * S), Action::None);
        QCOMPARE(ka.poll(30 * S), Action::None);
        QCOMPARE(ka.nextWakeNs(), 65 * S); // only the timeout is pending
        // A second PINGREQ sent anyway does not restart the timeout.
        ka.packetSent(20 * S, true);
        QCOMPARE(ka.pingSentNs(), 5 * S);
        QCOMPARE(ka.pingTimeoutNs(), 65 * S);
    }

    void pingrespClearsTheOutstandingPingAndGivesTheRtt()
    {
        KeepAlive ka;
        ka.start(0, 5);
        ka.packetSent(5 * S, true);
        QCOMPARE(ka.packetReceived(5 * S + 1234, false), -1);
        QVERIFY(ka.isPingOutstanding());
        QCOMPARE(ka.packetReceived(5 * S + 42 * Ms, true), 42 * Ms);
        QVERIFY(!ka.isPingOutstanding());
        QCOMPARE(ka.pingTimeoutNs(), -1);
        QCOMPARE(ka.pingDueNs(), 10 * S);
        QCOMPARE(ka.nextWakeNs(), 10 * S);
        QCOMPARE(ka.packetReceived(6 * S, true), -1); // a duplicate answers nothing
    }

    void timeoutDefaultsToTheKeepAlive()
    {
        KeepAlive ka;
        ka.start(0, 5);
        QCOMPARE(ka.pingTimeoutMs(), 5000);
        ka.packetSent(5 * S, true);
        QCOMPARE(ka.pingTimeoutNs(), 10 * S);
        QCOMPARE(ka.nextWakeNs(), 10 * S);
        QCOMPARE(ka.poll(10 * S - 1), Action::None);
        QCOMPARE(ka.poll(10 * S), Action::PingTimedOut);
        // Reported once: the session closes the link; nothing more is pending.
        QCOMPARE(ka.poll(11 * S), Action::None);
        QCOMPARE(ka.nextWakeNs(), -1);
    }

    void customTimeout()
    {
        KeepAlive ka;
        ka.start(0, 5, 300);
        ka.packetSent(5 * S, true);
        QCOMPARE(ka.pingTimeoutNs(), 5 * S + 300 * Ms);
        QCOMPARE(ka.poll(5 * S + 299 * Ms), Action::None);
        QCOMPARE(ka.poll(5 * S + 300 * Ms), Action::PingTimedOut);
    }

    void keepAliveZeroDisablesEverything()
    {
        KeepAlive ka;
        ka.start(0, 0, 300);
        QVERIFY(!ka.isEnabled());
        QCOMPARE(ka.nextWakeNs(), -1);
        QCOMPARE(ka.pingDueNs(), -1);
        QCOMPARE(ka.brokerDeadlineNs(), -1);
        QCOMPARE(ka.earliestBrokerDropSilenceNs(), -1);
        QVERIFY(!ka.requestPingNow(1 * S));
        ka.packetSent(1 * S, true);
        QCOMPARE(ka.pingTimeoutNs(), -1);
        QCOMPARE(ka.nextWakeNs(), -1);
        QCOMPARE(ka.poll(std::numeric_limits<qint64>::max() / 2), Action::None);
    }

    void pausedNoPingDue()
    {
        KeepAlive ka;
        ka.start(0, 5);
        ka.setPaused(true);
        QCOMPARE(ka.pingDueNs(), -1);
        QCOMPARE(ka.nextWakeNs(), -1);
        QCOMPARE(ka.poll(60 * S), Action::None);
        QVERIFY(!ka.requestPingNow(60 * S));
        // Resuming: the ping is overdue, hence due at once, and counted late.
        ka.setPaused(false);
        QCOMPARE(ka.pingDueNs(), 5 * S);
        QCOMPARE(ka.poll(60 * S), Action::SendPingreq);
        ka.packetSent(60 * S, true);
        QCOMPARE(ka.lastLatenessNs(), 55 * S);
    }

    void pausedOutstandingPingStillTimesOut()
    {
        KeepAlive ka;
        ka.start(0, 5, 300);
        ka.packetSent(5 * S, true);
        ka.setPaused(true);
        QCOMPARE(ka.nextWakeNs(), 5 * S + 300 * Ms);
        QCOMPARE(ka.poll(5 * S + 300 * Ms), Action::PingTimedOut);
    }

    void sendPingreqIsReportedOncePerDueTime()
    {
        KeepAlive ka;
        ka.start(0, 5);
        QCOMPARE(ka.poll(5 * S), Action::SendPingreq);
        // Not sent yet: no busy loop of reports, nothing else pending.
        QCOMPARE(ka.poll(5 * S + 1), Action::None);
        QCOMPARE(ka.nextWakeNs(), -1);
        QCOMPARE(ka.pingDueNs(), 5 * S); // still shown as due
        ka.packetSent(6 * S, false);     // any packet sent moves it
        QCOMPARE(ka.nextWakeNs(), 11 * S);
    }

    void requestPingNow()
    {
        KeepAlive ka;
        ka.start(0, 5);
        QVERIFY(ka.requestPingNow(2 * S));
        QCOMPARE(ka.pingDueNs(), 2 * S);
        QCOMPARE(ka.nextWakeNs(), 2 * S);
        QCOMPARE(ka.poll(2 * S), Action::SendPingreq);
        ka.packetSent(2 * S + 1 * Ms, true);
        QCOMPARE(ka.lastLatenessNs(), 1 * Ms);
        QVERIFY(!ka.requestPingNow(3 * S)); // one already outstanding
        QCOMPARE(ka.packetReceived(3 * S, true), 999 * Ms);
        // The request is spent: back to the regular schedule.
        QCOMPARE(ka.pingDueNs(), 7 * S + 1 * Ms);
    }

    void latenessIsMeasuredAgainstTheDueTime()
    {
        KeepAlive ka;
        ka.start(0, 5);
        QCOMPARE(ka.lastLatenessNs(), -1);
        ka.packetSent(5 * S + 3 * Ms, true);
        QCOMPARE(ka.lastLatenessNs(), 3 * Ms);
        ka.packetReceived(5 * S + 10 * Ms, true);
        // A PINGREQ sent before it was due is not late and leaves the figure alone.
        ka.packetSent(6 * S, true);
        QCOMPARE(ka.lastLatenessNs(), 3 * Ms);
    }

    void brokerDeadlineIsOneAndAHalfKeepAlives()
    {
        KeepAlive ka;
        ka.start(0, 10);
        QCOMPARE(ka.brokerDeadlineNs(), 15 * S);
        ka.packetSent(4 * S, false);
        QCOMPARE(ka.brokerDeadlineNs(), 19 * S);
        ka.packetReceived(10 * S, false); // what we hear does not matter to the broker
        QCOMPARE(ka.brokerDeadlineNs(), 19 * S);
    }

    void earliestBrokerDropRoundsDownToWholeSeconds_data()
    {
        QTest::addColumn<int>("keepAlive");
        QTest::addColumn<qint64>("expected");
        // mosquitto's keepalive*3/2 in integers: odd keep-alives lose half a second.
        QTest::newRow("1 s") << 1 << 1 * S;
        QTest::newRow("2 s") << 2 << 3 * S;
        QTest::newRow("3 s") << 3 << 4 * S;
        QTest::newRow("60 s") << 60 << 90 * S;
        QTest::newRow("65535 s") << 65535 << 98302 * S;
    }

    void earliestBrokerDropRoundsDownToWholeSeconds()
    {
        QFETCH(int, keepAlive);
        QFETCH(qint64, expected);
        KeepAlive ka;
        ka.start(0, quint16(keepAlive));
        QCOMPARE(ka.earliestBrokerDropSilenceNs(), expected);
        // It is a duration, not a time: sending moves the deadline, not this.
        ka.packetSent(7 * S, false);
        QCOMPARE(ka.earliestBrokerDropSilenceNs(), expected);
    }

    void effectiveKeepAliveFollowsTheServer()
    {
        const EffectiveKeepAlive none = effectiveKeepAlive(60, std::nullopt);
        QCOMPARE(none.seconds, quint16(60));
        QCOMPARE(none.source, KeepAliveSource::Client);
        const EffectiveKeepAlive ten = effectiveKeepAlive(60, 10u);
        QCOMPARE(ten.seconds, quint16(10));
        QCOMPARE(ten.source, KeepAliveSource::Server);
        // [MQTT-3.2.2-21]: even 0 replaces the client's value, switching keep-alive off.
        const EffectiveKeepAlive zero = effectiveKeepAlive(60, 0u);
        QCOMPARE(zero.seconds, quint16(0));
        QCOMPARE(zero.source, KeepAliveSource::Server);
    }

    void stopClearsEverything()
    {
        KeepAlive ka;
        ka.start(0, 5, 300);
        ka.setPaused(true);
        ka.packetSent(1 * S, true);
        ka.packetReceived(1 * S, false);
        ka.stop();
        QVERIFY(!ka.isEnabled());
        QVERIFY(!ka.isPaused());
        QVERIFY(!ka.isPingOutstanding());
        QCOMPARE(ka.keepAliveSeconds(), quint16(0));
        QCOMPARE(ka.nextWakeNs(), -1);
        QCOMPARE(ka.pingDueNs(), -1);
        QCOMPARE(ka.pingTimeoutNs(), -1);
        QCOMPARE(ka.brokerDeadlineNs(), -1);
        QCOMPARE(ka.lastLatenessNs(), -1);
        QCOMPARE(ka.lastSentNs(), -1);
        QCOMPARE(ka.lastHeardNs(), -1);
        QCOMPARE(ka.poll(100 * S), Action::None);
        // A new connection starts from its own CONNACK, not from the old traffic.
        ka.start(200 * S, 5);
        QCOMPARE(ka.pingDueNs(), 205 * S);
    }

    void largestKeepAliveDoesNotOverflow()
    {
        KeepAlive ka;
        const qint64 t0 = 1000LL * 24 * 3600 * S; // a machine up for 1000 days
        ka.start(t0, 65535);
        QCOMPARE(ka.pingDueNs(), t0 + 65535 * S);
        QCOMPARE(ka.brokerDeadlineNs(), t0 + 65535 * S * 3 / 2);
        QCOMPARE(ka.poll(t0 + 65535 * S), Action::SendPingreq);
        ka.packetSent(t0 + 65535 * S, true);
        QCOMPARE(ka.pingTimeoutNs(), t0 + 2 * 65535 * S);
        // A huge custom timeout is capped, not wrapped into the past.
        ka.start(t0, 65535, std::numeric_limits<qint64>::max());
        ka.packetSent(t0, true);
        QVERIFY(ka.pingTimeoutNs() > t0);
        QCOMPARE(ka.poll(t0 + 365LL * 24 * 3600 * S), Action::None);
    }

    void runsOnAFakeClock()
    {
        // The same engine driven the way the session will: from one clock.
        FakeClock clock;
        KeepAlive ka;
        ka.start(clock.nowNs, 2);
        int pings = 0;
        for (int step = 0; step < 10'000; ++step) { // 10 s in 1 ms steps
            clock.advance(1);
            if (ka.poll(clock.nowNs) == Action::SendPingreq) {
                ++pings;
                ka.packetSent(clock.nowNs, true);
                ka.packetReceived(clock.nowNs, true);
            }
        }
        QCOMPARE(pings, 5);
        QCOMPARE(ka.lastLatenessNs(), 0);
    }
};

QTEST_APPLESS_MAIN(TestKeepAlive)
#include "tst_keepalive.moc"
