#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace PingScope {

namespace {

constexpr int SubBucketBits = 6; // 64 buckets per power of two
constexpr int SubBuckets = 1 << SubBucketBits;
constexpr int BucketCount = (63 - SubBucketBits + 1) * SubBuckets;

int bucketOf(quint64 value)
{
    if (value < SubBuckets)
        return int(value);
    const int exponent = 63 - __builtin_clzll(value); // >= SubBucketBits
    const int shift = exponent - SubBucketBits;
    const int mantissa = int(value >> shift); // SubBuckets .. 2 * SubBuckets - 1
    return (shift + 1) * SubBuckets + (mantissa - SubBuckets);
}

// The middle of a bucket's range of values.
qint64 bucketMiddle(int bucket)
{
    if (bucket < SubBuckets)
        return bucket;
    const int shift = bucket / SubBuckets - 1;
    const quint64 mantissa = quint64(bucket % SubBuckets + SubBuckets);
    const quint64 low = mantissa << shift;
    return qint64(low + ((quint64(1) << shift) >> 1));
}

} // namespace

void LatencyHistogram::add(qint64 ns)
{
    ns = std::max<qint64>(ns, 0);
    if (m_buckets.empty())
        m_buckets.assign(BucketCount, 0);
    ++m_buckets[size_t(bucketOf(quint64(ns)))];
    m_minimum = m_count ? std::min(m_minimum, ns) : ns;
    m_maximum = m_count ? std::max(m_maximum, ns) : ns;
    m_sum += ns;
    ++m_count;
}

void LatencyHistogram::clear()
{
    *this = LatencyHistogram();
}

qint64 LatencyHistogram::quantile(double q) const
{
    if (m_count == 0)
        return -1;
    q = std::clamp(q, 0.0, 1.0);
    // The rank of the wanted sample, 1-based: q = 0 is the minimum, q = 1 the maximum.
    const qint64 rank = std::max<qint64>(1, qint64(std::ceil(q * double(m_count))));
    if (rank == 1)
        return m_minimum;
    if (rank == m_count)
        return m_maximum;
    qint64 seen = 0;
    for (size_t bucket = 0; bucket < m_buckets.size(); ++bucket) {
        seen += qint64(m_buckets[bucket]);
        if (seen >= rank)
            return std::clamp(bucketMiddle(int(bucket)), m_minimum, m_maximum);
    }
    return m_maximum;
}

} // namespace PingScope
