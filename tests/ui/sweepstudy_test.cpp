// Issue 15 on the study runner: a VU sweep against a server of known capacity (TestServer's
// /capacity: at most K requests in service, each S ms) finds the plateau at K * 1000 / S req/s and
// the knee at K VUs, and its records carry their cells' coordinates.
#include "fixtures.h"
#include "results/aggregate.h"
#include "results/resultsfolder.h"
#include "results/sweepcurves.h"
#include "study/studyrunner.h"
#include "testserver.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

TEST(SweepStudy, KnownCapacityServerPlateausAtKOverSAndKneesAtKVus)
{
    constexpr int K = 4;
    constexpr int S = 20; // ms: at most K * 1000 / S = 200 req/s
    TestServer server;
    ASSERT_TRUE(server.start());
    Plan plan = loopbackPlan(server.baseUrl(), { 1500ms });
    plan.scenarios[0].id = u"capacity"_qs;
    plan.scenarios[0].request.path = u"/capacity?slots=%1&ms=%2"_qs.arg(K).arg(S);
    plan.scenarios[0].sweep = { { u"vus"_qs, { 1, 2, 4, 8, 16 } } };
    plan.procedure.repetitions = 2;
    plan.procedure.gapS = 0;
    plan.procedure.sloP99Ms = 1.5 * S; // a request that waited for a slot misses it
    ASSERT_TRUE(validatePlan(plan).isEmpty()) << qPrintable(validatePlan(plan).first().toString());

    QTemporaryDir dir;
    StudyRunner runner;
    QSignalSpy finished(&runner, &StudyRunner::finished);
    QSignalSpy failed(&runner, &StudyRunner::failed);
    StudyRunner::Options options;
    options.resultsDir = dir.filePath(u"r"_qs);
    runner.start(plan, options);
    ASSERT_TRUE(finished.wait(120'000));
    ASSERT_TRUE(failed.isEmpty()) << qPrintable(failed.first().at(1).toString());

    const ResultsFolder folder = loadResults(options.resultsDir);
    ASSERT_TRUE(folder.ok());
    ASSERT_EQ(folder.records.size(), 10); // 5 cells x 2 repetitions
    for (const ScenarioRecord& r : folder.records) {
        EXPECT_EQ(r.scenarioId, u"capacity-vus-%1"_qs.arg(r.point.value(u"vus"_qs)));
        // Issue 16: each record keeps its course over time, a point per live snapshot.
        EXPECT_GE(r.series.points.size(), 4) << qPrintable(r.scenarioId);
        EXPECT_NEAR(r.series.points.last().t, 1.5, 0.5) << qPrintable(r.scenarioId);
        int peak = 0;
        for (const TimeSeries::Point& p : r.series.points)
            peak = std::max(peak, p.activeVus);
        EXPECT_EQ(peak, int(r.point.value(u"vus"_qs))) << qPrintable(r.scenarioId);
    }
    EXPECT_EQ(folder.manifest->plan.toJson(), plan.toJson())
        << "the folder keeps the plan as written, sweep and all";

    const Curves curves = sweepCurves(folder, aggregate(folder));
    ASSERT_EQ(curves.series.size(), 1);
    const CurveSeries& s = curves.series.first();
    EXPECT_EQ(s.axis, u"vus"_qs);
    EXPECT_EQ(s.scenario, u"capacity"_qs);
    ASSERT_EQ(s.points.size(), 5);
    QStringList shape;
    for (const CurvePoint& p : s.points)
        shape << u"%1 VUs: %2 req/s, p99 %3 ms"_qs.arg(p.x).arg(p.rps, 0, 'f', 1).arg(p.p99Ms, 0, 'f', 1);
    ASSERT_TRUE(s.plateau.has_value()) << qPrintable(shape.join(u"; "_qs));
    EXPECT_NEAR(s.plateau->rps, K * 1000.0 / S, 0.1 * K * 1000.0 / S) << qPrintable(shape.join(u"; "_qs));
    EXPECT_EQ(s.plateau->x, K) << qPrintable(shape.join(u"; "_qs));
    ASSERT_TRUE(s.knee.has_value()) << qPrintable(shape.join(u"; "_qs));
    EXPECT_EQ(s.knee->x, K) << qPrintable(shape.join(u"; "_qs));
    EXPECT_TRUE(curves.configs.isEmpty());
}
