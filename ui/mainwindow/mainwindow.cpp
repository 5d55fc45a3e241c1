#include "mainwindow.h"

#include "broker/brokerlogview.h"
#include "broker/localbroker.h"
#include "mainwindow/colourscheme.h"
#include "mainwindow/mainwindowactions.h"
#include "mainwindow/sessionlistdelegate.h"
#include "mainwindow/sessionlistmodel.h"
#include "mainwindow/sessionopener.h"
#include "mainwindow/settingskeys.h"
#include "mainwindow/stateappearance.h"
#include "mainwindow/welcomepage.h"
#include "profiles/memorycredentialstore.h"
#include "profiles/profiletransfer.h"
#include "session/keepalivetimer.h"
#include "session/messagemodel.h"
#include "session/sessionhost.h"
#include "session/sessionview.h"
#include "session/subscriptionspanel.h"
#include "timeline/timelineoverlaywindow.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace PingScope {

MainWindow::MainWindow(CredentialStore *credentials, const QString &profileDirectory,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_host(new SessionHost(this))
    , m_list(new SessionListModel(this))
    , m_listView(new QListView(this))
    , m_stack(new QStackedWidget(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_stateLabel(new QLabel(this))
    , m_countersLabel(new QLabel(this))
    , m_brokerLabel(new QLabel(this))
    , m_welcome(new WelcomePage(this))
    , m_brokerLog(new BrokerLogView(this))
    , m_actions(std::make_unique<MainWindowActions>(this))
    , m_store(profileDirectory)
    , m_credentials(credentials ? credentials : new MemoryCredentialStore(this))
    , m_opener(std::make_unique<SessionOpener>(m_credentials, this,
                                               [this] { return ensureLocalBroker(); }))
    , m_messageLimit(qBound(
          qlonglong(MinimumMessageLimit),
          QSettings()
              .value(SettingsKeys::messageLimit(), qlonglong(MessageModel::DefaultMaximumRows))
              .toLongLong(),
          qlonglong(MaximumMessageLimit)))
{
    setWindowTitle(QStringLiteral("PingScope"));
    resize(1200, 760);

    m_listView->setObjectName(QStringLiteral("sessionList"));
    m_listView->setModel(m_list);
    m_listView->setItemDelegate(new SessionListDelegate(m_listView));
    m_listView->setUniformItemSizes(true);
    m_listView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_listView->setMinimumWidth(m_listView->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);

    const auto keys = [](const QAction *action) {
        return action->shortcut().toString(QKeySequence::NativeText);
    };
    m_welcome->setShortcuts(keys(m_actions->newSession), keys(m_actions->quickSession));
    m_welcome->setLocalBrokerAvailable(!LocalBroker::findExecutable().isEmpty(),
                                       LocalBroker::notInstalledText());
    connect(m_welcome, &WelcomePage::localBrokerRequested, this,
            &MainWindow::connectLocalTestBroker);
    connect(m_welcome, &WelcomePage::connectionsRequested, this, &MainWindow::openConnections);
    connect(m_welcome, &WelcomePage::quickSessionRequested, this, [this] { quickSession(); });
    m_stack->addWidget(m_welcome);

    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_listView);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({m_listView->minimumWidth() + 40, 900});
    setCentralWidget(m_splitter);

    m_stateLabel->setObjectName(QStringLiteral("statusState"));
    m_countersLabel->setObjectName(QStringLiteral("statusCounters"));
    m_brokerLabel->setObjectName(QStringLiteral("statusBroker"));
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addWidget(m_countersLabel, 1);
    statusBar()->addPermanentWidget(m_brokerLabel);

    connect(m_host, &SessionHost::batchReady, this, &MainWindow::onBatch);
    connect(m_host, &SessionHost::requestFinished, this,
            [this](int id, quint64 request, const Session::SendResult &result) {
                if (SessionView *view = m_views.value(id))
                    view->requestFinished(request, result);
            });
    connect(m_host, &SessionHost::subscribeCompleted, this,
            [this](int id, quint16 packetId, const QList<quint8> &codes) {
                if (SessionView *view = m_views.value(id))
                    view->subscribeCompleted(packetId, codes);
            });
    connect(m_host, &SessionHost::unsubscribeCompleted, this,
            [this](int id, quint16 packetId, const QList<quint8> &codes) {
                if (SessionView *view = m_views.value(id))
                    view->unsubscribeCompleted(packetId, codes);
            });
    connect(m_host, &SessionHost::publishCompleted, this,
            [this](int id, quint16 packetId, quint8 code) {
                if (SessionView *view = m_views.value(id))
                    view->publishCompleted(packetId, code);
            });
    connect(m_host, &SessionHost::openRefused, this, &MainWindow::showOpenRefused);
    connect(m_listView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        const int id = selectedSession();
        m_stack->setCurrentWidget(m_views.contains(id) ? m_views.value(id) : m_stack->widget(0));
        updateStatusBar();
        updateActions();
    });
    // Ticks the status bar's counters with the list's ages; batches only come on change.
    connect(m_list, &QAbstractItemModel::dataChanged, this, &MainWindow::updateStatusBar);

    // The local broker's log, in a dock the View menu shows; created before restoreLayout()
    // so that restoreState() finds it by name and reopens it if it was open.
    auto *logDock = new QDockWidget(tr("Broker log"), this);
    logDock->setObjectName(QStringLiteral("brokerLogDock"));
    logDock->setWidget(m_brokerLog);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    logDock->hide();
    QAction *showLog = logDock->toggleViewAction();
    showLog->setObjectName(QStringLiteral("actionBrokerLog"));
    showLog->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    showLog->setToolTip(tr("Show or hide what the local mosquitto logs (Ctrl+Shift+L)"));
    m_actions->viewMenu->addAction(showLog);

    connectActions();
    restoreLayout();
    showBrokerState();
    updateStatusBar();
    updateActions();
}

MainWindow::~MainWindow()
{
    // Overlays show the views' timeline models: they go first.
    for (const QPointer<TimelineOverlayWindow> &overlay : std::as_const(m_overlays))
        delete overlay.data();
}

void MainWindow::connectActions()
{
    const MainWindowActions &a = *m_actions;
    connect(a.newSession, &QAction::triggered, this, &MainWindow::openConnections);
    connect(a.quickSession, &QAction::triggered, this, [this] { quickSession(); });
    connect(a.editSession, &QAction::triggered, this, [this] { editSession(selectedSession()); });
    connect(a.importProfiles, &QAction::triggered, this,
            [this] { ProfileTransfer::importWithDialog(m_store, this); });
    connect(a.exportProfiles, &QAction::triggered, this,
            [this] { ProfileTransfer::exportWithDialog(m_store.load().profiles, this); });
    connect(a.connectSession, &QAction::triggered, this,
            [this] { reconnectSession(selectedSession()); });
    connect(a.disconnectSession, &QAction::triggered, this,
            [this] { m_host->close(selectedSession()); });
    connect(a.disconnectWithWill, &QAction::triggered, this, [this] {
        m_host->close(selectedSession(), Protocol::ReasonCode::DisconnectWithWillMessage);
    });
    connect(a.duplicateSession, &QAction::triggered, this,
            [this] { duplicateSession(selectedSession()); });
    connect(a.removeSession, &QAction::triggered, this,
            [this] { removeSession(selectedSession()); });
    connect(a.pingNow, &QAction::triggered, this, [this] { m_host->pingNow(selectedSession()); });
    connect(a.pausePings, &QAction::triggered, this,
            [this] { injectFault(FaultKind::PausePings); });
    connect(a.resumePings, &QAction::triggered, this,
            [this] { injectFault(FaultKind::ResumePings); });
    connect(a.blackHole, &QAction::triggered, this, [this] { injectFault(FaultKind::BlackHole); });
    connect(a.drop, &QAction::triggered, this, [this] { injectFault(FaultKind::Drop); });
    connect(a.exportTimeline, &QAction::triggered, this,
            [this] { exportSelected(ExportKind::TimelinePng); });
    connect(a.exportEvents, &QAction::triggered, this,
            [this] { exportSelected(ExportKind::EventsCsv); });
    connect(a.exportPcap, &QAction::triggered, this,
            [this] { exportSelected(ExportKind::TrafficPcap); });
    connect(a.overlayTimelines, &QAction::triggered, this, [this] { openOverlay(m_views.keys()); });
    connect(a.localBroker, &QAction::triggered, this, &MainWindow::toggleLocalBroker);
    connect(a.preferences, &QAction::triggered, this, &MainWindow::editPreferences);
    const ColourScheme scheme =
        colourSchemeFromName(QSettings().value(SettingsKeys::colourScheme()).toString());
    for (QAction *action : {a.schemeSystem, a.schemeLight, a.schemeDark}) {
        action->setChecked(colourSchemeFromName(action->data().toString()) == scheme);
        connect(action, &QAction::triggered, this, [action] {
            QSettings().setValue(SettingsKeys::colourScheme(), action->data());
            applyColourScheme(colourSchemeFromName(action->data().toString()));
        });
    }
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.lessons, &QAction::triggered, this, [this] { openLessons(); });
}

