// import-k6: k6's --summary-export JSON into a results folder the Results screen loads: the figures,
// the folder layout, adding to an earlier import, and clear problems for malformed input.
#include "k6/k6import.h"
#include "results/aggregate.h"
#include "results/resultsfolder.h"
#include "results/resultswriter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace {

// What `k6 run --summary-export` writes (k6 0.4x) for 10 VUs sharing 1,000 GET /items/{id}, with the
// default summary trend stats (no p(99)), 3 failed requests.
const QByteArray kSummary = R"k6({
  "root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": {}, "checks": {}},
  "metrics": {
    "http_reqs": {"count": 1000, "rate": 99.5},
    "http_req_duration": {"avg": 7.6, "min": 1.2, "med": 6.9, "max": 40.1, "p(90)": 12.0, "p(95)": 15.3},
    "http_req_waiting": {"avg": 7.4, "min": 1.1, "med": 6.8, "max": 39.9, "p(90)": 11.8, "p(95)": 15.0},
    "http_req_failed": {"passes": 3, "fails": 997, "value": 0.003},
    "http_req_blocked": {"avg": 0.01, "min": 0.001, "med": 0.002, "max": 1.3, "p(90)": 0.003, "p(95)": 0.004},
    "iterations": {"count": 1000, "rate": 99.5},
    "iteration_duration": {"avg": 7.9, "min": 1.4, "med": 7.1, "max": 40.6, "p(90)": 12.3, "p(95)": 15.6},
    "data_received": {"count": 187000, "rate": 18606.9},
    "data_sent": {"count": 96000, "rate": 9552.2},
    "vus": {"value": 10, "min": 10, "max": 10},
    "vus_max": {"value": 10, "min": 10, "max": 10}
  }
})k6";

// handleSummary()'s data object nests the numbers under "values" and carries the run's length.
const QByteArray kHandleSummary = R"k6({
  "state": {"isStdOutTTY": false, "isStdErrTTY": false, "testRunDurationMs": 10043.2},
  "metrics": {
    "http_reqs": {"type": "counter", "contains": "default", "values": {"count": 44170, "rate": 4398.1}},
    "http_req_duration": {"type": "trend", "contains": "time",
      "values": {"avg": 11.3, "min": 0.9, "med": 10.8, "max": 95.0, "p(90)": 14.9, "p(95)": 17.2, "p(99)": 25.4}},
    "http_req_failed": {"type": "rate", "contains": "default", "values": {"rate": 0, "passes": 0, "fails": 44170}},
    "dropped_iterations": {"type": "counter", "contains": "default", "values": {"count": 12, "rate": 1.2}}
  }
})k6";

QByteArray paperPlanJson()
{
    QFile f(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/paper.json"));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly));
    return f.readAll();
}

K6Import request(const QString& out, const QByteArray& json = kSummary)
{
    K6Import in;
    in.summaryJson = json;
    in.summaryFile = u"04-get-one.summary.json"_qs;
    in.outDir = out;
    in.stack = u"flask-sqlite3"_qs;
    in.plan = parsePlan(paperPlanJson()).plan;
    in.environment.cpuModel = u"Test CPU"_qs;
    in.environment.cpuCores = 2;
    in.command = { u"stackbench"_qs, u"import-k6"_qs, u"04-get-one.summary.json"_qs };
    in.finishedAt = QDateTime(QDate(2026, 11, 24), QTime(23, 0), Qt::UTC);
    return in;
}

QString problemsOf(const QByteArray& json)
{
    return formatProblems(parseK6Summary(json, u"s.json"_qs).problems);
}

TEST(K6Import, ReadsTheSummaryExportFigures)
{
    const auto parsed = parseK6Summary(kSummary);
    ASSERT_TRUE(parsed.ok()) << qPrintable(formatProblems(parsed.problems));
    const K6Summary& k = *parsed.summary;
    EXPECT_EQ(k.requests, 1000);
    EXPECT_DOUBLE_EQ(k.rps, 99.5);
    EXPECT_NEAR(k.durationS, 1000 / 99.5, 1e-9);
    EXPECT_DOUBLE_EQ(k.latency.mean, 7.6);
    EXPECT_DOUBLE_EQ(k.latency.min, 1.2);
    EXPECT_DOUBLE_EQ(k.latency.p50, 6.9);
    EXPECT_DOUBLE_EQ(k.latency.p90, 12.0);
    EXPECT_DOUBLE_EQ(k.latency.p95, 15.3);
    EXPECT_DOUBLE_EQ(k.latency.max, 40.1);
    EXPECT_FALSE(k.hasP99);
    ASSERT_TRUE(k.ttfb.has_value());
    EXPECT_DOUBLE_EQ(k.ttfb->mean, 7.4);
    EXPECT_EQ(k.failed, 3);
    EXPECT_EQ(k.iterations, 1000);
    EXPECT_EQ(k.droppedIterations, 0);
    EXPECT_EQ(k.bytesReceived, 187000);
    EXPECT_EQ(k.vusMax, 10);
    ASSERT_EQ(parsed.warnings.size(), 2) << qPrintable(parsed.warnings.join(u'\n'));
    EXPECT_TRUE(parsed.warnings.at(0).contains(u"the 3 failed requests count as http_4xx"_qs));
    EXPECT_TRUE(parsed.warnings.at(1).contains(u"p(99)"_qs));

    const Summary s = toSummary(k);
    EXPECT_EQ(s.transport, u"k6"_qs);
    EXPECT_EQ(s.errors.total(), 3);
    EXPECT_DOUBLE_EQ(s.errorRate(), 0.003);
    const auto points = percentilePoints(k);
    ASSERT_EQ(points.size(), 5); // min, 50, 90, 95, max: no invented p99
    EXPECT_EQ(points.last(), (PercentilePoint { 100, 40.1 }));
}

TEST(K6Import, FailuresFromTheFailedFractionWhenCountsAreAbsent)
{
    const auto parsed = parseK6Summary(R"({"metrics": {"http_reqs": {"count": 200, "rate": 20},
        "http_req_duration": {"avg": 2, "min": 1, "med": 2, "max": 3},
        "http_req_failed": {"type": "rate", "values": {"rate": 0.25}}}})");
    ASSERT_TRUE(parsed.ok()) << qPrintable(formatProblems(parsed.problems));
    EXPECT_EQ(parsed.summary->failed, 50);
}

