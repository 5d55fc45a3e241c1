#pragma once

// Runs the real pingscope-cli with QProcess for the CLI tests (tst_cli, tst_cliexitstatus):
// its output, its JSON lines (each checked as it is parsed), its exit status; bounded waits.

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

namespace CliTests {

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

inline QString tail(const QByteArray &text, qsizetype characters = 6000)
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
inline quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

// The options that point pingscope-cli at `broker`.
inline QStringList brokerArguments(const BrokerFixture &broker)
{
    return {QStringLiteral("--host"), broker.host(), QStringLiteral("--port"),
            QString::number(broker.port())};
}

inline QString unique(const QString &tag)
{
    return QStringLiteral("ps-cli-%1-%2").arg(tag).arg(QCoreApplication::applicationPid());
}

inline QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

inline QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace CliTests

using namespace CliTests;

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
