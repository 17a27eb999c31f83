// Issue 12, part 3: the balanced Latin square that orders stacks per repetition, and the adaptive
// procedure that repeats until every bar's interval is narrow enough.
#include "plan/jsonreader.h"
#include "results/runmanifest.h"
#include "study/repetitions.h"
#include "study/studyestimate.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <gtest/gtest.h>
#include <set>

namespace {
/// Williams' property over a full cycle of rows: every stack once per position, and every ordered
/// pair (a directly before b) equally often.
void expectBalanced(int n)
{
    const int rows = n % 2 == 0 ? n : 2 * n;
    std::map<std::pair<int, int>, int> pairs;
    std::vector<std::vector<int>> atPosition(size_t(n), std::vector<int>(size_t(n), 0));
    for (int rep = 1; rep <= rows; ++rep) {
        const QList<int> order = williamsOrder(n, rep);
        ASSERT_EQ(order.size(), n);
        EXPECT_EQ(std::set<int>(order.begin(), order.end()).size(), size_t(n)) << "rep " << rep;
        for (int i = 0; i < n; ++i)
            ++atPosition[size_t(order[i])][size_t(i)];
        for (int i = 0; i + 1 < n; ++i)
            ++pairs[{ order[i], order[i + 1] }];
    }
    for (int s = 0; s < n; ++s)
        for (int pos = 0; pos < n; ++pos)
            EXPECT_EQ(atPosition[size_t(s)][size_t(pos)], rows / n)
                << "n " << n << " stack " << s << " position " << pos;
    EXPECT_EQ(pairs.size(), size_t(n * (n - 1))) << "n " << n;
    for (const auto& [pair, count] : pairs)
        EXPECT_EQ(count, rows / n) << "n " << n << ": " << pair.first << " before " << pair.second;
}

StackAggregate bar(int figure, const QString& label, const QList<double>& values)
{
    StackAggregate a;
    a.figure = figure;
    a.label = label;
    a.stack = label;
    a.values = values;
    a.stats = describe(values);
    return a;
}

/// A fake study: each repetition adds one value per bar from @p draw; returns the repetitions
/// the adaptive procedure ran and its last check.
std::pair<int, Convergence> runAdaptive(
    const Procedure& p, const std::function<double(int bar, int rep)>& draw)
{
    QList<QList<double>> values(3);
    for (int rep = 1;; ++rep) {
        for (int b = 0; b < 3; ++b)
            values[b] << draw(b, rep);
        Aggregates a;
        for (int b = 0; b < 3; ++b)
            a.rows << bar(1, u"stack %1"_qs.arg(b), values[b]);
        const Convergence c = checkConvergence(a, p.adaptive->targetCiPercent);
        if (rep >= p.minRepetitions() && stopsAfter(p, rep, c))
            return { rep, c };
    }
}

Procedure adaptive(int min, int max, double target)
{
    Procedure p;
    p.repetitions = max;
    p.adaptive = AdaptiveRepetitions { min, target };
    return p;
}
} // namespace

TEST(Repetitions, WilliamsSquaresAreBalanced)
{
    for (int n = 1; n <= 7; ++n) {
        SCOPED_TRACE(n);
        expectBalanced(n);
    }
}

TEST(Repetitions, WilliamsRowsForFourAndFive)
{
    EXPECT_EQ(williamsOrder(4, 1), (QList<int> { 0, 1, 3, 2 }));
    EXPECT_EQ(williamsOrder(4, 2), (QList<int> { 1, 2, 0, 3 }));
    EXPECT_EQ(williamsOrder(4, 5), williamsOrder(4, 1)); // the cycle repeats
    EXPECT_EQ(williamsOrder(5, 1), (QList<int> { 0, 1, 4, 2, 3 }));
    EXPECT_EQ(williamsOrder(5, 6), (QList<int> { 3, 2, 4, 1, 0 })); // odd: the mirror block
}

TEST(Repetitions, ConvergingValuesStopAtTheMinimum)
{
    const Procedure p = adaptive(3, 15, 5);
    // ±0.5 % around 1000, 10 and 4000: three repetitions already give intervals far below ±5 %.
    const auto [reps, c] = runAdaptive(p, [](int b, int rep) {
        const double base[] = { 1000, 10, 4000 };
        return base[b] * (1 + 0.005 * ((rep % 3) - 1));
    });
    EXPECT_EQ(reps, 3);
    EXPECT_TRUE(c.converged());
}

