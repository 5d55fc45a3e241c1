// QoS flows against the scripted FakeBroker: unacknowledged messages are resent (PUBLISH with
// DUP = 1, PUBREL past PUBREC) only on a reconnect that resumes the session, and reported
// discarded when it does not; and the 5.0 CONNACK limits (Receive Maximum, Maximum QoS,
// Retain Available, Maximum Packet Size) hold back or refuse what they forbid.

#include "fakebrokertest.h"
#include "protocol/codec.h"
#include "protocol/reasoncodes.h"

#include <QSignalSpy>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = FakeBrokerRig::NetworkTimeoutMs;

PublishPacket message(const QString &topic, quint8 qos,
                      const QByteArray &payload = QByteArrayLiteral("x"))
{
    PublishPacket publish;
    publish.topic = topic;
    publish.qos = qos;
    publish.payload = payload;
    return publish;
}

} // namespace

class SessionFakeBrokerFlowsTest : public FakeBrokerTest
{
    Q_OBJECT

private Q_SLOTS:
    void unacknowledgedFlowsAfterReconnect_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<bool>("sessionPresent");
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            const QByteArray tag = protocolVersionName(version).toLatin1();
            QTest::addRow("%s resumed: resent", tag.constData()) << version << true;
            QTest::addRow("%s not resumed: discarded", tag.constData()) << version << false;
        }
    }

    // Two QoS 1 messages await PUBACK and a QoS 2 message awaits PUBCOMP (its PUBREC came)
    // when the broker closes the connection; the reconnect's CONNACK decides what happens.
    void unacknowledgedFlowsAfterReconnect()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(bool, sessionPresent);
        FakeBrokerRig &rig = this->rig();
        rig.broker.setAutoAck(false);
        SessionSettings settings = rig.settings(QStringLiteral("resume"), version);
        settings.cleanStart = false;
        if (version == ProtocolVersion::V5)
            settings.sessionExpirySeconds = 300;
        RIG_VERIFY(rig, rig.openConnected(settings));
        QSignalSpy completed(&rig.session, &Session::publishCompleted);

        QList<quint16> ids;
        for (const int qos : {1, 1, 2}) {
            const Session::SendResult sent = rig.session.publish(
                message(QStringLiteral("flows/%1").arg(ids.size()), quint8(qos)));
            QVERIFY2(sent.ok, qPrintable(sent.error));
            ids << sent.packetId;
        }
        for (const quint16 id : ids) {
            DecodedPacket publish;
            RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Publish, TimeoutMs, &publish));
            QCOMPARE(std::get<PublishPacket>(publish.packet).packetId, id);
            QVERIFY(!std::get<PublishPacket>(publish.packet).dup);
        }
        QVERIFY(rig.broker.sendPacket(AckPacket{PacketType::Pubrec, ids.at(2), 0, {}}));
        RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Pubrel, TimeoutMs));
        QCOMPARE(rig.session.inFlight(), 3);

        ConnackPacket reconnectReply;
        reconnectReply.sessionPresent = sessionPresent;
        rig.broker.setConnackReply(reconnectReply);
        rig.broker.clearReceived();
        rig.broker.closeClient();
        RIG_VERIFY(rig, rig.broker.waitForConnections(2, TimeoutMs));
        RIG_VERIFY(rig, rig.events.waitForCount(QStringLiteral("connected"), 2, TimeoutMs));
        QCOMPARE(rig.session.sessionPresent(), sessionPresent);

        if (sessionPresent) {
            // [MQTT-4.4.0-1]: in the original order, the PUBLISH with DUP and its packet ID,
            // the QoS 2 message only as PUBREL (never its PUBLISH again after PUBREL).
            RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Pubrel, TimeoutMs));
            const QList<DecodedPacket> packets = rig.broker.receivedPackets();
            RIG_VERIFY(rig, packets.size() == 4);
            QCOMPARE(packets.at(0).type(), PacketType::Connect);
            QVERIFY(!std::get<ConnectPacket>(packets.at(0).packet).cleanSession);
            for (int i = 0; i < 2; ++i) {
                const auto *publish = std::get_if<PublishPacket>(&packets.at(1 + i).packet);
                RIG_VERIFY(rig, publish != nullptr);
                QVERIFY(publish->dup);
                QCOMPARE(publish->packetId, ids.at(i));
                QCOMPARE(publish->qos, quint8(1));
            }
            const auto *pubrel = std::get_if<AckPacket>(&packets.at(3).packet);
            RIG_VERIFY(rig, pubrel != nullptr && pubrel->type == PacketType::Pubrel);
            QCOMPARE(pubrel->packetId, ids.at(2));
            QCOMPARE(completed.size(), 0);
            QCOMPARE(rig.events.count(QStringLiteral("error")), 0);

            // The flows go on where they stopped.
            QVERIFY(rig.broker.sendPacket(AckPacket{PacketType::Puback, ids.at(0), 0, {}}));
            QVERIFY(rig.broker.sendPacket(AckPacket{PacketType::Puback, ids.at(1), 0, {}}));
            QVERIFY(rig.broker.sendPacket(AckPacket{PacketType::Pubcomp, ids.at(2), 0, {}}));
            RIG_VERIFY(rig, QTest::qWaitFor([&] { return completed.size() == 3; }, TimeoutMs));
            for (int i = 0; i < 3; ++i) {
                QCOMPARE(completed.at(i).at(0).value<quint16>(), ids.at(i));
                QCOMPARE(completed.at(i).at(1).value<quint8>(), ReasonCode::Success);
            }
            QCOMPARE(rig.session.inFlight(), 0);
        } else {
            // The broker forgot them: nothing is resent, and the loss is reported.
            RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("error"), TimeoutMs));
            RIG_VERIFY(
                rig, rig.first(QStringLiteral("error")).text.contains(QStringLiteral("discarded")));
            QCOMPARE(completed.size(), 3);
            for (int i = 0; i < 3; ++i) {
                QCOMPARE(completed.at(i).at(0).value<quint16>(), ids.at(i));
                QVERIFY(completed.at(i).at(1).value<quint8>() >= ReasonCode::UnspecifiedError);
            }
            QCOMPARE(rig.session.inFlight(), 0);
            // Bounded on purpose: a resend would follow the CONNACK at once.
            RIG_VERIFY(rig, !QTest::qWaitFor(
                                [&] { return rig.broker.receivedPackets().size() > 1; }, 500));
            QCOMPARE(rig.broker.receivedPackets().size(), 1); // the CONNECT
        }
    }

    void receiveMaximumHoldsBackPublishes()
    {
        FakeBrokerRig &rig = this->rig();
        ConnackPacket connack;
        connack.properties.setInteger(PropertyId::ReceiveMaximum, 2);
        rig.broker.setConnackReply(connack);
        rig.broker.setAutoAck(false);
        RIG_VERIFY(rig, rig.openConnected(rig.settings(QStringLiteral("receive-max"))));

        QList<quint16> ids;
        for (int i = 0; i < 5; ++i) {
            const Session::SendResult sent =
                rig.session.publish(message(QStringLiteral("flows/max"), 1));
            QVERIFY2(sent.ok, qPrintable(sent.error));
            ids << sent.packetId;
        }
        DecodedPacket publish;
        for (int i = 0; i < 2; ++i) {
            RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Publish, TimeoutMs, &publish));
            QCOMPARE(std::get<PublishPacket>(publish.packet).packetId, ids.at(i));
        }
        RIG_VERIFY(rig, !rig.broker.waitForPacket(PacketType::Publish, 500));
        QCOMPARE(rig.session.inFlight(), 2);
        QCOMPARE(rig.session.queued(), 3);

        // One acknowledged: one slot free, exactly one more goes out.
        QVERIFY(rig.broker.sendPacket(AckPacket{PacketType::Puback, ids.at(0), 0, {}}));
        RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Publish, TimeoutMs, &publish));
        QCOMPARE(std::get<PublishPacket>(publish.packet).packetId, ids.at(2));
        RIG_VERIFY(rig, !rig.broker.waitForPacket(PacketType::Publish, 300));
        QCOMPARE(rig.session.inFlight(), 2);
        QCOMPARE(rig.session.queued(), 2);
    }

    void connackLimitRefusesPublish_data()
    {
        QTest::addColumn<PropertyId>("property");
        QTest::addColumn<quint32>("value");
        QTest::addColumn<quint8>("qos");
        QTest::addColumn<bool>("retain");
        QTest::addColumn<int>("payloadSize");
        QTest::addColumn<QString>("problem");
        QTest::newRow("Maximum QoS 1, QoS 2") << PropertyId::MaximumQoS << quint32(1) << quint8(2)
                                              << false << 10 << QStringLiteral("Maximum QoS");
        QTest::newRow("Retain Available 0, retained")
            << PropertyId::RetainAvailable << quint32(0) << quint8(0) << true << 10
            << QStringLiteral("Retain Available");
        QTest::newRow("Maximum Packet Size 100, 200 B")
            << PropertyId::MaximumPacketSize << quint32(100) << quint8(0) << false << 200
            << QStringLiteral("at most 100");
    }

    void connackLimitRefusesPublish()
    {
        QFETCH(PropertyId, property);
        QFETCH(quint32, value);
        QFETCH(quint8, qos);
        QFETCH(bool, retain);
        QFETCH(int, payloadSize);
        QFETCH(QString, problem);
        FakeBrokerRig &rig = this->rig();
        ConnackPacket connack;
        connack.properties.setInteger(property, value);
        rig.broker.setConnackReply(connack);
        RIG_VERIFY(rig, rig.openConnected(rig.settings(QStringLiteral("limits"))));

        PublishPacket forbidden =
            message(QStringLiteral("flows/forbidden"), qos, QByteArray(payloadSize, 'p'));
        forbidden.retain = retain;
        const Session::SendResult refused = rig.session.publish(forbidden);
        QVERIFY(!refused.ok);
        QCOMPARE(refused.packetId, quint16(0));
        QVERIFY2(refused.error.contains(problem), qPrintable(refused.error));
        QVERIFY(rig.session.isConnected());

        // What the limit allows still goes, and is the first PUBLISH the broker sees.
        const Session::SendResult allowed =
            rig.session.publish(message(QStringLiteral("flows/allowed"), 1));
        QVERIFY2(allowed.ok, qPrintable(allowed.error));
        DecodedPacket publish;
        RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Publish, TimeoutMs, &publish));
        QCOMPARE(std::get<PublishPacket>(publish.packet).topic, QStringLiteral("flows/allowed"));
    }
};

QTEST_GUILESS_MAIN(SessionFakeBrokerFlowsTest)
#include "tst_sessionfakebrokerflows.moc"
