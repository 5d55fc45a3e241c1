#include "localbroker.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTime>

#include <utility>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcBroker, "pingscope.broker")

namespace PingScope {

namespace {

constexpr int PortAttempts = 5;
constexpr qsizetype MaximumLogBytes = 256 * 1024;
// mosquitto's default stamp is seconds since 1970; people read the time of day.
constexpr const char *TimestampFormat = "%H:%M:%S";

quint16 reserveFreePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort(); // released when `server` goes out of scope
}

} // namespace

LocalBroker::LocalBroker(QObject *parent)
    : QObject(parent)
{}

LocalBroker::~LocalBroker()
{
    stop();
}

QString LocalBroker::findExecutable()
{
    // Debian installs the broker in /usr/sbin, which is not on every user's PATH.
    QString path = QStandardPaths::findExecutable(QStringLiteral("mosquitto"));
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            QStringLiteral("mosquitto"),
            {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    return path;
}

QString LocalBroker::notInstalledText()
{
    return tr("mosquitto is not installed (Debian: sudo apt install mosquitto)");
}

QString LocalBroker::configPath() const
{
    return isRunning() ? m_dir->filePath(QStringLiteral("mosquitto.conf")) : QString();
}

bool LocalBroker::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

bool LocalBroker::start(int timeoutMs)
{
    stop();
    m_error.clear();
    if (!tryPorts(timeoutMs)) {
        stop(); // never leave a half-started broker behind; keeps m_error
        note(tr("could not start mosquitto: %1").arg(m_error));
        return false;
    }
    qCInfo(lcBroker, "mosquitto %s listening on 127.0.0.1:%u", qPrintable(m_version), m_port);
    note(tr("mosquitto %1 started on %2:%3 with %4")
             .arg(m_version, host())
             .arg(m_port)
             .arg(configPath()));
    Q_EMIT runningChanged(true);
    return true;
}

bool LocalBroker::tryPorts(int timeoutMs)
{
    if (findExecutable().isEmpty()) {
        m_error = notInstalledText();
        return false;
    }
    if (m_fixedPort != 0) {
        switch (startOnce(m_fixedPort, timeoutMs)) {
        case Attempt::Ready:
            return true;
        case Attempt::PortTaken:
            m_error = tr("port %1 on 127.0.0.1 is in use").arg(m_fixedPort);
            return false;
        case Attempt::Failed:
            return false;
        }
    }
    const QDeadlineTimer deadline(timeoutMs);
    for (int attempt = 0; attempt < PortAttempts && !deadline.hasExpired(); ++attempt) {
        const quint16 port = reserveFreePort();
        if (port == 0) {
            m_error = tr("no free TCP port on 127.0.0.1");
            return false;
        }
        switch (startOnce(port, int(deadline.remainingTime()))) {
        case Attempt::Ready:
            return true;
        case Attempt::PortTaken:
            qCInfo(lcBroker, "port %u was taken before mosquitto bound it; retrying", port);
            continue;
        case Attempt::Failed:
            return false;
        }
    }
    if (m_error.isEmpty())
        m_error = tr("mosquitto did not start within %1 ms").arg(timeoutMs);
    return false;
}

LocalBroker::Attempt LocalBroker::startOnce(quint16 port, int timeoutMs)
{
    if (!writeConfig(port))
        return Attempt::Failed;
    delete m_process;
    m_process = new QProcess(this);
    // mosquitto logs to stderr; merged, it is what waitForReadyRead() waits for.
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(findExecutable(),
                     {QStringLiteral("-c"), m_dir->filePath(QStringLiteral("mosquitto.conf"))});
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error = tr("could not run mosquitto: %1").arg(m_process->errorString());
        return Attempt::Failed;
    }
    // mosquitto logs "mosquitto version X running" once its listeners are open. Only this
    // attempt's output counts: the log goes on across attempts and restarts.
    static const QRegularExpression running(QStringLiteral("mosquitto version (\\S+) running"));
    QByteArray output;
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        output += readOutput();
        const QRegularExpressionMatch match = running.match(QString::fromUtf8(output));
        if (match.hasMatch()) {
            m_version = match.captured(1);
            m_port = port;
            // Keep reading stderr so that mosquitto never blocks on a full pipe.
            connect(m_process, &QProcess::readyReadStandardOutput, this, &LocalBroker::drainLog);
            connect(m_process, &QProcess::finished, this, &LocalBroker::onFinished);
            return Attempt::Ready;
        }
        if (m_process->state() != QProcess::Running) {
            m_process->waitForFinished(1000);
            output += readOutput();
            flushPartialLine();
            if (output.contains("Address already in use"))
                return Attempt::PortTaken;
            m_error =
                tr("mosquitto exited during start-up: %1").arg(QString::fromUtf8(output).trimmed());
            return Attempt::Failed;
        }
        m_process->waitForReadyRead(int(deadline.remainingTime()));
    }
    m_error = tr("mosquitto did not report itself running within %1 ms").arg(timeoutMs);
    return Attempt::Failed;
}