TEST(Repetitions, NoisyValuesRunToTheMaximumAndAreNamed)
{
    const Procedure p = adaptive(3, 8, 5);
    QRandomGenerator rng(42);
    // Bar 1 varies by ±40 %: eight repetitions cannot bring its interval within ±5 %.
    const auto [reps, c] = runAdaptive(
        p, [&](int b, int) { return b == 1 ? 100 * (0.6 + 0.8 * rng.generateDouble()) : 100.0; });
    EXPECT_EQ(reps, 8);
    ASSERT_EQ(c.unconverged.size(), 1);
    EXPECT_TRUE(c.unconverged.first().startsWith(u"Figure 1 · stack 1: ±"_qs))
        << qPrintable(c.unconverged.first());
    EXPECT_TRUE(c.unconverged.first().endsWith(u"(n = 8)"_qs));
}

TEST(Repetitions, ValuesThatSettleLateStopWhenTheyConverge)
{
    const Procedure p = adaptive(3, 15, 5);
    // Noisy for four repetitions, then steady at 100: the interval narrows as steady values pile up.
    const auto [reps, c]
        = runAdaptive(p, [](int, int rep) { return rep <= 4 ? (rep % 2 ? 90.0 : 110.0) : 100.0; });
    EXPECT_GT(reps, 4);
    EXPECT_LT(reps, 15);
    EXPECT_TRUE(c.converged());
}

TEST(Repetitions, ABarWithOneValueHasNoIntervalYet)
{
    Aggregates a;
    a.rows << bar(2, u"solo"_qs, { 5.0 });
    const Convergence c = checkConvergence(a, 5);
    ASSERT_EQ(c.unconverged.size(), 1);
    EXPECT_EQ(c.unconverged.first(), u"Figure 2 · solo: no interval yet (n = 1)"_qs);
}

TEST(Repetitions, FixedProceduresStopAtTheirCount)
{
    Procedure p;
    p.repetitions = 5;
    EXPECT_FALSE(stopsAfter(p, 4, Convergence {}));
    EXPECT_TRUE(stopsAfter(p, 5, Convergence {}));
    const Procedure a = adaptive(3, 15, 5);
    EXPECT_FALSE(stopsAfter(a, 2, Convergence {})); // never before the minimum
    EXPECT_TRUE(stopsAfter(a, 3, Convergence {}));
    Convergence wide;
    wide.unconverged << u"x"_qs;
    EXPECT_FALSE(stopsAfter(a, 14, wide));
    EXPECT_TRUE(stopsAfter(a, 15, wide));
}

TEST(Repetitions, TheEstimatePlansTheMinimumAndGrowsOneRepetitionAtATime)
{
    Plan plan;
    for (const QString& id : { u"a"_qs, u"b"_qs }) {
        PlanStack stack;
        stack.stack = id;
        plan.stacks << stack;
    }
    Scenario s;
    s.id = u"hello"_qs;
    s.duration = std::chrono::seconds(10);
    s.vus = 1;
    s.request.method = "GET";
    s.request.path = u"/hello"_qs;
    plan.scenarios << s;
    plan.procedure.repetitions = 10;
    StudyEstimate fixed(plan, ResumeIndex());
    plan.procedure.adaptive = AdaptiveRepetitions { 3, 5 };
    StudyEstimate open(plan, ResumeIndex());
    EXPECT_NEAR(open.totalSeconds(), fixed.totalSeconds() * 3 / 10, 1e-9);
    open.setPlannedRepetitions(4);
    EXPECT_NEAR(open.totalSeconds(), fixed.totalSeconds() * 4 / 10, 1e-9);
}

namespace {
/// Stacks "a" and "b", one constant-vus scenario of @p seconds, @p repetitions, nothing else timed.
Plan twoStacks(int seconds, int repetitions)
{
    Plan plan = parsePlan(QByteArray(R"({"format": "stackbench-plan", "version": 1, "name": "t",
        "stacks": [{"stack": "a"}, {"stack": "b"}],
        "scenarios": [{"id": "hello", "metric": "rps", "executor": "constant-vus", "vus": 1, "duration": "1s",
                       "request": {"method": "GET", "path": "/hello"}}],
        "procedure": {"settle_s": 0, "seed_count": 0, "idle_s": 0, "gap_s": 0, "repetitions": 1,
                      "transport": "socket", "timeout_s": 1, "verify": false}})"))
                    .plan.value();
    plan.scenarios[0].duration = std::chrono::seconds(seconds);
    plan.procedure.repetitions = repetitions;
    return plan;
}
} // namespace

