// Aggregation: aggregates that agree with the raw per-repetition numbers, the figures, comparisons of
// result sets, and the CSV/JSON exports. The statistics themselves are in statistics_test.cpp.
#include "engine/loadrunner.h"
#include "fixtures.h"
#include "metrics/hdrcodec.h"
#include "results/aggregate.h"
#include "results/export.h"
#include "results/resultswriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <cmath>
#include <gtest/gtest.h>

namespace {

const QByteArray kPlan = R"({
  "format": "stackbench-plan", "version": 1, "name": "aggregate-test",
  "stacks": [{"stack": "fastapi-sqlite3"}, {"stack": "django-drf"}],
  "scenarios": [
    {"id": "hello", "figure": 1, "metric": "rps", "executor": "constant-vus", "vus": 2, "duration": "1s",
     "request": {"method": "GET", "path": "/hello"}},
    {"id": "create", "figure": 5, "metric": "mean_ms", "executor": "shared-iterations", "vus": 2,
     "iterations": 10, "request": {"method": "POST", "path": "/items/", "body": {"name": "x"}},
     "expected_status": 201},
    {"id": "extra", "metric": "mean_ms", "executor": "shared-iterations", "vus": 1, "iterations": 1,
     "request": {"method": "GET", "path": "/hello"}}
  ],
  "procedure": {"settle_s": 0, "seed_count": 10, "idle_s": 0, "gap_s": 0, "repetitions": 3,
                "transport": "socket", "timeout_s": 5}
})";

const QString kFast = u"fastapi-sqlite3"_qs;
const QString kDjango = u"django-drf"_qs;

RunManifest manifest(int repetitions = 3)
{
    RunManifest m = testManifest(parsePlan(kPlan).plan.value());
    m.plan.procedure.repetitions = repetitions;
    return m;
}

ScenarioRecord ok(int rep, const QString& stack, const QString& scenario)
{
    ScenarioRecord r;
    r.repetition = rep;
    r.stack = stack;
    r.scenarioId = scenario;
    r.summary.requests = 1000;
    r.summary.statusCounts = { { scenario == u"create" ? 201 : 200, 1000 } };
    return r;
}

ScenarioRecord hello(int rep, const QString& stack, double rps)
{
    auto r = ok(rep, stack, u"hello"_qs);
    r.figure = 1;
    r.metric = Metric::Rps;
    r.summary.rps = rps;
    r.summary.latency.mean = 1;
    return r;
}

ScenarioRecord create(int rep, const QString& stack, double meanMs, double p50, double p90, double p99)
{
    auto r = ok(rep, stack, u"create"_qs);
    r.figure = 5;
    r.summary.latency = { meanMs, 0.1, 99, p50, p90, p90, p99, 1 };
    return r;
}

ScenarioRecord failed(int rep, const QString& stack, const QString& scenario)
{
    const auto plan = parsePlan(kPlan).plan.value();
    return ScenarioRecord::failure(rep, stack, *plan.scenario(scenario), u"the stack crashed"_qs);
}

/// The study of the tests: three repetitions with known numbers; see each expectation.
void writeStudy(const QString& dir)
{
    ResultsWriter w(dir, manifest());
    ASSERT_EQ(w.writeManifest(), QString());
    auto put = [&](const ScenarioRecord& r) { ASSERT_EQ(w.write(r), QString()); };
    put(hello(1, kFast, 100));
    put(hello(2, kFast, 110));
    put(hello(3, kFast, 120));
    put(hello(1, kDjango, 200));
    put(failed(2, kDjango, u"hello"_qs));
    put(hello(3, kDjango, 220));

    auto c1 = create(1, kFast, 10, 5, 9, 20);
    c1.summary.statusCounts = { { 201, 990 }, { 500, 10 } };
    c1.summary.errors.http5xx = 10;
    c1.server = { 150, 160, 80, 81, 3 };
    auto c2 = create(2, kFast, 12, 6, 10, 30);
    c2.summary.statusCounts = { { 201, 995 }, { 200, 5 } }; // a 200 where 201 was expected is an error
    c2.client.clientBound = true;
    auto c3 = create(3, kFast, 14, 7, 11, 40);
    c3.summary.requests = 1002;
    c3.summary.errors.timeout = 2;
    c3.server = { 170, 180, 90, 91, 3 };
    put(c1);
    put(c2);
    put(c3);
    for (int rep = 1; rep <= 3; ++rep)
        put(failed(rep, kDjango, u"create"_qs));
    auto extra = ok(1, kFast, u"extra"_qs);
    extra.summary.latency.mean = 3;
    put(extra);

    auto warm = hello(1, kFast, 99999); // never in a figure
    warm.warmup = true;
    warm.figure = 0;
    put(warm);
}

