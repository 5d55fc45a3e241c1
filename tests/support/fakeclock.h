#pragma once

#include <QtGlobal>

#include <functional>

// A settable monotonic clock for the time-driven engines (KeepAlive and its driver), so
// tests say "5 s later" instead of waiting 5 s. Outlive every user of clock().
struct FakeClock
{
    qint64 nowNs = 0;

    void advance(qint64 ms) { nowNs += ms * 1'000'000; }
    void advanceNs(qint64 ns) { nowNs += ns; }
    std::function<qint64()> clock()
    {
        return [this] { return nowNs; };
    }
};
