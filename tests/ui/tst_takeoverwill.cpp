// The take-over banner and the will view (ui/session): scripted event sequences drive both
// through their states and the texts say each one; then one will published for real: a
// mosquitto (BrokerFixture), an owner session with a will dropped by a fault, and a watcher
// session whose "will-received" turns the owner's will view to "published" with a figure.

#include "brokerfixture.h"
#include "eventrecorder.h"
#include "grabifasked.h"
#include "monitor/sessionhub.h"
#include "session/takeoverbanner.h"
#include "session/willview.h"

#include <QCoreApplication>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr qint64 S = 1'000'000'000;
constexpr int NetworkTimeoutMs = 5000;

Event liveness(EventKind kind, qint64 valueNs = -1)
{
    Event event;
    event.kind = kind;
    event.valueNs = valueNs;
    return event;
}

Event takenOver(int bySession, bool inferred)
{
    Event event = liveness(EventKind::TakenOver);
    event.otherSession = bySession;
    event.inferred = inferred;
    event.hasReasonCode = !inferred;
    event.reasonCode = inferred ? 0 : ReasonCode::SessionTakenOver;
    return event;
}

// A DISCONNECT this client sent: 3.1.1 has no reason code, 5.0 one byte.
Event sentDisconnect(ProtocolVersion version, quint8 reason = 0)
{
    Event event;
    event.kind = EventKind::Packet;
    event.direction = Direction::Sent;
    event.packetType = PacketType::Disconnect;
    event.version = version;
    event.raw = version == ProtocolVersion::V5 ? QByteArray::fromHex("e001") + char(reason)
                                               : QByteArray::fromHex("e000");
    return event;
}

Event faultInjected(FaultKind fault)
{
    Event event = liveness(EventKind::FaultInjected);
    event.fault = fault;
    return event;
}

// Feeds `events` as one batch.
template<typename View>
void feed(View &view, const QList<Event> &events)
{
    QList<const Event *> batch;
    for (const Event &event : events)
        batch.append(&event);
    view.appendEvents(batch);
}

template<typename T = QLabel>
T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QLatin1String(name));
}

QString text(QWidget *parent, const char *name)
{
    const QLabel *label = child(parent, name);
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1String(name));
}

bool shown(QWidget *parent, const char *name)
{
    const QWidget *widget = child<QWidget>(parent, name);
    return widget && widget->isVisibleTo(parent);
}

Will sampleWill(quint32 delaySeconds = 0)
{
    Will will{QStringLiteral("plant/line-3/sensor-17/status"),
              QByteArrayLiteral("{\"online\":false}"),
              1,
              true,
              {}};
    if (delaySeconds > 0)
        will.properties.setInteger(PropertyId::WillDelayInterval, delaySeconds);
    return will;
}

const QRegularExpression ClockTime(QStringLiteral("\\b\\d\\d:\\d\\d:\\d\\d\\b"));

} // namespace

class TakeoverWillTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bannerByAnotherClientWith0x8E()
    {
        QWidget parent;
        TakeoverBanner banner(&parent);
        auto *layout = new QVBoxLayout(&parent);
        layout->addWidget(&banner);
        layout->addStretch(); // as in a session's view: the banner takes only its height
        parent.resize(900, 200);
        parent.show();
        QVERIFY(!banner.isVisible()); // nothing to say yet

        banner.setHasWill(true);
        feed(banner, {takenOver(0, false), liveness(EventKind::Disconnected),
                      liveness(EventKind::Reconnecting, 1500 * 1'000'000)});
        QVERIFY(banner.isVisible());
        const QString title = text(&banner, "takeoverTitle");
        QVERIFY2(title.startsWith(QStringLiteral("Taken over by another client at ")),
                 qPrintable(title));
        QVERIFY2(ClockTime.match(title).hasMatch(), qPrintable(title));
        QVERIFY2(text(&banner, "takeoverHow").contains(QStringLiteral("0x8E Session taken over")),
                 qPrintable(text(&banner, "takeoverHow")));
        QCOMPARE(text(&banner, "takeoverNext"), QStringLiteral("Next: reconnecting in 1.50 s."));
        QVERIFY(shown(&banner, "takeoverWill"));
        QVERIFY(text(&banner, "takeoverWill")
                    .contains(QStringLiteral("should publish this session's will")));
        QVERIFY(!shown(&banner, "showBothButton")); // no local session to overlay
        grabIfAsked(&banner, QStringLiteral("banner-taken-over"));

        // Connected again: one line of history.
        feed(banner, {liveness(EventKind::Connected)});
        QVERIFY(banner.isVisible());
        QVERIFY(banner.isCompact());
        QVERIFY(text(&banner, "takeoverTitle")
                    .startsWith(QStringLiteral("Was taken over by another client")));
        QVERIFY(!shown(&banner, "takeoverHow"));
        QVERIFY(!shown(&banner, "takeoverNext"));

        QSignalSpy dismissed(&banner, &TakeoverBanner::dismissed);
        QTest::mouseClick(child<QPushButton>(&banner, "dismissButton"), Qt::LeftButton);
        QCOMPARE(dismissed.size(), 1);
        QVERIFY(!banner.isVisible());
        // Later batches that are not a take-over leave it dismissed.
        feed(banner, {liveness(EventKind::Disconnected), liveness(EventKind::Connected)});
        QVERIFY(!banner.isVisible());
    }

    void bannerInferredByALocalSessionThatStopsReconnecting()
    {
        QWidget parent;
        TakeoverBanner banner(&parent);
        auto *layout = new QVBoxLayout(&parent);
        layout->addWidget(&banner);
        layout->addStretch(); // as in a session's view: the banner takes only its height
        banner.setSessionNamer(
            [](int session) { return session == 2 ? QStringLiteral("sensor-17 #2") : QString(); });
        parent.resize(900, 200);
        parent.show();

        Event closed = liveness(EventKind::ClosedByBroker);
        closed.diagnosis = ClosureDiagnosis::TakenOverBySession;
        feed(banner, {closed, takenOver(2, true), liveness(EventKind::Disconnected)});
        QVERIFY(banner.isVisible());
        QVERIFY(text(&banner, "takeoverTitle")
                    .startsWith(QStringLiteral("Taken over by sensor-17 #2 at ")));
        const QString how = text(&banner, "takeoverHow");
        QVERIFY2(how.startsWith(QStringLiteral("Inferred")), qPrintable(how));
        QVERIFY2(how.contains(QStringLiteral("sensor-17 #2 connected with the same client ID")),
                 qPrintable(how));
        // No "reconnecting" after "disconnected": the session stopped.
        QVERIFY(text(&banner, "takeoverNext").startsWith(QStringLiteral("Next: no reconnect")));
        QVERIFY(!shown(&banner, "takeoverWill")); // no will

        QSignalSpy showBoth(&banner, &TakeoverBanner::showBothRequested);
        QVERIFY(shown(&banner, "showBothButton"));
        QTest::mouseClick(child<QPushButton>(&banner, "showBothButton"), Qt::LeftButton);
        QCOMPARE(showBoth.size(), 1);
        QCOMPARE(showBoth.first().first().toInt(), 2);
    }

    void bannerFlappingAndProbable()
    {
        QWidget parent;
        TakeoverBanner banner(&parent);
        auto *layout = new QVBoxLayout(&parent);
        layout->addWidget(&banner);
        layout->addStretch(); // as in a session's view: the banner takes only its height
        banner.setSessionNamer([](int) { return QStringLiteral("sensor-17 #2"); });
        banner.setHasWill(true);
        parent.resize(900, 200);
        parent.show();

        Event flapping = liveness(EventKind::TakeoverFlapping);
        flapping.text =
            QStringLiteral("client ID \"sensor-17\" was taken over 3 times within 60 s");
        feed(banner, {takenOver(2, false), flapping, liveness(EventKind::Disconnected)});
        QCOMPARE(
            text(&banner, "takeoverNext"),
            QStringLiteral("Reconnect stopped: the two sessions keep taking each other over."));
        grabIfAsked(&banner, QStringLiteral("banner-flapping"));

        // A new take-over after a dismiss shows the banner again, in full.
        QTest::mouseClick(child<QPushButton>(&banner, "dismissButton"), Qt::LeftButton);
        feed(banner, {takenOver(0, true), liveness(EventKind::Disconnected),
                      liveness(EventKind::Reconnecting, 2 * S)});
        QVERIFY(banner.isVisible());
        QVERIFY(!banner.isCompact());
        QVERIFY2(text(&banner, "takeoverHow").startsWith(QStringLiteral("Inferred, probably")),
                 qPrintable(text(&banner, "takeoverHow")));
        QCOMPARE(text(&banner, "takeoverNext"), QStringLiteral("Next: reconnecting in 2.00 s."));
    }

    // Links of other client IDs closed at the same moment: said to be uncertain; the
    // refused reconnect that shows the broker went away takes the banner down.
    void bannerUncertainThenRetracted()
    {
        QWidget parent;
        TakeoverBanner banner(&parent);
        auto *layout = new QVBoxLayout(&parent);
        layout->addWidget(&banner);
        parent.resize(900, 200);
        parent.show();
        Event closed = liveness(EventKind::ClosedByBroker);
        closed.diagnosis = ClosureDiagnosis::BrokerClosedAll;
        feed(banner, {closed, takenOver(0, true), liveness(EventKind::Disconnected),
                      liveness(EventKind::Reconnecting, 1 * S)});
        QVERIFY(banner.isVisible());
        QVERIFY2(text(&banner, "takeoverHow").startsWith(QStringLiteral("Inferred, uncertain")),
                 qPrintable(text(&banner, "takeoverHow")));
        feed(banner, {liveness(EventKind::Error), liveness(EventKind::TakeoverRetracted)});
        QVERIFY(!banner.isVisible());
        // A later take-over, without the hint, reads as probable again.
        feed(banner, {liveness(EventKind::ClosedByBroker), takenOver(0, true)});
        QVERIFY(banner.isVisible());
        QVERIFY(text(&banner, "takeoverHow").startsWith(QStringLiteral("Inferred, probably")));
    }

    void willViewStates()
    {
        WillView view(nullptr);
        view.resize(700, 420);
        view.show();
        QCOMPARE(view.state(), WillView::State::None);
        QCOMPARE(text(&view, "willStateTitle"), QStringLiteral("No will"));
        QVERIFY(!shown(&view, "watchButton"));

        view.setWill(sampleWill(), ProtocolVersion::V5);
        QCOMPARE(text(&view, "willStateTitle"), QStringLiteral("Will not armed"));
        QCOMPARE(text(&view, "willTopic"), QStringLiteral("plant/line-3/sensor-17/status"));
        QVERIFY(text(&view, "willQos").startsWith(QStringLiteral("1")));
        QVERIFY(text(&view, "willRetain").startsWith(QStringLiteral("yes")));
        QVERIFY2(text(&view, "willPayload").contains(QStringLiteral("{\"online\":false}")),
                 qPrintable(text(&view, "willPayload")));
        QVERIFY(text(&view, "willDelay").startsWith(QStringLiteral("none")));
        QSignalSpy watch(&view, &WillView::watchRequested);
        QTest::mouseClick(child<QPushButton>(&view, "watchButton"), Qt::LeftButton);
        QCOMPARE(watch.size(), 1);

        feed(view, {liveness(EventKind::Connected)});
        QCOMPARE(view.state(), WillView::State::Armed);
        QCOMPARE(text(&view, "willStateTitle"), QStringLiteral("Will armed"));
        QVERIFY(text(&view, "willExplanation")
                    .startsWith(QStringLiteral("The broker publishes it if this connection ends "
                                               "without a normal DISCONNECT")));
        grabIfAsked(&view, QStringLiteral("will-armed"));

        // A normal DISCONNECT (5.0 reason 0x00).
        feed(view, {sentDisconnect(ProtocolVersion::V5), liveness(EventKind::Disconnected)});
        QCOMPARE(view.state(), WillView::State::Discarded);
        QVERIFY(
            text(&view, "willExplanation").contains(QStringLiteral("the broker deleted the will")));

        // 5.0 DISCONNECT 0x04: published on purpose.
        feed(view, {liveness(EventKind::Connected),
                    sentDisconnect(ProtocolVersion::V5, ReasonCode::DisconnectWithWillMessage),
                    liveness(EventKind::Disconnected)});
        QCOMPARE(view.state(), WillView::State::Expected);
        QVERIFY2(text(&view, "willExplanation").contains(QStringLiteral("DISCONNECT 0x04")),
                 qPrintable(text(&view, "willExplanation")));
        QVERIFY(text(&view, "willExplanation").endsWith(QStringLiteral("publish the will now.")));

        // A ping timeout; the will delay postpones it.
        view.setWill(sampleWill(30), ProtocolVersion::V5);
        QCOMPARE(text(&view, "willDelay"), QStringLiteral("30 s"));
        feed(view, {liveness(EventKind::Connected), liveness(EventKind::PingTimeout, 1 * S),
                    liveness(EventKind::Disconnected)});
        QCOMPARE(view.state(), WillView::State::Expected);
        QVERIFY2(text(&view, "willExplanation").contains(QStringLiteral("ping timeout")),
                 qPrintable(text(&view, "willExplanation")));
        QVERIFY(text(&view, "willExplanation")
                    .contains(QStringLiteral("after the will delay of 30 s")));
        grabIfAsked(&view, QStringLiteral("will-expected"));

        // A watcher saw it arrive.
        Event received = liveness(EventKind::WillReceived, 1200 * 1'000'000);
        received.otherSession = 1;
        view.willReceived(received, QStringLiteral("watcher"));
        QCOMPARE(view.state(), WillView::State::Published);
        QCOMPARE(text(&view, "willStateTitle"), QStringLiteral("Will published"));
        QVERIFY2(text(&view, "willPublished")
                     .startsWith(QStringLiteral("Arrived at watcher 1.20 s after the connection "
                                                "was lost")),
                 qPrintable(text(&view, "willPublished")));
        grabIfAsked(&view, QStringLiteral("will-published"));

        // Connected again: armed anew, the last publication still in view.
        feed(view, {liveness(EventKind::Connected)});
        QCOMPARE(view.state(), WillView::State::Armed);
        QVERIFY(text(&view, "willPublished").startsWith(QStringLiteral("Last published: Arrived")));

        // Dropped by a fault; a taken-over one.
        feed(view, {faultInjected(FaultKind::Drop), liveness(EventKind::Disconnected)});
        QCOMPARE(view.state(), WillView::State::Expected);
        QVERIFY(
            text(&view, "willExplanation").contains(QStringLiteral("dropped without DISCONNECT")));
        feed(view, {liveness(EventKind::Connected), takenOver(0, false)});
        QCOMPARE(view.state(), WillView::State::Expected);
        QVERIFY(text(&view, "willExplanation").contains(QStringLiteral("taken over")));

        // Black-holed, even a normal DISCONNECT never reaches the broker: it finds out by
        // the silence, 1.5 x keep-alive on.
        view.setWill(sampleWill(0), ProtocolVersion::V5);
        feed(view, {liveness(EventKind::Connected), faultInjected(FaultKind::BlackHole),
                    sentDisconnect(ProtocolVersion::V5), liveness(EventKind::Disconnected)});
        QCOMPARE(view.state(), WillView::State::Expected);
        QVERIFY2(text(&view, "willExplanation").contains(QStringLiteral("black hole")),
                 qPrintable(text(&view, "willExplanation")));
        QVERIFY(text(&view, "willExplanation").contains(QStringLiteral("1.5 × keep-alive")));

        view.setWill(std::nullopt, ProtocolVersion::V5);
        QCOMPARE(view.state(), WillView::State::None);
        QVERIFY(!shown(&view, "willTopic"));
    }

    void willViewMqtt311DisconnectDiscards()
    {
        WillView view(nullptr);
        view.setWill(sampleWill(), ProtocolVersion::V3_1_1);
        QVERIFY(!shown(&view, "willDelay")); // a 5.0 property
        feed(view, {liveness(EventKind::Connected), sentDisconnect(ProtocolVersion::V3_1_1)});
        QCOMPARE(view.state(), WillView::State::Discarded);
        QVERIFY(text(&view, "willExplanation").contains(QStringLiteral("3.1.1")));
    }

    // The real thing: mosquitto publishes the dropped owner's will to the watcher.
    void willPublishedByARealBroker()
    {
        BrokerFixture broker;
        PINGSCOPE_REQUIRE_BROKER(broker);
        SessionHub hub;
        Session watcher(&hub);
        Session owner(&hub);
        EventRecorder watcherEvents(watcher);
        EventRecorder ownerEvents(owner);

        const QString tag = QString::number(QCoreApplication::applicationPid());
        SessionSettings settings;
        settings.host = broker.host();
        settings.port = broker.port();
        settings.keepAliveSeconds = 2;
        settings.reconnect.enabled = false;
        settings.clientId = QStringLiteral("ps-willview-watcher-") + tag;
        watcher.setSettings(settings);
        settings.clientId = QStringLiteral("ps-willview-owner-") + tag;
        const QString willTopic = QStringLiteral("pingscope/test/will/") + settings.clientId;
        settings.will = Will{willTopic, QByteArrayLiteral("gone"), 1, false, {}};
        owner.setSettings(settings);

        WillView view(nullptr);
        view.setWill(settings.will, settings.version);
        connect(&owner, &Session::eventRecorded, &view,
                [&view](const Event &event) { view.appendEvents({&event}); });
        connect(&watcher, &Session::eventRecorded, &view, [&](const Event &event) {
            if (event.kind == EventKind::WillReceived && event.otherSession == owner.id())
                view.willReceived(event, QStringLiteral("watcher"));
        });

        QVERIFY(watcher.open().isEmpty());
        PINGSCOPE_VERIFY_OR_DUMP(
            watcherEvents.waitFor(QStringLiteral("connected"), NetworkTimeoutMs),
            watcherEvents.dump());
        QSignalSpy subscribed(&watcher, &Session::subscribeCompleted);
        QVERIFY(watcher.subscribe({Subscription{willTopic, 1}}).ok);
        QVERIFY(subscribed.wait(NetworkTimeoutMs));
        QVERIFY(owner.open().isEmpty());
        PINGSCOPE_VERIFY_OR_DUMP(ownerEvents.waitFor(QStringLiteral("connected"), NetworkTimeoutMs),
                                 ownerEvents.dump());
        QCOMPARE(view.state(), WillView::State::Armed);

        owner.injectFault(FaultKind::Drop);
        QCOMPARE(view.state(), WillView::State::Expected);
        PINGSCOPE_VERIFY_OR_DUMP(
            watcherEvents.waitFor(QStringLiteral("will-received"), NetworkTimeoutMs),
            watcherEvents.dump());
        QCOMPARE(view.state(), WillView::State::Published);
        const QString published = text(&view, "willPublished");
        // "Arrived at watcher 12 ms after the connection was lost (hh:mm:ss)."
        const QRegularExpression figure(QStringLiteral(
            "^Arrived at watcher \\d+(\\.\\d+)? (ms|s) after the connection was lost"));
        QVERIFY2(figure.match(published).hasMatch(), qPrintable(published));
    }
};

QTEST_MAIN(TakeoverWillTest)
#include "tst_takeoverwill.moc"
