// Outlier rule (reference values computed once with Python's statistics module) and how
// aggregation carries each repetition's flags, causes and exclusion into the figures and JSON.
#include "plan/jsonreader.h"
#include "results/aggregate.h"
#include "results/resultswriter.h"
#include "results/sweepcurves.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <cmath>
#include <gtest/gtest.h>

namespace {

/// python3 -c "import statistics as st; xs=[...]; m=st.median(xs);
///   mad=st.median([abs(x-m) for x in xs]); print(m, mad, [0.6745*(x-m)/mad for x in xs])"
struct Reference
{
    QList<double> values;
    double median, mad;
    QList<double> z;
    QList<bool> outlier; // |z| > 3.5 or more than 25 % from the median
};

const QList<Reference> kReferences = {
    // Figure 1, flask-sqlite3, from the issue: rep 2 at 39 % of the median.
    { { 5394, 2091, 6250, 6739, 4456 }, 5394, 938, { 0.0, -2.375132, 0.615535, 0.967167, -0.6745 },
        { false, true, false, false, false } },
    // Figure 7, fastapi-sqlmodel: one wild repetition, and two more beyond a quarter of the median.
    { { 57.0, 2.7, 3.1, 4.1, 6.4 }, 4.1, 1.4, { 25.486464, -0.6745, -0.481786, 0.0, 1.108107 },
        { true, true, false, false, true } },
    // Figure 1, django-drf: the 0/50 split, caught by both tests.
    { { 3419, 1374, 3233, 3184, 3078 }, 3184, 106, { 1.495354, -11.517406, 0.311797, 0.0, -0.6745 },
        { false, true, false, false, false } },
};

} // namespace

TEST(Outliers, ModifiedZScoresMatchTheReference)
{
    for (const Reference& r : kReferences) {
        EXPECT_DOUBLE_EQ(outliers::median(r.values), r.median);
        const QList<double> z = outliers::modifiedZ(r.values);
        ASSERT_EQ(z.size(), r.z.size());
        for (qsizetype i = 0; i < z.size(); ++i)
            EXPECT_NEAR(z[i], r.z[i], 1e-6) << i;
        EXPECT_EQ(outliers::flagOutliers(r.values), r.outlier);
    }
}

TEST(Outliers, EdgeCases)
{
    EXPECT_DOUBLE_EQ(outliers::median({ 4, 1, 3, 2 }), 2.5);
    EXPECT_DOUBLE_EQ(outliers::median({}), 0);
    // Fewer than three: no majority to judge by.
    EXPECT_EQ(outliers::flagOutliers({ 1, 100 }), (QList<bool> { false, false }));
    // A zero MAD: equal values are fine, a different one is infinitely far (and 10 % is not 25 %).
    const auto z = outliers::modifiedZ({ 10, 10, 10, 10, 11 });
    EXPECT_EQ(z[0], 0);
    EXPECT_TRUE(std::isinf(z[4]));
    EXPECT_EQ(
        outliers::flagOutliers({ 10, 10, 10, 10, 11 }), (QList<bool> { false, false, false, false, true }));
    EXPECT_EQ(outliers::flagOutliers({ 100, 101, 99, 100.5, 99.5 }), (QList<bool>(5, false)));
}

namespace {

const QByteArray kPlan = R"({
  "format": "stackbench-plan", "version": 1, "name": "outliers-test",
  "stacks": [{"stack": "django-drf"}],
  "scenarios": [
    {"id": "hello", "figure": 1, "metric": "rps", "executor": "constant-vus", "vus": 50, "duration": "1s",
     "request": {"method": "GET", "path": "/hello"}}
  ],
  "procedure": {"settle_s": 0, "seed_count": 10, "idle_s": 0, "gap_s": 0, "repetitions": 5,
                "transport": "socket", "timeout_s": 5}
})";

ScenarioRecord helloRecord(int rep, double rps)
{
    ScenarioRecord r;
    r.repetition = rep;
    r.stack = u"django-drf"_qs;
    r.scenarioId = u"hello"_qs;
    r.figure = 1;
    r.metric = Metric::Rps;
    r.summary.requests = 1000;
    r.summary.rps = rps;
    r.summary.latency.mean = 10;
    r.summary.statusCounts = { { 200, 1000 } };
    return r;
}

