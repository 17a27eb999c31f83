// The drill-down's latency distribution: the percentile spectrum (HdrHistogram's 1/(1 − q) axis) and
// the histogram bars agree with the recorded latencies.
#include "results/distribution.h"

#include <cmath>
#include <gtest/gtest.h>

namespace {
/// 1 µs, 2 µs, …, 10,000 µs, once each: the p-th percentile is about 100 p µs.
Histogram uniform()
{
    Histogram h;
    for (qint64 us = 1; us <= 10'000; ++us)
        h.record(us);
    return h;
}
} // namespace

TEST(Distribution, SpectrumFollowsTheHistogram)
{
    const Histogram h = uniform();
    const QList<SpectrumPoint> s = percentileSpectrum(h, 10);
    ASSERT_EQ(s.size(), 42) << "0 % to 99.99 % (1 - 1/count), ten points per decade, then the maximum";
    for (qsizetype i = 0; i < 41; ++i) {
        EXPECT_NEAR(s[i].x, 0.1 * double(i), 1e-12);
        EXPECT_NEAR(s[i].q, 1 - std::pow(10.0, -s[i].x), 1e-12);
        // Nearest rank among 1..10000 µs, within the histogram's 0.1 %.
        const double exact = std::max(1.0, std::ceil(s[i].q * 10'000)) / 1000.0;
        EXPECT_NEAR(s[i].ms, exact, exact * 0.001 + 1e-3) << "q " << s[i].q;
        if (i > 0) {
            EXPECT_GE(s[i].ms, s[i - 1].ms);
        }
    }
    EXPECT_NEAR(s[10].ms, 9.0, 0.01); // 90 %
    EXPECT_NEAR(s[20].ms, 9.9, 0.01); // 99 %
    EXPECT_NEAR(s[30].ms, 9.99, 0.01); // 99.9 %
    EXPECT_NEAR(s.last().ms, 10.0, 0.01) << "the spectrum ends at the maximum";
    EXPECT_DOUBLE_EQ(s.last().x, 4.0);
    EXPECT_TRUE(percentileSpectrum(Histogram()).isEmpty());
}

TEST(Distribution, SpectrumShowsATail)
{
    Histogram h;
    for (int i = 0; i < 9'990; ++i)
        h.record(2'000);
    for (int i = 0; i < 10; ++i)
        h.record(500'000); // 0.1 % of requests stalled half a second
    const QList<SpectrumPoint> s = percentileSpectrum(h, 10);
    EXPECT_NEAR(s[20].ms, 2.0, 0.01) << "99 %: still fast";
    EXPECT_NEAR(s.last().ms, 500.0, 0.5) << "the tail";
    const auto firstSlow
        = std::find_if(s.cbegin(), s.cend(), [](const SpectrumPoint& p) { return p.ms > 100; });
    ASSERT_NE(firstSlow, s.cend());
    EXPECT_GT(firstSlow->q, 0.999) << "beyond 99.9 %";
}

TEST(Distribution, BinsCountEveryRequestOnALogScale)
{
    const Histogram h = uniform();
    const QList<LatencyBin> bins = latencyBins(h, 40);
    ASSERT_EQ(bins.size(), 40);
    qint64 total = 0;
    for (qsizetype i = 0; i < bins.size(); ++i) {
        total += bins[i].count;
        EXPECT_LT(bins[i].fromMs, bins[i].toMs);
        if (i > 0) {
            EXPECT_NEAR(bins[i].fromMs, bins[i - 1].toMs, 1e-9);
            EXPECT_NEAR(bins[i].toMs / bins[i].fromMs, bins[0].toMs / bins[0].fromMs, 1e-6)
                << "equal on a log scale";
        }
    }
    EXPECT_EQ(total, h.count());
    EXPECT_NEAR(bins.first().fromMs, 0.001, 1e-12);
    EXPECT_GE(bins.last().toMs, 10.0);
    // Uniform in value is rising on a log scale: the last bin holds far more than the first.
    EXPECT_GT(bins.last().count, 10 * std::max<qint64>(1, bins.first().count));
    EXPECT_TRUE(latencyBins(Histogram()).isEmpty());
}
