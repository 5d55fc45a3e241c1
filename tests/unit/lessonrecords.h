#pragma once

// Scripted lesson records for the checks' unit tests: events at given seconds, no broker.
// (tst_lessonchecks.cpp has the same few builders of its own; they could move here.)

#include "lessons/observation.h"

namespace LessonRecords {

using PingScope::Direction;
using PingScope::Event;
using PingScope::EventKind;
using PingScope::LessonRecord;
using PingScope::Protocol::PacketType;

constexpr qint64 Second = 1'000'000'000;

inline qint64 at(double seconds)
{
    return qint64(seconds * double(Second));
}

inline Event liveness(int session, double t, EventKind kind, qint64 valueNs = -1)
{
    Event event;
    event.kind = kind;
    event.session = session;
    event.timeNs = at(t);
    event.valueNs = valueNs;
    return event;
}

inline Event packet(int session, double t, PacketType type, Direction direction,
                    qint64 valueNs = -1)
{
    Event event = liveness(session, t, EventKind::Packet, valueNs);
    event.packetType = type;
    event.direction = direction;
    return event;
}

// A PINGREQ of `session` at `t`, answered after `rttNs` (none when negative).
inline void addPing(LessonRecord &record, int session, double t, qint64 rttNs)
{
    record.events.append(packet(session, t, PacketType::Pingreq, Direction::Sent));
    if (rttNs >= 0)
        record.events.append(packet(session, t + double(rttNs) / double(Second),
                                    PacketType::Pingresp, Direction::Received, rttNs));
}

} // namespace LessonRecords
