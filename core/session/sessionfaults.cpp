// Faults injected on purpose, for teaching (DESIGN "Fault injection"): each is announced
// with a fault-injected event, then acts on the keep-alive engine or the transport.

#include "session.h"

#include "protocol/reasoncodes.h"
#include "session/transport.h"

namespace PingScope {

using namespace Protocol;

void Session::injectFault(FaultKind fault)
{
    const bool linkUp = m_state == State::Connected;
    if (fault == FaultKind::None)
        return;
    if (!linkUp && fault != FaultKind::PausePings && fault != FaultKind::ResumePings) {
        recordLiveness(EventKind::Error, tr("%1 needs a connected session").arg(faultName(fault)));
        return;
    }
    if (fault == FaultKind::DisconnectWithWill && m_settings.version != ProtocolVersion::V5) {
        recordLiveness(EventKind::Error,
                       tr("disconnect with will (DISCONNECT 0x04) needs MQTT 5.0; use drop"));
        return;
    }
    Event event;
    event.kind = EventKind::FaultInjected;
    event.fault = fault;
    const CurrentConnection current = currentConnection();
    record(std::move(event));
    if (!current.holds())
        return;
    switch (fault) {
    case FaultKind::PausePings:
    case FaultKind::ResumePings:
        m_pingsPaused = fault == FaultKind::PausePings;
        m_keepAliveTimer->setPaused(m_pingsPaused);
        break;
    case FaultKind::BlackHole:
        m_blackHoleDeadlineNs = m_keepAliveTimer->engine().brokerDeadlineNs();
        m_transport->setBlackHoled(true);
        break;
    case FaultKind::Drop:
        m_userClosing = true; // a crashed client does not come back by itself
        dropLink();
        connectionLost(tr("dropped without DISCONNECT (fault injected)"), false);
        break;
    case FaultKind::DisconnectWithWill:
        close(ReasonCode::DisconnectWithWillMessage);
        break;
    case FaultKind::None:
        break;
    }
}

qint64 Session::brokerDeadlineNs() const
{
    return isBlackHoled() ? m_blackHoleDeadlineNs : m_keepAliveTimer->engine().brokerDeadlineNs();
}

} // namespace PingScope