int MainWindow::createSessionFromProfile(const ConnectionProfile &profile)
{
    const int id = m_host->createSession(profile.settings);
    m_profiles.insert(id, profile);
    m_list->addSession(id, profile.name, profile.settings.clientId);
    auto *view = new SessionView(m_host, id, m_stack);
    view->messages()->setMaximumRows(m_messageLimit);
    view->splitter()->restoreState(
        QSettings().value(SettingsKeys::sessionSplitter()).toByteArray());
    m_views.insert(id, view);
    wireSessionView(id, view);
    showProfile(id);
    m_stack->addWidget(view);
    m_host->open(id);
    selectSession(id);
    return id;
}

void MainWindow::showProfile(int id)
{
    const ConnectionProfile profile = m_profiles.value(id);
    const SessionSettings &settings = profile.settings;
    m_list->renameSession(id, profile.name, settings.clientId);
    m_list->setInsecure(id, settings.tls.enabled && settings.tls.allowInsecure);
    SessionView *view = m_views.value(id);
    if (!view)
        return;
    view->setProfile(profile);
    // One arg() call: user text (a name with "%1" in it) is never substituted again.
    view->setTitle(tr("#%1 %2 @ %3:%4 · %5%6 · client ID %7")
                       .arg(QString::number(id), profile.name, settings.host,
                            QString::number(settings.port),
                            Protocol::protocolVersionName(settings.version),
                            settings.tls.enabled ? tr(" · TLS") : QString(), settings.clientId),
                   sessionName(id));
}

