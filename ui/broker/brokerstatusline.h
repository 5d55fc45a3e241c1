#pragma once

#include "mainwindow/stateappearance.h"

#include <QString>

namespace PingScope {

class LocalBroker;

// The one line above the broker log that says which mosquitto runs, or why none does.
struct BrokerStatusLine
{
    SessionLook look = SessionLook::Disconnected; // its colour and shape (StateAppearance)
    QString text;                                 // with the shape's glyph first
    QString toolTip;                              // which executable, when there is one
};

// `executable`: LocalBroker::findExecutable() (empty: mosquitto is not installed; passed in
// so that the missing case can be shown and tested on a machine that has it).
// A broker that is not running says why (LocalBroker::errorString()), if it failed.
BrokerStatusLine brokerStatusLine(const LocalBroker *broker, const QString &executable);

} // namespace PingScope