TEST(K6Import, ErrorClassesFromExportedScriptsCounters)
{
    const QByteArray head = R"k6({"metrics": {"http_reqs": {"count": 100, "rate": 10},
        "http_req_duration": {"avg": 2, "min": 1, "med": 2, "max": 3, "p(99)": 3},
        "http_req_failed": {"passes": 9, "fails": 91, "value": 0.09},)k6";
    auto parse = [&](const QByteArray& counters) { return parseK6Summary(head + counters + "}}"); };

    auto parsed = parse(R"("stackbench_errors_connect": {"count": 2, "rate": 0.2},
        "stackbench_errors_timeout": {"count": 1, "rate": 0.1},
        "stackbench_errors_reset": {"count": 1, "rate": 0.1},
        "stackbench_errors_http_5xx": {"count": 4, "rate": 0.4},
        "stackbench_errors_parse": {"count": 1, "rate": 0.1})");
    ASSERT_TRUE(parsed.ok()) << qPrintable(formatProblems(parsed.problems));
    const Summary s = toSummary(*parsed.summary);
    EXPECT_EQ(s.errors.connect, 2);
    EXPECT_EQ(s.errors.timeout, 1);
    EXPECT_EQ(s.errors.reset, 1);
    EXPECT_EQ(s.errors.http4xx, 0);
    EXPECT_EQ(s.errors.http5xx, 4);
    EXPECT_EQ(s.errors.parse, 1);
    EXPECT_TRUE(parsed.warnings.isEmpty()) << qPrintable(parsed.warnings.join(u'\n'));

    // Failures no class covers (an unexpected 2xx) keep the total exact, with a warning.
    parsed = parse(R"("stackbench_errors_http_5xx": {"count": 4, "rate": 0.4})");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(toSummary(*parsed.summary).errors.http5xx, 4);
    EXPECT_EQ(toSummary(*parsed.summary).errors.http4xx, 5);
    EXPECT_TRUE(parsed.warnings.join(u' ').contains(u"5 failed requests have no error class"_qs));

    // More classified than failed is a contradiction, not something to import.
    parsed = parse(R"("stackbench_errors_reset": {"count": 10, "rate": 1})");
    EXPECT_FALSE(parsed.ok());
    EXPECT_TRUE(formatProblems(parsed.problems).contains(u"add up to 10, more than the 9 failed"_qs))
        << qPrintable(formatProblems(parsed.problems));

    // A script of one's own, without the counters: all failures under http_4xx, said in a warning.
    parsed = parse(R"("iterations": {"count": 100, "rate": 10})");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(toSummary(*parsed.summary).errors.http4xx, 9);
    EXPECT_TRUE(parsed.warnings.join(u' ').contains(u"not an export-k6 script"_qs));
}

TEST(K6Import, ReadsHandleSummaryData)
{
    const auto parsed = parseK6Summary(kHandleSummary);
    ASSERT_TRUE(parsed.ok()) << qPrintable(formatProblems(parsed.problems));
    EXPECT_EQ(parsed.summary->requests, 44170);
    EXPECT_NEAR(parsed.summary->durationS, 10.0432, 1e-9);
    EXPECT_TRUE(parsed.summary->hasP99);
    EXPECT_DOUBLE_EQ(parsed.summary->latency.p99, 25.4);
    EXPECT_EQ(parsed.summary->droppedIterations, 12);
    EXPECT_TRUE(parsed.warnings.isEmpty() || !parsed.warnings.join(u' ').contains(u"p(99)"_qs));
    EXPECT_TRUE(ClientHealth::from(toSummary(*parsed.summary)).clientBound); // dropped iterations
}