Histogram histogramOf(std::initializer_list<std::pair<qint64, int>> valueCounts)
{
    Histogram h;
    for (const auto& [us, n] : valueCounts)
        for (int i = 0; i < n; ++i)
            h.record(us);
    return h;
}

/// What the study runner stores for a "create" load that recorded `h`.
ScenarioRecord createFromLoad(int rep, const QString& stack, const Histogram& h)
{
    LoadResult result;
    result.latency = h;
    result.ttfb = h;
    result.summary.requests = h.count();
    result.summary.statusCounts = { { 201, h.count() } };
    result.summary.durationS = 1;
    result.summary.rps = double(h.count());
    result.summary.latency = LatencyStats::from(h);
    const auto plan = parsePlan(kPlan).plan.value();
    return ScenarioRecord::fromLoad(rep, stack, *plan.scenario(u"create"_qs), result);
}

/// Histograms as a results folder gives them back: decoded, so bucket-bounded.
Histogram pooledOf(std::initializer_list<Histogram> histograms)
{
    Histogram pooled;
    for (const Histogram& h : histograms)
        pooled.merge(hdrcodec::decode(hdrcodec::encode(h)).value());
    return pooled;
}

ResultsFolder load(const QString& dir)
{
    auto f = loadResults(dir);
    EXPECT_TRUE(f.ok()) << qPrintable(formatProblems(f.problems));
    return f;
}

/// The row of aggregates.json for (scenario, stack).
QJsonObject jsonRow(const Aggregates& a, const QString& scenario, const QString& stack)
{
    const auto rows = QJsonDocument::fromJson(aggregatesJson(a)).object()[u"rows"_qs].toArray();
    for (const auto& r : rows)
        if (r.toObject()[u"scenario"_qs] == scenario && r.toObject()[u"stack"_qs] == stack)
            return r.toObject();
    ADD_FAILURE() << "no row " << qPrintable(scenario) << "/" << qPrintable(stack);
    return {};
}

ResultsFolder study(QTemporaryDir& dir)
{
    writeStudy(dir.path());
    auto f = loadResults(dir.path());
    EXPECT_TRUE(f.ok()) << qPrintable(formatProblems(f.problems));
    return f;
}

} // namespace

TEST(Aggregate, CountErrors)
{
    Summary s;
    s.requests = 100;
    s.errors.http4xx = 3;
    EXPECT_EQ(countErrors(s, 200), 3); // no status counts: the error counts
    s.statusCounts = { { 200, 90 }, { 201, 7 }, { 404, 3 } };
    s.errors.reset = 1;
    EXPECT_EQ(countErrors(s, 200), 11); // 7 unexpected 201, 3 404, 1 reset
    s.errors.connect = 1000;
    EXPECT_EQ(countErrors(s, 200), 100); // never more than the requests
}

