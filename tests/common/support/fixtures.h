#pragma once
// Plans and manifests that several suites build the same way.

#include "plan/plan.h"
#include "results/runmanifest.h"

#include <QUrl>
#include <chrono>
#include <initializer_list>

/// A procedure that goes straight to the scenarios: no settling, seeding, warm-up or idling, a
/// short gap, one repetition and no conformance check, for GUI tests that finish in seconds.
inline Procedure fastProcedure()
{
    Procedure p;
    p.settleS = 0;
    p.seedCount = 0;
    p.warmup.reset();
    p.idleS = 0;
    p.gapS = 0.1;
    p.repetitions = 1;
    p.verify = false;
    return p;
}

/// A plan against an external target (the loopback TestServer), so no Python stack is needed: one
/// stack and a constant-VUs GET /fast scenario by @p vus per entry of @p durations, ids "fast-a",
/// "fast-b", ...
inline Plan loopbackPlan(
    const QUrl& base, std::initializer_list<std::chrono::milliseconds> durations, int vus = 2)
{
    Plan plan;
    plan.name = u"loopback"_qs;
    PlanStack target;
    target.name = u"loopback"_qs;
    target.url = base;
    plan.stacks << target;
    char16_t letter = u'a';
    for (std::chrono::milliseconds duration : durations) {
        Scenario s;
        s.id = u"fast-"_qs + QChar(letter++);
        s.metric = Metric::Rps;
        s.executor = ExecutorKind::ConstantVus;
        s.vus = vus;
        s.duration = duration;
        s.request.path = u"/fast"_qs;
        plan.scenarios << s;
    }
    plan.procedure = fastProcedure();
    return plan;
}

/// The manifest of a run of @p plan on a made-up machine (every environment field set), started
/// 2025-06-01 12:00 UTC, over the socket transport.
inline RunManifest testManifest(const Plan& plan)
{
    RunManifest m;
    m.plan = plan;
    m.environment.cpuModel = u"Test CPU @ 1.00GHz"_qs;
    m.environment.cpuCores = 2;
    m.environment.kernel = u"Linux 6.1"_qs;
    m.environment.qtVersion = u"6.4.2"_qs;
    m.environment.gitCommit = QString(40, u'a');
    m.environment.versions = { { u"python"_qs, u"3.11.9"_qs }, { u"flask"_qs, u"3.1.0"_qs } };
    m.transport = u"socket"_qs;
    m.startedAt = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
    return m;
}
