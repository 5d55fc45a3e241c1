#include "mainwindow.h"

#include "broker/localbroker.h"
#include "mainwindow/mainwindowactions.h"
#include "mainwindow/sessionlistdelegate.h"
#include "mainwindow/sessionlistmodel.h"
#include "mainwindow/stateappearance.h"
#include "session/keepalivetimer.h"
#include "session/messagemodel.h"
#include "session/sessionhost.h"
#include "session/sessionview.h"

#include <QAction>
#include <QCloseEvent>
#include <QDateTime>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QMessageBox>
#include <QRandomGenerator>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace PingScope {

namespace {
const QString GeometryKey = QStringLiteral("mainWindow/geometry");
const QString StateKey = QStringLiteral("mainWindow/state");
const QString SplitterKey = QStringLiteral("mainWindow/splitter");
const QString SessionSplitterKey = QStringLiteral("mainWindow/sessionSplitter");
const QString MessageLimitKey = QStringLiteral("messages/maximumRows");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_host(new SessionHost(this))
    , m_list(new SessionListModel(this))
    , m_listView(new QListView(this))
    , m_stack(new QStackedWidget(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_stateLabel(new QLabel(this))
    , m_countersLabel(new QLabel(this))
    , m_brokerLabel(new QLabel(this))
    , m_actions(std::make_unique<MainWindowActions>(this))
    , m_messageLimit(QSettings()
                         .value(MessageLimitKey, qlonglong(MessageModel::DefaultMaximumRows))
                         .toLongLong())
{
    setWindowTitle(QStringLiteral("PingScope"));
    resize(1200, 760);

    m_listView->setObjectName(QStringLiteral("sessionList"));
    m_listView->setModel(m_list);
    m_listView->setItemDelegate(new SessionListDelegate(m_listView));
    m_listView->setUniformItemSizes(true);
    m_listView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_listView->setMinimumWidth(m_listView->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);

    auto *empty =
        new QLabel(tr("No session yet.\n\nNew Session (%1) connects to the broker with "
                      "default settings.")
                       .arg(m_actions->newSession->shortcut().toString(QKeySequence::NativeText)),
                   m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    m_stack->addWidget(empty);

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
    connect(m_host, &SessionHost::publishCompleted, this,
            [this](int id, quint16 packetId, quint8 code) {
                if (SessionView *view = m_views.value(id))
                    view->publishCompleted(packetId, code);
            });
    connect(
        m_host, &SessionHost::openRefused, this,
        [this](int id, const QList<SettingsProblem> &problems) {
            QStringList lines;
            for (const SettingsProblem &problem : problems)
                lines << QStringLiteral("%1: %2").arg(problem.field, problem.message);
            QMessageBox::warning(
                this, tr("Cannot connect"),
                tr("Session #%1 cannot connect:\n%2").arg(id).arg(lines.join(QLatin1Char('\n'))));
        });
    connect(m_listView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        const int id = selectedSession();
        m_stack->setCurrentWidget(m_views.contains(id) ? m_views.value(id) : m_stack->widget(0));
        updateStatusBar();
        updateActions();
    });
    // Ticks the status bar's counters with the list's ages; batches only come on change.
    connect(m_list, &QAbstractItemModel::dataChanged, this, &MainWindow::updateStatusBar);

    const MainWindowActions &a = *m_actions;
    connect(a.newSession, &QAction::triggered, this, [this] { newSession(); });
    connect(a.connectSession, &QAction::triggered, this,
            [this] { m_host->open(selectedSession()); });
    connect(a.disconnectSession, &QAction::triggered, this,
            [this] { m_host->close(selectedSession()); });
    connect(a.disconnectWithWill, &QAction::triggered, this, [this] {
        m_host->close(selectedSession(), Protocol::ReasonCode::DisconnectWithWillMessage);
    });
    connect(a.duplicateSession, &QAction::triggered, this,
            [this] { duplicateSession(selectedSession()); });
    connect(a.removeSession, &QAction::triggered, this,
            [this] { m_host->removeSession(selectedSession()); });
    connect(a.pingNow, &QAction::triggered, this, [this] { m_host->pingNow(selectedSession()); });
    connect(a.pausePings, &QAction::triggered, this,
            [this] { injectFault(FaultKind::PausePings); });
    connect(a.resumePings, &QAction::triggered, this,
            [this] { injectFault(FaultKind::ResumePings); });
    connect(a.blackHole, &QAction::triggered, this, [this] { injectFault(FaultKind::BlackHole); });
    connect(a.drop, &QAction::triggered, this, [this] { injectFault(FaultKind::Drop); });
    connect(a.localBroker, &QAction::triggered, this, &MainWindow::toggleLocalBroker);
    connect(a.preferences, &QAction::triggered, this, &MainWindow::editPreferences);
    connect(a.quit, &QAction::triggered, this, &QWidget::close);

    restoreLayout();
    showBrokerState();
    updateStatusBar();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::setLocalBroker(LocalBroker *broker)
{
    m_broker = broker;
    connect(broker, &LocalBroker::exitedUnexpectedly, this,
            [this](const QString &reason) { showLocalBrokerFailure(reason); });
    showBrokerState();
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
    if (!m_ownBroker)
        m_ownBroker = std::make_unique<LocalBroker>();
    if (m_ownBroker->start())
        setLocalBroker(m_ownBroker.get());
    else
        showLocalBrokerFailure(m_ownBroker->errorString());
}

SessionSettings MainWindow::defaultSettings() const
{
    SessionSettings settings;
    if (m_broker && m_broker->isRunning()) {
        settings.host = m_broker->host();
        settings.port = m_broker->port();
    }
    // A short keep-alive, so that pings (the point of PingScope) show within seconds.
    settings.keepAliveSeconds = 30;
    settings.clientId =
        QStringLiteral("pingscope-%1")
            .arg(QRandomGenerator::global()->bounded(0x1000000), 6, 16, QLatin1Char('0'));
    return settings;
}

int MainWindow::newSession()
{
    // TODO(editor): once ui/editor/connectioneditor.h exists, open the ConnectionEditor on
    // ConnectionProfile::create(...) here and call createSessionFromProfile() on accept.
    const SessionSettings settings = defaultSettings();
    const QString name = m_broker && m_broker->isRunning()
                             ? tr("local broker")
                             : QStringLiteral("%1:%2").arg(settings.host).arg(settings.port);
    return createSessionFromProfile(ConnectionProfile::create(name, settings));
}

int MainWindow::createSessionFromProfile(const ConnectionProfile &profile)
{
    const int id = m_host->createSession(profile.settings);
    m_profiles.insert(id, profile);
    m_list->addSession(id, profile.name, profile.settings.clientId);
    auto *view = new SessionView(m_host, id, m_stack);
    view->messages()->setMaximumRows(m_messageLimit);
    view->setTitle(tr("#%1 %2 @ %3:%4 · %5 · client ID %6")
                       .arg(id)
                       .arg(profile.name, profile.settings.host)
                       .arg(profile.settings.port)
                       .arg(Protocol::protocolVersionName(profile.settings.version),
                            profile.settings.clientId));
    view->splitter()->restoreState(QSettings().value(SessionSplitterKey).toByteArray());
    m_views.insert(id, view);
    m_stack->addWidget(view);
    m_host->open(id);
    selectSession(id);
    return id;
}

int MainWindow::duplicateSession(int id)
{
    if (!m_profiles.contains(id))
        return 0;
    ConnectionProfile twin = m_profiles.value(id);
    twin.name = tr("%1 (twin of #%2)").arg(twin.name).arg(id);
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
    for (int id : batch.removedSessions) {
        m_profiles.remove(id);
        if (SessionView *view = m_views.take(id))
            view->deleteLater();
    }
    updateStatusBar();
    updateActions();
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
    const quint64 dropped = status->eventsDropped + (view ? view->messages()->droppedCount() : 0);
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
    const int rows =
        QInputDialog::getInt(this, tr("Preferences"),
                             tr("Messages kept per session (older ones are dropped and counted):"),
                             int(m_messageLimit), 100, 10'000'000, 10'000, &ok);
    if (!ok)
        return;
    m_messageLimit = rows;
    QSettings().setValue(MessageLimitKey, qlonglong(rows));
    for (SessionView *view : std::as_const(m_views))
        view->messages()->setMaximumRows(rows);
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(GeometryKey).toByteArray());
    restoreState(settings.value(StateKey).toByteArray());
    m_splitter->restoreState(settings.value(SplitterKey).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(SplitterKey, m_splitter->saveState());
    if (const auto *view = dynamic_cast<const SessionView *>(m_stack->currentWidget()))
        settings.setValue(SessionSplitterKey, view->splitter()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace PingScope
