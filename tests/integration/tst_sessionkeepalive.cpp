// The keep-alive engine against a real mosquitto: an idle session pings every keep-alive,
// traffic replaces pings, keep-alive 0 sends none, a silent client is dropped by the broker
// (and its will published), a black-holed link is detected by the missing PINGRESP, and a
// 5.0 Server Keep Alive replaces the requested value.

#include "brokerfixture.h"
#include "eventrecorder.h"
#include "monitor/sessionhub.h"
#include "sessiontesthelpers.h"
#include "timerlatenessprobe.h"

#include <QSignalSpy>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 S = 1'000'000'000;
constexpr int ConnectTimeoutMs = 5000;

} // namespace

class SessionKeepAliveTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { PINGSCOPE_REQUIRE_BROKER(m_broker); }

    void idleSessionPingsEveryKeepAlive()
    {
        Session session;
        session.setSettings(sessionSettingsFor(m_broker, QStringLiteral("idle")));
        EventRecorder recorder(session);
        TimerLatenessProbe machine; // for the CPU time the hypervisor steals
        machine.start();
        QVERIFY(session.open().isEmpty());
        QVERIFY2(recorder.waitForCount(QStringLiteral("pingresp"), 10, 14000),
                 qPrintable(recorder.dump()));

        const QList<Event> pings = recorder.named(QStringLiteral("pingreq"));
        const QList<Event> pongs = recorder.named(QStringLiteral("pingresp"));
        QList<qint64> lateness, rtts, intervals;
        for (qsizetype i = 0; i < pongs.size(); ++i) {
            lateness << pings.at(i).valueNs;
            rtts << pongs.at(i).valueNs;
            QVERIFY(pongs.at(i).valueNs >= 0);
            QVERIFY(pongs.at(i).timeNs >= pings.at(i).timeNs);
            if (i > 0)
                intervals << pings.at(i).timeNs - pings.at(i - 1).timeNs;
        }
        // Nothing else was sent, so each PINGREQ follows the previous one by exactly the
        // keep-alive (and never early); late by less than 100 ms, plus whatever CPU time the
        // hypervisor stole while it was due (hundreds of ms at times on CI's VMs).
        for (qsizetype i = 0; i < pongs.size(); ++i) {
            const Event &ping = pings.at(i);
            const qint64 stolenNs =
                machine.stolenNsBetween(ping.timeNs - ping.valueNs, ping.timeNs);
            const QString context = QStringLiteral("PINGREQ %1: %2 late, %3 stolen meanwhile\n")
                                        .arg(i + 1)
                                        .arg(durationText(ping.valueNs), durationText(stolenNs)) +
                                    recorder.dump();
            QVERIFY2(ping.valueNs < 100 * Ms + stolenNs, qPrintable(context));
            if (i > 0) {
                QVERIFY2(intervals.at(i - 1) >= 1 * S, qPrintable(context));
                QVERIFY2(intervals.at(i - 1) < 1 * S + 100 * Ms + stolenNs, qPrintable(context));
            }
        }
        // The figures the note reports; the bound here is loose, the benchmark is
        // the place for the target.
        qInfo("ping lateness: median %.3f ms, p99 %.3f ms; RTT: median %.3f ms, p99 %.3f ms "
              "(%lld pings)",
              quantile(lateness, 0.5) / 1e6, quantile(lateness, 0.99) / 1e6,
              quantile(rtts, 0.5) / 1e6, quantile(rtts, 0.99) / 1e6, qint64(pongs.size()));
        QCOMPARE(recorder.count(QStringLiteral("ping-timeout")), 0);
        session.close();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), Session::State::Disconnected, 3000);
    }

    void trafficReplacesPings()
    {
        Session session;
        session.setSettings(sessionSettingsFor(m_broker, QStringLiteral("busy")));
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        QVERIFY(recorder.waitFor(QStringLiteral("connected"), ConnectTimeoutMs));
        QTimer publisher;
        publisher.setInterval(300);
        int published = 0;
        connect(&publisher, &QTimer::timeout, &session, [&] {
            PublishPacket message;
            message.topic = QStringLiteral("pingscope/test/busy");
            message.payload = QByteArray::number(++published);
            QVERIFY(session.publish(message).ok);
        });
        publisher.start();
        QVERIFY(QTest::qWaitFor([&] { return published >= 10; }, 6000));
        publisher.stop();
        QCOMPARE(recorder.count(QStringLiteral("pingreq")), 0);
        // Once the traffic stops, pings resume one keep-alive after the last PUBLISH.
        QVERIFY2(recorder.waitFor(QStringLiteral("pingreq"), 3000), qPrintable(recorder.dump()));
    }

    void keepAliveZeroSendsNoPings_data() { addProtocolVersionRows(); }

    void keepAliveZeroSendsNoPings()
    {
        QFETCH(ProtocolVersion, version);
        Session session;
        SessionSettings settings = sessionSettingsFor(
            m_broker, QStringLiteral("ka0-") + QLatin1String(QTest::currentDataTag()), 0);
        settings.version = version;
        session.setSettings(settings);
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        QVERIFY(recorder.waitFor(QStringLiteral("connected"), ConnectTimeoutMs));
        const Event connected = recorder.named(QStringLiteral("connected")).first();
        if (version == ProtocolVersion::V5) {
            // mosquitto 2.0.11 answers a 5.0 keep-alive of 0 with Server Keep Alive 65535.
            QVERIFY(connected.keepAliveFromServer);
            QCOMPARE(session.keepAlive().seconds, connected.keepAlive);
        } else {
            QCOMPARE(connected.keepAlive, quint16(0));
            QVERIFY(!session.keepAliveEngine().isEnabled());
        }
        // Waiting 5 s for a PINGREQ that must not come is the test itself.
        QVERIFY2(!recorder.waitFor(QStringLiteral("pingreq"), 5000), qPrintable(recorder.dump()));
        QVERIFY(session.isConnected());
    }

    void pausedPingsGetTheClientDroppedAndItsWillPublished()
    {
        SessionHub hub;
        Session watcher(&hub), silent(&hub);
        SessionSettings silentSettings = sessionSettingsFor(m_broker, QStringLiteral("silent"));
        const QString willTopic = QStringLiteral("pingscope/test/will/") + silentSettings.clientId;
        silentSettings.will = Will{willTopic, QByteArrayLiteral("gone"), 1, false, {}};
        silent.setSettings(silentSettings);
        watcher.setSettings(sessionSettingsFor(m_broker, QStringLiteral("watcher"), 30));
        EventRecorder silentEvents(silent), watcherEvents(watcher);
        QVERIFY(watcher.open().isEmpty());
        QVERIFY(watcherEvents.waitFor(QStringLiteral("connected"), ConnectTimeoutMs));
        QSignalSpy subscribed(&watcher, &Session::subscribeCompleted);
        QVERIFY(watcher.subscribe({Subscription{willTopic, 1}}).ok);
        QVERIFY(subscribed.wait(ConnectTimeoutMs));
        QVERIFY(silent.open().isEmpty());
        QVERIFY(silentEvents.waitFor(QStringLiteral("connected"), ConnectTimeoutMs));

        silent.injectFault(FaultKind::PausePings);
        const qint64 pausedAt = silent.now();
        const qint64 lastSent = silent.keepAliveEngine().lastSentNs();
        // mosquitto 2.0.11 checks every ~5 s: it drops a silent client between 1.5 x
        // keep-alive and about 1.5 x keep-alive + 6 s after its last packet (PROTOCOL.md),
        // with 1.5 x 1 s computed in whole seconds as 1 s: from just over 1 s of silence.
        QVERIFY2(silentEvents.waitFor(QStringLiteral("closed-by-broker"), 10000),
                 qPrintable(silentEvents.dump()));
        const Event closed = silentEvents.named(QStringLiteral("closed-by-broker")).first();
        QVERIFY2(closed.timeNs - lastSent >= 1000 * Ms, qPrintable(silentEvents.dump()));
        QCOMPARE(closed.diagnosis, ClosureDiagnosis::KeepAliveEnforced);
        QVERIFY2(closed.timeNs - lastSent <= 7500 * Ms + 500 * Ms, qPrintable(silentEvents.dump()));
        QVERIFY2(closed.text.contains(QStringLiteral("keep-alive")), qPrintable(closed.text));
        QCOMPARE(silentEvents.count(QStringLiteral("pingreq")),
                 int(silentEvents.named(QStringLiteral("pingreq")).size()));
        for (const Event &ping : silentEvents.named(QStringLiteral("pingreq")))
            QVERIFY(ping.timeNs < pausedAt);

        QVERIFY2(watcherEvents.waitFor(QStringLiteral("will-received"), 5000),
                 qPrintable(watcherEvents.dump()));
        const Event will = watcherEvents.named(QStringLiteral("will-received")).first();
        QCOMPARE(will.otherSession, silent.id());
        QCOMPARE(will.text, willTopic);
        // The broker publishes the will as it closes the socket, so the watcher may hear of it
        // before the silent session sees its close (then the time since is unknown: -1).
        QVERIFY(will.valueNs < 5 * S);
        QCOMPARE(watcherEvents.messages().last().payload, QByteArrayLiteral("gone"));
        silent.close();
    }

    void blackHoleIsDetectedByTheMissingPingresp()
    {
        SessionHub hub;
        Session watcher(&hub), victim(&hub);
        SessionSettings settings = sessionSettingsFor(m_broker, QStringLiteral("blackhole"));
        const QString willTopic = QStringLiteral("pingscope/test/will/") + settings.clientId;
        settings.will = Will{willTopic, QByteArrayLiteral("half-open"), 0, false, {}};
        settings.reconnect.enabled = false;
        victim.setSettings(settings);
        watcher.setSettings(sessionSettingsFor(m_broker, QStringLiteral("bh-watcher"), 30));
        EventRecorder events(victim), watcherEvents(watcher);
        QVERIFY(watcher.open().isEmpty());
        QVERIFY(watcherEvents.waitFor(QStringLiteral("connected"), ConnectTimeoutMs));
        QSignalSpy subscribed(&watcher, &Session::subscribeCompleted);
        QVERIFY(watcher.subscribe({Subscription{willTopic, 0}}).ok);
        QVERIFY(subscribed.wait(ConnectTimeoutMs));
        QVERIFY(victim.open().isEmpty());
        QVERIFY(events.waitFor(QStringLiteral("connected"), ConnectTimeoutMs));

        TimerLatenessProbe machine; // the CPU time the hypervisor steals meanwhile
        machine.start();
        victim.injectFault(FaultKind::BlackHole);
        const qint64 lastSent = victim.keepAliveEngine().lastSentNs();
        // The PINGREQ goes into the void: the client counts it as sent, the broker never
        // hears it, so its drop deadline stays 1.5 x keep-alive after the last real packet.
        QVERIFY2(events.waitFor(QStringLiteral("pingreq"), 3000), qPrintable(events.dump()));
        QVERIFY(victim.keepAliveEngine().lastSentNs() > lastSent);
        QCOMPARE(victim.brokerDeadlineNs(), lastSent + 1500 * Ms);
        QVERIFY2(events.waitFor(QStringLiteral("ping-timeout"), 5000), qPrintable(events.dump()));
        const Event timeout = events.named(QStringLiteral("ping-timeout")).first();
        // Keep-alive (1 s) until the PINGREQ, then the timeout (the keep-alive, 1 s).
        const qint64 detectedAfter = timeout.timeNs - lastSent;
        const qint64 stolenNs = machine.stolenNsBetween(lastSent, timeout.timeNs);
        QVERIFY2(detectedAfter >= 2 * S - 300 * Ms && detectedAfter <= 2 * S + 300 * Ms + stolenNs,
                 qPrintable(events.dump()));
        QVERIFY(!victim.isConnected());
        // The broker hears nothing more (not even a FIN) and drops the client itself.
        QVERIFY2(watcherEvents.waitFor(QStringLiteral("will-received"), 10000),
                 qPrintable(watcherEvents.dump()));
        QCOMPARE(watcherEvents.named(QStringLiteral("will-received")).first().otherSession,
                 victim.id());
    }

    void serverKeepAliveReplacesTheRequestedValue()
    {
        BrokerFixture broker({QStringLiteral("max_keepalive 10")});
        PINGSCOPE_REQUIRE_BROKER(broker);
        Session session;
        SessionSettings settings = sessionSettingsFor(broker, QStringLiteral("serverka"), 60);
        session.setSettings(settings);
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        QVERIFY(recorder.waitFor(QStringLiteral("connected"), ConnectTimeoutMs));
        const Event connected = recorder.named(QStringLiteral("connected")).first();
        QCOMPARE(connected.keepAlive, quint16(10));
        QVERIFY(connected.keepAliveFromServer);
        QCOMPARE(session.keepAliveEngine().keepAliveSeconds(), quint16(10));
        QCOMPARE(session.keepAliveEngine().pingDueNs() - session.keepAliveEngine().lastSentNs(),
                 10 * S);
    }

private:
    BrokerFixture m_broker;
};

QTEST_GUILESS_MAIN(SessionKeepAliveTest)
#include "tst_sessionkeepalive.moc"
