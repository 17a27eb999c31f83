#pragma once

#include "plan/jsonproblem.h"
#include "runmanifest.h"
#include "scenariorecord.h"

/// A results folder as read back from disk (see ResultsWriter for the layout).
struct ResultsFolder
{
    QString dir;
    std::optional<RunManifest> manifest;
    QList<ScenarioRecord> records; ///< scenarios (not warm-ups), in plan order: rep, stack, scenario
    QList<ScenarioRecord> warmups;
    /// Every problem found, by file (relative to dir) and JSON path. Files with problems are left out
    /// of records/warmups; everything else is still read.
    JsonProblems problems;

    bool ok() const { return manifest.has_value() && problems.isEmpty(); }
    /// The record of a scenario, or nullptr.
    const ScenarioRecord* find(int repetition, const QString& stack, const QString& scenarioId) const;
};

/// Reads a results folder. Never crashes on any content. A partially written folder (a run that was
/// killed) loads fine: what is missing is simply missing. Leftover temporary files of interrupted
/// atomic writes (not ending in .json) are ignored. A manifest of a future version stops the reading
/// with that one problem; a record of a future version is reported and left out.
ResultsFolder loadResults(const QString& dir);

/// loadResults() for a comparison of several folders: the folder's problems go to @p problems, each
/// file named with @p dir in front; nullopt when it has no readable manifest.
std::optional<ResultsFolder> loadReadableResults(const QString& dir, JsonProblems* problems);
