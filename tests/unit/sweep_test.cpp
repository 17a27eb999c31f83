// Sweeps in plans: parameters and load axes are read and validated with JSON paths, expanded into
// cells with their coordinates, written back unchanged, and counted by the estimate.
#include "plan/plan.h"
#include "results/resumeindex.h"
#include "study/studyestimate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

namespace {

const QByteArray kSweep = R"({
  "format": "stackbench-plan", "version": 1, "name": "sweep",
  "stacks": [
    {"stack": "flask-sqlite3", "params": {"reuse_port": "--reuse-port"}, "sweep": {"workers": [1, 2], "threads": [1, 4]}},
    {"stack": "fastapi-sqlite3"}
  ],
  "scenarios": [
    {"id": "hello", "metric": "rps", "executor": "constant-vus", "duration": "1s", "figure": 1,
     "sweep": {"vus": [1, 10, 50]}, "request": {"method": "GET", "path": "/hello"}},
    {"id": "open", "title": "Open model", "metric": "rps", "executor": "constant-arrival-rate", "duration": "1s",
     "rate": 100, "preAllocatedVUs": 10, "sweep": {"rate": [12.5, 100]}, "request": {"method": "GET", "path": "/hello"}},
    {"id": "get-one", "metric": "mean_ms", "executor": "shared-iterations", "vus": 2, "iterations": 10,
     "request": {"method": "GET", "path": "/items/1"}}
  ],
  "procedure": {"settle_s": 0, "seed_count": 10, "idle_s": 0, "gap_s": 0, "repetitions": 1,
                "transport": "socket", "timeout_s": 5}
})";

QJsonObject sweepPlan()
{
    return QJsonDocument::fromJson(kSweep).object();
}

QStringList problemsOf(const QJsonObject& o)
{
    const auto r = parsePlan(QJsonDocument(o).toJson());
    QStringList lines;
    for (const auto& p : r.problems)
        lines << p.toString();
    return lines;
}

/// Whether one of `lines` starts with `path` and contains `words`.
::testing::AssertionResult hasProblem(const QStringList& lines, const QString& path, const QString& words)
{
    for (const QString& l : lines)
        if (l.startsWith(path + u": "_qs) && l.contains(words))
            return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
        << "no problem at " << qPrintable(path) << " saying \"" << qPrintable(words) << "\" in:\n  "
        << qPrintable(lines.join(u"\n  "_qs));
}

/// `plan` with key `key` of element `i` of array `list` set to `v` (removed when `v` is undefined).
QJsonObject withEntry(QJsonObject plan, const QString& list, int i, const QString& key, const QJsonValue& v)
{
    QJsonArray entries = plan[list].toArray();
    QJsonObject e = entries[i].toObject();
    if (v.isUndefined())
        e.remove(key);
    else
        e[key] = v;
    entries[i] = e;
    plan[list] = entries;
    return plan;
}

QJsonObject withStack(QJsonObject plan, int i, const QString& key, const QJsonValue& v)
{
    return withEntry(std::move(plan), u"stacks"_qs, i, key, v);
}

QJsonObject withScenario(QJsonObject plan, int i, const QString& key, const QJsonValue& v)
{
    return withEntry(std::move(plan), u"scenarios"_qs, i, key, v);
}

} // namespace

TEST(Sweep, ParsesParamsAndAxes)
{
    const auto r = parsePlan(kSweep);
    ASSERT_TRUE(r.ok()) << qPrintable(r.problems.isEmpty() ? QString() : r.problems.first().toString());
    const Plan& p = *r.plan;
    ASSERT_TRUE(hasSweeps(p));
    EXPECT_EQ(p.stacks[0].params, (QMap<QString, QString> { { u"reuse_port"_qs, u"--reuse-port"_qs } }));
    EXPECT_EQ(p.stacks[0].sweep.value(u"workers"_qs), (QStringList { u"1"_qs, u"2"_qs }));
    EXPECT_EQ(p.stacks[0].sweep.value(u"threads"_qs), (QStringList { u"1"_qs, u"4"_qs }));
    EXPECT_EQ(p.scenarios[0].sweep.value(u"vus"_qs), (QList<double> { 1, 10, 50 }));
    EXPECT_EQ(p.scenarios[0].vus, 1) << "a swept key left out takes the sweep's first value";
    EXPECT_EQ(p.scenarios[1].sweep.value(u"rate"_qs), (QList<double> { 12.5, 100 }));
    QJsonObject plain = withStack(sweepPlan(), 0, u"sweep"_qs, QJsonValue::Undefined);
    plain = withScenario(withScenario(plain, 0, u"sweep"_qs, QJsonValue::Undefined), 0, u"vus"_qs, 1);
    plain = withScenario(plain, 1, u"sweep"_qs, QJsonValue::Undefined);
    const auto unswept = parsePlan(QJsonDocument(plain).toJson());
    ASSERT_TRUE(unswept.ok()) << qPrintable(
        unswept.problems.isEmpty() ? QString() : unswept.problems.first().toString());
    EXPECT_FALSE(hasSweeps(*unswept.plan));
}

