#include "keyringprobe.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QStringList>

namespace PingScope {

namespace {

// The bus names of the keyrings QtKeychain can use on Linux.
const QStringList &keyringServices()
{
    static const QStringList names = {
        QStringLiteral("org.freedesktop.secrets"),
        QStringLiteral("org.kde.kwalletd6"),
        QStringLiteral("org.kde.kwalletd5"),
        QStringLiteral("org.kde.kwalletd"),
    };
    return names;
}

} // namespace

void KeyringProbe::probe(QObject *context, Callback done, int timeoutMs)
{
    // Parented to the context: destroyed with it, so `done` never runs for a dead receiver.
    auto *probe = new KeyringProbe(context, std::move(done));
    probe->start(timeoutMs);
}

KeyringProbe::KeyringProbe(QObject *context, Callback done)
    : QObject(context)
    , m_done(std::move(done))
{}

void KeyringProbe::start(int timeoutMs)
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        const QString detail = bus.lastError().message();
        // Queued: the caller is promised an answer from the event loop, never from within.
        QMetaObject::invokeMethod(
            this,
            [this, detail] {
                finish(false, detail.isEmpty()
                                  ? QStringLiteral("no D-Bus session bus")
                                  : QStringLiteral("no D-Bus session bus (%1)").arg(detail));
            },
            Qt::QueuedConnection);
        return;
    }
    // Both lists: a keyring may be running, or only started on demand by the bus.
    for (const QString &method :
         {QStringLiteral("ListNames"), QStringLiteral("ListActivatableNames")}) {
        const QDBusMessage call = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), method);
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, timeoutMs), this);
        ++m_pending;
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [this](QDBusPendingCallWatcher *finished) {
                    finished->deleteLater();
                    const QDBusPendingReply<QStringList> reply = *finished;
                    if (reply.isError())
                        m_busError = reply.error().message();
                    else
                        for (const QString &name : reply.value())
                            m_found = m_found || keyringServices().contains(name);
                    if (--m_pending == 0)
                        finish(m_found, m_busError.isEmpty()
                                            ? QStringLiteral("no secret service (GNOME Keyring, "
                                                             "KWallet, ...) on the D-Bus session "
                                                             "bus")
                                            : QStringLiteral("the D-Bus session bus does not "
                                                             "answer (%1)")
                                                  .arg(m_busError));
                });
    }
}

void KeyringProbe::finish(bool found, const QString &reason)
{
    const Callback done = std::move(m_done);
    deleteLater();
    if (done)
        done(found, reason);
}

} // namespace PingScope
