#include "willtracker.h"

namespace PingScope {

void WillTracker::setWill(int session, const QString &broker, const QString &topic)
{
    clearWill(session);
    // A will is set with the CONNECT, so the link is (coming) up. Appended, so among
    // connected owners the most recently registered comes last.
    m_entries.append({session, broker, topic, -1});
    m_topics.insert(topic);
}

void WillTracker::clearWill(int session)
{
    m_entries.removeIf([session](const Entry &e) { return e.session == session; });
    m_topics.clear();
    for (const Entry &e : std::as_const(m_entries))
        m_topics.insert(e.topic);
}

void WillTracker::linkLost(int session, qint64 nowNs)
{
    for (Entry &e : m_entries) {
        if (e.session == session)
            e.lostNs = nowNs;
    }
}

void WillTracker::linkUp(int session)
{
    for (Entry &e : m_entries) {
        if (e.session == session)
            e.lostNs = -1;
    }
}

WillTracker::Owner WillTracker::ownerOf(const QString &broker, const QString &topic,
                                        int receiver) const
{
    // The broker publishes a will because a link went down, so a session that lost its link
    // explains the message better than a connected one; of several, the latest loss is the
    // one the will just announced. A connected candidate remains possible: the will of a
    // taken-over connection can arrive before its session notices the close.
    Owner best;
    // Called for every message a session receives: most topics are nobody's will, and a
    // hash lookup says so without walking every session's entry.
    if (!m_topics.contains(topic))
        return best;
    const Entry *bestEntry = nullptr;
    for (const Entry &e : m_entries) {
        if (e.session == receiver || e.broker != broker || e.topic != topic)
            continue;
        const bool better = !bestEntry || (e.lostNs >= 0 && e.lostNs >= bestEntry->lostNs) ||
                            (e.lostNs < 0 && bestEntry->lostNs < 0);
        if (better)
            bestEntry = &e;
    }
    if (bestEntry) {
        best.session = bestEntry->session;
        best.lostNs = bestEntry->lostNs;
    }
    return best;
}

} // namespace PingScope