TEST(Sweep, WritesBackWhatItRead)
{
    const Plan p = parsePlan(kSweep).plan.value();
    const auto again = parsePlan(p.toJson());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.plan->toJson(), p.toJson());
    const QJsonObject stack = p.toJson()[u"stacks"_qs].toArray()[0].toObject();
    EXPECT_EQ(stack[u"sweep"_qs].toObject()[u"workers"_qs].toArray(), (QJsonArray { 1, 2 }))
        << "numbers stay numbers";
    EXPECT_EQ(stack[u"params"_qs].toObject()[u"reuse_port"_qs], QJsonValue(u"--reuse-port"_qs));
}

TEST(Sweep, ExpandsIntoCellsWithTheirCoordinates)
{
    const Plan p = parsePlan(kSweep).plan.value();
    const Plan cells = expandSweeps(p);
    ASSERT_EQ(cells.stacks.size(), 5); // 2 x 2 + 1
    EXPECT_EQ(expandedStackCount(p), 5);
    QStringList ids;
    for (const PlanStack& s : cells.stacks)
        ids << s.id();
    EXPECT_EQ(ids,
        (QStringList { u"flask-sqlite3@reuse_port=--reuse-port,threads=1,workers=1"_qs,
            u"flask-sqlite3@reuse_port=--reuse-port,threads=1,workers=2"_qs,
            u"flask-sqlite3@reuse_port=--reuse-port,threads=4,workers=1"_qs,
            u"flask-sqlite3@reuse_port=--reuse-port,threads=4,workers=2"_qs, u"fastapi-sqlite3"_qs }))
        << "axes in key order, the last varying fastest";
    EXPECT_TRUE(cells.stacks[0].sweep.isEmpty());
    EXPECT_EQ(cells.stacks[0].displayLabel(),
        u"Flask + sqlite3 (reuse_port=--reuse-port, threads=1, workers=1)"_qs);
    EXPECT_EQ(cells.stacks[0].baseLabel(), u"Flask + sqlite3"_qs) << "the label without the parameters";
    PlanStack unknown = cells.stacks[0];
    unknown.stack = u"my-stack"_qs;
    EXPECT_EQ(unknown.baseLabel(), u"my-stack"_qs) << "its name, not its id with the parameters";

    ASSERT_EQ(cells.scenarios.size(), 6); // 3 + 2 + 1
    EXPECT_EQ(expandedScenarioCount(p), 6);
    const Scenario& v50 = cells.scenarios[2];
    EXPECT_EQ(v50.id, u"hello-vus-50"_qs);
    EXPECT_EQ(v50.vus, 50);
    EXPECT_EQ(v50.sweptFrom, u"hello"_qs);
    EXPECT_EQ(v50.point, (QMap<QString, double> { { u"vus"_qs, 50 } }));
    EXPECT_EQ(v50.figure, 0) << "cells make curves, not one figure's bars";
    EXPECT_EQ(v50.title, u"GET /hello: 50 VUs for 1 s"_qs) << "a suggested title follows the load";
    const Scenario& slow = cells.scenarios[3];
    EXPECT_EQ(slow.id, u"open-rate-12_5"_qs);
    EXPECT_DOUBLE_EQ(slow.rate, 12.5);
    EXPECT_EQ(slow.title, u"Open model (rate 12.5)"_qs) << "an author's title keeps its words";
    EXPECT_EQ(cells.scenarios[5].id, u"get-one"_qs);
    EXPECT_TRUE(cells.scenarios[5].sweptFrom.isEmpty());
    EXPECT_TRUE(cells.scenarios[5].point.isEmpty());

    const Plan plain = expandSweeps(cells);
    EXPECT_EQ(plain.toJson(), cells.toJson()) << "a plan without sweeps expands to itself";
}