TEST(K6Import, MalformedInputGivesClearProblems)
{
    EXPECT_TRUE(problemsOf("").contains(u"s.json"_qs));
    EXPECT_FALSE(problemsOf("{\"metrics\": {").isEmpty());
    EXPECT_FALSE(problemsOf("[1, 2]").isEmpty());
    EXPECT_TRUE(problemsOf(R"({"root_group": {}})").contains(u"not a k6 --summary-export file"_qs));
    EXPECT_TRUE(problemsOf(R"({"metrics": {"http_reqs": {"count": 5, "rate": 1}}})")
                    .contains(u"metrics.http_req_duration"_qs));
    EXPECT_TRUE(problemsOf(R"({"metrics": {"http_reqs": {"count": "many", "rate": 1},
        "http_req_duration": {"avg": 1, "min": 1, "med": 1, "max": 1}}})")
                    .contains(u"metrics.http_reqs.count"_qs));
    EXPECT_TRUE(problemsOf(R"({"metrics": {"http_reqs": {"count": 0, "rate": 0},
        "http_req_duration": {"avg": 0, "min": 0, "med": 0, "max": 0}}})")
                    .contains(u"no requests"_qs));
    EXPECT_TRUE(problemsOf(R"({"metrics": {"http_reqs": {"count": 5, "rate": 1},
        "http_req_duration": {"avg": 1, "min": 1, "med": 1}}})")
                    .contains(u"metrics.http_req_duration.max"_qs));
    EXPECT_TRUE(problemsOf(R"({"metrics": {"http_reqs": {"count": 5, "rate": 1},
        "http_req_duration": {"avg": 9, "min": 1, "med": 1, "max": 2}}})")
                    .contains(u"between min and max"_qs));
    EXPECT_TRUE(problemsOf(R"({"metrics": {"http_reqs": {"count": 5, "rate": 1},
        "http_req_duration": {"avg": 1, "min": 1, "med": 1, "max": 1}, "http_req_failed": {"passes": 9}}})")
                    .contains(u"more than the 5 made"_qs));
    EXPECT_TRUE(problemsOf(R"({"metrics": {"http_reqs": {"count": 5, "rate": 1},
        "http_req_duration": {"avg": 1, "min": 1, "med": 1, "max": 1}, "http_req_failed": {"value": 2}}})")
                    .contains(u"metrics.http_req_failed.value"_qs));
    EXPECT_TRUE(problemsOf(R"({"metrics": {"http_reqs": {"count": -5, "rate": 1},
        "http_req_duration": {"avg": 1, "min": 1, "med": 1, "max": 1}}})")
                    .contains(u"metrics.http_reqs.count"_qs));
}

TEST(K6Import, WritesAFolderTheResultsScreenLoads)
{
    QTemporaryDir dir;
    const auto result = importK6Summary(request(dir.path()));
    ASSERT_TRUE(result.ok()) << qPrintable(result.problems.join(u'\n'));
    EXPECT_EQ(result.recordPath, u"rep1/flask-sqlite3/01-get-one.json"_qs);

    const ResultsFolder folder = loadResults(dir.path());
    ASSERT_TRUE(folder.ok()) << qPrintable(formatProblems(folder.problems));
    EXPECT_EQ(folder.manifest->environment.versions.value(u"load_tool"_qs), u"k6"_qs);
    EXPECT_EQ(folder.manifest->transport, u"k6"_qs);
    EXPECT_EQ(folder.manifest->plan.scenarios.size(), 1);
    EXPECT_EQ(folder.manifest->plan.stacks.first().displayLabel(), u"Flask + sqlite3"_qs);
    ASSERT_EQ(folder.records.size(), 1);
    const ScenarioRecord& r = folder.records.first();
    EXPECT_EQ(r.transport, u"k6"_qs);
    EXPECT_EQ(r.figure, 4);
    EXPECT_EQ(r.metric, Metric::MeanMs);
    EXPECT_DOUBLE_EQ(r.metricValue(), 7.6);
    EXPECT_EQ(r.summary.requests, 1000);
    EXPECT_EQ(r.finishedAt, QDateTime(QDate(2026, 11, 24), QTime(23, 0), Qt::UTC));

    const Aggregates a = aggregate(folder);
    ASSERT_EQ(a.rows.size(), 1);
    EXPECT_EQ(a.rows.first().figure, 4);
    EXPECT_DOUBLE_EQ(a.rows.first().stats.mean, 7.6);
    EXPECT_EQ(a.rows.first().errors, 3);
}

