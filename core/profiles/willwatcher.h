#pragma once

#include "profiles/connectionprofile.h"

namespace PingScope {

// "Watch this will": a second connection to the owner's broker that subscribes to the owner's
// will topic, so that when the broker publishes the will, a session sees it arrive (and the
// SessionHub's WillTracker links it to its owner).
//
// The watcher has the owner's broker, transport, credentials and protocol version, but no
// will of its own, a clean session, and a client ID of its own derived from the owner's (it
// must never take the owner over).
ConnectionProfile willWatcherProfile(const ConnectionProfile &owner);

// What the watcher subscribes to: the will topic at the will's QoS. In 5.0 a retained will
// left by an earlier run is not sent at subscription (retain handling 2): only a will
// published while watching counts.
Protocol::Subscription willWatcherSubscription(const ConnectionProfile &owner);

} // namespace PingScope
