#pragma once

#include "resultsfolder.h"

/// Identifies one scenario run: (repetition, stack, scenario).
struct RecordKey
{
    int repetition = 1;
    QString stack;
    QString scenarioId;
    bool operator==(const RecordKey&) const = default;
};

/// What a resumed run (`stackbench run --resume`) may skip.
///
/// Contract: a scenario is complete when its file loaded without problems and its status is "ok".
/// Failed records, damaged files and warm-ups are not complete, so resuming runs them again (and the
/// new file replaces the old one). Warm-ups are not tracked: whenever a (repetition, stack) still has
/// work, the runner starts the stack and does settle, seed, verify and warm-up again before it.
class ResumeIndex
{
public:
    ResumeIndex() = default;
    explicit ResumeIndex(const ResultsFolder& folder);

    bool isComplete(int repetition, const QString& stack, const QString& scenarioId) const;
    bool isComplete(const RecordKey& key) const;
    /// Every scenario of `plan` is complete for this repetition and stack: the stack need not start.
    bool isStackComplete(int repetition, const QString& stack, const Plan& plan) const;
    /// What remains of `plan`, in run order (repetition, then stack, then scenario).
    QList<RecordKey> missing(const Plan& plan) const;
    qsizetype completedCount() const { return m_done.size(); }

private:
    QList<RecordKey> m_done;
};