TEST(K6Import, LaterImportsAddScenariosStacksAndRepetitions)
{
    QTemporaryDir dir;
    ASSERT_TRUE(importK6Summary(request(dir.path())).ok());
    auto hello = request(dir.path(), kHandleSummary);
    hello.summaryFile = u"/tmp/x/01-hello.summary.json"_qs;
    ASSERT_TRUE(importK6Summary(hello).ok());
    auto other = request(dir.path());
    other.stack = u"django-drf"_qs;
    other.repetition = 2;
    const auto third = importK6Summary(other);
    ASSERT_TRUE(third.ok()) << qPrintable(third.problems.join(u'\n'));
    EXPECT_EQ(third.recordPath, u"rep2/django-drf/01-get-one.json"_qs);

    const ResultsFolder folder = loadResults(dir.path());
    ASSERT_TRUE(folder.ok()) << qPrintable(formatProblems(folder.problems));
    EXPECT_EQ(folder.records.size(), 3);
    EXPECT_EQ(folder.manifest->plan.procedure.repetitions, 2);
    EXPECT_EQ(folder.manifest->plan.stacks.size(), 2);
    ASSERT_NE(folder.find(1, u"flask-sqlite3"_qs, u"hello"_qs), nullptr);
    EXPECT_EQ(folder.find(1, u"flask-sqlite3"_qs, u"hello"_qs)->figure, 1);
    EXPECT_NEAR(folder.find(1, u"flask-sqlite3"_qs, u"hello"_qs)->metricValue(), 4398.1, 1e-9);

    ASSERT_TRUE(importK6Summary(request(dir.path())).ok()); // the same again replaces its record
    EXPECT_EQ(loadResults(dir.path()).records.size(), 3);
}

TEST(K6Import, RefusesStackbenchsOwnResultsFolder)
{
    QTemporaryDir dir;
    RunManifest own;
    own.plan = parsePlan(paperPlanJson()).plan.value();
    own.startedAt = QDateTime::currentDateTimeUtc();
    ASSERT_TRUE(ResultsWriter(dir.path(), own).writeManifest().isEmpty());
    const auto result = importK6Summary(request(dir.path()));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.problems.join(u' ').contains(u"Stackbench's own results"_qs));
}

TEST(K6Import, ScenarioFromFileNameOptionOrPlan)
{
    EXPECT_EQ(k6ScenarioIdFromFileName(u"out/04-get-one.summary.json"_qs), u"get-one"_qs);
    EXPECT_EQ(k6ScenarioIdFromFileName(u"hello.json"_qs), u"hello"_qs);
    EXPECT_EQ(k6ScenarioIdFromFileName(u"Hello_summary.json"_qs), u"hello"_qs);
    EXPECT_EQ(k6ScenarioIdFromFileName(u"my summary!.json"_qs), QString());

    QTemporaryDir dir;
    auto unknown = request(dir.path());
    unknown.summaryFile = u"summary.json"_qs;
    auto result = importK6Summary(unknown);
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.problems.first().contains(u"--scenario"_qs)) << qPrintable(result.problems.first());
    EXPECT_TRUE(result.problems.first().contains(u"get-one"_qs));
    unknown.scenarioId = u"nope"_qs;
    result = importK6Summary(unknown);
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.problems.first().contains(u"no scenario \"nope\""_qs));
    EXPECT_FALSE(QFile::exists(dir.filePath(u"manifest.json"_qs)));
}

TEST(K6Import, WithoutAPlanRecordsAStandIn)
{
    QTemporaryDir dir;
    auto in = request(dir.path());
    in.plan.reset();
    in.summaryFile = u"run.json"_qs;
    in.stack = u"nginx"_qs;
    const auto result = importK6Summary(in);
    ASSERT_TRUE(result.ok()) << qPrintable(result.problems.join(u'\n'));
    const ResultsFolder folder = loadResults(dir.path());
    ASSERT_TRUE(folder.ok()) << qPrintable(formatProblems(folder.problems));
    const Scenario& s = folder.manifest->plan.scenarios.first();
    EXPECT_EQ(s.id, u"run"_qs);
    EXPECT_EQ(s.executor, ExecutorKind::SharedIterations);
    EXPECT_EQ(s.vus, 10);
    EXPECT_EQ(s.iterations, 1000);
    EXPECT_EQ(folder.records.size(), 1);
}

TEST(K6Import, BadStackNameIsAProblemNotAFile)
{
    QTemporaryDir dir;
    auto in = request(dir.path());
    in.stack = u"../etc"_qs;
    const auto result = importK6Summary(in);
    EXPECT_FALSE(result.ok());
    EXPECT_FALSE(QFile::exists(dir.filePath(u"manifest.json"_qs)));
}

} // namespace
