// pingscope-cli's command line: every option reaches the settings, defaults are the
// documented ones, and every bad value is a usage error that names the option and value.

#include "cli/clioptions.h"

#include <QTemporaryFile>
#include <QTest>

using namespace PingScope;
using namespace PingScope::Cli;

namespace {

CliParseResult parse(QStringList arguments, const QProcessEnvironment &environment = {})
{
    arguments.prepend(QStringLiteral("pingscope-cli"));
    return parseCliOptions(arguments, environment);
}

} // namespace

class TestCliOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        const CliParseResult result = parse({});
        QCOMPARE(result.action, CliParseResult::Action::Run);
        const SessionSettings &s = result.options.settings;
        QCOMPARE(s.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(s.port, 1883);
        QCOMPARE(s.version, Protocol::ProtocolVersion::V5);
        QCOMPARE(s.keepAliveSeconds, 60);
        QVERIFY(s.cleanStart);
        QVERIFY(s.reconnect.enabled);
        QVERIFY(!s.tls.enabled);
        QVERIFY(s.clientId.startsWith(QStringLiteral("pingscope-")));
        QCOMPARE(result.options.sessions, 1);
        QCOMPARE(result.options.durationMs, -1);
        QCOMPARE(result.options.count, -1);
    }

    void connectionOptions()
    {
        const CliParseResult result =
            parse({QStringLiteral("--url"), QStringLiteral("mqtts://broker.example:9999"),
                   QStringLiteral("--mqtt"), QStringLiteral("3.1.1"), QStringLiteral("-i"),
                   QStringLiteral("me"), QStringLiteral("--no-clean"), QStringLiteral("-k"),
                   QStringLiteral("5"), QStringLiteral("--ping-timeout"), QStringLiteral("0.5"),
                   QStringLiteral("--no-reconnect"), QStringLiteral("--insecure")});
        QCOMPARE(result.action, CliParseResult::Action::Run);
        const SessionSettings &s = result.options.settings;
        QCOMPARE(s.host, QStringLiteral("broker.example"));
        QCOMPARE(s.port, 9999);
        QVERIFY(s.tls.enabled);
        QVERIFY(s.tls.allowInsecure);
        QCOMPARE(s.version, Protocol::ProtocolVersion::V3_1_1);
        QCOMPARE(s.clientId, QStringLiteral("me"));
        QVERIFY(!s.cleanStart);
        QCOMPARE(s.keepAliveSeconds, 5);
        QCOMPARE(s.pingTimeoutMs, 500);
        QVERIFY(!s.reconnect.enabled);
    }

    void tlsChangesTheDefaultPort()
    {
        QCOMPARE(parse({QStringLiteral("--tls")}).options.settings.port, 8883);
        QCOMPARE(
            parse({QStringLiteral("--url"), QStringLiteral("mqtts://h")}).options.settings.port,
            8883);
        QCOMPARE(parse({QStringLiteral("--url"), QStringLiteral("mqtt://h")}).options.settings.port,
                 1883);
    }

    void passwordFromFileOrEnvironment()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("from-file\n");
        file.flush();
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("PINGSCOPE_PASSWORD"), QStringLiteral("from-env"));
        CliParseResult result = parse({QStringLiteral("-u"), QStringLiteral("user"),
                                       QStringLiteral("--password-file"), file.fileName()},
                                      environment);
        QCOMPARE(result.action, CliParseResult::Action::Run);
        QCOMPARE(*result.options.settings.password, QByteArrayLiteral("from-file"));
        result = parse({QStringLiteral("-u"), QStringLiteral("user")}, environment);
        QCOMPARE(*result.options.settings.password, QByteArrayLiteral("from-env"));
        QCOMPARE(*result.options.settings.userName, QStringLiteral("user"));
    }

    void willTrafficAndRunControl()
    {
        const CliParseResult result = parse({QStringLiteral("--will-topic"),
                                             QStringLiteral("w/t"),
                                             QStringLiteral("--will-payload"),
                                             QStringLiteral("gone"),
                                             QStringLiteral("--will-qos"),
                                             QStringLiteral("1"),
                                             QStringLiteral("--will-retain"),
                                             QStringLiteral("--will-delay"),
                                             QStringLiteral("5"),
                                             QStringLiteral("-t"),
                                             QStringLiteral("a/#@2"),
                                             QStringLiteral("--subscribe"),
                                             QStringLiteral("b/+"),
                                             QStringLiteral("--publish"),
                                             QStringLiteral("a/b=x=y"),
                                             QStringLiteral("--publish-qos"),
                                             QStringLiteral("1"),
                                             QStringLiteral("--publish-every"),
                                             QStringLiteral("0.25"),
                                             QStringLiteral("--duration"),
                                             QStringLiteral("1.5"),
                                             QStringLiteral("-C"),
                                             QStringLiteral("10"),
                                             QStringLiteral("--sessions"),
                                             QStringLiteral("4"),
                                             QStringLiteral("--takeover-after"),
                                             QStringLiteral("2"),
                                             QStringLiteral("--fault"),
                                             QStringLiteral("black-hole@3"),
                                             QStringLiteral("--fault"),
                                             QStringLiteral("drop@4.5"),
                                             QStringLiteral("--json")});
        QCOMPARE(result.action, CliParseResult::Action::Run);
        const CliOptions &o = result.options;
        QVERIFY(o.settings.will.has_value());
        QCOMPARE(o.settings.will->topic, QStringLiteral("w/t"));
        QCOMPARE(o.settings.will->payload, QByteArrayLiteral("gone"));
        QCOMPARE(o.settings.will->qos, 1);
        QVERIFY(o.settings.will->retain);
        QCOMPARE(o.settings.will->properties.integer(Protocol::PropertyId::WillDelayInterval),
                 std::optional<quint32>(5));
        QCOMPARE(o.subscriptions.size(), 2);
        QCOMPARE(o.subscriptions[0].topicFilter, QStringLiteral("a/#"));
        QCOMPARE(o.subscriptions[0].qos, 2);
        QCOMPARE(o.subscriptions[1].topicFilter, QStringLiteral("b/+"));
        QCOMPARE(o.subscriptions[1].qos, 0);
        QCOMPARE(o.publishes.size(), 1);
        QCOMPARE(o.publishes[0].topic, QStringLiteral("a/b"));
        QCOMPARE(o.publishes[0].payload, QByteArrayLiteral("x=y"));
        QCOMPARE(o.publishQos, 1);
        QCOMPARE(o.publishEveryMs, 250);
        QCOMPARE(o.durationMs, 1500);
        QCOMPARE(o.count, 10);
        QCOMPARE(o.sessions, 4);
        QCOMPARE(o.takeoverAfterMs, 2000);
        QCOMPARE(o.faults.size(), 2);
        QCOMPARE(o.faults[0].fault, FaultKind::BlackHole);
        QCOMPARE(o.faults[0].afterMs, 3000);
        QCOMPARE(o.faults[1].fault, FaultKind::Drop);
        QCOMPARE(o.faults[1].afterMs, 4500);
        QVERIFY(o.json);
    }

    void usageErrorsNameTheOptionAndValue_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("keep-alive too big")
            << QStringList{QStringLiteral("--keep-alive"), QStringLiteral("70000")}
            << QStringLiteral("--keep-alive 70000");
        QTest::newRow("keep-alive not a number")
            << QStringList{QStringLiteral("-k"), QStringLiteral("ten")}
            << QStringLiteral("--keep-alive ten");
        QTest::newRow("port zero") << QStringList{QStringLiteral("--port"), QStringLiteral("0")}
                                   << QStringLiteral("--port 0");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("version") << QStringList{QStringLiteral("--mqtt"), QStringLiteral("4")}
                                 << QStringLiteral("--mqtt 4");
        QTest::newRow("bad filter")
            << QStringList{QStringLiteral("--subscribe"), QStringLiteral("a/#/b")}
            << QStringLiteral("--subscribe a/#/b");
        QTest::newRow("subscribe qos 3")
            << QStringList{QStringLiteral("--subscribe"), QStringLiteral("a@3")}
            << QStringLiteral("--subscribe a@3");
        QTest::newRow("publish without =")
            << QStringList{QStringLiteral("--publish"), QStringLiteral("topic")}
            << QStringLiteral("--publish topic");
        QTest::newRow("publish to a wildcard")
            << QStringList{QStringLiteral("--publish"), QStringLiteral("a/+=x")}
            << QStringLiteral("--publish a/+=x");
        QTest::newRow("will option without a will")
            << QStringList{QStringLiteral("--will-qos"), QStringLiteral("1")}
            << QStringLiteral("--will-qos needs --will-topic");
        QTest::newRow("empty will topic")
            << QStringList{QStringLiteral("--will-topic"), QString()} << QStringLiteral("ill");
        QTest::newRow("will delay in 3.1.1")
            << QStringList{QStringLiteral("--mqtt"),       QStringLiteral("3.1.1"),
                           QStringLiteral("--will-topic"), QStringLiteral("w"),
                           QStringLiteral("--will-delay"), QStringLiteral("5")}
            << QStringLiteral("--will-delay needs MQTT 5");
        QTest::newRow("unknown fault")
            << QStringList{QStringLiteral("--fault"), QStringLiteral("explode@1")}
            << QStringLiteral("--fault explode@1");
        QTest::newRow("fault without time")
            << QStringList{QStringLiteral("--fault"), QStringLiteral("drop")}
            << QStringLiteral("--fault drop");
        QTest::newRow("negative duration")
            << QStringList{QStringLiteral("--duration"), QStringLiteral("-1")}
            << QStringLiteral("--duration -1");
        QTest::newRow("zero sessions")
            << QStringList{QStringLiteral("--sessions"), QStringLiteral("0")}
            << QStringLiteral("--sessions 0");
        QTest::newRow("password in the URL")
            << QStringList{QStringLiteral("--url"), QStringLiteral("mqtt://u:pw@host")}
            << QStringLiteral("--password-file");
        QTest::newRow("url and host")
            << QStringList{QStringLiteral("--url"), QStringLiteral("mqtt://h"),
                           QStringLiteral("--host"), QStringLiteral("g")}
            << QStringLiteral("--url and --host");
        QTest::newRow("unreadable password file")
            << QStringList{QStringLiteral("--password-file"), QStringLiteral("/nonexistent/pw")}
            << QStringLiteral("--password-file /nonexistent/pw");
        QTest::newRow("stray argument")
            << QStringList{QStringLiteral("broker.example")} << QStringLiteral("broker.example");
        QTest::newRow("publish-qos without publish")
            << QStringList{QStringLiteral("--publish-qos"), QStringLiteral("1")}
            << QStringLiteral("--publish-qos needs --publish");
    }

    void usageErrorsNameTheOptionAndValue()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const CliParseResult result = parse(arguments);
        QCOMPARE(result.action, CliParseResult::Action::UsageError);
        QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    }

    void passwordNeverInAnError()
    {
        const CliParseResult result =
            parse({QStringLiteral("--url"), QStringLiteral("mqtt://u:topsecret@host")});
        QCOMPARE(result.action, CliParseResult::Action::UsageError);
        QVERIFY2(!result.error.contains(QStringLiteral("topsecret")), qPrintable(result.error));
    }

    void helpDocumentsEveryOptionWithItsDefault()
    {
        const CliParseResult result = parse({QStringLiteral("--help")});
        QCOMPARE(result.action, CliParseResult::Action::ShowHelp);
        for (const char *option : {"--host",
                                   "--port",
                                   "--url",
                                   "--mqtt",
                                   "--client-id",
                                   "--clean",
                                   "--no-clean",
                                   "--session-expiry",
                                   "--username",
                                   "--password-file",
                                   "--tls",
                                   "--cafile",
                                   "--cert",
                                   "--key",
                                   "--insecure",
                                   "--keep-alive",
                                   "--ping-timeout",
                                   "--no-reconnect",
                                   "--will-topic",
                                   "--will-payload",
                                   "--will-qos",
                                   "--will-retain",
                                   "--will-delay",
                                   "--subscribe",
                                   "--publish",
                                   "--publish-qos",
                                   "--publish-retain",
                                   "--publish-every",
                                   "--duration",
                                   "--count",
                                   "--sessions",
                                   "--takeover-after",
                                   "--fault",
                                   "--json",
                                   "--quiet",
                                   "--pcap"})
            QVERIFY2(result.helpText.contains(QLatin1String(option)), option);
        QVERIFY(
            result.helpText.simplified().contains(QStringLiteral("0 disables it. Default: 60.")));
        QVERIFY(result.helpText.contains(QStringLiteral("Exit status")));
    }
};

QTEST_APPLESS_MAIN(TestCliOptions)
#include "tst_clioptions.moc"
