// The test fixtures themselves: FakeBroker does what it is scripted to do, and the
// certificates TlsCertificates makes turn a local mosquitto into a TLS broker that a client
// trusting the right CA verifies and one trusting another CA refuses.

#include "brokerfixture.h"
#include "fakebroker.h"
#include "hexbytes.h"
#include "packetprinting.h"
#include "protocol/codec.h"
#include "protocol/streamdecoder.h"
#include "tlscertificates.h"

#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

using namespace PingScope::Protocol;

namespace {

constexpr int NetworkTimeoutMs = 5000;

QString uniqueClientId(const char *tag)
{
    return QStringLiteral("pingscope-fixtures-%1-%2")
        .arg(QLatin1String(tag))
        .arg(QCoreApplication::applicationPid());
}

// Certificates made once for the whole run; empty on success, else why TLS cannot be tested.
StreamDecoder clientDecoder(ProtocolVersion version)
{
    DecodeOptions options;
    options.version = version;
    options.sender = Sender::Server;
    return StreamDecoder(options);
}

// The next packet the server sends, read while the event loop runs (or nothing in time).
std::optional<DecodedPacket> readPacket(QTcpSocket &socket, StreamDecoder &decoder)
{
    std::optional<DecodedPacket> packet;
    const bool settled = QTest::qWaitFor(
        [&] {
            decoder.feed(socket.readAll());
            packet = decoder.next();
            return packet || decoder.hasError() ||
                   socket.state() == QAbstractSocket::UnconnectedState;
        },
        NetworkTimeoutMs);
    return settled ? packet : std::nullopt;
}

QByteArray connectBytes(ProtocolVersion version, const char *tag)
{
    ConnectPacket connect;
    connect.protocolVersion = version;
    connect.clientId = uniqueClientId(tag);
    connect.keepAlive = 30;
    return encodePacket(connect, version);
}

bool connectTcp(QTcpSocket &socket, const QString &host, quint16 port)
{
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    socket.connectToHost(host, port);
    return connected.wait(NetworkTimeoutMs);
}

} // namespace

class SupportFixturesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fakeBrokerAnswersConnectAndPing()
    {
        FakeBroker broker;
        QVERIFY2(broker.listen(), qPrintable(broker.errorString()));
        QVERIFY(broker.port() != 0);
        // 5.0 CONNACK: success, Server Keep Alive (0x13) = 0, which mosquitto never sends.
        const QByteArray connack = hexBytes("20 06 | 00 00 | 03 13 00 00");
        broker.setConnackReply(connack);
        QSignalSpy connected(&broker, &FakeBroker::clientConnected);
        QSignalSpy received(&broker, &FakeBroker::packetReceived);
        QSignalSpy disconnected(&broker, &FakeBroker::clientDisconnected);

        QTcpSocket socket;
        QVERIFY(connectTcp(socket, broker.host(), broker.port()));
        QVERIFY(broker.waitForConnections(1, NetworkTimeoutMs));
        socket.write(connectBytes(ProtocolVersion::V5, "scripted"));
        StreamDecoder decoder = clientDecoder(ProtocolVersion::V5);
        const auto reply = readPacket(socket, decoder);
        QVERIFY2(reply, qPrintable(decoder.error().message));
        QCOMPARE(reply->raw, connack);
        const auto &decodedConnack = std::get<ConnackPacket>(reply->packet);
        QCOMPARE(decodedConnack.properties.integer(PropertyId::ServerKeepAlive),
                 std::optional<quint32>(0));

        DecodedPacket connect;
        QVERIFY(broker.waitForPacket(PacketType::Connect, NetworkTimeoutMs, &connect));
        QCOMPARE(std::get<ConnectPacket>(connect.packet).clientId, uniqueClientId("scripted"));
        QCOMPARE(broker.connectionVersion(), ProtocolVersion::V5);

        socket.write(hexBytes("C0 00"));
        const auto pong = readPacket(socket, decoder);
        QVERIFY(pong);
        QCOMPARE(pong->raw, hexBytes("D0 00"));
        QVERIFY(broker.waitForPacket(PacketType::Pingreq, NetworkTimeoutMs));
        // Each wait consumes one packet: there was only one PINGREQ.
        QVERIFY(!broker.waitForPacket(PacketType::Pingreq, 0));
        QCOMPARE(broker.receivedPackets().size(), 2);
        QVERIFY(!broker.decodeError().isError());

        QSignalSpy gone(&socket, &QTcpSocket::disconnected);
        broker.closeClient();
        QVERIFY(gone.wait(NetworkTimeoutMs));
        QVERIFY(broker.waitForClientClosed(NetworkTimeoutMs));
        QCOMPARE(connected.size(), 1);
        QCOMPARE(received.size(), 2);
        QCOMPARE(received.at(1).at(0).value<DecodedPacket>().type(), PacketType::Pingreq);
        QCOMPARE(disconnected.size(), 1);
    }

    // A CONNACK given as a packet is encoded in the CONNECT's version; flows are acknowledged.
    void fakeBrokerRefusesAndAcknowledgesInClientVersion()
    {
        FakeBroker broker;
        QVERIFY(broker.listen());
        ConnackPacket refusal;
        refusal.reasonCode = 5; // 3.1.1: not authorized
        broker.setConnackReply(refusal);

        QTcpSocket socket;
        QVERIFY(connectTcp(socket, broker.host(), broker.port()));
        socket.write(connectBytes(ProtocolVersion::V3_1_1, "refused"));
        StreamDecoder decoder = clientDecoder(ProtocolVersion::V3_1_1);
        const auto reply = readPacket(socket, decoder);
        QVERIFY2(reply, qPrintable(decoder.error().message));
        QCOMPARE(reply->raw, hexBytes("20 02 00 05"));
        QCOMPARE(broker.connectionVersion(), ProtocolVersion::V3_1_1);

        SubscribePacket subscribe;
        subscribe.packetId = 7;
        subscribe.subscriptions = {Subscription{QStringLiteral("a/#"), 1},
                                   Subscription{QStringLiteral("b"), 2}};
        socket.write(encodePacket(subscribe, ProtocolVersion::V3_1_1));
        const auto suback = readPacket(socket, decoder);
        QVERIFY(suback);
        QCOMPARE(suback->raw, hexBytes("90 04 00 07 01 02"));

        PublishPacket publish;
        publish.qos = 2;
        publish.topic = QStringLiteral("a/b");
        publish.packetId = 9;
        socket.write(encodePacket(publish, ProtocolVersion::V3_1_1));
        const auto pubrec = readPacket(socket, decoder);
        QVERIFY(pubrec);
        QCOMPARE(pubrec->raw, hexBytes("50 02 00 09"));
    }

    void fakeBrokerRecordsMalformedBytes()
    {
        FakeBroker broker;
        QVERIFY(broker.listen());
        QTcpSocket socket;
        QVERIFY(connectTcp(socket, broker.host(), broker.port()));
        QSignalSpy failed(&broker, &FakeBroker::decodeFailed);
        QSignalSpy gone(&socket, &QTcpSocket::disconnected);
        // PINGREQ with a reserved flag bit set [MQTT-2.2.2-2].
        socket.write(hexBytes("C1 00"));
        QVERIFY(broker.waitForDecodeError(NetworkTimeoutMs));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(broker.decodeError().code, DecodeErrorCode::InvalidFixedHeaderFlags);
        QCOMPARE(broker.receivedBytes(), hexBytes("C1 00"));
        QVERIFY(broker.receivedPackets().isEmpty());
        // Like a real broker, it closes a connection whose bytes are malformed.
        QVERIFY(gone.wait(NetworkTimeoutMs));
    }

    void fakeBrokerNeverAnswersWhenScriptedSo()
    {
        FakeBroker broker;
        QVERIFY(broker.listen());
        broker.setConnackReply(QByteArray());
        QTcpSocket socket;
        QVERIFY(connectTcp(socket, broker.host(), broker.port()));
        socket.write(connectBytes(ProtocolVersion::V5, "silent"));
        QVERIFY(broker.waitForPacket(PacketType::Connect, NetworkTimeoutMs));
        // Bounded on purpose: a reply would already be in flight when the CONNECT was seen.
        QSignalSpy readable(&socket, &QTcpSocket::readyRead);
        QVERIFY(!readable.wait(200));
        QCOMPARE(socket.bytesAvailable(), 0);
    }

    void fakeBrokerReplacesOldConnection()
    {
        FakeBroker broker;
        QVERIFY(broker.listen());
        QTcpSocket first;
        QVERIFY(connectTcp(first, broker.host(), broker.port()));
        QVERIFY(broker.waitForConnections(1, NetworkTimeoutMs));
        QSignalSpy firstGone(&first, &QTcpSocket::disconnected);
        QTcpSocket second;
        QVERIFY(connectTcp(second, broker.host(), broker.port()));
        QVERIFY(broker.waitForConnections(2, NetworkTimeoutMs));
        QVERIFY(firstGone.wait(NetworkTimeoutMs));
        QCOMPARE(broker.connectionCount(), 2);
        QVERIFY(broker.hasClient());
        QVERIFY(broker.send(hexBytes("E0 01 8E"))); // 5.0 DISCONNECT Session taken over
        QSignalSpy readable(&second, &QTcpSocket::readyRead);
        QVERIFY(readable.wait(NetworkTimeoutMs));
        QCOMPARE(second.readAll(), hexBytes("E0 01 8E"));
    }

    void tlsListenerVerifiesWithTheRightCa()
    {
        PINGSCOPE_REQUIRE_TLS(m_tls);
        BrokerFixture broker(m_tls.mosquittoTlsListenerConfig());
        PINGSCOPE_REQUIRE_BROKER(broker);

        QSslSocket socket;
        const auto outcome = handshake(socket, broker.port(), m_tls.caCertificateFile());
        QVERIFY2(outcome.isEmpty(), qPrintable(outcome + QStringLiteral("\n") + broker.log()));
        QCOMPARE(socket.peerCertificate().subjectInfo(QSslCertificate::CommonName),
                 QStringList{TlsCertificates::serverCommonName()});
        verifyMqttWorks(socket, "tls");
    }

    void tlsListenerFailsWithTheWrongCa()
    {
        PINGSCOPE_REQUIRE_TLS(m_tls);
        BrokerFixture broker(m_tls.mosquittoTlsListenerConfig());
        PINGSCOPE_REQUIRE_BROKER(broker);

        QSslSocket socket;
        const auto outcome = handshake(socket, broker.port(), m_tls.otherCaCertificateFile());
        QVERIFY2(!outcome.isEmpty(), "the handshake succeeded against an unrelated CA");
        QVERIFY(!socket.isEncrypted());
        bool untrustedIssuer = false;
        for (const QSslError &error : socket.sslHandshakeErrors()) {
            // Which one depends on whether the server sends its CA along (OpenSSL builds the
            // chain from mosquitto's cafile, so it does): either way, not trusted.
            untrustedIssuer |= error.error() == QSslError::SelfSignedCertificateInChain ||
                               error.error() == QSslError::UnableToGetLocalIssuerCertificate ||
                               error.error() == QSslError::UnableToVerifyFirstCertificate;
        }
        QVERIFY2(untrustedIssuer, qPrintable(outcome));
    }

    void tlsListenerRequiringClientCertificates()
    {
        PINGSCOPE_REQUIRE_TLS(m_tls);
        BrokerFixture broker(
            m_tls.mosquittoTlsListenerConfig(TlsCertificates::ClientCertificates::Required));
        PINGSCOPE_REQUIRE_BROKER(broker);

        QSslSocket withCertificate;
        const auto certificates = QSslCertificate::fromPath(m_tls.clientCertificateFile());
        QCOMPARE(certificates.size(), 1);
        withCertificate.setLocalCertificate(certificates.first());
        QFile keyFile(m_tls.clientKeyFile());
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QSslKey key(&keyFile, QSsl::Ec);
        QVERIFY(!key.isNull());
        withCertificate.setPrivateKey(key);
        const auto outcome = handshake(withCertificate, broker.port(), m_tls.caCertificateFile());
        QVERIFY2(outcome.isEmpty(), qPrintable(outcome + QStringLiteral("\n") + broker.log()));
        verifyMqttWorks(withCertificate, "tls-client-cert");
        if (QTest::currentTestFailed())
            return;

        // Without one, mosquitto refuses. Under TLS 1.3 the client finishes its half of the
        // handshake before the server has judged the (missing) certificate, so the refusal may
        // only show as the connection closing: either way, no MQTT gets through.
        QSslSocket without;
        handshake(without, broker.port(), m_tls.caCertificateFile());
        without.write(connectBytes(ProtocolVersion::V5, "tls-no-client-cert"));
        StreamDecoder decoder = clientDecoder(ProtocolVersion::V5);
        QVERIFY(!readPacket(without, decoder));
        QCOMPARE(without.state(), QAbstractSocket::UnconnectedState);
    }

