#pragma once

#include "engine/loadspec.h"
#include "jsonproblem.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>
#include <chrono>
#include <optional>

/// A study plan: which stacks, which scenarios, and the procedure around them. See
/// resources/plans/paper.json for a complete example. The JSON form is
///
///     {"format": "stackbench-plan", "version": 1, "name": ..., "description": ...,
///      "stacks": [...], "scenarios": [...], "procedure": {...}}
///
/// Keys beginning with '_' are comments and ignored everywhere; any other unknown key is an error, so
/// that a typo ("iteration" for "iterations") is reported instead of silently taking a default.
///
/// Contract: a Plan obtained from parsePlan()/loadPlan() with no problems is valid, and every
/// scenario in it converts to a LoadSpec that passes LoadSpec::validate() for an http base URL.
/// A Plan built in code (the GUI editor) should be checked with validatePlan() before it is run.

/// Which number a figure reports for a scenario.
enum class Metric { Rps, MeanMs };
QString toString(Metric m); ///< "rps" | "mean_ms"
bool parseMetric(const QString& s, Metric* out);
QString unitOf(Metric m); ///< "req/s" | "ms"

/// A system under test: a stack from the stack manifest (`{"stack": "flask-sqlite3"}`) or an external
/// target (`{"name": "staging", "url": "http://10.0.0.5:8000"}`). A plan never carries a command or
/// shell string: commands come only from the stack manifest.
struct PlanStack
{
    QString stack; ///< manifest name; empty for an external target
    QString name; ///< external target's name; empty for a manifest stack
    QUrl url; ///< external target's base URL; empty for a manifest stack
    QString label; ///< optional display label ("Flask + sqlite3")
    /// Values for the manifest stack's parameters ("params": {"workers": 4}), as text; the manifest
    /// gives the defaults of the others. Empty for an external target.
    QMap<QString, QString> params;
    /// Parameters to sweep ("sweep": {"workers": [1, 2, 4], "threads": [1, 2]}): the study runs one
    /// stack per combination (expandSweeps()). Empty when the stack is not swept.
    QMap<QString, QStringList> sweep;

    bool isExternal() const { return stack.isEmpty(); }
    /// The stack's identity in results (folder names, CSV): the manifest name or the external name,
    /// followed by the parameters the plan sets, if any: "flask-sqlite3@threads=4,workers=2".
    QString id() const;
    /// label, else a known label for the paper's stacks, else the stack's name: "Flask + sqlite3".
    QString baseLabel() const;
    /// baseLabel(), followed by the parameters the plan sets in parentheses:
    /// "Flask + sqlite3 (threads=4, workers=2)".
    QString displayLabel() const;
};

/// Where `{id}` comes from. consume = handed out in order and never reused (DELETE).
struct PlanIds
{
    enum Kind { None, Range, Pool };
    Kind kind = None;
    qint64 min = 1, max = 1; ///< Range
    QList<qint64> pool; ///< Pool
    bool consume = false;

    /// How many distinct ids there are; 0 for None.
    qint64 size() const;
};

struct PlanRequest
{
    QByteArray method = "GET";
    QString path = u"/"_qs; ///< may hold {id}, {seq} and {vu}
    Headers headers;
    QByteArray body; ///< compact JSON text of the body value; empty for no body
    PlanIds ids;
};

struct Scenario
{
    QString id; ///< [a-z0-9][a-z0-9_-]*; names the result file, e.g. "get-one"
    QString title;
    int figure = 0; ///< the paper's figure 1..7, or 0 for none
    Metric metric = Metric::MeanMs;
    ExecutorKind executor = ExecutorKind::ConstantVus;
    int vus = 0; ///< constant-vus, shared-/per-vu-iterations
    std::chrono::milliseconds duration { 0 }; ///< constant-vus, constant-arrival-rate
    qint64 iterations = 0; ///< shared total, or per VU
    double rate = 0; ///< constant-arrival-rate: iterations per second
    int preAllocatedVus = 0; ///< constant-arrival-rate
    int maxVus = 0; ///< constant-arrival-rate; 0 = preAllocatedVus
    std::chrono::milliseconds maxDuration { 0 }; ///< iteration executors; 0 = k6's default (10 min)
    PlanRequest request;
    int expectedStatus = 200;
    /// Load levels to sweep ("sweep": {"vus": [1, 10, 50]}; keys among vus, rate and iterations, each
    /// a parameter of the executor): the study runs one scenario per combination (expandSweeps()).
    QMap<QString, QList<double>> sweep;
    /// Set on the scenarios expandSweeps() makes, never read from a plan file: the swept scenario's id
    /// and this cell's coordinates ({"vus": 50}). Empty on a scenario that is not a cell.
    QString sweptFrom;
    QMap<QString, double> point;
};

