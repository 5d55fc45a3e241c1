#include "mainwindow.h"

#include "broker/localbroker.h"
#include "editor/connectioneditor.h"
#include "mainwindow/sessionlistmodel.h"
#include "mainwindow/sessionopener.h"
#include "mainwindow/settingskeys.h"
#include "profiles/profilesdialog.h"
#include "profiles/willwatcher.h"
#include "session/sessionhost.h"

#include <QMessageBox>
#include <QRandomGenerator>
#include <QSettings>
#include <QStatusBar>

// How sessions come from profiles: the Connections dialog, the quick session, the local test
// broker offer, the editor on a running session, and the sessions reopened at start.

namespace PingScope {

namespace {

// The saved profile behind the welcome page's first offer, found again by this name.
QString localTestBrokerName()
{
    return MainWindow::tr("Local test broker");
}

QString generatedClientId()
{
    return QStringLiteral("pingscope-%1")
        .arg(QRandomGenerator::global()->bounded(0x1000000), 6, 16, QLatin1Char('0'));
}

} // namespace

SessionSettings MainWindow::defaultSettings() const
{
    SessionSettings settings;
    if (m_broker && m_broker->isRunning()) {
        settings.host = m_broker->host();
        settings.port = m_broker->port();
    }
    // A short keep-alive, so that pings (the point of PingScope) show within seconds.
    settings.keepAliveSeconds = 30;
    settings.clientId = generatedClientId();
    return settings;
}

int MainWindow::quickSession(int keepAliveSeconds)
{
    SessionSettings settings = defaultSettings();
    if (keepAliveSeconds >= 0)
        settings.keepAliveSeconds = keepAliveSeconds;
    const QString name =
        m_broker && m_broker->isRunning()
            ? tr("local broker")
            : QStringLiteral("%1:%2").arg(settings.host, QString::number(settings.port));
    return createSessionFromProfile(ConnectionProfile::create(name, settings));
}

void MainWindow::openConnections()
{
    ProfilesDialog dialog(&m_store, m_credentials, this);
    if (dialog.exec() == QDialog::Accepted)
        connectProfile(dialog.chosenProfile(), dialog.chosenPassword());
}

void MainWindow::connectLocalTestBroker()
{
    for (const ConnectionProfile &profile : m_store.load().profiles) {
        if (profile.localBroker && profile.name == localTestBrokerName()) {
            connectProfile(profile);
            return;
        }
    }
    SessionSettings settings;
    settings.keepAliveSeconds = 10;
    settings.clientId = generatedClientId();
    ConnectionProfile profile = ConnectionProfile::create(localTestBrokerName(), settings);
    profile.localBroker = true;
    profile.settings.host = QStringLiteral("127.0.0.1");
    profile.settings.port = 1883; // replaced by the local broker's port at each connection
    QString error;
    // Saved so that it is in the Connections list next time; connecting does not need it.
    if (!m_store.save(profile, &error))
        statusBar()->showMessage(tr("The local test broker profile was not saved: %1").arg(error),
                                 10'000);
    connectProfile(profile);
}

LocalBroker *MainWindow::ensureLocalBroker()
{
    if (m_broker && m_broker->isRunning())
        return m_broker;
    toggleLocalBroker(true);
    if (m_broker && m_broker->isRunning())
        return m_broker;
    QMessageBox::warning(this, tr("Local broker"),
                         tr("The local test broker could not be started.\n%1")
                             .arg(m_ownBroker ? m_ownBroker->errorString() : QString()));
    return nullptr;
}

void MainWindow::connectProfile(const ConnectionProfile &profile, const QByteArray &typedPassword)
{
    m_opener->prepare(profile, typedPassword, [this](const ConnectionProfile &ready) {
        // The watcher first, so that it is subscribed before anything can happen to the owner.
        if (ready.watchWill && ready.settings.will) {
            const int watcher = createSessionFromProfile(willWatcherProfile(ready));
            subscribeWhenConnected(watcher, willWatcherSubscription(ready));
        }
        createSessionFromProfile(ready);
    });
}

void MainWindow::followLocalBroker()
{
    if (!m_broker || !m_broker->isRunning())
        return;
    for (auto it = m_profiles.begin(); it != m_profiles.end(); ++it) {
        SessionSettings &settings = it.value().settings;
        if (!it.value().localBroker || settings.port == m_broker->port())
            continue;
        settings.host = m_broker->host();
        settings.port = m_broker->port();
        m_host->setSettings(it.key(), settings);
        showProfile(it.key());
        // A session still trying the old port (auto-reconnect) starts over on the new one.
        const SessionStatus *status = m_list->status(it.key());
        if (status && status->reconnectPending) {
            m_host->close(it.key());
            m_host->open(it.key());
        }
    }
}

void MainWindow::reconnectSession(int id)
{
    ConnectionProfile profile = m_profiles.value(id);
    // The local broker may have been stopped and started since, on another port.
    if (profile.localBroker) {
        const LocalBroker *broker = ensureLocalBroker();
        if (!broker)
            return;
        if (profile.settings.port != broker->port()) {
            profile.settings.host = broker->host();
            profile.settings.port = broker->port();
            m_profiles.insert(id, profile);
            m_host->setSettings(id, profile.settings);
        }
    }
    m_host->open(id);
}

void MainWindow::editSession(int id)
{
    if (!m_profiles.contains(id))
        return;
    const ConnectionProfile current = m_profiles.value(id);
    ConnectionEditor editor(m_credentials, this);
    editor.setProfile(current);
    if (editor.exec() != QDialog::Accepted)
        return;
    ConnectionProfile edited = editor.profile();
    QString error;
    if (!m_store.save(edited, &error)) {
        QMessageBox::warning(this, tr("Profile not saved"),
                             tr("“%1” could not be saved: %2").arg(edited.name, error));
        return;
    }
    // The session keeps the password it had unless a new one was typed.
    const QByteArray typed = editor.password();
    edited.settings.password =
        typed.isEmpty() ? current.settings.password : std::optional<QByteArray>(typed);
    if (edited.passwordStorage == PasswordStorage::NoPassword)
        edited.settings.password.reset();
    if (edited.localBroker) {
        edited.settings.host = current.settings.host;
        edited.settings.port = current.settings.port;
    }
    m_profiles.insert(id, edited);
    m_host->setSettings(id, edited.settings);
    showProfile(id);
    statusBar()->showMessage(
        tr("Saved “%1”; the session uses the new settings from its next connection.")
            .arg(edited.name),
        10'000);
}

void MainWindow::saveOpenSessions() const
{
    QStringList ids;
    for (auto it = m_profiles.cbegin(); it != m_profiles.cend(); ++it) {
        if (m_store.contains(it.value().id) && !ids.contains(it.value().id))
            ids << it.value().id;
    }
    QSettings().setValue(SettingsKeys::openSessions(), ids);
}

void MainWindow::reopenLastSessions()
{
    const QStringList ids = QSettings().value(SettingsKeys::openSessions()).toStringList();
    if (ids.isEmpty())
        return;
    const QList<ConnectionProfile> saved = m_store.load().profiles;
    for (const QString &id : ids) {
        for (const ConnectionProfile &profile : saved) {
            if (profile.id == id)
                connectProfile(profile);
        }
    }
}

} // namespace PingScope
