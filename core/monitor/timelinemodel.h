#pragma once

#include "monitor/event.h"

#include <QString>

#include <deque>
#include <optional>

namespace PingScope {

// What the keep-alive timeline of ONE session shows, apart from any drawing: fed in order
// with the session's events (append()), bounded, and cheap enough per event for a session
// receiving 20,000 messages/s. Times are the events' monotonic nanoseconds.
//
// Contents, each in time order in its own bounded deque (the oldest go first):
// - pings(): every sent PINGREQ and received PINGRESP, apart from the other packets so that
//   a PUBLISH flood never evicts them (PINGRESP: valueNs = its round-trip time).
// - packets(): every other packet, THINNED: consecutive packets of the same direction and
//   type less than ThinningNs after the first of their run merge into one mark with a count
//   (20,000 msgs/s make ~100 marks/s).
// - rttPoints(): (time, RTT) of every PINGRESP that answered a ping.
// - marks(): labelled liveness events (connected, ping-timeout, closed-by-broker, ...);
//   otherSession kept so a chart can link two sessions (take-over, will).
// - spans() / openSpans(): the deadlines. Each packet the client sends while connected with
//   keep-alive K > 0 opens a keep-alive window [sent, sent + K] (the next PINGREQ is due at
//   its end) and a broker window [sent, sent + 1.5 K] (the broker may drop the client at
//   its end); both end early (endNs) at the next packet sent or when the connection ends.
//   A sent PINGREQ also opens a PINGRESP wait [sent, sent + ping timeout], ended by the
//   PINGRESP, the ping-timeout or the end of the connection. Open spans are the current
//   deadlines; closed ones are history. A packet sent less than ThinningNs after the open
//   window's start moves the window instead of closing it, so a publisher at 20k/s does
//   not make 20k spans/s. Keep-alive 0: no keep-alive or broker windows. After a black-hole
//   fault nothing the client sends reaches the broker: the broker window stays where it was.
class TimelineModel
{
public:
    static constexpr qint64 ThinningNs = 10'000'000; // 10 ms
    static constexpr qsizetype DefaultPingLimit = 4096;
    static constexpr qsizetype DefaultPacketLimit = 65536;
    static constexpr qsizetype DefaultMarkLimit = 2048;
    static constexpr qsizetype DefaultSpanLimit = 16384;

    struct PacketMark
    {
        qint64 timeNs = 0;    // the first packet of the run
        qint64 lastNs = 0;    // the last packet merged into it
        quint64 sequence = 0; // the first packet's Event::sequence (hover, click)
        Direction direction = Direction::None;
        Protocol::PacketType type = Protocol::PacketType::Connect;
        int count = 1;
        qint64 valueNs = -1; // PINGRESP: RTT; PINGREQ: how late it went out; else -1
    };

    struct RttPoint
    {
        qint64 timeNs = 0;
        qint64 rttNs = 0;
    };

    enum class MarkKind : quint8 {
        Connected,
        PingTimeout,
        ClosedByBroker,
        ServerDisconnect, // a received DISCONNECT
        TakenOver,
        TakeoverFlapping,
        TakeoverRetracted, // an earlier "taken over" that was the broker going away
        FaultInjected,
        WillReceived,
        Reconnecting,
        Disconnected,
        Error,
    };

    struct EventMark
    {
        qint64 timeNs = 0;
        quint64 sequence = 0;
        MarkKind kind = MarkKind::Connected;
        int otherSession = 0; // TakenOver: the taker (0: another client); WillReceived: owner
        QString label;        // short, to draw: "connected · keep-alive 2 s (broker's)"
        QString summary;      // the event's full sentence (Event::summary()), for tooltips
    };

    enum class SpanKind : quint8 {
        KeepAlive,    // until the next PINGREQ is due
        BrokerWindow, // until the broker may drop the client (1.5 x keep-alive)
        PingrespWait, // until the outstanding PINGREQ times out
    };

    struct DeadlineSpan
    {
        SpanKind kind = SpanKind::KeepAlive;
        qint64 startNs = 0;
        qint64 deadlineNs = 0;
        qint64 endNs = -1; // when it ended (may be before or after the deadline); -1: open
        bool isOpen() const { return endNs < 0; }
    };

    explicit TimelineModel(int session = 0);

    // The session shown; append() ignores the events of others. 0 (the default): the
    // session of the first event appended.
    void setSession(int session);
    int session() const { return m_session; }
    // The PINGRESP wait, as SessionSettings::pingTimeoutMs: 0 (or less) means the keep-alive.
    void setPingTimeoutMs(int ms);
    // Bounds of each deque; pings apart so that a flood cannot evict them.
    void setLimits(qsizetype pings, qsizetype packets, qsizetype marks, qsizetype spans);

    void append(const Event &event);
    void clear();

    const std::deque<PacketMark> &pings() const { return m_pings; }
    const std::deque<PacketMark> &packets() const { return m_packets; }
    const std::deque<RttPoint> &rttPoints() const { return m_rtt; }
    const std::deque<EventMark> &marks() const { return m_marks; }
    const std::deque<DeadlineSpan> &spans() const { return m_spans; } // closed, by end time
    // The current deadlines (0 to 3 spans, one per kind).
    QList<DeadlineSpan> openSpans() const;

    quint16 keepAliveSeconds() const { return m_keepAliveSeconds; }
    bool isConnected() const { return m_connected; }
    qint64 firstTimeNs() const { return m_firstNs; } // -1 until an event arrived
    qint64 lastTimeNs() const { return m_lastNs; }
    // Changes whenever the content does: a view redraws only then (or when time moves).
    quint64 revision() const { return m_revision; }
    // Every entry held, for the memory bound.
    qsizetype size() const;

private:
    void appendPacket(const Event &event);
    void appendMark(const Event &event, MarkKind kind, const QString &label);
    void packetSent(qint64 timeNs, bool isPingreq);
    void connectionEnded(qint64 timeNs);
    void closeSpan(std::optional<DeadlineSpan> &span, qint64 timeNs);
    void openKeepAliveWindows(qint64 timeNs);
    qint64 pingTimeoutNs() const;

    int m_session = 0;
    int m_pingTimeoutMs = 0;
    qsizetype m_pingLimit = DefaultPingLimit;
    qsizetype m_packetLimit = DefaultPacketLimit;
    qsizetype m_markLimit = DefaultMarkLimit;
    qsizetype m_spanLimit = DefaultSpanLimit;

    std::deque<PacketMark> m_pings;
    std::deque<PacketMark> m_packets;
    std::deque<RttPoint> m_rtt;
    std::deque<EventMark> m_marks;
    std::deque<DeadlineSpan> m_spans;
    std::optional<DeadlineSpan> m_keepAliveSpan;
    std::optional<DeadlineSpan> m_brokerSpan;
    std::optional<DeadlineSpan> m_pingrespSpan;

    bool m_connected = false;
    bool m_blackHoled = false; // since a black-hole fault, until the connection ends
    quint16 m_keepAliveSeconds = 0;
    qint64 m_lastSentNs = -1; // since the last Connecting: the CONNECT starts the first window
    qint64 m_firstNs = -1;
    qint64 m_lastNs = -1;
    quint64 m_revision = 0;
};

// "connected", "ping timeout", ...: the word of a mark kind, for legends and tooltips.
QString timelineMarkWord(TimelineModel::MarkKind kind);

} // namespace PingScope
