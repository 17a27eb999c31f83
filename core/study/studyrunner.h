#pragma once

#include "metrics/summary.h"
#include "plan/plan.h"
#include "results/preflight.h"
#include "results/runmanifest.h"
#include "results/scenariorecord.h"

#include <QObject>
#include <memory>

/// The steps of one stack's turn in a repetition, in the order they run.
enum class StudyStage { Start, Settle, Seed, Verify, Warmup, Idle, Scenario, Gap, Stop };
/// "start", "settle", "seed", "verify", "warmup", "idle", "scenario", "gap", "stop": the CLI's words.
QString toString(StudyStage stage);

/// Where a study is: what the runner emits several times a second while it works.
struct StudyProgress
{
    quint64 studyId = 0;
    StudyStage stage = StudyStage::Start;
    QString stack; ///< PlanStack id
    QString scenarioId; ///< during StudyStage::Scenario
    QString scenarioTitle;
    int repetition = 0; ///< from 1
    int repetitions = 0; ///< planned so far: an adaptive study's minimum, raised as it goes on
    int maxRepetitions = 0; ///< the most it runs (= repetitions for a fixed procedure)
    int stackIndex = 0; ///< from 0
    int stackCount = 0;
    double stageProgress = 0; ///< 0..1 within the current stage (the load's progress while measuring)
    double overall = 0; ///< 0..1 of the whole study, by planned time
    double etaS = -1; ///< seconds left, -1 while unknown
    double elapsedS = 0;
};
Q_DECLARE_METATYPE(StudyProgress)

class StudyRunnerPrivate;

/// Executes a plan's procedure for every repetition and stack (in a balanced Latin square order,
/// recorded in the manifest; an adaptive procedure stops once every bar is narrow enough): start the stack,
/// settle, seed, run the conformance check, warm up, idle, run the scenarios with their gaps, stop the stack.
///
/// Results are written to the results folder as each scenario finishes (atomically), so a crash
/// loses at most the scenario in flight; with `resume` the finished ones are skipped. A stack that
/// dies mid-study gets its remaining scenarios marked failed with the reason, and the study goes on.
///
/// Threading: lives in the thread that creates it (the GUI or CLI main thread) and never blocks it;
/// load runs in the engine's worker threads and stacks are child processes. Signals carry value
/// structs; every one carries the studyId that start() returned, so a receiver can drop what an
/// earlier study still sends. Destroying a running StudyRunner is safe: the study's coroutines
/// check, after every co_await, that the runner still exists, and end without touching it if not.
class StudyRunner : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString resultsDir;
        bool resume = false;
        /// Run even when a stack fails its conformance check (the user's explicit override).
        bool ignoreConformance = false;
        /// Stack manifest; empty for the default resources/stacks/stacks.json.
        QString manifestPath;
        /// Run only this shard's units (RunManifest::Shard); `merge-results` joins the shards' folders.
        std::optional<RunManifest::Shard> shard;
    };

    explicit StudyRunner(QObject* parent = nullptr);
    ~StudyRunner() override; ///< cancels and stops any running stack

    quint64 start(const Plan& plan, const Options& options);
    /// Ends the study as soon as possible: the load stops within 1 s, the stack is stopped, and
    /// finished() follows with cancelled = true. Completed results stay on disk.
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(const StudyProgress& progress); ///< progress.studyId names the study
    /// Live load figures with the server's CPU and RSS filled in.
    void snapshotAvailable(quint64 studyId, const LiveSnapshot& snapshot);
    void logLine(quint64 studyId, const QString& stack, const QString& line);
    void scenarioFinished(quint64 studyId, const ScenarioRecord& record);
    /// One line per conformance problem, empty when the stack passed.
    void conformanceChecked(quint64 studyId, const QString& stack, bool passed, const QStringList& problems);
    /// The machine just before the study (also stored in the results manifest); warnings only.
    void preflightChecked(quint64 studyId, const Preflight& preflight);
    /// An adaptive study looked at its first @p repetitions: the bars still wider than the target,
    /// and whether it goes on (false: it converged, or reached its maximum).
    void convergenceChecked(quint64 studyId, int repetitions, const QStringList& unconverged, bool goingOn);
    void finished(quint64 studyId, const QString& resultsDir, bool cancelled);
    void failed(quint64 studyId, const QString& reason);

private:
    std::unique_ptr<StudyRunnerPrivate> d;
};
