#pragma once

#include "monitor/event.h"

#include <deque>

namespace PingScope {

// The events of one session, oldest first, kept for the packet inspector and the exports.
// Bounded by count and by raw packet bytes: beyond either, the oldest go and evictedCount()
// says how many, so a burst of a million messages costs a fixed amount of memory. Copies
// share their packet bytes with the batch they came from (QByteArray is implicitly shared).
class EventHistory
{
public:
    static constexpr qsizetype DefaultMaximumEvents = 200'000;
    static constexpr qint64 DefaultMaximumBytes = 64LL * 1024 * 1024;

    explicit EventHistory(qsizetype maximumEvents = DefaultMaximumEvents,
                          qint64 maximumBytes = DefaultMaximumBytes);

    // Sequences must increase (the EventLog's order); the newest event stays whatever its
    // size, so an oversized packet can still be inspected.
    void append(const Event &event);
    void clear();

    qsizetype size() const { return qsizetype(m_events.size()); }
    bool isEmpty() const { return m_events.empty(); }
    const Event &at(qsizetype index) const { return m_events[size_t(index)]; }
    const Event &first() const { return m_events.front(); }
    const Event &last() const { return m_events.back(); }
    // The index of the event with `sequence`, or -1 if it was evicted or never held.
    qsizetype indexOfSequence(quint64 sequence) const;

    qsizetype maximumEvents() const { return m_maximumEvents; }
    qint64 maximumBytes() const { return m_maximumBytes; }
    qint64 bytes() const { return m_bytes; } // raw packet bytes held
    quint64 evictedCount() const { return m_evicted; }

private:
    void evict(qsizetype count);

    std::deque<Event> m_events; // O(1) at both ends and by index
    qsizetype m_maximumEvents;
    qint64 m_maximumBytes;
    qint64 m_bytes = 0;
    quint64 m_evicted = 0;
};

} // namespace PingScope
