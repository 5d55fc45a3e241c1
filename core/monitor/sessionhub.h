#pragma once

#include "monitor/takeovertracker.h"
#include "monitor/willtracker.h"

namespace PingScope {

// What the sessions of one process share: session numbers, take-over inference and will
// ownership. A Session without a hub gets a private one (then it cannot see take-overs by
// or wills of its siblings). Not thread-safe: all its sessions live on one thread.
class SessionHub
{
public:
    int allocateSessionId() { return ++m_lastSessionId; }
    TakeoverTracker &takeovers() { return m_takeovers; }
    WillTracker &wills() { return m_wills; }

private:
    int m_lastSessionId = 0;
    TakeoverTracker m_takeovers;
    WillTracker m_wills;
};

} // namespace PingScope
