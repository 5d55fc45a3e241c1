#include "mainwindowactions.h"

#include <QAction>
#include <QActionGroup>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>
#include <QToolButton>

namespace PingScope {

namespace {
QAction *makeAction(QMainWindow *window, const QString &objectName, const QString &text,
                    const QKeySequence &shortcut, const QString &toolTip)
{
    auto *action = new QAction(text, window);
    action->setObjectName(objectName);
    action->setShortcut(shortcut);
    // The shortcut in the tooltip too: toolbar users learn it by hovering.
    const QString keys = shortcut.toString(QKeySequence::NativeText);
    action->setToolTip(keys.isEmpty() ? toolTip : QStringLiteral("%1 (%2)").arg(toolTip, keys));
    action->setStatusTip(toolTip);
    return action;
}
} // namespace

MainWindowActions::MainWindowActions(QMainWindow *w)
{
    using QK = QKeySequence;
    newSession =
        makeAction(w, QStringLiteral("actionNewSession"), QObject::tr("&New Session…"),
                   QK(Qt::CTRL | Qt::Key_N),
                   QObject::tr("Open a session from a saved connection profile, or create one"));
    quickSession = makeAction(
        w, QStringLiteral("actionQuickSession"), QObject::tr("&Quick Session"),
        QK(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
        QObject::tr("Open a session with default settings at once: on the local broker if it "
                    "runs, else on 127.0.0.1:1883"));
    editSession = makeAction(
        w, QStringLiteral("actionEditSession"), QObject::tr("&Edit Session…"),
        QK(Qt::CTRL | Qt::Key_E),
        QObject::tr("Change the selected session's settings and save them as a profile"));
    importProfiles = makeAction(w, QStringLiteral("actionImportProfiles"),
                                QObject::tr("&Import Profiles…"), QK(Qt::CTRL | Qt::Key_I),
                                QObject::tr("Add the connection profiles of an exported file"));
    exportProfiles = makeAction(
        w, QStringLiteral("actionExportProfiles"), QObject::tr("E&xport Profiles…"),
        QK(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
        QObject::tr("Write every saved connection profile to one file, without passwords"));
    connectSession =
        makeAction(w, QStringLiteral("actionConnect"), QObject::tr("&Connect"),
                   QK(Qt::CTRL | Qt::Key_Return), QObject::tr("Connect the selected session"));
    disconnectSession = makeAction(
        w, QStringLiteral("actionDisconnect"), QObject::tr("&Disconnect"), QK(Qt::CTRL | Qt::Key_D),
        QObject::tr("Send DISCONNECT (0x00): the broker discards the will"));
    disconnectWithWill = makeAction(
        w, QStringLiteral("actionDisconnectWithWill"), QObject::tr("Disconnect with &Will"),
        QK(Qt::CTRL | Qt::ALT | Qt::Key_D),
        QObject::tr("MQTT 5: send DISCONNECT 0x04, so the broker still publishes the will"));
    duplicateSession = makeAction(
        w, QStringLiteral("actionDuplicate"), QObject::tr("D&uplicate Session (same ID)"),
        QK(Qt::CTRL | Qt::SHIFT | Qt::Key_D),
        QObject::tr("Connect a second session with the same client ID: the broker takes the "
                    "first one over and closes it"));
    removeSession = makeAction(w, QStringLiteral("actionRemove"), QObject::tr("&Remove Session"),
                               QK(Qt::CTRL | Qt::Key_W),
                               QObject::tr("Disconnect the selected session and remove it"));
    pingNow = makeAction(w, QStringLiteral("actionPingNow"), QObject::tr("&Ping Now"),
                         QK(Qt::CTRL | Qt::Key_P),
                         QObject::tr("Send a PINGREQ now and measure the round trip"));
    pausePings = makeAction(
        w, QStringLiteral("actionPausePings"), QObject::tr("&Pause Pings"),
        QK(Qt::CTRL | Qt::ALT | Qt::Key_P),
        QObject::tr("Stop sending PINGREQ: the broker drops the session after 1.5 × keep-alive"));
    resumePings = makeAction(w, QStringLiteral("actionResumePings"), QObject::tr("&Resume Pings"),
                             QK(Qt::CTRL | Qt::ALT | Qt::Key_R),
                             QObject::tr("Send PINGREQ again as keep-alive requires"));
    blackHole = makeAction(
        w, QStringLiteral("actionBlackHole"), QObject::tr("&Black-hole the Link"),
        QK(Qt::CTRL | Qt::ALT | Qt::Key_B),
        QObject::tr("Discard all traffic both ways with the socket open: a half-open link "
                    "that the ping timeout and the broker both detect"));
    drop = makeAction(w, QStringLiteral("actionDrop"), QObject::tr("&Drop the Connection"),
                      QK(Qt::CTRL | Qt::ALT | Qt::Key_X),
                      QObject::tr("Close the socket without DISCONNECT, like a crash: the "
                                  "broker publishes the will"));
    exportTimeline =
        makeAction(w, QStringLiteral("actionExportTimeline"),
                   QObject::tr("Export &Timeline as PNG…"), QK(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                   QObject::tr("Save the selected session's timeline, as shown, as a PNG picture"));
    exportEvents = makeAction(
        w, QStringLiteral("actionExportEvents"), QObject::tr("Export E&vents as CSV…"),
        QK(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
        QObject::tr("Save the selected session's events (packets and liveness) as CSV for a "
                    "spreadsheet; passwords are masked"));
    exportPcap = makeAction(
        w, QStringLiteral("actionExportPcap"), QObject::tr("Export Traffic as &pcap…"),
        QK(Qt::CTRL | Qt::SHIFT | Qt::Key_W),
        QObject::tr("Save the selected session's packets as a pcap capture that Wireshark "
                    "opens; passwords are masked"));
    overlayTimelines = makeAction(
        w, QStringLiteral("actionOverlayTimelines"), QObject::tr("&Overlay Timelines"),
        QK(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
        QObject::tr("Open one timeline with every session on a shared time axis: a take-over, "
                    "or a session and its will watcher, side by side"));
    localBroker =
        makeAction(w, QStringLiteral("actionLocalBroker"), QObject::tr("&Local Broker"),
                   QK(Qt::CTRL | Qt::SHIFT | Qt::Key_B),
                   QObject::tr("Start or stop a private mosquitto on a free 127.0.0.1 port"));
    localBroker->setCheckable(true);
    preferences = makeAction(w, QStringLiteral("actionPreferences"), QObject::tr("Pre&ferences…"),
                             QK(Qt::CTRL | Qt::Key_Comma),
                             QObject::tr("Settings such as how many messages to keep"));
    quit = makeAction(w, QStringLiteral("actionQuit"), QObject::tr("&Quit"), QK::Quit,
                      QObject::tr("Disconnect every session and quit"));
    quit->setMenuRole(QAction::QuitRole);
    preferences->setMenuRole(QAction::PreferencesRole);

    QMenu *file = w->menuBar()->addMenu(QObject::tr("&File"));
    file->addActions({newSession, quickSession});
    file->addSeparator();
    file->addActions({importProfiles, exportProfiles});
    file->addSeparator();
    file->addActions({exportTimeline, exportEvents, exportPcap});
    file->addSeparator();
    file->addAction(preferences);
    file->addSeparator();
    file->addAction(quit);

    viewMenu = w->menuBar()->addMenu(QObject::tr("&View"));
    QMenu *schemes = viewMenu->addMenu(QObject::tr("&Colour Scheme"));
    auto *schemeGroup = new QActionGroup(w);
    const auto scheme = [&](const QString &name, const QString &text, const QString &tip) {
        QAction *action = makeAction(w, QStringLiteral("actionScheme_") + name, text, QK(), tip);
        action->setCheckable(true);
        action->setData(name);
        schemeGroup->addAction(action);
        schemes->addAction(action);
        return action;
    };
    schemeSystem = scheme(QStringLiteral("system"), QObject::tr("&System"),
                          QObject::tr("Follow the desktop's light or dark look"));
    schemeLight = scheme(QStringLiteral("light"), QObject::tr("&Light"),
                         QObject::tr("Dark text on light backgrounds, whatever the desktop's"));
    schemeDark = scheme(QStringLiteral("dark"), QObject::tr("&Dark"),
                        QObject::tr("Light text on dark backgrounds, whatever the desktop's"));
    viewMenu->addSeparator();
    viewMenu->addAction(overlayTimelines);
    viewMenu->addSeparator();

    QMenu *session = w->menuBar()->addMenu(QObject::tr("&Session"));
    session->addActions({connectSession, disconnectSession, disconnectWithWill});
    session->addSeparator();
    session->addAction(editSession);
    session->addSeparator();
    session->addActions({duplicateSession, pingNow});
    session->addSeparator();
    session->addAction(removeSession);

    QMenu *faults = w->menuBar()->addMenu(QObject::tr("F&aults"));
    faults->setToolTipsVisible(true);
    faults->addActions({pausePings, resumePings});
    faults->addSeparator();
    faults->addActions({blackHole, drop});

    QMenu *broker = w->menuBar()->addMenu(QObject::tr("&Broker"));
    broker->addAction(localBroker);

    QToolBar *bar = w->addToolBar(QObject::tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addActions({newSession, connectSession});
    // Disconnect and its with-will variant on one button with a menu, as UI.md sketches.
    auto *disconnectButton = new QToolButton(bar);
    disconnectButton->setDefaultAction(disconnectSession);
    auto *disconnectMenu = new QMenu(disconnectButton);
    disconnectMenu->addActions({disconnectSession, disconnectWithWill});
    disconnectButton->setMenu(disconnectMenu);
    disconnectButton->setPopupMode(QToolButton::MenuButtonPopup);
    bar->addWidget(disconnectButton);
    bar->addActions({duplicateSession, pingNow});
    auto *faultsButton = new QToolButton(bar);
    faultsButton->setText(QObject::tr("Faults"));
    faultsButton->setToolTip(QObject::tr("Provoke the broker: pause pings, black-hole, drop"));
    faultsButton->setMenu(faults);
    faultsButton->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(faultsButton);
    bar->addSeparator();
    bar->addAction(localBroker);

    lessons = makeAction(w, QStringLiteral("actionLessons"), QObject::tr("&Lessons…"),
                         QK(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                         QObject::tr("One-click experiments that show keep-alive, half-open "
                                     "links, wills and take-over on a broker of their own"));
    viewMenu->insertAction(overlayTimelines, lessons);
}

QList<QAction *> MainWindowActions::sessionActions() const
{
    return {connectSession, disconnectSession, disconnectWithWill, duplicateSession, editSession,
            removeSession,  pingNow,           pausePings,         resumePings,      blackHole,
            drop,           exportTimeline,    exportEvents,       exportPcap};
}

} // namespace PingScope
