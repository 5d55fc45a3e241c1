// What a lost or closed connection leaves behind, against the scripted FakeBroker: a close
// before CONNACK (an error, never an inferred take-over), a SUBSCRIBE left unanswered (it
// fails and is not resent on resume), a resend a lowered Maximum Packet Size forbids (its
// flow ends), and the will a normal DISCONNECT discards (no later message is taken for it).

#include "fakebrokerresume.h"
#include "fakebrokertest.h"
#include "monitor/sessionhub.h"
#include "protocol/codec.h"
#include "protocol/reasoncodes.h"

#include <QSignalSpy>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = FakeBrokerRig::NetworkTimeoutMs;

} // namespace

class SessionConnectionLossTest : public FakeBrokerTest
{
    Q_OBJECT

private Q_SLOTS:
    void brokerClosingBeforeConnackIsAnErrorNotATakeover_data() { addVersionRows(); }

    void brokerClosingBeforeConnackIsAnErrorNotATakeover()
    {
        QFETCH(ProtocolVersion, version);
        FakeBrokerRig &rig = this->rig();
        rig.broker.setConnackReply(QByteArray()); // never answer the CONNECT
        RIG_VERIFY(rig, rig.open(rig.settings(QStringLiteral("no-connack"), version)));
        RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Connect, TimeoutMs));
        rig.broker.closeClient();
        RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("disconnected"), TimeoutMs));

        QCOMPARE(rig.events.count(QStringLiteral("closed-by-broker")), 0);
        QCOMPARE(rig.events.count(QStringLiteral("taken-over")), 0);
        QCOMPARE(rig.events.count(QStringLiteral("error")), 1);
        RIG_VERIFY(rig, rig.first(QStringLiteral("error"))
                            .text.contains(QStringLiteral("closed the connection before its "
                                                          "CONNACK")));
        QCOMPARE(rig.session.state(), Session::State::Disconnected);
    }

    void subscribeLeftUnansweredByALostLinkFails_data() { addVersionRows(); }

    // The broker never answers a SUBSCRIBE, then closes the link: the request fails (0x80
    // per filter), is not resent when the session resumes, and a new one works.
    void subscribeLeftUnansweredByALostLinkFails()
    {
        QFETCH(ProtocolVersion, version);
        FakeBrokerRig &rig = this->rig();
        rig.broker.setAutoAck(false);
        RIG_VERIFY(rig, rig.openConnected(resumable(rig.settings(QStringLiteral("sub"), version))));
        QSignalSpy subscribed(&rig.session, &Session::subscribeCompleted);
        const Session::SendResult lost = rig.session.subscribe(
            {Subscription{QStringLiteral("s/one"), 1}, Subscription{QStringLiteral("s/two"), 0}});
        QVERIFY2(lost.ok, qPrintable(lost.error));
        RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Subscribe, TimeoutMs));

        closeAndResumeWith(rig, ConnackPacket{});
        RIG_VERIFY(rig, QTest::qWaitFor([&] { return subscribed.size() == 1; }, TimeoutMs));
        QCOMPARE(subscribed.at(0).at(0).value<quint16>(), lost.packetId);
        QCOMPARE(subscribed.at(0).at(1).value<QList<quint8>>(),
                 (QList<quint8>{ReasonCode::UnspecifiedError, ReasonCode::UnspecifiedError}));
        RIG_VERIFY(rig, rig.events.waitForCount(QStringLiteral("connected"), 2, TimeoutMs));
        QVERIFY(rig.session.sessionPresent());

        const Session::SendResult again =
            rig.session.subscribe({Subscription{QStringLiteral("s/again"), 1}});
        QVERIFY2(again.ok, qPrintable(again.error));
        RIG_VERIFY(rig, QTest::qWaitFor([&] { return subscribed.size() == 2; }, TimeoutMs));
        QCOMPARE(subscribed.at(1).at(0).value<quint16>(), again.packetId);
        QCOMPARE(subscribed.at(1).at(1).value<QList<quint8>>(), QList<quint8>{1});
        const QList<DecodedPacket> packets = rig.broker.receivedPackets();
        RIG_VERIFY(rig, typesOf(packets) ==
                            (QList<PacketType>{PacketType::Connect, PacketType::Subscribe}));
        QCOMPARE(std::get<SubscribePacket>(packets.at(1).packet).packetId, again.packetId);
        QCOMPARE(rig.events.count(QStringLiteral("error")), 0);
        QVERIFY(rig.session.isConnected());
    }

    // A resumed session's CONNACK lowers Maximum Packet Size below a message still owed:
    // that message cannot be resent, so its flow ends instead of waiting for ever.
    void resendOverALoweredMaximumPacketSizeEndsItsFlow()
    {
        FakeBrokerRig &rig = this->rig();
        rig.broker.setAutoAck(false);
        RIG_VERIFY(rig, rig.openConnected(resumable(rig.settings(QStringLiteral("max-size")))));
        QSignalSpy published(&rig.session, &Session::publishCompleted);
        const Session::SendResult big =
            rig.session.publish(fakeMessage(QStringLiteral("m/big"), 1, 200));
        QVERIFY2(big.ok, qPrintable(big.error));
        RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Publish, TimeoutMs));

        ConnackPacket smaller;
        smaller.properties.setInteger(PropertyId::MaximumPacketSize, 100);
        closeAndResumeWith(rig, smaller);
        RIG_VERIFY(rig, rig.events.waitForCount(QStringLiteral("connected"), 2, TimeoutMs));
        RIG_VERIFY(rig, QTest::qWaitFor([&] { return published.size() == 1; }, TimeoutMs));
        QCOMPARE(published.at(0).at(0).value<quint16>(), big.packetId);
        QVERIFY(published.at(0).at(1).value<quint8>() >= ReasonCode::UnspecifiedError);
        RIG_VERIFY(
            rig,
            rig.events.count(QStringLiteral("error")) == 1 &&
                rig.first(QStringLiteral("error")).text.contains(QStringLiteral("at most 100")));
        QCOMPARE(rig.session.inFlight(), 0);
        QVERIFY(rig.session.isConnected());

        // Still usable: a message within the limit completes.
        const Session::SendResult small =
            rig.session.publish(fakeMessage(QStringLiteral("m/ok"), 1));
        QVERIFY2(small.ok, qPrintable(small.error));
        RIG_VERIFY(rig, QTest::qWaitFor([&] { return published.size() == 2; }, TimeoutMs));
        QCOMPARE(published.at(1).at(0).value<quint16>(), small.packetId);
        QCOMPARE(published.at(1).at(1).value<quint8>(), ReasonCode::Success);
        const QList<DecodedPacket> packets = rig.broker.receivedPackets();
        RIG_VERIFY(rig, typesOf(packets) ==
                            (QList<PacketType>{PacketType::Connect, PacketType::Publish}));
        QCOMPARE(std::get<PublishPacket>(packets.at(1).packet).packetId, small.packetId);
        QVERIFY(rig.session.isConnected());
    }

    void normalCloseForgetsTheWill_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<quint8>("reasonCode");
        QTest::addColumn<bool>("willExpected");
        QTest::newRow("3.1.1 DISCONNECT") << ProtocolVersion::V3_1_1 << quint8(0) << false;
        QTest::newRow("5.0 DISCONNECT 0x00") << ProtocolVersion::V5 << quint8(0x00) << false;
        // The control: DISCONNECT 0x04 asks the broker to publish the will after all.
        QTest::newRow("5.0 DISCONNECT 0x04") << ProtocolVersion::V5 << quint8(0x04) << true;
    }

    // An owner with a will closes; then a sibling session (same hub) receives a message on
    // the will's topic. Only after 0x04 may it be taken for the owner's will.
    void normalCloseForgetsTheWill()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(quint8, reasonCode);
        QFETCH(bool, willExpected);
        FakeBrokerRig &rig = this->rig();
        const QString willTopic = QStringLiteral("w/owner");
        SessionHub hub;
        Session owner(&hub);
        Session watcher(&hub);
        EventRecorder ownerEvents(owner);
        EventRecorder watcherEvents(watcher);
        const auto dump = [&]() -> QString {
            return QStringLiteral("Owner:\n") + ownerEvents.dump() + QStringLiteral("Watcher:\n") +
                   watcherEvents.dump();
        };
        SessionSettings settings = rig.settings(QStringLiteral("will-owner"), version);
        settings.will = Will{willTopic, QByteArrayLiteral("gone"), 0, false, {}};
        owner.setSettings(settings);
        QVERIFY(owner.open().isEmpty());
        PINGSCOPE_VERIFY_OR_DUMP(ownerEvents.waitFor(QStringLiteral("connected"), TimeoutMs),
                                 dump());
        owner.close(reasonCode);
        PINGSCOPE_VERIFY_OR_DUMP(ownerEvents.waitFor(QStringLiteral("disconnected"), TimeoutMs),
                                 dump());

        watcher.setSettings(rig.settings(QStringLiteral("will-watcher"), version));
        QVERIFY(watcher.open().isEmpty());
        PINGSCOPE_VERIFY_OR_DUMP(watcherEvents.waitFor(QStringLiteral("connected"), TimeoutMs),
                                 dump());
        QVERIFY(rig.broker.sendPacket(fakeMessage(willTopic, 0)));
        // The will check follows the delivery at once, so the count is final here.
        PINGSCOPE_VERIFY_OR_DUMP(watcherEvents.waitForMessages(1, TimeoutMs), dump());
        PINGSCOPE_VERIFY_OR_DUMP(
            watcherEvents.count(QStringLiteral("will-received")) == (willExpected ? 1 : 0), dump());
        if (willExpected)
            QCOMPARE(watcherEvents.named(QStringLiteral("will-received")).first().otherSession,
                     owner.id());
    }
};

QTEST_GUILESS_MAIN(SessionConnectionLossTest)
#include "tst_sessionconnectionloss.moc"
