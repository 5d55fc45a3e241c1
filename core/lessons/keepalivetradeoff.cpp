#include "keepalivetradeoff.h"

#include "monitor/event.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace PingScope {

namespace {

constexpr qint64 NsPerMs = 1'000'000;
constexpr double SecondsPerHour = 3600;
// PINGREQ (C0 00) and PINGRESP (D0 00): a fixed header each, nothing else, in every version.
constexpr double BytesPerPingRound = 4;
constexpr int MaximumKeepAlive = 65535; // a Two Byte Integer [MQTT-3.1.2-10]

// The floor of the suggested PINGRESP timeout: RFC 6298's initial retransmission timeout,
// and five times Linux's 200 ms minimum. A link whose round trip is a fraction of a
// millisecond (a LAN, loopback) still loses a segment now and then; TCP resends it after its
// RTO, and a timeout shorter than that would call a live link dead.
constexpr qint64 TimeoutFloorMs = 1000;
// The suggested timeout is at least this many times the p99 round trip. A PINGREQ or its
// PINGRESP that TCP has to resend arrives one RTO late, and TCP's own RTO is SRTT + 4 x RTTVAR
// (RFC 6298): on a jittery link a few times its usual round trip. Taking the p99 (already the
// slow tail, not the median) four times over leaves room for one such resend on top of a slow
// round trip. Too long a timeout only delays detection by that much; too short a one drops
// live links, reconnects them and publishes their wills: the asymmetry favours the margin.
constexpr int TimeoutP99Multiple = 4;
// Timeouts are suggested in whole tenths of a second: finer would be false precision.
constexpr qint64 TimeoutStepMs = 100;

double pingsPerHourFor(int keepAliveSeconds)
{
    return SecondsPerHour / double(keepAliveSeconds);
}

QString secondsText(double seconds)
{
    return QString::number(seconds, 'f', seconds == std::floor(seconds) ? 0 : 1) +
           QStringLiteral(" s");
}

} // namespace

QList<KeepAliveTradeoffRow> keepAliveTradeoff(const QList<int> &keepAliveSeconds,
                                              qint64 pingTimeoutMs)
{
    QList<KeepAliveTradeoffRow> rows;
    for (int keepAlive : keepAliveSeconds) {
        if (keepAlive < 1 || keepAlive > MaximumKeepAlive)
            continue; // 0 switches keep-alive off: no pings and no detection to tabulate
        KeepAliveTradeoffRow row;
        row.keepAliveSeconds = keepAlive;
        row.pingsPerHour = pingsPerHourFor(keepAlive);
        row.bytesPerHour = row.pingsPerHour * BytesPerPingRound;
        // As SessionSettings::pingTimeoutMs: 0 waits one keep-alive period for the PINGRESP.
        const double timeoutSeconds =
            pingTimeoutMs > 0 ? double(pingTimeoutMs) / 1000.0 : double(keepAlive);
        row.clientDetectionSeconds = keepAlive + timeoutSeconds;
        row.brokerDetectionSeconds = 1.5 * keepAlive;
        rows.append(row);
    }
    return rows;
}

QList<int> defaultTradeoffKeepAlives()
{
    return {5, 10, 30, 60, 120, 300, 600, 1200};
}

KeepAliveSuggestion suggestKeepAlive(qint64 rttP50Ns, qint64 rttP99Ns, int targetDetectionSeconds)
{
    KeepAliveSuggestion suggestion;
    if (rttP50Ns <= 0 || rttP99Ns <= 0) {
        suggestion.reasoning =
            QStringLiteral("No round trip was measured, so there is nothing to fit the timeout "
                           "to: let the session ping a few times first.");
        return suggestion;
    }
    // Percentiles from a coarse histogram can cross; the larger is the tail.
    const qint64 p99 = std::max(rttP50Ns, rttP99Ns);
    const qint64 multipleMs = (p99 * TimeoutP99Multiple + NsPerMs - 1) / NsPerMs;
    const bool floorWins = multipleMs <= TimeoutFloorMs;
    const qint64 rawTimeoutMs = std::max(TimeoutFloorMs, multipleMs);
    suggestion.pingTimeoutMs = (rawTimeoutMs + TimeoutStepMs - 1) / TimeoutStepMs * TimeoutStepMs;
    const double timeoutSeconds = double(suggestion.pingTimeoutMs) / 1000.0;

    const QString rtt =
        QStringLiteral("RTT p50 %1, p99 %2").arg(durationText(rttP50Ns), durationText(rttP99Ns));
    const QString timeoutWhy =
        floorWins ? QStringLiteral("PINGRESP timeout %1 (the 1 s floor, room for one TCP resend; "
                                   "%2 x p99 is only %3)")
                        .arg(secondsText(timeoutSeconds))
                        .arg(TimeoutP99Multiple)
                        .arg(durationText(p99 * TimeoutP99Multiple))
                  : QStringLiteral("PINGRESP timeout %1 (%2 x p99, rounded up to 0.1 s)")
                        .arg(secondsText(timeoutSeconds))
                        .arg(TimeoutP99Multiple);

    // The client's worst case is keep-alive + timeout (keepalivetradeoff.h): whole seconds of
    // keep-alive, rounded down so the target holds.
    const double room = double(targetDetectionSeconds) - timeoutSeconds;
    if (room < 1) {
        suggestion.reasoning =
            QStringLiteral("%1: %2, which leaves no whole second of keep-alive within a %3 "
                           "target. Aim for a later detection.")
                .arg(rtt, timeoutWhy, secondsText(targetDetectionSeconds));
        return suggestion;
    }
    suggestion.valid = true;
    suggestion.keepAliveSeconds = int(std::min<double>(std::floor(room), MaximumKeepAlive));
    suggestion.detectionSeconds = suggestion.keepAliveSeconds + timeoutSeconds;
    suggestion.pingsPerHour = pingsPerHourFor(suggestion.keepAliveSeconds);
    suggestion.reasoning =
        QStringLiteral("%1: %2. Keep-alive %3 = the %4 target minus the timeout, so the client "
                       "notices a dead link within %5 at a cost of %6 pings an hour; the "
                       "broker may drop a silent client after %7 (1.5 x keep-alive) or later.")
            .arg(rtt, timeoutWhy, secondsText(suggestion.keepAliveSeconds),
                 secondsText(targetDetectionSeconds), secondsText(suggestion.detectionSeconds),
                 QString::number(suggestion.pingsPerHour, 'f', 0),
                 secondsText(1.5 * suggestion.keepAliveSeconds));
    return suggestion;
}

} // namespace PingScope
