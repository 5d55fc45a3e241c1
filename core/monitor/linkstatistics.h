#pragma once

#include "monitor/event.h"
#include "monitor/latencyhistogram.h"

namespace PingScope {

// What a run of events adds up to: messages, pings and their timing, losses. Fed with the
// events of one session or of many (the CLI's summary; the liveness panel's RTT p50/p99).
class LinkStatistics
{
public:
    void add(const Event &event);

    qint64 messagesReceived() const { return m_messagesReceived; }
    qint64 bytesReceived() const { return m_bytesReceived; } // PUBLISH packets, whole
    qint64 messagesSent() const { return m_messagesSent; }
    qint64 pingsSent() const { return m_pingsSent; }
    qint64 pingsAnswered() const { return m_pingsAnswered; }
    qint64 pingTimeouts() const { return m_pingTimeouts; } // half-open links detected
    qint64 connections() const { return m_connections; }   // CONNACKs that accepted
    qint64 closedByBroker() const { return m_closedByBroker; }
    qint64 serverDisconnects() const { return m_serverDisconnects; }
    qint64 takeovers() const { return m_takeovers; } // 0x8E, or by a local session
    qint64 errors() const { return m_errors; }
    const LatencyHistogram &roundTrip() const { return m_roundTrip; }       // PINGREQ -> PINGRESP
    const LatencyHistogram &pingLateness() const { return m_pingLateness; } // after due time

private:
    qint64 m_messagesReceived = 0;
    qint64 m_bytesReceived = 0;
    qint64 m_messagesSent = 0;
    qint64 m_pingsSent = 0;
    qint64 m_pingsAnswered = 0;
    qint64 m_pingTimeouts = 0;
    qint64 m_connections = 0;
    qint64 m_closedByBroker = 0;
    qint64 m_serverDisconnects = 0;
    qint64 m_takeovers = 0;
    qint64 m_errors = 0;
    LatencyHistogram m_roundTrip;
    LatencyHistogram m_pingLateness;
};

} // namespace PingScope