/// One worker held `first` of 50 connections and did the matching share of the CPU.
ScenarioDiagnostics split(int first)
{
    ScenarioDiagnostics d;
    d.samples = 40;
    d.seconds = 10;
    d.clientConnections = 50;
    d.workers = { { 101, 1.8 * first, double(first), first },
        { 102, 1.8 * (50 - first), double(50 - first), 50 - first } };
    d.cpuBalance = std::max(first, 50 - first) / 50.0;
    d.connectionBalance = d.cpuBalance;
    d.foreignCpuPercent = 2;
    return classify(d);
}

/// The django-drf repetitions of the issue, with the measured splits: rep 2 is the 0/50 one.
ResultsFolder study(QTemporaryDir& dir)
{
    RunManifest m;
    m.plan = parsePlan(kPlan).plan.value();
    m.startedAt = QDateTime(QDate(2026, 11, 28), QTime(7, 0), Qt::UTC);
    ResultsWriter w(dir.path(), m);
    EXPECT_EQ(w.writeManifest(), QString());
    const QList<std::pair<double, int>> reps
        = { { 3419, 25 }, { 1374, 50 }, { 3233, 28 }, { 3184, 22 }, { 3078, 30 } };
    for (int i = 0; i < reps.size(); ++i) {
        ScenarioRecord r = helloRecord(i + 1, reps[i].first);
        r.diagnostics = split(reps[i].second);
        EXPECT_EQ(w.write(r), QString());
    }
    return loadResults(dir.path());
}

} // namespace

TEST(Outliers, AggregationNotesEachRepetitionWithItsCause)
{
    QTemporaryDir dir;
    const ResultsFolder folder = study(dir);
    ASSERT_TRUE(folder.ok()) << qPrintable(formatProblems(folder.problems));
    const Aggregates a = aggregate(folder);
    ASSERT_EQ(a.rows.size(), 1);
    const StackAggregate& row = a.rows.first();
    ASSERT_EQ(row.notes.size(), 5);
    EXPECT_EQ(row.values.size(), 5); // nothing excluded unless asked
    const RepetitionNote& rep2 = row.notes[1];
    EXPECT_TRUE(rep2.outlier);
    EXPECT_EQ(rep2.flags, QStringList { u"imbalanced"_qs });
    EXPECT_NEAR(rep2.deviation, (1374.0 - 3184) / 3184, 1e-12);
    EXPECT_EQ(rep2.describe(u"req/s"_qs),
        u"rep 2: 1374 req/s, 57 % below the median (outlier); one of 2 workers held 50 of 50 connections "
        "and did 100 % of the workers' CPU"_qs);
    EXPECT_EQ(row.outlierCount(), 1);
    EXPECT_NEAR(row.cv(), row.stats.stddev / row.stats.mean, 1e-12);

    const QStringList notes = repetitionNotes(a);
    ASSERT_EQ(notes.size(), 1);
    EXPECT_TRUE(notes.first().startsWith(u"Figure 1  django-drf  rep 2: 1374 req/s"_qs))
        << qPrintable(notes.first());

    const FigureData fig = figureData(a).first();
    ASSERT_EQ(fig.bars.first().dots.size(), 5);
    EXPECT_TRUE(fig.bars.first().dots[1].flagged);
    EXPECT_TRUE(fig.bars.first().dots[1].outlier);
    EXPECT_FALSE(fig.bars.first().dots[0].flagged);
    EXPECT_TRUE(fig.bars.first().dots[1].note.contains(u"50 of 50 connections"_qs));

    const QJsonObject json = a.toJson().value(u"rows"_qs).toArray().first().toObject();
    const QJsonObject note = json.value(u"repetition_notes"_qs).toArray().at(1).toObject();
    EXPECT_EQ(note.value(u"repetition"_qs).toInt(), 2);
    EXPECT_TRUE(note.value(u"outlier"_qs).toBool());
    EXPECT_EQ(note.value(u"flags"_qs).toArray().first().toString(), u"imbalanced"_qs);
    EXPECT_FALSE(note.value(u"excluded"_qs).toBool());
    EXPECT_EQ(json.value(u"outliers"_qs).toInt(), 1);
    EXPECT_NEAR(json.value(u"cv"_qs).toDouble(), row.cv(), 1e-12);
}