TEST(Sweep, EstimateCountsCells)
{
    const Plan p = parsePlan(kSweep).plan.value();
    const double swept = StudyEstimate(p, ResumeIndex()).totalSeconds();
    EXPECT_DOUBLE_EQ(swept, StudyEstimate(expandSweeps(p), ResumeIndex()).totalSeconds());
    Plan one = p;
    one.stacks = { p.stacks[1] };
    one.scenarios = { p.scenarios[2] };
    EXPECT_GT(swept, 5 * StudyEstimate(one, ResumeIndex()).totalSeconds())
        << "five stacks of six scenarios are much more than one of one";
}

TEST(Sweep, ProblemsHaveTheirPaths)
{
    // Scenario 0 names its VUs, so replacing its sweep leaves a valid base.
    const QJsonObject p = withScenario(sweepPlan(), 0, u"vus"_qs, 1);
    EXPECT_TRUE(hasProblem(
        problemsOf(withScenario(p, 0, u"sweep"_qs, QJsonObject { { u"rate"_qs, QJsonArray { 1 } } })),
        u"scenarios[0].sweep.rate"_qs, u"cannot be swept in a constant-vus scenario; it sweeps vus"_qs));
    EXPECT_TRUE(hasProblem(
        problemsOf(withScenario(p, 0, u"sweep"_qs, QJsonObject { { u"duration"_qs, QJsonArray { 1 } } })),
        u"scenarios[0].sweep.duration"_qs, u"cannot be swept"_qs));
    EXPECT_TRUE(hasProblem(problemsOf(withScenario(p, 0, u"sweep"_qs, QJsonObject {})),
        u"scenarios[0].sweep"_qs, u"at least one of vus"_qs));
    EXPECT_TRUE(
        hasProblem(problemsOf(withScenario(p, 0, u"sweep"_qs, QJsonObject { { u"vus"_qs, QJsonArray {} } })),
            u"scenarios[0].sweep.vus"_qs, u"array of 1 to 64"_qs));
    EXPECT_TRUE(hasProblem(
        problemsOf(withScenario(p, 0, u"sweep"_qs, QJsonObject { { u"vus"_qs, QJsonArray { 1, 0 } } })),
        u"scenarios[0].sweep.vus[1]"_qs, u"1"_qs));
    EXPECT_TRUE(hasProblem(
        problemsOf(withScenario(p, 0, u"sweep"_qs, QJsonObject { { u"vus"_qs, QJsonArray { 5, 5 } } })),
        u"scenarios[0].sweep.vus[1]"_qs, u"repeats the value 5"_qs));
    EXPECT_TRUE(hasProblem(
        problemsOf(withScenario(p, 1, u"sweep"_qs, QJsonObject { { u"rate"_qs, QJsonArray { 0.0 } } })),
        u"scenarios[1].sweep.rate[0]"_qs, u"> 0"_qs));
    // Every cell is checked: 20 VUs cannot share 10 iterations.
    EXPECT_TRUE(hasProblem(problemsOf(withScenario(
                               p, 2, u"sweep"_qs, QJsonObject { { u"vus"_qs, QJsonArray { 2, 20 } } })),
                    u"scenarios[2]"_qs, u"at GET /items/1: 10 iterations shared by 20 VUs"_qs)
        || hasProblem(
            problemsOf(withScenario(p, 2, u"sweep"_qs, QJsonObject { { u"vus"_qs, QJsonArray { 2, 20 } } })),
            u"scenarios[2]"_qs, u"iterations must be at least vus (20)"_qs));
    // A cell's id may not meet another scenario's.
    QJsonObject clash = withScenario(p, 2, u"id"_qs, u"hello-vus-10"_qs);
    EXPECT_TRUE(hasProblem(problemsOf(clash), u"scenarios[0].sweep"_qs,
        u"gives the scenario id \"hello-vus-10\", which scenarios[2] already has"_qs));

    EXPECT_TRUE(hasProblem(problemsOf(withStack(p, 0, u"params"_qs, QJsonObject { { u"Workers"_qs, 2 } })),
        u"stacks[0].params.Workers"_qs, u"is not a parameter name"_qs));
    EXPECT_TRUE(hasProblem(problemsOf(withStack(p, 0, u"params"_qs, QJsonObject { { u"workers"_qs, true } })),
        u"stacks[0].params.workers"_qs, u"must be a string or a number, not a boolean"_qs));
    EXPECT_TRUE(
        hasProblem(problemsOf(withStack(p, 0, u"params"_qs, QJsonObject { { u"dir"_qs, u"a/b"_qs } })),
            u"stacks[0].params.dir"_qs, u"is not a valid parameter value"_qs));
    EXPECT_TRUE(hasProblem(problemsOf(withStack(p, 0, u"params"_qs, QJsonObject { { u"workers"_qs, 3 } })),
        u"stacks[0].sweep.workers"_qs, u"is also set in \"params\""_qs));
    EXPECT_TRUE(hasProblem(problemsOf(withStack(p, 0, u"sweep"_qs, QJsonObject { { u"workers"_qs, 4 } })),
        u"stacks[0].sweep.workers"_qs, u"must be an array of 1 to 64 values"_qs));
    EXPECT_TRUE(hasProblem(problemsOf(withStack(p, 0, u"sweep"_qs,
                               QJsonObject { { u"workers"_qs, QJsonArray { 1, u"1"_qs } } })),
        u"stacks[0].sweep.workers[1]"_qs, u"repeats the value \"1\""_qs));
    QJsonObject external = p;
    external[u"stacks"_qs]
        = QJsonArray { QJsonObject { { u"name"_qs, u"remote"_qs }, { u"url"_qs, u"http://127.0.0.1:8000"_qs },
            { u"params"_qs, QJsonObject { { u"workers"_qs, 2 } } } } };
    EXPECT_TRUE(
        hasProblem(problemsOf(external), u"stacks[0]"_qs, u"an external target has no parameters"_qs));
}

