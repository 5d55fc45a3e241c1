#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>

#include <memory>

class QTemporaryDir;

namespace PingScope {

// Runs the system's mosquitto as a child process on a free 127.0.0.1 port with a generated
// configuration, for the app's "local test broker", the lessons and the integration tests.
//
// mosquitto cannot report a port the OS picked (its "listener 0" means a unix socket), so the
// OS picks one for a moment-long QTcpServer, which hands it to mosquitto; if another process
// takes the port in between, mosquitto fails to bind and start() tries a new port.
class LocalBroker : public QObject
{
    Q_OBJECT

public:
    explicit LocalBroker(QObject *parent = nullptr);
    ~LocalBroker() override;

    // The mosquitto executable, or an empty string if it is not installed.
    static QString findExecutable();
    // What to tell a person when findExecutable() finds nothing: the one wording of it, for
    // errorString(), the window and the broker log view.
    static QString notInstalledText();

    // Extra mosquitto.conf lines, e.g. "max_keepalive 10". Set before start().
    void setExtraConfig(const QStringList &lines) { m_extraConfig = lines; }

    // The port start() listens on. 0 (the default): a free port picked at each start(). A
    // fixed port lets a test stop mosquitto and start it again where its clients reconnect
    // (with `persistence true` and a `persistence_location` of the test's own, mosquitto
    // saves its sessions and queued messages on stop() and reloads them on start()). If the
    // port is taken, start() fails instead of picking another.
    void setPort(quint16 port) { m_fixedPort = port; }

    // A log line per client connecting and disconnecting, and when mosquitto drops a client
    // for exceeding 1.5 x its keep-alive: what a person watching the broker log wants to see.
    // Off by default: the log reaches us through a pipe drained only while an event loop
    // runs, and a test that blocks while hundreds of clients connect would fill it and
    // freeze mosquitto. Set before start().
    void setConnectionMessages(bool on) { m_connectionMessages = on; }

    // Starts mosquitto and waits (at most `timeoutMs`) until it accepts connections.
    // Returns false with errorString() set if it could not be started.
    bool start(int timeoutMs = 10000);
    void stop();

    bool isRunning() const;
    QString host() const { return QStringLiteral("127.0.0.1"); }
    quint16 port() const { return m_port; }
    QString version() const { return m_version; } // e.g. "2.0.11", once started
    // The generated mosquitto.conf while running, else an empty string.
    QString configPath() const;
    // Why start() failed, or why mosquitto ended unexpectedly; empty after a good start().
    QString errorString() const { return m_error; }
    // What mosquitto logged (the last 256 KiB, whole lines, across restarts) read up to now,
    // with our own lines for start, stop and unexpected exit: the history logAppended()
    // continues. For diagnosing a failed test, and for a log view opened late.
    QString log();

Q_SIGNALS:
    // New whole lines of the log (without the last line break), as they arrive: one signal
    // per read of mosquitto's output, or one of our own lines ("HH:mm:ss: [PingScope] ...").
    void logAppended(const QString &lines);
    // After a successful start(), after stop() of a running broker, after an unexpected exit.
    void runningChanged(bool running);
    // mosquitto ended without stop() being called: it crashed or was killed.
    void exitedUnexpectedly(const QString &reason);

private:
    enum class Attempt { Ready, PortTaken, Failed };
    bool tryPorts(int timeoutMs);
    Attempt startOnce(quint16 port, int timeoutMs);
    bool writeConfig(quint16 port);
    void onFinished(int exitCode);
    // Reads what mosquitto wrote, logs its whole lines and returns the bytes read.
    QByteArray readOutput();
    void drainLog() { readOutput(); }
    void flushPartialLine();
    // One line of our own, timestamped like mosquitto's (log_timestamp_format).
    void note(const QString &text);
    void appendLog(const QByteArray &lines);

    QStringList m_extraConfig;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess *m_process = nullptr;
    quint16 m_port = 0;
    quint16 m_fixedPort = 0; // setPort()
    QString m_version;
    QString m_error;
    QByteArray m_log;
    QByteArray m_partialLine; // output after the last line break: logged once it is whole
    bool m_connectionMessages = false;
    bool m_stopping = false;
};

} // namespace PingScope
