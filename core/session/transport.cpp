#include "transport.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcTransport, "pingscope.transport")

namespace PingScope {

namespace {

// A black-holed socket that its session has given up on stays open this long, reading and
// discarding, so the broker sees what a real half-open link shows it: silence, not a close.
constexpr int HalfOpenLingerMs = 10 * 60 * 1000;

QString certificateText(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return QString();
    return QStringLiteral(" (certificate \"%1\", issued by \"%2\", valid %3 to %4)")
        .arg(certificate.subjectDisplayName(), certificate.issuerDisplayName(),
             certificate.effectiveDate().toString(Qt::ISODate),
             certificate.expiryDate().toString(Qt::ISODate));
}

QSslKey readKey(const QString &path, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem =
            QStringLiteral("cannot read the client key %1: %2").arg(path, file.errorString());
        return {};
    }
    const QByteArray pem = file.readAll();
    // The PEM does not always say which algorithm it holds ("BEGIN PRIVATE KEY").
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    *problem = QStringLiteral("%1 holds no private key PingScope can read (PEM RSA, EC or DSA, "
                              "without a passphrase)")
                   .arg(path);
    return {};
}

// The TLS configuration for `tls`, or a problem with its files.
QString configureTls(QSslSocket *socket, const TlsSettings &tls)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!tls.caFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(tls.caFile, QSsl::Pem);
        if (cas.isEmpty())
            return QStringLiteral("no PEM certificate in the CA file %1").arg(tls.caFile);
        config.setCaCertificates(cas);
    }
    if (!tls.certificateFile.isEmpty()) {
        const QList<QSslCertificate> certs =
            QSslCertificate::fromPath(tls.certificateFile, QSsl::Pem);
        if (certs.isEmpty())
            return QStringLiteral("no PEM certificate in %1").arg(tls.certificateFile);
        QString problem;
        const QSslKey key = readKey(tls.keyFile, &problem);
        if (key.isNull())
            return problem;
        config.setLocalCertificate(certs.first());
        config.setPrivateKey(key);
    }
    // Always verify: with "allow insecure" the errors are ignored one by one in
    // onSslErrors(), so the session can still show what was wrong.
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket->setSslConfiguration(config);
    return QString();
}

} // namespace

Transport::Transport(QObject *parent)
    : QObject(parent)
{}

Transport::~Transport()
{
    abort();
}

void Transport::open(const SessionSettings &settings)
{
    abort();
    ++m_generation; // outcomes still queued for an earlier connection are ignored
    m_active = true;
    m_tls = settings.tls.enabled;
    m_opened = false;
    m_closing = false;
    m_blackHoled = false;
    m_discardedIn = m_discardedOut = 0;
    m_tlsErrorText.clear();
    m_ignoredTlsErrors.clear();
    m_allowInsecure = settings.tls.allowInsecure;
    m_peer = QStringLiteral("%1:%2 (%3)")
                 .arg(settings.host)
                 .arg(settings.port)
                 .arg(m_tls ? QStringLiteral("TLS") : QStringLiteral("TCP"));

    if (!m_tls) {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &Transport::onConnected);
    } else {
        if (!QSslSocket::supportsSsl()) {
            failLater(QStringLiteral("TLS is not available: Qt found no TLS backend (OpenSSL)"));
            return;
        }
        auto *ssl = new QSslSocket(this);
        m_socket = ssl;
        if (const QString problem = configureTls(ssl, settings.tls); !problem.isEmpty()) {
            failLater(problem);
            return;
        }
        connect(ssl, &QSslSocket::encrypted, this, &Transport::onConnected);
        connect(ssl, &QSslSocket::sslErrors, this, &Transport::onSslErrors);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &Transport::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &Transport::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &Transport::onSocketError);
    const quint16 port = quint16(settings.port);
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.data())) {
        const QString peerName =
            settings.tls.serverName.isEmpty() ? settings.host : settings.tls.serverName;
        ssl->connectToHostEncrypted(settings.host, port, peerName);
    } else {
        m_socket->connectToHost(settings.host, port);
    }
}

void Transport::failLater(const QString &error)
{
    // Reported from the event loop, like every other outcome of open(), so a caller never
    // sees a signal before open() returns.
    QTimer::singleShot(0, this, [this, error, generation = m_generation] {
        if (generation == m_generation)
            finish(error);
    });
}

