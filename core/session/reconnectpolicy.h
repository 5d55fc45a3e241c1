#pragma once

#include "session/sessionsettings.h"

namespace PingScope {

// Exponential backoff with jitter: the n-th consecutive attempt waits
// initial x 2^n, capped at the maximum, varied by +-jitter. Pure: the random draw is an
// argument, so tests pick it.
class ReconnectPolicy
{
public:
    explicit ReconnectPolicy(const ReconnectSettings &settings = {});

    void setSettings(const ReconnectSettings &settings) { m_settings = settings; }
    const ReconnectSettings &settings() const { return m_settings; }

    // The delay before the next attempt; `random` is uniform in [0, 1). Counts the attempt.
    int nextDelayMs(double random);
    // A connection succeeded: the next loss starts again from the initial delay.
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }

private:
    ReconnectSettings m_settings;
    int m_attempt = 0;
};

} // namespace PingScope
