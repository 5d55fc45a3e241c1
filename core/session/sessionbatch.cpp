#include "sessionbatch.h"

#include "monitor/linkstatistics.h"

namespace PingScope {

SessionStatus SessionStatus::of(const Session &session, const LinkStatistics &statistics)
{
    SessionStatus status;
    status.id = session.id();
    status.state = session.state();
    status.clientId = session.clientId();

    const EffectiveKeepAlive keepAlive = session.keepAlive();
    status.keepAliveSeconds = keepAlive.seconds;
    status.keepAliveSource = keepAlive.source;
    const KeepAlive &engine = session.keepAliveEngine();
    status.pingDueNs = engine.pingDueNs();
    status.pingrespDueNs = engine.pingTimeoutNs();
    status.brokerDeadlineNs = session.brokerDeadlineNs(); // frozen in a black hole
    status.lastSentNs = engine.lastSentNs();
    status.lastHeardNs = engine.lastHeardNs();

    status.inFlight = session.inFlight();
    status.queued = session.queued();
    status.blackHoled = session.isBlackHoled();
    status.pingsPaused = session.arePingsPaused();
    status.reconnectPending = session.isReconnectPending();

    status.messagesReceived = statistics.messagesReceived();
    status.bytesReceived = statistics.bytesReceived();
    status.messagesSent = statistics.messagesSent();
    status.pingsSent = statistics.pingsSent();
    status.pingsAnswered = statistics.pingsAnswered();
    status.pingTimeouts = statistics.pingTimeouts();
    status.connections = statistics.connections();
    status.closedByBroker = statistics.closedByBroker();
    status.takeovers = statistics.takeovers();
    status.errors = statistics.errors();
    status.roundTripMedianNs = statistics.roundTrip().quantile(0.5);
    status.roundTripP99Ns = statistics.roundTrip().quantile(0.99);
    status.pingLatenessP99Ns = statistics.pingLateness().quantile(0.99);
    status.pingLatenessMaxNs = statistics.pingLateness().maximum();
    return status;
}

} // namespace PingScope