struct Warmup
{
    int vus = 20;
    std::chrono::milliseconds duration { 10'000 };
    QString path = u"/hello"_qs;
    int thenItemsRequests = 50; ///< sequential GET thenPath requests after the VU phase; 0 = none
    QString thenPath = u"/items/"_qs;
};

/// CPU pinning (sched_setaffinity), off when both lists are empty, as in the paper. The stack's
/// whole process tree runs on `stack`, the engine's worker threads on `engine`.
struct CpuPinning
{
    QList<int> stack;
    QList<int> engine;
    bool isOff() const { return stack.isEmpty() && engine.isEmpty(); }
    bool operator==(const CpuPinning&) const = default;
};

/// "repetitions": {"min": 3, "max": 15, "target_ci_percent": 5}: after `min` repetitions the
/// study goes on until every bar's 95 % confidence interval is within ±target % of its mean, or
/// `max` repetitions ran (Procedure::repetitions holds max).
struct AdaptiveRepetitions
{
    int min = 3;
    double targetCiPercent = 5;
    bool operator==(const AdaptiveRepetitions&) const = default;
};

struct Procedure
{
    double settleS = 20;
    int seedCount = 1500;
    std::optional<Warmup> warmup = Warmup {}; ///< nullopt: no warm-up
    double idleS = 5;
    double gapS = 3;
    int repetitions = 5; ///< fixed, or the most an adaptive procedure runs
    std::optional<AdaptiveRepetitions> adaptive; ///< nullopt: exactly `repetitions`
    /// The repetitions run for sure: all of them, or an adaptive procedure's minimum.
    int minRepetitions() const { return adaptive ? adaptive->min : repetitions; }
    TransportKind transport = TransportKind::Socket;
    double timeoutS = 60;
    bool verify = true; ///< run the conformance check before the warm-up
    CpuPinning pin; ///< "pin": {"stack": [1], "engine": [0]}; absent = off
    /// "slo_p99_ms": the latency objective of a load sweep's knee (the highest throughput whose pooled
    /// p99 stays within it, without errors); 0 (absent) = no latency objective.
    double sloP99Ms = 0;
};

struct Plan
{
    static constexpr int FormatVersion = 1;

    QString name;
    QString description;
    /// Saved from the editor with problems ("draft": true): it opens, with its problems shown, but
    /// never runs; saving it once it is valid drops the mark.
    bool draft = false;
    QList<PlanStack> stacks;
    QList<Scenario> scenarios;
    Procedure procedure;

    /// The versioned JSON form; parsePlan(toJson()) gives back an equal plan.
    QJsonObject toJson() const;
    QByteArray toJsonBytes() const; ///< indented, for files

    const Scenario* scenario(const QString& id) const; ///< nullptr when absent
    qsizetype scenarioIndex(const QString& id) const; ///< -1 when absent
    qsizetype stackIndex(const QString& id) const; ///< by PlanStack::id(); -1 when absent
    const PlanStack* stack(const QString& id) const; ///< by PlanStack::id()
};

/// The outcome of reading a plan: the plan when there are no problems, otherwise every problem.
/// A draft (`"draft": true`) is read leniently: `plan` holds what it says even with problems, so
/// the editor can reopen it; ok() stays false while it has problems.
struct PlanParseResult
{
    std::optional<Plan> plan;
    JsonProblems problems;
    bool ok() const { return plan.has_value() && problems.isEmpty(); }
};

/// Parses and validates a plan. Never throws or crashes on any input. `fileName` only labels the
/// problems. Future versions are rejected without looking further.
PlanParseResult parsePlan(const QByteArray& json, const QString& fileName = {});
PlanParseResult parsePlan(const QJsonObject& json, const QString& fileName = {});
/// Reads a file (or a Qt resource path such as ":/plans/paper.json") and parses it.
PlanParseResult loadPlan(const QString& path);
/// Checks a plan built in code, with the same rules and paths as parsePlan().
JsonProblems validatePlan(const Plan& plan);
/// Writes the plan atomically; returns an empty string on success, else a sentence naming the file.
[[nodiscard]] QString savePlan(const Plan& plan, const QString& path);

/// The title a scenario gets unless its author writes one: the request and the load, as the
/// shipped plans word it ("GET /hello: 50 VUs for 3 s", "GET /items/{id}: 10 VUs share 200
/// requests"). The editor keeps a title that equals it in step with the parameters.
QString suggestedTitle(const Scenario& scenario);
/// The scenario's load in words, as describeLoad(const LoadSpec&) gives it: "50 VUs for 3 s".
QString describeLoad(const Scenario& scenario);

/// The load keys a scenario's sweep may have: "vus", "rate", "iterations".
const QStringList& sweepableLoadKeys();
/// Whether any stack or scenario of the plan has a sweep.
bool hasSweeps(const Plan& plan);
/// The plan with every sweep replaced by its cells, in the order the axes vary (the last key fastest):
/// a swept stack becomes one stack per combination of its parameters, `params` set; a swept scenario
/// becomes one scenario per combination, with the load set, the id "<id>-<key>-<value>..." ('.' in a
/// value becomes '_'), the title followed by the point ("… (vus 50)"), `sweptFrom` and `point` set, and
/// no figure. A plan without sweeps comes back unchanged. What a study runs and a results folder reads.
Plan expandSweeps(const Plan& plan);
/// How many stacks and scenarios expandSweeps() gives, without building them.
qsizetype expandedStackCount(const Plan& plan);
qsizetype expandedScenarioCount(const Plan& plan);

/// "10s", "500ms", "1m", "1m30s", "1.5s", "2h": k6 durations, with a unit always (unlike the engine's
/// parseDuration(), a bare number is refused in a plan). False on anything else or on overflow.
bool parsePlanDuration(const QString& text, std::chrono::milliseconds* out);
/// The shortest of "2m", "90s", "1500ms" that parses back to the same value.
QString formatPlanDuration(std::chrono::milliseconds d);

/// The load for one scenario against a target: executor and request from the scenario, transport and
/// timeout from the procedure. A body without a Content-Type header gets `application/json`.
LoadSpec toLoadSpec(const Scenario& scenario, const Procedure& procedure, const QUrl& baseUrl);

/// One step of the warm-up; results go under warmup/ and never into a figure.
struct WarmupStep
{
    QString id; ///< "hello" or "items": names the warm-up result file
    LoadSpec spec;
};
/// The warm-up as loads to run in order: `vus` VUs on `path` for `duration` (constant-vus), then
/// `thenItemsRequests` GET `thenPath` from one VU (shared-iterations). Empty when there is no warm-up.
QList<WarmupStep> warmupSteps(const Procedure& procedure, const QUrl& baseUrl);
