#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace PingScope {

// Infers take-overs the broker does not announce, and spots flapping (DESIGN "Take-over
// without 0x8E"). Pure: every time is a monotonic nanosecond value from the caller, so unit
// tests run it on fake times. One tracker serves every session of a process, since a
// take-over is always between two connections with the same broker and client ID.
//
// A broker closes the old connection as soon as it reads the new CONNECT ([MQTT-3.1.4-2],
// 5.0 [MQTT-3.1.4-3]), often before it sends the new CONNACK, and the two sockets' events
// reach us in either order. So the evidence is the other session's CONNECT: sent within
// `window` before the close, to the same broker, with the same client ID.
class TakeoverTracker
{
public:
    static constexpr qint64 DefaultWindowNs = 3'000'000'000;   // 3 s
    static constexpr qint64 FlappingPeriodNs = 60'000'000'000; // 60 s
    static constexpr int FlappingCount = 3;
    // Healthy links to one broker, with different client IDs, closed within this of the
    // first of them: most likely the broker closed them all (a restart, a shutdown; mosquitto
    // 2.0.11 killed with two sessions: 25 us apart). Only a hint: another program taking
    // over several IDs at once (a second PingScope reopening the same sessions) looks the
    // same, so they stay take-overs, counted for flapping, until a failed reconnect shows
    // the broker went away (reconnectFailed()).
    static constexpr qint64 BrokerWideWindowNs = 1'000'000'000; // 1 s

    struct Verdict
    {
        bool takenOver = false;
        int bySession = 0;     // the local session that took over; 0: another client
        bool inferred = false; // true unless the broker said 0x8E
        bool flapping = false; // FlappingCount take-overs of this ID within FlappingPeriodNs
        // Inferred, and links of other client IDs to this broker were closed at the same
        // moment (BrokerWideWindowNs): probably the broker closing them all.
        bool brokerWide = false;
    };

    explicit TakeoverTracker(qint64 windowNs = DefaultWindowNs);

    // `broker` identifies the broker ("host:port"); `clientId` is the ID in use (for 5.0,
    // the Assigned Client Identifier when the broker chose it).
    void connectSent(int session, const QString &broker, const QString &clientId, qint64 nowNs);
    // The session is no longer connecting with that ID (its CONNECT failed).
    void forget(int session);
    // The session is gone: nothing of it is kept.
    void sessionGone(int session);
    // The broker accepted the session (CONNACK): whatever closed its previous connection,
    // the broker is there.
    void connected(int session);

    // The broker closed `session`'s socket without DISCONNECT. `linkHealthy`: the session was
    // not silent for 1.5 x keep-alive and had no unanswered PINGREQ, so keep-alive does not
    // explain the close. A take-over by another local session is reported whatever the link;
    // a healthy link closed with no local explanation is "probably taken over by another
    // client" (takenOver, bySession 0, inferred).
    Verdict closedByBroker(int session, const QString &broker, const QString &clientId,
                           bool linkHealthy, qint64 nowNs);
    // The broker said so: DISCONNECT 0x8E.
    Verdict sessionTakenOver(int session, const QString &broker, const QString &clientId,
                             qint64 nowNs);

    // A session whose last close was inferred to be a take-over by another client could not
    // connect again, with no connection since: the broker (or the way to it) went away,
    // which a take-over does not do. True when there was such an inference; it is withdrawn
    // (flapping no longer counts it), and the session should say so.
    bool reconnectFailed(int session, qint64 nowNs);

    // How many take-overs of this ID were recorded within FlappingPeriodNs before nowNs.
    int recentTakeovers(const QString &broker, const QString &clientId, qint64 nowNs) const;

private:
    struct ConnectRecord
    {
        int session;
        QString key;
        qint64 timeNs;
    };

    // A take-over inferred from a bare close with no local culprit: the inference a failed
    // reconnect disproves.
    struct InferredClose
    {
        QString key;
        qint64 timeNs;
    };

    static QString keyOf(const QString &broker, const QString &clientId);
    int culprit(int victim, const QString &key, qint64 nowNs) const;
    Verdict record(Verdict verdict, const QString &key, qint64 nowNs);

    qint64 m_windowNs;
    QList<ConnectRecord> m_connects;           // the latest CONNECT of each session
    QHash<QString, QList<qint64>> m_takeovers; // per key, times within the flapping period
    // Per session, its last inferred take-over, until a CONNACK (or the flapping period) ends
    // what a failed reconnect could tell about it.
    QHash<int, InferredClose> m_inferred;
    // Per broker, the healthy bare closes of the last BrokerWideWindowNs: when the first of
    // them came and the client IDs they had.
    struct CloseBurst
    {
        qint64 firstNs = 0;
        QList<QString> keys;
    };
    QHash<QString, CloseBurst> m_bursts;
};

} // namespace PingScope