TEST(Aggregate, RowsFromHandComputedRepetitions)
{
    QTemporaryDir dir;
    const auto f = study(dir);
    const auto a = aggregate(f);
    EXPECT_EQ(a.planName, u"aggregate-test"_qs);
    EXPECT_EQ(a.repetitions, 3);
    EXPECT_EQ(a.machine, u"Test CPU @ 1.00GHz, 2 CPUs"_qs);
    ASSERT_EQ(a.rows.size(), 6); // 3 scenarios x 2 stacks

    const auto* fastHello = a.find(u"hello"_qs, kFast);
    ASSERT_NE(fastHello, nullptr);
    EXPECT_EQ(fastHello->values, (QList<double> { 100, 110, 120 })); // the warm-up's 99999 stays out
    EXPECT_DOUBLE_EQ(fastHello->stats.mean, 110);
    EXPECT_DOUBLE_EQ(fastHello->stats.stddev, 10);
    // The modified Cox interval (tests/unit/statistics_test.cpp), from NumPy for [100, 110, 120].
    EXPECT_NEAR(fastHello->stats.ciHigh, 138.2566268075874, 1e-9);
    EXPECT_EQ(fastHello->label, u"FastAPI + sqlite3"_qs);
    EXPECT_EQ(fastHello->errorRate, 0);
    EXPECT_EQ(fastHello->serverCpuPercent, -1); // never sampled
    EXPECT_FALSE(fastHello->failed);

    const auto* djangoHello = a.find(u"hello"_qs, kDjango);
    EXPECT_EQ(djangoHello->repetitions, (QList<int> { 1, 3 }));
    EXPECT_DOUBLE_EQ(djangoHello->stats.mean, 210);
    EXPECT_NEAR(djangoHello->stats.ciLow, 114.58931505254573, 1e-9); // Cox, from NumPy for [200, 220]
    EXPECT_EQ(djangoHello->failures, QStringList { u"rep2: the stack crashed"_qs });
    EXPECT_FALSE(djangoHello->failed);

    const auto* fastCreate = a.find(u"create"_qs, kFast);
    EXPECT_DOUBLE_EQ(fastCreate->stats.mean, 12);
    EXPECT_DOUBLE_EQ(fastCreate->stats.stddev, 2);
    EXPECT_DOUBLE_EQ(fastCreate->p50Ms, 6);
    EXPECT_DOUBLE_EQ(fastCreate->p90Ms, 10);
    EXPECT_DOUBLE_EQ(fastCreate->p99Ms, 30);
    EXPECT_EQ(fastCreate->requests, 3002);
    EXPECT_EQ(fastCreate->errors, 17); // 10 x 500, 5 x 200 instead of 201, 2 timeouts
    EXPECT_DOUBLE_EQ(fastCreate->errorRate, 17.0 / 3002.0);
    EXPECT_DOUBLE_EQ(fastCreate->serverCpuPercent, 160); // mean of the two sampled repetitions
    EXPECT_DOUBLE_EQ(fastCreate->serverRssMb, 85);
    EXPECT_TRUE(fastCreate->clientBound); // one repetition flagged

    const auto* djangoCreate = a.find(u"create"_qs, kDjango);
    EXPECT_TRUE(djangoCreate->failed);
    EXPECT_EQ(djangoCreate->failures.size(), 3);
    EXPECT_EQ(djangoCreate->stats.n, 0);
}

TEST(Aggregate, AggregatesEqualTheRawPerRepetitionNumbers)
{
    QTemporaryDir dir;
    const auto f = study(dir);
    const auto a = aggregate(f);
    for (const auto& row : a.rows) {
        SCOPED_TRACE(QString(row.scenarioId + u"/"_qs + row.stack).toStdString());
        QList<double> raw;
        for (int rep = 1; rep <= 3; ++rep) {
            const auto* r = f.find(rep, row.stack, row.scenarioId);
            if (r && r->hasData())
                raw << r->metricValue();
        }
        EXPECT_EQ(row.values, raw);
        double sum = 0;
        for (double v : raw)
            sum += v;
        EXPECT_DOUBLE_EQ(row.stats.mean, raw.isEmpty() ? 0 : sum / double(raw.size()));
    }
    // The same numbers again through the CSV.
    const auto lines = QString::fromUtf8(resultsCsv(f)).split(u"\r\n"_qs, Qt::SkipEmptyParts);
    QList<double> fromCsv;
    for (const auto& line : lines) {
        const auto cells = line.split(u',');
        if (cells[1] == kFast && cells[2] == u"hello" && cells[4] == u"rps")
            fromCsv << cells[5].toDouble();
    }
    EXPECT_EQ(fromCsv, a.find(u"hello"_qs, kFast)->values);
}

