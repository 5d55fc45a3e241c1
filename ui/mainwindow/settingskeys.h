#pragma once

#include <QString>

// The QSettings keys of the main window, in one place: several files read and write them.
namespace PingScope::SettingsKeys {

inline QString geometry()
{
    return QStringLiteral("mainWindow/geometry");
}
inline QString state()
{
    return QStringLiteral("mainWindow/state");
}
inline QString splitter()
{
    return QStringLiteral("mainWindow/splitter");
}
inline QString sessionSplitter()
{
    return QStringLiteral("mainWindow/sessionSplitter");
}
inline QString messageLimit()
{
    return QStringLiteral("messages/maximumRows");
}
// Profile ids of the sessions open when the window closed, reopened at the next start.
inline QString openSessions()
{
    return QStringLiteral("sessions/openProfiles");
}
// Whether Remove Session asks first.
inline QString confirmRemove()
{
    return QStringLiteral("confirm/removeSession");
}
// "system", "light" or "dark".
inline QString colourScheme()
{
    return QStringLiteral("appearance/colourScheme");
}

// The folder of the last export (timeline PNG, events CSV, pcap): the next starts there.
inline QString exportFolder()
{
    return QStringLiteral("exports/folder");
}

} // namespace PingScope::SettingsKeys
