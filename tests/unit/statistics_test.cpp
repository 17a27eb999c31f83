// Student's t from Boost.Math and the confidence interval of describe(), against reference values
// computed once with SciPy 1.17.1 / NumPy 2.4.6 (Python 3.11) and pasted here as literals.
#include "results/statistics.h"

#include <cmath>
#include <gtest/gtest.h>

namespace {

struct TPoint
{
    double x, df, expected;
};

} // namespace

TEST(StudentT, QuantileAtFractionalDegreesOfFreedom)
{
    // python: from scipy import stats; repr(float(stats.t.ppf(p, df)))
    const TPoint points[] = { { 0.975, 1, 12.706204736174694 }, { 0.975, 2, 4.302652729749462 },
        { 0.975, 2.5, 3.5746548420036817 }, { 0.975, 4, 2.7764451051977934 },
        { 0.975, 7.3, 2.345066736547703 }, { 0.975, 30, 2.0422724563012378 },
        { 0.975, 31, 2.039513446396408 }, { 0.975, 120, 1.9799304050824402 },
        { 0.975, 1e6, 1.959966356814107 }, { 0.995, 3.25, 5.416951201235887 },
        { 0.025, 5.5, -2.501858617589239 } };
    for (const auto& p : points)
        EXPECT_NEAR(studentTQuantile(p.x, p.df), p.expected, 1e-12 * std::abs(p.expected))
            << p.x << " " << p.df;
}

TEST(StudentT, CdfAtFractionalDegreesOfFreedom)
{
    // python: from scipy import stats; repr(float(stats.t.cdf(t, df)))
    const TPoint points[] = { { -2.1, 3.7, 0.05463235254111237 }, { 2.5, 12.25, 0.9862191749092899 },
        { 0.3, 1.5, 0.5997639015982075 }, { 0.0, 2.2, 0.5 }, { -40.0, 2.0, 0.0003122073360923703 } };
    for (const auto& p : points)
        EXPECT_NEAR(studentTCdf(p.x, p.df), p.expected, 1e-12 * p.expected) << p.x << " " << p.df;
}

TEST(StudentT, OutsideTheDomainIsNaN)
{
    EXPECT_TRUE(std::isnan(studentTQuantile(0.975, 0)));
    EXPECT_TRUE(std::isnan(studentTQuantile(0.975, -1)));
    EXPECT_TRUE(std::isnan(studentTQuantile(1, 3)));
    EXPECT_TRUE(std::isnan(studentTQuantile(0, 3)));
    EXPECT_TRUE(std::isnan(studentTCdf(1, 0)));
    EXPECT_TRUE(std::isnan(studentTCdf(std::nan(""), 3)));
    EXPECT_EQ(studentTCdf(-INFINITY, 3), 0);
    EXPECT_EQ(studentTCdf(INFINITY, 3), 1);
}

// The modified Cox interval, with the formula of Olsson (2005) written out in NumPy:
//   y = np.log(x); n = len(y); m = y.mean(); s2 = y.var(ddof=1)
//   h = stats.t.ppf(0.975, n - 1) * np.sqrt(s2 / n + s2**2 / (2 * (n - 1)))
//   np.exp(m + s2 / 2 - h), np.exp(m + s2 / 2 + h)
TEST(Describe, ModifiedCoxIntervalForPositiveValues)
{
    const auto s = describe({ 10, 12, 14 });
    EXPECT_EQ(s.n, 3);
    EXPECT_DOUBLE_EQ(s.mean, 12);
    EXPECT_DOUBLE_EQ(s.stddev, 2); // sqrt((4 + 0 + 4) / 2)
    EXPECT_TRUE(s.ciAvailable);
    EXPECT_NEAR(s.ciLow, 7.900006738862517, 1e-12);
    EXPECT_NEAR(s.ciHigh, 18.40345883542456, 1e-12);

    const auto two = describe({ 200, 220 });
    EXPECT_NEAR(two.stddev, 14.142135623730951, 1e-12);
    EXPECT_NEAR(two.ciLow, 114.58931505254573, 1e-10); // the Student t interval would start at 82.9
    EXPECT_NEAR(two.ciHigh, 385.7279641974831, 1e-10);
}

TEST(Describe, IntervalStaysPositiveWhereStudentTCrossesZero)
{
    // mean ± t(0.975, 1) · s / √2 = 5.5 ± 57.2: below zero. The log-scale interval is not.
    const auto s = describe({ 1, 10 });
    EXPECT_TRUE(s.ciAvailable);
    EXPECT_GT(s.ciLow, 0);
    EXPECT_GT(s.ciHigh, s.mean);
}

TEST(Describe, NonPositiveValuesFallBackToStudentT)
{
    // t(0.975, 2) = 4.302652729749462 (scipy); half width = t · 2 / √3
    const auto s = describe({ -2, 0, 2 });
    EXPECT_TRUE(s.ciAvailable);
    EXPECT_NEAR(s.ciLow, -4.302652729749462 * 2 / std::sqrt(3.0), 1e-12);
    EXPECT_NEAR(s.ciHigh, 4.302652729749462 * 2 / std::sqrt(3.0), 1e-12);
}

TEST(Describe, OneValueHasNoInterval)
{
    const auto one = describe({ 42.5 });
    EXPECT_EQ(one.n, 1);
    EXPECT_EQ(one.stddev, 0);
    EXPECT_FALSE(one.ciAvailable);
    EXPECT_EQ(one.ciLow, 42.5);
    EXPECT_EQ(one.ciHigh, 42.5);

    const auto none = describe({});
    EXPECT_EQ(none.n, 0);
    EXPECT_EQ(none.mean, 0);
    EXPECT_FALSE(none.ciAvailable);
}

TEST(Describe, IdenticalValuesHaveAZeroWidthInterval)
{
    const auto s = describe({ 5, 5, 5 });
    EXPECT_TRUE(s.ciAvailable);
    EXPECT_NEAR(s.ciLow, 5, 1e-12);
    EXPECT_NEAR(s.ciHigh, 5, 1e-12);
}
