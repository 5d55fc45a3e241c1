#pragma once

// Memory of this process over time, for the soak benchmark: resident memory (what the system
// sees, processfigures.h) and the heap in use (what the allocator handed out and did not get
// back), sampled now and then, with their least-squares slopes. RSS moves in pages and in steps
// when the heap grows (glibc pads each extension by 128 KiB), so a short run can mistake one step
// for a trend; the heap in use moves by exactly what is allocated and shows a leak of a few bytes
// per message within a minute.

#include <QtGlobal>

#include <utility>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

// The heap in use, in KiB (glibc); -1 elsewhere.
inline qint64 heapInUseKiB()
{
#ifdef __GLIBC__
    return qint64(mallinfo2().uordblks / 1024);
#else
    return -1;
#endif
}

// Samples of one quantity over time and the least-squares slope through them.
class MemorySeries
{
public:
    // Room for `count` samples up front: a vector growing as samples arrive would be a
    // growing heap of the measurement's own making.
    void reserve(std::size_t count) { m_points.reserve(count); }
    void add(double minutes, qint64 kib) { m_points.emplace_back(minutes, double(kib)); }
    std::size_t size() const { return m_points.size(); }

    // KiB per minute; 0 with fewer than two distinct times.
    double slope() const
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (const auto &[x, y] : m_points) {
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        const double n = double(m_points.size());
        const double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }

private:
    std::vector<std::pair<double, double>> m_points; // (minutes, KiB)
};
