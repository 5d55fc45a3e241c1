#pragma once

#include "profiles/credentialstore.h"

#include <QHash>

namespace PingScope {

// The keyring stand-in for tests: passwords in a hash, results delivered from the event
// loop like a real keyring's. setKeyringAvailable(false) plays a machine without a secret
// service: every operation then fails with NoKeyring, and nothing is stored.
class MemoryCredentialStore : public CredentialStore
{
    Q_OBJECT

public:
    explicit MemoryCredentialStore(QObject *parent = nullptr);

    void setKeyringAvailable(bool available) { m_keyringAvailable = available; }

    // Inspection for tests, synchronous.
    bool contains(const QString &profileId) const { return m_passwords.contains(profileId); }
    QByteArray storedPassword(const QString &profileId) const
    {
        return m_passwords.value(profileId);
    }
    int count() const { return int(m_passwords.size()); }

    void readPassword(const QString &profileId, QObject *context, Callback done) override;
    void writePassword(const QString &profileId, const QByteArray &password, QObject *context,
                       Callback done) override;
    void removePassword(const QString &profileId, QObject *context, Callback done) override;

private:
    // False (and a NoKeyring result sent) when the keyring is "off".
    bool keyringAnswers(QObject *context, const Callback &done);
    void deliver(QObject *context, Callback done, const CredentialResult &result);

    QHash<QString, QByteArray> m_passwords;
    bool m_keyringAvailable = true;
};

} // namespace PingScope
