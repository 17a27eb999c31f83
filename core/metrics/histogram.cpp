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

int shiftOfIndex(int index)
{
    return index < SubBucketCount ? 0 : int((index - SubBucketCount) / HalfCount) + 1;
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

qint64 Histogram::lowestEquivalentValue(int index)
{
    if (index < SubBucketCount)
        return index;
    const qint64 sub = (index - SubBucketCount) % HalfCount + HalfCount;
    return sub << shiftOfIndex(index);
}

qint64 Histogram::highestEquivalentValue(int index)
{
    return lowestEquivalentValue(index) + (qint64(1) << shiftOfIndex(index)) - 1;
}

qint64 Histogram::valueAt(int index)
{
    // The middle of the bucket halves the worst-case error.
    return lowestEquivalentValue(index) + ((qint64(1) << shiftOfIndex(index)) - 1) / 2;
}

int Histogram::usedLength() const
{
    int n = int(m_counts.size());
    while (n > 0 && m_counts[size_t(n - 1)] == 0)
        --n;
    return n;
}

void Histogram::record(qint64 micros)
{
    const qint64 v = std::clamp(micros, LowestValue, HighestValue);
    ++m_counts[size_t(indexOf(v))];
    m_min = m_count ? std::min(m_min, v) : v;
    m_max = m_count ? std::max(m_max, v) : v;
    // Welford's update: a running sum of squares minus mean² cancels catastrophically for tight
    // distributions of large values (a constant 60 s gave a 56 µs standard deviation).
    const double oldMean = runningMean();
    ++m_count;
    m_sum += double(v);
    m_m2 += (double(v) - oldMean) * (double(v) - runningMean());
}

void Histogram::addCountAtIndex(int index, qint64 n)
{
    Q_ASSERT(index >= 0 && index < bucketCount() && n > 0);
    m_counts[size_t(index)] += n;
    const qint64 low = lowestEquivalentValue(index);
    const qint64 high = std::min(highestEquivalentValue(index), HighestValue);
    m_min = m_count ? std::min(m_min, low) : low;
    m_max = m_count ? std::max(m_max, high) : high;
    m_count += n;
    m_exact = false;
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
    // (Meaningless once either side has counts added by bucket: then the buckets give the moments.)
    const double delta = other.runningMean() - runningMean();
    const double n = double(m_count), m = double(other.m_count);
    m_m2 += other.m_m2 + delta * delta * n * m / (n + m);
    m_count += other.m_count;
    m_sum += other.m_sum;
    m_exact = m_exact && other.m_exact;
}

void Histogram::reset()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_count = m_min = m_max = 0;
    m_sum = m_m2 = 0;
    m_exact = true;
}

double Histogram::runningMean() const
{
    return m_count ? m_sum / double(m_count) : 0.0;
}

double Histogram::mean() const
{
    return m_exact ? runningMean() : bucketMean();
}

double Histogram::stddev() const
{
    if (m_count < 2)
        return 0.0;
    if (!m_exact)
        return bucketStddev();
    return std::sqrt(std::max(0.0, m_m2 / double(m_count)));
}

qint64 Histogram::representative(int index) const
{
    return std::clamp(valueAt(index), m_min, m_max);
}

double Histogram::bucketMean() const
{
    if (!m_count)
        return 0.0;
    double sum = 0;
    for (int i = 0, end = usedLength(); i < end; ++i)
        sum += double(m_counts[size_t(i)]) * double(representative(i));
    return sum / double(m_count);
}

double Histogram::bucketStddev() const
{
    const double average = bucketMean();
    double squares = 0;
    for (int i = 0, end = usedLength(); i < end; ++i) {
        const double d = double(representative(i)) - average;
        squares += double(m_counts[size_t(i)]) * d * d;
    }
    return std::sqrt(squares / double(m_count));
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
            return representative(int(i));
    }
    return m_max;
}
