#include "histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace {
constexpr int SubBucketBits = 11; // 2048 sub-buckets: 3 significant decimal digits
constexpr qint64 SubBucketCount = qint64(1) << SubBucketBits;
constexpr qint64 HalfCount = SubBucketCount / 2;

int shiftOf(qint64 v)
{
    // Number of bits v must be shifted right to fall into [HalfCount, SubBucketCount).
    const int bits = 64 - std::countl_zero(quint64(v));
    return std::max(0, bits - SubBucketBits);
}
} // namespace

Histogram::Histogram()
    : m_counts(size_t(bucketCount()), 0)
{
}

int Histogram::bucketCount()
{
    return indexOf(HighestValue) + 1;
}

int Histogram::indexOf(qint64 v)
{
    const int shift = shiftOf(v);
    if (shift == 0)
        return int(v);
    return int(SubBucketCount + (shift - 1) * HalfCount + ((v >> shift) - HalfCount));
}

qint64 Histogram::valueAt(int index)
{
    if (index < SubBucketCount)
        return index;
    const int shift = int((index - SubBucketCount) / HalfCount) + 1;
    const qint64 sub = (index - SubBucketCount) % HalfCount + HalfCount;
    const qint64 low = sub << shift;
    const qint64 width = qint64(1) << shift;
    return low + (width - 1) / 2; // the middle of the bucket halves the worst-case error
}

void Histogram::record(qint64 micros)
{
    const qint64 v = std::clamp(micros, LowestValue, HighestValue);
    ++m_counts[size_t(indexOf(v))];
    m_min = m_count ? std::min(m_min, v) : v;
    m_max = m_count ? std::max(m_max, v) : v;
    // Welford's update: a running sum of squares minus mean² cancels catastrophically for tight
    // distributions of large values (a constant 60 s gave a 56 µs standard deviation).
    const double oldMean = mean();
    ++m_count;
    m_sum += double(v);
    m_m2 += (double(v) - oldMean) * (double(v) - mean());
}

void Histogram::merge(const Histogram& other)
{
    if (!other.m_count)
        return;
    for (size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = m_count ? std::max(m_max, other.m_max) : other.m_max;
    // Chan et al.'s pairwise combination of the squared deviations.
    const double delta = other.mean() - mean();
    const double n = double(m_count), m = double(other.m_count);
    m_m2 += other.m_m2 + delta * delta * n * m / (n + m);
    m_count += other.m_count;
    m_sum += other.m_sum;
}

void Histogram::reset()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_count = m_min = m_max = 0;
    m_sum = m_m2 = 0;
}

double Histogram::mean() const
{
    return m_count ? m_sum / double(m_count) : 0.0;
}

double Histogram::stddev() const
{
    if (m_count < 2)
        return 0.0;
    return std::sqrt(std::max(0.0, m_m2 / double(m_count)));
}

qint64 Histogram::percentile(double q) const
{
    if (!m_count)
        return 0;
    // q / 100 * count carries a few ulps of rounding (99.9 / 100 * 1000 is 999.0000000000001) that
    // ceil() would turn into the next rank: drop them before rounding up.
    const double exactRank = std::clamp(q, 0.0, 100.0) / 100.0 * double(m_count);
    const double slack = exactRank * 4 * std::numeric_limits<double>::epsilon();
    const auto rank = std::max<qint64>(1, qint64(std::ceil(exactRank - slack)));
    qint64 seen = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (seen >= rank)
            return std::clamp(valueAt(int(i)), m_min, m_max);
    }
    return m_max;
}
