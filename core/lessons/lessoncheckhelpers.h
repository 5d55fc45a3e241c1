#pragma once

// What the lesson checks share (lessonchecks.cpp, lessonlinkchecks.cpp): windows of the
// record, event selection, the "not applicable" reasons. Internal to core/lessons.

#include "lessons/lessonchecks.h"
#include "protocol/packettype.h"

#include <algorithm>

namespace PingScope::LessonChecks {

namespace Detail {

using Protocol::PacketType;

constexpr qint64 NsPerSecond = 1'000'000'000;

inline qint64 secondsNs(double seconds)
{
    return qint64(seconds * double(NsPerSecond));
}

inline double toSeconds(qint64 ns)
{
    return double(ns) / double(NsPerSecond);
}

struct Span
{
    qint64 from;
    qint64 to;
    bool contains(qint64 t) const { return t >= from && t <= to; }
};

inline Span spanOf(const LessonRecord &record, const Window &window)
{
    return {window.fromMark.isEmpty() ? record.startNs
                                      : record.markNs(window.fromMark, record.endNs),
            window.toMark.isEmpty() ? record.endNs : record.markNs(window.toMark, record.endNs)};
}

template<typename Predicate>
QList<Event> select(const LessonRecord &record, int session, Span span, Predicate predicate)
{
    QList<Event> selected;
    for (const Event &event : record.events) {
        if (event.session == session && span.contains(event.timeNs) && predicate(event))
            selected.append(event);
    }
    return selected;
}

inline bool isSentPing(const Event &event)
{
    return event.isPacket(PacketType::Pingreq, Direction::Sent);
}

inline bool isLinkEnd(const Event &event)
{
    return event.kind == EventKind::ClosedByBroker || event.kind == EventKind::PingTimeout ||
           event.kind == EventKind::Disconnected || event.kind == EventKind::TakenOver;
}

inline bool everConnected(const LessonRecord &record, int session)
{
    return std::any_of(record.events.cbegin(), record.events.cend(), [session](const Event &e) {
        return e.session == session && e.kind == EventKind::Connected;
    });
}

inline ObservationOutcome outcome(ObservationVerdict verdict, const QString &text,
                                  const QString &figure = {}, const QString &tolerance = {},
                                  double measured = -1)
{
    return {verdict, figure, tolerance, text, measured};
}

// The reason an observation cannot apply, or an empty string when it can.
inline QString whyNotApplicable(const LessonRecord &record, int session, const Window &window = {})
{
    if (!everConnected(record, session))
        return QStringLiteral("session %1 never connected, so there was nothing to observe")
            .arg(session);
    if (!window.fromMark.isEmpty() && !record.marks.contains(window.fromMark))
        return QStringLiteral("the run stopped before \"%1\"").arg(window.fromMark);
    return {};
}

// The same for an observation of two sessions (a watcher and an owner, a taker and a victim):
// the first reason either gives.
inline QString whyNotApplicableToEither(const LessonRecord &record, int first, int second)
{
    const QString reason = whyNotApplicable(record, first);
    return reason.isEmpty() ? whyNotApplicable(record, second) : reason;
}

} // namespace Detail

} // namespace PingScope::LessonChecks
