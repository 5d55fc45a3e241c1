#include "keepalive.h"

#include <algorithm>
#include <limits>

namespace PingScope {

namespace {

constexpr qint64 NsPerMs = 1'000'000;
constexpr qint64 NsPerSecond = 1'000'000'000;
// A custom ping timeout is capped so that "ping sent + timeout" cannot overflow; the cap
// (about 73 years) is far beyond any meaningful setting.
constexpr qint64 MaxPingTimeoutMs = std::numeric_limits<qint64>::max() / 4 / NsPerMs;

} // namespace

EffectiveKeepAlive effectiveKeepAlive(quint16 requested, std::optional<quint32> serverKeepAlive)
{
    if (!serverKeepAlive)
        return {requested, KeepAliveSource::Client};
    // [MQTT-3.2.2-21]: the client uses the server's value, even 0. The property is a
    // two-byte integer, so a decoded value never exceeds 65535; clamp rather than truncate.
    const quint32 seconds = std::min<quint32>(*serverKeepAlive, 0xFFFF);
    return {static_cast<quint16>(seconds), KeepAliveSource::Server};
}

void KeepAlive::start(qint64 nowNs, quint16 keepAliveSeconds, qint64 pingTimeoutMs)
{
    const qint64 lastSent = m_lastSentNs;
    const qint64 lastHeard = m_lastHeardNs;
    *this = KeepAlive();
    m_started = true;
    m_keepAliveSeconds = keepAliveSeconds;
    m_keepAliveNs = qint64(keepAliveSeconds) * NsPerSecond;
    m_pingTimeoutNs =
        pingTimeoutMs > 0 ? std::min(pingTimeoutMs, MaxPingTimeoutMs) * NsPerMs : m_keepAliveNs;
    // The interval runs from the end of the last packet sent ([MQTT-3.1.2-23]), normally the
    // CONNECT; without one reported, CONNACK time is the closest we know.
    m_lastSentNs = (lastSent >= 0 && lastSent <= nowNs) ? lastSent : nowNs;
    m_lastHeardNs = lastHeard;
}

void KeepAlive::stop()
{
    *this = KeepAlive();
}

void KeepAlive::packetSent(qint64 nowNs, bool isPingreq)
{
    if (isPingreq && isEnabled() && !isPingOutstanding()) {
        const qint64 due = pingDueNs();
        if (due >= 0 && nowNs >= due)
            m_lastLatenessNs = nowNs - due;
        m_pingSentNs = nowNs;
        m_timeoutAnnounced = false;
        m_pingRequestedNs = -1;
    }
    m_lastSentNs = nowNs;
}

qint64 KeepAlive::packetReceived(qint64 nowNs, bool isPingresp)
{
    // Heard from the broker: shown to the user, but it never postpones our ping, since the
    // broker's timer counts what it receives from us, not what it sends.
    m_lastHeardNs = nowNs;
    if (!isPingresp || !isPingOutstanding())
        return -1;
    const qint64 rtt = nowNs - m_pingSentNs;
    m_pingSentNs = -1;
    m_timeoutAnnounced = false;
    return rtt;
}

bool KeepAlive::requestPingNow(qint64 nowNs)
{
    if (!isEnabled() || m_paused || isPingOutstanding())
        return false;
    m_pingRequestedNs = nowNs;
    m_announcedDueNs = -1; // report it even if the regular due time was already reported
    return true;
}

void KeepAlive::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    // A request made before pausing is dropped; on resume the regular due time (perhaps
    // already past, then due at once) is reported afresh.
    m_pingRequestedNs = -1;
    m_announcedDueNs = -1;
}

KeepAlive::Action KeepAlive::poll(qint64 nowNs)
{
    if (!isEnabled())
        return Action::None;
    if (isPingOutstanding()) {
        if (!m_timeoutAnnounced && nowNs >= pingTimeoutNs()) {
            m_timeoutAnnounced = true;
            return Action::PingTimedOut;
        }
        return Action::None;
    }
    const qint64 due = pingDueNs();
    if (due >= 0 && nowNs >= due && due != m_announcedDueNs) {
        m_announcedDueNs = due;
        return Action::SendPingreq;
    }
    return Action::None;
}

qint64 KeepAlive::nextWakeNs() const
{
    if (!isEnabled())
        return -1;
    if (isPingOutstanding())
        return m_timeoutAnnounced ? -1 : pingTimeoutNs();
    const qint64 due = pingDueNs();
    return due == m_announcedDueNs ? -1 : due;
}

qint64 KeepAlive::pingDueNs() const
{
    if (!isEnabled() || m_paused || isPingOutstanding())
        return -1;
    const qint64 regular = m_lastSentNs + m_keepAliveNs;
    return m_pingRequestedNs >= 0 ? std::min(regular, m_pingRequestedNs) : regular;
}

qint64 KeepAlive::pingTimeoutNs() const
{
    return isEnabled() && isPingOutstanding() ? m_pingSentNs + m_pingTimeoutNs : -1;
}

qint64 KeepAlive::brokerDeadlineNs() const
{
    // [MQTT-3.1.2-24], 5.0 [MQTT-3.1.2-22]: the broker may drop a client silent for 1.5 x
    // keep-alive. 65535 s x 1.5 in ns is about 1e14, far from overflow.
    return isEnabled() ? m_lastSentNs + m_keepAliveNs * 3 / 2 : -1;
}

qint64 KeepAlive::earliestBrokerDropSilenceNs() const
{
    constexpr qint64 NsPerSecond = 1'000'000'000;
    return isEnabled() ? qint64(m_keepAliveSeconds) * 3 / 2 * NsPerSecond : -1;
}

qint64 KeepAlive::lastLatenessNs() const
{
    return m_lastLatenessNs;
}

} // namespace PingScope
