#include "linkstatistics.h"

namespace PingScope {

using Protocol::PacketType;

void LinkStatistics::add(const Event &event)
{
    switch (event.kind) {
    case EventKind::Packet:
        if (event.direction == Direction::Received) {
            switch (event.packetType) {
            case PacketType::Publish:
                ++m_messagesReceived;
                m_bytesReceived += event.size();
                break;
            case PacketType::Pingresp:
                ++m_pingsAnswered;
                if (event.valueNs >= 0)
                    m_roundTrip.add(event.valueNs);
                break;
            case PacketType::Disconnect:
                ++m_serverDisconnects;
                break;
            default:
                break;
            }
        } else if (event.packetType == PacketType::Publish) {
            ++m_messagesSent;
        } else if (event.packetType == PacketType::Pingreq) {
            ++m_pingsSent;
            // Lateness: how long after its due time (or the "ping now") it went out.
            if (event.valueNs >= 0)
                m_pingLateness.add(event.valueNs);
        }
        return;
    case EventKind::Connected:
        ++m_connections;
        return;
    case EventKind::PingTimeout:
        ++m_pingTimeouts;
        return;
    case EventKind::ClosedByBroker:
        ++m_closedByBroker;
        return;
    case EventKind::TakenOver:
        // Confirmed ones only: a healthy link the broker closed may be a take-over by an
        // unknown client, or a broker restart. The closed-by-broker count has them all.
        if (!event.inferred || event.otherSession > 0)
            ++m_takeovers;
        return;
    case EventKind::Error:
        ++m_errors;
        return;
    default:
        return;
    }
}

} // namespace PingScope
