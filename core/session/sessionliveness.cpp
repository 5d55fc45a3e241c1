// What the session concludes about its link: why the broker closed it (keep-alive enforced,
// taken over, ...), whose will a message is, and the events that say so.

#include "session.h"

#include "monitor/sessionhub.h"
#include "protocol/reasoncodes.h"
#include "session/transport.h"

namespace PingScope {

using namespace Protocol;

namespace {

constexpr qint64 NsPerSecond = 1'000'000'000;

} // namespace

void Session::handleServerDisconnect(const DisconnectPacket &packet)
{
    // The DISCONNECT itself is already on the timeline as "server-disconnect".
    const QString reason = reasonCodeText(PacketType::Disconnect, packet.reasonCode);
    const CurrentConnection current = currentConnection();
    if (packet.reasonCode == ReasonCode::SessionTakenOver)
        recordTakenOver();
    if (!current.holds())
        return;
    dropLink();
    connectionLost(tr("the broker disconnected: %1").arg(reason), !m_stopReconnecting);
}

bool Session::wasLinkHealthy() const
{
    const KeepAlive &engine = m_keepAliveTimer->engine();
    if (!engine.isEnabled())
        return true; // no keep-alive: the broker has no silence to enforce
    const qint64 silentNs = m_clock() - engine.lastSentNs();
    // [MQTT-3.1.2-24] / 5.0 [MQTT-3.1.2-22]: the broker may drop us after 1.5 x keep-alive.
    // A broker counting whole seconds rounds that down (KeepAlive::earliestBrokerDrop...),
    // to the ping interval itself at keep-alive 1 s: a pinging client's silence passes it
    // whenever a ping is a little late, and a close then is as likely a take-over. So the
    // rounded figure counts only for a client told to stop pinging (the pause-pings fault):
    // it went silent on purpose, and a close after it is the broker's keep-alive.
    if (engine.isPaused())
        return silentNs <= engine.earliestBrokerDropSilenceNs();
    return silentNs * 2 <= qint64(engine.keepAliveSeconds()) * 3 * NsPerSecond;
}

void Session::recordClosedByBroker()
{
    const KeepAlive &engine = m_keepAliveTimer->engine();
    const qint64 now = m_clock();
    const qint64 silentNs = engine.lastSentNs() >= 0 ? now - engine.lastSentNs() : -1;
    const bool healthy = wasLinkHealthy();
    const TakeoverTracker::Verdict verdict =
        m_hub->takeovers().closedByBroker(m_id, m_brokerKey, clientId(), healthy, now);

    Event event;
    event.kind = EventKind::ClosedByBroker;
    event.valueNs = silentNs;
    if (verdict.takenOver && verdict.bySession > 0) {
        event.diagnosis = ClosureDiagnosis::TakenOverBySession;
        event.text = tr("taken over by session %1, which connected with the same client ID")
                         .arg(verdict.bySession);
    } else if (!healthy) {
        event.diagnosis = ClosureDiagnosis::KeepAliveEnforced;
        const qint64 specNs = qint64(engine.keepAliveSeconds()) * 3 * NsPerSecond / 2;
        event.text = tr("broker enforced keep-alive: the client had sent nothing for %1 "
                        "(1.5 x keep-alive = %2)")
                         .arg(durationText(silentNs), durationText(specNs));
        if (silentNs < specNs)
            event.text += tr("; the broker counts whole seconds and rounded 1.5 x keep-alive "
                             "down to %1")
                              .arg(durationText(engine.earliestBrokerDropSilenceNs()));
    } else if (verdict.brokerWide) {
        event.diagnosis = ClosureDiagnosis::BrokerClosedAll;
        event.text = tr("the link was healthy, and the broker closed links of other client IDs "
                        "at the same moment: probably a restart or a shutdown (or another "
                        "client took them all over; a refused reconnect will tell)");
    } else if (verdict.takenOver) {
        event.diagnosis = ClosureDiagnosis::ProbablyTakenOver;
        event.text = tr("the link was healthy: probably taken over by another client using "
                        "this client ID (or the broker closed it: restart, administrator)");
    } else {
        event.text = tr("closed by the broker without DISCONNECT");
    }
    record(std::move(event));
    if (verdict.takenOver)
        recordTakeoverVerdict(verdict, 0);
}

void Session::recordTakenOver()
{
    const TakeoverTracker::Verdict verdict =
        m_hub->takeovers().sessionTakenOver(m_id, m_brokerKey, clientId(), m_clock());
    recordTakeoverVerdict(verdict, ReasonCode::SessionTakenOver);
}

void Session::recordTakeoverVerdict(const TakeoverTracker::Verdict &verdict, quint8 reasonCode)
{
    Event event;
    event.kind = EventKind::TakenOver;
    event.otherSession = verdict.bySession;
    event.inferred = verdict.inferred;
    event.hasReasonCode = reasonCode != 0;
    event.reasonCode = reasonCode;
    event.text = clientId();
    record(std::move(event));
    // A confirmed take-over (0x8E, or by a session of ours) means someone else wants this
    // ID now: reconnecting would knock them off in turn (PROTOCOL.md "Take-over"). An
    // unconfirmed one may as well be a broker restart, so it is retried; flapping stops it.
    const bool confirmed = !verdict.inferred || verdict.bySession > 0;
    if (confirmed && !m_settings.reconnect.afterTakeover)
        m_stopReconnecting = true;
    if (verdict.flapping) {
        m_stopReconnecting = true;
        recordLiveness(EventKind::TakeoverFlapping,
                       tr("client ID \"%1\" was taken over %2 times within %3 s: two clients "
                          "are fighting over it; reconnecting stops")
                           .arg(clientId(),
                                QString::number(m_hub->takeovers().recentTakeovers(
                                    m_brokerKey, clientId(), m_clock())),
                                QString::number(TakeoverTracker::FlappingPeriodNs / NsPerSecond)));
    }
}

void Session::recordWillIfAny(const PublishPacket &publish)
{
    const WillTracker::Owner owner = m_hub->wills().ownerOf(m_brokerKey, publish.topic, m_id);
    if (owner.session == 0)
        return;
    Event event;
    event.kind = EventKind::WillReceived;
    event.otherSession = owner.session;
    event.valueNs = owner.lostNs >= 0 ? m_clock() - owner.lostNs : -1;
    event.text = publish.topic;
    record(std::move(event));
}

void Session::recordLiveness(EventKind kind, const QString &text, qint64 valueNs)
{
    Event event;
    event.kind = kind;
    event.text = text;
    event.valueNs = valueNs;
    record(std::move(event));
}

void Session::record(Event event)
{
    event.timeNs = m_clock();
    event.session = m_id;
    Q_EMIT eventRecorded(event);
}

} // namespace PingScope
