// Session over TLS against a mosquitto TLS listener with certificates made at run time: a
// verified connection carries MQTT, the wrong CA or a wrong server name fails verification
// with an error that names the problem (and is not retried), "allow insecure" connects and
// lists what it ignored, a listener requiring client certificates takes one and refuses a
// client without, and a missing CA file is caught before connecting.

#include "brokerfixture.h"
#include "eventrecorder.h"
#include "sessiontesthelpers.h"
#include "tlscertificates.h"

#include <QSignalSpy>
#include <QSslError>
#include <QSslSocket>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

constexpr int ConnectTimeoutMs = 5000;

// Certificates made once for the whole run; empty on success, else why TLS cannot be tested.
// What Qt calls "this certificate's issuer is not trusted", in the forms OpenSSL reports it.
QStringList untrustedIssuerTexts()
{
    QStringList texts;
    for (QSslError::SslError error :
         {QSslError::SelfSignedCertificateInChain, QSslError::UnableToGetLocalIssuerCertificate,
          QSslError::UnableToVerifyFirstCertificate})
        texts << QSslError(error).errorString();
    return texts;
}

bool containsAny(const QString &text, const QStringList &parts)
{
    for (const QString &part : parts) {
        if (text.contains(part))
            return true;
    }
    return false;
}

QString errorTexts(const EventRecorder &recorder)
{
    QStringList texts;
    for (const Event &event : recorder.named(QStringLiteral("error")))
        texts << event.text;
    return texts.join(QLatin1Char('\n'));
}

} // namespace

class SessionTlsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { PINGSCOPE_REQUIRE_TLS(m_tls); }

    void verifiedConnectionCarriesAQos1Message()
    {
        BrokerFixture broker(m_tls.mosquittoTlsListenerConfig());
        PINGSCOPE_REQUIRE_BROKER(broker);
        Session session;
        session.setSettings(tlsSettings(broker, QStringLiteral("tls-verified")));
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        QVERIFY2(recorder.waitFor(QStringLiteral("connected"), ConnectTimeoutMs),
                 qPrintable(recorder.dump() + broker.log()));
        QVERIFY(recorder.named(QStringLiteral("connecting"))
                    .first()
                    .text.contains(QStringLiteral("TLS")));
        QVERIFY2(session.ignoredTlsErrors().isEmpty(),
                 qPrintable(session.ignoredTlsErrors().join(QLatin1Char('\n'))));

        const QString topic = QStringLiteral("pingscope/test/tls/") + session.clientId();
        QSignalSpy subscribed(&session, &Session::subscribeCompleted);
        QVERIFY(session.subscribe({Subscription{topic, 1}}).ok);
        QVERIFY2(subscribed.wait(ConnectTimeoutMs), qPrintable(recorder.dump()));
        QSignalSpy completed(&session, &Session::publishCompleted);
        PublishPacket message;
        message.topic = topic;
        message.qos = 1;
        message.payload = QByteArrayLiteral("over TLS");
        const Session::SendResult sent = session.publish(message);
        QVERIFY2(sent.ok, qPrintable(sent.error));
        QVERIFY2(recorder.waitForMessages(1, ConnectTimeoutMs), qPrintable(recorder.dump()));
        QCOMPARE(recorder.messages().first().payload, message.payload);
        QCOMPARE(recorder.messages().first().qos, quint8(1));
        QVERIFY2(!completed.isEmpty() || completed.wait(ConnectTimeoutMs),
                 qPrintable(recorder.dump()));
        QCOMPARE(completed.first().at(0).value<quint16>(), sent.packetId);
        QVERIFY(completed.first().at(1).value<quint8>() < 0x80);
        QCOMPARE(recorder.count(QStringLiteral("error")), 0);
    }

    void wrongCaFailsVerificationAndIsNotRetried()
    {
        BrokerFixture broker(m_tls.mosquittoTlsListenerConfig());
        PINGSCOPE_REQUIRE_BROKER(broker);
        Session session;
        SessionSettings settings = tlsSettings(broker, QStringLiteral("tls-wrong-ca"));
        settings.tls.caFile = m_tls.otherCaCertificateFile();
        session.setSettings(settings);
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        QVERIFY2(recorder.waitFor(QStringLiteral("disconnected"), ConnectTimeoutMs),
                 qPrintable(recorder.dump()));
        QCOMPARE(recorder.count(QStringLiteral("error")), 1);
        const QString error = errorTexts(recorder);
        QVERIFY2(error.contains(QStringLiteral("TLS verification failed")), qPrintable(error));
        QVERIFY2(containsAny(error, untrustedIssuerTexts()), qPrintable(error));
        // It names the certificate too (here our CA, which mosquitto sends with its own).
        QVERIFY2(error.contains(QStringLiteral("(certificate \"")), qPrintable(error));
        expectNoRetry(session, recorder);
    }

    void allowInsecureConnectsAndListsWhatItIgnored()
    {
        BrokerFixture broker(m_tls.mosquittoTlsListenerConfig());
        PINGSCOPE_REQUIRE_BROKER(broker);
        Session session;
        SessionSettings settings = tlsSettings(broker, QStringLiteral("tls-insecure"));
        settings.tls.caFile = m_tls.otherCaCertificateFile();
        settings.tls.allowInsecure = true;
        session.setSettings(settings);
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        QVERIFY2(recorder.waitFor(QStringLiteral("connected"), ConnectTimeoutMs),
                 qPrintable(recorder.dump()));
        const QString ignored = session.ignoredTlsErrors().join(QLatin1Char('\n'));
        QVERIFY2(containsAny(ignored, untrustedIssuerTexts()), qPrintable(ignored));
        QCOMPARE(recorder.count(QStringLiteral("error")), 0);
    }

    void serverNameIsWhatIsVerified_data()
    {
        QTest::addColumn<QString>("serverName");
        QTest::addColumn<bool>("connects");
        QTest::newRow("localhost") << QStringLiteral("localhost") << true;
        QTest::newRow("wrong name") << QStringLiteral("broker.pingscope.invalid") << false;
    }

    void serverNameIsWhatIsVerified()
    {
        QFETCH(QString, serverName);
        QFETCH(bool, connects);
        BrokerFixture broker(m_tls.mosquittoTlsListenerConfig());
        PINGSCOPE_REQUIRE_BROKER(broker);
        Session session;
        SessionSettings settings = tlsSettings(broker, connects ? QStringLiteral("tls-sni-ok")
                                                                : QStringLiteral("tls-sni-wrong"));
        QCOMPARE(settings.host, QStringLiteral("127.0.0.1"));
        settings.tls.serverName = serverName;
        session.setSettings(settings);
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        QVERIFY2(recorder.waitUntil(
                     [&] {
                         return recorder.count(QStringLiteral("connected")) +
                                    recorder.count(QStringLiteral("disconnected")) >
                                0;
                     },
                     ConnectTimeoutMs),
                 qPrintable(recorder.dump()));
        QCOMPARE(session.isConnected(), connects);
        if (connects) {
            QCOMPARE(recorder.count(QStringLiteral("error")), 0);
            return;
        }
        const QString error = errorTexts(recorder);
        QVERIFY2(error.contains(QStringLiteral("TLS verification failed")), qPrintable(error));
        QVERIFY2(error.contains(QSslError(QSslError::HostNameMismatch).errorString()),
                 qPrintable(error));
        expectNoRetry(session, recorder);
    }

    void requiredClientCertificateIsSent()
    {
        BrokerFixture broker(
            m_tls.mosquittoTlsListenerConfig(TlsCertificates::ClientCertificates::Required));
        PINGSCOPE_REQUIRE_BROKER(broker);
        Session session;
        SessionSettings settings = tlsSettings(broker, QStringLiteral("tls-client-cert"));
        settings.tls.certificateFile = m_tls.clientCertificateFile();
        settings.tls.keyFile = m_tls.clientKeyFile();
        session.setSettings(settings);
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        QVERIFY2(recorder.waitFor(QStringLiteral("connected"), ConnectTimeoutMs),
                 qPrintable(recorder.dump() + broker.log()));
        QVERIFY(session.pingNow());
        QVERIFY2(recorder.waitFor(QStringLiteral("pingresp"), ConnectTimeoutMs),
                 qPrintable(recorder.dump()));
        QCOMPARE(recorder.count(QStringLiteral("error")), 0);
    }

    void missingClientCertificateIsRefused()
    {
        BrokerFixture broker(
            m_tls.mosquittoTlsListenerConfig(TlsCertificates::ClientCertificates::Required));
        PINGSCOPE_REQUIRE_BROKER(broker);
        Session session;
        session.setSettings(tlsSettings(broker, QStringLiteral("tls-no-client-cert")));
        EventRecorder recorder(session);
        QVERIFY(session.open().isEmpty());
        // Under TLS 1.3 the client's handshake ends before the broker has judged the missing
        // certificate: the refusal arrives as an alert that ends the link right after it
        // opened, before any CONNACK.
        QVERIFY2(recorder.waitFor(QStringLiteral("disconnected"), ConnectTimeoutMs),
                 qPrintable(recorder.dump()));
        QCOMPARE(recorder.count(QStringLiteral("connected")), 0);
        QVERIFY2(recorder.count(QStringLiteral("error")) == 1, qPrintable(recorder.dump()));
        const QString error = errorTexts(recorder);
        QVERIFY2(error.contains(QStringLiteral("certificate")), qPrintable(error));
        expectNoRetry(session, recorder);
    }

    void missingCaFileIsCaughtBeforeConnecting()
    {
        Session session;
        SessionSettings settings;
        settings.port = 8883;
        settings.tls.enabled = true;
        settings.tls.caFile = m_tls.directory() + QStringLiteral("/no-such-ca.pem");
        session.setSettings(settings);
        EventRecorder recorder(session);
        const QList<SettingsProblem> problems = session.open();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().field, QStringLiteral("CA certificate"));
        QVERIFY2(problems.first().message.contains(QStringLiteral("no-such-ca.pem")),
                 qPrintable(problems.first().message));
        QVERIFY2(problems.first().message.contains(QStringLiteral("does not exist")),
                 qPrintable(problems.first().message));
        QCOMPARE(session.state(), Session::State::Disconnected);
        QVERIFY(recorder.events().isEmpty());
    }

