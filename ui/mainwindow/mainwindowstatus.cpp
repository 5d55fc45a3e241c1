#include "mainwindow.h"

#include "broker/brokerlogview.h"
#include "broker/localbroker.h"
#include "mainwindow/mainwindowactions.h"
#include "mainwindow/sessionlistmodel.h"
#include "mainwindow/settingskeys.h"
#include "mainwindow/stateappearance.h"
#include "mainwindow/welcomepage.h"
#include "session/messagemodel.h"
#include "session/sessionview.h"

#include <QAction>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QSettings>

// The window's chrome: the status bar, the local broker's state, which actions apply to the
// selected session, and the preferences.

namespace PingScope {

void MainWindow::setLocalBroker(LocalBroker *broker)
{
    m_broker = broker;
    m_brokerLog->setBroker(broker);
    connect(broker, &LocalBroker::exitedUnexpectedly, this,
            [this](const QString &reason) { showLocalBrokerFailure(reason); });
    showBrokerState();
    followLocalBroker();
}

void MainWindow::showLocalBrokerFailure(const QString &reason)
{
    m_broker = nullptr;
    m_actions->localBroker->setChecked(false);
    // A shape and a word as well as a colour: the state must read without colour too.
    m_brokerLabel->setText(tr("✕ local broker not running: %1").arg(reason));
    m_brokerLabel->setStyleSheet(
        QStringLiteral("color: %1;")
            .arg(StateAppearance::colour(SessionLook::Lost, palette()).name()));
}

void MainWindow::showBrokerState()
{
    const bool running = m_broker && m_broker->isRunning();
    m_actions->localBroker->setChecked(running);
    if (!running) {
        m_brokerLabel->setText(tr("○ no local broker · new sessions go to 127.0.0.1:1883"));
        m_brokerLabel->setStyleSheet({});
        return;
    }
    m_brokerLabel->setText(tr("● local broker: mosquitto %1 on %2:%3")
                               .arg(m_broker->version(), m_broker->host())
                               .arg(m_broker->port()));
    m_brokerLabel->setStyleSheet(
        QStringLiteral("color: %1;")
            .arg(StateAppearance::colour(SessionLook::Connected, palette()).name()));
}

void MainWindow::toggleLocalBroker(bool start)
{
    if (!start) {
        if (m_broker)
            m_broker->stop();
        m_broker = nullptr;
        showBrokerState();
        return;
    }
    if (!m_ownBroker) {
        m_ownBroker = std::make_unique<LocalBroker>();
        // The log view shows clients come and go (off by default: see LocalBroker).
        m_ownBroker->setConnectionMessages(true);
    }
    // Shown before start(), so that a failure to start is in the log too.
    m_brokerLog->setBroker(m_ownBroker.get());
    if (m_ownBroker->start())
        setLocalBroker(m_ownBroker.get());
    else
        showLocalBrokerFailure(m_ownBroker->errorString());
}

void MainWindow::updateStatusBar()
{
    const int id = selectedSession();
    const SessionStatus *status = m_list->status(id);
    if (!status) {
        m_stateLabel->setText(tr("No session selected"));
        m_stateLabel->setStyleSheet({});
        m_countersLabel->clear();
        return;
    }
    const SessionLook look = m_list->look(id);
    m_stateLabel->setText(QStringLiteral("%1 #%2 %3")
                              .arg(StateAppearance::glyph(look))
                              .arg(id)
                              .arg(m_list->stateText(id)));
    m_stateLabel->setStyleSheet(
        QStringLiteral("color: %1;").arg(StateAppearance::colour(look, palette()).name()));

    const QLocale locale;
    const SessionView *view = m_views.value(id);
    const quint64 dropped = status->messagesDropped + (view ? view->messages()->droppedCount() : 0);
    const auto orDash = [](qint64 ns) { return ns < 0 ? QStringLiteral("–") : durationText(ns); };
    m_countersLabel->setText(
        tr("· %1 msgs · %2 dropped · ping p99 lateness %3 · RTT p50 %4 · "
           "pings %5 sent, %6 answered")
            .arg(locale.toString(status->messagesReceived), locale.toString(qulonglong(dropped)),
                 orDash(status->pingLatenessP99Ns), orDash(status->roundTripMedianNs),
                 locale.toString(status->pingsSent), locale.toString(status->pingsAnswered)));
}

void MainWindow::updateActions()
{
    const int id = selectedSession();
    const SessionStatus *status = m_list->status(id);
    for (QAction *action : m_actions->sessionActions())
        action->setEnabled(status != nullptr);
    if (!status)
        return;
    const bool connected = status->state == Session::State::Connected;
    const bool idle = status->state == Session::State::Disconnected && !status->reconnectPending;
    m_actions->connectSession->setEnabled(idle);
    m_actions->disconnectSession->setEnabled(!idle);
    m_actions->disconnectWithWill->setEnabled(connected && m_profiles.value(id).settings.version ==
                                                               Protocol::ProtocolVersion::V5);
    for (QAction *action : {m_actions->pingNow, m_actions->pausePings, m_actions->resumePings,
                            m_actions->blackHole, m_actions->drop})
        action->setEnabled(connected);
}

void MainWindow::editPreferences()
{
    bool ok = false;
    const int rows = QInputDialog::getInt(
        this, tr("Preferences"),
        tr("Messages kept per session (older ones are dropped and counted):"), int(m_messageLimit),
        MinimumMessageLimit, MaximumMessageLimit, 10'000, &ok);
    if (!ok)
        return;
    m_messageLimit = rows;
    QSettings().setValue(SettingsKeys::messageLimit(), qlonglong(rows));
    for (SessionView *view : std::as_const(m_views))
        view->messages()->setMaximumRows(rows);
}

} // namespace PingScope
