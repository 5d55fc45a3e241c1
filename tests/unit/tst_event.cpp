// Events: the liveness vocabulary names, summaries, fault names, and that a CONNECT's
// password never survives into an event's bytes, summary or fields.

#include "monitor/event.h"
#include "protocol/codec.h"

#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

Event packetEvent(const Packet &packet, Direction direction,
                  ProtocolVersion version = ProtocolVersion::V5)
{
    Event event;
    event.direction = direction;
    event.packetType = packetType(packet);
    event.version = version;
    event.raw = encodePacketUnchecked(packet, version);
    return event;
}

} // namespace

class TestEvent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void packetEventsAreNamedByMeaning()
    {
        QCOMPARE(packetEvent(PingreqPacket{}, Direction::Sent).name(), QStringLiteral("pingreq"));
        QCOMPARE(packetEvent(PingrespPacket{}, Direction::Received).name(),
                 QStringLiteral("pingresp"));
        QCOMPARE(packetEvent(DisconnectPacket{0x8E, {}}, Direction::Received).name(),
                 QStringLiteral("server-disconnect"));
        // A DISCONNECT we send is just a packet.
        QCOMPARE(packetEvent(DisconnectPacket{}, Direction::Sent).name(), QStringLiteral("packet"));
        PublishPacket publish;
        publish.topic = QStringLiteral("t");
        QCOMPARE(packetEvent(publish, Direction::Received).name(), QStringLiteral("message"));
        QCOMPARE(packetEvent(publish, Direction::Sent).name(), QStringLiteral("packet"));
    }

    void livenessEventsUseTheDesignVocabulary()
    {
        const QList<QPair<EventKind, QString>> expected = {
            {EventKind::Connecting, QStringLiteral("connecting")},
            {EventKind::Connected, QStringLiteral("connected")},
            {EventKind::PingTimeout, QStringLiteral("ping-timeout")},
            {EventKind::ClosedByBroker, QStringLiteral("closed-by-broker")},
            {EventKind::TakenOver, QStringLiteral("taken-over")},
            {EventKind::TakeoverFlapping, QStringLiteral("takeover-flapping")},
            {EventKind::Reconnecting, QStringLiteral("reconnecting")},
            {EventKind::Disconnected, QStringLiteral("disconnected")},
            {EventKind::WillReceived, QStringLiteral("will-received")},
            {EventKind::FaultInjected, QStringLiteral("fault-injected")},
            {EventKind::Error, QStringLiteral("error")},
        };
        for (const auto &[kind, name] : expected) {
            Event event;
            event.kind = kind;
            QCOMPARE(event.name(), name);
        }
    }

    void summariesSayWhatHappened()
    {
        Event pong = packetEvent(PingrespPacket{}, Direction::Received);
        pong.valueNs = 1'500'000;
        QCOMPARE(pong.summary(), QStringLiteral("PINGRESP (RTT 1.5 ms)"));

        Event takeover;
        takeover.kind = EventKind::TakenOver;
        takeover.otherSession = 2;
        takeover.inferred = true;
        QVERIFY(takeover.summary().contains(QStringLiteral("session 2")));
        QVERIFY(takeover.summary().contains(QStringLiteral("inferred")));
        takeover.inferred = false;
        takeover.reasonCode = 0x8E;
        takeover.otherSession = 0;
        QVERIFY(takeover.summary().contains(QStringLiteral("Session taken over")));
        QVERIFY(takeover.summary().contains(QStringLiteral("another client")));

        Event connected;
        connected.kind = EventKind::Connected;
        connected.keepAlive = 10;
        connected.keepAliveFromServer = true;
        QVERIFY(connected.summary().contains(QStringLiteral("10 s")));
        QVERIFY(connected.summary().contains(QStringLiteral("broker")));
    }

    void durationsReadAsPeopleCompareThem()
    {
        QCOMPARE(durationText(240'000), QStringLiteral("0.2 ms"));
        QCOMPARE(durationText(1'460'000), QStringLiteral("1.5 ms"));
        QCOMPARE(durationText(12'340'000), QStringLiteral("12 ms"));
        QCOMPARE(durationText(2'314'000'000), QStringLiteral("2.31 s"));
    }

    void payloadsAreTextOnlyWhenValidUtf8()
    {
        QCOMPARE(payloadText(QByteArrayLiteral("21.5 \xc2\xb0" "C")), QStringLiteral("21.5 \u00b0C"));
        QVERIFY(!payloadText(QByteArray::fromHex("ff00")).has_value());
    }

    void aPublishEventDecodesItsMessage()
    {
        PublishPacket publish;
        publish.topic = QStringLiteral("a/b");
        publish.qos = 1;
        publish.packetId = 3;
        publish.payload = QByteArrayLiteral("x");
        const std::optional<PublishPacket> decoded =
            packetEvent(publish, Direction::Received).publish();
        QVERIFY(decoded.has_value());
        QCOMPARE(*decoded, publish);
        QVERIFY(!packetEvent(PingreqPacket{}, Direction::Sent).publish().has_value());
    }

    void aClientIdWithPlaceholdersIsShownAsIs()
    {
        Event connected;
        connected.kind = EventKind::Connected;
        connected.keepAlive = 7;
        connected.text = QStringLiteral("a%2b%1");
        QVERIFY2(connected.summary().contains(QStringLiteral("\"a%2b%1\"")),
                 qPrintable(connected.summary()));
    }

    void faultNamesRoundTrip()
    {
        for (FaultKind fault : {FaultKind::PausePings, FaultKind::ResumePings, FaultKind::BlackHole,
                                FaultKind::Drop, FaultKind::DisconnectWithWill})
            QCOMPARE(faultFromName(faultName(fault)), fault);
        QCOMPARE(faultFromName(u"explode"), FaultKind::None);
    }

    void passwordsAreMaskedInTheRecordedBytes_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::newRow("3.1.1") << ProtocolVersion::V3_1_1;
        QTest::newRow("5.0") << ProtocolVersion::V5;
    }

    void passwordsAreMaskedInTheRecordedBytes()
    {
        QFETCH(ProtocolVersion, version);
        const QByteArray password = QByteArrayLiteral("hunter2-very-secret");
        ConnectPacket connect;
        connect.protocolVersion = version;
        connect.clientId = QStringLiteral("c");
        connect.userName = QStringLiteral("alice");
        connect.password = password;
        const QByteArray raw = encodePacket(connect, version);
        QVERIFY(raw.contains(password));

        Event event;
        event.packetType = PacketType::Connect;
        event.direction = Direction::Sent;
        event.version = version;
        event.raw = maskSecrets(raw, version);
        QCOMPARE(event.raw.size(), raw.size());
        QVERIFY(!event.raw.contains(password));
        QVERIFY(event.raw.contains(QByteArray(password.size(), '*')));
        QVERIFY(!event.summary().contains(QLatin1String(password)));
        for (const FieldRange &field : event.fields())
            QVERIFY(!field.value.contains(QLatin1String(password)));
        // Everything but the password is kept, so the packet still decodes as before.
        QVERIFY(event.summary().contains(QStringLiteral("user=\"alice\"")));
    }

    void authenticationDataIsMaskedToo()
    {
        ConnectPacket connect;
        connect.protocolVersion = ProtocolVersion::V5;
        connect.clientId = QStringLiteral("c");
        connect.properties.setString(PropertyId::AuthenticationMethod, QStringLiteral("SCRAM"));
        connect.properties.setBinary(PropertyId::AuthenticationData, QByteArrayLiteral("tok3n!"));
        QString error;
        const QByteArray raw = encodePacket(connect, ProtocolVersion::V5, &error);
        QVERIFY2(raw.contains("tok3n!"), qPrintable(error));
        const QByteArray masked = maskSecrets(raw, ProtocolVersion::V5);
        QVERIFY(!masked.contains("tok3n!"));
        QVERIFY(masked.contains("SCRAM"));
    }
};

QTEST_APPLESS_MAIN(TestEvent)
#include "tst_event.moc"
