// The codec against a real broker: an encoded CONNECT goes to mosquitto over a plain
// QTcpSocket, and the CONNACK that comes back is decoded, for MQTT 3.1, 3.1.1 and 5.0.

#include "brokerfixture.h"
#include "packetprinting.h"
#include "protocol/codec.h"
#include "protocol/streamdecoder.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace PingScope::Protocol;

namespace {

constexpr int NetworkTimeoutMs = 5000;

QString uniqueClientId(const char *tag)
{
    return QStringLiteral("pingscope-smoke-%1-%2")
        .arg(QLatin1String(tag))
        .arg(QCoreApplication::applicationPid());
}

// Sends `request` and reads until the decoder yields one packet (or fails, or time runs out).
std::optional<DecodedPacket> exchange(QTcpSocket &socket, StreamDecoder &decoder,
                                      const QByteArray &request)
{
    socket.write(request);
    QDeadlineTimer deadline(NetworkTimeoutMs);
    while (!deadline.hasExpired()) {
        if (auto packet = decoder.next())
            return packet;
        if (decoder.hasError() || socket.state() != QAbstractSocket::ConnectedState)
            return std::nullopt;
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(deadline.remainingTime())))
            return std::nullopt;
        decoder.feed(socket.readAll());
    }
    return std::nullopt;
}

} // namespace

class BrokerSmokeTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        PINGSCOPE_REQUIRE_BROKER(m_broker);
        qInfo("mosquitto %s on %s:%u", qPrintable(m_broker.version()), qPrintable(m_broker.host()),
              m_broker.port());
    }

    void connectAndDecodeConnack_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::newRow("3.1") << ProtocolVersion::V3_1;
        QTest::newRow("3.1.1") << ProtocolVersion::V3_1_1;
        QTest::newRow("5.0") << ProtocolVersion::V5;
    }

    void connectAndDecodeConnack()
    {
        QFETCH(ProtocolVersion, version);
        QTcpSocket socket;
        socket.connectToHost(m_broker.host(), m_broker.port());
        QVERIFY2(socket.waitForConnected(NetworkTimeoutMs), qPrintable(socket.errorString()));

        ConnectPacket connect;
        connect.protocolVersion = version;
        connect.clientId = uniqueClientId(QTest::currentDataTag());
        connect.keepAlive = 30;
        if (version == ProtocolVersion::V5)
            connect.properties.setInteger(PropertyId::ReceiveMaximum, 100);
        QString error;
        const QByteArray bytes = encodePacket(connect, version, &error);
        QVERIFY2(!bytes.isEmpty(), qPrintable(error));

        DecodeOptions options;
        options.version = version;
        options.sender = Sender::Server;
        StreamDecoder decoder(options);
        const auto reply = exchange(socket, decoder, bytes);
        QVERIFY2(reply,
                 qPrintable(decoder.hasError()
                                ? decoder.error().message
                                : QStringLiteral("no CONNACK in time; log:\n") + m_broker.log()));
        QCOMPARE(reply->type(), PacketType::Connack);
        const auto &connack = std::get<ConnackPacket>(reply->packet);
        QCOMPARE(connack.reasonCode, quint8(0));
        QVERIFY(!connack.sessionPresent); // clean session: nothing to resume

        // The keep-alive loop the rest of PingScope is built on: C0 00 -> D0 00.
        const auto pong = exchange(socket, decoder, encodePacket(PingreqPacket{}, version));
        QVERIFY2(pong, "no PINGRESP in time");
        QCOMPARE(pong->raw, QByteArray::fromHex("d000"));
        QCOMPARE(pong->type(), PacketType::Pingresp);

        socket.write(encodePacket(DisconnectPacket{}, version));
        QVERIFY(socket.waitForDisconnected(NetworkTimeoutMs)); // the broker closes after DISCONNECT
    }

    // 5.0 has the broker tell the client about itself: mosquitto sends at least
    // Topic Alias Maximum and Receive Maximum; whatever it sends must decode strictly.
    void v5ConnackPropertiesDecodeStrictly()
    {
        QTcpSocket socket;
        socket.connectToHost(m_broker.host(), m_broker.port());
        QVERIFY(socket.waitForConnected(NetworkTimeoutMs));
        ConnectPacket connect;
        connect.protocolVersion = ProtocolVersion::V5;
        connect.clientId = QString(); // 5.0: the broker assigns one
        DecodeOptions options;
        options.sender = Sender::Server;
        options.recordFields = true;
        StreamDecoder decoder(options);
        const auto reply = exchange(socket, decoder, encodePacket(connect, ProtocolVersion::V5));
        QVERIFY2(reply, qPrintable(decoder.error().message));
        const auto &connack = std::get<ConnackPacket>(reply->packet);
        QCOMPARE(connack.reasonCode, quint8(0));
        const auto assigned = connack.properties.string(PropertyId::AssignedClientIdentifier);
        QVERIFY2(assigned && !assigned->isEmpty(), "no Assigned Client Identifier for an empty ID");
        QVERIFY(!reply->fields.isEmpty());
    }

private:
    BrokerFixture m_broker;
};

QTEST_GUILESS_MAIN(BrokerSmokeTest)
#include "tst_brokersmoke.moc"
