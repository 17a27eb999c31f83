#include "engine/executortraits.h"
#include "plan/plan.h"

#include <QJsonArray>
#include <QJsonObject>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {
LoadSpec spec(ExecutorKind kind, int vus, std::chrono::milliseconds duration, qint64 iterations)
{
    LoadSpec s;
    s.executor = kind;
    s.vus = vus;
    s.duration = duration;
    s.iterations = iterations;
    return s;
}
} // namespace

TEST(ExecutorTraits, EveryKindHasOneRowAndItsNameParsesBack)
{
    const ExecutorKind kinds[] = { ExecutorKind::ConstantVus, ExecutorKind::SharedIterations,
        ExecutorKind::PerVuIterations, ExecutorKind::ConstantArrivalRate };
    ASSERT_EQ(executorTraits().size(), qsizetype(std::size(kinds)));
    for (ExecutorKind k : kinds) {
        EXPECT_EQ(traitsOf(k).kind, k);
        ExecutorKind parsed {};
        ASSERT_TRUE(parseExecutor(toString(k), &parsed)) << toString(k).toStdString();
        EXPECT_EQ(parsed, k);
        EXPECT_FALSE(traitsOf(k).label.isEmpty());
        EXPECT_FALSE(traitsOf(k).summary.isEmpty());
    }
    ExecutorKind unchanged = ExecutorKind::PerVuIterations;
    EXPECT_FALSE(parseExecutor(u"ramping-vus"_qs, &unchanged));
    EXPECT_EQ(unchanged, ExecutorKind::PerVuIterations);
}

// A plan writes exactly the keys its executor's row names, and reads them back.
TEST(ExecutorTraits, APlanWritesTheKeysOfItsExecutorsRow)
{
    const auto quick = loadPlan(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/quick.json"));
    ASSERT_TRUE(quick.ok());
    Plan p = *quick.plan;
    Scenario& s = p.scenarios[0];
    for (const ExecutorTraits& t : executorTraits()) {
        s.executor = t.kind;
        s.vus = 4;
        s.duration = 2s;
        s.iterations = 8;
        s.rate = 5;
        s.preAllocatedVus = 3;
        s.maxVus = 6;
        s.maxDuration = 1min;
        const QJsonObject o = p.toJson().value(u"scenarios"_qs).toArray().at(0).toObject();
        for (const QString& key : { u"vus"_qs, u"duration"_qs, u"iterations"_qs, u"maxDuration"_qs,
                 u"rate"_qs, u"preAllocatedVUs"_qs, u"maxVUs"_qs })
            EXPECT_EQ(o.contains(key), t.params.contains(key))
                << t.name.toStdString() << ' ' << key.toStdString();
        const PlanParseResult back = parsePlan(p.toJson());
        EXPECT_TRUE(back.ok()) << t.name.toStdString() << ": " << formatProblems(back.problems).toStdString();
    }
}

TEST(ExecutorTraits, PlannedIterationsCountPerVuOnlyForPerVu)
{
    EXPECT_EQ(plannedIterations(ExecutorKind::SharedIterations, 10, 1000), 1000);
    EXPECT_EQ(plannedIterations(ExecutorKind::PerVuIterations, 10, 1000), 10'000);
    EXPECT_EQ(plannedIterations(ExecutorKind::ConstantVus, 10, 1000), 0);
    EXPECT_EQ(plannedIterations(ExecutorKind::ConstantArrivalRate, 10, 1000), 0);
}

TEST(ExecutorTraits, PeakVusIsThePoolsCeilingForArrivalRate)
{
    LoadSpec s = spec(ExecutorKind::ConstantArrivalRate, 5, 1s, 0);
    s.preAllocatedVus = 8;
    s.maxVus = 20;
    EXPECT_EQ(peakVus(s), 20);
    s.maxVus = 0;
    EXPECT_EQ(peakVus(s), 8);
    s.executor = ExecutorKind::ConstantVus;
    EXPECT_EQ(peakVus(s), 5);
}

TEST(ExecutorTraits, DescribesTheLoadAsTheShippedTitlesDo)
{
    EXPECT_EQ(describeLoad(spec(ExecutorKind::ConstantVus, 50, 10s, 0)), u"50 VUs for 10 s"_qs);
    EXPECT_EQ(describeLoad(spec(ExecutorKind::ConstantVus, 1, 90s, 0)), u"1 VU for 1 min 30 s"_qs);
    EXPECT_EQ(
        describeLoad(spec(ExecutorKind::SharedIterations, 10, 0s, 200)), u"10 VUs share 200 requests"_qs);
    EXPECT_EQ(describeLoad(spec(ExecutorKind::PerVuIterations, 2, 0s, 3)), u"2 VUs × 3 requests"_qs);
    LoadSpec rate = spec(ExecutorKind::ConstantArrivalRate, 1, 2s, 0);
    rate.rate = 20.5;
    EXPECT_EQ(describeLoad(rate), u"20.5 req/s for 2 s"_qs);
    EXPECT_EQ(spokenDuration(120s), u"2 min"_qs);
    EXPECT_EQ(spokenDuration(500ms), u"0.5 s"_qs);
}

// The values StudyEstimate used before the table existed: a timed load its duration, an iteration
// load 20 ms per request per VU, at least half a second.
TEST(ExecutorTraits, ExpectedSecondsAreTheDurationOrTheGuess)
{
    EXPECT_DOUBLE_EQ(expectedSeconds(spec(ExecutorKind::ConstantVus, 50, 15s, 0)), 15.0);
    EXPECT_DOUBLE_EQ(expectedSeconds(spec(ExecutorKind::ConstantArrivalRate, 50, 2500ms, 0)), 2.5);
    EXPECT_DOUBLE_EQ(expectedSeconds(spec(ExecutorKind::SharedIterations, 10, 0s, 1000)), 2.0);
    EXPECT_DOUBLE_EQ(expectedSeconds(spec(ExecutorKind::PerVuIterations, 10, 0s, 1000)), 20.0);
    EXPECT_DOUBLE_EQ(expectedSeconds(spec(ExecutorKind::SharedIterations, 10, 0s, 20)), 0.5);
}
