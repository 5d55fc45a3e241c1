#pragma once

#include "monitor/event.h"

#include <QList>

namespace PingScope {

// A bounded ring of events, oldest first. It holds at most `capacity` events and about
// `maximumBytes` of raw packet bytes; beyond either bound the oldest events go, and
// dropped() counts them, so a session receiving for days keeps a fixed footprint and the
// views can say "12,345 older events dropped" instead of silently losing them.
class EventLog
{
public:
    static constexpr qsizetype DefaultCapacity = 100'000;
    static constexpr qint64 DefaultMaximumBytes = 64 * 1024 * 1024;

    explicit EventLog(qsizetype capacity = DefaultCapacity,
                      qint64 maximumBytes = DefaultMaximumBytes);

    // Stamps the event's sequence number and stores it; returns that number.
    quint64 append(Event event);

    qsizetype size() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    qsizetype capacity() const { return m_capacity; }
    qint64 maximumBytes() const { return m_maximumBytes; }
    qint64 storedBytes() const { return m_bytes; }
    // Events pushed out by the bounds since construction or clear().
    quint64 dropped() const { return m_dropped; }
    // The sequence number the next append() gets; sequences start at 1.
    quint64 nextSequence() const { return m_nextSequence; }

    // The i-th stored event, 0 = oldest.
    const Event &at(qsizetype i) const;
    // Stored events with a sequence number >= `sequence`, oldest first (for views catching up).
    QList<Event> since(quint64 sequence) const;
    // Moves every stored event out, oldest first, and leaves the log empty; dropped() and
    // the sequences go on. For a log used as a bounded queue (SessionHost's pending batch):
    // no copies, and the ring keeps its slots for the next round.
    QList<Event> takeAll();

    // Changes the bounds; drops the oldest events that no longer fit.
    void setBounds(qsizetype capacity, qint64 maximumBytes);
    void clear();

private:
    void dropOldest();

    QList<Event> m_ring;  // grows up to m_capacity, then wraps
    qsizetype m_head = 0; // index of the oldest event
    qsizetype m_count = 0;
    qsizetype m_capacity;
    qint64 m_maximumBytes;
    qint64 m_bytes = 0;
    quint64 m_dropped = 0;
    quint64 m_nextSequence = 1;
};

} // namespace PingScope
