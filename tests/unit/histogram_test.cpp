// Histogram: percentiles against exact nearest-rank values from the sorted raw samples.
#include "metrics/histogram.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <malloc.h>
#include <numeric>
#include <random>
#include <vector>

namespace {
/// A percentile as an exact fraction (permille), so the expected rank has no rounding error.
struct Quantile
{
    double q; ///< what Histogram::percentile() takes
    qint64 permille; ///< the same, exactly
};
constexpr Quantile Quantiles[]
    = { { 0, 0 }, { 50, 500 }, { 90, 900 }, { 95, 950 }, { 99, 990 }, { 99.9, 999 }, { 100, 1000 } };

qint64 clampToRange(qint64 v)
{
    return std::clamp(v, Histogram::LowestValue, Histogram::HighestValue);
}

/// Nearest rank: the smallest value with at least ceil(q * n) samples at or below it.
qint64 exactPercentile(const std::vector<qint64>& sorted, qint64 permille)
{
    const qint64 n = qint64(sorted.size());
    const qint64 rank = std::max<qint64>(1, (permille * n + 999) / 1000);
    return sorted[size_t(rank - 1)];
}

Histogram recordAll(const std::vector<qint64>& samples)
{
    Histogram h;
    for (qint64 v : samples)
        h.record(v);
    return h;
}

/// Checks count, min, max, mean, stddev and every quantile of h against the raw samples.
void expectMatches(const Histogram& h, std::vector<qint64> samples)
{
    ASSERT_FALSE(samples.empty());
    for (qint64& v : samples)
        v = clampToRange(v);
    std::sort(samples.begin(), samples.end());
    EXPECT_EQ(h.count(), qint64(samples.size()));
    EXPECT_EQ(h.min(), samples.front());
    EXPECT_EQ(h.max(), samples.back());
    for (const Quantile& q : Quantiles) {
        const qint64 want = exactPercentile(samples, q.permille);
        const double tolerance = double(want) * 0.001 + 1.0;
        EXPECT_LE(std::abs(double(h.percentile(q.q) - want)), tolerance)
            << "p" << q.q << " of " << samples.size() << " samples";
    }
    const long double n = samples.size();
    const long double mean = std::accumulate(samples.begin(), samples.end(), 0.0L) / n;
    long double squares = 0;
    for (qint64 v : samples)
        squares += (v - mean) * (v - mean);
    const double stddev = double(std::sqrt(squares / n));
    EXPECT_NEAR(h.mean(), double(mean), double(mean) * 1e-9);
    if (samples.size() > 1) {
        EXPECT_NEAR(h.stddev(), stddev, stddev * 1e-6 + 1e-3) << "mean " << double(mean);
    }
}

std::vector<qint64> uniform(size_t n, qint64 lo, qint64 hi, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<qint64> dist(lo, hi);
    std::vector<qint64> out(n);
    for (qint64& v : out)
        v = dist(rng);
    return out;
}

std::vector<qint64> lognormal(size_t n, double medianUs, double sigma, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::lognormal_distribution<double> dist(std::log(medianUs), sigma);
    std::vector<qint64> out(n);
    for (qint64& v : out)
        v = qint64(std::min(dist(rng), 1e12));
    return out;
}

size_t heapInUse()
{
    return mallinfo2().uordblks;
}
} // namespace

TEST(Histogram, EmptyIsAllZero)
{
    const Histogram h;
    EXPECT_EQ(h.count(), 0);
    EXPECT_EQ(h.min(), 0);
    EXPECT_EQ(h.max(), 0);
    EXPECT_EQ(h.mean(), 0.0);
    EXPECT_EQ(h.stddev(), 0.0);
    EXPECT_EQ(h.percentile(50), 0);
}

