// A Session against a FakeBroker that breaks the rules, before its CONNACK and after it:
// packets that cannot be parsed or break a rule of the encoding (PUBLISH with QoS 3, a remaining
// length of 5 bytes, a declared length of 256 MiB, a topic with U+0000 or invalid UTF-8, a 5.0
// property repeated, a server DISCONNECT with a client-only reason code, AUTH or 5.0 properties
// on a 3.1.1 session) and protocol violations (a second CONNACK, PUBLISH before CONNACK,
// PUBACK for an unknown packet ID, a SUBACK with more codes than filters, a 5.0 Topic Alias
// the client never allowed, session present after a clean start). Each must give exactly one
// "error" event naming the problem and close the connection, after DISCONNECT with the right
// reason code in 5.0 (5.0 section 4.13) and without one in 3.1.1. Meanwhile a bystander
// session on a real mosquitto, on the same thread, must not notice a thing.
//
// Byte streams split, cut short, or 100,000 packets long: tst_sessionhostilestream.cpp.

#include "bystander.h"
#include "fakebrokertest.h"
#include "hexbytes.h"
#include "hostilebroker.h"
#include "protocol/codec.h"
#include "protocol/reasoncodes.h"

#include <QTest>

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

// A PUBLISH (QoS 0, payload "x") whose topic is `topic` as it stands, valid or not.
QByteArray publishWithTopicBytes(const QByteArray &topic, ProtocolVersion version)
{
    QByteArray body;
    body.append(char(topic.size() >> 8)).append(char(topic.size() & 0xFF)).append(topic);
    if (version == ProtocolVersion::V5)
        body.append('\0'); // no properties
    body.append('x');
    return QByteArray(1, char(0x30)) + char(body.size()) + body;
}

} // namespace

class SessionHostileBrokerTest : public FakeBrokerTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        PINGSCOPE_REQUIRE_BROKER(m_bystander.broker);
        const QString problem = m_bystander.connect();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanup()
    {
        cleanupRig();
        BYSTANDER_VERIFY(m_bystander);
    }

    // Each case takes well under a second: at the end, the bystander shows it still pings.
    void cleanupTestCase()
    {
        QVERIFY(m_bystander.waitForMorePings());
        BYSTANDER_VERIFY(m_bystander);
    }

    void malformedPacketClosesTheConnection_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::addColumn<Phase>("phase");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<quint8>("disconnectCode"); // 5.0 only
        const quint8 malformed = ReasonCode::MalformedPacket;
        const quint8 protocolError = ReasonCode::ProtocolError;
        for (const ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            const bool v5 = version == ProtocolVersion::V5;
            for (const Phase phase : {Phase::BeforeConnack, Phase::AfterConnack}) {
                const QByteArray tag = protocolVersionName(version).toLatin1() +
                                       (phase == Phase::BeforeConnack ? " before" : " after") +
                                       " CONNACK:";
                const auto row = [&](const char *name, const QByteArray &bytes, const char *problem,
                                     quint8 code) {
                    QTest::addRow("%s %s", tag.constData(), name)
                        << version << phase << bytes << QString::fromUtf8(problem) << code;
                };
                // [MQTT-3.3.1-4]: QoS bits 11 do not exist.
                row("PUBLISH QoS 3", hexBytes("36 05 00 01 74 00 01"), "QoS 3", malformed);
                // A variable byte integer has at most 4 bytes; this one continues into a fifth.
                row("5-byte remaining length", hexBytes("30 80 80 80 80 01"), "remaining length",
                    malformed);
                // 268,435,455 bytes declared (256 MiB): refused at the header, never buffered.
                row("256 MiB declared", hexBytes("30 FF FF FF 7F 00 01 74"),
                    "exceeds the maximum packet size of 16777216 bytes",
                    ReasonCode::PacketTooLarge);
                // [MQTT-1.5.4-2] / 3.1.1 [MQTT-1.5.3-2]
                row("topic with U+0000", publishWithTopicBytes(QByteArray("a\0b", 3), version),
                    "U+0000", malformed);
                // C3 starts a 2-byte sequence; 28 is no continuation byte.
                row("topic with invalid UTF-8", publishWithTopicBytes("a\xC3\x28", version),
                    "not well-formed UTF-8", malformed);
                if (v5) {
                    // 5.0 section 2.2.2.2: a single-valued property given twice.
                    row("property repeated",
                        phase == Phase::BeforeConnack
                            ? hexBytes("20 07 00 00 04 24 01 24 01")        // Maximum QoS twice
                            : hexBytes("30 09 00 01 74 04 01 00 01 00 78"), // Payload Format
                        "more than once", protocolError);
                    // 0x04 "Disconnect with Will Message" is the client's to send.
                    row("DISCONNECT with a client-only reason code", hexBytes("E0 01 04"),
                        "only a client sends", protocolError);
                } else {
                    // Packet type 15 (AUTH) exists only in 5.0.
                    row("5.0 AUTH", hexBytes("F0 00"), "packet type 15 is reserved", malformed);
                    // A 5.0 reason code and property length, where 3.1.1 has nothing more.
                    row("5.0 properties",
                        phase == Phase::BeforeConnack ? hexBytes("20 03 00 00 00")
                                                      : hexBytes("40 04 00 01 10 00"),
                        "after its last field", malformed);
                }
            }
        }
    }

    void malformedPacketClosesTheConnection()
    {
        QFETCH(ProtocolVersion, version);
        QFETCH(Phase, phase);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        QFETCH(quint8, disconnectCode);
        FakeBrokerRig &rig = this->rig();
        const SessionSettings settings = rig.settings(QStringLiteral("malformed"), version);
        if (phase == Phase::BeforeConnack) {
            rig.broker.setConnackReply(bytes);
            RIG_VERIFY(rig, rig.open(settings));
        } else {
            RIG_VERIFY(rig, rig.openConnected(settings));
            QVERIFY(rig.broker.send(bytes));
        }
        RIG_VERIFY(rig, rig.events.waitFor(QStringLiteral("error"), TimeoutMs));

        const QString error = rig.first(QStringLiteral("error")).text;
        RIG_VERIFY(rig, error.contains(problem));
        RIG_VERIFY(rig, rig.broker.waitForClientClosed(TimeoutMs));
        QCOMPARE(rig.session.state(), Session::State::Disconnected);
        QCOMPARE(rig.events.count(QStringLiteral("error")), 1);
        QCOMPARE(rig.events.count(QStringLiteral("reconnecting")), 0);
        RIG_VERIFY(rig, rig.events.messages().isEmpty()); // nothing delivered
        if (phase == Phase::BeforeConnack)
            QCOMPARE(rig.events.count(QStringLiteral("connected")), 0);
        const std::optional<DisconnectPacket> disconnect = disconnectReceived(rig.broker);
        if (version == ProtocolVersion::V5) {
            RIG_VERIFY(rig, disconnect.has_value());
            QCOMPARE(disconnect->reasonCode, disconnectCode);
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
        FakeBrokerRig &rig = this->rig();

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
    Bystander m_bystander;
};

QTEST_GUILESS_MAIN(SessionHostileBrokerTest)
#include "tst_sessionhostile.moc"
