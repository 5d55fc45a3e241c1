// SessionHostWorker's side of the batches: every event counted and queued (bounded), and
// each batch made of the oldest waiting events, at most as many as the UI asked for.

#include "sessionhostworker.h"

#include "session/keepalivetimer.h"

#include <algorithm>
#include <utility>

namespace PingScope {

namespace {

qint64 now()
{
    static const KeepAliveTimer::Clock clock = KeepAliveTimer::monotonicClock();
    return clock();
}

} // namespace

void SessionHostWorker::setPendingLimits(qsizetype events, qint64 bytes)
{
    const quint64 droppedBefore = m_pending.dropped();
    m_pending.setBounds(events, bytes);
    countDrops(m_pending.dropped() - droppedBefore);
}

void SessionHostWorker::onEvent(int id, const Event &event)
{
    // The hot path of a burst: one hash lookup; no allocation once the ring has grown, but
    // for m_pendingEntries' block of a few hundred entries now and then.
    const auto it = m_sessions.find(id);
    if (it != m_sessions.end()) {
        it->statistics.add(event);
        ++it->recorded;
        ++it->waiting;
        if (!it->changed) {
            it->changed = true;
            m_changed.append(id);
        }
    }
    const quint64 droppedBefore = m_pending.dropped();
    m_pending.append(event); // drops the oldest beyond the bounds: never blocks, never grows
    m_pendingEntries.push_back(
        {id, event.isPacket(Protocol::PacketType::Publish, Direction::Received)});
    if (m_pending.dropped() != droppedBefore)
        countDrops(m_pending.dropped() - droppedBefore);
    scheduleFlush();
}

void SessionHostWorker::countDrops(quint64 count)
{
    for (; count > 0 && !m_pendingEntries.empty(); --count) {
        const PendingEntry dropped = m_pendingEntries.front();
        m_pendingEntries.pop_front();
        const auto it = m_sessions.find(dropped.session);
        if (it == m_sessions.end())
            continue; // removed meanwhile
        --it->waiting;
        ++it->dropped;
        if (dropped.message)
            ++it->messagesDropped;
        markChanged(dropped.session);
    }
}

void SessionHostWorker::markChanged(int id)
{
    // A list, not a QSet: it only grows when a session first changes after a batch.
    const auto it = m_sessions.find(id);
    if (it != m_sessions.end() && !it->changed) {
        it->changed = true;
        m_changed.append(id);
    }
    scheduleFlush();
}

void SessionHostWorker::scheduleFlush()
{
    // One batch in flight at a time: while the UI has not taken it, events wait in the
    // bounded m_pending instead of piling up as queued batches in the UI's event queue.
    if (m_batchInFlight || m_flushTimer.isActive() || m_shuttingDown)
        return;
    const qint64 waitNs = m_lastFlushNs < 0 ? 0 : m_lastFlushNs + BatchIntervalNs - now();
    // Rounded up: never sooner than 40 ms after the previous batch.
    m_flushTimer.start(int(std::max<qint64>(0, (waitNs + 999'999) / 1'000'000)));
}

void SessionHostWorker::flush()
{
    if (m_batchInFlight)
        return;
    SessionBatch batch;
    batch.timeNs = now();
    // The backlog first: it is older than anything in m_pending.
    if (m_backlogNext >= m_backlog.size()) {
        m_backlog = m_pending.takeAll();
        m_backlogNext = 0;
        m_pendingEntries.clear();
    }
    const qsizetype waiting = m_backlog.size() - m_backlogNext;
    const qsizetype count = m_batchLimit > 0 ? std::min(m_batchLimit, waiting) : waiting;
    batch.events.reserve(count);
    for (qsizetype i = m_backlogNext; i < m_backlogNext + count; ++i) {
        Event &event = m_backlog[i];
        const auto it = m_sessions.find(event.session);
        if (it != m_sessions.end()) {
            ++it->delivered;
            --it->waiting;
            if (!it->changed) { // its counts changed: a fresh status goes with this batch
                it->changed = true;
                m_changed.append(event.session);
            }
        }
        batch.events.append(std::move(event));
    }
    m_backlogNext += count;
    if (m_backlogNext >= m_backlog.size()) {
        m_backlog.clear();
        m_backlogNext = 0;
    }
    batch.droppedEvents = m_pending.dropped() - m_droppedSoFar;
    m_droppedSoFar = m_pending.dropped();
    for (const int id : std::exchange(m_changed, {})) {
        const auto it = m_sessions.find(id);
        if (it == m_sessions.end())
            continue;
        it->changed = false;
        SessionStatus status = SessionStatus::of(*it->session, it->statistics);
        // Those still waiting for a later batch are neither delivered nor dropped yet.
        status.eventsRecorded = it->recorded - it->waiting;
        status.eventsDropped = it->dropped;
        status.messagesDropped = it->messagesDropped;
        batch.statuses.append(std::move(status));
    }
    batch.removedSessions = std::exchange(m_removed, {});
    if (batch.isEmpty() && m_answers.isEmpty())
        return;
    m_lastFlushNs = batch.timeNs;
    m_batchInFlight = true;
    Q_EMIT batchReady(batch, std::exchange(m_answers, {}));
}

void SessionHostWorker::batchTaken(qsizetype nextLimit)
{
    m_batchInFlight = false;
    m_batchLimit = std::max<qsizetype>(0, nextLimit);
    if (!m_pending.isEmpty() || m_backlogNext < m_backlog.size() || !m_changed.isEmpty() ||
        !m_removed.isEmpty() || !m_answers.isEmpty() || m_pending.dropped() != m_droppedSoFar)
        scheduleFlush();
}

} // namespace PingScope
