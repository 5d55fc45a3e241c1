#include "willwatcher.h"

#include <QRandomGenerator>

namespace PingScope {

namespace {

// MQTT 3.1 allows client IDs of at most 23 characters; the watcher's fits whatever the
// owner's length.
constexpr int MaximumIdLength = 23;

QString watcherClientId(const QString &ownerId)
{
    const QString suffix = QStringLiteral("-watch");
    const QString base = ownerId.isEmpty() ? QStringLiteral("pingscope") : ownerId;
    QString id = base.left(MaximumIdLength - int(suffix.size())) + suffix;
    if (id == ownerId) { // an owner ID that already ends so: never take the owner over
        id = base.left(MaximumIdLength - int(suffix.size()) - 3) +
             QStringLiteral("-%1").arg(QRandomGenerator::global()->bounded(0x100), 2, 16,
                                       QLatin1Char('0')) +
             suffix;
    }
    return id;
}

} // namespace

ConnectionProfile willWatcherProfile(const ConnectionProfile &owner)
{
    ConnectionProfile watcher = ConnectionProfile::create(
        QStringLiteral("will watcher of %1").arg(owner.name), owner.settings);
    watcher.localBroker = owner.localBroker;
    watcher.passwordStorage = owner.passwordStorage;
    SessionSettings &s = watcher.settings;
    s.will.reset();
    s.cleanStart = true;
    s.sessionExpirySeconds = 0;
    s.clientId = watcherClientId(owner.settings.clientId);
    // The watcher must outlive what it watches: it keeps pinging even if the owner does not.
    if (s.keepAliveSeconds == 0)
        s.keepAliveSeconds = 60;
    return watcher;
}

Protocol::Subscription willWatcherSubscription(const ConnectionProfile &owner)
{
    Protocol::Subscription subscription;
    if (!owner.settings.will)
        return subscription;
    subscription.topicFilter = owner.settings.will->topic;
    subscription.qos = owner.settings.will->qos;
    if (owner.settings.version == Protocol::ProtocolVersion::V5)
        subscription.retainHandling = 2;
    return subscription;
}

} // namespace PingScope