TEST(Aggregate, OneRepetitionHasNoInterval)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest(1));
    ASSERT_EQ(w.writeManifest(), QString());
    ASSERT_EQ(w.write(hello(1, kFast, 4783)), QString());
    const auto a = aggregate(loadResults(dir.path()));
    const auto* row = a.find(u"hello"_qs, kFast);
    EXPECT_EQ(row->stats.mean, 4783);
    EXPECT_FALSE(row->stats.ciAvailable); // shown as "n/a"
    EXPECT_EQ(row->stats.ciLow, 4783);
    EXPECT_EQ(row->stats.ciHigh, 4783);
    const auto figures = figureData(a);
    ASSERT_FALSE(figures.isEmpty());
    EXPECT_TRUE(figures[0].subtitle.endsWith(u"1 repetition"_qs)) << qPrintable(figures[0].subtitle);
    EXPECT_FALSE(figures[0].bars[0].ciAvailable);
}

TEST(Aggregate, Figures)
{
    QTemporaryDir dir;
    const auto figures = figureData(aggregate(study(dir)));
    ASSERT_EQ(figures.size(), 2); // "extra" has no figure
    const auto& f1 = figures[0];
    EXPECT_EQ(f1.number, 1);
    EXPECT_EQ(f1.title, u"GET request test results."_qs);
    EXPECT_EQ(f1.unit, u"req/s"_qs);
    EXPECT_TRUE(f1.higherIsBetter);
    EXPECT_EQ(f1.subtitle, u"Test CPU @ 1.00GHz, 2 CPUs · 2025-06-01 · 3 repetitions"_qs);
    ASSERT_EQ(f1.bars.size(), 2);
    EXPECT_EQ(f1.bars[0].stack, kFast);
    EXPECT_EQ(f1.bars[0].label, u"FastAPI + sqlite3"_qs);
    EXPECT_EQ(f1.bars[0].value, 110);
    EXPECT_NEAR(f1.bars[0].ciLow, 87.76235501335572, 1e-9); // Cox, from NumPy for [100, 110, 120]
    EXPECT_TRUE(f1.bars[0].ciAvailable);
    EXPECT_EQ(f1.bars[0].paperValue, -1);
    EXPECT_TRUE(f1.bars[0].series.isEmpty());
    EXPECT_EQ(f1.bars[1].label, u"Django + DRF"_qs);
    EXPECT_EQ(f1.bars[1].value, 210);

    const auto& f5 = figures[1];
    EXPECT_EQ(f5.number, 5);
    EXPECT_EQ(f5.title, u"Average response time for create operations."_qs);
    EXPECT_EQ(f5.unit, u"ms"_qs);
    EXPECT_FALSE(f5.higherIsBetter);
    EXPECT_TRUE(f5.bars[0].clientBound);
    EXPECT_TRUE(f5.bars[1].failed);
    EXPECT_EQ(f5.bars[1].value, 0);

    for (int n = 1; n <= 7; ++n)
        EXPECT_TRUE(figureCaption(n).endsWith(u'.'));
    EXPECT_EQ(figureCaption(4), u"Average response time for fetching a single record."_qs);
    EXPECT_TRUE(figureCaption(8).isEmpty());
}

TEST(Aggregate, PaperValues)
{
    QTemporaryDir dir;
    auto figures = figureData(aggregate(study(dir)));
    applyPaperValues(figures, { { 1, { { kFast, 4783 }, { kDjango, 1660 } } }, { 5, { { kFast, 78.6 } } } });
    EXPECT_EQ(figures[0].bars[0].paperValue, 4783);
    EXPECT_EQ(figures[0].bars[1].paperValue, 1660);
    EXPECT_EQ(figures[1].bars[0].paperValue, 78.6);
    EXPECT_EQ(figures[1].bars[1].paperValue, -1);
}

