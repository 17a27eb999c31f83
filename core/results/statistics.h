#pragma once

#include <QList>

/// Mean, spread and 95 % confidence interval of a few repetitions.
struct Statistics
{
    qsizetype n = 0;
    double mean = 0;
    double stddev = 0; ///< sample standard deviation (n - 1 in the denominator)
    double ciLow = 0; ///< mean ± t(0.975, n - 1) · stddev / √n
    double ciHigh = 0;
};

/// Describes `values`. With one value the deviation is 0 and the interval collapses to the value;
/// with none, everything is 0.
Statistics describe(const QList<double>& values);

/// The 97.5th percentile of Student's t with `df` degrees of freedom (two-sided 95 %): exact to 9
/// digits up to 30, a Cornish–Fisher expansion above (error < 1e-7). 0 for df < 1.
double studentT975(qsizetype df);
