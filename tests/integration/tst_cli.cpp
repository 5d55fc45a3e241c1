// pingscope-cli end to end, what a run does: the real binary with QProcess against a real
// mosquitto (BrokerFixture). Keep-alive pings as JSON, --count, --duration, Ctrl-C, several
// sessions, a password never printed, --help and --version. The experiments (faults,
// take-over, a will): tst_cliexperiments.cpp; exit statuses: tst_cliexitstatus.cpp.
//
// No sleeps: a process is waited for with a bound (QProcess::waitForFinished), and output
// that must appear before the next step with QTRY_VERIFY_WITH_TIMEOUT.

#include "cliprocess.h"

class CliTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { PINGSCOPE_REQUIRE_BROKER(m_broker); }

    // --keep-alive 1 for 3 s: the keep-alive in force, PINGREQs with their lateness and
    // PINGRESPs with their round-trip time, and a summary that adds them up.
    void keepAlivePingsAsJson()
    {
        const QString clientId = unique(QStringLiteral("ping"));
        Cli cli(broker() << QStringLiteral("--json") << QStringLiteral("--keep-alive")
                         << QStringLiteral("1") << QStringLiteral("--duration")
                         << QStringLiteral("3") << QStringLiteral("-i") << clientId);
        CLI_FINISH(cli, 3000 + SlackMs);
        CLI_EXIT(cli, ExitAsAsked);
        CLI_PARSE_JSON(cli);

        const auto connecting = cli.events(QStringLiteral("connecting"), 1);
        QVERIFY2(!connecting.isEmpty(), qPrintable(cli.dump()));
        QVERIFY2(text(connecting.first(), "broker").contains(QString::number(m_broker.port())),
                 qPrintable(compact(connecting.first())));

        const auto connected = cli.events(QStringLiteral("connected"), 1);
        QVERIFY2(connected.size() == 1, qPrintable(cli.dump()));
        QCOMPARE(connected.first().value(QLatin1String("keep_alive")).toInt(-1), 1);
        QCOMPARE(text(connected.first(), "keep_alive_source"), QStringLiteral("client"));
        QCOMPARE(text(connected.first(), "client_id"), clientId);

        const auto pingreqs = cli.events(QStringLiteral("pingreq"), 1);
        const auto pingresps = cli.events(QStringLiteral("pingresp"), 1);
        QVERIFY2(pingreqs.size() >= 2, qPrintable(cli.dump()));
        QVERIFY2(pingresps.size() >= 2, qPrintable(cli.dump()));
        for (const QJsonObject &ping : pingreqs) {
            const QJsonValue late = ping.value(QLatin1String("late_ms"));
            QVERIFY2(late.isDouble() && late.toDouble() >= 0 && late.toDouble() < 1000,
                     qPrintable(compact(ping)));
        }
        for (const QJsonObject &pong : pingresps) {
            const QJsonValue rtt = pong.value(QLatin1String("rtt_ms"));
            QVERIFY2(rtt.isDouble() && rtt.toDouble() >= 0 && rtt.toDouble() < 1000,
                     qPrintable(compact(pong)));
        }
        // Nothing went wrong on the way.
        for (const char *bad : {"ping-timeout", "closed-by-broker", "reconnecting", "error"})
            QVERIFY2(cli.events(QLatin1String(bad)).isEmpty(), qPrintable(cli.dump()));

        const QJsonObject &summary = cli.summary();
        QCOMPARE(summary.value(QLatin1String("exit_code")).toInt(-1), 0);
        QCOMPARE(text(summary, "ending"), QStringLiteral("duration reached"));
        QCOMPARE(summary.value(QLatin1String("pings_sent")).toInt(-1), int(pingreqs.size()));
        QCOMPARE(summary.value(QLatin1String("pings_answered")).toInt(-1), int(pingresps.size()));
        QCOMPARE(summary.value(QLatin1String("ping_timeouts")).toInt(-1), 0);
        QVERIFY2(summary.value(QLatin1String("rtt_p50_ms")).toDouble(-1) >= 0,
                 qPrintable(compact(summary)));
        QVERIFY2(summary.value(QLatin1String("late_p50_ms")).toDouble(-1) >= 0,
                 qPrintable(compact(summary)));
        QCOMPARE(summary.value(QLatin1String("connected_at_end")).toInt(-1), 1);
        QVERIFY2(summary.value(QLatin1String("t")).toDouble() >= 3.0, qPrintable(compact(summary)));
    }

    // --count 3: a subscriber ends, as asked, once three messages from a second pingscope-cli
    // (publishing every 0.2 s) arrived; each message event describes the PUBLISH.
    void countEndsTheRun()
    {
        const QString topic = unique(QStringLiteral("count")) + QStringLiteral("/hello");
        Cli subscriber(broker() << QStringLiteral("--json") << QStringLiteral("--subscribe")
                                << topic + QStringLiteral("@1") << QStringLiteral("--count")
                                << QStringLiteral("3") << QStringLiteral("--packets"));
        // Publish only once the broker granted the subscription.
        QTRY_VERIFY2_WITH_TIMEOUT(subscriber.outContains("\"type\":\"SUBACK\""),
                                  qPrintable(subscriber.dump()), OutputTimeoutMs);
        Cli publisher(broker() << QStringLiteral("--json") << QStringLiteral("--publish")
                               << topic + QStringLiteral("=hello")
                               << QStringLiteral("--publish-qos") << QStringLiteral("1")
                               << QStringLiteral("--publish-every") << QStringLiteral("0.2")
                               << QStringLiteral("--duration") << QStringLiteral("2"));

        CLI_FINISH(subscriber, OutputTimeoutMs);
        CLI_EXIT(subscriber, ExitAsAsked);
        CLI_PARSE_JSON(subscriber);
        const auto messages = subscriber.events(QStringLiteral("message"), 1);
        QVERIFY2(messages.size() >= 3, qPrintable(subscriber.dump()));
        for (const QJsonObject &message : messages) {
            QCOMPARE(text(message, "topic"), topic);
            QCOMPARE(message.value(QLatin1String("qos")).toInt(-1), 1);
            QCOMPARE(message.value(QLatin1String("retain")), QJsonValue(false));
            QCOMPARE(message.value(QLatin1String("size")).toInt(-1), 5);
            QCOMPARE(text(message, "payload"), QStringLiteral("hello"));
        }
        QCOMPARE(text(subscriber.summary(), "ending"), QStringLiteral("count reached"));
        QVERIFY2(subscriber.summary().value(QLatin1String("messages")).toInt() >= 3,
                 qPrintable(compact(subscriber.summary())));
        // It ended at the third message, not at the publisher's end.
        QVERIFY2(subscriber.summary().value(QLatin1String("t")).toDouble() < 10.0,
                 qPrintable(compact(subscriber.summary())));

        CLI_FINISH(publisher, 2000 + SlackMs);
        CLI_EXIT(publisher, ExitAsAsked);
        CLI_PARSE_JSON(publisher);
        QVERIFY2(publisher.summary().value(QLatin1String("messages_sent")).toInt() >= 3,
                 qPrintable(compact(publisher.summary())));
    }

    // --duration 1 (human-readable output): the run ends after a second, as asked. With
    // --quiet, only the summary is printed.
    void durationEndsTheRun()
    {
        Cli cli(broker() << QStringLiteral("--duration") << QStringLiteral("1")
                         << QStringLiteral("--keep-alive") << QStringLiteral("30"));
        Cli quiet(broker() << QStringLiteral("--duration") << QStringLiteral("1")
                           << QStringLiteral("--keep-alive") << QStringLiteral("1")
                           << QStringLiteral("--quiet") << QStringLiteral("--json"));
        CLI_FINISH(quiet, 1000 + SlackMs);
        CLI_EXIT(quiet, ExitAsAsked);
        CLI_PARSE_JSON(quiet);
        QVERIFY2(quiet.allEvents().isEmpty(), qPrintable(quiet.dump()));
        QCOMPARE(text(quiet.summary(), "ending"), QStringLiteral("duration reached"));
        QCOMPARE(quiet.summary().value(QLatin1String("connections")).toInt(-1), 1);

        CLI_FINISH(cli, 1000 + SlackMs);
        CLI_EXIT(cli, ExitAsAsked);
        QVERIFY2(cli.elapsedMs() >= 1000, qPrintable(cli.dump()));
        QVERIFY2(cli.elapsedMs() < 1000 + 5000, qPrintable(cli.dump()));
        const QString out = QString::fromUtf8(cli.out());
        QVERIFY2(out.contains(QLatin1String("--- summary: duration reached after")),
                 qPrintable(cli.dump()));
        QVERIFY2(out.contains(QLatin1String("exit status 0")), qPrintable(cli.dump()));
        QVERIFY2(out.contains(QLatin1String("1 of 1 connected at the end")),
                 qPrintable(cli.dump()));
        QVERIFY2(cli.err().isEmpty(), qPrintable(cli.dump()));
    }

    // SIGTERM (or Ctrl-C) ends the run as asked: DISCONNECT, summary, exit status 0.
    void interruptEndsTheRun()
    {
        Cli cli(broker() << QStringLiteral("--json") << QStringLiteral("--duration")
                         << QStringLiteral("60"));
        QTRY_VERIFY2_WITH_TIMEOUT(cli.outContains("\"event\":\"connected\""),
                                  qPrintable(cli.dump()), OutputTimeoutMs);
        cli.terminate();
        CLI_FINISH(cli, OutputTimeoutMs);
        CLI_EXIT(cli, ExitAsAsked);
        CLI_PARSE_JSON(cli);
        QCOMPARE(text(cli.summary(), "ending"), QStringLiteral("interrupted"));
        QCOMPARE(cli.summary().value(QLatin1String("connected_at_end")).toInt(-1), 1);
        const auto disconnected = cli.events(QStringLiteral("disconnected"), 1);
        QVERIFY2(disconnected.size() == 1, qPrintable(cli.dump()));
        QCOMPARE(text(disconnected.first(), "reason"),
                 QStringLiteral("disconnected by the client"));
    }

    // --sessions 3: three sessions, numbered 1..3, with client IDs ID-1..ID-3.
    void severalSessions()
    {
        const QString clientId = unique(QStringLiteral("sessions"));
        Cli cli(broker() << QStringLiteral("--json") << QStringLiteral("--sessions")
                         << QStringLiteral("3") << QStringLiteral("--duration")
                         << QStringLiteral("2") << QStringLiteral("--keep-alive")
                         << QStringLiteral("30") << QStringLiteral("-i") << clientId);
        CLI_FINISH(cli, 2000 + SlackMs);
        CLI_EXIT(cli, ExitAsAsked);
        CLI_PARSE_JSON(cli);
        QStringList ids;
        for (int session = 1; session <= 3; ++session) {
            const auto connected = cli.events(QStringLiteral("connected"), session);
            QVERIFY2(connected.size() == 1, qPrintable(cli.dump()));
            ids << text(connected.first(), "client_id");
        }
        QCOMPARE(ids, QStringList({clientId + QStringLiteral("-1"), clientId + QStringLiteral("-2"),
                                   clientId + QStringLiteral("-3")}));
        QCOMPARE(cli.events(QStringLiteral("connected")).size(), 3);
        QCOMPARE(cli.summary().value(QLatin1String("sessions")).toInt(-1), 3);
        QCOMPARE(cli.summary().value(QLatin1String("connected_at_end")).toInt(-1), 3);
    }

    // The password (from PINGSCOPE_PASSWORD or --password-file) goes to the broker, never to
    // the output: not with --packets (which shows the CONNECT), not in JSON, not in text.
    void passwordIsNeverPrinted_data()
    {
        QTest::addColumn<bool>("fromFile");
        QTest::newRow("PINGSCOPE_PASSWORD") << false;
        QTest::newRow("--password-file") << true;
    }

    void passwordIsNeverPrinted()
    {
        QFETCH(bool, fromFile);
        const QByteArray password = "s3cr3t-XYZ";
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("PINGSCOPE_PASSWORD"));
        QStringList extra;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        if (fromFile) {
            QFile file(dir.filePath(QStringLiteral("password")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(password + '\n');
            file.close();
            extra << QStringLiteral("--password-file") << file.fileName();
        } else {
            environment.insert(QStringLiteral("PINGSCOPE_PASSWORD"), QString::fromLatin1(password));
        }
        const QStringList common = broker()
                                   << extra << QStringLiteral("--username") << QStringLiteral("u")
                                   << QStringLiteral("--packets") << QStringLiteral("--duration")
                                   << QStringLiteral("1") << QStringLiteral("--keep-alive")
                                   << QStringLiteral("30");
        Cli json(common + QStringList{QStringLiteral("--json")}, environment);
        Cli human(common, environment);
        CLI_FINISH(json, 1000 + SlackMs);
        CLI_FINISH(human, 1000 + SlackMs);
        CLI_EXIT(json, ExitAsAsked);
        CLI_EXIT(human, ExitAsAsked);
        CLI_PARSE_JSON(json);

        // --packets did show the CONNECT (with the user name): the check below means something.
        bool sawConnect = false;
        for (const QJsonObject &packet : json.events(QStringLiteral("packet"), 1)) {
            if (text(packet, "type") == QLatin1String("CONNECT") &&
                text(packet, "direction") == QLatin1String("sent")) {
                sawConnect = true;
                QVERIFY2(text(packet, "summary").contains(QLatin1Char('u')),
                         qPrintable(compact(packet)));
            }
        }
        QVERIFY2(sawConnect, qPrintable(json.dump()));
        QVERIFY2(human.out().contains("CONNECT"), qPrintable(human.dump()));

        for (Cli *cli : {&json, &human}) {
            const QByteArray all = cli->out() + cli->err();
            QVERIFY2(!all.contains(password), qPrintable(cli->dump()));
            QVERIFY2(!all.toLower().contains(password.toHex()), qPrintable(cli->dump()));
            QVERIFY2(!all.contains(password.toBase64()), qPrintable(cli->dump()));
        }
    }

    // --help is the manual: every option, with its default where it has one.
    void helpListsEveryOption()
    {
        Cli cli({QStringLiteral("--help")});
        CLI_FINISH(cli, SlackMs);
        CLI_EXIT(cli, ExitAsAsked);
        const QString help = QString::fromUtf8(cli.out());
        QVERIFY2(help.contains(QLatin1String("Exit status")), qPrintable(help));

        // An option's entry: its line "  -k, --keep-alive <SECONDS>  ..." and the indented
        // lines that continue its description.
        QHash<QString, QString> entries;
        QString current;
        static const QRegularExpression start(QStringLiteral("^  (?:-\\w, )?--([\\w-]+)"));
        const QStringList lines = help.split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            const QRegularExpressionMatch match = start.match(line);
            if (match.hasMatch()) {
                current = match.captured(1);
                entries[current] = line;
            } else if (!current.isEmpty() && line.startsWith(QLatin1Char(' '))) {
                entries[current] += QLatin1Char(' ') + line.trimmed();
            } else {
                current.clear();
            }
        }
        const QStringList withDefault{
            QStringLiteral("host"),           QStringLiteral("port"),
            QStringLiteral("mqtt"),           QStringLiteral("client-id"),
            QStringLiteral("clean"),          QStringLiteral("session-expiry"),
            QStringLiteral("username"),       QStringLiteral("tls"),
            QStringLiteral("keep-alive"),     QStringLiteral("ping-timeout"),
            QStringLiteral("no-reconnect"),   QStringLiteral("will-topic"),
            QStringLiteral("will-payload"),   QStringLiteral("will-qos"),
            QStringLiteral("will-retain"),    QStringLiteral("will-delay"),
            QStringLiteral("subscribe"),      QStringLiteral("publish-qos"),
            QStringLiteral("publish-retain"), QStringLiteral("publish-every"),
            QStringLiteral("duration"),       QStringLiteral("count"),
            QStringLiteral("sessions"),       QStringLiteral("takeover-after"),
        };
        const QStringList withoutDefault{
            QStringLiteral("help"),     QStringLiteral("help-all"), QStringLiteral("version"),
            QStringLiteral("url"),      QStringLiteral("no-clean"), QStringLiteral("password-file"),
            QStringLiteral("cafile"),   QStringLiteral("cert"),     QStringLiteral("key"),
            QStringLiteral("insecure"), QStringLiteral("publish"),  QStringLiteral("fault"),
            QStringLiteral("json"),     QStringLiteral("quiet"),    QStringLiteral("packets"),
            QStringLiteral("pcap"),     QStringLiteral("lesson"),   QStringLiteral("lessons"),
            QStringLiteral("markdown"), QStringLiteral("html"),
        };
        for (const QString &option : withDefault + withoutDefault)
            QVERIFY2(entries.contains(option),
                     qPrintable(option + QStringLiteral(" missing:\n") + help));
        for (const QString &option : withDefault)
            QVERIFY2(entries.value(option).contains(QLatin1String("default"), Qt::CaseInsensitive),
                     qPrintable(QStringLiteral("no default in: ") + entries.value(option)));
        // No option the test does not know of: a new one must be added to a list above.
        for (auto it = entries.cbegin(); it != entries.cend(); ++it)
            QVERIFY2(withDefault.contains(it.key()) || withoutDefault.contains(it.key()),
                     qPrintable(QStringLiteral("unexpected option --") + it.key()));
        QVERIFY2(entries.value(QStringLiteral("keep-alive")).contains(QLatin1String("Default: 60")),
                 qPrintable(entries.value(QStringLiteral("keep-alive"))));
    }

    void versionPrintsTheVersion()
    {
        Cli cli({QStringLiteral("--version")});
        CLI_FINISH(cli, SlackMs);
        CLI_EXIT(cli, ExitAsAsked);
        QCOMPARE(QString::fromUtf8(cli.out()).trimmed(),
                 QStringLiteral("pingscope-cli ") + QStringLiteral(PINGSCOPE_VERSION));
        QVERIFY2(cli.err().isEmpty(), qPrintable(cli.dump()));
    }

private:
    // --host and --port of the test's broker.
    QStringList broker() const { return brokerArguments(m_broker); }

    BrokerFixture m_broker;
};

QTEST_GUILESS_MAIN(CliTest)
#include "tst_cli.moc"
