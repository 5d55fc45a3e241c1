#include "eventhistory.h"

#include <algorithm>

namespace PingScope {

EventHistory::EventHistory(qsizetype maximumEvents, qint64 maximumBytes)
    : m_maximumEvents(std::max<qsizetype>(maximumEvents, 1))
    , m_maximumBytes(std::max<qint64>(maximumBytes, 1))
{}

void EventHistory::append(const Event &event)
{
    m_events.push_back(event);
    m_bytes += event.raw.size();
    qsizetype excess = std::max<qsizetype>(0, size() - m_maximumEvents);
    qint64 bytes = m_bytes;
    for (qsizetype i = 0; i < excess; ++i)
        bytes -= m_events[size_t(i)].raw.size();
    while (bytes > m_maximumBytes && excess + 1 < size())
        bytes -= m_events[size_t(excess++)].raw.size();
    if (excess > 0)
        evict(excess);
}

void EventHistory::evict(qsizetype count)
{
    for (qsizetype i = 0; i < count; ++i)
        m_bytes -= m_events[size_t(i)].raw.size();
    m_events.erase(m_events.begin(), m_events.begin() + count);
    m_evicted += quint64(count);
}

void EventHistory::clear()
{
    m_events.clear();
    m_bytes = 0;
    m_evicted = 0;
}

qsizetype EventHistory::indexOfSequence(quint64 sequence) const
{
    const auto found =
        std::lower_bound(m_events.begin(), m_events.end(), sequence,
                         [](const Event &event, quint64 value) { return event.sequence < value; });
    if (found == m_events.end() || found->sequence != sequence)
        return -1;
    return qsizetype(found - m_events.begin());
}

} // namespace PingScope
