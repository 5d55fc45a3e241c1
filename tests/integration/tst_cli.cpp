// pingscope-cli end to end: the real binary, run with QProcess, against a real mosquitto
// (BrokerFixture). Each test reads what the binary prints (JSON lines: every line must parse
// and carry t, session and event; the summary comes last), its stderr and its exit status:
// keep-alive pings, --count and --duration, the documented exit statuses (0, 1 for nothing
// listening and for a refusal, 2 for usage errors, 3 for a lost connection), the take-over
// experiment, a keep-alive enforced by the broker after pause-pings, several sessions, a
// password that is never printed, a will seen by a second process, --help and --version.
//
// No sleeps: a process is waited for with a bound (QProcess::waitForFinished), and output
// that must appear before the next step with QTRY_VERIFY_WITH_TIMEOUT.

#include "brokerfixture.h"
#include "pingscope_version.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifndef PINGSCOPE_CLI_PATH
#error "PINGSCOPE_CLI_PATH must name the pingscope-cli binary"
#endif

namespace {

// How long a run may take beyond the duration it was given: start-up, the DISCONNECTs at the
// end (the CLI waits at most 3 s for them) and a loaded machine.
constexpr int SlackMs = 15000;
constexpr int StartTimeoutMs = 5000;
constexpr int OutputTimeoutMs = 10000;

enum ExitStatus {
    ExitAsAsked = 0,
    ExitCouldNotConnect = 1,
    ExitUsage = 2,
    ExitConnectionLost = 3,
    ExitOutputFailed = 4
};

QString tail(const QByteArray &text, qsizetype characters = 6000)
{
    const QString all = QString::fromUtf8(text);
    return all.size() <= characters ? all : QStringLiteral("...") + all.right(characters);
}

// One pingscope-cli process, started at construction.
class Cli
{
public:
    explicit Cli(const QStringList &arguments,
                 const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
        : m_arguments(arguments)
    {
        m_process.setProgram(QStringLiteral(PINGSCOPE_CLI_PATH));
        m_process.setArguments(arguments);
        m_process.setProcessEnvironment(environment);
        m_clock.start();
        m_process.start();
    }

    ~Cli()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(StartTimeoutMs);
        }
    }

    Q_DISABLE_COPY(Cli)

    // Waits at most `timeoutMs` for the process to end. Returns an empty string if it ended on
    // its own (any exit status), else what went wrong; a process still running is killed.
    QString finish(int timeoutMs)
    {
        if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(timeoutMs)) {
            m_process.kill();
            m_process.waitForFinished(StartTimeoutMs);
            collect();
            return QStringLiteral("still running after %1 ms, killed\n%2")
                .arg(timeoutMs)
                .arg(dump());
        }
        m_elapsedMs = m_clock.elapsed();
        collect();
        if (m_process.error() == QProcess::FailedToStart)
            return QStringLiteral("could not start %1: %2")
                .arg(m_process.program(), m_process.errorString());
        if (m_process.exitStatus() != QProcess::NormalExit)
            return QStringLiteral("crashed\n%1").arg(dump());
        return QString();
    }

    // Everything printed so far (also while the process runs).
    QByteArray out()
    {
        collect();
        return m_out;
    }
    QByteArray err()
    {
        collect();
        return m_err;
    }
    bool outContains(const char *text) { return out().contains(text); }

    // SIGTERM, which the CLI takes as Ctrl-C.
    void terminate() { m_process.terminate(); }

    int exitCode() const { return m_process.exitCode(); }
    qint64 elapsedMs() const { return m_elapsedMs; }

    // Parses stdout as JSON lines: every line an object with a number "t" and a string
    // "event"; every line but the summary with a whole number "session" >= 1; the summary
    // last and only there. Returns an empty string if all is well, else the problem.
    QString parseJson()
    {
        m_events.clear();
        m_summary = QJsonObject();
        const QList<QByteArray> lines = out().split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            if (line.isEmpty() && i == lines.size() - 1)
                break; // after the last newline
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            const QString where =
                QStringLiteral("line %1 \"%2\"").arg(i + 1).arg(QString::fromUtf8(line));
            if (error.error != QJsonParseError::NoError || !document.isObject())
                return QStringLiteral("%1: not a JSON object (%2)\n%3")
                    .arg(where, error.errorString(), dump());
            const QJsonObject object = document.object();
            if (!object.value(QLatin1String("t")).isDouble() ||
                object.value(QLatin1String("t")).toDouble() < 0)
                return QStringLiteral("%1: no time \"t\"").arg(where);
            const QString event = object.value(QLatin1String("event")).toString();
            if (event.isEmpty())
                return QStringLiteral("%1: no \"event\"").arg(where);
            if (!m_summary.isEmpty())
                return QStringLiteral("%1: after the summary").arg(where);
            if (event == QLatin1String("summary")) {
                m_summary = object;
                continue;
            }
            const QJsonValue session = object.value(QLatin1String("session"));
            if (!session.isDouble() || session.toInt() < 1 ||
                session.toDouble() != double(session.toInt()))
                return QStringLiteral("%1: no session number").arg(where);
            m_events.append(object);
        }
        if (m_summary.isEmpty())
            return QStringLiteral("no summary line\n%1").arg(dump());
        return QString();
    }

    // After parseJson(): the events named `name` (of session `session` if it is > 0).
    QList<QJsonObject> events(const QString &name, int session = 0) const
    {
        QList<QJsonObject> found;
        for (const QJsonObject &event : m_events) {
            if (event.value(QLatin1String("event")).toString() == name &&
                (session <= 0 || event.value(QLatin1String("session")).toInt() == session))
                found.append(event);
        }
        return found;
    }
    const QList<QJsonObject> &allEvents() const { return m_events; }
    const QJsonObject &summary() const { return m_summary; }

    QString dump()
    {
        collect();
        return QStringLiteral(
                   "pingscope-cli %1\nexit %2 after %3 ms\n--- stdout:\n%4\n--- stderr:\n%5")
            .arg(m_arguments.join(QLatin1Char(' ')))
            .arg(m_process.state() == QProcess::NotRunning ? QString::number(exitCode())
                                                           : QStringLiteral("(running)"))
            .arg(m_clock.elapsed())
            .arg(tail(m_out), tail(m_err));
    }

