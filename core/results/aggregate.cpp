#include "aggregate.h"

#include <QJsonArray>
#include <algorithm>

const StackAggregate* Aggregates::find(const QString& scenarioId, const QString& stack) const
{
    for (const auto& r : rows)
        if (r.scenarioId == scenarioId && r.stack == stack)
            return &r;
    return nullptr;
}

qint64 countErrors(const Summary& s, int expectedStatus)
{
    if (s.statusCounts.isEmpty())
        return std::min(s.errors.total(), s.requests);
    qint64 n = s.errors.connect + s.errors.timeout + s.errors.reset + s.errors.parse;
    for (auto it = s.statusCounts.cbegin(); it != s.statusCounts.cend(); ++it)
        if (it.key() != expectedStatus)
            n += it.value();
    return std::min(n, s.requests);
}

namespace {
double meanOf(const QList<double>& values, double fallback)
{
    if (values.isEmpty())
        return fallback;
    double sum = 0;
    for (double v : values)
        sum += v;
    return sum / double(values.size());
}

StackAggregate aggregateOne(const ResultsFolder& folder, const Scenario& scenario, const PlanStack& stack)
{
    StackAggregate a;
    a.scenarioId = scenario.id;
    a.scenarioTitle = scenario.title;
    a.figure = scenario.figure;
    a.metric = scenario.metric;
    a.stack = stack.id();
    a.label = stack.displayLabel();
    QList<double> p50, p90, p99, cpu, rss;
    for (const auto& r : folder.records) {
        if (r.stack != a.stack || r.scenarioId != a.scenarioId)
            continue;
        if (!r.hasData()) {
            a.failures
                << u"rep%1: %2"_qs.arg(r.repetition).arg(r.ok() ? u"no request completed"_qs : r.reason);
            continue;
        }
        a.repetitions << r.repetition;
        a.values << (scenario.metric == Metric::Rps ? r.summary.rps : r.summary.latency.mean);
        p50 << r.summary.latency.p50;
        p90 << r.summary.latency.p90;
        p99 << r.summary.latency.p99;
        a.requests += r.summary.requests;
        a.errors += countErrors(r.summary, scenario.expectedStatus);
        if (r.server.known()) {
            cpu << r.server.cpuPercentMean;
            rss << r.server.rssMbMean;
        }
        a.clientBound = a.clientBound || r.client.clientBound;
    }
    a.stats = describe(a.values);
    a.p50Ms = meanOf(p50, 0);
    a.p90Ms = meanOf(p90, 0);
    a.p99Ms = meanOf(p99, 0);
    a.errorRate = a.requests ? double(a.errors) / double(a.requests) : 0;
    a.serverCpuPercent = meanOf(cpu, -1);
    a.serverRssMb = meanOf(rss, -1);
    a.failed = a.values.isEmpty();
    return a;
}

QJsonObject rowToJson(const StackAggregate& a)
{
    QJsonArray reps, values;
    for (int r : a.repetitions)
        reps.append(r);
    for (double v : a.values)
        values.append(v);
    QJsonObject o { { u"scenario"_qs, a.scenarioId }, { u"title"_qs, a.scenarioTitle },
        { u"metric"_qs, toString(a.metric) }, { u"unit"_qs, unitOf(a.metric) }, { u"stack"_qs, a.stack },
        { u"label"_qs, a.label }, { u"repetitions"_qs, reps }, { u"values"_qs, values },
        { u"n"_qs, a.stats.n }, { u"mean"_qs, a.stats.mean }, { u"stddev"_qs, a.stats.stddev },
        { u"ci95_low"_qs, a.stats.ciLow }, { u"ci95_high"_qs, a.stats.ciHigh }, { u"p50_ms"_qs, a.p50Ms },
        { u"p90_ms"_qs, a.p90Ms }, { u"p99_ms"_qs, a.p99Ms }, { u"requests"_qs, a.requests },
        { u"errors"_qs, a.errors }, { u"error_rate"_qs, a.errorRate },
        { u"server_cpu_percent"_qs, a.serverCpuPercent }, { u"server_rss_mb"_qs, a.serverRssMb },
        { u"client_bound"_qs, a.clientBound }, { u"failed"_qs, a.failed },
        { u"failures"_qs, QJsonArray::fromStringList(a.failures) } };
    if (a.figure != 0)
        o.insert(u"figure"_qs, a.figure);
    return o;
}

QString subtitleOf(const Aggregates& a)
{
    QStringList parts;
    if (!a.machine.isEmpty())
        parts << a.machine;
    if (a.startedAt.isValid())
        parts << a.startedAt.toUTC().toString(u"yyyy-MM-dd"_qs);
    parts << (a.repetitions == 1 ? u"1 repetition"_qs : u"%1 repetitions"_qs.arg(a.repetitions));
    return parts.join(u" · "_qs);
}

FigureData emptyFigure(int number, Metric metric)
{
    FigureData f;
    f.number = number;
    f.title = figureCaption(number);
    f.unit = unitOf(metric);
    f.higherIsBetter = metric == Metric::Rps;
    return f;
}

FigureBar barOf(const StackAggregate& a, const QString& series)
{
    FigureBar b;
    b.stack = a.stack;
    b.label = a.label;
    b.series = series;
    b.value = a.failed ? 0 : a.stats.mean;
    b.ciLow = a.failed ? 0 : a.stats.ciLow;
    b.ciHigh = a.failed ? 0 : a.stats.ciHigh;
    b.clientBound = a.clientBound;
    b.failed = a.failed;
    return b;
}
} // namespace

