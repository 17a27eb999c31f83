// Issue 14, item 3: a StudyRunner may be destroyed while its study is suspended (closing the window
// mid-study), and every signal it sends names its study. Under ASan (tests/sanitizers) a coroutine
// that resumed into the destroyed runner would be reported as a heap-use-after-free.
#include "fixtures.h"
#include "study/studyrunner.h"
#include "testserver.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>
#include <memory>

using namespace std::chrono_literals;

namespace {
/// Starts @p plan and returns once the runner reports @p stage, or after 30 s.
bool startAndReach(StudyRunner& runner, const Plan& plan, const QString& dir, StudyStage stage)
{
    QSignalSpy progress(&runner, &StudyRunner::progress);
    StudyRunner::Options options;
    options.resultsDir = dir;
    runner.start(plan, options);
    for (int waited = 0; waited < 300; ++waited) {
        for (const auto& args : progress)
            if (args.at(0).value<StudyProgress>().stage == stage)
                return true;
        progress.clear();
        progress.wait(100);
    }
    return false;
}

/// Lets every timer a suspended study could be waiting on fire (a pause sleeps in slices of at most
/// 100 ms; a load's live tick is 100 ms): the outcome checked here is the sanitizer's silence.
void runTheEventLoopPastEverySlice()
{
    QTest::qWait(500);
}
} // namespace

TEST(StudyRunnerLifetime, DestroyedDuringAPauseTouchesNothingWhenThePauseWakes)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    Plan plan = loopbackPlan(server.baseUrl(), { 200ms });
    plan.procedure.settleS = 30; // the study sits in its settle pause while the runner goes
    auto runner = std::make_unique<StudyRunner>();
    ASSERT_TRUE(startAndReach(*runner, plan, dir.filePath(u"r"_qs), StudyStage::Settle));
    EXPECT_TRUE(runner->isRunning());
    runner.reset();
    runTheEventLoopPastEverySlice();
}

TEST(StudyRunnerLifetime, DestroyedWhileMeasuringTouchesNothingWhenTheLoadEnds)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    Plan plan = loopbackPlan(server.baseUrl(), { 3s });
    auto runner = std::make_unique<StudyRunner>();
    ASSERT_TRUE(startAndReach(*runner, plan, dir.filePath(u"r"_qs), StudyStage::Scenario));
    runner.reset();
    runTheEventLoopPastEverySlice();
}

TEST(StudyRunnerLifetime, EverySignalNamesTheStudyThatStartReturned)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    StudyRunner runner;
    QSignalSpy progress(&runner, &StudyRunner::progress);
    QSignalSpy snapshots(&runner, &StudyRunner::snapshotAvailable);
    QSignalSpy scenarios(&runner, &StudyRunner::scenarioFinished);
    QSignalSpy preflight(&runner, &StudyRunner::preflightChecked);
    QSignalSpy finished(&runner, &StudyRunner::finished);
    StudyRunner::Options options;
    options.resultsDir = dir.filePath(u"r"_qs);
    const quint64 id = runner.start(loopbackPlan(server.baseUrl(), { 300ms }), options);
    ASSERT_TRUE(finished.wait(30'000));
    ASSERT_FALSE(progress.isEmpty());
    ASSERT_FALSE(snapshots.isEmpty());
    ASSERT_EQ(scenarios.size(), 1);
    ASSERT_EQ(preflight.size(), 1);
    for (const auto& args : progress)
        EXPECT_EQ(args.at(0).value<StudyProgress>().studyId, id);
    for (const QSignalSpy* spy : { &snapshots, &scenarios, &preflight, &finished })
        for (const auto& args : *spy)
            EXPECT_EQ(args.at(0).toULongLong(), id);
}