private:
    void collect()
    {
        m_out += m_process.readAllStandardOutput();
        m_err += m_process.readAllStandardError();
    }

    QStringList m_arguments;
    QProcess m_process;
    QElapsedTimer m_clock;
    qint64 m_elapsedMs = -1;
    QByteArray m_out;
    QByteArray m_err;
    QList<QJsonObject> m_events;
    QJsonObject m_summary;
};

// A port nothing listens on: the OS picks a free one for a moment.
quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

QString unique(const QString &tag)
{
    return QStringLiteral("ps-cli-%1-%2").arg(tag).arg(QCoreApplication::applicationPid());
}

QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

// Finishes `cli` within `timeoutMs` (fails the test if it hangs or crashes).
#define CLI_FINISH(cli, timeoutMs)                                                                 \
    do {                                                                                           \
        const QString finishProblem_ = (cli).finish(timeoutMs);                                    \
        QVERIFY2(finishProblem_.isEmpty(), qPrintable(finishProblem_));                            \
    } while (false)

// Parses `cli`'s stdout as JSON lines (fails the test on the first bad line).
#define CLI_PARSE_JSON(cli)                                                                        \
    do {                                                                                           \
        const QString parseProblem_ = (cli).parseJson();                                           \
        QVERIFY2(parseProblem_.isEmpty(), qPrintable(parseProblem_));                              \
    } while (false)