TEST(Aggregate, ComparisonGroupsBarsBySet)
{
    QTemporaryDir a, b;
    writeStudy(a.path());
    {
        ResultsWriter w(b.path(), manifest(1));
        ASSERT_EQ(w.writeManifest(), QString());
        ASSERT_EQ(w.write(hello(1, kDjango, 300)), QString());
    }
    JsonProblems problems;
    const auto figures = compareResults({ { u"before"_qs, a.path() }, { u"after"_qs, b.path() } }, &problems);
    EXPECT_TRUE(problems.isEmpty()) << qPrintable(formatProblems(problems));
    ASSERT_EQ(figures.size(), 2);
    const auto& f1 = figures[0];
    EXPECT_EQ(f1.subtitle, u"before vs after"_qs);
    ASSERT_EQ(f1.bars.size(), 4);
    const QList<std::pair<QString, QString>> expected = { { kFast, u"before"_qs }, { kFast, u"after"_qs },
        { kDjango, u"before"_qs }, { kDjango, u"after"_qs } };
    for (qsizetype i = 0; i < 4; ++i) {
        EXPECT_EQ(f1.bars[i].stack, expected[i].first);
        EXPECT_EQ(f1.bars[i].series, expected[i].second);
    }
    EXPECT_TRUE(f1.bars[1].failed); // "after" never ran fastapi-sqlite3
    EXPECT_EQ(f1.bars[3].value, 300);

    problems.clear();
    const auto missing
        = compareResults({ { u"x"_qs, a.path() }, { u"gone"_qs, a.filePath(u"nope"_qs) } }, &problems);
    EXPECT_EQ(problems.size(), 1);
    EXPECT_EQ(missing.size(), 2); // the readable set still compares
}

TEST(Aggregate, TidyCsv)
{
    QTemporaryDir dir;
    const auto f = study(dir);
    const auto csv = QString::fromUtf8(resultsCsv(f));
    const auto lines = csv.split(u"\r\n"_qs, Qt::SkipEmptyParts);
    EXPECT_EQ(csvColumns(),
        (QStringList { u"repetition"_qs, u"stack"_qs, u"scenario"_qs, u"figure"_qs, u"metric"_qs, u"value"_qs,
            u"unit"_qs }));
    EXPECT_EQ(lines[0], u"repetition,stack,scenario,figure,metric,value,unit"_qs);
    // 13 metrics per finished scenario, 15 when the server was sampled: fastapi hello x3, django hello
    // x2, fastapi create x3 (two sampled), extra x1. Failed records and the warm-up have no rows.
    EXPECT_EQ(lines.size(), 1 + 13 * 3 + 13 * 2 + (15 + 13 + 15) + 13);
    EXPECT_TRUE(lines.contains(u"1,fastapi-sqlite3,hello,1,rps,100,req/s"_qs));
    EXPECT_TRUE(lines.contains(u"2,fastapi-sqlite3,create,5,mean_ms,12,ms"_qs));
    EXPECT_TRUE(lines.contains(u"1,fastapi-sqlite3,create,5,errors,10,count"_qs));
    EXPECT_TRUE(lines.contains(u"1,fastapi-sqlite3,create,5,server_cpu_percent,150,%"_qs));
    EXPECT_TRUE(lines.contains(u"1,fastapi-sqlite3,extra,,mean_ms,3,ms"_qs));
    EXPECT_FALSE(csv.contains(u"99999"_qs));
    for (const auto& line : lines)
        EXPECT_EQ(line.count(u','), 6) << line.toStdString();
    EXPECT_EQ(lines[1].left(2), u"1,"_qs); // plan order: repetition first
}

