#pragma once

#include <QList>

class QAction;
class QMainWindow;
class QMenu;

namespace PingScope {

// The main window's actions, with their shortcuts and tooltips (UI.md: every action has
// both; destructive ones say what they cause), and the menus and toolbar that show them.
// Plain pointers owned by the window; the window connects them.
struct MainWindowActions
{
    explicit MainWindowActions(QMainWindow *window);

    QAction *newSession; // the Connections dialog
    QAction *quickSession;
    QAction *editSession;
    QAction *importProfiles;
    QAction *exportProfiles;
    QAction *connectSession;
    QAction *disconnectSession;
    QAction *disconnectWithWill;
    QAction *duplicateSession;
    QAction *removeSession;
    QAction *pingNow;
    QAction *pausePings;
    QAction *resumePings;
    QAction *blackHole;
    QAction *drop;
    QAction *exportTimeline; // the selected session's: PNG
    QAction *exportEvents;   // CSV
    QAction *exportPcap;     // pcap
    QAction *overlayTimelines;
    QAction *localBroker; // checkable: checked while the local broker runs
    QAction *preferences;
    // View > Colour Scheme, exclusive and checkable; data() is the scheme's name.
    QAction *schemeSystem;
    QAction *schemeLight;
    QAction *schemeDark;
    QMenu *viewMenu; // also where the window puts its docks' toggles
    QAction *quit;
    QAction *lessons; // View > Lessons…: the Lessons window (issue 7)

    // The actions that need a selected session, for enabling them together.
    QList<QAction *> sessionActions() const;
};

} // namespace PingScope
