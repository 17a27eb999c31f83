#pragma once

#include "engine/loadspec.h"
#include "plan/plan.h"
#include "results/resumeindex.h"
#include "results/runmanifest.h"

#include <vector>

/// Planned time of a study, for the overall fraction and the ETA. Each (repetition, stack) that
/// still has work gets a planned length from the procedure and its remaining scenarios; the
/// runner reports the stages it enters, and the ETA scales what is left by the pace observed so far.
class StudyEstimate
{
public:
    StudyEstimate() = default;
    /// `plan` may have sweeps: their cells are what it counts. With a shard, only its units.
    StudyEstimate(
        const Plan& plan, const ResumeIndex& done, const std::optional<RunManifest::Shard>& shard = {});

    // Measured on the quick plan, idle machine, 2026-11-28: per stack, start 0.6 s, seed 0.05 s,
    // verify 0.1 s, stop 0.7 s (the slowest stack took about twice that). The constants sit between
    // the mean and the slowest, so the Size estimate is neither optimistic nor padded.
    static double startSeconds() { return 1; }
    static double seedSeconds() { return 0.25; }
    static double verifySeconds() { return 0.25; }
    static double stopSeconds() { return 1; }

    void beginStage(double plannedS);
    /// The current (repetition, stack) is over, however it ended.
    void finishStack();
    void skipStack() { finishStack(); }

    /// Planned seconds of the whole study (what is left of it when resuming). An adaptive
    /// procedure plans its minimum repetitions until setPlannedRepetitions() says more will run.
    double totalSeconds() const { return m_total; }
    void setPlannedRepetitions(int repetitions);
    double overall(double stageProgress) const;
    double etaSeconds(double stageProgress, double elapsedS) const;

private:
    double doneNow(double stageProgress) const;

    /// Cumulative planned seconds at the end of each (rep, stack), in the order they run.
    std::vector<double> m_stackEnds;
    size_t m_stack = 0;
    size_t m_stacksPerRepetition = 0;
    double m_done = 0; ///< planned seconds of finished stages
    double m_stage = 0; ///< planned seconds of the current stage
    double m_total = 0;
};
