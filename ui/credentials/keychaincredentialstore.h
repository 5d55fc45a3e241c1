#pragma once

#include "profiles/credentialstore.h"

#include <QPointer>

namespace QKeychain {
class Job;
}

namespace PingScope {

// Profile passwords in the system keyring through QtKeychain (Secret Service / KWallet on
// Linux, Keychain on macOS, Credential Store on Windows): service "PingScope", key the
// profile id. QtKeychain's plain-text fallback is switched off: with no keyring running,
// every operation fails with CredentialError::NoKeyring and the password is stored nowhere.
// On Linux, where QtKeychain reports a missing keyring as a generic error, a failure is
// classified by asking the D-Bus session bus for a secret service (KeyringProbe).
class KeychainCredentialStore : public CredentialStore
{
    Q_OBJECT

public:
    explicit KeychainCredentialStore(QObject *parent = nullptr);

    static QString serviceName() { return QStringLiteral("PingScope"); }

    void readPassword(const QString &profileId, QObject *context, Callback done) override;
    void writePassword(const QString &profileId, const QByteArray &password, QObject *context,
                       Callback done) override;
    void removePassword(const QString &profileId, QObject *context, Callback done) override;

private:
    enum class Operation { Read, Write, Remove };
    struct Receiver
    {
        QPointer<QObject> context;
        bool hasContext = false; // a null context always receives; a destroyed one never
        Callback done;
    };
    void start(QKeychain::Job *job, Operation operation, QObject *context, Callback done);
    void deliver(const CredentialResult &result, const Receiver &receiver);
    static CredentialResult resultOf(QKeychain::Job *job, Operation operation);
};

} // namespace PingScope
