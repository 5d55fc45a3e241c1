#include "timelinemodel.h"

#include "protocol/reasoncodes.h"

#include <algorithm>

namespace PingScope {

using Protocol::PacketType;

namespace {

// How far back a packet looks for a run of its own direction and type to join: a QoS 1
// flood interleaves received PUBLISH and sent PUBACK, so "the last mark" alone never merges.
constexpr int MergeLookBack = 4;

template<typename T>
void pushBounded(std::deque<T> &list, T &&item, qsizetype limit)
{
    list.push_back(std::move(item));
    while (qsizetype(list.size()) > limit)
        list.pop_front();
}

QString otherSessionText(int session)
{
    return session > 0 ? QStringLiteral("#%1").arg(session) : QStringLiteral("another client");
}

QString diagnosisWords(ClosureDiagnosis diagnosis)
{
    switch (diagnosis) {
    case ClosureDiagnosis::KeepAliveEnforced:
        return QStringLiteral(" · keep-alive enforced");
    case ClosureDiagnosis::TakenOverBySession:
        return QStringLiteral(" · taken over");
    case ClosureDiagnosis::ProbablyTakenOver:
        return QStringLiteral(" · probably taken over");
    case ClosureDiagnosis::BrokerClosedAll:
        return QStringLiteral(" · all links at once");
    case ClosureDiagnosis::Unknown:
        break;
    }
    return QString();
}

QString connectedLabel(const Event &event)
{
    if (event.keepAlive == 0)
        return QStringLiteral("connected · keep-alive off");
    return QStringLiteral("connected · keep-alive %1 s (%2)")
        .arg(QString::number(event.keepAlive),
             event.keepAliveFromServer ? QStringLiteral("broker's") : QStringLiteral("requested"));
}

// A label with the event's text after it, cut short: the tooltip has all of it.
QString withText(const QString &word, const Event &event)
{
    constexpr int MaximumText = 40;
    if (event.text.isEmpty())
        return word;
    const QString text = event.text.size() > MaximumText
                             ? event.text.left(MaximumText - 1) + QStringLiteral("…")
                             : event.text;
    return word + QStringLiteral(" · ") + text;
}

} // namespace

TimelineModel::TimelineModel(int session)
    : m_session(session)
{}

void TimelineModel::setSession(int session)
{
    m_session = session;
}

void TimelineModel::setPingTimeoutMs(int ms)
{
    m_pingTimeoutMs = ms;
}

void TimelineModel::setLimits(qsizetype pings, qsizetype packets, qsizetype marks, qsizetype spans)
{
    m_pingLimit = qMax<qsizetype>(2, pings);
    m_packetLimit = qMax<qsizetype>(1, packets);
    m_markLimit = qMax<qsizetype>(1, marks);
    m_spanLimit = qMax<qsizetype>(1, spans);
}

void TimelineModel::clear()
{
    const int session = m_session;
    const int pingTimeoutMs = m_pingTimeoutMs;
    const quint64 revision = m_revision;
    const auto limits = std::make_tuple(m_pingLimit, m_packetLimit, m_markLimit, m_spanLimit);
    *this = TimelineModel(session);
    m_pingTimeoutMs = pingTimeoutMs;
    std::tie(m_pingLimit, m_packetLimit, m_markLimit, m_spanLimit) = limits;
    m_revision = revision + 1;
}

qint64 TimelineModel::pingTimeoutNs() const
{
    return m_pingTimeoutMs > 0 ? qint64(m_pingTimeoutMs) * 1'000'000
                               : qint64(m_keepAliveSeconds) * 1'000'000'000;
}

QList<TimelineModel::DeadlineSpan> TimelineModel::openSpans() const
{
    QList<DeadlineSpan> open;
    for (const auto *span : {&m_keepAliveSpan, &m_brokerSpan, &m_pingrespSpan}) {
        if (*span)
            open.append(**span);
    }
    return open;
}

qsizetype TimelineModel::size() const
{
    return qsizetype(m_pings.size() + m_packets.size() + m_rtt.size() + m_marks.size() +
                     m_spans.size());
}

void TimelineModel::append(const Event &event)
{
    if (m_session == 0)
        m_session = event.session;
    else if (event.session != m_session)
        return;
    if (m_firstNs < 0)
        m_firstNs = event.timeNs;
    m_lastNs = qMax(m_lastNs, event.timeNs);
    ++m_revision;

    switch (event.kind) {
    case EventKind::Packet:
        appendPacket(event);
        return;
    case EventKind::Connecting:
        connectionEnded(event.timeNs);
        m_lastSentNs = -1;
        return;
    case EventKind::Connected:
        m_connected = true;
        m_keepAliveSeconds = event.keepAlive;
        appendMark(event, MarkKind::Connected, connectedLabel(event));
        // The rule counts from the last packet sent (the CONNECT), not from CONNACK.
        if (m_keepAliveSeconds > 0)
            openKeepAliveWindows(m_lastSentNs >= 0 ? m_lastSentNs : event.timeNs);
        return;
    case EventKind::PingTimeout:
        appendMark(
            event, MarkKind::PingTimeout,
            QStringLiteral("half-open · no PINGRESP in %1").arg(durationText(event.valueNs)));
        connectionEnded(event.timeNs);
        return;
    case EventKind::ClosedByBroker:
        appendMark(event, MarkKind::ClosedByBroker,
                   QStringLiteral("closed by broker") + diagnosisWords(event.diagnosis));
        connectionEnded(event.timeNs);
        return;
    case EventKind::TakenOver:
        appendMark(event, MarkKind::TakenOver,
                   QStringLiteral("taken over by %1").arg(otherSessionText(event.otherSession)));
        connectionEnded(event.timeNs);
        return;
    case EventKind::TakeoverFlapping:
        appendMark(event, MarkKind::TakeoverFlapping,
                   QStringLiteral("take-over flapping · reconnect stopped"));
        return;
    case EventKind::TakeoverRetracted:
        appendMark(event, MarkKind::TakeoverRetracted,
                   QStringLiteral("not a take-over · the broker went away"));
        return;
    case EventKind::FaultInjected:
        appendMark(event, MarkKind::FaultInjected,
                   QStringLiteral("fault: %1").arg(faultName(event.fault)));
        if (event.fault == FaultKind::BlackHole)
            m_blackHoled = m_connected;
        return;
    case EventKind::WillReceived:
        appendMark(event, MarkKind::WillReceived,
                   event.otherSession > 0
                       ? QStringLiteral("will of %1").arg(otherSessionText(event.otherSession))
                       : QStringLiteral("will received"));
        return;
    case EventKind::Reconnecting:
        appendMark(event, MarkKind::Reconnecting,
                   QStringLiteral("reconnecting in %1").arg(durationText(event.valueNs)));
        return;
    case EventKind::Disconnected:
        appendMark(event, MarkKind::Disconnected, withText(QStringLiteral("disconnected"), event));
        connectionEnded(event.timeNs);
        return;
    case EventKind::Error:
        appendMark(event, MarkKind::Error, withText(QStringLiteral("error"), event));
        return;
    }
}

void TimelineModel::appendPacket(const Event &event)
{
    const bool sent = event.direction == Direction::Sent;
    const bool isPing = event.isPacket(PacketType::Pingreq, Direction::Sent) ||
                        event.isPacket(PacketType::Pingresp, Direction::Received);
    if (isPing) {
        PacketMark mark{event.timeNs,    event.timeNs,     event.sequence,
                        event.direction, event.packetType, 1,
                        event.valueNs};
        pushBounded(m_pings, std::move(mark), m_pingLimit);
        if (event.packetType == PacketType::Pingresp) {
            if (event.valueNs >= 0)
                pushBounded(m_rtt, RttPoint{event.timeNs, event.valueNs}, m_pingLimit);
            closeSpan(m_pingrespSpan, event.timeNs);
        }
    } else {
        bool merged = false;
        const auto stop =
            m_packets.size() > MergeLookBack ? m_packets.end() - MergeLookBack : m_packets.begin();
        for (auto it = m_packets.end(); it != stop;) {
            --it;
            if (it->direction == event.direction && it->type == event.packetType) {
                if (event.timeNs - it->timeNs < ThinningNs) {
                    ++it->count;
                    it->lastNs = event.timeNs;
                    merged = true;
                }
                break;
            }
        }
        if (!merged) {
            PacketMark mark{event.timeNs,    event.timeNs,     event.sequence,
                            event.direction, event.packetType, 1,
                            event.valueNs};
            pushBounded(m_packets, std::move(mark), m_packetLimit);
        }
        if (event.isPacket(PacketType::Disconnect, Direction::Received)) {
            const QString reason =
                event.hasReasonCode
                    ? QStringLiteral(" · ") +
                          Protocol::reasonCodeName(PacketType::Disconnect, event.reasonCode)
                    : QString();
            appendMark(event, MarkKind::ServerDisconnect,
                       QStringLiteral("server DISCONNECT") + reason);
        }
    }
    if (sent) {
        packetSent(event.timeNs, event.packetType == PacketType::Pingreq);
        // The client's own DISCONNECT ends the connection: no deadline after it.
        if (event.packetType == PacketType::Disconnect)
            connectionEnded(event.timeNs);
    } else if (event.packetType == PacketType::Disconnect) {
        connectionEnded(event.timeNs);
    }
}

void TimelineModel::appendMark(const Event &event, MarkKind kind, const QString &label)
{
    EventMark mark{event.timeNs, event.sequence, kind, event.otherSession, label, event.summary()};
    pushBounded(m_marks, std::move(mark), m_markLimit);
}

void TimelineModel::packetSent(qint64 timeNs, bool isPingreq)
{
    m_lastSentNs = timeNs;
    if (!m_connected || m_keepAliveSeconds == 0)
        return;
    if (m_keepAliveSpan && timeNs - m_keepAliveSpan->startNs < ThinningNs) {
        // Thinning: a burst of sends keeps one window, started at its latest packet.
        const qint64 keepAliveNs = qint64(m_keepAliveSeconds) * 1'000'000'000;
        m_keepAliveSpan->startNs = timeNs;
        m_keepAliveSpan->deadlineNs = timeNs + keepAliveNs;
        if (m_brokerSpan && !m_blackHoled) {
            m_brokerSpan->startNs = timeNs;
            m_brokerSpan->deadlineNs = timeNs + keepAliveNs * 3 / 2;
        }
    } else {
        openKeepAliveWindows(timeNs);
    }
    if (isPingreq && !m_pingrespSpan) // the timeout counts from the first outstanding one
        m_pingrespSpan = DeadlineSpan{SpanKind::PingrespWait, timeNs, timeNs + pingTimeoutNs()};
}

void TimelineModel::openKeepAliveWindows(qint64 timeNs)
{
    const qint64 keepAliveNs = qint64(m_keepAliveSeconds) * 1'000'000'000;
    closeSpan(m_keepAliveSpan, timeNs);
    m_keepAliveSpan = DeadlineSpan{SpanKind::KeepAlive, timeNs, timeNs + keepAliveNs};
    // A black hole swallows what the client sends: the broker's window runs on from the
    // last packet that reached it, and the broker drops the client at its end.
    if (m_blackHoled && m_brokerSpan)
        return;
    closeSpan(m_brokerSpan, timeNs);
    m_brokerSpan = DeadlineSpan{SpanKind::BrokerWindow, timeNs, timeNs + keepAliveNs * 3 / 2};
}

void TimelineModel::closeSpan(std::optional<DeadlineSpan> &span, qint64 timeNs)
{
    if (!span)
        return;
    span->endNs = qMax(timeNs, span->startNs);
    pushBounded(m_spans, std::move(*span), m_spanLimit);
    span.reset();
}

void TimelineModel::connectionEnded(qint64 timeNs)
{
    m_connected = false;
    m_blackHoled = false;
    closeSpan(m_keepAliveSpan, timeNs);
    closeSpan(m_brokerSpan, timeNs);
    closeSpan(m_pingrespSpan, timeNs);
}

QString timelineMarkWord(TimelineModel::MarkKind kind)
{
    using Kind = TimelineModel::MarkKind;
    switch (kind) {
    case Kind::Connected:
        return QStringLiteral("connected");
    case Kind::PingTimeout:
        return QStringLiteral("half-open");
    case Kind::ClosedByBroker:
        return QStringLiteral("closed by broker");
    case Kind::ServerDisconnect:
        return QStringLiteral("server DISCONNECT");
    case Kind::TakenOver:
        return QStringLiteral("taken over");
    case Kind::TakeoverFlapping:
        return QStringLiteral("take-over flapping");
    case Kind::TakeoverRetracted:
        return QStringLiteral("not a take-over");
    case Kind::FaultInjected:
        return QStringLiteral("fault");
    case Kind::WillReceived:
        return QStringLiteral("will");
    case Kind::Reconnecting:
        return QStringLiteral("reconnecting");
    case Kind::Disconnected:
        return QStringLiteral("disconnected");
    case Kind::Error:
        return QStringLiteral("error");
    }
    return QString();
}

} // namespace PingScope
