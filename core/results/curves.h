#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <limits>
#include <optional>

/// One measured point of a sweep: one stack configuration at one load level, across repetitions.
/// The numbers arrive computed (the CI from describe()); nothing here re-derives them.
struct CurvePoint
{
    double x = 0; ///< the swept load: VUs, iterations, or rate (req/s offered)
    double rps = 0; ///< mean throughput across repetitions
    /// Its 95 % CI. With one repetition there is none: rpsCiKnown is false and both ends equal rps,
    /// which callers show as "n/a", never as a zero-width interval.
    double rpsLo = 0, rpsHi = 0;
    bool rpsCiKnown = false;
    double p50Ms = 0, p99Ms = 0; ///< pooled latency percentiles; meaningless unless latencyKnown
    bool latencyKnown = false;
    double errorRate = 0; ///< errors / requests, 0..1
    int repetitions = 0; ///< with data; a point with none never qualifies as a knee
};

/// One stack configuration swept over one scenario: its points and what analyseCurve() found.
struct CurveSeries
{
    QString stack; ///< the manifest stack name, e.g. "flask-sqlite3"
    QString label; ///< display label, e.g. "Flask + sqlite3 (workers=4)"
    QMap<QString, QString> params; ///< the stack parameters this series ran with ({} for defaults)
    QString scenario; ///< the swept scenario's id, e.g. "hello"
    QString axis; ///< "vus" | "rate" | "iterations"
    QList<CurvePoint> points; ///< ascending x
    std::optional<CurvePoint> knee, plateau; ///< filled by analyseCurve()
};

/// What a curve is judged against.
struct CurveObjective
{
    double sloP99Ms = 0; ///< the latency objective on p99; 0 (or less) = no latency objective
    double plateauGain = 0.05; ///< a step adding less than this fraction of throughput is flat
};

/// Index into @p points of the knee, or -1: the point with the highest `rps` among those that
/// qualify, the lowest x among equal ones (the same throughput for less load). A point qualifies
/// when it has data (repetitions > 0), no errors at all (errorRate == 0), and, when the objective
/// has a latency objective (sloP99Ms > 0), a known p99 (latencyKnown) that is at most sloP99Ms: a
/// point whose latency is unknown cannot be shown to meet the objective, so it does not qualify.
/// Without a latency objective the knee is simply the highest-throughput point without errors.
qsizetype kneeIndex(const QList<CurvePoint>& points, const CurveObjective& objective);

/// Index into @p points (ascending x) of the plateau, or -1: the first i from which no further load
/// adds @p gain or more, i.e. rps[j] < rps[i] · (1 + gain) for every j > i. Where a curve rises
/// steadily this is where one more step first stops paying; every later step is looked at, not only
/// the next, so a noisy dip on the way up (7,546 → 7,410 → 7,888 → 9,939 req/s) is not mistaken for
/// the plateau:
/// - linear growth, then flat: the first point of the flat part;
/// - a decline after a peak: at the peak at the latest, or earlier if nothing after some earlier
///   point (the peak included) grew by @p gain or more over it;
/// - the last point grows by @p gain or more over every earlier one ("never plateaus" within the
///   range swept), or fewer than two points: -1. The last point is never the plateau, since
///   nothing follows it.
/// A point with rps ≤ 0 is never the plateau (nothing grows less than nothing).
qsizetype plateauIndex(const QList<CurvePoint>& points, double gain);

/// Fills series.knee and series.plateau with kneeIndex() and plateauIndex(objective.plateauGain);
/// nullopt where there is none.
void analyseCurve(CurveSeries& series, const CurveObjective& objective);

/// One stack configuration in one scenario of a configuration sweep.
struct ConfigResult
{
    QString stack;
    QString label;
    QString stackLabel; ///< the label without its parameters ("Flask + sqlite3"); empty: label
    QMap<QString, QString> params; ///< e.g. {"workers": "4", "threads": "2"}; {} for defaults
    QString scenario;
    double rps = 0; ///< mean throughput across repetitions
    double rpsLo = 0, rpsHi = 0; ///< its 95 % CI, equal to rps when !rpsCiKnown
    bool rpsCiKnown = false;
    QList<double> rpsValues; ///< req/s per repetition, what rps describes; for rankConfigs()' test
    /// Repetitions whose record carries a flag (imbalanced, noisy, …), used or excluded, and the
    /// distinct flags: what may split the values into two regimes, said beside the number.
    int flaggedRepetitions = 0;
    QStringList flags;
};

/// @p params as "threads=4,workers=2", keys sorted (as in result ids); empty for {}.
QString paramsKey(const QMap<QString, QString>& params);

/// workers × threads of @p params, each read as a positive integer, a missing or unreadable one
/// counting as 1 (the manifest's defaults are not known here, so {} counts as 1).
int configSize(const QMap<QString, QString>& params);

/// Per stack, the configuration with the highest mean rps in @p scenario (other scenarios are
/// ignored; a stack without any result there is absent). Ties on rps, exact to the bit, go to the
/// smaller configSize() (the same throughput for less of the machine), then to the params first in
/// the ordering of their "key=value,…" text (keys sorted), then to the earlier in @p results: the
/// choice never depends on anything but the results.
QMap<QString, ConfigResult> bestConfigs(const QList<ConfigResult>& results, const QString& scenario);

