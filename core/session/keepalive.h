#pragma once

#include <QtGlobal>

#include <optional>

namespace PingScope {

// Where the keep-alive in force came from: the CONNECT, or the 5.0 CONNACK's Server Keep
// Alive, which replaces it (the "connected" liveness event shows which).
enum class KeepAliveSource { Client, Server };

struct EffectiveKeepAlive
{
    quint16 seconds = 0;
    KeepAliveSource source = KeepAliveSource::Client;
};

// The keep-alive the client must honour after CONNACK. A 5.0 Server Keep Alive (property
// 0x13) replaces the requested value, 0 included ([MQTT-3.2.2-21]). `serverKeepAlive` is
// the property as decoded (absent for 3.1.1 or when the broker did not send it).
EffectiveKeepAlive effectiveKeepAlive(quint16 requested, std::optional<quint32> serverKeepAlive);

// The keep-alive decisions of one connection, as a function of the time now. Pure: no
// QObject, no timer, no clock; every time is a monotonic nanosecond value given by the
// caller, so tests drive it with fake times and KeepAliveTimer drives it for real.
//
// Only what the client SENDS counts ([MQTT-3.1.2-23], 5.0 [MQTT-3.1.2-20]): a PINGREQ is due
// keep-alive seconds after the last packet sent, whatever the broker sends us. At most one
// PINGREQ is outstanding; one left unanswered for the ping timeout means a half-open link.
// Keep-alive 0 switches all of it off. Before start() and after stop() nothing is due.
class KeepAlive
{
public:
    enum class Action { None, SendPingreq, PingTimedOut };

    // At CONNACK, with the effective keep-alive. A packet reported sent since the last
    // stop() (the CONNECT) is where the first interval starts, because the rule counts
    // from the last packet sent, not from CONNACK. pingTimeoutMs <= 0 means "the keep-alive
    // period": the standard gives no figure for "a reasonable amount of time".
    void start(qint64 nowNs, quint16 keepAliveSeconds, qint64 pingTimeoutMs = -1);
    // Forgets everything, including what was sent before start(): call it at disconnect.
    void stop();

    // Every packet the client finished sending. A PINGREQ becomes the outstanding ping
    // (unless one already is: the timeout keeps counting from the first).
    void packetSent(qint64 nowNs, bool isPingreq);
    // Every packet received. Never postpones the ping; returns the round-trip time of the
    // answered ping for a PINGRESP that answers one, else -1.
    qint64 packetReceived(qint64 nowNs, bool isPingresp);

    // "Ping now": a PINGREQ is due at nowNs. Refused (false) when disabled, paused or while
    // a ping is outstanding, since only one may be outstanding.
    bool requestPingNow(qint64 nowNs);
    // Fault injection "pause pings": no PINGREQ is ever due while paused, so the broker
    // will drop us; an outstanding ping still times out.
    void setPaused(bool paused);

    // What to do now. SendPingreq is reported once per due time (the caller answers with
    // packetSent(isPingreq = true)); PingTimedOut once per outstanding ping.
    Action poll(qint64 nowNs);
    // The earliest time poll() could return something other than None; -1 when nothing is
    // pending.
    qint64 nextWakeNs() const;

    // For the UI and the statistics; -1 means "none".
    qint64 pingDueNs() const;        // -1 when disabled, paused or a ping is outstanding
    qint64 pingTimeoutNs() const;    // -1 unless a ping is outstanding
    qint64 brokerDeadlineNs() const; // when the broker may drop us; -1 when disabled
    // The shortest silence after which a real broker may drop us; -1 when disabled. Brokers
    // that keep time in whole seconds compute 1.5 x keep-alive in integers (mosquitto:
    // keepalive*3/2, so 1 s for a keep-alive of 1 s) and drop once their second-counter
    // passes it, which can be just over that many real seconds: earlier than the spec's 1.5 x
    // for odd keep-alives. Diagnosing the close of a client that stopped pinging needs it.
    qint64 earliestBrokerDropSilenceNs() const;
    qint64 lastLatenessNs() const; // how late the last due PINGREQ went out; -1 if none yet
    qint64 lastSentNs() const { return m_lastSentNs; }
    qint64 lastHeardNs() const { return m_lastHeardNs; }
    qint64 pingSentNs() const { return m_pingSentNs; } // -1 unless a ping is outstanding

    quint16 keepAliveSeconds() const { return m_keepAliveSeconds; }
    qint64 pingTimeoutMs() const { return m_pingTimeoutNs / 1'000'000; }
    bool isEnabled() const { return m_started && m_keepAliveSeconds > 0; }
    bool isPaused() const { return m_paused; }
    bool isPingOutstanding() const { return m_pingSentNs >= 0; }

private:
    bool m_started = false;
    bool m_paused = false;
    quint16 m_keepAliveSeconds = 0;
    qint64 m_keepAliveNs = 0;
    qint64 m_pingTimeoutNs = 0;
    qint64 m_lastSentNs = -1;
    qint64 m_lastHeardNs = -1;
    qint64 m_pingSentNs = -1;        // the outstanding PINGREQ
    qint64 m_pingRequestedNs = -1;   // "Ping now"
    qint64 m_announcedDueNs = -1;    // the due time poll() already reported
    bool m_timeoutAnnounced = false; // poll() already reported the outstanding ping's timeout
    qint64 m_lastLatenessNs = -1;
};

} // namespace PingScope