int MainWindow::duplicateSession(int id)
{
    if (!m_profiles.contains(id))
        return 0;
    ConnectionProfile twin = m_profiles.value(id);
    twin.name = tr("%1 (twin of #%2)").arg(twin.name, QString::number(id));
    return createSessionFromProfile(twin);
}

int MainWindow::selectedSession() const
{
    return m_list->idAt(m_listView->currentIndex().row());
}

void MainWindow::selectSession(int id)
{
    const int row = m_list->rowOf(id);
    if (row >= 0)
        m_listView->setCurrentIndex(m_list->index(row));
}

void MainWindow::showOpenRefused(int id, const QList<SettingsProblem> &problems)
{
    QStringList lines;
    for (const SettingsProblem &problem : problems) {
        lines << (problem.field.isEmpty()
                      ? problem.message
                      : QStringLiteral("%1: %2").arg(problem.field, problem.message));
    }
    // Not exec(): this runs inside the host's batch delivery, and a nested event loop here
    // would hold every session's updates back until the box is closed.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot connect"),
                                tr("Session #%1 cannot connect:\n%2")
                                    .arg(QString::number(id), lines.join(QLatin1Char('\n'))),
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::removeSession(int id)
{
    if (!m_list->status(id))
        return;
    QSettings settings;
    if (settings.value(SettingsKeys::confirmRemove(), true).toBool()) {
        QMessageBox box(QMessageBox::Question, tr("Remove session"),
                        tr("Remove session #%1 “%2”? It disconnects (the broker discards its "
                           "will) and its messages are gone.")
                            .arg(QString::number(id), m_list->name(id)),
                        QMessageBox::Cancel, this);
        QPushButton *remove = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
        auto *dontAsk = new QCheckBox(tr("Do not ask again"), &box);
        box.setCheckBox(dontAsk);
        box.exec();
        if (box.clickedButton() != remove)
            return;
        if (dontAsk->isChecked())
            settings.setValue(SettingsKeys::confirmRemove(), false);
    }
    m_host->removeSession(id);
}

void MainWindow::subscribeWhenConnected(int id, const Protocol::Subscription &subscription)
{
    m_subscribeOnConnect[id].append(subscription);
}

void MainWindow::subscribePending(const SessionBatch &batch)
{
    if (m_subscribeOnConnect.isEmpty())
        return;
    for (const Event &event : batch.events) {
        if (event.kind != EventKind::Connected || !m_subscribeOnConnect.contains(event.session))
            continue;
        // Through the panel, so that it shows; after a reconnect without a session present
        // the panel subscribes again by itself.
        SessionView *view = m_views.value(event.session);
        const QList<Protocol::Subscription> subscriptions =
            m_subscribeOnConnect.take(event.session);
        for (const Protocol::Subscription &subscription : subscriptions) {
            if (view)
                view->subscriptions()->subscribe(subscription);
        }
    }
}

void MainWindow::injectFault(FaultKind fault)
{
    m_host->injectFault(selectedSession(), fault);
}

void MainWindow::onBatch(const SessionBatch &batch)
{
    m_list->applyBatch(batch);

    // Each view gets its own events, once per batch: one insert per model per batch.
    QHash<int, QList<const Event *>> bySession;
    for (const Event &event : batch.events)
        bySession[event.session].append(&event);
    const qint64 nowNs = KeepAliveTimer::monotonicClock()();
    const qint64 nowWallMs = QDateTime::currentMSecsSinceEpoch();
    for (auto it = bySession.cbegin(); it != bySession.cend(); ++it) {
        if (SessionView *view = m_views.value(it.key()))
            view->appendEvents(it.value(), nowNs, nowWallMs);
    }
    deliverStatusesAndWills(batch);
    subscribePending(batch);
    for (int id : batch.removedSessions) {
        m_profiles.remove(id);
        m_subscribeOnConnect.remove(id);
        if (SessionView *view = m_views.take(id)) {
            forgetTimelineOf(view);
            view->deleteLater();
        }
    }
    updateStatusBar();
    updateActions();
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(SettingsKeys::geometry()).toByteArray());
    restoreState(settings.value(SettingsKeys::state()).toByteArray());
    m_splitter->restoreState(settings.value(SettingsKeys::splitter()).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(SettingsKeys::geometry(), saveGeometry());
    settings.setValue(SettingsKeys::state(), saveState());
    settings.setValue(SettingsKeys::splitter(), m_splitter->saveState());
    if (const auto *view = dynamic_cast<const SessionView *>(m_stack->currentWidget()))
        settings.setValue(SettingsKeys::sessionSplitter(), view->splitter()->saveState());
}

void MainWindow::changeEvent(QEvent *event)
{
    // Colours made from the palette (the broker line, the state) follow a light/dark switch.
    if (event->type() == QEvent::PaletteChange) {
        showBrokerState();
        updateStatusBar();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    saveOpenSessions();
    QMainWindow::closeEvent(event);
}

} // namespace PingScope
