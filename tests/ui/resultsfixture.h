#pragma once

#include "engine/loadrunner.h"
#include "results/resultswriter.h"
#include "study/studypage.h"

#include <gtest/gtest.h>

/// The quick plan's five stacks, two repetitions, every scenario, with numbers like the paper's.
inline void writeFiveStacks(const QString& dir)
{
    RunManifest m;
    m.plan = loadPlan(StudyPage::defaultPlanPath()).plan.value();
    m.plan.procedure.repetitions = 2;
    m.startedAt = QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);
    ResultsWriter w(dir, m);
    ASSERT_EQ(w.writeManifest(), QString());
    for (int rep = 1; rep <= 2; ++rep) {
        for (int s = 0; s < m.plan.stacks.size(); ++s) {
            for (const Scenario& scenario : m.plan.scenarios) {
                LoadResult load;
                load.summary.requests = 10000;
                load.summary.durationS = 3;
                load.summary.rps = 3500 + 600 * s + 50 * rep;
                const double mean = 8 + 20 * s + rep;
                load.summary.latency = { mean, 1, 4 * mean, mean, 2 * mean, 2.5 * mean, 3 * mean, 2 };
                load.summary.statusCounts = { { scenario.expectedStatus, 10000 } };
                load.summary.transport = u"socket"_qs;
                ASSERT_EQ(w.write(ScenarioRecord::fromLoad(rep, m.plan.stacks.at(s).id(), scenario, load)),
                    QString());
            }
        }
    }
    ASSERT_EQ(w.markFinished(), QString());
}

/// A VU sweep of GET /hello (1, 10 and 50 VUs) on flask-sqlite3 with workers 1 and 2, two
/// repetitions: throughput grows to 10 VUs and then flattens, latency grows with the load. Written as
/// `stackbench run` would write it, with latency histograms.
inline void writeSweep(const QString& dir, bool withUnsweptScenario = false)
{
    QByteArray json(R"({"format": "stackbench-plan", "version": 1, "name": "sweep",
        "stacks": [{"stack": "flask-sqlite3", "sweep": {"workers": [1, 2]}}],
        "scenarios": [{"id": "hello", "metric": "rps", "executor": "constant-vus", "duration": "2s",
                       "sweep": {"vus": [1, 10, 50]}, "request": {"method": "GET", "path": "/hello"}}],
        "procedure": {"settle_s": 0, "seed_count": 0, "idle_s": 0, "gap_s": 0, "repetitions": 2,
                      "transport": "socket", "timeout_s": 10, "verify": false, "slo_p99_ms": 40}})");
    if (withUnsweptScenario) // one point per configuration: a configuration sweep
        json.replace(R"("path": "/hello"}}],)", R"("path": "/hello"}},
            {"id": "get-one", "metric": "rps", "executor": "constant-vus", "vus": 10, "duration": "2s",
             "request": {"method": "GET", "path": "/items/1"}}],)");
    const auto parsed = parsePlan(json);
    ASSERT_TRUE(parsed.ok());
    RunManifest m;
    m.plan = *parsed.plan;
    m.startedAt = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
    ResultsWriter w(dir, m);
    ASSERT_EQ(w.writeManifest(), QString());
    const Plan cells = expandSweeps(m.plan);
    for (int rep = 1; rep <= 2; ++rep) {
        for (int s = 0; s < cells.stacks.size(); ++s) {
            for (const Scenario& scenario : cells.scenarios) {
                const int vus = scenario.vus;
                LoadResult load;
                const double rps = (s + 1) * 1000.0 * std::min(vus, 10) / 10 + 10 * rep;
                load.summary.requests = qint64(rps * 2);
                load.summary.durationS = 2;
                load.summary.rps = rps;
                const double mean = 1000.0 * vus / rps;
                load.summary.latency = { mean, 1, 4 * mean, mean, 2 * mean, 2.5 * mean, 3 * mean, 2 };
                load.summary.statusCounts = { { 200, load.summary.requests } };
                load.summary.transport = u"socket"_qs;
                for (qint64 i = 0; i < load.summary.requests; ++i)
                    load.latency.record(qint64(mean * 1000 * (i % 10 == 9 ? 2 : 1)));
                ScenarioRecord r = ScenarioRecord::fromLoad(rep, cells.stacks.at(s).id(), scenario, load);
                r.params = { { u"workers"_qs, cells.stacks.at(s).params.value(u"workers"_qs) } };
                ASSERT_EQ(w.write(r), QString());
            }
        }
    }
    ASSERT_EQ(w.markFinished(), QString());
}

/// The quick plan's first scenario (GET /hello, figure 1) on two stacks, two repetitions, each with
/// its latency histogram and a 10-point time series (two workers, one of them idle in repetition 2).
inline void writeWithSeries(const QString& dir)
{
    RunManifest m;
    m.plan = loadPlan(StudyPage::defaultPlanPath()).plan.value();
    m.plan.stacks = { m.plan.stacks.at(1), m.plan.stacks.at(3) };
    m.plan.scenarios = { m.plan.scenarios.first() };
    m.plan.procedure.repetitions = 2;
    m.startedAt = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
    ResultsWriter w(dir, m);
    ASSERT_EQ(w.writeManifest(), QString());
    for (int rep = 1; rep <= 2; ++rep) {
        for (int s = 0; s < 2; ++s) {
            LoadResult load;
            load.summary.requests = 5000;
            load.summary.durationS = 2.5;
            load.summary.rps = 2000 + 500 * s + 10 * rep;
            load.summary.latency = { 20, 1, 80, 18, 30, 35, 60, 5 };
            load.summary.statusCounts = { { 200, 5000 } };
            load.summary.transport = u"socket"_qs;
            for (int i = 0; i < 5000; ++i)
                load.latency.record(1000 * (5 + 10 * s) + (i % 100 == 0 ? 200'000 : 37 * (i % 50)));
            ScenarioRecord r
                = ScenarioRecord::fromLoad(rep, m.plan.stacks.at(s).id(), m.plan.scenarios.first(), load);
            for (int i = 0; i < 10; ++i) {
                TimeSeries::Point p;
                p.t = 0.25 * (i + 1);
                p.rps = load.summary.rps + (i % 2 ? 50 : -50);
                p.p50Ms = 18;
                p.p95Ms = 30;
                p.p99Ms = i == 6 ? 200 : 60;
                p.activeVus = 50;
                p.clientCpuPercent = 45;
                p.serverCpuPercent = 180;
                p.serverRssMb = 90;
                p.foreignCpuPercent = 1;
                p.workerCpuPercent = { 90, rep == 2 ? 0.5 : 90 };
                p.workerConnections = { 25, 25 };
                r.series.append(p);
            }
            ASSERT_EQ(w.write(r), QString());
        }
    }
    ASSERT_EQ(w.markFinished(), QString());
}
