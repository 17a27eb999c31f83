#include "aggregate.h"

#include "comparison.h"

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

/// Marks outliers among all repetitions with data, then drops the excluded ones from the values.
void judgeRepetitions(StackAggregate& a, bool excludeFlagged)
{
    QList<double> all;
    for (const auto& n : a.notes)
        all << n.value;
    const QList<bool> outlying = outliers::flagOutliers(all);
    const double median = outliers::median(all);
    a.repetitions.clear();
    a.values.clear();
    for (qsizetype i = 0; i < a.notes.size(); ++i) {
        RepetitionNote& n = a.notes[i];
        n.outlier = outlying[i];
        n.deviation = median != 0 ? (n.value - median) / median : 0;
        n.excluded = excludeFlagged && n.flagged();
        if (!n.excluded) {
            a.repetitions << n.repetition;
            a.values << n.value;
        }
    }
    outliers::explainOutliers(a.notes);
}

/// What the repetitions used add up to beside their values, gathered while aggregating one row.
struct Collected
{
    QList<double> p50, p90, p99, cpu, rss;
    Histogram latency; ///< the used repetitions' latency histograms, merged
    bool pooled = true; ///< every used repetition had a histogram
};

RepetitionNote noteOf(const ScenarioRecord& r, Metric metric)
{
    RepetitionNote note;
    note.repetition = r.repetition;
    note.value = metric == Metric::Rps ? r.summary.rps : r.summary.latency.mean;
    note.flags = r.flags();
    note.causes = r.causes();
    if (r.server.known()) {
        note.serverCpuPercent = r.server.cpuPercentMean;
        note.cpuMsPerRequest
            = r.server.cpuPercentMean / 100.0 * r.summary.durationS * 1000.0 / double(r.summary.requests);
    }
    return note;
}

void pool(const ScenarioRecord& r, Collected& c)
{
    if (!c.pooled)
        return; // unavailable already: spare the decoding
    if (const auto h = r.latencyHistogram())
        c.latency.merge(*h);
    else
        c.pooled = false;
}

/// Adds a repetition that is used (not excluded) to the row's sums and to `c`.
void collect(StackAggregate& a, const ScenarioRecord& r, int expectedStatus, Collected& c)
{
    c.p50 << r.summary.latency.p50;
    c.p90 << r.summary.latency.p90;
    c.p99 << r.summary.latency.p99;
    a.requests += r.summary.requests;
    a.errors += countErrors(r.summary, expectedStatus);
    if (r.server.known()) {
        c.cpu << r.server.cpuPercentMean;
        c.rss << r.server.rssMbMean;
    }
    a.clientBound = a.clientBound || r.client.clientBound;
    pool(r, c);
}

PooledPercentiles pooledOf(const Collected& c)
{
    PooledPercentiles p;
    p.available = c.pooled && c.latency.count() > 0;
    if (!p.available)
        return p;
    auto ms = [&](double q) { return double(c.latency.percentile(q)) / 1000.0; };
    p.p50Ms = ms(50);
    p.p90Ms = ms(90);
    p.p99Ms = ms(99);
    p.p999Ms = ms(99.9);
    p.count = c.latency.count();
    return p;
}

void summarize(StackAggregate& a, const Collected& c)
{
    a.stats = describe(a.values);
    a.p50Ms = meanOf(c.p50, 0);
    a.p90Ms = meanOf(c.p90, 0);
    a.p99Ms = meanOf(c.p99, 0);
    a.p99MinMs = c.p99.isEmpty() ? 0 : *std::min_element(c.p99.cbegin(), c.p99.cend());
    a.p99MaxMs = c.p99.isEmpty() ? 0 : *std::max_element(c.p99.cbegin(), c.p99.cend());
    a.pooled = pooledOf(c);
    a.errorRate = a.requests ? double(a.errors) / double(a.requests) : 0;
    a.serverCpuPercent = meanOf(c.cpu, -1);
    a.serverRssMb = meanOf(c.rss, -1);
    a.failed = a.values.isEmpty();
    if (a.failed && !a.notes.isEmpty())
        a.failures << u"all %1 repetitions with data were flagged and excluded"_qs.arg(a.notes.size());
}