TEST(Aggregate, JsonExportAndWriteErrors)
{
    QTemporaryDir dir;
    const auto f = study(dir);
    const auto a = aggregate(f);
    const auto doc = QJsonDocument::fromJson(aggregatesJson(a)).object();
    EXPECT_EQ(doc[u"format"_qs].toString(), u"stackbench-aggregates"_qs);
    EXPECT_EQ(doc[u"version"_qs].toInt(), Aggregates::FormatVersion);
    const auto rows = doc[u"rows"_qs].toArray();
    ASSERT_EQ(rows.size(), 6);
    // Issue 12: every pair of stacks per figure, with exactly the documented keys.
    const auto pairs = doc[u"comparisons"_qs].toArray();
    ASSERT_FALSE(pairs.isEmpty());
    QStringList keys = pairs.first().toObject().keys();
    keys.sort();
    EXPECT_EQ(keys,
        (QStringList { u"a"_qs, u"b"_qs, u"figure"_qs, u"p"_qs, u"p_holm"_qs, u"ratio"_qs, u"ratio_ci"_qs,
            u"verdict"_qs }));
    EXPECT_FALSE(rows[0].toObject()[u"letters"_qs].toString().isEmpty());
    EXPECT_GE(rows[0].toObject()[u"rank"_qs].toInt(), 1);
    EXPECT_TRUE(doc[u"paper_agreement"_qs].isArray());
    EXPECT_EQ(rows[0].toObject()[u"mean"_qs].toDouble(), 110);
    EXPECT_EQ(rows[0].toObject()[u"values"_qs].toArray().size(), 3);
    EXPECT_EQ(rows[0].toObject()[u"figure"_qs].toInt(), 1);

    const auto csvPath = dir.filePath(u"out/results.csv"_qs);
    ASSERT_EQ(exportCsv(f, csvPath), QString());
    ASSERT_EQ(exportAggregatesJson(a, dir.filePath(u"out/aggregates.json"_qs)), QString());
    QFile csv(csvPath);
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_EQ(csv.readAll(), resultsCsv(f));

    const auto error = exportCsv(f, u"/proc/self/results.csv"_qs);
    EXPECT_TRUE(error.startsWith(u"cannot write /proc/self/results.csv: "_qs)) << qPrintable(error);
    EXPECT_FALSE(exportAggregatesJson(a, csvPath + u"/inside-a-file.json"_qs).isEmpty());
}

TEST(Aggregate, NoManifestNoRows)
{
    EXPECT_TRUE(aggregate(ResultsFolder {}).rows.isEmpty());
    EXPECT_TRUE(figureData(Aggregates {}).isEmpty());
}

