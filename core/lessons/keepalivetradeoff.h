#pragma once

#include <QList>
#include <QString>

namespace PingScope {

// Lesson 10, "Choosing a keep-alive": what a keep-alive costs (pings on an idle link) against
// what it buys (how soon a dead link is noticed, by each side). Pure arithmetic from the
// spec's rules (PROTOCOL.md), shared by the lesson's observations and the UI's chart.
struct KeepAliveTradeoffRow
{
    int keepAliveSeconds = 0;
    // An idle session: one PINGREQ and one PINGRESP per keep-alive period.
    double pingsPerHour = 0;
    // MQTT bytes both ways per hour (PINGREQ and PINGRESP are 2 bytes each).
    double bytesPerHour = 0;
    // Worst case for the client: silence starts just after it sent something, so the next
    // PINGREQ goes out a keep-alive later and the PINGRESP timeout runs after that.
    double clientDetectionSeconds = 0;
    // The earliest the broker may drop a silent client: 1.5 x keep-alive [MQTT-3.1.2-24].
    // Brokers check on their own schedule, so the real figure is this or later.
    double brokerDetectionSeconds = 0;
};

// One row per keep-alive in `keepAliveSeconds` (each 1..65535; others are skipped), with the
// PINGRESP timeout `pingTimeoutMs` (0: the keep-alive period, as SessionSettings).
QList<KeepAliveTradeoffRow> keepAliveTradeoff(const QList<int> &keepAliveSeconds,
                                              qint64 pingTimeoutMs);

// The keep-alives the lesson and chart show by default: 5 s to 20 min.
QList<int> defaultTradeoffKeepAlives();

// The seed of an adaptive keep-alive: from the round-trip times a session measured, a PINGRESP
// timeout that fits the network (well above its p99 RTT, never under a floor: max(1 s,
// 4 x p99), rounded up to 0.1 s; keepalivetradeoff.cpp says why) and the longest keep-alive
// that still lets the client notice a dead link within `targetDetectionSeconds`.
struct KeepAliveSuggestion
{
    bool valid = false;          // false without RTT samples or with an impossible target
    int keepAliveSeconds = 0;    // 1..65535
    qint64 pingTimeoutMs = 0;    // the suggested PINGRESP timeout
    double detectionSeconds = 0; // keep-alive + timeout: the client's worst case
    double pingsPerHour = 0;
    QString reasoning; // one or two sentences with the figures, for the lesson
};

KeepAliveSuggestion suggestKeepAlive(qint64 rttP50Ns, qint64 rttP99Ns, int targetDetectionSeconds);

} // namespace PingScope
