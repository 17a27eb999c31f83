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
