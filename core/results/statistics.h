#pragma once

#include <QList>

/// Mean, spread and 95 % confidence interval of a few repetitions.
struct Statistics
{
    qsizetype n = 0;
    double mean = 0;
    double stddev = 0; ///< sample standard deviation (n - 1 in the denominator)
    /// 95 % confidence interval of the mean. For positive values it is the modified Cox interval on
    /// the log scale (see describe()), so it never reaches zero and is not symmetric about the mean.
    /// When !ciAvailable both ends equal the mean: callers show "n/a", not a zero-width interval.
    double ciLow = 0;
    double ciHigh = 0;
    bool ciAvailable = false; ///< false with fewer than two values
};

/// Describes `values`. With two or more values the 95 % interval is:
/// - all values > 0 (req/s, ms): the modified Cox interval for the mean of a log-normal sample,
///   exp(ȳ + s²/2 ± t(0.975, n − 1) · √(s²/n + s⁴/(2(n − 1)))), with ȳ and s² the mean and variance
///   of ln x (U. Olsson, "Confidence intervals for the mean of a log-normal distribution", Journal
///   of Statistics Education 13(1), 2005). It estimates the arithmetic mean and stays positive.
/// - otherwise: the Student t interval mean ± t(0.975, n − 1) · s / √n.
/// With one value the deviation is 0 and the interval is not available; with none, everything is 0.
Statistics describe(const QList<double>& values);

/// Quantile of Student's t distribution with `df` degrees of freedom (fractional df allowed), from
/// Boost.Math. NaN unless 0 < p < 1 and df > 0.
double studentTQuantile(double p, double df);

/// Cumulative distribution function of Student's t with `df` degrees of freedom (fractional df
/// allowed), from Boost.Math. NaN unless df > 0; ±infinite t give 0 and 1.
double studentTCdf(double t, double df);