bool Transport::write(const QByteArray &bytes)
{
    if (!m_socket || !m_opened || m_closing)
        return false;
    if (m_blackHoled) {
        m_discardedOut += bytes.size();
        return true;
    }
    return m_socket->write(bytes) == bytes.size();
}

void Transport::close(int flushTimeoutMs)
{
    if (!m_active || m_closing)
        return;
    m_closing = true;
    if (!m_socket || !m_opened || m_blackHoled) {
        // Not open yet there is nothing to flush; black-holed, nothing may reach the broker,
        // not even our FIN: the link is left half-open, as a real one would be.
        if (m_socket && m_blackHoled)
            lingerHalfOpen();
        QTimer::singleShot(0, this, [this, generation = m_generation] {
            if (generation == m_generation)
                finish(QString());
        });
        return;
    }
    QTimer::singleShot(flushTimeoutMs, m_socket, [this] {
        qCInfo(lcTransport, "%s did not take the last bytes in time; aborting", qPrintable(m_peer));
        finish(QString());
    });
    m_socket->disconnectFromHost(); // writes what is queued first, then closes
}

void Transport::abort()
{
    m_active = false;
    m_opened = false;
    m_closing = false;
    if (!m_socket)
        return;
    if (m_blackHoled) {
        lingerHalfOpen();
        return;
    }
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void Transport::lingerHalfOpen()
{
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    m_opened = false;
    socket->disconnect(this);
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        socket->deleteLater();
        return;
    }
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(HalfOpenLingerMs, socket, &QObject::deleteLater);
}

bool Transport::isOpen() const
{
    return m_socket && m_opened && !m_closing;
}

bool Transport::isEncrypted() const
{
    const auto *ssl = qobject_cast<const QSslSocket *>(m_socket.data());
    return ssl && ssl->isEncrypted();
}

QString Transport::peerDescription() const
{
    return m_peer;
}

LinkEndpoints Transport::endpoints() const
{
    if (!m_socket || !m_opened)
        return {};
    return {m_socket->localAddress(), m_socket->localPort(), m_socket->peerAddress(),
            m_socket->peerPort()};
}

void Transport::onConnected()
{
    // PINGREQ is two bytes: Nagle's algorithm would hold it back and distort its RTT.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_opened = true;
    Q_EMIT opened();
}

void Transport::onReadyRead()
{
    if (!m_socket)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (m_blackHoled) {
        m_discardedIn += bytes.size();
        return;
    }
    if (!bytes.isEmpty())
        Q_EMIT bytesReceived(bytes);
}

void Transport::onDisconnected()
{
    // Through a black hole not even the broker's FIN arrives: the session must find out
    // the way a client on a half-open link does, from the missing PINGRESP.
    if (m_blackHoled)
        return;
    finish(QString());
}

void Transport::onSocketError()
{
    if (!m_socket)
        return;
    const QAbstractSocket::SocketError error = m_socket->error();
    // An orderly close by the peer is not an error; disconnected() reports it.
    if (error == QAbstractSocket::RemoteHostClosedError && m_opened)
        return;
    if (m_blackHoled && m_opened)
        return; // see onDisconnected()
    QString text = m_tlsErrorText.isEmpty() ? m_socket->errorString() : m_tlsErrorText;
    finish(m_peer + QStringLiteral(": ") + text);
}

void Transport::onSslErrors(const QList<QSslError> &errors)
{
    auto *ssl = qobject_cast<QSslSocket *>(m_socket.data());
    if (!ssl)
        return;
    QStringList texts;
    for (const QSslError &error : errors)
        texts << error.errorString() + certificateText(error.certificate());
    if (m_allowInsecure) {
        m_ignoredTlsErrors = texts;
        qCWarning(lcTransport, "%s: ignoring TLS errors as allowed: %s", qPrintable(m_peer),
                  qPrintable(texts.join(QStringLiteral("; "))));
        ssl->ignoreSslErrors();
        return;
    }
    m_tlsErrorText = QStringLiteral("TLS verification failed: ") + texts.join(QStringLiteral("; "));
}

void Transport::finish(const QString &error)
{
    if (!m_active)
        return; // already reported, or aborted
    const bool wasOpened = m_opened || m_closing;
    abort();
    if (wasOpened)
        Q_EMIT closed(error);
    else
        Q_EMIT failed(error.isEmpty() ? m_peer + QStringLiteral(": the connection closed before "
                                                                "it was established")
                                      : error);
}

} // namespace PingScope