TEST(Aggregate, PooledPercentilesAreThoseOfTheMergedHistograms)
{
    // Two repetitions with different distributions, and a third, flagged one far slower.
    const Histogram fast = histogramOf({ { 1000, 1000 } });
    const Histogram tail = histogramOf({ { 2000, 900 }, { 50'000, 100 } });
    const Histogram slow = histogramOf({ { 500'000, 1000 } });
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    ASSERT_EQ(w.writeManifest(), QString());
    ASSERT_EQ(w.write(createFromLoad(1, kFast, fast)), QString());
    ASSERT_EQ(w.write(createFromLoad(2, kFast, tail)), QString());
    auto flagged = createFromLoad(3, kFast, slow);
    flagged.client.clientBound = true;
    ASSERT_EQ(w.write(flagged), QString());
    const auto folder = load(dir.path());

    const auto used = aggregate(folder, AggregateOptions { true });
    const StackAggregate* row = used.find(u"create"_qs, kFast);
    ASSERT_NE(row, nullptr);
    const Histogram two = pooledOf({ fast, tail });
    ASSERT_TRUE(row->pooled.available);
    EXPECT_EQ(row->pooled.count, 2000);
    EXPECT_DOUBLE_EQ(row->pooled.p50Ms, double(two.percentile(50)) / 1000);
    EXPECT_DOUBLE_EQ(row->pooled.p90Ms, double(two.percentile(90)) / 1000);
    EXPECT_DOUBLE_EQ(row->pooled.p99Ms, double(two.percentile(99)) / 1000);
    EXPECT_DOUBLE_EQ(row->pooled.p999Ms, double(two.percentile(99.9)) / 1000);
    // By hand: 1000 x 1 ms, 900 x 2 ms, 100 x 50 ms (the bucket 49.984..50.015 ms, read at 49.999).
    EXPECT_DOUBLE_EQ(row->pooled.p50Ms, 1.0);
    EXPECT_DOUBLE_EQ(row->pooled.p90Ms, 2.0);
    EXPECT_DOUBLE_EQ(row->pooled.p99Ms, 49.999);
    // The mean of the per-repetition p99s (1 and 49.999 ms) is no percentile of anything.
    EXPECT_DOUBLE_EQ(row->p99Ms, 25.4995);
    EXPECT_DOUBLE_EQ(row->p50Ms, 1.5);
    EXPECT_NE(row->p99Ms, row->pooled.p99Ms);
    EXPECT_NE(row->p50Ms, row->pooled.p50Ms);
    EXPECT_DOUBLE_EQ(row->p99MinMs, 1.0);
    EXPECT_DOUBLE_EQ(row->p99MaxMs, 49.999);

    // Without --exclude-flagged the slow repetition pools too.
    const auto all = aggregate(folder);
    const StackAggregate* allRow = all.find(u"create"_qs, kFast);
    const Histogram three = pooledOf({ fast, tail, slow });
    EXPECT_EQ(allRow->pooled.count, 3000);
    EXPECT_DOUBLE_EQ(allRow->pooled.p50Ms, double(three.percentile(50)) / 1000);
    EXPECT_DOUBLE_EQ(allRow->pooled.p99Ms, double(three.percentile(99)) / 1000);
    EXPECT_DOUBLE_EQ(allRow->pooled.p99Ms, 500.095); // the middle of 499.968..500.223 ms
    EXPECT_DOUBLE_EQ(allRow->p99MaxMs, 500.0); // a repetition's own p99, from its exact values

    const QJsonObject json = jsonRow(used, u"create"_qs, kFast);
    EXPECT_DOUBLE_EQ(json[u"pooled_p99_ms"_qs].toDouble(), 49.999);
    EXPECT_DOUBLE_EQ(json[u"pooled_p99_9_ms"_qs].toDouble(), 49.999);
    EXPECT_EQ(json[u"pooled_requests"_qs].toInteger(), 2000);
    EXPECT_DOUBLE_EQ(json[u"rep_p99_ms_mean"_qs].toDouble(), 25.4995);
    EXPECT_DOUBLE_EQ(json[u"rep_p99_ms_max"_qs].toDouble(), 49.999);
    EXPECT_FALSE(json.contains(u"p99_ms"_qs));
    EXPECT_TRUE(pooledPercentileLines(used).contains(
        u"Figure 5  fastapi-sqlite3  p50 1.000  p90 2.000  p99 49.999  p99.9 49.999 ms over 2000 requests; "
        "per-repetition p99 1.000 to 49.999 ms"_qs))
        << qPrintable(pooledPercentileLines(used).join(u'\n'));
}

TEST(Aggregate, PooledPercentilesNeedEveryUsedHistogram)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    ASSERT_EQ(w.writeManifest(), QString());
    ASSERT_EQ(w.write(createFromLoad(1, kFast, histogramOf({ { 1000, 1000 } }))), QString());
    auto older = createFromLoad(2, kFast, histogramOf({ { 3000, 1000 } }));
    older.latencyHdr.clear(); // as a version 2 file has it
    older.client.clientBound = true;
    ASSERT_EQ(w.write(older), QString());
    const auto folder = load(dir.path());

    const auto a = aggregate(folder);
    const StackAggregate* row = a.find(u"create"_qs, kFast);
    EXPECT_FALSE(row->pooled.available);
    EXPECT_DOUBLE_EQ(row->p99MaxMs, 3.0); // the per-repetition spread is still there
    const QJsonObject json = jsonRow(a, u"create"_qs, kFast);
    EXPECT_TRUE(json[u"pooled_p99_ms"_qs].isNull());
    EXPECT_TRUE(json[u"pooled_requests"_qs].isNull());
    EXPECT_TRUE(pooledPercentileLines(a).contains(
        u"Figure 5  fastapi-sqlite3  p50 n/a  p90 n/a  p99 n/a  p99.9 n/a; per-repetition p99 1.000 to 3.000 ms"_qs))
        << qPrintable(pooledPercentileLines(a).join(u'\n'));
    EXPECT_TRUE(pooledPercentileLines(a).contains(u"Figure 5  django-drf  no data"_qs));

    // Leaving out the repetition without one makes the pool whole again.
    const auto whole = aggregate(folder, AggregateOptions { true });
    EXPECT_TRUE(whole.find(u"create"_qs, kFast)->pooled.available);
    EXPECT_DOUBLE_EQ(whole.find(u"create"_qs, kFast)->pooled.p99Ms, 1.0);
}
