#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace PingScope {

// Finds out whether a keyring could answer at all: is there a D-Bus session bus, and on it a
// secret service (org.freedesktop.secrets: GNOME Keyring, KeePassXC, ...) or KWallet,
// running or activatable? QtKeychain 0.13 reports "no bus" and "no such service" as
// OtherError with a GLib or Qt D-Bus message (translated, and different per backend), so
// KeychainCredentialStore asks the bus itself before telling the user "no keyring".
// Asynchronous and bounded: the answer comes from the event loop within `timeoutMs`.
class KeyringProbe : public QObject
{
    Q_OBJECT

public:
    // found: a service is there (the failure was something else); otherwise `reason` says
    // what is missing, for the user.
    using Callback = std::function<void(bool found, const QString &reason)>;

    // Runs `done` once, in `context`'s thread, unless `context` is destroyed first.
    static void probe(QObject *context, Callback done, int timeoutMs = 3000);

private:
    explicit KeyringProbe(QObject *context, Callback done);
    void start(int timeoutMs);
    void finish(bool found, const QString &reason);

    Callback m_done;
    int m_pending = 0;
    bool m_found = false;
    QString m_busError;
};

} // namespace PingScope
