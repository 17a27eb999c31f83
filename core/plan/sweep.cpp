// Sweeps: a plan's swept stacks and scenarios expanded into the cells a study runs.
#include "common/stackparams.h"
#include "plan.h"

#include <algorithm>

namespace {
/// Every combination of the axes' values, the last axis varying fastest.
template<typename V> QList<QMap<QString, V>> combinations(const QMap<QString, QList<V>>& axes)
{
    QList<QMap<QString, V>> out { {} };
    for (auto axis = axes.cbegin(); axis != axes.cend(); ++axis) {
        QList<QMap<QString, V>> next;
        for (const auto& partial : out)
            for (const V& value : axis.value()) {
                auto cell = partial;
                cell.insert(axis.key(), value);
                next << cell;
            }
        out = next;
    }
    return out;
}

template<typename V> qsizetype combinationCount(const QMap<QString, QList<V>>& axes)
{
    qsizetype n = 1;
    for (const auto& values : axes)
        n *= values.size();
    return n;
}

void setLoad(Scenario& s, const QString& key, double value)
{
    if (key == u"vus")
        s.vus = int(value);
    else if (key == u"rate")
        s.rate = value;
    else if (key == u"iterations")
        s.iterations = qint64(value);
}

QList<PlanStack> stackCells(const PlanStack& stack)
{
    if (stack.sweep.isEmpty())
        return { stack };
    QList<PlanStack> cells;
    for (const QMap<QString, QString>& point : combinations(stack.sweep)) {
        PlanStack cell = stack;
        cell.sweep.clear();
        for (auto it = point.cbegin(); it != point.cend(); ++it)
            cell.params.insert(it.key(), it.value());
        cells << cell;
    }
    return cells;
}

QList<Scenario> scenarioCells(const Scenario& scenario)
{
    if (scenario.sweep.isEmpty())
        return { scenario };
    QList<Scenario> cells;
    for (const QMap<QString, double>& point : combinations(scenario.sweep)) {
        Scenario cell = scenario;
        cell.sweep.clear();
        cell.figure = 0;
        cell.sweptFrom = scenario.id;
        cell.point = point;
        QStringList words;
        for (auto it = point.cbegin(); it != point.cend(); ++it) {
            setLoad(cell, it.key(), it.value());
            // An id is lower-case letters, digits, '-' and '_': 12.5 → 12_5, 1e+06 → 1e06.
            cell.id
                += u'-' + it.key() + u'-' + shortestNumberText(it.value()).replace(u'.', u'_').remove(u'+');
            words << it.key() + u' ' + shortestNumberText(it.value());
        }
        // A title that follows the load (as the editor keeps it) follows each cell's; an author's
        // own title is kept, with the point after it.
        const bool automatic = scenario.title.isEmpty() || scenario.title == scenario.id
            || scenario.title == suggestedTitle(scenario);
        cell.title = automatic ? suggestedTitle(cell)
                               : QString(scenario.title + u" ("_qs + words.join(u", "_qs) + u')');
        cells << cell;
    }
    return cells;
}
} // namespace

const QStringList& sweepableLoadKeys()
{
    static const QStringList Keys = { u"vus"_qs, u"rate"_qs, u"iterations"_qs };
    return Keys;
}

bool hasSweeps(const Plan& plan)
{
    return std::any_of(plan.stacks.cbegin(), plan.stacks.cend(),
               [](const PlanStack& s) { return !s.sweep.isEmpty(); })
        || std::any_of(plan.scenarios.cbegin(), plan.scenarios.cend(),
            [](const Scenario& s) { return !s.sweep.isEmpty(); });
}

Plan expandSweeps(const Plan& plan)
{
    if (!hasSweeps(plan))
        return plan;
    Plan out = plan;
    out.stacks.clear();
    out.scenarios.clear();
    for (const PlanStack& s : plan.stacks)
        out.stacks << stackCells(s);
    for (const Scenario& s : plan.scenarios)
        out.scenarios << scenarioCells(s);
    return out;
}

qsizetype expandedStackCount(const Plan& plan)
{
    qsizetype n = 0;
    for (const PlanStack& s : plan.stacks)
        n += combinationCount(s.sweep);
    return n;
}

qsizetype expandedScenarioCount(const Plan& plan)
{
    qsizetype n = 0;
    for (const Scenario& s : plan.scenarios)
        n += combinationCount(s.sweep);
    return n;
}
