#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace PingScope {

enum class CredentialError {
    None,
    NotFound,     // readPassword(): nothing stored under that profile id
    NoKeyring,    // no keyring / secret service is running: offer not to store the password
    AccessDenied, // the user refused, or the keyring is locked
    Failed,       // anything else; the text says what
};

struct CredentialResult
{
    CredentialError error = CredentialError::None;
    // For the user, ready to show: "no keyring available: <what the keyring said>".
    QString errorText;
    QByteArray password; // readPassword() only

    bool ok() const { return error == CredentialError::None; }
};

// Where profile passwords live: the system keyring (KeychainCredentialStore, in
// ui/credentials because QtKeychain needs D-Bus), or memory (MemoryCredentialStore, for
// tests). Keyed by profile id. Asynchronous, because keyrings are: each call returns at
// once, and `done` runs later from the event loop, never from within the call. If `context`
// is destroyed first, `done` is not run (as with QObject::connect); with a null context it
// always runs, unless the store itself has been destroyed.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const CredentialResult &result)>;

    explicit CredentialStore(QObject *parent = nullptr);
    ~CredentialStore() override;

    // False once an operation has failed with NoKeyring, true again after one succeeds.
    // Unknown until then: it starts true; checkAvailability() finds out.
    bool isAvailable() const { return m_available; }

    virtual void readPassword(const QString &profileId, QObject *context, Callback done) = 0;
    virtual void writePassword(const QString &profileId, const QByteArray &password,
                               QObject *context, Callback done) = 0;
    // Removing a password that is not there succeeds.
    virtual void removePassword(const QString &profileId, QObject *context, Callback done) = 0;

    // Asks the keyring for an entry nobody writes: None when a keyring answered (nothing
    // found is the expected answer), NoKeyring (or another error) when none did.
    void checkAvailability(QObject *context, Callback done);

    // The user-facing text of an error: "no keyring available: " + detail, ...
    static QString errorText(CredentialError error, const QString &detail);

Q_SIGNALS:
    void availabilityChanged(bool available);

protected:
    // Implementations pass every result through here before delivering it, so that
    // isAvailable() follows what the keyring answered.
    void noteResult(const CredentialResult &result);

private:
    bool m_available = true;
};

} // namespace PingScope
