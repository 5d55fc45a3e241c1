#pragma once

#include <QString>

namespace PingScope {

// A keep-alive in words, so that 5400 reads as "1 h 30 min": "disabled" for 0 (keep-alive
// 0 switches the mechanism off), otherwise hours, minutes and seconds, zero parts left out
// ("45 s", "1 min 30 s", "18 h 12 min 15 s"). Empty for a negative number.
QString keepAliveInWords(int seconds);

} // namespace PingScope
