// Scalability curves: the knee and the plateau on synthetic curves, a closed-loop queue model whose
// saturation point is known, the best configuration per stack and the JSON written for them.
#include "results/curves.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <random>

namespace {

CurvePoint point(double x, double rps, double p99Ms = 0, double errorRate = 0)
{
    CurvePoint p;
    p.x = x;
    p.rps = p.rpsLo = p.rpsHi = rps;
    p.p50Ms = p99Ms / 2;
    p.p99Ms = p99Ms;
    p.latencyKnown = p99Ms > 0;
    p.errorRate = errorRate;
    p.repetitions = 3;
    return p;
}

/// Points at x = 1, 2, … with these throughputs, latency unknown.
QList<CurvePoint> curve(const QList<double>& rps)
{
    QList<CurvePoint> points;
    for (qsizetype i = 0; i < rps.size(); ++i)
        points << point(double(i + 1), rps.at(i));
    return points;
}

CurveSeries series(const QList<CurvePoint>& points)
{
    CurveSeries s;
    s.stack = u"flask-sqlite3"_qs;
    s.label = u"Flask + sqlite3"_qs;
    s.scenario = u"hello"_qs;
    s.axis = u"vus"_qs;
    s.points = points;
    return s;
}

CurveObjective noSlo()
{
    return CurveObjective {};
}

CurveObjective slo(double p99Ms)
{
    CurveObjective o;
    o.sloP99Ms = p99Ms;
    return o;
}

// --- plateau ---------------------------------------------------------------------------------

TEST(CurvePlateau, LinearGrowthThenFlatPlateausAtTheFirstFlatPoint)
{
    CurveSeries s = series(curve({ 100, 200, 300, 400, 500, 500, 501, 499 }));
    analyseCurve(s, noSlo());
    ASSERT_TRUE(s.plateau.has_value());
    EXPECT_DOUBLE_EQ(s.plateau->x, 5);
    EXPECT_DOUBLE_EQ(s.plateau->rps, 500);
    EXPECT_EQ(plateauIndex(s.points, 0.05), 4);
}

TEST(CurvePlateau, GrowthJustAboveTheGainIsNotFlatJustBelowIs)
{
    // 100 → 106 grows 6 %: not flat; 106 → 110 grows 3.8 %: flat.
    EXPECT_EQ(plateauIndex(curve({ 100, 106, 110 }), 0.05), 1);
    // The gain is a parameter: with 2 %, 3.8 % still pays and the curve never flattens.
    EXPECT_EQ(plateauIndex(curve({ 100, 106, 110 }), 0.02), -1);
}

TEST(CurvePlateau, CurveThatNeverFlattensHasNoPlateau)
{
    CurveSeries s = series(curve({ 100, 200, 400, 800, 1600 }));
    analyseCurve(s, noSlo());
    EXPECT_FALSE(s.plateau.has_value());
    // Growing 10 % a step is still growing.
    EXPECT_EQ(plateauIndex(curve({ 100, 110, 121, 133.1 }), 0.05), -1);
}

TEST(CurvePlateau, TooFewPointsHaveNoPlateau)
{
    EXPECT_EQ(plateauIndex({}, 0.05), -1);
    EXPECT_EQ(plateauIndex(curve({ 500 }), 0.05), -1);
    CurveSeries s = series({});
    analyseCurve(s, noSlo());
    EXPECT_FALSE(s.plateau.has_value());
    EXPECT_FALSE(s.knee.has_value());
}

TEST(CurvePlateau, DeclineAfterAPeakPlateausAtThePeak)
{
    CurveSeries s = series(curve({ 100, 200, 300, 250, 200 }));
    analyseCurve(s, noSlo());
    ASSERT_TRUE(s.plateau.has_value());
    EXPECT_DOUBLE_EQ(s.plateau->x, 3);
    EXPECT_DOUBLE_EQ(s.plateau->rps, 300);
    // The knee without an objective is the peak too.
    ASSERT_TRUE(s.knee.has_value());
    EXPECT_DOUBLE_EQ(s.knee->x, 3);
}

// FastAPI + SQLAlchemy on GET /hello at 1, 10, 25, … 400 VUs (concurrency.json, 2026-11-28): a dip
// from 10 to 25 VUs on the way up is noise, not the plateau; 100 VUs is, since nothing after it adds
// 5 %.
TEST(CurvePlateau, ADipOnTheWayUpIsNotThePlateau)
{
    EXPECT_EQ(plateauIndex(curve({ 4351, 7546, 7410, 7888, 9939, 10087, 9772 }), 0.05), 4);
    // A step that adds less than 5 % followed by one that adds more over it: not yet flat.
    EXPECT_EQ(plateauIndex(curve({ 100, 103, 130, 131 }), 0.05), 2);
    // An early flat stretch whose later points never reach 5 % above it is the plateau, even
    // though the curve still creeps up.
    EXPECT_EQ(plateauIndex(curve({ 100, 200, 203, 206, 209 }), 0.05), 1);
}

TEST(CurvePlateau, ZeroThroughputIsNeverThePlateau)
{
    // A stack that failed at low load and recovered: nothing grows less than nothing.
    EXPECT_EQ(plateauIndex(curve({ 0, 0, 100, 200, 201 }), 0.05), 3);
}

// --- knee ------------------------------------------------------------------------------------

TEST(CurveKnee, WithoutAnObjectiveTheKneeIsTheHighestThroughputWithoutErrors)
{
    QList<CurvePoint> points { point(10, 1000, 5), point(20, 1900, 12), point(40, 2500, 400),
        point(80, 2400, 900) };
    CurveSeries s = series(points);
    analyseCurve(s, noSlo());
    ASSERT_TRUE(s.knee.has_value());
    EXPECT_DOUBLE_EQ(s.knee->x, 40); // p99 400 ms does not matter without an objective
    EXPECT_DOUBLE_EQ(s.knee->rps, 2500);
}

TEST(CurveKnee, SloCutsTheKneeAtTheLastPointWithinTheObjective)
{
    QList<CurvePoint> points { point(10, 1000, 20), point(20, 1800, 35), point(30, 2400, 50),
        point(40, 2700, 51), point(50, 2800, 120) };
    EXPECT_EQ(kneeIndex(points, slo(50)), 2); // p99 exactly at the objective is within it
    EXPECT_EQ(kneeIndex(points, slo(49.9)), 1);
    EXPECT_EQ(kneeIndex(points, slo(1000)), 4);
    EXPECT_EQ(kneeIndex(points, slo(10)), -1); // no point meets it
    CurveSeries s = series(points);
    analyseCurve(s, slo(50));
    ASSERT_TRUE(s.knee.has_value());
    EXPECT_DOUBLE_EQ(s.knee->x, 30);
    EXPECT_DOUBLE_EQ(s.knee->p99Ms, 50);
}

TEST(CurveKnee, ErrorsExcludeAPoint)
{
    QList<CurvePoint> points { point(10, 1000, 5), point(20, 1900, 9, 0.0), point(40, 2500, 10, 1e-6),
        point(80, 2600, 10, 0.2) };
    EXPECT_EQ(kneeIndex(points, noSlo()), 1);
    EXPECT_EQ(kneeIndex(points, slo(100)), 1);
    // Every point with errors: no knee.
    for (CurvePoint& p : points)
        p.errorRate = 0.01;
    EXPECT_EQ(kneeIndex(points, noSlo()), -1);
}

TEST(CurveKnee, UnknownLatencyQualifiesOnlyWithoutAnObjective)
{
    QList<CurvePoint> points { point(10, 1000, 5), point(20, 2000) };
    ASSERT_FALSE(points.at(1).latencyKnown);
    EXPECT_EQ(kneeIndex(points, noSlo()), 1);
    EXPECT_EQ(kneeIndex(points, slo(100)), 0);
}

TEST(CurveKnee, PointsWithoutRepetitionsNeverQualify)
{
    QList<CurvePoint> points { point(10, 1000), point(20, 2000) };
    points[1].repetitions = 0;
    EXPECT_EQ(kneeIndex(points, noSlo()), 0);
}

TEST(CurveKnee, EqualThroughputGoesToTheLowerLoad)
{
    EXPECT_EQ(kneeIndex(curve({ 100, 300, 300, 300, 200 }), noSlo()), 1);
}

TEST(CurveKnee, AnalyseClearsAnEarlierResult)
{
    CurveSeries s = series(curve({ 100, 200, 200 }));
    analyseCurve(s, noSlo());
    ASSERT_TRUE(s.knee && s.plateau);
    s.points = curve({ 100, 200, 400 });
    for (CurvePoint& p : s.points)
        p.errorRate = 0.5;
    analyseCurve(s, noSlo());
    EXPECT_FALSE(s.knee.has_value());
    EXPECT_FALSE(s.plateau.has_value());
}

// --- a closed-loop queue: K concurrent slots of S ms each ------------------------------------

/// A closed-loop load of `vus` against a server with `k` slots each serving in `serviceMs`: every
/// VU waits for its response before the next request, so throughput grows with the VUs until the
/// slots are full (min(vus, K) · 1000 / S) and beyond that only the queue grows (p99 = S · vus / K).
/// `noise` multiplies the throughput (deterministic jitter of a real measurement).
CurvePoint queuePoint(double vus, double k, double serviceMs, double noise = 1)
{
    CurvePoint p = point(vus, std::min(vus, k) * 1000 / serviceMs * noise);
    p.p99Ms = vus <= k ? serviceMs : serviceMs * vus / k;
    p.p50Ms = p.p99Ms * 0.8;
    p.latencyKnown = true;
    return p;
}

struct QueueCase
{
    double k;
    double serviceMs;
    QList<double> vus;
};

QList<double> doubling(double from, int steps)
{
    QList<double> out;
    for (int i = 0; i < steps; ++i)
        out << from * std::pow(2.0, i);
    return out;
}

QList<double> linear(double step, int steps)
{
    QList<double> out;
    for (int i = 1; i <= steps; ++i)
        out << step * i;
    return out;
}

TEST(CurveQueueModel, PlateauAndKneeAreAtTheServersConcurrency)
{
    const QList<QueueCase> cases { { 16, 20, doubling(1, 9) }, { 12, 20, doubling(1, 9) },
        { 4, 5, doubling(1, 8) }, { 12, 10, linear(5, 12) }, { 50, 2, linear(10, 12) },
        { 100, 40, doubling(8, 8) } };
    std::mt19937 random(15);
    std::uniform_real_distribution<double> jitter(0.98, 1.02); // ±2 %: a flat step stays under 5 %
    for (const QueueCase& c : cases) {
        for (int noisy = 0; noisy < 2; ++noisy) {
            SCOPED_TRACE(testing::Message() << "K " << c.k << ", S " << c.serviceMs << " ms, noisy " << noisy
                                            << ", from " << c.vus.first() << " to " << c.vus.last());
            CurveSeries s = series({});
            for (double vus : c.vus)
                s.points << queuePoint(vus, c.k, c.serviceMs, noisy ? jitter(random) : 1.0);
            analyseCurve(s, slo(c.serviceMs * 1.5));

            // The first swept load at or past K: where the slots are full.
            const auto atK = std::find_if(c.vus.cbegin(), c.vus.cend(), [&](double v) { return v >= c.k; });
            ASSERT_TRUE(atK != c.vus.cend());
            const qsizetype kIndex = atK - c.vus.cbegin();
            const double capacity = c.k / c.serviceMs * 1000;

            ASSERT_TRUE(s.plateau.has_value());
            const qsizetype plateau = c.vus.indexOf(s.plateau->x);
            EXPECT_LE(std::abs(plateau - kIndex), 1) << "plateau at " << s.plateau->x << " VUs";
            EXPECT_NEAR(s.plateau->rps, capacity, capacity * 0.10);

            // With p99 allowed 1.5 S, the knee is the highest throughput before the queue makes
            // the latency 1.5 times the service time: at K without noise.
            ASSERT_TRUE(s.knee.has_value());
            // Past K the throughput is flat, so with noise the highest point may lie further on,
            // as long as its p99 still meets the objective; it is never before the slots fill.
            const qsizetype knee = c.vus.indexOf(s.knee->x);
            EXPECT_GE(knee, kIndex - 1) << "knee at " << s.knee->x << " VUs";
            if (!noisy) {
                EXPECT_LE(std::abs(knee - kIndex), 1) << "knee at " << s.knee->x << " VUs";
            }
            EXPECT_NEAR(s.knee->rps, capacity, capacity * 0.10);
            EXPECT_LE(s.knee->p99Ms, c.serviceMs * 1.5);
        }
    }
}

TEST(CurveQueueModel, NoiselessCurveHasItsKneeExactlyAtK)
{
    // VUs 1, 2, 4, …, 256 against 16 slots of 20 ms: 800 req/s from 16 VUs on.
    CurveSeries s = series({});
    for (double vus : doubling(1, 9))
        s.points << queuePoint(vus, 16, 20);
    analyseCurve(s, slo(30));
    ASSERT_TRUE(s.knee && s.plateau);
    EXPECT_DOUBLE_EQ(s.plateau->x, 16);
    EXPECT_DOUBLE_EQ(s.plateau->rps, 800);
    EXPECT_DOUBLE_EQ(s.knee->x, 16); // 32 VUs reach 800 too, but at p99 40 ms
    analyseCurve(s, noSlo());
    EXPECT_DOUBLE_EQ(s.knee->x, 16); // equal throughput: the lower load
}

// --- best configuration ----------------------------------------------------------------------

ConfigResult config(const QString& stack, const QMap<QString, QString>& params, double rps,
    const QString& scenario = u"hello"_qs)
{
    ConfigResult c;
    c.stack = stack;
    c.label = stack;
    c.params = params;
    c.scenario = scenario;
    c.rps = c.rpsLo = c.rpsHi = rps;
    return c;
}

using Params = QMap<QString, QString>;

TEST(BestConfigs, ConfigSizeIsWorkersTimesThreads)
{
    EXPECT_EQ(configSize({}), 1);
    EXPECT_EQ(configSize(Params { { u"workers"_qs, u"4"_qs }, { u"threads"_qs, u"2"_qs } }), 8);
    EXPECT_EQ(configSize(Params { { u"workers"_qs, u"3"_qs } }), 3);
    EXPECT_EQ(configSize(Params { { u"workers"_qs, u"lots"_qs }, { u"threads"_qs, u"0"_qs } }), 1);
}

TEST(BestConfigs, HighestMeanPerStackInTheScenario)
{
    const QList<ConfigResult> results { config(u"flask"_qs, { { u"workers"_qs, u"2"_qs } }, 900),
        config(u"flask"_qs, { { u"workers"_qs, u"4"_qs } }, 1200),
        config(u"flask"_qs, { { u"workers"_qs, u"8"_qs } }, 5000, u"db-read"_qs),
        config(u"django"_qs, { { u"workers"_qs, u"8"_qs } }, 700),
        config(u"fastapi"_qs, { { u"workers"_qs, u"8"_qs } }, 3000, u"db-read"_qs) };
    const QMap<QString, ConfigResult> best = bestConfigs(results, u"hello"_qs);
    EXPECT_EQ(best.keys(), (QStringList { u"django"_qs, u"flask"_qs }));
    EXPECT_EQ(best.value(u"flask"_qs).params.value(u"workers"_qs), u"4"_qs);
    EXPECT_DOUBLE_EQ(best.value(u"flask"_qs).rps, 1200);
    EXPECT_EQ(bestConfigs(results, u"db-read"_qs).value(u"flask"_qs).params.value(u"workers"_qs), u"8"_qs);
    EXPECT_TRUE(bestConfigs(results, u"nothing"_qs).isEmpty());
}

TEST(BestConfigs, TiesGoToTheSmallerConfigurationWhateverTheOrder)
{
    QList<ConfigResult> results { config(u"flask"_qs,
                                      { { u"workers"_qs, u"4"_qs }, { u"threads"_qs, u"2"_qs } }, 1000),
        config(u"flask"_qs, { { u"workers"_qs, u"2"_qs }, { u"threads"_qs, u"2"_qs } }, 1000),
        config(u"flask"_qs, { { u"workers"_qs, u"1"_qs } }, 999.99),
        // Same size 1: {} before "threads=1,workers=1" in the params' text order.
        config(u"django"_qs, { { u"workers"_qs, u"1"_qs }, { u"threads"_qs, u"1"_qs } }, 500),
        config(u"django"_qs, {}, 500),
        // Same size 4, different params: "threads=4" before "workers=4".
        config(u"fastapi"_qs, { { u"workers"_qs, u"4"_qs } }, 800),
        config(u"fastapi"_qs, { { u"threads"_qs, u"4"_qs } }, 800) };
    for (int pass = 0; pass < 2; ++pass) {
        SCOPED_TRACE(pass ? "reversed" : "in order");
        const QMap<QString, ConfigResult> best = bestConfigs(results, u"hello"_qs);
        EXPECT_EQ(configSize(best.value(u"flask"_qs).params), 4);
        EXPECT_EQ(best.value(u"flask"_qs).params.value(u"workers"_qs), u"2"_qs);
        EXPECT_TRUE(best.value(u"django"_qs).params.isEmpty());
        EXPECT_TRUE(best.value(u"fastapi"_qs).params == (Params { { u"threads"_qs, u"4"_qs } }));
        std::reverse(results.begin(), results.end());
    }
}

ConfigResult measured(const QString& stack, const QMap<QString, QString>& params, const QList<double>& rps,
    const QString& scenario = u"hello"_qs)
{
    double sum = 0;
    for (double v : rps)
        sum += v;
    ConfigResult c = config(stack, params, sum / double(rps.size()), scenario);
    c.rpsValues = rps;
    return c;
}

Params workers(const QString& n)
{
    return { { u"workers"_qs, n } };
}

// Reference p-values computed once with SciPy 1.17.1 and statsmodels 0.15.0:
//   a, b, c = [7000, 7100, 7200], [6900, 7050, 7250], [5000, 5100, 5050]
//   pb = scipy.stats.ttest_ind(b, a, equal_var=False).pvalue   # PB below
//   pc = scipy.stats.ttest_ind(c, a, equal_var=False).pvalue   # PC below
//   statsmodels.stats.multitest.multipletests([pb, pc], method="holm")[1]   # HOLM_B, HOLM_C
constexpr double PB = 0.7927386526109912, PC = 7.974140219642796e-05;
constexpr double HOLM_B = 0.7927386526109912, HOLM_C = 0.00015948280439285592;
TEST(RankConfigs, TheBestAndWhatItsRepetitionsCannotTellFromIt)
{
    const QList<ConfigResult> results { measured(u"flask"_qs, workers(u"2"_qs), { 7000, 7100, 7200 }),
        measured(u"flask"_qs, workers(u"4"_qs), { 6900, 7050, 7250 }),
        measured(u"flask"_qs, workers(u"1"_qs), { 5000, 5100, 5050 }),
        measured(u"flask"_qs, workers(u"8"_qs), { 6000 }), // one repetition: no test
        measured(u"flask"_qs, workers(u"4"_qs), { 9000, 9100, 9050 }, u"db-read"_qs),
        measured(u"django"_qs, workers(u"2"_qs), { 4000, 4100 }) };
    const QList<ConfigStanding> s = rankConfigs(results, u"hello"_qs);
    ASSERT_EQ(s.size(), results.size());
    EXPECT_EQ(s[0].rank, ConfigStanding::Best);
    EXPECT_TRUE(std::isnan(s[0].pVsBest));
    EXPECT_EQ(s[1].rank, ConfigStanding::Tied);
    EXPECT_NEAR(s[1].pVsBest, HOLM_B, 1e-9);
    EXPECT_EQ(s[2].rank, ConfigStanding::Other);
    EXPECT_NEAR(s[2].pVsBest, HOLM_C, 1e-9);
    EXPECT_EQ(s[3].rank, ConfigStanding::Other);
    EXPECT_TRUE(std::isnan(s[3].pVsBest));
    EXPECT_EQ(s[4].rank, ConfigStanding::Other) << "another scenario is not ranked";
    EXPECT_TRUE(std::isnan(s[4].pVsBest));
    EXPECT_EQ(s[5].rank, ConfigStanding::Best) << "each stack has its own best";
    // Holm over the stack's two tests: the smaller p doubled, the larger at least that.
    EXPECT_NEAR(HOLM_C, 2 * PC, 1e-12);
    EXPECT_GE(s[1].pVsBest, PB);
    EXPECT_TRUE(rankConfigs(results, u"nothing"_qs).size() == results.size());
}

TEST(RankConfigs, CurvesJsonListsTheTiesAndEachConfigurationsStanding)
{
    Curves c;
    c.configs = { measured(u"flask"_qs, workers(u"2"_qs), { 7000, 7100, 7200 }),
        measured(u"flask"_qs, workers(u"4"_qs), { 6900, 7050, 7250 }),
        measured(u"flask"_qs, workers(u"1"_qs), { 5000, 5100, 5050 }) };
    const QJsonObject json = c.toJson();
    const QJsonArray tied
        = json.value(u"best_config"_qs).toObject().value(u"flask"_qs).toObject().value(u"tied"_qs).toArray();
    ASSERT_EQ(tied.size(), 1);
    EXPECT_EQ(tied.at(0).toObject().value(u"workers"_qs).toString(), u"4"_qs);
    const QJsonArray configs = json.value(u"configs"_qs).toArray();
    ASSERT_EQ(configs.size(), 3);
    EXPECT_EQ(configs.at(0).toObject().value(u"rank"_qs).toString(), u"best"_qs);
    EXPECT_EQ(configs.at(1).toObject().value(u"rank"_qs).toString(), u"tied"_qs);
    EXPECT_NEAR(configs.at(1).toObject().value(u"p_vs_best"_qs).toDouble(), HOLM_B, 1e-4);
    EXPECT_TRUE(configs.at(2).toObject().value(u"rank"_qs).isNull());
    EXPECT_NEAR(configs.at(2).toObject().value(u"p_vs_best"_qs).toDouble(), HOLM_C, 1e-4);
    const QJsonArray values = configs.at(2).toObject().value(u"rps_values"_qs).toArray();
    ASSERT_EQ(values.size(), 3);
    EXPECT_DOUBLE_EQ(values.at(1).toDouble(), 5100);
}

TEST(ConfigLayout, RowsByWorkersThenThreadsAndReadableTitles)
{
    using P = QMap<QString, QString>;
    EXPECT_EQ(ConfigLayout::rowTitle(P { { u"workers"_qs, u"2"_qs }, { u"threads"_qs, u"4"_qs } }),
        u"2 w × 4 t"_qs);
    EXPECT_EQ(
        ConfigLayout::rowTitle(P { { u"workers"_qs, u"2"_qs }, { u"reuse_port"_qs, u"--reuse-port"_qs } }),
        u"2 w × --reuse-port"_qs);
    EXPECT_EQ(ConfigLayout::rowTitle(P { { u"workers"_qs, u"2"_qs }, { u"reuse_port"_qs, QString() } }),
        u"2 w × no reuse_port"_qs);
    EXPECT_EQ(ConfigLayout::rowTitle(P { { u"worker_class"_qs, u"gevent"_qs } }), u"worker_class=gevent"_qs);
    EXPECT_EQ(ConfigLayout::rowTitle({}), u"defaults"_qs);

    const QList<ConfigResult> configs { config(u"flask"_qs,
                                            { { u"workers"_qs, u"4"_qs }, { u"threads"_qs, u"1"_qs } }, 10),
        config(u"flask"_qs, { { u"workers"_qs, u"2"_qs }, { u"threads"_qs, u"2"_qs } }, 30),
        config(u"django"_qs, { { u"workers"_qs, u"2"_qs }, { u"threads"_qs, u"2"_qs } }, 20),
        config(u"flask"_qs, { { u"workers"_qs, u"2"_qs }, { u"threads"_qs, u"1"_qs } }, 25),
        config(u"flask"_qs, { { u"workers"_qs, u"1"_qs } }, 5, u"get-one"_qs) };
    const ConfigLayout l = layoutConfigs(configs, u"hello"_qs);
    EXPECT_EQ(l.stacks, (QStringList { u"flask"_qs, u"django"_qs }));
    ASSERT_EQ(l.rows.size(), 3); // 2×1, 2×2, 4×1; get-one's row is not in hello's grid
    EXPECT_EQ(ConfigLayout::rowTitle(l.rows[0]), u"2 w × 1 t"_qs);
    EXPECT_EQ(ConfigLayout::rowTitle(l.rows[2]), u"4 w × 1 t"_qs);
    EXPECT_EQ(l.cells[1], (QList<qsizetype> { 1, 2 }));
    EXPECT_EQ(l.cells[0], (QList<qsizetype> { 3, -1 })) << "django ran no 2 × 1";
    EXPECT_EQ(l.stackMax, (QList<double> { 30, 20 }));
}

// --- JSON ------------------------------------------------------------------------------------

/// @p value is `[lo, hi]`.
void expectPair(const QJsonValue& value, double lo, double hi)
{
    ASSERT_TRUE(value.isArray());
    const QJsonArray pair = value.toArray();
    ASSERT_EQ(pair.size(), 2);
    EXPECT_DOUBLE_EQ(pair.at(0).toDouble(), lo);
    EXPECT_DOUBLE_EQ(pair.at(1).toDouble(), hi);
}

/// @p value is `{"<key>": x, "rps": rps}` and nothing else.
void expectMark(const QJsonValue& value, const QString& key, double x, double rps)
{
    ASSERT_TRUE(value.isObject());
    const QJsonObject mark = value.toObject();
    QStringList keys { key, u"rps"_qs };
    keys.sort();
    EXPECT_EQ(mark.keys(), keys);
    EXPECT_DOUBLE_EQ(mark.value(key).toDouble(), x);
    EXPECT_DOUBLE_EQ(mark.value(u"rps"_qs).toDouble(), rps);
}

Curves sampleCurves()
{
    Curves c;
    CurveSeries flask
        = series({ point(50, 3210.004, 40.2), point(100, 4500, 80.456), point(200, 4480, 200) });
    flask.params = { { u"workers"_qs, u"4"_qs } };
    flask.points[0].rpsLo = 3100;
    flask.points[0].rpsHi = 3300.127;
    flask.points[0].rpsCiKnown = true;
    flask.points[0].p50Ms = 9.1;
    flask.points[2].errorRate = 1.23456789e-6;
    flask.points[2].latencyKnown = false;
    CurveSeries rate = series(curve({ 100, 400, 1600 })); // never plateaus; latency unknown
    rate.stack = u"django-drf"_qs;
    rate.axis = u"rate"_qs;
    c.series = { flask, rate };
    c.configs = { config(u"flask-sqlite3"_qs, { { u"workers"_qs, u"4"_qs } }, 4321.5),
        config(u"flask-sqlite3"_qs, { { u"workers"_qs, u"2"_qs } }, 3000) };
    c.configs[0].rpsLo = 4000;
    c.configs[0].rpsHi = 4600;
    c.configs[0].rpsCiKnown = true;
    c.objective = slo(100);
    c.analyse();
    return c;
}

TEST(CurvesJson, SchemaKeysAndValues)
{
    const QJsonObject json = sampleCurves().toJson();
    EXPECT_EQ(json.value(u"format"_qs).toString(), u"stackbench-curves"_qs);
    EXPECT_EQ(json.value(u"version"_qs).toInt(), 1);
    const QJsonArray stacks = json.value(u"stacks"_qs).toArray();
    ASSERT_EQ(stacks.size(), 2);

    const QJsonObject flask = stacks.at(0).toObject();
    EXPECT_EQ(flask.value(u"stack"_qs).toString(), u"flask-sqlite3"_qs);
    EXPECT_EQ(flask.value(u"label"_qs).toString(), u"Flask + sqlite3"_qs);
    EXPECT_EQ(flask.value(u"scenario"_qs).toString(), u"hello"_qs);
    EXPECT_EQ(flask.value(u"params"_qs).toObject().value(u"workers"_qs).toString(), u"4"_qs);
    const QJsonArray points = flask.value(u"points"_qs).toArray();
    ASSERT_EQ(points.size(), 3);
    const QJsonObject first = points.at(0).toObject();
    for (const QString& key : { u"vus"_qs, u"rps"_qs, u"rps_ci"_qs, u"p50_ms"_qs, u"p99_ms"_qs,
             u"error_rate"_qs, u"repetitions"_qs })
        EXPECT_TRUE(first.contains(key)) << key.toStdString();
    EXPECT_FALSE(first.contains(u"x"_qs));
    EXPECT_DOUBLE_EQ(first.value(u"vus"_qs).toDouble(), 50);
    EXPECT_DOUBLE_EQ(first.value(u"rps"_qs).toDouble(), 3210.0);
    expectPair(first.value(u"rps_ci"_qs), 3100.0, 3300.13);
    EXPECT_DOUBLE_EQ(first.value(u"p50_ms"_qs).toDouble(), 9.1);
    EXPECT_DOUBLE_EQ(first.value(u"p99_ms"_qs).toDouble(), 40.2);
    EXPECT_DOUBLE_EQ(first.value(u"error_rate"_qs).toDouble(), 0.0);
    EXPECT_EQ(first.value(u"repetitions"_qs).toInt(), 3);
    EXPECT_DOUBLE_EQ(points.at(1).toObject().value(u"p99_ms"_qs).toDouble(), 80.46);

    // Knee: the highest throughput with p99 ≤ 100 ms and no errors; plateau: 4500 → 4480.
    expectMark(flask.value(u"knee"_qs), u"vus"_qs, 100, 4500);
    expectMark(flask.value(u"plateau"_qs), u"vus"_qs, 100, 4500);

    // The other series is swept by rate: its x key says so.
    const QJsonObject django = stacks.at(1).toObject();
    EXPECT_EQ(django.value(u"axis"_qs).toString(), u"rate"_qs);
    EXPECT_TRUE(django.value(u"points"_qs).toArray().at(0).toObject().contains(u"rate"_qs));
    EXPECT_FALSE(django.value(u"points"_qs).toArray().at(0).toObject().contains(u"vus"_qs));

    const QJsonObject best = json.value(u"best_config"_qs).toObject();
    EXPECT_EQ(best.keys(), QStringList { u"flask-sqlite3"_qs });
    const QJsonObject flaskBest = best.value(u"flask-sqlite3"_qs).toObject();
    EXPECT_EQ(flaskBest.value(u"params"_qs).toObject().keys(), QStringList { u"workers"_qs });
    EXPECT_EQ(flaskBest.value(u"params"_qs).toObject().value(u"workers"_qs).toString(), u"4"_qs);
    EXPECT_DOUBLE_EQ(flaskBest.value(u"rps"_qs).toDouble(), 4321.5);
    EXPECT_EQ(flaskBest.value(u"scenario"_qs).toString(), u"hello"_qs);
    expectPair(flaskBest.value(u"rps_ci"_qs), 4000.0, 4600.0);
    EXPECT_EQ(json.value(u"configs"_qs).toArray().size(), 2);
    // Without repetitions the runner-up cannot be tested: not tied, p null.
    EXPECT_TRUE(flaskBest.value(u"tied"_qs).toArray().isEmpty());
    const QJsonObject first4 = json.value(u"configs"_qs).toArray().at(0).toObject();
    EXPECT_EQ(first4.value(u"rank"_qs).toString(), u"best"_qs);
    EXPECT_TRUE(json.value(u"configs"_qs).toArray().at(1).toObject().value(u"rank"_qs).isNull());
    EXPECT_TRUE(json.value(u"configs"_qs).toArray().at(1).toObject().value(u"p_vs_best"_qs).isNull());
    EXPECT_DOUBLE_EQ(json.value(u"objective"_qs).toObject().value(u"slo_p99_ms"_qs).toDouble(), 100);
}

TEST(CurvesJson, UnknownValuesAreNull)
{
    const QJsonObject json = sampleCurves().toJson();
    const QJsonArray stacks = json.value(u"stacks"_qs).toArray();
    const QJsonArray flaskPoints = stacks.at(0).toObject().value(u"points"_qs).toArray();
    // One repetition's CI, and a point without latency.
    EXPECT_TRUE(flaskPoints.at(1).toObject().value(u"rps_ci"_qs).isNull());
    const QJsonObject noLatency = flaskPoints.at(2).toObject();
    EXPECT_TRUE(noLatency.contains(u"p50_ms"_qs));
    EXPECT_TRUE(noLatency.value(u"p50_ms"_qs).isNull());
    EXPECT_TRUE(noLatency.value(u"p99_ms"_qs).isNull());
    // A tiny error rate is kept, not rounded to 0.
    EXPECT_DOUBLE_EQ(noLatency.value(u"error_rate"_qs).toDouble(), 1.23457e-6);

    // The rate series has no latency, so under a p99 objective no knee; and it never flattens.
    const QJsonObject django = stacks.at(1).toObject();
    ASSERT_TRUE(django.contains(u"knee"_qs));
    EXPECT_TRUE(django.value(u"knee"_qs).isNull());
    ASSERT_TRUE(django.contains(u"plateau"_qs));
    EXPECT_TRUE(django.value(u"plateau"_qs).isNull());

    // Non-finite numbers never reach the JSON.
    Curves c = sampleCurves();
    c.series[0].points[0].rps = std::nan("");
    c.objective = noSlo();
    const QJsonObject nan = c.toJson();
    const QJsonObject firstPoint
        = nan.value(u"stacks"_qs).toArray().at(0).toObject().value(u"points"_qs).toArray().at(0).toObject();
    EXPECT_TRUE(firstPoint.value(u"rps"_qs).isNull());
    EXPECT_TRUE(nan.value(u"objective"_qs).toObject().value(u"slo_p99_ms"_qs).isNull());
    // The document writes and reads back as written.
    const QByteArray text = QJsonDocument(nan).toJson();
    EXPECT_EQ(QJsonDocument::fromJson(text).toJson(), text);
}

TEST(CurvesJson, EmptyCurvesAreValid)
{
    const QJsonObject json = Curves {}.toJson();
    EXPECT_EQ(json.value(u"format"_qs).toString(), u"stackbench-curves"_qs);
    EXPECT_TRUE(json.value(u"stacks"_qs).isArray());
    EXPECT_TRUE(json.value(u"stacks"_qs).toArray().isEmpty());
    EXPECT_TRUE(json.value(u"best_config"_qs).isObject());
    EXPECT_TRUE(json.value(u"best_config"_qs).toObject().isEmpty());
}

TEST(CurvesJson, BestConfigFollowsTheChosenScenario)
{
    Curves c = sampleCurves();
    c.configs << config(u"flask-sqlite3"_qs, { { u"workers"_qs, u"8"_qs } }, 900, u"db-read"_qs);
    EXPECT_EQ(c.toJson()
                  .value(u"best_config"_qs)
                  .toObject()
                  .value(u"flask-sqlite3"_qs)
                  .toObject()
                  .value(u"scenario"_qs)
                  .toString(),
        u"hello"_qs);
    c.configScenario = u"db-read"_qs;
    const QJsonObject best
        = c.toJson().value(u"best_config"_qs).toObject().value(u"flask-sqlite3"_qs).toObject();
    EXPECT_EQ(best.value(u"scenario"_qs).toString(), u"db-read"_qs);
    EXPECT_DOUBLE_EQ(best.value(u"rps"_qs).toDouble(), 900);
}

} // namespace
