#pragma once

#include "profiles/connectionprofile.h"

#include <QPointer>
#include <QWidget>

#include <functional>

namespace PingScope {

class CredentialStore;
class LocalBroker;

// Turns a saved profile into the settings a session connects with: the password from where
// the profile keeps it (the keyring, or asked for now) and, for a profile on the local test
// broker, that broker's address (started on demand). Keyrings answer later, so the result
// comes through a callback; it does not come at all when the user cancels a question.
class SessionOpener
{
public:
    // `profile.settings.password` filled in; host and port those of the local broker where the
    // profile asks for it.
    using Ready = std::function<void(const ConnectionProfile &profile)>;
    // Returns the running local broker, starting it if needed, or nullptr after saying why.
    using LocalBrokerSource = std::function<LocalBroker *()>;

    SessionOpener(CredentialStore *credentials, QWidget *dialogParent,
                  LocalBrokerSource localBroker);

    // `typedPassword`: one the user typed just now in the editor, used as it is.
    void prepare(const ConnectionProfile &profile, const QByteArray &typedPassword, Ready done);

private:
    void finish(ConnectionProfile profile, const Ready &done);
    // Asks for the password; false if the user cancelled. `why` says why it is asked.
    bool askPassword(ConnectionProfile &profile, const QString &why) const;

    CredentialStore *m_credentials;
    QPointer<QWidget> m_parent;
    LocalBrokerSource m_localBroker;
};

} // namespace PingScope