#define CLI_EXIT(cli, expected)                                                                    \
    QVERIFY2(                                                                                      \
        (cli).exitCode() == (expected),                                                            \
        qPrintable(QStringLiteral("expected exit status %1\n%2").arg(expected).arg((cli).dump())))

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

    // A half-open link on purpose: black-hole swallows everything, the PINGREQ goes
    // unanswered, the ping times out, and without reconnecting the run ends. The loss is what
    // the run asked for: status 0.
    void blackHoleEndsInPingTimeout()
    {
        Cli cli(broker() << QStringLiteral("--json") << QStringLiteral("--fault")
                         << QStringLiteral("black-hole@0.5") << QStringLiteral("--keep-alive")
                         << QStringLiteral("1") << QStringLiteral("--no-reconnect")
                         << QStringLiteral("--duration") << QStringLiteral("20"));
        CLI_FINISH(cli, 20000 + SlackMs);
        CLI_EXIT(cli, ExitAsAsked);
        CLI_PARSE_JSON(cli);
        const auto faults = cli.events(QStringLiteral("fault-injected"), 1);
        QVERIFY2(faults.size() == 1 && text(faults.first(), "fault") == QLatin1String("black-hole"),
                 qPrintable(cli.dump()));
        const auto timeouts = cli.events(QStringLiteral("ping-timeout"), 1);
        QVERIFY2(timeouts.size() == 1, qPrintable(cli.dump()));
        QVERIFY2(timeouts.first().value(QLatin1String("waited_ms")).toDouble() >= 900,
                 qPrintable(compact(timeouts.first())));
        QVERIFY2(cli.summary().value(QLatin1String("t")).toDouble() < 10.0, qPrintable(cli.dump()));
        QCOMPARE(cli.summary().value(QLatin1String("ping_timeouts")).toInt(-1), 1);
        QVERIFY2(cli.err().isEmpty(), qPrintable(cli.dump()));
    }

    // --takeover-after 1: a second session with session 1's client ID connects; mosquitto
    // closes session 1, which reports the take-over by session 2 and does not fight back.
    void takeoverExperiment_data()
    {
        QTest::addColumn<QString>("version");
        QTest::newRow("3.1.1") << QStringLiteral("3.1.1");
        QTest::newRow("5.0") << QStringLiteral("5");
    }

    void takeoverExperiment()
    {
        QFETCH(QString, version);
        const QString clientId = unique(QStringLiteral("takeover"));
        Cli cli(broker() << QStringLiteral("--json") << QStringLiteral("--mqtt") << version
                         << QStringLiteral("--takeover-after") << QStringLiteral("1")
                         << QStringLiteral("--duration") << QStringLiteral("3")
                         << QStringLiteral("--keep-alive") << QStringLiteral("2")
                         << QStringLiteral("-i") << clientId);
        CLI_FINISH(cli, 3000 + SlackMs);
        CLI_EXIT(cli, ExitAsAsked);
        CLI_PARSE_JSON(cli);

        const auto connected2 = cli.events(QStringLiteral("connected"), 2);
        QVERIFY2(connected2.size() == 1, qPrintable(cli.dump()));
        QCOMPARE(text(connected2.first(), "client_id"), clientId);

        const auto takenOver = cli.events(QStringLiteral("taken-over"), 1);
        const auto closed = cli.events(QStringLiteral("closed-by-broker"), 1);
        bool byTwo = false;
        for (const QJsonObject &event : takenOver)
            byTwo = byTwo || event.value(QLatin1String("by")).toInt(-1) == 2;
        for (const QJsonObject &event : closed)
            byTwo = byTwo || text(event, "diagnosis") == QLatin1String("taken-over");
        QVERIFY2(byTwo, qPrintable(cli.dump()));
        if (!takenOver.isEmpty())
            QCOMPARE(text(takenOver.first(), "client_id"), clientId);
        // Session 1 lets session 2 have the client ID: no reconnect, no flapping.
        QVERIFY2(cli.events(QStringLiteral("connected"), 1).size() == 1, qPrintable(cli.dump()));
        QVERIFY2(cli.events(QStringLiteral("takeover-flapping")).isEmpty(), qPrintable(cli.dump()));
        QCOMPARE(cli.summary().value(QLatin1String("taken_over")).toInt(-1), 1);
        QCOMPARE(cli.summary().value(QLatin1String("connected_at_end")).toInt(-1), 1);
        QVERIFY2(cli.err().isEmpty(), qPrintable(cli.dump()));
    }

    // pause-pings with a 1 s keep-alive: mosquitto closes the silent connection, and the CLI
    // diagnoses it as keep-alive. mosquitto 2.0.11 enforces 1.5 x the keep-alive in whole
    // seconds (1 s * 3 / 2 = 1: closed after 2 s of silence) and looks only every 6 s, so the
    // close comes 2 to 8 s after the last packet. Without reconnecting, the run ends then:
    // the long duration costs nothing unless the close never comes.
    void pausedPingsAreClosedForKeepAlive()
    {
        Cli cli(broker() << QStringLiteral("--json") << QStringLiteral("--fault")
                         << QStringLiteral("pause-pings@0.5") << QStringLiteral("--keep-alive")
                         << QStringLiteral("1") << QStringLiteral("--no-reconnect")
                         << QStringLiteral("--duration") << QStringLiteral("15"));
        CLI_FINISH(cli, 15000 + SlackMs);
        CLI_PARSE_JSON(cli);
        const auto faults = cli.events(QStringLiteral("fault-injected"), 1);
        QVERIFY2(faults.size() == 1 &&
                     text(faults.first(), "fault") == QLatin1String("pause-pings"),
                 qPrintable(cli.dump()));
        const auto closed = cli.events(QStringLiteral("closed-by-broker"), 1);
        QVERIFY2(closed.size() == 1, qPrintable(cli.dump()));
        QCOMPARE(text(closed.first(), "diagnosis"), QStringLiteral("keep-alive"));
        QVERIFY2(!text(closed.first(), "explanation").isEmpty(),
                 qPrintable(compact(closed.first())));
        // Closed at 1.5 x 1 s of silence at the earliest.
        QVERIFY2(closed.first().value(QLatin1String("silent_ms")).toDouble() >= 1400,
                 qPrintable(compact(closed.first())));
        QVERIFY2(faults.first().value(QLatin1String("t")).toDouble() <
                     closed.first().value(QLatin1String("t")).toDouble(),
                 qPrintable(cli.dump()));
        QCOMPARE(cli.summary().value(QLatin1String("closed_by_broker")).toInt(-1), 1);
        // No PINGREQ once paused (the first is due at 1 s).
        QVERIFY2(cli.events(QStringLiteral("pingreq")).isEmpty(), qPrintable(cli.dump()));
        // The connection is lost and may not come back, as the run asked: it ends before
        // the duration, with status 0.
        CLI_EXIT(cli, ExitAsAsked);
        QCOMPARE(text(cli.summary(), "ending"),
                 QStringLiteral("no session connected or reconnecting"));
        QVERIFY2(cli.err().isEmpty(), qPrintable(cli.dump()));
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

    // A will seen from another process: the owner (with a will) drops its connection on
    // purpose, mosquitto publishes the will, and a watcher subscribed to the will topic
    // receives it as a message. A drop is what the owner asked for: exit status 0.
    void willReachesAWatcher()
    {
        const QString willTopic = unique(QStringLiteral("will")) + QStringLiteral("/status");
        Cli watcher(broker() << QStringLiteral("--json") << QStringLiteral("--packets")
                             << QStringLiteral("--subscribe") << willTopic + QStringLiteral("@1")
                             << QStringLiteral("--count") << QStringLiteral("1"));
        QTRY_VERIFY2_WITH_TIMEOUT(watcher.outContains("\"type\":\"SUBACK\""),
                                  qPrintable(watcher.dump()), OutputTimeoutMs);
        Cli owner(broker() << QStringLiteral("--json") << QStringLiteral("--will-topic")
                           << willTopic << QStringLiteral("--will-payload")
                           << QStringLiteral("gone") << QStringLiteral("--will-qos")
                           << QStringLiteral("1") << QStringLiteral("--fault")
                           << QStringLiteral("drop@1") << QStringLiteral("--no-reconnect")
                           << QStringLiteral("--duration") << QStringLiteral("10"));

        CLI_FINISH(watcher, 10000 + SlackMs);
        CLI_EXIT(watcher, ExitAsAsked);
        CLI_PARSE_JSON(watcher);
        const auto messages = watcher.events(QStringLiteral("message"), 1);
        QVERIFY2(messages.size() == 1, qPrintable(watcher.dump()));
        QCOMPARE(text(messages.first(), "topic"), willTopic);
        QCOMPARE(text(messages.first(), "payload"), QStringLiteral("gone"));
        QCOMPARE(messages.first().value(QLatin1String("qos")).toInt(-1), 1);

        CLI_FINISH(owner, 10000 + SlackMs);
        CLI_EXIT(owner, ExitAsAsked);
        CLI_PARSE_JSON(owner);
        const auto faults = owner.events(QStringLiteral("fault-injected"), 1);
        QVERIFY2(faults.size() == 1 && text(faults.first(), "fault") == QLatin1String("drop"),
                 qPrintable(owner.dump()));
        // Nothing connected or coming back after the drop: the run ends before its duration.
        QVERIFY2(owner.summary().value(QLatin1String("t")).toDouble() < 8.0,
                 qPrintable(owner.dump()));
        QVERIFY2(owner.err().isEmpty(), qPrintable(owner.dump()));
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
            QStringLiteral("pcap"),
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
    QStringList broker() const
    {
        return {QStringLiteral("--host"), m_broker.host(), QStringLiteral("--port"),
                QString::number(m_broker.port())};
    }

    BrokerFixture m_broker;
    std::unique_ptr<BrokerFixture> m_closedBroker; // allow_anonymous false, made when needed
};

QTEST_GUILESS_MAIN(CliTest)
#include "tst_cli.moc"
