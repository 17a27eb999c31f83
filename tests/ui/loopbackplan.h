#pragma once

#include "fastprocedure.h"

#include <QUrl>

#include <chrono>

/// A plan against an external target (the loopback TestServer), so no Python stack is needed: one
/// stack and a constant-VUs GET /fast scenario per entry of @p durations, ids "fast-a", "fast-b", ...
inline Plan loopbackPlan(const QUrl& base, std::initializer_list<std::chrono::milliseconds> durations)
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
        s.vus = 2;
        s.duration = duration;
        s.request.path = u"/fast"_qs;
        plan.scenarios << s;
    }
    plan.procedure = fastProcedure();
    return plan;
}
