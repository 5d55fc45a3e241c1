// A Session against a FakeBroker that breaks the rules: malformed packets (PUBLISH with
// QoS 3, a remaining length of 5 bytes) and protocol violations (a second CONNACK, PUBLISH
// before CONNACK, PUBACK for an unknown packet ID, a SUBACK with more codes than filters, a
// 5.0 Topic Alias the client never allowed, session present after a clean start). Each must
// give one "error" event naming the problem and close the connection, after DISCONNECT with
// the right reason code in 5.0 (5.0 section 4.13) and without one in 3.1.1.

#include "fakebrokerrig.h"
#include "hexbytes.h"
#include "protocol/codec.h"
#include "protocol/reasoncodes.h"

#include <QTest>

#include <memory>
#include <optional>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int TimeoutMs = FakeBrokerRig::NetworkTimeoutMs;

enum class Violation {
    SecondConnack,
    PublishBeforeConnack,
    PubackForUnknownId,
    SubackWithMoreCodesThanFilters,
    TopicAlias,
    SessionPresentAfterCleanStart,
};

// The DISCONNECT the broker received from the client, if any.
std::optional<DisconnectPacket> disconnectReceived(const FakeBroker &broker)
{
    for (const DecodedPacket &packet : broker.receivedPackets()) {
        if (const auto *disconnect = std::get_if<DisconnectPacket>(&packet.packet))
            return *disconnect;
    }
    return std::nullopt;
}

} // namespace

class SessionHostileBrokerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_rig = std::make_unique<FakeBrokerRig>();
        QVERIFY2(m_rig->broker.listen(), qPrintable(m_rig->broker.errorString()));
    }

    void cleanup()
    {
        m_rig->reportIfFailed();
        m_rig.reset();
    }

    void malformedPacketClosesTheConnection_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            const QByteArray tag = protocolVersionName(version).toLatin1();
            // [MQTT-3.3.1-4]: QoS bits 11 do not exist.
            QTest::addRow("%s PUBLISH QoS 3", tag.constData())
                << version << hexBytes("36 05 00 01 74 00 01") << QStringLiteral("QoS 3");
            // A variable byte integer has at most 4 bytes; this one continues into a fifth.
            QTest::addRow("%s 5-byte remaining length", tag.constData())
                << version << hexBytes("30 80 80 80 80 01") << QStringLiteral("remaining length");
        }
    }

    void malformedPacketClosesTheConnection()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        FakeBrokerRig &rig = *m_rig;
        RIG_VERIFY(rig, rig.openConnected(rig.settings(QStringLiteral("malformed"), version)));
        QVERIFY(rig.broker.send(bytes));
        RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("error"), TimeoutMs));

        const QString error = rig.first(QStringLiteral("error")).text;
        RIG_VERIFY(rig, error.contains(QStringLiteral("malformed")));
        RIG_VERIFY(rig, error.contains(problem));
        RIG_VERIFY(rig, rig.broker.waitForClientClosed(TimeoutMs));
        QCOMPARE(rig.session.state(), Session::State::Disconnected);
        QCOMPARE(rig.events.count(QStringLiteral("error")), 1);
        RIG_VERIFY(rig, rig.events.messages().isEmpty()); // nothing delivered
        const std::optional<DisconnectPacket> disconnect = disconnectReceived(rig.broker);
        if (version == ProtocolVersion::V5) {
            RIG_VERIFY(rig, disconnect.has_value());
            QCOMPARE(disconnect->reasonCode, ReasonCode::MalformedPacket);
        } else {
            RIG_VERIFY(rig, !disconnect.has_value()); // 3.1.1 just closes [MQTT-4.8.0-1]
        }
    }

    void protocolViolationClosesTheConnection_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<Violation>("violation");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<quint8>("disconnectCode"); // 5.0 only
        const quint8 protocolError = ReasonCode::ProtocolError;
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            const QByteArray tag = protocolVersionName(version).toLatin1();
            QTest::addRow("%s second CONNACK", tag.constData())
                << version << Violation::SecondConnack << QStringLiteral("second CONNACK")
                << protocolError;
            QTest::addRow("%s PUBLISH before CONNACK", tag.constData())
                << version << Violation::PublishBeforeConnack
                << QStringLiteral("PUBLISH before CONNACK") << protocolError;
            QTest::addRow("%s PUBACK for an unknown packet ID", tag.constData())
                << version << Violation::PubackForUnknownId
                << QStringLiteral("PUBACK for packet identifier 42") << protocolError;
            QTest::addRow("%s SUBACK with more codes than filters", tag.constData())
                << version << Violation::SubackWithMoreCodesThanFilters
                << QStringLiteral("2 reason codes for 1 topic filter") << protocolError;
            QTest::addRow("%s session present after a clean start", tag.constData())
                << version << Violation::SessionPresentAfterCleanStart
                << QStringLiteral("session is present") << protocolError;
        }
        // The client announced no Topic Alias Maximum, so the broker may use none.
        QTest::newRow("5.0 Topic Alias") << ProtocolVersion::V5 << Violation::TopicAlias
                                         << QStringLiteral("topic alias") << quint8(0x94);
    }

    void protocolViolationClosesTheConnection()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(Violation, violation);
        QFETCH(QString, problem);
        QFETCH(quint8, disconnectCode);
        FakeBrokerRig &rig = *m_rig;

        // Violations in the broker's answer to CONNECT.
        if (violation == Violation::SessionPresentAfterCleanStart) {
            ConnackPacket connack;
            connack.sessionPresent = true;
            rig.broker.setConnackReply(connack);
        } else if (violation == Violation::PublishBeforeConnack) {
            PublishPacket early;
            early.topic = QStringLiteral("too/early");
            rig.broker.setConnackReply(encodePacket(early, version) +
                                       encodePacket(ConnackPacket{}, version));
        }
        SessionSettings settings = rig.settings(QStringLiteral("violation"), version);
        RIG_VERIFY(rig, rig.open(settings));

        // Violations once connected.
        const bool duringConnect = violation == Violation::SessionPresentAfterCleanStart ||
                                   violation == Violation::PublishBeforeConnack;
        if (!duringConnect)
            RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("connected"), TimeoutMs));
        switch (violation) {
        case Violation::SecondConnack:
            QVERIFY(rig.broker.sendPacket(ConnackPacket{}));
            break;
        case Violation::PubackForUnknownId:
            QVERIFY(rig.broker.sendPacket(AckPacket{PacketType::Puback, 42, 0, {}}));
            break;
        case Violation::SubackWithMoreCodesThanFilters: {
            rig.broker.setAutoAck(false);
            const Session::SendResult sent =
                rig.session.subscribe({Subscription{QStringLiteral("hostile/+"), 1}});
            QVERIFY2(sent.ok, qPrintable(sent.error));
            DecodedPacket subscribe;
            RIG_VERIFY(rig, rig.broker.waitForPacket(PacketType::Subscribe, TimeoutMs, &subscribe));
            const quint16 id = std::get<SubscribePacket>(subscribe.packet).packetId;
            QCOMPARE(id, sent.packetId);
            QVERIFY(rig.broker.sendPacket(SubackPacket{id, {}, {1, 1}}));
            break;
        }
        case Violation::TopicAlias: {
            PublishPacket aliased;
            aliased.topic = QStringLiteral("hostile/alias");
            aliased.properties.setInteger(PropertyId::TopicAlias, 1);
            QVERIFY(rig.broker.sendPacket(aliased));
            break;
        }
        case Violation::PublishBeforeConnack:
        case Violation::SessionPresentAfterCleanStart:
            break;
        }

        RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("error"), TimeoutMs));
        RIG_VERIFY(rig, rig.first(QStringLiteral("error")).text.contains(problem));
        RIG_VERIFY(rig, rig.broker.waitForClientClosed(TimeoutMs));
        QCOMPARE(rig.session.state(), Session::State::Disconnected);
        QCOMPARE(rig.events.count(QStringLiteral("error")), 1);
        RIG_VERIFY(rig, rig.events.messages().isEmpty()); // nothing delivered
        QCOMPARE(rig.events.count(QStringLiteral("reconnecting")), 0);
        if (duringConnect)
            QCOMPARE(rig.events.count(QStringLiteral("connected")), 0);
        const std::optional<DisconnectPacket> disconnect = disconnectReceived(rig.broker);
        if (version == ProtocolVersion::V5) {
            RIG_VERIFY(rig, disconnect.has_value());
            QCOMPARE(disconnect->reasonCode, disconnectCode);
        } else {
            RIG_VERIFY(rig, !disconnect.has_value());
        }
    }

private:
    std::unique_ptr<FakeBrokerRig> m_rig;
};

QTEST_GUILESS_MAIN(SessionHostileBrokerTest)
#include "tst_sessionhostile.moc"