private:
    // Connects with TLS trusting only `caFile`. Empty on success, else what went wrong.
    static QString handshake(QSslSocket &socket, quint16 port, const QString &caFile)
    {
        QSslConfiguration configuration = socket.sslConfiguration();
        configuration.setCaCertificates(QSslCertificate::fromPath(caFile));
        socket.setSslConfiguration(configuration);
        QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
        QSignalSpy failed(&socket, &QAbstractSocket::errorOccurred);
        // Verified against the IP address SAN: what a user typing 127.0.0.1 gets.
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        if (!QTest::qWaitFor([&] { return !encrypted.isEmpty() || !failed.isEmpty(); },
                             NetworkTimeoutMs))
            return QStringLiteral("neither a TLS session nor an error within %1 ms")
                .arg(NetworkTimeoutMs);
        if (!encrypted.isEmpty())
            return QString();
        QStringList errors;
        for (const QSslError &error : socket.sslHandshakeErrors())
            errors << error.errorString();
        return QStringLiteral("no TLS session: %1 [%2]")
            .arg(socket.errorString(), errors.join(QStringLiteral("; ")));
    }

    static void verifyMqttWorks(QSslSocket &socket, const char *tag)
    {
        socket.write(connectBytes(ProtocolVersion::V5, tag));
        StreamDecoder decoder = clientDecoder(ProtocolVersion::V5);
        const auto reply = readPacket(socket, decoder);
        QVERIFY2(reply, qPrintable(decoder.error().message));
        QCOMPARE(reply->type(), PacketType::Connack);
        QCOMPARE(std::get<ConnackPacket>(reply->packet).reasonCode, quint8(0));
    }

    TlsCertificates m_tls;
};

QTEST_GUILESS_MAIN(SupportFixturesTest)
#include "tst_supportfixtures.moc"