TEST(Histogram, UniformWithinOneTenthOfAPercent)
{
    const auto small = uniform(50'000, 1, 2'000, 1); // below 2048 every value has its own bucket
    expectMatches(recordAll(small), small);
    const auto wide = uniform(200'000, 1, 10'000'000, 2);
    expectMatches(recordAll(wide), wide);
}

TEST(Histogram, LognormalHeavyTail)
{
    for (unsigned seed : { 3u, 4u, 5u }) {
        const auto samples = lognormal(100'000, 2'000, 1.5, seed);
        expectMatches(recordAll(samples), samples);
    }
    const auto extreme = lognormal(100'000, 50'000, 3.0, 6); // reaches past 60 s: clamped
    expectMatches(recordAll(extreme), extreme);
}

TEST(Histogram, Constant)
{
    for (qint64 value : { qint64(1), qint64(777), qint64(4242), qint64(123'456'7), qint64(59'999'999) }) {
        const std::vector<qint64> samples(100'000, value);
        const Histogram h = recordAll(samples);
        expectMatches(h, samples);
        EXPECT_LE(h.stddev(), 1e-6) << value;
    }
}

TEST(Histogram, TinyCounts)
{
    for (const std::vector<qint64>& samples : std::vector<std::vector<qint64>> {
             { 5000 }, { 1, 60'000'000 }, { 3000, 1000 }, { 7, 7, 9 }, { 100'000, 3, 50'000 } }) {
        expectMatches(recordAll(samples), samples);
    }
}

TEST(Histogram, RangeEdgesAndBeyondAreClamped)
{
    const std::vector<qint64> samples = { 0, -5, 1, 2, 2047, 2048, 2049, 59'999'999, 60'000'000, 60'000'001,
        3'600'000'000LL, std::numeric_limits<qint64>::max() };
    const Histogram h = recordAll(samples);
    expectMatches(h, samples);
    EXPECT_EQ(h.min(), Histogram::LowestValue);
    EXPECT_EQ(h.max(), Histogram::HighestValue);
    EXPECT_EQ(h.percentile(100), Histogram::HighestValue);
}

TEST(Histogram, NearestRankIsExactForDecimalQuantiles)
{
    // 99.9 / 100 * 1000 is 999.0000000000001 in floating point: the rank must still be 999.
    std::vector<qint64> samples(1000);
    std::iota(samples.begin(), samples.end(), 1);
    const Histogram h = recordAll(samples);
    EXPECT_EQ(h.percentile(99.9), 999);
    EXPECT_EQ(h.percentile(99), 990);
    EXPECT_EQ(h.percentile(50), 500);
    EXPECT_EQ(h.percentile(0.1), 1);
    EXPECT_EQ(h.percentile(0), 1);
    for (int n : { 10, 100, 1000, 10'000, 100'000 }) {
        std::vector<qint64> seq(static_cast<size_t>(n));
        std::iota(seq.begin(), seq.end(), 1);
        expectMatches(recordAll(seq), seq);
    }
}

TEST(Histogram, MergeEqualsRecordingEverything)
{
    const auto a = lognormal(50'000, 1'500, 1.2, 7);
    const auto b = uniform(30'000, 10, 30'000'000, 8);
    Histogram merged = recordAll(a);
    merged.merge(recordAll(b));
    std::vector<qint64> all = a;
    all.insert(all.end(), b.begin(), b.end());
    const Histogram direct = recordAll(all);

    EXPECT_EQ(merged.count(), direct.count());
    EXPECT_EQ(merged.min(), direct.min());
    EXPECT_EQ(merged.max(), direct.max());
    EXPECT_NEAR(merged.mean(), direct.mean(), direct.mean() * 1e-12);
    EXPECT_NEAR(merged.stddev(), direct.stddev(), direct.stddev() * 1e-9);
    for (double q = 0; q <= 100; q += 0.25)
        EXPECT_EQ(merged.percentile(q), direct.percentile(q)) << q;
    expectMatches(merged, all);

    Histogram empty;
    empty.merge(direct); // into an empty one: min must not stay 0
    EXPECT_EQ(empty.min(), direct.min());
    EXPECT_EQ(empty.percentile(50), direct.percentile(50));
    Histogram same = direct;
    same.merge(Histogram());
    EXPECT_EQ(same.count(), direct.count());
    EXPECT_EQ(same.min(), direct.min());
}

TEST(Histogram, ConstantMemory)
{
    const int buckets = Histogram::bucketCount();
    EXPECT_GT(buckets, 2048);
    EXPECT_LT(buckets, 32 * 1024); // under 256 KiB of counters, however many samples
    Histogram h;
    h.record(1);
    const size_t before = heapInUse();
    std::mt19937_64 rng(9);
    std::uniform_int_distribution<qint64> dist(-10, 100'000'000);
    for (int i = 0; i < 1'000'000; ++i)
        h.record(dist(rng));
    EXPECT_EQ(heapInUse(), before); // recording never allocates
    EXPECT_EQ(Histogram::bucketCount(), buckets);
}

TEST(Histogram, ResetStartsOver)
{
    Histogram h = recordAll(uniform(10'000, 1, 1'000'000, 10));
    h.reset();
    EXPECT_EQ(h.count(), 0);
    EXPECT_EQ(h.min(), 0);
    EXPECT_EQ(h.max(), 0);
    EXPECT_EQ(h.mean(), 0.0);
    EXPECT_EQ(h.stddev(), 0.0);
    EXPECT_EQ(h.percentile(99), 0);
    const std::vector<qint64> after = { 5'000, 9'000, 200 };
    for (qint64 v : after)
        h.record(v);
    expectMatches(h, after);
}
