#pragma once

#include "lessons/observation.h"

namespace PingScope::LessonChecks {

// The checks the lessons are built from. Each returns a function over a LessonRecord; the
// session numbers are the lesson's (1 = its first session). A window runs from the mark
// `fromMark` (empty: the start of the run) to `toMark` (empty: the end).

// How long after the 1.5 x keep-alive deadline mosquitto 2.0.11 may still take to drop a
// silent client: it checks keep-alives about every 5 s, in whole seconds (PROTOCOL.md,
// "Brokers on this machine"), plus our own scheduling.
constexpr double MosquittoLateDropSeconds = 6.5;
// How far a PINGREQ may be from its due time and still count as "every keep-alive": timers
// on a loaded machine fire late, never early by more than a millisecond or so.
constexpr double PingEarlySeconds = 0.1;
constexpr double PingLateSeconds = 0.5;

struct Window
{
    QString fromMark;
    QString toMark;
};

// The session sent PINGREQ at least `minimumPings` times in the window, each gap between
// them within [keep-alive - PingEarlySeconds, keep-alive + PingLateSeconds].
Observation pingsEveryKeepAlive(int session, int keepAliveSeconds, Window window, int minimumPings);

// Every PINGREQ of the window (except one sent in the last RTT of it) got its PINGRESP;
// the figure is the round-trip time (median and largest).
Observation pingsAnswered(int session, Window window);

// The session sent no PINGREQ in the window; `why` completes "no PINGREQ while ...".
Observation noPings(int session, Window window, const QString &why);

// After `fromMark` (e.g. the last message published) the next PINGREQ came one keep-alive
// after the last packet the session sent, within the ping tolerance.
Observation pingsResume(int session, int keepAliveSeconds, const QString &fromMark);

// Who set the keep-alive a connection runs with.
enum class KeepAliveSource : quint8 {
    Either,
    Client, // the client's CONNECT value, unchanged
    Broker, // 5.0 Server Keep Alive in CONNACK ([MQTT-3.2.2-21])
};

// The session's CONNACK left it with keep-alive `keepAliveSeconds` (0: off), set by `from`.
Observation connectedWithKeepAlive(int session, int keepAliveSeconds,
                                   KeepAliveSource from = KeepAliveSource::Either);

// No closed-by-broker, ping-timeout or disconnected event in the window: the link stayed up.
Observation stayedConnected(int session, Window window);

// The broker closed the session after it had been silent for at least 1.5 x keep-alive
// ([MQTT-3.1.2-24] 3.1.1, [MQTT-3.1.2-22] 5.0), and no later than mosquitto's slack allows.
Observation brokerDroppedSilentClient(int session, int keepAliveSeconds);

// Session `watcher` received the will of session `owner` (a will-received event); the figure
// is the time from the owner's link going down to the will's arrival.
Observation willReceived(int watcher, int owner);

// --- Traffic the other way, half-open links, take-over (lessonlinkchecks.cpp) ---

// Session `session` received at least `minimum` messages (PUBLISH) in the window.
Observation messagesReceived(int session, Window window, int minimum);

// After `fromMark` (the link black-holed) the session gave up on a PINGREQ after its ping
// timeout and closed: detected within keep-alive + timeout of the mark.
Observation pingTimeoutDetected(int session, int keepAliveSeconds, int pingTimeoutMs,
                                const QString &fromMark);

// Who noticed a dead link first: `client` itself (its ping-timeout) or the broker (the will
// of `client` arriving at `watcher`). Informative: observed once both happened, either order.
Observation whichSideNoticedFirst(int client, int watcher);

// Session `session` was taken over by session `by` (same client ID): with DISCONNECT 0x8E
// from brokers that send it, else a bare close that PingScope infers.
Observation takenOverBy(int session, int by);

// --- Choosing a keep-alive, and take-over flapping (lessontradeoffchecks.cpp) ---

// The session's PINGREQ count in the window against what keepAliveTradeoff() predicts for an
// idle link (one per keep-alive), within one either way for the window's edges. measured:
// the rate per hour.
Observation pingRateAsPredicted(int session, int keepAliveSeconds, Window window);

// The round-trip times (PINGREQ to PINGRESP) of `sessions` in the window, as p50 and p99:
// observed with at least `minimumSamples`. measured: the p99 in seconds.
Observation roundTripMeasured(const QList<int> &sessions, Window window, int minimumSamples);

// suggestKeepAlive() fed with the round trips roundTripMeasured() reads and a detection
// target: observed when it finds a keep-alive whose detection time meets the target.
// measured: the suggested keep-alive in seconds.
Observation keepAliveSuggested(const QList<int> &sessions, Window window,
                               int targetDetectionSeconds);

// Two sessions with one client ID that both reconnect after a take-over knock each other off
// until PingScope declares flapping (TakeoverTracker::FlappingCount take-overs within its
// period) and the flapping session stops reconnecting while the other stays. Counts from
// `fromMark`; measured: the take-overs until flapping.
Observation flappingStopped(int first, int second, const QString &fromMark);

} // namespace PingScope::LessonChecks
