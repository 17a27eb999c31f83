#pragma once

// The value types of comparisons between stacks (see comparison.h for how they are computed), apart
// so that Aggregates can carry them.

#include <QString>
#include <cmath>
#include <limits>

/// Which of two samples is better, by a two-sided test at a level alpha.
enum class Verdict { ABetter, BBetter, Indistinguishable };
/// "a_better", "b_better", "indistinguishable"
QString toString(Verdict verdict);

/// Two samples compared: the ratio of their means with its confidence interval, and Welch's test.
struct SampleComparison
{
    static constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

    double meanA = NaN, meanB = NaN;
    double ratio = NaN; ///< meanA / meanB; NaN when a side is empty or meanB is 0
    /// (1 − alpha) interval of the ratio; see compareSamples(). Both NaN when not available.
    double ratioLow = NaN, ratioHigh = NaN;
    double t = NaN; ///< Welch's statistic, (meanA − meanB) / √(s²a/na + s²b/nb)
    double df = NaN; ///< Welch–Satterthwaite degrees of freedom (fractional)
    double p = NaN; ///< two-sided p-value; NaN when a side has fewer than two values
    Verdict verdict = Verdict::Indistinguishable; ///< p < alpha and the direction of the means

    bool ratioCiAvailable() const { return !std::isnan(ratioLow); }
    bool testAvailable() const { return !std::isnan(p); }
};

/// One pair of stacks in one figure, as `{"figure": 1, "a": …, "b": …, "ratio": …, …}`.
struct PairComparison
{
    int figure = 0;
    QString a, b;
    SampleComparison test; ///< its verdict uses the raw p
    double pHolm = SampleComparison::NaN; ///< over all pairs of the figure
    Verdict verdict = Verdict::Indistinguishable; ///< pHolm < alpha and the direction of the means
};

/// A stack's letters in a compact letter display, and its rank.
struct StackLetters
{
    QString stack;
    QString letters; ///< e.g. "ab"
    /// 1 + the alphabet position of its first letter: stacks with the same first letter share a
    /// rank, and the best stack has rank 1. A stack whose letters span groups ("ab") takes the best.
    int rank = 0;
};
