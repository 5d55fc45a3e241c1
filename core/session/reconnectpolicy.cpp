#include "reconnectpolicy.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace PingScope {

ReconnectPolicy::ReconnectPolicy(const ReconnectSettings &settings)
    : m_settings(settings)
{}

int ReconnectPolicy::nextDelayMs(double random)
{
    const double initial = std::max(0, m_settings.initialDelayMs);
    const double maximum = std::max(0, m_settings.maximumDelayMs);
    const double jitter = std::max(0.0, m_settings.jitter);
    const double draw = std::clamp(random, 0.0, 1.0);

    // initial x 2^attempt in double: beyond 2^64 it is far past any int maximum, so the
    // exponent is capped there and the product can neither overflow nor lose the cap.
    const double base = std::min(std::ldexp(initial, std::min(m_attempt, 64)), maximum);
    // random 0.5 leaves the base as is; 0 and 1 give the -jitter and +jitter extremes.
    double delay = base * (1.0 + jitter * (2.0 * draw - 1.0));
    delay = std::clamp(delay, 0.0, maximum * (1.0 + jitter));
    delay = std::min(delay, double(std::numeric_limits<int>::max()));

    if (m_attempt < std::numeric_limits<int>::max())
        ++m_attempt;
    return int(std::llround(delay));
}

} // namespace PingScope
