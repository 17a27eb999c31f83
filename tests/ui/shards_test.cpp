// Issue 17, part 3: a study run in shards (run --shard K/N) and joined (merge-results) holds exactly
// the records of the same study run whole; what is not one whole is refused.
#include "fixtures.h"
#include "results/mergeresults.h"
#include "results/resultsfolder.h"
#include "results/resumeindex.h"
#include "study/studyrunner.h"
#include "testserver.h"
#include "waiting.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {
Plan twoStacksTwice(const QUrl& base)
{
    Plan plan = loopbackPlan(base, { 150ms, 150ms });
    PlanStack second = plan.stacks.first();
    second.name = u"loopback-b"_qs;
    plan.stacks << second;
    plan.procedure.gapS = 0;
    plan.procedure.repetitions = 3;
    return plan;
}

QString runStudy(const Plan& plan, const QString& dir, std::optional<RunManifest::Shard> shard = {})
{
    StudyRunner runner;
    QSignalSpy finished(&runner, &StudyRunner::finished);
    QSignalSpy failed(&runner, &StudyRunner::failed);
    StudyRunner::Options options;
    options.resultsDir = dir;
    options.shard = shard;
    runner.start(plan, options);
    // A study that cannot start only fails; one that ran finishes.
    if (!waitUntil([&] { return !finished.isEmpty() || (!failed.isEmpty() && !runner.isRunning()); }, 60s))
        return u"timed out"_qs;
    return failed.isEmpty() ? QString() : failed.first().at(1).toString();
}

QList<RecordKey> keysOf(const QString& dir)
{
    QList<RecordKey> keys;
    for (const ScenarioRecord& r : loadResults(dir).records)
        keys << RecordKey { r.repetition, r.stack, r.scenarioId };
    std::sort(keys.begin(), keys.end(), [](const RecordKey& a, const RecordKey& b) {
        return std::tie(a.repetition, a.stack, a.scenarioId) < std::tie(b.repetition, b.stack, b.scenarioId);
    });
    return keys;
}
} // namespace

TEST(Shards, MergedShardsEqualTheWholeStudy)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    const Plan plan = twoStacksTwice(server.baseUrl());
    QTemporaryDir dir;
    ASSERT_EQ(runStudy(plan, dir.filePath(u"whole"_qs)), QString());
    ASSERT_EQ(runStudy(plan, dir.filePath(u"s1"_qs), RunManifest::Shard { 1, 2 }), QString());
    ASSERT_EQ(runStudy(plan, dir.filePath(u"s2"_qs), RunManifest::Shard { 2, 2 }), QString());
    const QList<RecordKey> s1 = keysOf(dir.filePath(u"s1"_qs)), s2 = keysOf(dir.filePath(u"s2"_qs));
    EXPECT_EQ(s1.size(), 6) << "3 of the 6 (repetition, stack) units, 2 scenarios each";
    EXPECT_EQ(s2.size(), 6);

    ASSERT_EQ(
        mergeResultFolders({ dir.filePath(u"s1"_qs), dir.filePath(u"s2"_qs) }, dir.filePath(u"merged"_qs)),
        QString());
    EXPECT_EQ(keysOf(dir.filePath(u"merged"_qs)), keysOf(dir.filePath(u"whole"_qs)));
    const ResultsFolder merged = loadResults(dir.filePath(u"merged"_qs));
    ASSERT_TRUE(merged.ok());
    EXPECT_FALSE(merged.manifest->shard.has_value());
    EXPECT_EQ(merged.manifest->mergedFrom.size(), 2);
    EXPECT_TRUE(merged.manifest->finishedAt.isValid());

    const QString twice
        = mergeResultFolders({ dir.filePath(u"s1"_qs), dir.filePath(u"s1"_qs) }, dir.filePath(u"bad1"_qs));
    EXPECT_TRUE(twice.contains(u"shard 1/2 is there twice"_qs)) << qPrintable(twice);
    const QString gap = mergeResultFolders({ dir.filePath(u"s2"_qs) }, dir.filePath(u"bad2"_qs));
    EXPECT_TRUE(gap.contains(u"shard 1/2 is missing"_qs)) << qPrintable(gap);
    const QString notShard
        = mergeResultFolders({ dir.filePath(u"whole"_qs), dir.filePath(u"s2"_qs) }, dir.filePath(u"bad3"_qs));
    EXPECT_TRUE(notShard.contains(u"is not a shard"_qs)) << qPrintable(notShard);
}

TEST(Shards, AnAdaptiveStudyIsNotSharded)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    Plan plan = twoStacksTwice(server.baseUrl());
    plan.procedure.adaptive = AdaptiveRepetitions { 2, 5 };
    QTemporaryDir dir;
    const QString error = runStudy(plan, dir.filePath(u"a"_qs), RunManifest::Shard { 1, 2 });
    EXPECT_TRUE(error.contains(u"cannot run in shards"_qs)) << qPrintable(error);
}
