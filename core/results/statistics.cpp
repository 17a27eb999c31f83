#include "statistics.h"

#include <cmath>

double studentT975(qsizetype df)
{
    static constexpr double Table[] = { 12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
        2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
        2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040, 2.093024054,
        2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439,
        2.051830516, 2.048407142, 2.045229642, 2.042272456 };
    if (df < 1)
        return 0;
    if (df <= 30)
        return Table[df - 1];
    const double z = 1.959963984540054, v = double(df);
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
        + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
}

Statistics describe(const QList<double>& values)
{
    Statistics s;
    s.n = values.size();
    if (s.n == 0)
        return s;
    double sum = 0;
    for (double v : values)
        sum += v;
    s.mean = sum / double(s.n);
    s.ciLow = s.ciHigh = s.mean;
    if (s.n < 2)
        return s;
    double squares = 0;
    for (double v : values)
        squares += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(squares / double(s.n - 1));
    const double half = studentT975(s.n - 1) * s.stddev / std::sqrt(double(s.n));
    s.ciLow = s.mean - half;
    s.ciHigh = s.mean + half;
    return s;
}