void LocalBroker::onFinished(int exitCode)
{
    drainLog();
    flushPartialLine();
    if (m_stopping)
        return;
    const QString reason =
        m_process->exitStatus() == QProcess::CrashExit
            ? tr("mosquitto on port %1 crashed").arg(m_port)
            : tr("mosquitto on port %1 exited with code %2").arg(m_port).arg(exitCode);
    m_error = reason;
    note(reason);
    Q_EMIT runningChanged(false);
    Q_EMIT exitedUnexpectedly(reason);
}

bool LocalBroker::writeConfig(quint16 port)
{
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        m_error = tr("could not create a temporary directory: %1").arg(m_dir->errorString());
        return false;
    }
    QStringList lines = {
        QStringLiteral("listener %1 127.0.0.1").arg(port),
        QStringLiteral("allow_anonymous true"),
        QStringLiteral("persistence false"),
        QStringLiteral("log_dest stderr"),
        QStringLiteral("log_type error"),
        QStringLiteral("log_type warning"),
        QStringLiteral("log_type notice"),
        QStringLiteral("log_type information"), // "mosquitto version X running" is one
        QStringLiteral("log_timestamp_format %1").arg(QLatin1String(TimestampFormat)),
        // See setConnectionMessages(): off unless asked, for a pipe that never fills.
        QStringLiteral("connection_messages %1")
            .arg(m_connectionMessages ? QLatin1String("true") : QLatin1String("false")),
    };
#ifdef Q_OS_UNIX
    // Started as root, mosquitto drops to the "mosquitto" (or "nobody") user after reading
    // its configuration; a broker we start for ourselves stays who we are.
    if (::geteuid() == 0)
        lines << QStringLiteral("user root");
#endif
    lines << m_extraConfig;
    QFile file(m_dir->filePath(QStringLiteral("mosquitto.conf")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n') < 0) {
        m_error = tr("could not write the mosquitto configuration: %1").arg(file.errorString());
        return false;
    }
    return true;
}

QByteArray LocalBroker::readOutput()
{
    if (!m_process)
        return {};
    const QByteArray bytes = m_process->readAllStandardOutput();
    m_partialLine += bytes;
    // Whole lines only: a read may end mid-line (or mid-character).
    const qsizetype end = m_partialLine.lastIndexOf('\n');
    if (end >= 0) {
        appendLog(m_partialLine.left(end + 1));
        m_partialLine.remove(0, end + 1);
    }
    if (m_partialLine.size() > MaximumLogBytes) // no line break for that long: not a log line
        flushPartialLine();
    return bytes;
}

void LocalBroker::flushPartialLine()
{
    if (!m_partialLine.isEmpty())
        appendLog(std::exchange(m_partialLine, {}) + '\n');
}

void LocalBroker::note(const QString &text)
{
    // The same stamp as mosquitto's own lines (TimestampFormat), for display only.
    appendLog(QStringLiteral("%1: [PingScope] %2\n")
                  .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), text)
                  .toUtf8());
}

void LocalBroker::appendLog(const QByteArray &lines)
{
    m_log += lines;
    if (m_log.size() > MaximumLogBytes) {
        // Drop whole lines from the front, so the log never starts mid-line.
        qsizetype cut = m_log.size() - MaximumLogBytes;
        const qsizetype lineEnd = m_log.indexOf('\n', cut - 1);
        cut = lineEnd < 0 ? m_log.size() : lineEnd + 1;
        m_log.remove(0, cut);
    }
    Q_EMIT logAppended(QString::fromUtf8(lines.chopped(1)));
}

QString LocalBroker::log()
{
    drainLog();
    return QString::fromUtf8(m_log);
}

void LocalBroker::stop()
{
    if (!m_process)
        return;
    const bool wasRunning = isRunning();
    const quint16 port = m_port;
    m_stopping = true;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    drainLog();
    flushPartialLine();
    delete m_process;
    m_process = nullptr;
    m_port = 0;
    m_stopping = false;
    // Only a broker that had started: a failed start says so in its own line.
    if (wasRunning && port != 0) {
        note(tr("stopped mosquitto on port %1").arg(port));
        Q_EMIT runningChanged(false);
    }
}

} // namespace PingScope
