// pingscope-cli's exit statuses, each provoked for real: 1 when nothing listens and for a
// CONNACK refusal, 2 for usage errors, 3 when the broker goes away, 4 when the output cannot
// be written, and 0 when the reader of the output goes away (`| head -1`).

#include "cliprocess.h"

class CliExitStatusTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { PINGSCOPE_REQUIRE_BROKER(m_broker); }

    // Exit status 1 when nothing listens on the port, and at once: a first connection that
    // fails is not retried (even with reconnecting on), so nothing is coming back and the run
    // does not wait for its duration. stderr says which session and why.
    void nothingListensExitsOne_data()
    {
        QTest::addColumn<bool>("reconnect");
        QTest::newRow("no-reconnect") << false;
        QTest::newRow("reconnect") << true;
    }

    void nothingListensExitsOne()
    {
        QFETCH(bool, reconnect);
        const quint16 port = freePort();
        QVERIFY(port != 0);
        QStringList arguments{QStringLiteral("--host"), m_broker.host(),
                              QStringLiteral("--port"), QString::number(port),
                              QStringLiteral("--json"), QStringLiteral("--duration"),
                              QStringLiteral("10")};
        if (!reconnect)
            arguments << QStringLiteral("--no-reconnect");
        Cli cli(arguments);
        CLI_FINISH(cli, 10000 + SlackMs);
        CLI_EXIT(cli, ExitCouldNotConnect);
        CLI_PARSE_JSON(cli);
        QVERIFY2(cli.events(QStringLiteral("connected")).isEmpty(), qPrintable(cli.dump()));
        QCOMPARE(cli.summary().value(QLatin1String("exit_code")).toInt(-1), 1);
        const QString err = QString::fromUtf8(cli.err());
        QVERIFY2(err.contains(QLatin1String("session 1 could not connect")),
                 qPrintable(cli.dump()));
        QVERIFY2(err.contains(QLatin1String("refused"), Qt::CaseInsensitive),
                 qPrintable(cli.dump()));
        QVERIFY2(cli.events(QStringLiteral("reconnecting")).isEmpty(), qPrintable(cli.dump()));
        QCOMPARE(text(cli.summary(), "ending"),
                 QStringLiteral("no session connected or reconnecting"));
        QVERIFY2(cli.summary().value(QLatin1String("t")).toDouble() < 5.0, qPrintable(cli.dump()));
    }

    // Exit status 1 for a refusal by the broker: a mosquitto that admits no anonymous client
    // answers CONNECT with "not authorized", in 3.1.1 (return code 5) and 5.0 (0x87).
    void refusalExitsOne_data()
    {
        QTest::addColumn<QString>("version");
        QTest::newRow("3.1.1") << QStringLiteral("3.1.1");
        QTest::newRow("5.0") << QStringLiteral("5");
    }

    void refusalExitsOne()
    {
        QFETCH(QString, version);
        if (!m_closedBroker) {
            m_closedBroker = std::make_unique<BrokerFixture>(
                QStringList{QStringLiteral("allow_anonymous false")});
            PINGSCOPE_REQUIRE_BROKER(*m_closedBroker);
        }
        Cli cli({QStringLiteral("--host"), m_closedBroker->host(), QStringLiteral("--port"),
                 QString::number(m_closedBroker->port()), QStringLiteral("--mqtt"), version,
                 QStringLiteral("--json"), QStringLiteral("--duration"), QStringLiteral("10")});
        CLI_FINISH(cli, 10000 + SlackMs);
        CLI_EXIT(cli, ExitCouldNotConnect);
        CLI_PARSE_JSON(cli);
        QVERIFY2(cli.events(QStringLiteral("connected")).isEmpty(), qPrintable(cli.dump()));
        const QString err = QString::fromUtf8(cli.err());
        QVERIFY2(err.contains(QLatin1String("session 1 could not connect")),
                 qPrintable(cli.dump()));
        QVERIFY2(err.contains(QLatin1String("authori"), Qt::CaseInsensitive),
                 qPrintable(cli.dump()));
        // A refusal is final: no reconnecting to be refused again until the duration ends.
        QVERIFY2(cli.events(QStringLiteral("reconnecting")).isEmpty(), qPrintable(cli.dump()));
        QVERIFY2(cli.summary().value(QLatin1String("t")).toDouble() < 5.0, qPrintable(cli.dump()));
    }

    // Exit status 2 for a usage error, before connecting anywhere: stderr names the option
    // and its value, and never echoes a password.
    void usageErrorsExitTwo()
    {
        struct Case
        {
            QStringList arguments;
            QStringList stderrHas;
        };
        const QList<Case> cases{
            {{QStringLiteral("--keep-alive"), QStringLiteral("70000")},
             {QStringLiteral("--keep-alive 70000"), QStringLiteral("0 to 65535")}},
            {{QStringLiteral("--no-such-option")}, {QStringLiteral("no-such-option")}},
            {{QStringLiteral("--subscribe"), QStringLiteral("a/#/b")},
             {QStringLiteral("--subscribe a/#/b")}},
            {{QStringLiteral("--will-qos"), QStringLiteral("1")},
             {QStringLiteral("--will-qos needs --will-topic")}},
            {{QStringLiteral("--url"), QStringLiteral("mqtt://u:secret@localhost")},
             {QStringLiteral("--url"), QStringLiteral("password")}},
            {{QStringLiteral("--fault"), QStringLiteral("explode@1")},
             {QStringLiteral("--fault explode@1")}},
            {{QStringLiteral("--fault"), QStringLiteral("drop@soon")},
             {QStringLiteral("--fault drop@soon")}},
            {{QStringLiteral("--duration"), QStringLiteral("0")}, {QStringLiteral("--duration 0")}},
            {{QStringLiteral("--publish-every"), QStringLiteral("1")},
             {QStringLiteral("--publish-every needs --publish")}},
            {{QStringLiteral("--mqtt"), QStringLiteral("4")}, {QStringLiteral("--mqtt 4")}},
            {{QStringLiteral("stray")}, {QStringLiteral("unexpected argument \"stray\"")}},
            {{QStringLiteral("--url"), QStringLiteral("mqtt://localhost"), QStringLiteral("--port"),
              QStringLiteral("1883")},
             {QStringLiteral("--url and --host/--port")}},
        };
        // All at once: none of them may get as far as connecting (the broker is named by
        // --url in one case, by --host/--port in the others).
        std::vector<std::unique_ptr<Cli>> runs;
        for (const Case &c : cases) {
            const bool hasUrl = c.arguments.contains(QStringLiteral("--url"));
            runs.push_back(std::make_unique<Cli>(hasUrl ? c.arguments : broker() << c.arguments));
        }
        for (size_t i = 0; i < runs.size(); ++i) {
            Cli &cli = *runs[i];
            CLI_FINISH(cli, SlackMs);
            CLI_EXIT(cli, ExitUsage);
            QVERIFY2(cli.out().isEmpty(), qPrintable(cli.dump()));
            const QString err = QString::fromUtf8(cli.err());
            for (const QString &expected : cases.at(qsizetype(i)).stderrHas)
                QVERIFY2(err.contains(expected),
                         qPrintable(expected + QStringLiteral(" not in:\n") + cli.dump()));
            QVERIFY2(err.contains(QLatin1String("--help")), qPrintable(cli.dump()));
            QVERIFY2(!err.contains(QLatin1String("secret")), qPrintable(cli.dump()));
        }
    }

    // Exit status 3 when the broker goes away under a session that may not reconnect: the
    // run ends at once (nothing is connected or coming back), stderr says what was lost.
    void brokerGoneExitsThree()
    {
        BrokerFixture doomed;
        PINGSCOPE_REQUIRE_BROKER(doomed);
        Cli cli({QStringLiteral("--host"), doomed.host(), QStringLiteral("--port"),
                 QString::number(doomed.port()), QStringLiteral("--json"),
                 QStringLiteral("--no-reconnect"), QStringLiteral("--keep-alive"),
                 QStringLiteral("30"), QStringLiteral("--duration"), QStringLiteral("20")});
        QTRY_VERIFY2_WITH_TIMEOUT(cli.outContains("\"event\":\"connected\""),
                                  qPrintable(cli.dump()), OutputTimeoutMs);
        doomed.broker().stop();
        CLI_FINISH(cli, OutputTimeoutMs);
        CLI_EXIT(cli, ExitConnectionLost);
        CLI_PARSE_JSON(cli);
        QVERIFY2(cli.summary().value(QLatin1String("t")).toDouble() < 15.0, qPrintable(cli.dump()));
        QCOMPARE(cli.summary().value(QLatin1String("exit_code")).toInt(-1), 3);
        QCOMPARE(cli.summary().value(QLatin1String("connected_at_end")).toInt(-1), 0);
        QVERIFY2(cli.events(QStringLiteral("reconnecting")).isEmpty(), qPrintable(cli.dump()));
        const QString err = QString::fromUtf8(cli.err());
        QVERIFY2(err.contains(QLatin1String("session 1 lost its connection")),
                 qPrintable(cli.dump()));
    }

    // A reader that stops reading (`| head -1`) ends the run at once, as asked; without this
    // a monitor would run on unseen, since Qt ignores SIGPIPE.
    void aClosedOutputEndsTheRun()
    {
        // A real pipe to `head -1`, which exits after one line and closes its end.
        QProcess shell;
        shell.setProgram(QStringLiteral("bash"));
        shell.setArguments(QStringList{QStringLiteral("-c"),
                                       QStringLiteral("set -o pipefail; \"$0\" \"$@\" | head -1"),
                                       QStringLiteral(PINGSCOPE_CLI_PATH)}
                           << broker() << QStringLiteral("--json") << QStringLiteral("--keep-alive")
                           << QStringLiteral("1") << QStringLiteral("--duration")
                           << QStringLiteral("30"));
        QElapsedTimer clock;
        clock.start();
        shell.start();
        QVERIFY(shell.waitForFinished(15000));
        const QByteArray out = shell.readAllStandardOutput();
        QVERIFY2(out.contains("\"event\":\"connecting\""), out.constData());
        QCOMPARE(shell.exitCode(), int(ExitAsAsked)); // pipefail: the CLI's own status
        QVERIFY2(clock.elapsed() < 10000, "ended when its reader went away, not at --duration");
    }

    // Output that cannot be written (a full disk) is status 4, named on stderr.
    void unwritableOutputExitsFour()
    {
        QProcess process;
        process.setProgram(QStringLiteral(PINGSCOPE_CLI_PATH));
        process.setArguments(broker() << QStringLiteral("--duration") << QStringLiteral("5"));
        process.setStandardOutputFile(QStringLiteral("/dev/full"));
        process.start();
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), int(ExitOutputFailed));
        QVERIFY2(process.readAllStandardError().contains("No space left on device"),
                 "stderr names the problem");

        Cli capture(broker() << QStringLiteral("--quiet") << QStringLiteral("--duration")
                             << QStringLiteral("0.3") << QStringLiteral("--pcap")
                             << QStringLiteral("/dev/full"));
        CLI_FINISH(capture, 10000);
        CLI_EXIT(capture, ExitOutputFailed);
        QVERIFY2(capture.err().contains("capture"), qPrintable(capture.dump()));
    }

private:
    // --host and --port of the test's broker.
    QStringList broker() const { return brokerArguments(m_broker); }

    BrokerFixture m_broker;
    std::unique_ptr<BrokerFixture> m_closedBroker; // allow_anonymous false, made when needed
};

QTEST_GUILESS_MAIN(CliExitStatusTest)
#include "tst_cliexitstatus.moc"