private:
    // Settings for a verified TLS session to `broker`: our CA, the address 127.0.0.1 (in the
    // server certificate's subjectAltName), quick reconnects so that a retry would show.
    SessionSettings tlsSettings(BrokerFixture &broker, const QString &tag) const
    {
        SessionSettings settings = sessionSettingsFor(broker, tag, 30);
        settings.tls.enabled = true;
        settings.tls.caFile = m_tls.caCertificateFile();
        settings.reconnect = ReconnectSettings{true, 100, 400, 0.2, false};
        return settings;
    }

    // A first connection that failed is reported, not retried: nothing is scheduled, and in
    // five times the first reconnect delay no second attempt starts.
    static void expectNoRetry(Session &session, EventRecorder &recorder)
    {
        QCOMPARE(session.state(), Session::State::Disconnected);
        QVERIFY2(!session.isReconnectPending(), qPrintable(recorder.dump()));
        QCOMPARE(recorder.count(QStringLiteral("reconnecting")), 0);
        QVERIFY2(!recorder.waitForCount(QStringLiteral("connecting"), 2, 500),
                 qPrintable(recorder.dump()));
    }

    TlsCertificates m_tls;
};

QTEST_GUILESS_MAIN(SessionTlsTest)
#include "tst_sessiontls.moc"
