#pragma once

#include "monitor/takeovertracker.h"
#include "monitor/willtracker.h"

#include <QHash>

namespace PingScope {

class Session;

// What the sessions of one process share: session numbers, take-over inference and will
// ownership. A Session without a hub gets a private one (then it cannot see take-overs by
// or wills of its siblings). Not thread-safe: all its sessions live on one thread.
class SessionHub
{
public:
    int allocateSessionId() { return ++m_lastSessionId; }
    TakeoverTracker &takeovers() { return m_takeovers; }
    WillTracker &wills() { return m_wills; }

    // The sessions by number, so that one session's evidence can correct what another
    // concluded (a broker-wide close retracts a sibling's inferred take-over).
    void attach(int id, Session *session) { m_sessions.insert(id, session); }
    void detach(int id) { m_sessions.remove(id); }
    Session *session(int id) const { return m_sessions.value(id); }

private:
    int m_lastSessionId = 0;
    QHash<int, Session *> m_sessions;
    TakeoverTracker m_takeovers;
    WillTracker m_wills;
};

} // namespace PingScope
