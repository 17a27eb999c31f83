#include "sweepcurves.h"

namespace {
/// req/s of each repetition `row` used.
QList<double> throughputOf(const ResultsFolder& folder, const StackAggregate& row)
{
    if (row.metric == Metric::Rps)
        return row.values;
    QList<double> rps;
    for (int rep : row.repetitions)
        if (const ScenarioRecord* r = folder.find(rep, row.stack, row.scenarioId))
            rps << r->summary.rps;
    return rps;
}

CurvePoint pointOf(const ResultsFolder& folder, const StackAggregate& row, double x)
{
    const Statistics s = describe(throughputOf(folder, row));
    CurvePoint p;
    p.x = x;
    p.rps = s.mean;
    p.rpsLo = s.ciLow;
    p.rpsHi = s.ciHigh;
    p.rpsCiKnown = s.ciAvailable;
    p.latencyKnown = row.pooled.available;
    p.p50Ms = row.pooled.p50Ms;
    p.p99Ms = row.pooled.p99Ms;
    p.errorRate = row.errorRate;
    p.repetitions = int(row.repetitions.size());
    return p;
}
} // namespace

Curves sweepCurves(const ResultsFolder& folder, const Aggregates& aggregates)
{
    Curves curves;
    if (!folder.manifest || !hasSweeps(folder.manifest->plan))
        return curves;
    const Plan plan = folder.manifest->expandedPlan();
    curves.objective.sloP99Ms = plan.procedure.sloP99Ms;
    for (const PlanStack& stack : plan.stacks) {
        // Load sweeps: the cells of each swept scenario, in the order of their first axis.
        QMap<QString, CurveSeries> series; // by swept scenario and the other axes' values
        QStringList order;
        for (const Scenario& cell : plan.scenarios) {
            if (cell.sweptFrom.isEmpty() || cell.point.isEmpty())
                continue;
            const StackAggregate* row = aggregates.find(cell.id, stack.id());
            if (!row || row->failed)
                continue;
            const QString axis = cell.point.firstKey();
            QStringList others;
            for (auto it = std::next(cell.point.cbegin()); it != cell.point.cend(); ++it)
                others << it.key() + u' ' + QString::number(it.value());
            const QString key = cell.sweptFrom + u'|' + others.join(u", "_qs);
            if (!series.contains(key)) {
                CurveSeries& s = series[key];
                s.stack = stack.stack.isEmpty() ? stack.id() : stack.stack;
                s.label = stack.displayLabel()
                    + (others.isEmpty() ? QString() : u" · "_qs + others.join(u", "_qs));
                s.params = stack.params;
                s.scenario = cell.sweptFrom;
                s.axis = axis;
                order << key;
            }
            series[key].points << pointOf(folder, *row, cell.point.first());
        }
        for (const QString& key : order) {
            CurveSeries s = series.value(key);
            std::sort(s.points.begin(), s.points.end(),
                [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
            curves.series << s;
        }
        // Parameter sweeps: this configuration in every scenario that is not a load cell.
        if (stack.params.isEmpty())
            continue;
        for (const Scenario& scenario : plan.scenarios) {
            if (!scenario.sweptFrom.isEmpty())
                continue;
            const StackAggregate* row = aggregates.find(scenario.id, stack.id());
            if (!row || row->failed)
                continue;
            ConfigResult c;
            c.rpsValues = throughputOf(folder, *row);
            for (const RepetitionNote& note : row->notes) {
                c.flaggedRepetitions += note.flagged() ? 1 : 0;
                for (const QString& flag : note.flags)
                    if (!c.flags.contains(flag))
                        c.flags << flag;
            }
            const Statistics s = describe(c.rpsValues);
            c.stack = stack.stack;
            c.label = stack.displayLabel();
            c.stackLabel = stack.baseLabel();
            c.params = stack.params;
            c.scenario = scenario.id;
            c.rps = s.mean;
            c.rpsLo = s.ciLow;
            c.rpsHi = s.ciHigh;
            c.rpsCiKnown = s.ciAvailable;
            curves.configs << c;
            if (curves.configScenario.isEmpty())
                curves.configScenario = scenario.id;
        }
    }
    curves.analyse();
    return curves;
}
