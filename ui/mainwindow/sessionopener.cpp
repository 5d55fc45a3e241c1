#include "sessionopener.h"

#include "broker/localbroker.h"
#include "profiles/credentialstore.h"

#include <QCoreApplication>
#include <QInputDialog>
#include <QLineEdit>

namespace PingScope {

SessionOpener::SessionOpener(CredentialStore *credentials, QWidget *dialogParent,
                             LocalBrokerSource localBroker)
    : m_credentials(credentials)
    , m_parent(dialogParent)
    , m_localBroker(std::move(localBroker))
{}

void SessionOpener::prepare(const ConnectionProfile &profile, const QByteArray &typedPassword,
                            Ready done)
{
    ConnectionProfile ready = profile;
    if (profile.passwordStorage == PasswordStorage::NoPassword) {
        ready.settings.password.reset();
        finish(ready, done);
        return;
    }
    if (!typedPassword.isEmpty()) {
        ready.settings.password = typedPassword;
        finish(ready, done);
        return;
    }
    if (profile.passwordStorage == PasswordStorage::AskOnConnect || !m_credentials) {
        if (askPassword(ready, QString()))
            finish(ready, done);
        return;
    }
    // The keyring answers from the event loop; the window may be gone by then.
    m_credentials->readPassword(
        profile.id, m_parent, [this, ready, done](const CredentialResult &result) mutable {
            if (result.ok() && !result.password.isEmpty()) {
                ready.settings.password = result.password;
                finish(ready, done);
            } else if (askPassword(ready, result.ok() ? QCoreApplication::translate(
                                                            "SessionOpener",
                                                            "The keyring holds no password for it.")
                                                      : result.errorText)) {
                finish(ready, done);
            }
        });
}

void SessionOpener::finish(ConnectionProfile profile, const Ready &done)
{
    if (profile.localBroker) {
        LocalBroker *broker = m_localBroker ? m_localBroker() : nullptr;
        if (!broker)
            return; // the source said why
        profile.settings.host = broker->host();
        profile.settings.port = broker->port();
    }
    done(profile);
}

bool SessionOpener::askPassword(ConnectionProfile &profile, const QString &why) const
{
    const QString user = profile.settings.userName.value_or(QString());
    QString question =
        QCoreApplication::translate("SessionOpener", "Password for “%1”%2:")
            .arg(profile.name,
                 user.isEmpty()
                     ? QString()
                     : QCoreApplication::translate("SessionOpener", " (user %1)").arg(user));
    if (!why.isEmpty())
        question = why + QLatin1Char('\n') + question;
    bool ok = false;
    const QString password =
        QInputDialog::getText(m_parent, QCoreApplication::translate("SessionOpener", "Connect"),
                              question, QLineEdit::Password, QString(), &ok);
    if (!ok)
        return false;
    profile.settings.password = password.toUtf8();
    return true;
}

} // namespace PingScope
