#include "eventlog.h"

#include <QtGlobal>

#include <algorithm>
#include <utility>

namespace PingScope {

namespace {

// The first slots allocated; after that the ring doubles until it reaches its capacity, so
// growing costs O(1) per append amortised and a small log never holds 100,000 empty slots.
constexpr qsizetype InitialSlots = 64;

// The stored events moved into a fresh ring of `slots` slots, oldest at slot 0.
QList<Event> relaidOut(QList<Event> &ring, qsizetype head, qsizetype count, qsizetype slots)
{
    QList<Event> fresh;
    fresh.reserve(slots);
    for (qsizetype i = 0; i < count; ++i)
        fresh.append(std::move(ring[(head + i) % ring.size()]));
    fresh.resize(slots);
    return fresh;
}

} // namespace

EventLog::EventLog(qsizetype capacity, qint64 maximumBytes)
    // At least one event is always kept, so that the event just appended can be read back.
    : m_capacity(qMax<qsizetype>(1, capacity))
    , m_maximumBytes(qMax<qint64>(0, maximumBytes))
{}

quint64 EventLog::append(Event event)
{
    const quint64 sequence = m_nextSequence++;
    event.sequence = sequence;
    const qint64 bytes = event.raw.size();

    // Dropping before storing gives what "store, then drop the oldest until both bounds hold"
    // gives, without ever needing a slot beyond the capacity. An event too big on its own
    // still stays, alone.
    while (m_count > 0 && (m_count >= m_capacity || m_bytes + bytes > m_maximumBytes))
        dropOldest();

    if (m_count == m_ring.size()) {
        // No free slot, yet below the capacity (else the loop made room): grow.
        const qsizetype slots = std::min(m_capacity, std::max(InitialSlots, m_ring.size() * 2));
        m_ring = relaidOut(m_ring, m_head, m_count, slots);
        m_head = 0;
    }

    // Once the ring is full this overwrites a slot in place: no allocation, no shifting.
    m_ring[(m_head + m_count) % m_ring.size()] = std::move(event);
    ++m_count;
    m_bytes += bytes;
    return sequence;
}

const Event &EventLog::at(qsizetype i) const
{
    Q_ASSERT_X(i >= 0 && i < m_count, "EventLog::at", "index out of range");
    return m_ring.at((m_head + i) % m_ring.size());
}

QList<Event> EventLog::since(quint64 sequence) const
{
    QList<Event> result;
    if (m_count == 0 || sequence >= m_nextSequence)
        return result;
    // Every append stores its event and only the oldest are ever dropped, so the stored
    // sequences are consecutive: the first wanted one is found by arithmetic, not a search.
    const quint64 oldest = at(0).sequence;
    Q_ASSERT(oldest + quint64(m_count) == m_nextSequence);
    const qsizetype first = sequence <= oldest ? 0 : qsizetype(sequence - oldest);
    result.reserve(m_count - first);
    for (qsizetype i = first; i < m_count; ++i)
        result.append(at(i));
    return result;
}

QList<Event> EventLog::takeAll()
{
    QList<Event> taken;
    taken.reserve(m_count);
    for (qsizetype i = 0; i < m_count; ++i)
        taken.append(std::move(m_ring[(m_head + i) % m_ring.size()]));
    // The moved-from slots hold no bytes any more; keeping them spares a steady stream from
    // regrowing the ring after every take.
    m_head = 0;
    m_count = 0;
    m_bytes = 0;
    return taken;
}

void EventLog::setBounds(qsizetype capacity, qint64 maximumBytes)
{
    m_capacity = qMax<qsizetype>(1, capacity);
    m_maximumBytes = qMax<qint64>(0, maximumBytes);
    while (m_count > m_capacity || (m_count > 1 && m_bytes > m_maximumBytes))
        dropOldest();
    // Give back the slots beyond the new capacity; a larger capacity grows the ring lazily.
    if (m_ring.size() > m_capacity) {
        m_ring = relaidOut(m_ring, m_head, m_count, m_capacity);
        m_head = 0;
    }
}

void EventLog::clear()
{
    // The sequence counter goes on: a view that caught up to sequence N must not mistake a
    // new event for one it has already shown.
    m_ring = QList<Event>();
    m_head = 0;
    m_count = 0;
    m_bytes = 0;
    m_dropped = 0;
}

void EventLog::dropOldest()
{
    Q_ASSERT(m_count > 0);
    Event &oldest = m_ring[m_head];
    m_bytes -= oldest.raw.size();
    // Release the packet bytes now, not when the slot is next overwritten, or the byte
    // bound would not bound the memory.
    oldest = Event();
    m_head = (m_head + 1) % m_ring.size();
    --m_count;
    ++m_dropped;
}

} // namespace PingScope
