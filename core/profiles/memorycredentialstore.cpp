#include "memorycredentialstore.h"

#include <QPointer>

namespace PingScope {

MemoryCredentialStore::MemoryCredentialStore(QObject *parent)
    : CredentialStore(parent)
{}

void MemoryCredentialStore::readPassword(const QString &profileId, QObject *context, Callback done)
{
    if (!keyringAnswers(context, done))
        return;
    CredentialResult result;
    if (const auto it = m_passwords.constFind(profileId); it != m_passwords.cend())
        result.password = *it;
    else
        result = {CredentialError::NotFound, errorText(CredentialError::NotFound, profileId), {}};
    deliver(context, std::move(done), result);
}

void MemoryCredentialStore::writePassword(const QString &profileId, const QByteArray &password,
                                          QObject *context, Callback done)
{
    if (!keyringAnswers(context, done))
        return;
    m_passwords.insert(profileId, password);
    deliver(context, std::move(done), CredentialResult{});
}

void MemoryCredentialStore::removePassword(const QString &profileId, QObject *context,
                                           Callback done)
{
    if (!keyringAnswers(context, done))
        return;
    m_passwords.remove(profileId);
    deliver(context, std::move(done), CredentialResult{});
}

bool MemoryCredentialStore::keyringAnswers(QObject *context, const Callback &done)
{
    if (m_keyringAvailable)
        return true;
    deliver(context, done,
            {CredentialError::NoKeyring,
             errorText(CredentialError::NoKeyring,
                       QStringLiteral("the memory store plays a machine without one")),
             {}});
    return false;
}

void MemoryCredentialStore::deliver(QObject *context, Callback done, const CredentialResult &result)
{
    // Queued even though the answer is known now: callers must not come to rely on a
    // synchronous answer that the real keyring never gives.
    const QPointer<MemoryCredentialStore> self(this);
    const bool hasContext = context != nullptr;
    QMetaObject::invokeMethod(
        hasContext ? context : this,
        [self, done = std::move(done), result] {
            if (!self)
                return;
            self->noteResult(result);
            if (done)
                done(result);
        },
        Qt::QueuedConnection);
}

} // namespace PingScope