TEST(Outliers, ExcludingFlaggedRepetitionsIsVisible)
{
    QTemporaryDir dir;
    const ResultsFolder folder = study(dir);
    const Aggregates a = aggregate(folder, AggregateOptions { true });
    const StackAggregate& row = a.rows.first();
    EXPECT_EQ(row.repetitions, (QList<int> { 1, 3, 4, 5 }));
    EXPECT_DOUBLE_EQ(row.stats.mean, (3419.0 + 3233 + 3184 + 3078) / 4);
    EXPECT_EQ(row.notes.size(), 5);
    EXPECT_TRUE(row.notes[1].excluded);
    EXPECT_EQ(row.excludedCount(), 1);
    EXPECT_EQ(a.excludedCount(), 1);
    EXPECT_TRUE(a.toJson().value(u"exclude_flagged"_qs).toBool());
    const FigureData fig = figureData(a).first();
    EXPECT_TRUE(fig.subtitle.contains(u"1 flagged repetition(s) excluded"_qs)) << qPrintable(fig.subtitle);
    EXPECT_TRUE(fig.bars.first().dots[1].excluded);
    EXPECT_TRUE(repetitionNotes(a).first().endsWith(u"[excluded]"_qs));
}

TEST(Outliers, RecordsKeepDiagnosticsAndOldRecordsStillRead)
{
    QTemporaryDir dir;
    const ResultsFolder folder = study(dir);
    ASSERT_EQ(folder.records.size(), 5);
    EXPECT_EQ(folder.records[1].diagnostics, split(50));
    EXPECT_EQ(folder.records[1].flags(), QStringList { u"imbalanced"_qs });

    // A version 1 record (before diagnostics) reads, with nothing measured.
    QJsonObject v1 = helloRecord(1, 100).toJson();
    v1.insert(u"version"_qs, 1);
    v1.remove(u"diagnostics"_qs);
    JsonReader reader;
    const auto old = ScenarioRecord::fromJson(reader, v1);
    ASSERT_TRUE(old) << qPrintable(formatProblems(reader.problems()));
    EXPECT_FALSE(old->diagnostics.known());
    EXPECT_TRUE(old->flags().isEmpty());
}

TEST(Outliers, AnOutlierWithoutAFlagIsSetApartFromItsPeers)
{
    // Figure 4, flask-sqlalchemy, as measured: reps 3 and 4 are fast, the other three flagged.
    const auto note = [](int rep, double value, double cpu, double cost, QStringList flags) {
        RepetitionNote n;
        n.repetition = rep;
        n.value = value;
        n.serverCpuPercent = cpu;
        n.cpuMsPerRequest = cost;
        n.flags = flags;
        return n;
    };
    const QStringList imbalanced { u"imbalanced"_qs };
    QList<RepetitionNote> notes { note(1, 9.7, 184, 1.0, imbalanced), note(2, 10.0, 106, 1.0, imbalanced),
        note(3, 4.1, 184, 1.0, {}), note(4, 5.3, 183, 1.0, {}), note(5, 15.5, 101, 1.0, imbalanced) };
    for (auto& n : notes)
        n.outlier = n.repetition >= 3;
    outliers::explainOutliers(notes);
    EXPECT_TRUE(notes[0].context.isEmpty()); // not an outlier
    EXPECT_TRUE(notes[4].context.isEmpty()); // flagged: its causes speak for it
    ASSERT_EQ(notes[2].context.size(), 1);
    EXPECT_EQ(notes[2].context[0], u"unflagged, unlike reps 1, 2, 5 (imbalanced): the median is theirs"_qs);

    // Django + DRF, Figure 1: same CPU, balanced, yet 30 % more requests: each one cost less CPU.
    QList<RepetitionNote> hello { note(1, 3013, 173, 0.574, {}), note(2, 3940, 169, 0.429, {}),
        note(3, 3053, 175, 0.573, {}), note(4, 2946, 166, 0.563, {}), note(5, 3712, 175, 0.471, {}) };
    hello[1].outlier = true;
    outliers::explainOutliers(hello);
    ASSERT_EQ(hello[1].context.size(), 1);
    EXPECT_TRUE(hello[1].context[0].startsWith(
        u"the server spent 0.429 ms of CPU per request against a median of 0.563 ms"_qs))
        << qPrintable(hello[1].context[0]);
    EXPECT_TRUE(hello[1].describe(u"req/s"_qs).contains(u"(outlier); the server spent 0.429 ms"_qs));

    // Nothing sets it apart: said so.
    QList<RepetitionNote> plain { note(1, 10, 150, 1.0, {}), note(2, 14, 152, 1.05, {}),
        note(3, 10.5, 149, 1.0, {}) };
    plain[1].outlier = true;
    outliers::explainOutliers(plain);
    EXPECT_TRUE(plain[1].context.value(0).startsWith(u"no measured cause"_qs));
    // The server using another share of a core is said too.
    QList<RepetitionNote> share { note(1, 10, 100, 1.0, {}), note(2, 5, 180, 1.0, {}),
        note(3, 10.5, 104, 1.0, {}) };
    share[1].outlier = true;
    outliers::explainOutliers(share);
    EXPECT_EQ(share[1].context.value(0), u"the server used 180 % of a core against a median of 104 %"_qs);
}

