#include "studyestimate.h"

#include "engine/executortraits.h"
#include "study/repetitions.h"

StudyEstimate::StudyEstimate(
    const Plan& source, const ResumeIndex& done, const std::optional<RunManifest::Shard>& shard)
{
    const Plan plan = expandSweeps(source); // a sweep's cells are what runs
    const Procedure& p = plan.procedure;
    const QUrl dummy(u"http://127.0.0.1:1"_qs);
    double warmup = 0;
    for (const WarmupStep& step : warmupSteps(p, dummy))
        warmup += expectedSeconds(step.spec);
    for (int rep = 1; rep <= p.repetitions; ++rep) {
        // In the order the runner takes them, so that each finished stack ends where the estimate
        // planned it (a shard's skipped units take no time, and would otherwise stall the progress).
        for (const int s : williamsOrder(int(plan.stacks.size()), rep)) {
            const PlanStack& stack = plan.stacks.at(s);
            double seconds = 0;
            if (!done.isStackComplete(rep, stack.id(), plan)
                && (!shard || shard->holds(rep, s, plan.stacks.size()))) {
                seconds = startSeconds() + p.settleS + seedSeconds() + (p.verify ? verifySeconds() : 0)
                    + warmup + p.idleS + stopSeconds();
                for (qsizetype i = 0; i < plan.scenarios.size(); ++i) {
                    const Scenario& s = plan.scenarios.at(i);
                    if (!done.isComplete(rep, stack.id(), s.id))
                        seconds += expectedSeconds(toLoadSpec(s, p, dummy)) + (i > 0 ? p.gapS : 0);
                }
            }
            m_total += seconds;
            m_stackEnds.push_back(m_total);
        }
    }
    m_stacksPerRepetition = size_t(plan.stacks.size());
    setPlannedRepetitions(p.minRepetitions());
}

void StudyEstimate::setPlannedRepetitions(int repetitions)
{
    const size_t stacks = size_t(std::max(0, repetitions)) * m_stacksPerRepetition;
    if (stacks > 0 && stacks <= m_stackEnds.size())
        m_total = m_stackEnds[stacks - 1];
}

void StudyEstimate::beginStage(double plannedS)
{
    m_done += m_stage;
    m_stage = plannedS;
}

void StudyEstimate::finishStack()
{
    if (m_stack < m_stackEnds.size())
        m_done = m_stackEnds[m_stack++];
    m_stage = 0;
}

double StudyEstimate::doneNow(double stageProgress) const
{
    const double cap = m_stack < m_stackEnds.size() ? m_stackEnds[m_stack] : m_total;
    return std::min(cap, m_done + m_stage * std::clamp(stageProgress, 0.0, 1.0));
}

double StudyEstimate::overall(double stageProgress) const
{
    return m_total > 0 ? std::clamp(doneNow(stageProgress) / m_total, 0.0, 1.0) : 0.0;
}

double StudyEstimate::etaSeconds(double stageProgress, double elapsedS) const
{
    const double done = doneNow(stageProgress);
    const double left = std::max(0.0, m_total - done);
    // The observed pace, shrunk toward the plan's by a minute of planned time taken at the planned
    // pace: the first stages (a stack's start, a few seconds) are too short to scale a whole study
    // by, and without the prior one slow start doubled the ETA for a moment.
    constexpr double PriorS = 60;
    return left * std::clamp((elapsedS + PriorS) / (done + PriorS), 0.5, 3.0);
}
