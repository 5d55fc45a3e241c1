#pragma once

#include <QList>

class QAction;
class QMainWindow;

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
    QAction *localBroker; // checkable: checked while the local broker runs
    QAction *preferences;
    QAction *quit;

    // The actions that need a selected session, for enabling them together.
    QList<QAction *> sessionActions() const;
};

} // namespace PingScope
