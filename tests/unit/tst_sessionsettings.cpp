// Settings validation before connecting: each bad value gives one problem naming its field,
// and the CONNECT built from good settings carries exactly what was asked for.

#include "protocol/codec.h"
#include "session/sessionsettings.h"

#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

QStringList fieldsOf(const QList<SettingsProblem> &problems)
{
    QStringList fields;
    for (const SettingsProblem &problem : problems)
        fields << problem.field;
    return fields;
}

SessionSettings validSettings()
{
    SessionSettings s;
    s.clientId = QStringLiteral("pingscope-test");
    return s;
}

} // namespace

class TestSessionSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreValid() { QVERIFY(validateSettings(validSettings()).isEmpty()); }

    void oneProblemPerBadField_data()
    {
        QTest::addColumn<int>("keepAlive");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("field");
        QTest::newRow("keep-alive 70000") << 70000 << 1883 << QStringLiteral("Keep-alive");
        QTest::newRow("keep-alive -1") << -1 << 1883 << QStringLiteral("Keep-alive");
        QTest::newRow("port 0") << 60 << 0 << QStringLiteral("Port");
        QTest::newRow("port 65536") << 60 << 65536 << QStringLiteral("Port");
    }

    void oneProblemPerBadField()
    {
        QFETCH(int, keepAlive);
        QFETCH(int, port);
        QFETCH(QString, field);
        SessionSettings s = validSettings();
        s.keepAliveSeconds = keepAlive;
        s.port = port;
        const QList<SettingsProblem> problems = validateSettings(s);
        QCOMPARE(fieldsOf(problems), QStringList{field});
        QVERIFY(!problems.first().message.isEmpty());
    }

    void keepAliveBoundsAreAccepted()
    {
        SessionSettings s = validSettings();
        for (int value : {0, 1, 65535}) {
            s.keepAliveSeconds = value;
            QVERIFY2(validateSettings(s).isEmpty(), qPrintable(QString::number(value)));
        }
    }

    void willTopicMustBeAPublishableName_data()
    {
        QTest::addColumn<QString>("topic");
        QTest::newRow("empty") << QString();
        QTest::newRow("plus") << QStringLiteral("a/+/c");
        QTest::newRow("hash") << QStringLiteral("a/#");
    }

    void willTopicMustBeAPublishableName()
    {
        QFETCH(QString, topic);
        SessionSettings s = validSettings();
        s.will = Will{topic, QByteArrayLiteral("bye"), 0, false, {}};
        QCOMPARE(fieldsOf(validateSettings(s)), QStringList{QStringLiteral("Will topic")});
    }

    void willQosAboveTwoIsRefused()
    {
        SessionSettings s = validSettings();
        s.will = Will{QStringLiteral("w"), {}, 3, false, {}};
        QCOMPARE(fieldsOf(validateSettings(s)), QStringList{QStringLiteral("Will QoS")});
    }

    void passwordWithoutUserNameOnlyIn5()
    {
        SessionSettings s = validSettings();
        s.password = QByteArrayLiteral("secret");
        s.version = ProtocolVersion::V3_1_1;
        QCOMPARE(fieldsOf(validateSettings(s)), QStringList{QStringLiteral("Password")});
        s.version = ProtocolVersion::V5;
        QVERIFY(validateSettings(s).isEmpty());
    }

    void emptyClientIdNeedsCleanSessionBefore5()
    {
        SessionSettings s = validSettings();
        s.clientId.clear();
        s.cleanStart = false;
        s.version = ProtocolVersion::V3_1_1;
        QCOMPARE(fieldsOf(validateSettings(s)), QStringList{QStringLiteral("Client ID")});
        s.cleanStart = true;
        QVERIFY(validateSettings(s).isEmpty());
        s.cleanStart = false;
        s.version = ProtocolVersion::V5; // the broker assigns one
        QVERIFY(validateSettings(s).isEmpty());
    }

    void mqtt31NeedsAShortClientId()
    {
        SessionSettings s = validSettings();
        s.version = ProtocolVersion::V3_1;
        s.clientId = QString(24, QLatin1Char('x'));
        QCOMPARE(fieldsOf(validateSettings(s)), QStringList{QStringLiteral("Client ID")});
    }

    void tlsFilesMustExistAndComeInPairs()
    {
        SessionSettings s = validSettings();
        s.tls.enabled = true;
        s.tls.caFile = QStringLiteral("/nonexistent/ca.pem");
        s.tls.certificateFile = QStringLiteral(__FILE__); // readable, but without its key
        const QStringList fields = fieldsOf(validateSettings(s));
        QVERIFY(fields.contains(QStringLiteral("CA certificate")));
        QVERIFY(fields.contains(QStringLiteral("Client certificate")));
        s.tls.enabled = false; // files of a disabled TLS are not checked
        QVERIFY(validateSettings(s).isEmpty());
    }

    void everyProblemIsReportedAtOnce()
    {
        SessionSettings s = validSettings();
        s.host.clear();
        s.port = 0;
        s.keepAliveSeconds = 70000;
        s.will = Will{QString(), {}, 5, false, {}};
        QCOMPARE(validateSettings(s).size(), 5);
    }

    void connectPacketCarriesTheSettings()
    {
        SessionSettings s = validSettings();
        s.version = ProtocolVersion::V5;
        s.keepAliveSeconds = 65535;
        s.cleanStart = false;
        s.sessionExpirySeconds = 300;
        s.receiveMaximum = 20;
        s.userName = QStringLiteral("alice");
        s.password = QByteArrayLiteral("secret");
        Will will{QStringLiteral("status/alice"), QByteArrayLiteral("offline"), 1, true, {}};
        will.properties.setInteger(PropertyId::WillDelayInterval, 5);
        s.will = will;
        const ConnectPacket connect = buildConnectPacket(s, QStringLiteral("assigned"));
        QCOMPARE(connect.clientId, QStringLiteral("assigned"));
        QCOMPARE(connect.keepAlive, quint16(65535));
        QVERIFY(!connect.cleanSession);
        QCOMPARE(connect.properties.integer(PropertyId::SessionExpiryInterval), 300u);
        QCOMPARE(connect.properties.integer(PropertyId::ReceiveMaximum), 20u);
        QCOMPARE(connect.will, s.will);
        QVERIFY(!encodePacket(connect, ProtocolVersion::V5).isEmpty());

        // Before 5.0 no property is sent, will properties included.
        s.version = ProtocolVersion::V3_1_1;
        s.will->properties = {};
        const ConnectPacket v3 = buildConnectPacket(s, s.clientId);
        QVERIFY(v3.properties.isEmpty());
        QVERIFY(v3.will->properties.isEmpty());
        QVERIFY(!encodePacket(v3, ProtocolVersion::V3_1_1).isEmpty());
    }

    void brokerKeyIgnoresHostCase()
    {
        SessionSettings a = validSettings(), b = validSettings();
        a.host = QStringLiteral("Broker.Example");
        b.host = QStringLiteral("broker.example");
        QCOMPARE(a.brokerKey(), b.brokerKey());
        b.port = 8883;
        QVERIFY(a.brokerKey() != b.brokerKey());
    }
};

QTEST_APPLESS_MAIN(TestSessionSettings)
#include "tst_sessionsettings.moc"