StackAggregate aggregateOne(
    const ResultsFolder& folder, const Scenario& scenario, const PlanStack& stack, bool excludeFlagged)
{
    StackAggregate a;
    a.scenarioId = scenario.id;
    a.scenarioTitle = scenario.title;
    a.figure = scenario.figure;
    a.metric = scenario.metric;
    a.stack = stack.id();
    a.label = stack.displayLabel();
    Collected c;
    for (const auto& r : folder.records) {
        if (r.stack != a.stack || r.scenarioId != a.scenarioId)
            continue;
        if (!r.hasData()) {
            a.failures
                << u"rep%1: %2"_qs.arg(r.repetition).arg(r.ok() ? u"no request completed"_qs : r.reason);
            continue;
        }
        a.notes << noteOf(r, scenario.metric);
        if (!excludeFlagged || !a.notes.last().flagged())
            collect(a, r, scenario.expectedStatus, c);
    }
    std::sort(a.notes.begin(), a.notes.end(),
        [](const auto& x, const auto& y) { return x.repetition < y.repetition; });
    judgeRepetitions(a, excludeFlagged);
    summarize(a, c);
    return a;
}

QJsonArray notesToJson(const QList<RepetitionNote>& notes)
{
    QJsonArray out;
    for (const auto& n : notes)
        out.append(QJsonObject { { u"repetition"_qs, n.repetition }, { u"value"_qs, n.value },
            { u"deviation"_qs, n.deviation }, { u"outlier"_qs, n.outlier }, { u"excluded"_qs, n.excluded },
            { u"flags"_qs, QJsonArray::fromStringList(n.flags) },
            { u"causes"_qs, QJsonArray::fromStringList(n.causes) },
            { u"context"_qs, QJsonArray::fromStringList(n.context) },
            { u"server_cpu_percent"_qs, n.serverCpuPercent },
            { u"cpu_ms_per_request"_qs, n.cpuMsPerRequest } });
    return out;
}

/// The pooled percentiles, null when unavailable (a repetition without a histogram).
void insertPooled(QJsonObject& o, const PooledPercentiles& p)
{
    auto value = [&](double ms) { return p.available ? QJsonValue(ms) : QJsonValue(QJsonValue::Null); };
    o.insert(u"pooled_p50_ms"_qs, value(p.p50Ms));
    o.insert(u"pooled_p90_ms"_qs, value(p.p90Ms));
    o.insert(u"pooled_p99_ms"_qs, value(p.p99Ms));
    o.insert(u"pooled_p99_9_ms"_qs, value(p.p999Ms));
    o.insert(u"pooled_requests"_qs, p.available ? QJsonValue(p.count) : QJsonValue(QJsonValue::Null));
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
        { u"ci95_low"_qs, a.stats.ciLow }, { u"ci95_high"_qs, a.stats.ciHigh },
        { u"rep_p50_ms_mean"_qs, a.p50Ms }, { u"rep_p90_ms_mean"_qs, a.p90Ms },
        { u"rep_p99_ms_mean"_qs, a.p99Ms }, { u"rep_p99_ms_min"_qs, a.p99MinMs },
        { u"rep_p99_ms_max"_qs, a.p99MaxMs }, { u"requests"_qs, a.requests }, { u"errors"_qs, a.errors },
        { u"error_rate"_qs, a.errorRate }, { u"server_cpu_percent"_qs, a.serverCpuPercent },
        { u"server_rss_mb"_qs, a.serverRssMb }, { u"client_bound"_qs, a.clientBound },
        { u"failed"_qs, a.failed }, { u"failures"_qs, QJsonArray::fromStringList(a.failures) },
        { u"cv"_qs, a.cv() }, { u"repetition_notes"_qs, notesToJson(a.notes) },
        { u"outliers"_qs, a.outlierCount() }, { u"excluded"_qs, a.excludedCount() } };
    if (a.figure != 0)
        o.insert(u"figure"_qs, a.figure);
    insertPooled(o, a.pooled);
    if (!a.letters.isEmpty()) {
        o.insert(u"letters"_qs, a.letters);
        o.insert(u"rank"_qs, a.rank);
    }
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
    if (a.excludeFlagged)
        parts << u"%1 flagged repetition(s) excluded"_qs.arg(a.excludedCount());
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
    b.ciAvailable = !a.failed && a.stats.ciAvailable;
    b.clientBound = a.clientBound;
    b.failed = a.failed;
    if (series.isEmpty()) { // letters compare the stacks of one set, never across two
        b.letters = a.letters;
        b.rank = a.rank;
    }
    for (const RepetitionNote& n : a.notes)
        b.dots.append(
            { n.repetition, n.value, n.outlier, n.flagged(), n.excluded, n.describe(unitOf(a.metric)) });
    return b;
}
} // namespace

