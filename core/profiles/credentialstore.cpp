#include "credentialstore.h"

namespace PingScope {

CredentialStore::CredentialStore(QObject *parent)
    : QObject(parent)
{}

CredentialStore::~CredentialStore() = default;

void CredentialStore::checkAvailability(QObject *context, Callback done)
{
    // A reserved key: not a UUID, so no profile ever uses it.
    readPassword(QStringLiteral("pingscope-availability-check"), context,
                 [done](const CredentialResult &result) {
                     if (!done)
                         return;
                     if (result.error == CredentialError::NotFound)
                         done(CredentialResult{});
                     else
                         done({result.error, result.errorText, QByteArray()});
                 });
}

QString CredentialStore::errorText(CredentialError error, const QString &detail)
{
    QString text;
    switch (error) {
    case CredentialError::None:
        return QString();
    case CredentialError::NotFound:
        text = QStringLiteral("no password stored for this profile");
        break;
    case CredentialError::NoKeyring:
        text = QStringLiteral("no keyring available");
        break;
    case CredentialError::AccessDenied:
        text = QStringLiteral("the keyring refused access");
        break;
    case CredentialError::Failed:
        text = QStringLiteral("the keyring failed");
        break;
    }
    return detail.isEmpty() ? text : text + QStringLiteral(": ") + detail;
}

void CredentialStore::noteResult(const CredentialResult &result)
{
    bool available = true;
    switch (result.error) {
    case CredentialError::None:
    case CredentialError::NotFound:
        break;
    case CredentialError::NoKeyring:
        available = false;
        break;
    case CredentialError::AccessDenied:
    case CredentialError::Failed:
        // Says nothing about whether a keyring runs.
        return;
    }
    if (available == m_available)
        return;
    m_available = available;
    Q_EMIT availabilityChanged(m_available);
}

} // namespace PingScope