/// How a configuration stands against its stack's best (rankConfigs()).
struct ConfigStanding
{
    enum Rank {
        Other, ///< another scenario, measurably slower than the best, or not testable against it
        Best, ///< bestConfigs()' choice
        Tied, ///< the repetitions cannot tell it from the best
    };
    Rank rank = Other;
    /// Welch's p against the best, Holm-adjusted over the stack's other configurations; NaN for
    /// the best itself, another scenario, or a configuration with fewer than two repetitions.
    double pVsBest = std::numeric_limits<double>::quiet_NaN();
};

/// Per configuration of @p results, in their order: the best of its stack in @p scenario
/// (bestConfigs()), tied with it, or other. The best by mean is fragile when repetitions disagree
/// (7,121 ±6,334 against 7,069 ±1,303 req/s), so each other configuration of the stack in that
/// scenario is compared with the best by Welch's t-test on the repetitions' req/s (compareSamples()),
/// the p-values Holm-adjusted over the stack's configurations (holmAdjust(): claiming that the best
/// beats any of them is one family of claims). Adjusted p ≥ @p alpha: tied, "not measurably
/// slower". With fewer than two repetitions on either side there is no test: other, p NaN.
QList<ConfigStanding> rankConfigs(
    const QList<ConfigResult>& results, const QString& scenario, double alpha = 0.05);

/// One scenario's configurations laid out for reading: a column per stack (in the order they come),
/// a row per configuration (fewer workers first, then fewer threads, then the other parameters).
struct ConfigLayout
{
    QStringList stacks; ///< the columns' stack names
    QStringList stackLabels; ///< their ConfigResult::stackLabel (or label, without one)
    QList<QMap<QString, QString>> rows; ///< each row's params
    QList<QList<qsizetype>> cells; ///< [row][column]: index into the configs given, or -1
    QList<double> stackMax; ///< per column, the highest req/s

    /// "2 w × 4 t" (workers × threads), then the other parameters: a flag as itself ("--reuse-port"),
    /// an empty one as "no reuse_port", others as key=value; "defaults" for {}.
    static QString rowTitle(const QMap<QString, QString>& params);
};

/// A grid cell: "7,121 ±6,334 ★ ⚑1" — whole req/s ± half the 95 % interval, ★ for the best or ≈ for
/// tied, ⚑ and the number of flagged repetitions.
QString configCellText(const ConfigResult& config, const ConfigStanding& standing);

/// The scenarios of @p configs, @p first (the one the best is chosen in) first, then in the order
/// they come; empty without configs.
QStringList configScenarios(const QList<ConfigResult>& configs, const QString& first);

/// The configurations of @p scenario in @p configs as a grid (ConfigLayout).
ConfigLayout layoutConfigs(const QList<ConfigResult>& configs, const QString& scenario);

/// A sweep's curves and configurations, as `stackbench` writes them.
struct Curves
{
    QList<CurveSeries> series;
    QList<ConfigResult> configs;
    CurveObjective objective;
    /// The scenario "best_config" is chosen in (bestConfigs()); empty: the first config's scenario.
    QString configScenario;

    /// Runs analyseCurve() with `objective` on every series.
    void analyse();

    /// `{"format": "stackbench-curves", "version": 1, "stacks": [...], "best_config": {...}}`:
    /// - "stacks", one per series in order: `{"stack", "label", "scenario", "params": {...},
    ///   "points": [...], "knee", "plateau"}`; a point is `{"<axis>": 50, "rps": 4321.0, "rps_ci":
    ///   [4200.0, 4400.0], "p50_ms": 9.1, "p99_ms": 40.2, "error_rate": 0.0, "repetitions": 3}`,
    ///   where <axis> is the series' axis ("vus", "rate", "iterations"; "x" when empty); "knee" and
    ///   "plateau" are `{"<axis>": 50, "rps": 4321.0}` as stored in the series (call analyse()
    ///   first) or null. An unknown CI is `"rps_ci": null`, an unknown latency null p50_ms and
    ///   p99_ms, a non-finite number null.
    /// - "best_config": `{"<stack>": {"params": {...}, "rps": 0.0, "scenario": "hello"}}` from
    ///   bestConfigs(configs, configScenario or the first config's scenario); {} without configs.
    /// Further keys: each stack's "axis"; each best config's "label", "rps_ci" (or null), "size"
    /// (configSize()) and "tied", the params of the configurations rankConfigs() ties with it;
    /// "configs", every ConfigResult as `{"stack", "label", "scenario", "params", "rps", "rps_ci",
    /// "rps_values": [...], "flagged_repetitions": 1, "flags": ["imbalanced"], "rank": "best" |
    /// "tied" | null, "p_vs_best": 0.43 or null}`;
    /// "objective" as `{"slo_p99_ms": 100.0 or null without one, "plateau_gain": 0.05}`.
    /// Rates, latencies and loads are rounded to 2 decimals, error rates to 6 significant digits (so
    /// one error in a million requests does not read as 0).
    QJsonObject toJson() const;
};
