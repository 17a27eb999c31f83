#include "resumeindex.h"

ResumeIndex::ResumeIndex(const ResultsFolder& folder)
{
    for (const auto& r : folder.records)
        if (r.ok() && !r.warmup)
            m_done.append({ r.repetition, r.stack, r.scenarioId });
}

bool ResumeIndex::isComplete(int repetition, const QString& stack, const QString& scenarioId) const
{
    return isComplete(RecordKey { repetition, stack, scenarioId });
}

bool ResumeIndex::isComplete(const RecordKey& key) const
{
    return m_done.contains(key);
}

bool ResumeIndex::isStackComplete(int repetition, const QString& stack, const Plan& plan) const
{
    for (const auto& s : plan.scenarios)
        if (!isComplete(repetition, stack, s.id))
            return false;
    return true;
}

QList<RecordKey> ResumeIndex::missing(const Plan& plan) const
{
    QList<RecordKey> keys;
    for (int rep = 1; rep <= plan.procedure.repetitions; ++rep)
        for (const auto& stack : plan.stacks)
            for (const auto& s : plan.scenarios)
                if (!isComplete(rep, stack.id(), s.id))
                    keys.append({ rep, stack.id(), s.id });
    return keys;
}
