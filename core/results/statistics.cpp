#include "statistics.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace {
// Errors come back as NaN instead of exceptions: callers check their inputs and show "n/a".
using NoThrow
    = boost::math::policies::policy<boost::math::policies::domain_error<boost::math::policies::ignore_error>,
        boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
        boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;
using StudentT = boost::math::students_t_distribution<double, NoThrow>;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

double meanOf(const QList<double>& values)
{
    double sum = 0;
    for (double v : values)
        sum += v;
    return sum / double(values.size());
}

double sampleVariance(const QList<double>& values, double mean)
{
    double squares = 0;
    for (double v : values)
        squares += (v - mean) * (v - mean);
    return squares / double(values.size() - 1);
}

/// Olsson (2005), the modified Cox method: see describe() in the header.
void coxInterval(const QList<double>& values, Statistics& s)
{
    QList<double> logs;
    logs.reserve(values.size());
    for (double v : values)
        logs << std::log(v);
    const double n = double(values.size());
    const double logMean = meanOf(logs), logVar = sampleVariance(logs, logMean);
    const double half
        = studentTQuantile(0.975, n - 1) * std::sqrt(logVar / n + logVar * logVar / (2 * (n - 1)));
    s.ciLow = std::exp(logMean + logVar / 2 - half);
    s.ciHigh = std::exp(logMean + logVar / 2 + half);
}

void tInterval(Statistics& s)
{
    const double half = studentTQuantile(0.975, double(s.n - 1)) * s.stddev / std::sqrt(double(s.n));
    s.ciLow = s.mean - half;
    s.ciHigh = s.mean + half;
}
} // namespace

double studentTQuantile(double p, double df)
{
    if (!(p > 0 && p < 1 && df > 0))
        return NaN;
    return boost::math::quantile(StudentT(df), p);
}

double studentTCdf(double t, double df)
{
    if (!(df > 0) || std::isnan(t))
        return NaN;
    if (std::isinf(t))
        return t > 0 ? 1 : 0;
    return boost::math::cdf(StudentT(df), t);
}

Statistics describe(const QList<double>& values)
{
    Statistics s;
    s.n = values.size();
    if (s.n == 0)
        return s;
    s.mean = meanOf(values);
    s.ciLow = s.ciHigh = s.mean;
    if (s.n < 2)
        return s;
    s.stddev = std::sqrt(sampleVariance(values, s.mean));
    s.ciAvailable = true;
    if (std::all_of(values.cbegin(), values.cend(), [](double v) { return v > 0; }))
        coxInterval(values, s);
    else
        tInterval(s);
    return s;
}
