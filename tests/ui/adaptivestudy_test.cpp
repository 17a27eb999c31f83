// Issue 12, part 3, end to end on the study runner: stacks run in a balanced Latin square order that
// the manifest records, and an adaptive procedure stops once every bar is narrow enough, or at its
// maximum, naming the bars that are not. Two external stacks on the loopback TestServer.
#include "fixtures.h"
#include "plan/jsonreader.h"
#include "results/resultsfolder.h"
#include "study/studyrunner.h"
#include "testserver.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {
Plan twoStacks(const QUrl& base, int min, double targetCiPercent)
{
    Plan plan = loopbackPlan(base, { 150ms });
    PlanStack second = plan.stacks.first();
    second.name = u"loopback-b"_qs;
    plan.stacks << second;
    plan.scenarios[0].figure = 1;
    // Mean latency of a 20 ms service time: steady enough to converge, never exactly constant.
    plan.scenarios[0].metric = Metric::MeanMs;
    plan.scenarios[0].request.path = u"/slow?ms=20"_qs;
    plan.procedure.gapS = 0;
    plan.procedure.repetitions = 4;
    plan.procedure.adaptive = AdaptiveRepetitions { min, targetCiPercent };
    return plan;
}

struct StudyOutcome
{
    QList<QList<QVariant>> checks; ///< convergenceChecked's arguments
    ResultsFolder folder;
};

StudyOutcome runStudy(const Plan& plan, const QString& dir)
{
    StudyRunner runner;
    QSignalSpy checks(&runner, &StudyRunner::convergenceChecked);
    QSignalSpy finished(&runner, &StudyRunner::finished);
    QSignalSpy failed(&runner, &StudyRunner::failed);
    StudyRunner::Options options;
    options.resultsDir = dir;
    runner.start(plan, options);
    EXPECT_TRUE(finished.wait(60'000));
    EXPECT_TRUE(failed.isEmpty()) << (failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    StudyOutcome r;
    for (const auto& c : checks)
        r.checks << c;
    r.folder = loadResults(dir);
    return r;
}
} // namespace

TEST(AdaptiveStudy, NeverNarrowEnoughRunsToTheMaximumAndNamesTheBars)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    const StudyOutcome run = runStudy(twoStacks(server.baseUrl(), 2, 1e-6), dir.filePath(u"r"_qs));
    ASSERT_EQ(run.checks.size(), 3); // after 2 and 3: one more; after 4: the maximum
    EXPECT_TRUE(run.checks[0].at(3).toBool());
    EXPECT_TRUE(run.checks[1].at(3).toBool());
    EXPECT_FALSE(run.checks[2].at(3).toBool());
    EXPECT_EQ(run.checks[2].at(1).toInt(), 4);
    EXPECT_EQ(run.checks[2].at(2).toStringList().size(), 2); // both bars, by name
    ASSERT_TRUE(run.folder.manifest.has_value());
    const RunManifest& m = *run.folder.manifest;
    ASSERT_TRUE(m.convergence.has_value());
    EXPECT_EQ(m.convergence->repetitions, 4);
    EXPECT_EQ(m.convergence->unconverged.size(), 2);
    // Two stacks: the Williams square alternates their order.
    ASSERT_EQ(m.stackOrders.size(), 4);
    EXPECT_EQ(m.stackOrders[0], (QStringList { u"loopback"_qs, u"loopback-b"_qs }));
    EXPECT_EQ(m.stackOrders[1], (QStringList { u"loopback-b"_qs, u"loopback"_qs }));
    EXPECT_EQ(run.folder.records.size(), 8); // 4 repetitions x 2 stacks x 1 scenario
}

TEST(AdaptiveStudy, NarrowEnoughStopsAtTheMinimum)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    // ±20 % after three repetitions: a 20 ms service time varies far less than that.
    const StudyOutcome run = runStudy(twoStacks(server.baseUrl(), 3, 20), dir.filePath(u"r"_qs));
    ASSERT_EQ(run.checks.size(), 1);
    EXPECT_EQ(run.checks[0].at(1).toInt(), 3);
    EXPECT_TRUE(run.checks[0].at(2).toStringList().isEmpty());
    EXPECT_FALSE(run.checks[0].at(3).toBool());
    ASSERT_TRUE(run.folder.manifest.has_value());
    EXPECT_EQ(run.folder.manifest->convergence->repetitions, 3);
    EXPECT_EQ(run.folder.records.size(), 6);
}