QJsonObject Aggregates::toJson() const
{
    QJsonArray list;
    for (const auto& r : rows)
        list.append(rowToJson(r));
    return { { u"format"_qs, u"stackbench-aggregates"_qs }, { u"version"_qs, FormatVersion },
        { u"plan"_qs, planName }, { u"machine"_qs, machine },
        { u"started_at"_qs, startedAt.isValid() ? startedAt.toUTC().toString(Qt::ISODate) : QString() },
        { u"repetitions"_qs, repetitions }, { u"transport"_qs, transport }, { u"rows"_qs, list } };
}

Aggregates aggregate(const ResultsFolder& folder)
{
    Aggregates a;
    if (!folder.manifest)
        return a;
    const auto& m = *folder.manifest;
    a.planName = m.plan.name;
    a.machine = m.environment.machine();
    a.startedAt = m.startedAt;
    a.repetitions = m.plan.procedure.repetitions;
    a.transport = m.transport;
    for (const auto& scenario : m.plan.scenarios)
        for (const auto& stack : m.plan.stacks)
            a.rows.append(aggregateOne(folder, scenario, stack));
    return a;
}

QString figureCaption(int number)
{
    static const QStringList Captions = {
        u"GET request test results."_qs,
        u"Echo test results."_qs,
        u"Average response time for fetching all records."_qs,
        u"Average response time for fetching a single record."_qs,
        u"Average response time for create operations."_qs,
        u"Average response time for update operations."_qs,
        u"Average response time for delete operations."_qs,
    };
    return number >= 1 && number <= Captions.size() ? Captions.at(number - 1) : QString();
}

QList<FigureData> figureData(const Aggregates& aggregates)
{
    QMap<int, FigureData> byNumber;
    for (const auto& row : aggregates.rows) {
        if (row.figure == 0)
            continue;
        auto it = byNumber.find(row.figure);
        if (it == byNumber.end()) {
            it = byNumber.insert(row.figure, emptyFigure(row.figure, row.metric));
            it->subtitle = subtitleOf(aggregates);
        }
        it->bars.append(barOf(row, {}));
    }
    return byNumber.values();
}

void applyPaperValues(QList<FigureData>& figures, const QMap<int, QMap<QString, double>>& values)
{
    for (auto& f : figures) {
        const auto perStack = values.value(f.number);
        for (auto& bar : f.bars)
            bar.paperValue = perStack.value(bar.stack, -1);
    }
}

QList<FigureData> comparisonFigures(const QList<std::pair<QString, Aggregates>>& sets)
{
    QMap<int, FigureData> byNumber;
    QMap<int, QStringList> stackOrder;
    for (const auto& [name, agg] : sets) {
        for (const auto& row : agg.rows) {
            if (row.figure == 0)
                continue;
            if (!byNumber.contains(row.figure))
                byNumber.insert(row.figure, emptyFigure(row.figure, row.metric));
            if (!stackOrder[row.figure].contains(row.stack))
                stackOrder[row.figure].append(row.stack);
        }
    }
    QStringList names;
    for (const auto& set : sets)
        names << set.first;
    for (auto it = byNumber.begin(); it != byNumber.end(); ++it) {
        it->subtitle = names.join(u" vs "_qs);
        for (const auto& stack : stackOrder.value(it.key())) {
            for (const auto& [name, agg] : sets) {
                for (const auto& row : agg.rows)
                    if (row.figure == it.key() && row.stack == stack)
                        it->bars.append(barOf(row, name));
            }
        }
    }
    return byNumber.values();
}

QList<FigureData> compareResults(const QList<std::pair<QString, QString>>& namedDirs, JsonProblems* problems)
{
    QList<std::pair<QString, Aggregates>> sets;
    for (const auto& [name, dir] : namedDirs) {
        const auto folder = loadResults(dir);
        if (problems) {
            for (auto p : folder.problems) {
                p.file = dir + u'/' + p.file;
                problems->append(p);
            }
        }
        if (folder.manifest)
            sets.append({ name, aggregate(folder) });
    }
    return comparisonFigures(sets);
}