TEST(Sweep, SameStackWithDifferentParamsIsTwoStacks)
{
    QJsonObject p = sweepPlan();
    p[u"stacks"_qs] = QJsonArray { QJsonObject { { u"stack"_qs, u"flask-sqlite3"_qs } },
        QJsonObject {
            { u"stack"_qs, u"flask-sqlite3"_qs }, { u"params"_qs, QJsonObject { { u"workers"_qs, 4 } } } } };
    const auto r = parsePlan(QJsonDocument(p).toJson());
    ASSERT_TRUE(r.ok()) << qPrintable(r.problems.isEmpty() ? QString() : r.problems.first().toString());
    EXPECT_EQ(r.plan->stacks[0].id(), u"flask-sqlite3"_qs);
    EXPECT_EQ(r.plan->stacks[1].id(), u"flask-sqlite3@workers=4"_qs);
    p[u"stacks"_qs] = QJsonArray { QJsonObject { { u"stack"_qs, u"flask-sqlite3"_qs } },
        QJsonObject { { u"stack"_qs, u"flask-sqlite3"_qs } } };
    EXPECT_TRUE(hasProblem(problemsOf(p), u"stacks[1].stack"_qs, u"duplicate stack"_qs));
    // A plain entry beside a sweep of the same stack is fine; a cell that meets a fixed entry is not.
    const QJsonObject swept { { u"stack"_qs, u"flask-sqlite3"_qs },
        { u"sweep"_qs, QJsonObject { { u"workers"_qs, QJsonArray { 1, 2 } } } } };
    p[u"stacks"_qs] = QJsonArray { QJsonObject { { u"stack"_qs, u"flask-sqlite3"_qs } }, swept };
    EXPECT_TRUE(problemsOf(p).isEmpty()) << qPrintable(problemsOf(p).join(u'\n'));
    p[u"stacks"_qs] = QJsonArray { QJsonObject { { u"stack"_qs, u"flask-sqlite3"_qs },
                                       { u"params"_qs, QJsonObject { { u"workers"_qs, 1 } } } },
        swept };
    EXPECT_TRUE(
        hasProblem(problemsOf(p), u"stacks[1].stack"_qs, u"duplicate stack \"flask-sqlite3@workers=1\""_qs));
}
