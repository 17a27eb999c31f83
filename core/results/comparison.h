#pragma once

#include "aggregate.h"
#include "verdicts.h"

#include <QJsonObject>
#include <cmath>
#include <functional>
#include <limits>

/// Compares sample `a` with sample `b` (repetitions of two stacks, or after against before).
/// - The test is Welch's unequal-variances t-test (B. L. Welch, "The generalization of 'Student's'
///   problem when several different population variances are involved", Biometrika 34, 1947), with
///   Welch–Satterthwaite degrees of freedom and a two-sided p-value from Student's t CDF (Boost.Math).
///   With both variances 0 the means are known exactly: p is 1 when they are equal, 0 otherwise.
/// - The ratio's interval is the delta method on the log scale: ln(meanA / meanB) ± t(1 − alpha/2, ν)
///   · √(s²a/(na·meanA²) + s²b/(nb·meanB²)), exponentiated, with ν the Welch–Satterthwaite degrees
///   of freedom of those two terms (Casella & Berger, "Statistical Inference", 2nd ed., §5.5.4 for
///   the delta method; F. E. Satterthwaite, Biometrics Bulletin 2(6), 1946). It is always positive
///   and finite, unlike Fieller's interval. Needs both means > 0 and two values a side.
/// The verdict follows the test, not the interval; the two can disagree at the margin.
SampleComparison compareSamples(
    const QList<double>& a, const QList<double>& b, bool higherIsBetter, double alpha = 0.05);

/// Holm–Bonferroni step-down adjusted p-values (S. Holm, "A simple sequentially rejective multiple
/// test procedure", Scandinavian Journal of Statistics 6(2), 1979), in the input's order: the i-th
/// smallest of m becomes max over j ≤ i of (m − j + 1)·p(j), capped at 1, so they are monotone.
/// NaN values (tests not available) stay NaN and do not count in m.
QList<double> holmAdjust(const QList<double>& p);

/// One stack's repetitions in one figure.
struct NamedSample
{
    QString stack;
    QList<double> values;
};

/// Every pair (i, j), i < j, of `samples` in their order, with Holm-adjusted p-values over the pairs.
QList<PairComparison> comparePairs(
    const QList<NamedSample>& samples, bool higherIsBetter, int figure = 0, double alpha = 0.05);

/// Compact letter display of `pairs` (from comparePairs over `samples`): two stacks share a letter
/// iff their pair's verdict is Indistinguishable. Built with the insert-and-absorb algorithm of
/// H.-P. Piepho, "An algorithm for a letter-based representation of all-pairwise comparisons",
/// Journal of Computational and Graphical Statistics 13(2), 456–466, 2004. Letters are ordered by
/// the stacks' means, best first, so the best stack gets "a". One entry per sample, in their order;
/// stacks without values sort last. Past "z" come "A"…"Z", then "{52}", "{53}", ….
QList<StackLetters> letterDisplay(
    const QList<NamedSample>& samples, const QList<PairComparison>& pairs, bool higherIsBetter);

/// Kendall's rank correlation τ-b, which corrects for ties in either vector (M. G. Kendall, "The
/// treatment of ties in ranking problems", Biometrika 33(3), 1945): (C − D) / √((n0 − n1)(n0 − n2)).
/// NaN when the lengths differ, with fewer than two values, or when a vector is all ties.
double kendallTauB(const QList<double>& x, const QList<double>& y);

/// Fills `aggregates.comparisons` and each row's letters and rank: every figure's stacks compared
/// pairwise (comparePairs, Holm within the figure) and shown as a letter display. Failed bars and
/// bars without values take no part. aggregate() calls it.
void judgeFigures(Aggregates& aggregates, double alpha = 0.05);

/// Fills `aggregates.paperAgreement`: per figure, Kendall's τ-b between our means and the paper's
/// (`paperValue(figure, stack)`; NaN or ≤ 0 for a stack the paper does not show, which is left out).
void agreeWithPaper(
    Aggregates& aggregates, const std::function<double(int figure, const QString& stack)>& paperValue);

/// What `report` prints per figure: its stacks best first with rank, letters and mean, then the
/// agreement with the paper when known, e.g.
/// "Figure 1 (req/s, higher is better; τ-b vs paper 0.80): 1 a  FastAPI + sqlite3 7643.2 · 1 ab  …".
QStringList verdictLines(const Aggregates& aggregates);

/// What a stack did between two result sets.
enum class Change { Improved, Regressed, WithinNoise };
/// "improved", "regressed", "within_noise"
QString toString(Change change);

/// One (scenario, stack) of a result set against the same in an earlier one.
struct RowChange
{
    QString scenarioId;
    int figure = 0;
    QString stack;
    QString label; ///< the stack's display label, and the scenario's title, from `after`
    QString scenarioTitle;
    Metric metric = Metric::MeanMs;
    SampleComparison test; ///< a = after, b = before: ratio is after / before
    double pHolm = SampleComparison::NaN; ///< over every row compared
    Change change = Change::WithinNoise;
};

/// Compares `after` with `before`, row by row (same scenario id and stack, neither failed, in
/// `after`'s order), with compareSamples(); the p-values are Holm-adjusted over all rows, and a
/// row improved or regressed when its adjusted p is below alpha (req/s higher is better, ms lower).
QList<RowChange> compareResultSets(const Aggregates& before, const Aggregates& after, double alpha = 0.05);

/// Two results folders compared with compareResultSets(): what `stackbench compare` prints.
struct FolderComparison
{
    QList<RowChange> changes;
    JsonProblems problems; ///< of both folders, each relative file prefixed with its folder
    QStringList unreadable; ///< folders without a readable manifest; then `changes` is empty
    QStringList warnings; ///< why the two sets may not be comparable (comparabilityWarnings())
    std::optional<Aggregates> before, after; ///< each set, when its folder is readable

    bool ok() const { return unreadable.isEmpty(); }
    qsizetype count(Change change) const;
};

/// Why two result sets may not compare like for like, one sentence each: the same folder twice,
/// other scenarios or load, another number of repetitions, another machine or transport.
QStringList comparabilityWarnings(const RunManifest& before, const RunManifest& after, bool sameFolder);

/// Loads `beforeDir` and `afterDir`, aggregates both with `options` and compares them.
FolderComparison compareFolders(
    const QString& beforeDir, const QString& afterDir, const AggregateOptions& options = {});

/// One line per change, e.g. "Figure 1  hello  fastapi-sqlite3  regressed  after/before 0.910
/// [0.850, 0.970]  p 0.002  Holm 0.01".
QStringList describeChanges(const QList<RowChange>& changes);

/// `{"figure": 1, "a": "fastapi-sqlite3", "b": "flask-sqlite3", "ratio": 1.42, "ratio_ci": [1.30,
/// 1.55], "p": 0.0004, "p_holm": 0.003, "verdict": "a_better"}`; a value not available is null.
QJsonObject toJson(const PairComparison& pair);
/// `{"figure": 1, "tau_b": 0.8}`; null when τ-b is not defined.
QJsonObject tauToJson(int figure, double tauB);
/// `{"figure": 1, "scenario": "hello", "stack": "fastapi-sqlite3", "ratio": 0.91, "ratio_ci": [0.85,
/// 0.97], "p": 0.002, "p_holm": 0.01, "verdict": "regressed"}`; ratio is after / before.
QJsonObject toJson(const RowChange& change);
/// `{"format": "stackbench-comparison", "version": 1, "changes": [toJson(change), …], "improved": 1,
/// "regressed": 0, "within_noise": 3, "warnings": [...]}`
QJsonObject toJson(const FolderComparison& comparison);
