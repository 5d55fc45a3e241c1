// A connection profile as JSON: every field comes back exactly (3.1.1 and 5.0, text and
// binary will payloads), the password never goes into the JSON, and reading is strict:
// each wrong type, range or settings rule is one problem naming its field.

#include "profiles/connectionprofile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryFile>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Protocol;

namespace {

const QByteArray TestPassword = QByteArrayLiteral("correct-horse-battery-staple");

// Every field away from its default, so that a field dropped on either side shows.
ConnectionProfile fullProfile(ProtocolVersion version)
{
    ConnectionProfile p = ConnectionProfile::create(QStringLiteral("Büro – broker"));
    p.notes = QStringLiteral("line one\nline two");
    p.passwordStorage = PasswordStorage::Keyring;
    p.watchWill = true;
    p.localBroker = true;
    SessionSettings &s = p.settings;
    s.host = QStringLiteral("broker.example.org");
    s.port = 8883;
    s.tls = {true,
             QStringLiteral("/etc/ca.pem"),
             QStringLiteral("/etc/client.pem"),
             QStringLiteral("/etc/client.key"),
             QStringLiteral("mqtt.example.org"),
             true};
    s.version = version;
    s.clientId = QStringLiteral("pingscope-42");
    s.cleanStart = false;
    s.userName = QStringLiteral("alice");
    s.password = TestPassword;
    s.keepAliveSeconds = 65535;
    s.pingTimeoutMs = 1234;
    s.connackTimeoutMs = 4321;
    s.maximumInFlight = 7;
    s.userProperties = {{QStringLiteral("b"), QStringLiteral("2")},
                        {QStringLiteral("a"), QStringLiteral("1")},
                        {QStringLiteral("b"), QStringLiteral("3")}};
    s.reconnect = {false, 250, 60000, 0.35, true};
    Will will;
    will.topic = QStringLiteral("clients/pingscope-42/status");
    will.qos = 2;
    will.retain = true;
    if (version == ProtocolVersion::V5) {
        s.sessionExpirySeconds = 0xFFFFFFFF;
        s.receiveMaximum = 100;
        s.maximumPacketSize = 0xFFFFFFFF;
        will.payload = QByteArray("\x00\xff\xfe binary\x80", 11); // not UTF-8
        // In the order of 5.0 section 3.1.3.2, the order they are read back in.
        will.properties.setInteger(PropertyId::WillDelayInterval, 0xFFFFFFFF);
        will.properties.setInteger(PropertyId::PayloadFormatIndicator, 0);
        will.properties.setInteger(PropertyId::MessageExpiryInterval, 3600);
        will.properties.setString(PropertyId::ContentType,
                                  QStringLiteral("application/octet-stream"));
        will.properties.setString(PropertyId::ResponseTopic, QStringLiteral("replies/42"));
        will.properties.setBinary(PropertyId::CorrelationData, QByteArray("\x01\x00\x02", 3));
        will.properties.addUserProperty(QStringLiteral("k"), QStringLiteral("v1"));
        will.properties.addUserProperty(QStringLiteral("k"), QStringLiteral("v2"));
    } else {
        s.cleanStart = true;
        will.payload = QStringLiteral("offline ✝ ünïcode").toUtf8();
    }
    s.will = will;
    return p;
}

// Through bytes, as a file holds it: doubles and large integers must survive the text.
ProfileReadResult throughFile(const ConnectionProfile &profile)
{
    const QByteArray bytes = QJsonDocument(profile.toJson()).toJson();
    return ConnectionProfile::fromJson(QJsonDocument::fromJson(bytes).object());
}

QStringList fieldsOf(const QList<SettingsProblem> &problems)
{
    QStringList fields;
    for (const SettingsProblem &problem : problems)
        fields << problem.field;
    return fields;
}

// Sets `value` at a dotted path ("will.qos", "tls.enabled"), creating objects on the way.
void setPath(QJsonObject &object, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        object.insert(path.first(), value);
        return;
    }
    QJsonObject inner = object.value(path.first()).toObject();
    setPath(inner, path.mid(1), value);
    object.insert(path.first(), inner);
}

} // namespace

class TestConnectionProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFieldRoundTrips_data()
    {
        QTest::addColumn<ProtocolVersion>("version");
        QTest::newRow("3.1.1") << ProtocolVersion::V3_1_1;
        QTest::newRow("5.0") << ProtocolVersion::V5;
    }

    void everyFieldRoundTrips()
    {
        QFETCH(ProtocolVersion, version);
        const ConnectionProfile in = fullProfile(version);
        QVERIFY2(validateSettings(in.settings).size() == 3, "only the TLS files are missing");
        const ProfileReadResult read = throughFile(in);
        QVERIFY2(read.isValid(), qPrintable(read.problemText()));
        QCOMPARE(fieldsOf(read.warnings),
                 (QStringList{QStringLiteral("CA certificate"),
                              QStringLiteral("Client certificate"), QStringLiteral("Client key")}));
        const ConnectionProfile &out = read.profile;
        QCOMPARE(out.id, in.id);
        QCOMPARE(out.name, in.name);
        QCOMPARE(out.notes, in.notes);
        QCOMPARE(out.passwordStorage, in.passwordStorage);
        QCOMPARE(out.watchWill, in.watchWill);
        QCOMPARE(out.localBroker, in.localBroker);
        QVERIFY(!out.disabledWill);
        const SessionSettings &a = out.settings;
        const SessionSettings &b = in.settings;
        QCOMPARE(a.host, b.host);
        QCOMPARE(a.port, b.port);
        QCOMPARE(a.tls.enabled, b.tls.enabled);
        QCOMPARE(a.tls.caFile, b.tls.caFile);
        QCOMPARE(a.tls.certificateFile, b.tls.certificateFile);
        QCOMPARE(a.tls.keyFile, b.tls.keyFile);
        QCOMPARE(a.tls.serverName, b.tls.serverName);
        QCOMPARE(a.tls.allowInsecure, b.tls.allowInsecure);
        QCOMPARE(a.version, b.version);
        QCOMPARE(a.clientId, b.clientId);
        QCOMPARE(a.cleanStart, b.cleanStart);
        QCOMPARE(a.sessionExpirySeconds, b.sessionExpirySeconds);
        QCOMPARE(a.userName, b.userName);
        QVERIFY(!a.password); // never stored
        QCOMPARE(a.keepAliveSeconds, b.keepAliveSeconds);
        QCOMPARE(a.pingTimeoutMs, b.pingTimeoutMs);
        QCOMPARE(a.connackTimeoutMs, b.connackTimeoutMs);
        QCOMPARE(a.receiveMaximum, b.receiveMaximum);
        QCOMPARE(a.maximumPacketSize, b.maximumPacketSize);
        QCOMPARE(a.userProperties, b.userProperties);
        QCOMPARE(a.maximumInFlight, b.maximumInFlight);
        QCOMPARE(a.reconnect.enabled, b.reconnect.enabled);
        QCOMPARE(a.reconnect.initialDelayMs, b.reconnect.initialDelayMs);
        QCOMPARE(a.reconnect.maximumDelayMs, b.reconnect.maximumDelayMs);
        QCOMPARE(a.reconnect.jitter, b.reconnect.jitter);
        QCOMPARE(a.reconnect.afterTakeover, b.reconnect.afterTakeover);
        QVERIFY(a.will);
        QCOMPARE(a.will->topic, b.will->topic);
        QCOMPARE(a.will->payload, b.will->payload);
        QCOMPARE(a.will->qos, b.will->qos);
        QCOMPARE(a.will->retain, b.will->retain);
        QCOMPARE(a.will->properties.items().size(), b.will->properties.items().size());
        QVERIFY(a.will->properties == b.will->properties);
        // And the JSON of what was read is the JSON that was written.
        QCOMPARE(out.toJson(), in.toJson());
    }

    void defaultsRoundTrip()
    {
        const ConnectionProfile in = ConnectionProfile::create(QStringLiteral("Local"));
        const ProfileReadResult read = throughFile(in);
        QVERIFY2(read.isValid(), qPrintable(read.problemText()));
        QVERIFY(read.warnings.isEmpty());
        QCOMPARE(read.profile.toJson(), in.toJson());
        QVERIFY(!read.profile.settings.userName);
        QVERIFY(!read.profile.settings.receiveMaximum);
        QVERIFY(!read.profile.settings.will);
    }

    void emptyUserNameIsNotNoUserName()
    {
        ConnectionProfile in = ConnectionProfile::create(QStringLiteral("x"));
        in.settings.userName = QString(QLatin1String(""));
        const ProfileReadResult read = throughFile(in);
        QVERIFY(read.profile.settings.userName);
        QVERIFY(read.profile.settings.userName->isEmpty());
    }

    void payloadIsTextWhenItSurvivesAsText()
    {
        const QJsonObject v3 = fullProfile(ProtocolVersion::V3_1_1).toJson();
        QVERIFY(v3.value(QStringLiteral("will")).toObject().contains(QStringLiteral("payload")));
        QVERIFY(
            !v3.value(QStringLiteral("will")).toObject().contains(QStringLiteral("payload_hex")));
        const QJsonObject v5 = fullProfile(ProtocolVersion::V5).toJson();
        QCOMPARE(v5.value(QStringLiteral("will")).toObject().value(QStringLiteral("payload_hex")),
                 QJsonValue(QStringLiteral("00fffe2062696e61727980")));
        // A BOM would be eaten by the text round trip: hex keeps it.
        ConnectionProfile bom = fullProfile(ProtocolVersion::V3_1_1);
        bom.settings.will->payload = QByteArray("\xef\xbb\xbfhello");
        QCOMPARE(throughFile(bom).profile.settings.will->payload, bom.settings.will->payload);
    }

    void willPropertiesAsNamedFields()
    {
        const QJsonObject will =
            fullProfile(ProtocolVersion::V5).toJson().value(QStringLiteral("will")).toObject();
        QCOMPARE(will.value(QStringLiteral("delay_interval")).toDouble(), 4294967295.0);
        QCOMPARE(will.value(QStringLiteral("payload_format_indicator")).toInt(), 0);
        QCOMPARE(will.value(QStringLiteral("message_expiry_interval")).toInt(), 3600);
        QCOMPARE(will.value(QStringLiteral("content_type")).toString(),
                 QStringLiteral("application/octet-stream"));
        QCOMPARE(will.value(QStringLiteral("response_topic")).toString(),
                 QStringLiteral("replies/42"));
        QCOMPARE(will.value(QStringLiteral("correlation_data_hex")).toString(),
                 QStringLiteral("010002"));
        QCOMPARE(will.value(QStringLiteral("user_properties")).toArray().size(), 2);
    }

    void willPropertiesComeBackInStandardOrder()
    {
        ConnectionProfile in = ConnectionProfile::create(QStringLiteral("x"));
        Will will;
        will.topic = QStringLiteral("t");
        will.properties.setString(PropertyId::ContentType, QStringLiteral("text/plain"));
        will.properties.setInteger(PropertyId::WillDelayInterval, 5);
        in.settings.will = will;
        const ProfileReadResult result = throughFile(in);
        const Properties &read = result.profile.settings.will->properties;
        QCOMPARE(read.items().size(), 2);
        QCOMPARE(read.items().at(0).id, PropertyId::WillDelayInterval);
        QCOMPARE(read.integer(PropertyId::WillDelayInterval), std::optional<quint32>(5));
        QCOMPARE(read.string(PropertyId::ContentType),
                 std::optional<QString>(QStringLiteral("text/plain")));
    }

    void disabledWillIsKept()
    {
        ConnectionProfile in = fullProfile(ProtocolVersion::V5);
        in.disabledWill = in.settings.will;
        in.settings.will.reset();
        const QJsonObject json = in.toJson();
        QCOMPARE(json.value(QStringLiteral("will")).toObject().value(QStringLiteral("enabled")),
                 QJsonValue(false));
        const ProfileReadResult read = throughFile(in);
        QVERIFY2(read.isValid(), qPrintable(read.problemText()));
        QVERIFY(!read.profile.settings.will);
        QVERIFY(read.profile.disabledWill);
        QVERIFY(*read.profile.disabledWill == *in.disabledWill);
    }

    void passwordIsNeverWritten()
    {
        for (ProtocolVersion version : {ProtocolVersion::V3_1_1, ProtocolVersion::V5}) {
            const ConnectionProfile profile = fullProfile(version);
            QVERIFY(profile.settings.password);
            const QByteArray bytes = QJsonDocument(profile.toJson()).toJson();
            QVERIFY(!bytes.contains(TestPassword));
            QVERIFY(!bytes.contains(TestPassword.toHex()));
            QVERIFY(!bytes.contains(TestPassword.toBase64()));
            QVERIFY(!profile.toJson().contains(QStringLiteral("password")));
            QCOMPARE(profile.toJson().value(QStringLiteral("password_storage")).toString(),
                     QStringLiteral("keyring"));
        }
    }

    void strictReading_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("field");
        auto row = [](const char *name, const char *path, const QJsonValue &value,
                      const char *field) {
            QTest::newRow(name) << QString::fromLatin1(path) << value << QString::fromLatin1(field);
        };
        row("port as text", "port", QStringLiteral("1883"), "port");
        row("port fractional", "port", 1883.5, "port");
        row("port 0 (a settings rule)", "port", 0, "Port");
        row("keep-alive 70000", "keep_alive", 70000, "Keep-alive");
        row("keep-alive -1", "keep_alive", -1, "Keep-alive");
        row("keep-alive beyond int", "keep_alive", 1e12, "keep_alive");
        row("session expiry negative", "session_expiry", -1, "session_expiry");
        row("session expiry beyond 32 bits", "session_expiry", 4294967296.0, "session_expiry");
        row("unknown version", "mqtt_version", QStringLiteral("4"), "mqtt_version");
        row("version as number", "mqtt_version", 5, "mqtt_version");
        row("clean start as text", "clean_start", QStringLiteral("yes"), "clean_start");
        row("tls not an object", "tls", true, "tls");
        row("tls.enabled as number", "tls.enabled", 1, "tls.enabled");
        row("jitter as text", "reconnect.jitter", QStringLiteral("0.2"), "reconnect.jitter");
        row("jitter 2 (a settings rule)", "reconnect.jitter", 2, "Reconnect jitter");
        row("receive maximum 0", "receive_maximum", 0, "Receive maximum");
        row("user properties not array", "user_properties", QStringLiteral("a=b"),
            "user_properties");
        row("user property without value", "user_properties",
            QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("a")}}},
            "user_properties[0].value");
        row("will topic empty", "will.topic", QString(QLatin1String("")), "Will topic");
        row("will topic wildcard", "will.topic", QStringLiteral("a/#"), "Will topic");
        row("will qos 3", "will.qos", 3, "Will QoS");
        row("will qos as text", "will.qos", QStringLiteral("1"), "will.qos");
        row("will payload_hex odd", "will.payload_hex", QStringLiteral("abc"), "will.payload_hex");
        row("will payload_hex not hex", "will.payload_hex", QStringLiteral("zz"),
            "will.payload_hex");
        row("will delay negative", "will.delay_interval", -5, "will.delay_interval");
        row("correlation data not hex", "will.correlation_data_hex", QStringLiteral("0x01"),
            "will.correlation_data_hex");
        row("id with braces", "id", QStringLiteral("{5d1c2a4e-8f0b-4c3a-9e7d-1a2b3c4d5e6f}"), "id");
        row("id not a uuid", "id", QStringLiteral("../../etc/passwd"), "id");
        row("name empty", "name", QString(QLatin1String("")), "name");
        row("name missing", "name", QJsonValue(), "name");
        row("password in plain text", "password", QStringLiteral("hunter2"), "password");
        row("unknown password storage", "password_storage", QStringLiteral("file"),
            "password_storage");
        row("watch will as text", "watch_will", QStringLiteral("true"), "watch_will");
        row("local broker as text", "local_broker", QStringLiteral("yes"), "local_broker");
    }

    void strictReading()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        QJsonObject json = fullProfile(ProtocolVersion::V5).toJson();
        json.insert(QStringLiteral("tls"), QJsonObject()); // no missing files in the way
        if (value.isNull())
            json.remove(path);
        else
            setPath(json, path.split(QLatin1Char('.')), value);
        const ProfileReadResult read = ConnectionProfile::fromJson(json);
        QCOMPARE(fieldsOf(read.problems), QStringList{field});
        QVERIFY(!read.problems.first().message.isEmpty());
        QVERIFY(!read.isValid());
    }

    void everyProblemIsReported()
    {
        QJsonObject json = ConnectionProfile::create(QStringLiteral("x")).toJson();
        json.insert(QStringLiteral("port"), QStringLiteral("high"));
        json.insert(QStringLiteral("keep_alive"), 70000);
        json.insert(QStringLiteral("will"), QJsonObject{{QStringLiteral("qos"), 7}});
        const ProfileReadResult read = ConnectionProfile::fromJson(json);
        QCOMPARE(fieldsOf(read.problems),
                 (QStringList{QStringLiteral("port"), QStringLiteral("Keep-alive"),
                              QStringLiteral("Will topic"), QStringLiteral("Will QoS")}));
        QVERIFY(read.problemText().contains(QStringLiteral("Keep-alive: 70000 s is outside")));
    }

    void storedPasswordWithoutUserNameIsRefusedBefore5()
    {
        // [MQTT-3.1.2-22]: in 3.1.1 a password needs a user name. The file holds no password,
        // but the keyring will send one: the profile could never connect.
        ConnectionProfile p = ConnectionProfile::create(QStringLiteral("no user"));
        p.settings.host = QStringLiteral("broker.example.org");
        p.settings.version = ProtocolVersion::V3_1_1;
        p.settings.clientId = QStringLiteral("x");
        p.passwordStorage = PasswordStorage::Keyring;
        const ProfileReadResult read = ConnectionProfile::fromJson(p.toJson());
        QVERIFY(!read.isValid());
        QVERIFY2(read.problemText().contains(QStringLiteral("user name"), Qt::CaseInsensitive),
                 qPrintable(read.problemText()));

        p.passwordStorage = PasswordStorage::NoPassword;
        QVERIFY(ConnectionProfile::fromJson(p.toJson()).isValid());
        p.passwordStorage = PasswordStorage::AskOnConnect;
        p.settings.version = ProtocolVersion::V5; // 5.0 allows a password alone
        QVERIFY(ConnectionProfile::fromJson(p.toJson()).isValid());
    }

    void unknownFieldsAreIgnored()
    {
        QJsonObject json = ConnectionProfile::create(QStringLiteral("x")).toJson();
        json.insert(QStringLiteral("colour"), QStringLiteral("teal"));
        json.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("future"), 1}});
        QVERIFY(ConnectionProfile::fromJson(json).isValid());
    }

    void formatIsChecked()
    {
        QJsonObject json = ConnectionProfile::create(QStringLiteral("x")).toJson();
        json.remove(QStringLiteral("format"));
        QCOMPARE(fieldsOf(ConnectionProfile::fromJson(json).problems),
                 QStringList{QStringLiteral("format")});
        json.insert(QStringLiteral("format"), QStringLiteral("1"));
        QCOMPARE(fieldsOf(ConnectionProfile::fromJson(json).problems),
                 QStringList{QStringLiteral("format")});
        json.insert(QStringLiteral("format"), 2);
        const ProfileReadResult newer = ConnectionProfile::fromJson(json);
        QVERIFY(newer.newerFormat);
        QVERIFY(newer.problemText().contains(QStringLiteral("newer")));
    }

    void missingTlsFileIsOnlyAWarning()
    {
        QTemporaryFile ca;
        QVERIFY(ca.open());
        ConnectionProfile in = ConnectionProfile::create(QStringLiteral("x"));
        in.settings.tls.enabled = true;
        in.settings.tls.caFile = ca.fileName();
        QVERIFY(throughFile(in).warnings.isEmpty());
        in.settings.tls.caFile = QStringLiteral("/nonexistent/ca.pem");
        const ProfileReadResult read = throughFile(in);
        QVERIFY(read.isValid());
        QCOMPARE(fieldsOf(read.warnings), QStringList{QStringLiteral("CA certificate")});
        // A certificate without its key is a mistake in the profile itself, not a warning.
        in.settings.tls.certificateFile = ca.fileName();
        QCOMPARE(fieldsOf(throughFile(in).problems),
                 QStringList{QStringLiteral("Client certificate")});
    }

    void idsAreCanonicalUuids()
    {
        const QString id = ConnectionProfile::newId();
        QVERIFY(ConnectionProfile::isValidId(id));
        QVERIFY(!ConnectionProfile::isValidId(id.toUpper()));
        QVERIFY(!ConnectionProfile::isValidId(QLatin1Char('{') + id + QLatin1Char('}')));
        QVERIFY(!ConnectionProfile::isValidId(QString()));
        QVERIFY(ConnectionProfile::newId() != id);
    }
};

QTEST_APPLESS_MAIN(TestConnectionProfile)
#include "tst_connectionprofile.moc"
