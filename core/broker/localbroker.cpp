#include "localbroker.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcBroker, "pingscope.broker")

namespace PingScope {

namespace {

constexpr int PortAttempts = 5;
constexpr qsizetype MaximumLogBytes = 256 * 1024;

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

bool LocalBroker::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

bool LocalBroker::start(int timeoutMs)
{
    stop();
    m_error.clear();
    if (findExecutable().isEmpty()) {
        m_error = tr("mosquitto is not installed (Debian: apt-get install mosquitto)");
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    if (m_fixedPort != 0) {
        switch (startOnce(m_fixedPort, timeoutMs)) {
        case Attempt::Ready:
            qCInfo(lcBroker, "mosquitto %s listening on 127.0.0.1:%u (fixed port)",
                   qPrintable(m_version), m_port);
            return true;
        case Attempt::PortTaken:
            m_error = tr("port %1 on 127.0.0.1 is in use").arg(m_fixedPort);
            break;
        case Attempt::Failed:
            break;
        }
        stop(); // never leave a half-started broker behind; keeps m_error
        return false;
    }
    for (int attempt = 0; attempt < PortAttempts && !deadline.hasExpired(); ++attempt) {
        const quint16 port = reserveFreePort();
        if (port == 0) {
            m_error = tr("no free TCP port on 127.0.0.1");
            return false;
        }
        switch (startOnce(port, int(deadline.remainingTime()))) {
        case Attempt::Ready:
            qCInfo(lcBroker, "mosquitto %s listening on 127.0.0.1:%u", qPrintable(m_version),
                   m_port);
            return true;
        case Attempt::PortTaken:
            qCInfo(lcBroker, "port %u was taken before mosquitto bound it; retrying", port);
            continue;
        case Attempt::Failed:
            stop(); // never leave a half-started broker behind; keeps m_error
            return false;
        }
    }
    if (m_error.isEmpty())
        m_error = tr("mosquitto did not start within %1 ms").arg(timeoutMs);
    stop(); // never leave a half-started broker behind; keeps m_error
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
    m_log.clear();
    m_process->start(findExecutable(),
                     {QStringLiteral("-c"), m_dir->filePath(QStringLiteral("mosquitto.conf"))});
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error = tr("could not run mosquitto: %1").arg(m_process->errorString());
        return Attempt::Failed;
    }
    // mosquitto logs "mosquitto version X running" once its listeners are open.
    static const QRegularExpression running(QStringLiteral("mosquitto version (\\S+) running"));
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        drainLog();
        const QRegularExpressionMatch match = running.match(QString::fromUtf8(m_log));
        if (match.hasMatch()) {
            m_version = match.captured(1);
            m_port = port;
            // Keep reading stderr so that mosquitto never blocks on a full pipe.
            connect(m_process, &QProcess::readyReadStandardOutput, this, &LocalBroker::drainLog);
            connect(m_process, &QProcess::finished, this, [this](int exitCode) {
                drainLog();
                if (m_stopping)
                    return;
                Q_EMIT exitedUnexpectedly(
                    m_process->exitStatus() == QProcess::CrashExit
                        ? tr("mosquitto on port %1 crashed").arg(m_port)
                        : tr("mosquitto on port %1 exited with code %2").arg(m_port).arg(exitCode));
            });
            return Attempt::Ready;
        }
        if (m_process->state() != QProcess::Running) {
            m_process->waitForFinished(1000);
            drainLog();
            if (m_log.contains("Address already in use"))
                return Attempt::PortTaken;
            m_error =
                tr("mosquitto exited during start-up: %1").arg(QString::fromUtf8(m_log).trimmed());
            return Attempt::Failed;
        }
        m_process->waitForReadyRead(int(deadline.remainingTime()));
    }
    m_error = tr("mosquitto did not report itself running within %1 ms").arg(timeoutMs);
    return Attempt::Failed;
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
        // No line per connection: the log goes through a pipe that is drained only while an
        // event loop runs, and a full pipe would freeze mosquitto mid-test.
        QStringLiteral("connection_messages false"),
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

void LocalBroker::drainLog()
{
    if (!m_process)
        return;
    m_log += m_process->readAllStandardOutput();
    if (m_log.size() > MaximumLogBytes)
        m_log.remove(0, m_log.size() - MaximumLogBytes);
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
    m_stopping = true;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    drainLog();
    delete m_process;
    m_process = nullptr;
    m_port = 0;
    m_stopping = false;
}

} // namespace PingScope
