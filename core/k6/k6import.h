#pragma once

#include "k6summary.h"
#include "plan/plan.h"
#include "results/environment.h"

#include <QDateTime>
#include <QStringList>
#include <optional>

/// What `stackbench import-k6` does: turn one k6 `--summary-export` file into a results folder the
/// Results screen loads, beside Stackbench's own folders, for comparison.
struct K6Import
{
    QByteArray summaryJson;
    QString summaryFile; ///< labels problems; its name may also name the scenario (see below)
    QString outDir;
    QString stack = u"k6-target"_qs; ///< the stack's id in the results: use the plan's name to compare
    /// The scenario; empty means: the one named by the file ("04-get-one.summary.json" -> get-one, as
    /// export-k6 suggests), else the plan's only scenario, else an error listing the choices.
    QString scenarioId;
    std::optional<Plan> plan; ///< gives the scenario's figure, metric, executor and the stack's label
    int repetition = 1;
    Environment environment; ///< this machine's; `versions["load_tool"]` is set to "k6"
    QStringList command; ///< the import command, recorded in the manifest
    QDateTime finishedAt; ///< when k6 finished (the file's time); invalid: now
};

struct K6ImportResult
{
    QStringList problems; ///< one line each; empty on success
    QStringList warnings; ///< figures k6 did not export
    QString recordPath; ///< the written record, relative to outDir
    bool ok() const { return problems.isEmpty(); }
};

/// Imports one k6 summary as one ScenarioRecord (transport "k6") of repetition `repetition`.
///
/// A new folder gets a manifest whose plan holds just the imported scenario and stack. A folder made
/// by an earlier import gains the scenario and stack if they are new (appended, so the files already
/// there keep their names), and a repeated (repetition, stack, scenario) replaces its record: import a
/// whole k6 study, one summary at a time, into one folder. A folder of Stackbench's own results is
/// refused, so k6's figures are never averaged with the engine's.
///
/// Without a plan, the scenario is a stand-in (shared-iterations, the iterations and VUs k6 reported,
/// no figure, metric mean_ms) whose request is unknown (`GET /`).
///
/// Limitation: RunManifest records only Stackbench transports, so the manifest says "socket"; every
/// record, and the summary in it, says "k6".
K6ImportResult importK6Summary(const K6Import& request);

/// "04-get-one.summary.json" -> "get-one"; "results/hello.json" -> "hello"; "" when nothing usable.
QString k6ScenarioIdFromFileName(const QString& path);