// A shard runs some of a repetition's stacks and skips the others. The estimate plans them in the
// order they run, so the stack that runs first in repetition 2 (the second, in Williams' order)
// moves the progress forward while it runs, instead of holding it until a skipped stack "ends".
TEST(Repetitions, AShardsProgressMovesWhileEachOfItsStacksRuns)
{
    const Plan plan = twoStacks(10, 2);
    ASSERT_EQ(williamsOrder(2, 2), (QList<int> { 1, 0 }));
    StudyEstimate e(plan, ResumeIndex(), RunManifest::Shard { 1, 2 }); // rep 1: a; rep 2: b
    e.beginStage(10); // rep 1, a
    e.finishStack();
    e.skipStack(); // rep 1, b
    const double afterFirst = e.overall(0);
    EXPECT_NEAR(afterFirst, 0.5, 1e-9);
    e.beginStage(10); // rep 2, b runs first
    EXPECT_GT(e.overall(0.5), afterFirst);
    e.finishStack();
    e.skipStack(); // rep 2, a
    EXPECT_NEAR(e.overall(0), 1.0, 1e-9);
}

// The ETA scales what is left by the pace so far, but a few seconds of a slow start do not double it.
TEST(Repetitions, TheEtaFollowsTheObservedPaceOnceThereIsEnoughOfIt)
{
    const Plan plan = twoStacks(600, 1);
    StudyEstimate e(plan, ResumeIndex());
    const double total = e.totalSeconds();
    EXPECT_NEAR(e.etaSeconds(0, 0), total, 1e-9) << "nothing done: the plan";
    e.beginStage(1); // a's start, planned 1 s, took 2.5 s
    e.beginStage(total / 2 - 1); // a's scenario
    const double early = e.etaSeconds(0, 2.5);
    EXPECT_NEAR(early, total - 1, 0.05 * total) << "a slow start barely moves it";
    EXPECT_GT(early, total - 1) << "but it does move it";
    // Half the study done at 1.5 times the planned pace: the other half will take about as long.
    const double half = total / 2;
    EXPECT_NEAR(e.etaSeconds(1.0, 1.5 * half), 1.5 * (total - half), 0.05 * total);
}

TEST(Repetitions, TheManifestRecordsTheOrderAndTheOutcome)
{
    RunManifest m;
    m.plan = parsePlan(QByteArray(R"({"format": "stackbench-plan", "version": 1, "name": "t",
        "stacks": [{"stack": "a"}, {"stack": "b"}, {"stack": "c"}],
        "scenarios": [{"id": "hello", "metric": "rps", "executor": "constant-vus", "vus": 1, "duration": "1s",
                       "request": {"method": "GET", "path": "/hello"}}],
        "procedure": {"settle_s": 0, "seed_count": 0, "idle_s": 0, "gap_s": 0, "repetitions": 2,
                      "transport": "socket", "timeout_s": 1, "verify": false}})"))
                 .plan.value();
    m.startedAt = QDateTime::currentDateTimeUtc();
    m.stackOrders = { { u"a"_qs, u"b"_qs, u"c"_qs }, { u"b"_qs, u"c"_qs, u"a"_qs } };
    m.convergence = RunManifest::Convergence { 7, { u"Figure 1 · a: ±6.0 % (n = 7)"_qs } };
    QJsonObject json = m.toJson();
    JsonReader r;
    const auto back = RunManifest::fromJson(r, json);
    ASSERT_TRUE(back.has_value()) << qPrintable(formatProblems(r.problems()));
    EXPECT_EQ(back->stackOrders, m.stackOrders);
    ASSERT_TRUE(back->convergence.has_value());
    EXPECT_EQ(back->convergence->repetitions, 7);
    EXPECT_EQ(back->convergence->unconverged, m.convergence->unconverged);
    EXPECT_EQ(back->stackOrder(2), (QStringList { u"b"_qs, u"c"_qs, u"a"_qs }));
    EXPECT_EQ(
        back->stackOrder(3), (QStringList { u"a"_qs, u"b"_qs, u"c"_qs })); // beyond the list: plan order

    json.insert(u"stack_orders"_qs, QJsonArray { QJsonArray { u"a"_qs, u"a"_qs, u"c"_qs } });
    JsonReader bad;
    EXPECT_FALSE(RunManifest::fromJson(bad, json).has_value());
    EXPECT_TRUE(formatProblems(bad.problems())
                    .contains(u"stack_orders[0]: must list each stack of the plan exactly once"_qs))
        << qPrintable(formatProblems(bad.problems()));
}