// Issue 15 with issue 8: in a configuration sweep each configuration says how many of its
// repetitions were flagged, and with which flags, whether or not they are left out of its req/s.
TEST(Outliers, AConfigurationSweepCountsItsFlaggedRepetitions)
{
    QByteArray planJson = kPlan;
    planJson.replace(
        R"({"stack": "django-drf"})", R"({"stack": "django-drf", "sweep": {"workers": [2, 4]}})");
    planJson.replace(R"("repetitions": 5)", R"("repetitions": 3)");
    QTemporaryDir dir;
    RunManifest m;
    const auto parsed = parsePlan(planJson);
    ASSERT_TRUE(parsed.plan.has_value());
    m.plan = *parsed.plan;
    m.startedAt = QDateTime(QDate(2026, 11, 28), QTime(7, 0), Qt::UTC);
    ResultsWriter w(dir.path(), m);
    ASSERT_EQ(w.writeManifest(), QString());
    // workers=2: rep 2 had all 50 connections on one worker (the measured 0/50 split).
    const QList<std::tuple<QString, double, int>> runs { { u"2"_qs, 4274, 25 }, { u"2"_qs, 2115, 50 },
        { u"2"_qs, 4210, 28 }, { u"4"_qs, 4037, 25 }, { u"4"_qs, 3967, 24 }, { u"4"_qs, 4441, 26 } };
    for (int i = 0; i < runs.size(); ++i) {
        const auto& [workers, rps, first] = runs[i];
        ScenarioRecord r = helloRecord(i % 3 + 1, rps);
        r.stack = u"django-drf@workers="_qs + workers;
        r.params = { { u"workers"_qs, workers } };
        r.diagnostics = split(first);
        ASSERT_EQ(w.write(r), QString());
    }
    const ResultsFolder folder = loadResults(dir.path());
    ASSERT_TRUE(folder.ok()) << qPrintable(formatProblems(folder.problems));
    for (bool exclude : { false, true }) {
        SCOPED_TRACE(exclude ? "flagged excluded" : "all repetitions");
        const Curves curves = sweepCurves(folder, aggregate(folder, AggregateOptions { exclude }));
        ASSERT_EQ(curves.configs.size(), 2);
        const ConfigResult& two = curves.configs[0];
        EXPECT_EQ(two.params.value(u"workers"_qs), u"2"_qs);
        EXPECT_EQ(two.stackLabel, u"Django + DRF"_qs);
        EXPECT_EQ(two.flaggedRepetitions, 1);
        EXPECT_EQ(two.flags, QStringList { u"imbalanced"_qs });
        EXPECT_EQ(two.rpsValues.size(), exclude ? 2 : 3);
        EXPECT_EQ(curves.configs[1].flaggedRepetitions, 0);
        EXPECT_TRUE(curves.configs[1].flags.isEmpty());
    }
}
