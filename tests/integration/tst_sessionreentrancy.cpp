// A Session against the scripted FakeBroker whose signals' receivers act at once: subscribe
// and publish on "connected" (fresh and resumed sessions), close() on a resent packet,
// close() and open() on the CONNACK or on "connected", open() on "disconnected" while a
// reconnect is armed, and deleteLater() on a delivered message. What the session owed the
// broker goes first, nothing the receiver did is undone, and no work for a connection that
// is gone runs on the next one.

#include "fakebrokerresume.h"
#include "fakebrokertest.h"
#include "protocol/codec.h"
#include "protocol/reasoncodes.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <utility>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = FakeBrokerRig::NetworkTimeoutMs;
// Bounded wait for what must not happen: a resend or a violation follows the CONNACK at once.
constexpr int NothingMoreMs = 500;

enum class Trigger { StateChanged, ConnectedEvent };

// The liveness events that bound connections, in order: "connecting", "connected", ...
QStringList connectionEvents(const EventRecorder &events)
{
    QStringList names;
    for (const Event &event : events.events()) {
        if (event.kind == EventKind::Connecting || event.kind == EventKind::Connected ||
            event.kind == EventKind::Disconnected)
            names << event.name();
    }
    return names;
}

} // namespace

class SessionReentrancyTest : public FakeBrokerTest
{
    Q_OBJECT

private Q_SLOTS:
    void subscribeAndPublishFromConnectedReceiverComplete_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<Trigger>("trigger");
        QTest::addColumn<bool>("resumed");
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            const QByteArray v = protocolVersionName(version).toLatin1();
            for (const bool resumed : {false, true}) {
                const char *session = resumed ? "resumed" : "fresh";
                QTest::addRow("%s %s stateChanged", v.constData(), session)
                    << version << Trigger::StateChanged << resumed;
                QTest::addRow("%s %s connected event", v.constData(), session)
                    << version << Trigger::ConnectedEvent << resumed;
            }
        }
    }

    // The receiver's SUBSCRIBE and QoS 1 PUBLISH are neither discarded nor resent as if
    // they were older than the CONNACK, and a resumed message still goes out first.
    void subscribeAndPublishFromConnectedReceiverComplete()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(Trigger, trigger);
        QFETCH(bool, resumed);
        FakeBrokerRig &rig = this->rig();
        const SessionSettings settings = resumable(rig.settings(QStringLiteral("act"), version));
        quint16 oldId = 0;
        if (resumed) {
            rig.broker.setAutoAck(false);
            RIG_VERIFY(rig, rig.openConnected(settings));
            const Session::SendResult old =
                rig.session.publish(fakeMessage(QStringLiteral("a/old"), 1));
            QVERIFY2(old.ok, qPrintable(old.error));
            oldId = old.packetId;
            RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Publish, TimeoutMs));
            closeAndResumeWith(rig, ConnackPacket{});
        }
        QSignalSpy published(&rig.session, &Session::publishCompleted);
        QSignalSpy subscribed(&rig.session, &Session::subscribeCompleted);
        Session::SendResult newSubscribe;
        Session::SendResult newPublish;
        bool acted = false;
        const auto act = [&] {
            if (std::exchange(acted, true))
                return;
            newSubscribe = rig.session.subscribe({Subscription{QStringLiteral("a/in"), 1}});
            newPublish = rig.session.publish(fakeMessage(QStringLiteral("a/new"), 1));
        };
        QObject receiver; // the context of the slots below, gone before what they use
        if (trigger == Trigger::StateChanged) {
            connect(&rig.session, &Session::stateChanged, &receiver, [&](Session::State state) {
                if (state == Session::State::Connected)
                    act();
            });
        } else {
            connect(&rig.session, &Session::eventRecorded, &receiver, [&](const Event &event) {
                if (event.kind == EventKind::Connected)
                    act();
            });
        }
        if (!resumed)
            RIG_VERIFY(rig, rig.open(settings));
        RIG_VERIFY(
            rig, rig.events.waitForCount(QStringLiteral("connected"), resumed ? 2 : 1, TimeoutMs));
        QVERIFY2(newSubscribe.ok, qPrintable(newSubscribe.error));
        QVERIFY2(newPublish.ok, qPrintable(newPublish.error));

        const int flows = resumed ? 2 : 1;
        RIG_VERIFY(rig, QTest::qWaitFor(
                            [&] { return subscribed.size() == 1 && published.size() == flows; },
                            TimeoutMs));
        QCOMPARE(subscribed.at(0).at(0).value<quint16>(), newSubscribe.packetId);
        QCOMPARE(subscribed.at(0).at(1).value<QList<quint8>>(), QList<quint8>{1});
        QCOMPARE(published.last().at(0).value<quint16>(), newPublish.packetId);
        if (resumed)
            QCOMPARE(published.first().at(0).value<quint16>(), oldId);
        for (const QList<QVariant> &completion : std::as_const(published))
            QCOMPARE(completion.at(1).value<quint8>(), ReasonCode::Success);

        // Nothing more follows: no duplicate of the new message, no violation.
        RIG_VERIFY(rig,
                   !QTest::qWaitFor([&] { return rig.broker.receivedPackets().size() > flows + 2; },
                                    NothingMoreMs));
        QCOMPARE(rig.events.count(QStringLiteral("error")), 0);
        QVERIFY(rig.session.isConnected());
        QCOMPARE(rig.session.inFlight(), 0);
        const QList<DecodedPacket> packets = rig.broker.receivedPackets();
        QList<PacketType> expected{PacketType::Connect, PacketType::Subscribe, PacketType::Publish};
        if (resumed)
            expected.insert(1, PacketType::Publish);
        RIG_VERIFY(rig, typesOf(packets) == expected);
        const PublishPacket sentNew = std::get<PublishPacket>(packets.last().packet);
        QCOMPARE(sentNew.packetId, newPublish.packetId);
        QVERIFY(!sentNew.dup);
        if (resumed) {
            const PublishPacket resent = std::get<PublishPacket>(packets.at(1).packet);
            QCOMPARE(resent.packetId, oldId);
            QVERIFY(resent.dup);
        }
    }

    void closeAndOpenFromConnackReceiverStartsOneNewConnection_data() { addVersionRows(); }

    // A receiver of the CONNACK's packet event closes and reopens before the CONNACK is
    // handled: that CONNACK belongs to the cancelled connection, not to the new one.
    void closeAndOpenFromConnackReceiverStartsOneNewConnection()
    {
        QFETCH(ProtocolVersion, version);
        FakeBrokerRig &rig = this->rig();
        QList<SettingsProblem> reopenProblems{{QString(), QStringLiteral("open() not called")}};
        bool acted = false;
        QObject receiver; // the context of the slots below, gone before what they use
        connect(&rig.session, &Session::eventRecorded, &receiver, [&](const Event &event) {
            if (!event.isPacket(PacketType::Connack, Direction::Received) ||
                std::exchange(acted, true))
                return;
            rig.session.close();
            reopenProblems = rig.session.open();
        });
        RIG_VERIFY(rig, rig.open(rig.settings(QStringLiteral("reopen-connack"), version)));
        RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("connected"), TimeoutMs));
        QVERIFY2(reopenProblems.isEmpty(), qPrintable(reopenProblems.value(0).message));
        QCOMPARE(rig.broker.connectionCount(), 2);

        RIG_VERIFY(rig, !rig.events.waitFor(QStringLiteral("error"), NothingMoreMs));
        QVERIFY(rig.session.isConnected());
        const QStringList expected{QStringLiteral("connecting"), QStringLiteral("disconnected"),
                                   QStringLiteral("connecting"), QStringLiteral("connected")};
        RIG_VERIFY(rig, connectionEvents(rig.events) == expected);
        QCOMPARE(rig.broker.connectionCount(), 2);
    }

    // A receiver of the resend (the packets a resumed connection sends before "connected")
    // closes the session: the rest of that CONNACK's handling is for a connection now gone.
    void closeFromResendReceiverKeepsTheSessionClosed()
    {
        FakeBrokerRig &rig = this->rig();
        rig.broker.setAutoAck(false);
        RIG_VERIFY(rig, rig.openConnected(resumable(rig.settings(QStringLiteral("close-resend")))));
        const Session::SendResult old =
            rig.session.publish(fakeMessage(QStringLiteral("r/old"), 1));
        QVERIFY2(old.ok, qPrintable(old.error));
        RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Publish, TimeoutMs));
        bool closed = false;
        QObject receiver; // the context of the slot below, gone before what it uses
        connect(&rig.session, &Session::eventRecorded, &receiver, [&](const Event &event) {
            if (event.isPacket(PacketType::Publish, Direction::Sent) &&
                !std::exchange(closed, true))
                rig.session.close();
        });
        closeAndResumeWith(rig, ConnackPacket{});
        RIG_VERIFY(rig, rig.events.waitForCount(QStringLiteral("disconnected"), 2, TimeoutMs));
        QVERIFY(closed);

        RIG_VERIFY(rig, !rig.events.waitForCount(QStringLiteral("connected"), 2, NothingMoreMs));
        QCOMPARE(rig.session.state(), Session::State::Disconnected);
        QVERIFY(!rig.session.isReconnectPending());
        QCOMPARE(rig.broker.connectionCount(), 2);
    }

    // close() then open() from a "connected" receiver: open() waits for nothing, it refuses
    // while the DISCONNECT is flushed; a receiver of the "disconnected" that follows reopens.
    void openAfterCloseFromConnectedReceiverWaitsForDisconnected()
    {
        FakeBrokerRig &rig = this->rig();
        QList<SettingsProblem> earlyProblems;
        QList<SettingsProblem> reopenProblems{{QString(), QStringLiteral("open() not called")}};
        bool closed = false;
        bool reopened = false;
        QObject receiver; // the context of the slots below, gone before what they use
        connect(&rig.session, &Session::eventRecorded, &receiver, [&](const Event &event) {
            if (event.kind == EventKind::Connected && !std::exchange(closed, true)) {
                rig.session.close();
                earlyProblems = rig.session.open();
            } else if (event.kind == EventKind::Disconnected && !std::exchange(reopened, true)) {
                reopenProblems = rig.session.open();
            }
        });
        RIG_VERIFY(rig, rig.open(rig.settings(QStringLiteral("reopen-connected"))));
        RIG_VERIFY(rig, rig.events.waitForCount(QStringLiteral("connected"), 2, TimeoutMs));
        RIG_VERIFY(rig, earlyProblems.size() == 1 && earlyProblems.first().message.contains(
                                                         QStringLiteral("disconnecting")));
        QVERIFY2(reopenProblems.isEmpty(), qPrintable(reopenProblems.value(0).message));
        QCOMPARE(rig.broker.connectionCount(), 2);
        QVERIFY(rig.session.isConnected());
        QCOMPARE(rig.events.count(QStringLiteral("error")), 0);
        const QStringList expected{QStringLiteral("connecting"), QStringLiteral("connected"),
                                   QStringLiteral("disconnected"), QStringLiteral("connecting"),
                                   QStringLiteral("connected")};
        RIG_VERIFY(rig, connectionEvents(rig.events) == expected);
    }

    // The broker closes the link; a "disconnected" receiver reopens at once. Its connection
    // stands: the reconnect armed for the loss must not start another one over it.
    void openFromDisconnectedReceiverCancelsThePendingReconnect()
    {
        FakeBrokerRig &rig = this->rig();
        QList<SettingsProblem> reopenProblems{{QString(), QStringLiteral("open() not called")}};
        bool reopened = false;
        QObject receiver; // the context of the slots below, gone before what they use
        connect(&rig.session, &Session::eventRecorded, &receiver, [&](const Event &event) {
            if (event.kind == EventKind::Disconnected && !std::exchange(reopened, true))
                reopenProblems = rig.session.open();
        });
        RIG_VERIFY(rig, rig.openConnected(rig.settings(QStringLiteral("reopen-lost"))));
        rig.broker.closeClient();
        RIG_VERIFY(rig, rig.events.waitForCount(QStringLiteral("connected"), 2, TimeoutMs));
        QVERIFY2(reopenProblems.isEmpty(), qPrintable(reopenProblems.value(0).message));

        // Two seconds: many times the 100 ms reconnect delay the loss armed.
        RIG_VERIFY(rig, !rig.broker.waitForConnections(3, 2000));
        QCOMPARE(rig.broker.connectionCount(), 2);
        QCOMPARE(rig.events.count(QStringLiteral("connecting")), 2);
        QCOMPARE(rig.events.count(QStringLiteral("connected")), 2);
        QVERIFY(rig.session.isConnected());
        QVERIFY(!rig.session.isReconnectPending());
    }

    // A receiver drops the session while it is still handling the bytes that carried the
    // message (and one more after it): the rest of that work is done, then it goes.
    void deleteLaterFromMessageReceiverIsSafe()
    {
        FakeBrokerRig &rig = this->rig();
        QPointer<Session> session = new Session;
        EventRecorder events(*session);
        connect(session.data(), &Session::messageReceived, session.data(), &QObject::deleteLater);
        session->setSettings(rig.settings(QStringLiteral("delete-later")));
        QVERIFY(session->open().isEmpty());
        PINGSCOPE_VERIFY_OR_DUMP(events.waitFor(QStringLiteral("connected"), TimeoutMs),
                                 events.dump());

        PublishPacket first = fakeMessage(QStringLiteral("d/one"), 1);
        first.packetId = 7;
        PublishPacket second = fakeMessage(QStringLiteral("d/two"), 2);
        second.packetId = 8;
        const QByteArray bytes =
            encodePacket(first, ProtocolVersion::V5) + encodePacket(second, ProtocolVersion::V5);
        QVERIFY(rig.broker.send(bytes));
        PINGSCOPE_VERIFY_OR_DUMP(QTest::qWaitFor([&] { return session.isNull(); }, TimeoutMs),
                                 events.dump());
        QCOMPARE(events.messages().size(), 2);
        const auto sent = [&](PacketType type) {
            return std::count_if(events.events().cbegin(), events.events().cend(),
                                 [&](const Event &e) { return e.isPacket(type, Direction::Sent); });
        };
        PINGSCOPE_VERIFY_OR_DUMP(sent(PacketType::Puback) == 1 && sent(PacketType::Pubrec) == 1,
                                 events.dump());
        RIG_VERIFY(rig, rig.broker.waitForClientClosed(TimeoutMs));
    }
};

QTEST_GUILESS_MAIN(SessionReentrancyTest)
#include "tst_sessionreentrancy.moc"