QJsonObject Aggregates::toJson() const
{
    QJsonArray list, pairs, agreement;
    for (const auto& r : rows)
        list.append(rowToJson(r));
    for (const auto& c : comparisons)
        pairs.append(::toJson(c));
    for (auto it = paperAgreement.cbegin(); it != paperAgreement.cend(); ++it)
        agreement.append(tauToJson(it.key(), it.value()));
    return { { u"format"_qs, u"stackbench-aggregates"_qs }, { u"version"_qs, FormatVersion },
        { u"comparisons"_qs, pairs }, { u"paper_agreement"_qs, agreement }, { u"plan"_qs, planName },
        { u"machine"_qs, machine },
        { u"started_at"_qs, startedAt.isValid() ? startedAt.toUTC().toString(Qt::ISODate) : QString() },
        { u"repetitions"_qs, repetitions }, { u"transport"_qs, transport },
        { u"exclude_flagged"_qs, excludeFlagged }, { u"rows"_qs, list } };
}

int StackAggregate::excludedCount() const
{
    return int(std::count_if(notes.cbegin(), notes.cend(), [](const auto& n) { return n.excluded; }));
}

int StackAggregate::outlierCount() const
{
    return int(std::count_if(notes.cbegin(), notes.cend(), [](const auto& n) { return n.outlier; }));
}

int Aggregates::excludedCount() const
{
    int n = 0;
    for (const auto& r : rows)
        n += r.excludedCount();
    return n;
}

namespace {
/// "Figure 3", or the scenario id for a scenario without a figure.
QString placeOf(const StackAggregate& row)
{
    return row.figure ? u"Figure %1"_qs.arg(row.figure) : row.scenarioId;
}

QString msText(double ms)
{
    return QString::number(ms, 'f', 3); // µs: the histograms' resolution below 2 ms
}

QString pooledLine(const StackAggregate& row)
{
    if (row.failed)
        return u"%1  %2  no data"_qs.arg(placeOf(row), row.stack);
    const PooledPercentiles& p = row.pooled;
    const QString pooled = p.available
        ? u"p50 %1  p90 %2  p99 %3  p99.9 %4 ms over %5 requests"_qs.arg(
            msText(p.p50Ms), msText(p.p90Ms), msText(p.p99Ms), msText(p.p999Ms), QString::number(p.count))
        : u"p50 n/a  p90 n/a  p99 n/a  p99.9 n/a"_qs;
    return u"%1  %2  %3; per-repetition p99 %4 to %5 ms"_qs.arg(
        placeOf(row), row.stack, pooled, msText(row.p99MinMs), msText(row.p99MaxMs));
}
} // namespace

QStringList repetitionNotes(const Aggregates& aggregates)
{
    QStringList lines;
    for (const auto& row : aggregates.rows) {
        for (const auto& n : row.notes) {
            if (n.outlier || n.flagged())
                lines << u"%1  %2  %3"_qs.arg(placeOf(row), row.stack, n.describe(unitOf(row.metric)));
        }
    }
    return lines;
}

QStringList pooledPercentileLines(const Aggregates& aggregates)
{
    QStringList lines;
    for (const auto& row : aggregates.rows)
        lines << pooledLine(row);
    return lines;
}

Aggregates aggregate(const ResultsFolder& folder, const AggregateOptions& options)
{
    Aggregates a;
    a.excludeFlagged = options.excludeFlagged;
    if (!folder.manifest)
        return a;
    const auto& m = *folder.manifest;
    a.planName = m.plan.name;
    a.machine = m.environment.machine();
    a.startedAt = m.startedAt;
    a.repetitions = m.plan.procedure.repetitions;
    a.transport = m.transport;
    const Plan plan = m.expandedPlan();
    for (const auto& scenario : plan.scenarios)
        for (const auto& stack : plan.stacks)
            a.rows.append(aggregateOne(folder, scenario, stack, options.excludeFlagged));
    judgeFigures(a);
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
            it->paperTauB
                = aggregates.paperAgreement.value(row.figure, std::numeric_limits<double>::quiet_NaN());
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

QList<FigureData> compareResults(const QList<std::pair<QString, QString>>& namedDirs, JsonProblems* problems,
    const AggregateOptions& options)
{
    QList<std::pair<QString, Aggregates>> sets;
    JsonProblems found;
    for (const auto& [name, dir] : namedDirs)
        if (const auto folder = loadReadableResults(dir, &found))
            sets.append({ name, aggregate(*folder, options) });
    if (problems)
        *problems += found;
    return comparisonFigures(sets);
}
