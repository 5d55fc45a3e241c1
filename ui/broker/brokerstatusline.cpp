#include "brokerstatusline.h"

#include "broker/localbroker.h"

#include <QObject>

namespace PingScope {

BrokerStatusLine brokerStatusLine(const LocalBroker *broker, const QString &executable)
{
    const QString toolTip =
        executable.isEmpty() ? QString() : QObject::tr("mosquitto at %1").arg(executable);
    const auto line = [&toolTip](SessionLook look, const QString &text) {
        return BrokerStatusLine{look, StateAppearance::glyph(look) + QLatin1Char(' ') + text,
                                toolTip};
    };
    if (broker && broker->isRunning()) {
        return line(SessionLook::Connected,
                    QObject::tr("running: mosquitto %1 on %2:%3 · configuration %4")
                        .arg(broker->version(), broker->host())
                        .arg(broker->port())
                        .arg(broker->configPath()));
    }
    if (executable.isEmpty())
        return line(SessionLook::Lost, LocalBroker::notInstalledText());
    if (broker && !broker->errorString().isEmpty()) {
        return line(SessionLook::Lost,
                    QObject::tr("no local broker running: %1").arg(broker->errorString()));
    }
    return line(SessionLook::Disconnected,
                QObject::tr("no local broker running (mosquitto found at %1)").arg(executable));
}

} // namespace PingScope
