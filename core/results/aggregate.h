#pragma once

#include "figuredata.h"
#include "outliers.h"
#include "resultsfolder.h"
#include "statistics.h"
#include "verdicts.h"

#include <QMap>
#include <utility>

/// Latency percentiles of all requests of the repetitions used, pooled: read off the merge of their
/// histograms (exact, bucket by bucket), so p99 is the 99th percentile of every request of those
/// repetitions, not a mean of per-repetition p99s.
struct PooledPercentiles
{
    /// false when no repetition was used, or one used has no histogram (results before format 3)
    bool available = false;
    double p50Ms = 0, p90Ms = 0, p99Ms = 0, p999Ms = 0;
    qint64 count = 0; ///< requests in the merged histogram
};

/// One stack in one scenario, across the repetitions of a results folder.
struct StackAggregate
{
    QString scenarioId;
    QString scenarioTitle;
    int figure = 0; ///< 0 when the scenario has no figure
    Metric metric = Metric::MeanMs;
    QString stack;
    QString label;
    QList<int> repetitions; ///< the repetitions with data, ascending
    QList<double> values; ///< the paper's metric per repetition (req/s or mean ms), same order
    Statistics stats; ///< of values: mean, standard deviation, 95 % CI (see describe())
    /// Every repetition with data, excluded ones included, in repetition order: its value, whether
    /// it is an outlier, and what was measured beside it. `repetitions`/`values` hold the ones used.
    QList<RepetitionNote> notes;
    /// The spread of the per-repetition latency percentiles (each repetition's own, from its summary):
    /// their means across the repetitions used, and the lowest and highest p99. A mean of percentiles is
    /// not a percentile of anything: for percentiles of the requests, read `pooled`.
    double p50Ms = 0, p90Ms = 0, p99Ms = 0;
    double p99MinMs = 0, p99MaxMs = 0;
    PooledPercentiles pooled;
    qint64 requests = 0; ///< summed over the repetitions with data
    qint64 errors = 0; ///< see countErrors()
    double errorRate = 0; ///< errors / requests
    double serverCpuPercent = -1; ///< mean across repetitions where known; -1 unknown
    double serverRssMb = -1;
    bool clientBound = false; ///< any repetition flagged
    bool failed = false; ///< no repetition has data
    /// Compact letter display within its figure: bars sharing a letter are not significantly
    /// different (Welch, Holm). Empty without a figure or data; rank 0 then.
    QString letters;
    int rank = 0;
    QStringList failures; ///< "rep2: <reason>" for each failed repetition

    /// Coefficient of variation of the values used (stddev / mean); 0 with fewer than two.
    double cv() const { return stats.n > 1 && stats.mean != 0 ? stats.stddev / stats.mean : 0; }
    int excludedCount() const;
    int outlierCount() const;
};

struct AggregateOptions
{
    /// Leave out repetitions whose record carries a flag (imbalanced, noisy, io-stalled,
    /// client-bound). They stay in `notes`, marked excluded, and the figures say how many.
    bool excludeFlagged = false;
};

/// Everything a report needs from a results folder: one row per (scenario, stack), in plan order.
struct Aggregates
{
    /// 2: the rows' `p50_ms`, `p90_ms` and `p99_ms` (means of per-repetition percentiles) became
    /// `rep_p50_ms_mean`..., beside `rep_p99_ms_min`/`_max` and the pooled `pooled_p50_ms`...; and
    /// `comparisons`, `paper_agreement`, and each row's `letters` and `rank` were added.
    static constexpr int FormatVersion = 2;

    QString planName;
    QString machine; ///< Environment::machine()
    QDateTime startedAt;
    int repetitions = 0; ///< planned
    QString transport;
    bool excludeFlagged = false; ///< as asked in AggregateOptions
    QList<StackAggregate> rows;
    QList<PairComparison> comparisons; ///< every pair of stacks in each figure (judgeFigures())
    QMap<int, double> paperAgreement; ///< figure → Kendall's τ-b against the paper (agreeWithPaper())

    int excludedCount() const;

    const StackAggregate* find(const QString& scenarioId, const QString& stack) const;
    /// `{"format": "stackbench-aggregates", "version": 2, ...}`: what `report` writes as JSON.
    QJsonObject toJson() const;
};

/// Errors of one run: transport failures (connect, timeout, reset, parse) plus every response whose
/// status is not `expectedStatus` (a 200 where 201 was expected counts). Without status counts, falls
/// back to ErrorCounts::total(). Never more than the requests.
qint64 countErrors(const Summary& summary, int expectedStatus);

/// Aggregates a loaded folder; warm-ups never enter. Needs the manifest (empty result without it).
Aggregates aggregate(const ResultsFolder& folder, const AggregateOptions& options = {});

/// The repetitions a reader should know about, one line each (outliers, flagged ones), grouped by
/// figure: what `report` prints and the Results page lists.
QStringList repetitionNotes(const Aggregates& aggregates);

/// One line per row with the pooled latency percentiles ("n/a" when unavailable) and the range of the
/// per-repetition p99: what `report` prints.
QStringList pooledPercentileLines(const Aggregates& aggregates);

/// The paper's caption for figure 1..7, e.g. "GET request test results."; empty otherwise.
QString figureCaption(int number);

/// The figures of a study, in figure order, one bar per stack in plan order. paperValue is left -1.
QList<FigureData> figureData(const Aggregates& aggregates);

/// Sets paperValue on the bars: values[figure][stack]. Bars without a value keep -1.
void applyPaperValues(QList<FigureData>& figures, const QMap<int, QMap<QString, double>>& values);

/// Grouped figures comparing result sets: for each figure and each stack, one bar per set, with
/// `series` set to the set's name. Stacks are in first-seen order; a stack missing from a set has no
/// bar for that set.
QList<FigureData> comparisonFigures(const QList<std::pair<QString, Aggregates>>& sets);

/// Loads folders (name, dir) and compares them. Problems of every folder go to `problems`; a folder
/// without a readable manifest is left out.
QList<FigureData> compareResults(const QList<std::pair<QString, QString>>& namedDirs, JsonProblems* problems,
    const AggregateOptions& options = {});
