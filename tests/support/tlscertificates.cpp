#include "tlscertificates.h"

#include <QSslSocket>

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {

// Our own configuration, so that the result does not depend on the distribution's
// openssl.cnf (its default extensions, or a missing file on a minimal CI image).
const char OpensslConfig[] = R"([req]
distinguished_name = dn
prompt = no

[dn]
CN = unused

[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

const QString ConfigFile = QStringLiteral("openssl.cnf");
const QString ValidDays = QStringLiteral("2");

QString randomSerial()
{
    // Positive and unique enough that a client caching certificates never sees two alike.
    return QStringLiteral("0x%1").arg(QRandomGenerator::global()->generate64() >> 1, 0, 16);
}

} // namespace

TlsCertificates::TlsCertificates() = default;

TlsCertificates::~TlsCertificates() = default;

QString TlsCertificates::findOpenssl()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

QString TlsCertificates::directory() const
{
    return m_dir ? m_dir->path() : QString();
}

QString TlsCertificates::filePath(const char *name) const
{
    return m_dir ? m_dir->filePath(QLatin1String(name)) : QString();
}

QString TlsCertificates::writeOpensslConfig()
{
    QFile file(m_dir->filePath(ConfigFile));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(OpensslConfig) < 0)
        return QStringLiteral("could not write %1: %2").arg(file.fileName(), file.errorString());
    return QString();
}

QString TlsCertificates::run(const QStringList &arguments, int timeoutMs)
{
    const QString command = QStringLiteral("openssl ") + arguments.join(QLatin1Char(' '));
    if (timeoutMs <= 0)
        return QStringLiteral("ran out of time before `%1`").arg(command);
    QProcess process;
    process.setWorkingDirectory(m_dir->path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("OPENSSL_CONF"), m_dir->filePath(ConfigFile));
    process.setProcessEnvironment(environment);
    process.start(m_openssl, arguments);
    if (!process.waitForStarted(timeoutMs))
        return QStringLiteral("could not start `%1`: %2").arg(command, process.errorString());
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return QStringLiteral("`%1` did not finish within %2 ms").arg(command).arg(timeoutMs);
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return QStringLiteral("`%1` failed (exit code %2): %3")
            .arg(command)
            .arg(process.exitCode())
            .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
    }
    return QString();
}

QString TlsCertificates::generate(int timeoutMs)
{
    m_generated = false;
    m_openssl = findOpenssl();
    if (m_openssl.isEmpty())
        return QStringLiteral("the `openssl` command is not on PATH (install the openssl "
                              "package); it makes the test certificates");
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid())
        return QStringLiteral("could not create a temporary directory: %1")
            .arg(m_dir->errorString());
    if (QString problem = writeOpensslConfig(); !problem.isEmpty())
        return problem;

    const QString config = m_dir->filePath(ConfigFile);
    const auto newKey = [](const QString &file) {
        return QStringList{QStringLiteral("genpkey"),
                           QStringLiteral("-algorithm"),
                           QStringLiteral("EC"),
                           QStringLiteral("-pkeyopt"),
                           QStringLiteral("ec_paramgen_curve:P-256"),
                           QStringLiteral("-out"),
                           file};
    };
    const auto selfSignedCa = [&](const QString &key, const QString &commonName,
                                  const QString &certificate) {
        return QStringList{QStringLiteral("req"),
                           QStringLiteral("-new"),
                           QStringLiteral("-x509"),
                           QStringLiteral("-config"),
                           config,
                           QStringLiteral("-extensions"),
                           QStringLiteral("ca_ext"),
                           QStringLiteral("-key"),
                           key,
                           QStringLiteral("-subj"),
                           QStringLiteral("/CN=") + commonName,
                           QStringLiteral("-days"),
                           ValidDays,
                           QStringLiteral("-sha256"),
                           QStringLiteral("-out"),
                           certificate};
    };
    const auto request = [&](const QString &key, const QString &commonName, const QString &csr) {
        return QStringList{QStringLiteral("req"),     QStringLiteral("-new"),
                           QStringLiteral("-config"), config,
                           QStringLiteral("-key"),    key,
                           QStringLiteral("-subj"),   QStringLiteral("/CN=") + commonName,
                           QStringLiteral("-out"),    csr};
    };
    const auto sign = [&](const QString &csr, const QString &extensions,
                          const QString &certificate) {
        return QStringList{QStringLiteral("x509"),
                           QStringLiteral("-req"),
                           QStringLiteral("-in"),
                           csr,
                           QStringLiteral("-CA"),
                           caCertificateFile(),
                           QStringLiteral("-CAkey"),
                           caKeyFile(),
                           QStringLiteral("-set_serial"),
                           randomSerial(),
                           QStringLiteral("-days"),
                           ValidDays,
                           QStringLiteral("-sha256"),
                           QStringLiteral("-extfile"),
                           config,
                           QStringLiteral("-extensions"),
                           extensions,
                           QStringLiteral("-out"),
                           certificate};
    };

    const QString serverCsr = m_dir->filePath(QStringLiteral("server.csr"));
    const QString clientCsr = m_dir->filePath(QStringLiteral("client.csr"));
    const QList<QStringList> steps = {
        newKey(caKeyFile()),
        selfSignedCa(caKeyFile(), QStringLiteral("PingScope Test CA"), caCertificateFile()),
        newKey(serverKeyFile()),
        request(serverKeyFile(), serverCommonName(), serverCsr),
        sign(serverCsr, QStringLiteral("server_ext"), serverCertificateFile()),
        newKey(clientKeyFile()),
        request(clientKeyFile(), clientCommonName(), clientCsr),
        sign(clientCsr, QStringLiteral("client_ext"), clientCertificateFile()),
        newKey(otherCaKeyFile()),
        selfSignedCa(otherCaKeyFile(), QStringLiteral("PingScope Unrelated CA"),
                     otherCaCertificateFile()),
    };
    const QDeadlineTimer deadline(timeoutMs);
    for (const QStringList &step : steps) {
        if (QString problem = run(step, int(deadline.remainingTime())); !problem.isEmpty())
            return QStringLiteral("could not make the test certificates: ") + problem;
    }

    // openssl already writes keys owner-only; say so explicitly rather than trust a default.
    for (const QString &key : {caKeyFile(), serverKeyFile(), clientKeyFile(), otherCaKeyFile()})
        QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_generated = true;
    return QString();
}

QStringList TlsCertificates::mosquittoTlsListenerConfig(ClientCertificates clients) const
{
    Q_ASSERT(m_generated);
    return {
        QStringLiteral("cafile ") + caCertificateFile(),
        QStringLiteral("certfile ") + serverCertificateFile(),
        QStringLiteral("keyfile ") + serverKeyFile(),
        QStringLiteral("require_certificate %1")
            .arg(clients == ClientCertificates::Required ? QStringLiteral("true")
                                                         : QStringLiteral("false")),
    };
}

QString TlsCertificates::prepare()
{
    if (!QSslSocket::supportsSsl())
        return QStringLiteral("Qt has no working TLS backend (available: %1)")
            .arg(QSslSocket::availableBackends().join(QStringLiteral(", ")));
    return isGenerated() ? QString() : generate();
}
