#pragma once

#include "results/aggregate.h"

#include <QList>
#include <QStringList>

/// The order of a plan's stacks in repetition @p repetition (from 1), as indexes into the plan's
/// list: rows of a balanced Latin square (Williams 1949, "Experimental designs balanced for the
/// estimation of residual effects of treatments", Aust. J. Sci. Res. A 2:149–168). Over every n
/// repetitions (2n when n is odd: each row is followed by its mirror) every stack runs once in each
/// position and directly after every other stack exactly once, so a drift of the machine over time
/// (warming, throttling, a neighbour) favours no stack.
QList<int> williamsOrder(int stackCount, int repetition);

/// Whether an adaptive procedure has its answer: every bar's 95 % confidence interval within
/// ±target % of its mean.
struct Convergence
{
    int repetitions = 0; ///< the repetitions the check looked at
    double targetCiPercent = 0;
    /// Each bar still too wide: "Figure 3 · Flask + sqlite3: ±7.2 % (n = 3)".
    QStringList unconverged;
    bool converged() const { return unconverged.isEmpty(); }
};

/// Checks every bar of a figure that has data (failed bars are left to their failures: more
/// repetitions would not narrow them). A bar with fewer than two values has no interval yet.
Convergence checkConvergence(const Aggregates& aggregates, double targetCiPercent);

/// What a convergence check means, for a log: "After 4 repetitions 2 bar(s) are still wider than the
/// target: one more" (the bars themselves are in @p unconverged, one line each).
QString describeConvergence(int repetitions, const QStringList& unconverged, bool goingOn);

/// Whether an adaptive procedure stops after @p repetitions, given what they showed: once every
/// bar converged, or at the maximum. Never before the minimum; a fixed procedure at its count.
bool stopsAfter(const Procedure& procedure, int repetitions, const Convergence& convergence);
