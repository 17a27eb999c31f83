#pragma once

#include "runmanifest.h"
#include "scenariorecord.h"

/// Writes a results folder as a study goes:
///
///     <dir>/manifest.json
///     <dir>/rep1/flask-sqlite3/04-get-one.json      one file per finished scenario
///     <dir>/warmup/rep1/flask-sqlite3/hello.json    warm-up steps, never in a figure
///
/// (`04` is the scenario's 1-based position in the plan, so a folder lists in run order.)
///
/// Contract: every write is atomic (QSaveFile): after a crash or a kill -9 each file is either absent
/// or complete, so at most the scenario in flight is lost. Every method returns an empty string on
/// success, else one sentence naming the file and the reason (read-only folder, full disk...).
/// Records are only accepted for stacks and scenarios of the manifest's plan, which is also what
/// keeps file names safe. Not thread-safe: use from one thread (the study runner's).
class ResultsWriter
{
public:
    ResultsWriter(QString dir, RunManifest manifest);

    const QString& dir() const { return m_dir; }
    const RunManifest& manifest() const { return m_manifest; }

    /// Creates the folder and writes manifest.json. Call once before the first record of a new run.
    [[nodiscard]] QString writeManifest();
    /// Records a command run for a stack (an argument list; duplicates are kept once) and rewrites
    /// the manifest.
    [[nodiscard]] QString recordCommand(const QString& stack, const QStringList& argv);
    /// Notes in the manifest that the run was resumed at `when`.
    [[nodiscard]] QString markResumed(const QDateTime& when = QDateTime::currentDateTimeUtc());
    /// Notes an adaptive procedure's outcome in the manifest.
    [[nodiscard]] QString recordConvergence(const RunManifest::Convergence& convergence);
    /// Notes in the manifest that the run finished at `when`.
    [[nodiscard]] QString markFinished(const QDateTime& when = QDateTime::currentDateTimeUtc());

    /// Writes one record, replacing an earlier file for the same (repetition, stack, scenario).
    [[nodiscard]] QString write(const ScenarioRecord& record);

    /// Where a record goes, relative to dir(); empty (with `error` set) when it cannot be stored.
    QString relativePath(const ScenarioRecord& record, QString* error = nullptr) const;

    static QString manifestFileName() { return u"manifest.json"_qs; }

private:
    QString m_dir;
    RunManifest m_manifest;
    Plan m_plan; ///< m_manifest's, sweeps expanded: what records may name
};
