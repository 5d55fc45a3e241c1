#pragma once

#include "profiles/connectionprofile.h"

#include <QList>

class QWidget;

namespace PingScope {

class ProfileStore;

// Import and export of profiles as a user does them: a file dialog that remembers its
// folder, and what went wrong said in a message box. Shared by the Connections dialog and the
// main window's File menu.
namespace ProfileTransfer {

// Imports `path` into `store`; reports entries left out. Returns the profiles imported.
QList<ConnectionProfile> importFile(ProfileStore &store, const QString &path, QWidget *parent);
// Asks for a file, then importFile(). Empty if cancelled or nothing was imported.
QList<ConnectionProfile> importWithDialog(ProfileStore &store, QWidget *parent);

// Writes `profiles` (never their passwords) to `path`; says why if it could not.
bool exportFile(const QList<ConnectionProfile> &profiles, const QString &path, QWidget *parent);
// Asks for a file, then exportFile(). False if cancelled or failed.
bool exportWithDialog(const QList<ConnectionProfile> &profiles, QWidget *parent);

} // namespace ProfileTransfer
} // namespace PingScope
