#pragma once

#include <QtGlobal>

#include <vector>

namespace PingScope {

// Durations (ns) in logarithmic buckets, for percentiles over runs of any length in constant
// memory: values below 64 ns are exact, larger ones are kept to 1/64 of their power of two
// (under 1.6 % error). A day of pings, or a million messages, costs the same 30 KiB.
class LatencyHistogram
{
public:
    void add(qint64 ns);
    void clear();

    qint64 count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    qint64 minimum() const { return m_count ? m_minimum : -1; }
    qint64 maximum() const { return m_count ? m_maximum : -1; }
    double mean() const { return m_count ? double(m_sum) / double(m_count) : -1.0; }
    // The value below which a fraction `q` (0..1) of the samples lie; -1 when empty. Exact for
    // the minimum and the maximum, within a bucket's width otherwise.
    qint64 quantile(double q) const;

private:
    std::vector<quint64> m_buckets; // allocated on the first sample
    qint64 m_count = 0;
    qint64 m_minimum = 0;
    qint64 m_maximum = 0;
    qint64 m_sum = 0;
};

} // namespace PingScope
