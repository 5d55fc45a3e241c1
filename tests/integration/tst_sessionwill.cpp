// Wills against a real mosquitto, seen by a watcher session subscribed to the will topic in
// the same SessionHub: a dropped session's will arrives and is attributed to it, a normal
// DISCONNECT discards it (3.1.1 and 5.0), 5.0 DISCONNECT 0x04 publishes it (and is refused
// on 3.1.1), a retained will stays for later subscribers, and a 5.0 Will Delay Interval
// holds the will back and is cancelled by a session-resuming reconnect.

#include "brokerfixture.h"
#include "eventrecorder.h"
#include "monitor/sessionhub.h"
#include "protocol/reasoncodes.h"
#include "sessiontesthelpers.h"

#include <QSignalSpy>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 S = 1'000'000'000;
constexpr int ConnectTimeoutMs = 5000;
constexpr int WillTimeoutMs = 5000;
const QByteArray WillPayload = QByteArrayLiteral("gone");

// Opens `session` (again) and waits for its next "connected".
bool connectAndWait(Session &session, EventRecorder &events)
{
    const int before = events.count(QStringLiteral("connected"));
    return session.open().isEmpty() &&
           events.waitForCount(QStringLiteral("connected"), before + 1, ConnectTimeoutMs);
}

// Subscribes `session` to `filter` at QoS 1 and waits until the broker grants it.
bool subscribeAndWait(Session &session, const QString &filter)
{
    QSignalSpy completed(&session, &Session::subscribeCompleted);
    if (!session.subscribe({Subscription{filter, 1}}).ok || !completed.wait(ConnectTimeoutMs))
        return false;
    const auto codes = completed.first().at(1).value<QList<quint8>>();
    return codes.size() == 1 && codes.first() < 0x80;
}

// An owner session with a will and a watcher subscribed to its will topic, in one hub.
struct WillScene
{
    WillScene(BrokerFixture &broker, const QString &tag,
              ProtocolVersion version = ProtocolVersion::V5)
        : watcher(&hub)
        , owner(&hub)
        , watcherEvents(watcher)
        , ownerEvents(owner)
    {
        settings = sessionSettingsFor(broker, tag);
        settings.version = version;
        settings.reconnect.enabled = false;
        willTopic = QStringLiteral("pingscope/test/will/") + settings.clientId;
        settings.will = Will{willTopic, WillPayload, 1, false, {}};
        watcher.setSettings(sessionSettingsFor(broker, tag + QStringLiteral("-watcher"), 30));
    }

    // Connects the watcher, subscribes it to the will topic, then connects the owner with
    // `settings`.
    bool start()
    {
        owner.setSettings(settings);
        return connectAndWait(watcher, watcherEvents) && subscribeAndWait(watcher, willTopic) &&
               connectAndWait(owner, ownerEvents);
    }

    QString dump() const
    {
        return QStringLiteral("owner (session %1):\n%2watcher (session %3):\n%4")
            .arg(owner.id())
            .arg(ownerEvents.dump())
            .arg(watcher.id())
            .arg(watcherEvents.dump());
    }

    SessionHub hub;
    Session watcher;
    Session owner;
    EventRecorder watcherEvents;
    EventRecorder ownerEvents;
    SessionSettings settings;
    QString willTopic;
};

} // namespace

class SessionWillTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { PINGSCOPE_REQUIRE_BROKER(m_broker); }

    void droppedSessionsWillReachesTheWatcherNamingTheOwner()
    {
        WillScene scene(m_broker, QStringLiteral("will-drop"));
        PINGSCOPE_VERIFY_OR_DUMP(scene.start(), scene.dump());

        scene.owner.injectFault(FaultKind::Drop);
        QCOMPARE(scene.owner.state(), Session::State::Disconnected);
        PINGSCOPE_VERIFY_OR_DUMP(
            scene.watcherEvents.waitFor(QStringLiteral("will-received"), WillTimeoutMs),
            scene.dump());
        const Event will = scene.watcherEvents.named(QStringLiteral("will-received")).first();
        QCOMPARE(will.otherSession, scene.owner.id());
        QCOMPARE(will.text, scene.willTopic);
        // The owner knew of its drop before the broker did, so the time since is known.
        PINGSCOPE_VERIFY_OR_DUMP(will.valueNs >= 0 && will.valueNs < 2 * S, scene.dump());
        QCOMPARE(scene.watcherEvents.messages().last().topic, scene.willTopic);
        QCOMPARE(scene.watcherEvents.messages().last().payload, WillPayload);
        QVERIFY(!scene.owner.isReconnectPending());
    }

    void normalDisconnectDiscardsTheWill_data() { addProtocolVersionRows(); }

    void normalDisconnectDiscardsTheWill()
    {
        QFETCH(ProtocolVersion, version);
        WillScene scene(m_broker,
                        QStringLiteral("will-normal-") + QLatin1String(QTest::currentDataTag()),
                        version);
        PINGSCOPE_VERIFY_OR_DUMP(scene.start(), scene.dump());

        scene.owner.close();
        PINGSCOPE_VERIFY_OR_DUMP(
            scene.ownerEvents.waitFor(QStringLiteral("disconnected"), ConnectTimeoutMs),
            scene.dump());
        // The DISCONNECT went out: 3.1.1 has no reason code, 5.0 says 0x00.
        const QList<Event> sent = scene.ownerEvents.named(QStringLiteral("packet"));
        PINGSCOPE_VERIFY_OR_DUMP(!sent.isEmpty() &&
                                     sent.last().isPacket(PacketType::Disconnect, Direction::Sent),
                                 scene.dump());
        // Waiting 5 s for a will that must not come is the test itself.
        PINGSCOPE_VERIFY_OR_DUMP(
            !scene.watcherEvents.waitFor(QStringLiteral("will-received"), 5000), scene.dump());
        QVERIFY(scene.watcherEvents.messages().isEmpty());
    }

    void disconnectWithWillPublishesTheWill_data()
    {
        QTest::addColumn<bool>("asFault");
        QTest::newRow("fault") << true;
        QTest::newRow("close(0x04)") << false;
    }

    void disconnectWithWillPublishesTheWill()
    {
        QFETCH(bool, asFault);
        WillScene scene(m_broker,
                        QStringLiteral("will-0x04-") + QLatin1String(asFault ? "fault" : "close"));
        PINGSCOPE_VERIFY_OR_DUMP(scene.start(), scene.dump());

        if (asFault)
            scene.owner.injectFault(FaultKind::DisconnectWithWill);
        else
            scene.owner.close(ReasonCode::DisconnectWithWillMessage);
        PINGSCOPE_VERIFY_OR_DUMP(
            scene.watcherEvents.waitFor(QStringLiteral("will-received"), WillTimeoutMs),
            scene.dump());
        QCOMPARE(scene.watcherEvents.named(QStringLiteral("will-received")).first().otherSession,
                 scene.owner.id());
        QCOMPARE(scene.watcherEvents.messages().last().payload, WillPayload);
        // A clean DISCONNECT 0x04 (not a drop): the owner saw no error and does not reconnect.
        PINGSCOPE_VERIFY_OR_DUMP(
            scene.ownerEvents.waitFor(QStringLiteral("disconnected"), ConnectTimeoutMs),
            scene.dump());
        QCOMPARE(scene.ownerEvents.count(QStringLiteral("error")), 0);
        QCOMPARE(scene.ownerEvents.count(QStringLiteral("fault-injected")), asFault ? 1 : 0);
        QVERIFY(!scene.owner.isReconnectPending());
    }

    void disconnectWithWillFaultIsRefusedOnMqtt311()
    {
        WillScene scene(m_broker, QStringLiteral("will-0x04-311"), ProtocolVersion::V3_1_1);
        PINGSCOPE_VERIFY_OR_DUMP(scene.start(), scene.dump());

        scene.owner.injectFault(FaultKind::DisconnectWithWill);
        QCOMPARE(scene.ownerEvents.count(QStringLiteral("error")), 1);
        PINGSCOPE_VERIFY_OR_DUMP(scene.ownerEvents.named(QStringLiteral("error"))
                                     .first()
                                     .text.contains(QStringLiteral("5.0")),
                                 scene.dump());
        QCOMPARE(scene.ownerEvents.count(QStringLiteral("fault-injected")), 0);
        QVERIFY(scene.owner.isConnected());
        // Still connected as far as the broker is concerned too: a ping is answered.
        QVERIFY(scene.owner.pingNow());
        PINGSCOPE_VERIFY_OR_DUMP(
            scene.ownerEvents.waitFor(QStringLiteral("pingresp"), ConnectTimeoutMs), scene.dump());
        QVERIFY(scene.owner.isConnected());
        QVERIFY(scene.watcherEvents.messages().isEmpty());
    }

    void retainedWillIsDeliveredToALaterSubscriber()
    {
        WillScene scene(m_broker, QStringLiteral("will-retain"));
        scene.settings.will->retain = true;
        PINGSCOPE_VERIFY_OR_DUMP(scene.start(), scene.dump());

        scene.owner.injectFault(FaultKind::Drop);
        PINGSCOPE_VERIFY_OR_DUMP(
            scene.watcherEvents.waitFor(QStringLiteral("will-received"), WillTimeoutMs),
            scene.dump());

        // Only now that the will has been published does a second session subscribe.
        Session late(&scene.hub);
        late.setSettings(sessionSettingsFor(m_broker, QStringLiteral("will-retain-late"), 30));
        EventRecorder lateEvents(late);
        PINGSCOPE_VERIFY_OR_DUMP(connectAndWait(late, lateEvents), lateEvents.dump());
        PINGSCOPE_VERIFY_OR_DUMP(subscribeAndWait(late, scene.willTopic), lateEvents.dump());
        PINGSCOPE_VERIFY_OR_DUMP(lateEvents.waitForMessages(1, WillTimeoutMs), lateEvents.dump());
        const PublishPacket retained = lateEvents.messages().first();
        QVERIFY(retained.retain);
        QCOMPARE(retained.topic, scene.willTopic);
        QCOMPARE(retained.payload, WillPayload);
        PINGSCOPE_VERIFY_OR_DUMP(lateEvents.waitFor(QStringLiteral("will-received"), WillTimeoutMs),
                                 lateEvents.dump());
        QCOMPARE(lateEvents.named(QStringLiteral("will-received")).first().otherSession,
                 scene.owner.id());

        // Leave no retained message behind.
        PublishPacket clear;
        clear.topic = scene.willTopic;
        clear.retain = true;
        QVERIFY(late.publish(clear).ok);
        late.close();
        PINGSCOPE_VERIFY_OR_DUMP(
            lateEvents.waitFor(QStringLiteral("disconnected"), ConnectTimeoutMs),
            lateEvents.dump());
    }

    void willDelayHoldsTheWillBackUntilTheDelayEnds()
    {
        WillScene scene(m_broker, QStringLiteral("will-delay"));
        scene.settings.cleanStart = false;
        scene.settings.sessionExpirySeconds = 60;
        scene.settings.will->properties.setInteger(PropertyId::WillDelayInterval,
                                                   quint32(WillDelayS));
        PINGSCOPE_VERIFY_OR_DUMP(scene.start(), scene.dump());

        scene.owner.injectFault(FaultKind::Drop);
        const qint64 droppedAt = scene.owner.now();
        // mosquitto 2.0.11 keeps the delay in whole seconds of a clock it reads every 100 ms
        // or so, and sends once that clock is past drop + delay: measured here 2.2 to 2.9 s
        // after the drop for a 2 s delay. Nothing may come before about the delay.
        PINGSCOPE_VERIFY_OR_DUMP(!scene.watcherEvents.waitFor(QStringLiteral("will-received"),
                                                              WillDelayS * 1000 - DelaySlackMs),
                                 scene.dump());
        PINGSCOPE_VERIFY_OR_DUMP(
            scene.watcherEvents.waitFor(QStringLiteral("will-received"), (WillDelayS + 3) * 1000),
            scene.dump());
        const Event will = scene.watcherEvents.named(QStringLiteral("will-received")).first();
        QCOMPARE(will.otherSession, scene.owner.id());
        const qint64 after = will.timeNs - droppedAt;
        qInfo("will delay %d s: the will came %.3f s after the drop", WillDelayS, after / 1e9);
        PINGSCOPE_VERIFY_OR_DUMP(after >= WillDelayS * S - DelaySlackMs * Ms, scene.dump());
        PINGSCOPE_VERIFY_OR_DUMP(after <= (WillDelayS + 2) * S, scene.dump());
        PINGSCOPE_VERIFY_OR_DUMP(qAbs(will.valueNs - after) < 50 * Ms, scene.dump());
    }

    void resumingTheSessionWithinTheWillDelayCancelsTheWill()
    {
        WillScene scene(m_broker, QStringLiteral("will-delay-resume"));
        scene.settings.cleanStart = false;
        scene.settings.sessionExpirySeconds = 60;
        scene.settings.will->properties.setInteger(PropertyId::WillDelayInterval,
                                                   quint32(WillDelayS));
        PINGSCOPE_VERIFY_OR_DUMP(scene.start(), scene.dump());
        QVERIFY(!scene.owner.sessionPresent());

        scene.owner.injectFault(FaultKind::Drop);
        // The same client ID, clean start off: the broker resumes the session.
        PINGSCOPE_VERIFY_OR_DUMP(connectAndWait(scene.owner, scene.ownerEvents), scene.dump());
        PINGSCOPE_VERIFY_OR_DUMP(scene.owner.sessionPresent(), scene.dump());
        PINGSCOPE_VERIFY_OR_DUMP(
            !scene.watcherEvents.waitFor(QStringLiteral("will-received"), (WillDelayS + 3) * 1000),
            scene.dump());
        QVERIFY(scene.watcherEvents.messages().isEmpty());
        // DISCONNECT 0x00 discards the will the resumed connection registered again.
        scene.owner.close();
        PINGSCOPE_VERIFY_OR_DUMP(
            scene.ownerEvents.waitForCount(QStringLiteral("disconnected"), 2, ConnectTimeoutMs),
            scene.dump());
    }

private:
    static constexpr int WillDelayS = 2;
    // How early a delayed will may come: the broker's clock reading lags by up to ~100 ms.
    static constexpr int DelaySlackMs = 300;
    BrokerFixture m_broker;
};

QTEST_GUILESS_MAIN(SessionWillTest)
#include "tst_sessionwill.moc"
