#include "keychaincredentialstore.h"

#ifdef PINGSCOPE_KEYRING_OVER_DBUS
#include "keyringprobe.h"
#endif

#include <qt6keychain/keychain.h>

#include <QLoggingCategory>
#include <QPointer>

namespace PingScope {

namespace {

Q_LOGGING_CATEGORY(lcCredentials, "pingscope.credentials")

} // namespace

KeychainCredentialStore::KeychainCredentialStore(QObject *parent)
    : CredentialStore(parent)
{}

void KeychainCredentialStore::readPassword(const QString &profileId, QObject *context,
                                           Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(profileId);
    start(job, Operation::Read, context, std::move(done));
}

void KeychainCredentialStore::writePassword(const QString &profileId, const QByteArray &password,
                                            QObject *context, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(profileId);
    job->setBinaryData(password);
    start(job, Operation::Write, context, std::move(done));
}

void KeychainCredentialStore::removePassword(const QString &profileId, QObject *context,
                                             Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setKey(profileId);
    start(job, Operation::Remove, context, std::move(done));
}

void KeychainCredentialStore::start(QKeychain::Job *job, Operation operation, QObject *context,
                                    Callback done)
{
    // Never a plain-text file in place of a keyring: the issue forbids it.
    job->setInsecureFallback(false);
    // Jobs are not parented to the store: a job deletes itself when finished, and one
    // deleted mid-flight could leave QtKeychain's D-Bus call without its owner.
    job->setAutoDelete(true);
    const Receiver receiver{QPointer<QObject>(context), context != nullptr, std::move(done)};
    connect(job, &QKeychain::Job::finished, this,
            [this, operation, receiver](QKeychain::Job *finished) {
                CredentialResult result = resultOf(finished, operation);
#ifdef PINGSCOPE_KEYRING_OVER_DBUS
                if (result.error == CredentialError::Failed) {
                    // QtKeychain says OtherError both for "no keyring here" and for a real
                    // failure of one: the bus tells them apart.
                    KeyringProbe::probe(
                        this, [this, result, receiver](bool found, const QString &reason) mutable {
                            if (!found) {
                                qCDebug(lcCredentials) << "keychain said:" << result.errorText;
                                result = {CredentialError::NoKeyring,
                                          errorText(CredentialError::NoKeyring, reason),
                                          {}};
                            }
                            deliver(result, receiver);
                        });
                    return;
                }
#endif
                deliver(result, receiver);
            });
    job->start(); // queued by QtKeychain: finished() comes from the event loop
}

void KeychainCredentialStore::deliver(const CredentialResult &result, const Receiver &receiver)
{
    if (!result.ok())
        qCDebug(lcCredentials) << "keychain:" << result.errorText;
    noteResult(result);
    if (receiver.done && (!receiver.hasContext || receiver.context))
        receiver.done(result);
}

CredentialResult KeychainCredentialStore::resultOf(QKeychain::Job *job, Operation operation)
{
    CredentialResult result;
    switch (job->error()) {
    case QKeychain::NoError:
        if (operation == Operation::Read)
            result.password = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
        return result;
    case QKeychain::EntryNotFound:
        if (operation == Operation::Remove)
            return result; // already gone: what was asked for
        result.error = CredentialError::NotFound;
        break;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        result.error = CredentialError::AccessDenied;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        result.error = CredentialError::NoKeyring;
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        result.error = CredentialError::Failed;
        break;
    }
    result.errorText = errorText(result.error, job->errorString());
    return result;
}

} // namespace PingScope
