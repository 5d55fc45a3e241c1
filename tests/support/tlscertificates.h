#pragma once

#include "brokerfixture.h"

#include <QSslSocket>
#include <QString>
#include <QStringList>
#include <QTest>

#include <memory>

class QTemporaryDir;

// A throw-away PKI for TLS tests, made at run time with the `openssl` command in a temporary
// directory that lives as long as this object:
//   - a CA (key + self-signed certificate),
//   - a server key + certificate signed by the CA, subjectAltName IP:127.0.0.1, DNS:localhost,
//   - a client key + certificate signed by the CA (for listeners that require one),
//   - a second, unrelated CA, for "the client trusts the wrong CA" tests.
// Keys are EC P-256 (fast to make, accepted by mosquitto 2.0 with OpenSSL 3); certificates
// are valid for 2 days. Nothing is checked in: certificates in a repository expire.
//
// Files are PEM. The keys are unencrypted and readable by the owner only.
class TlsCertificates
{
public:
    TlsCertificates();
    ~TlsCertificates();

    // Makes all files. Returns an empty string on success, else what went wrong (openssl
    // missing, a command failing with its stderr, the time limit over all commands).
    QString generate(int timeoutMs = 30000);
    // What a TLS test needs first: a Qt TLS backend, and the certificates (made once).
    // Empty when ready, else the problem.
    QString prepare();
    bool isGenerated() const { return m_generated; }

    // The `openssl` executable, or an empty string if it is not on PATH.
    static QString findOpenssl();

    QString directory() const;
    QString caCertificateFile() const { return filePath("ca.pem"); }
    QString caKeyFile() const { return filePath("ca.key"); }
    QString serverCertificateFile() const { return filePath("server.pem"); }
    QString serverKeyFile() const { return filePath("server.key"); }
    QString clientCertificateFile() const { return filePath("client.pem"); }
    QString clientKeyFile() const { return filePath("client.key"); }
    QString otherCaCertificateFile() const { return filePath("other-ca.pem"); }
    QString otherCaKeyFile() const { return filePath("other-ca.key"); }

    // The server certificate's Common Name and the client certificate's.
    static QString serverCommonName() { return QStringLiteral("localhost"); }
    static QString clientCommonName() { return QStringLiteral("pingscope-test-client"); }

    enum class ClientCertificates { NotRequired, Required };

    // mosquitto.conf lines that make the listener before them a TLS listener with these files:
    // cafile, certfile, keyfile, require_certificate. BrokerFixture writes its extra lines
    // right after "listener <port> 127.0.0.1", so BrokerFixture(tls.mosquittoTlsListenerConfig())
    // is a broker that speaks MQTT over TLS only. Call after generate().
    QStringList
    mosquittoTlsListenerConfig(ClientCertificates clients = ClientCertificates::NotRequired) const;

private:
    QString filePath(const char *name) const;
    QString writeOpensslConfig();
    QString run(const QStringList &arguments, int timeoutMs);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_openssl;
    bool m_generated = false;
};

// Like PINGSCOPE_REQUIRE_BROKER: skipped on a developer's machine without openssl or a Qt TLS
// backend, a failure under CI; openssl failing to make the certificates is always a failure.
#define PINGSCOPE_REQUIRE_TLS(certificates)                                                        \
    do {                                                                                           \
        const QString tlsProblem_ = (certificates).prepare();                                      \
        if (!tlsProblem_.isEmpty()) {                                                              \
            if (!BrokerFixture::runningUnderCi() &&                                                \
                (TlsCertificates::findOpenssl().isEmpty() || !QSslSocket::supportsSsl()))          \
                QSKIP(qPrintable(tlsProblem_));                                                    \
            QFAIL(qPrintable(tlsProblem_));                                                        \
        }                                                                                          \
    } while (false)
