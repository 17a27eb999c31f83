#include "repetitions.h"

#include <algorithm>
#include <cmath>

QList<int> williamsOrder(int n, int repetition)
{
    QList<int> order;
    if (n <= 0)
        return order;
    // First row 0, 1, n-1, 2, n-2, ...; row i adds i to each (mod n).
    QList<int> first { 0 };
    for (int j = 1; j < n; ++j)
        first << (j % 2 == 1 ? (j + 1) / 2 : n - j / 2);
    const int rows = n % 2 == 0 ? n : 2 * n;
    const int r = (std::max(1, repetition) - 1) % rows;
    for (int v : first)
        order << (v + r % n) % n;
    if (r >= n) // odd n: the second block mirrors the first, which balances carry-over
        std::reverse(order.begin(), order.end());
    return order;
}

QString describeConvergence(int repetitions, const QStringList& unconverged, bool goingOn)
{
    if (unconverged.isEmpty())
        return u"After %1 repetitions every bar's 95 % interval is within the target: done"_qs.arg(
            repetitions);
    return goingOn
        ? u"After %1 repetitions %2 bar(s) are still wider than the target: one more"_qs.arg(repetitions)
              .arg(unconverged.size())
        : u"Stopped at the maximum, %1 repetitions; %2 bar(s) did not converge:"_qs.arg(repetitions)
              .arg(unconverged.size());
}

bool stopsAfter(const Procedure& p, int repetitions, const Convergence& c)
{
    if (repetitions >= p.repetitions)
        return true;
    return repetitions >= p.minRepetitions() && p.adaptive && c.converged();
}

Convergence checkConvergence(const Aggregates& aggregates, double targetCiPercent)
{
    Convergence c;
    c.targetCiPercent = targetCiPercent;
    for (const StackAggregate& row : aggregates.rows) {
        if (row.figure == 0 || row.failed)
            continue;
        c.repetitions = std::max(c.repetitions, int(row.stats.n));
        const double half = (row.stats.ciHigh - row.stats.ciLow) / 2;
        const double percent = row.stats.mean != 0 ? 100 * half / std::abs(row.stats.mean) : INFINITY;
        if (row.stats.n >= 2 && percent <= targetCiPercent)
            continue;
        c.unconverged << (row.stats.n < 2 ? u"Figure %1 · %2: no interval yet (n = %3)"_qs.arg(row.figure)
                                                .arg(row.label)
                                                .arg(row.stats.n)
                                          : u"Figure %1 · %2: ±%3 % (n = %4)"_qs.arg(row.figure)
                                                .arg(row.label)
                                                .arg(percent, 0, 'f', 1)
                                                .arg(row.stats.n));
    }
    return c;
}
