#pragma once

#include <QList>
#include <QStringList>

/// One repetition of one bar, judged against the bar's other repetitions, with what was measured
/// beside it.
struct RepetitionNote
{
    int repetition = 0;
    double value = 0; ///< the figure's metric
    double deviation = 0; ///< (value - median) / median of the bar's repetitions
    bool outlier = false; ///< by isOutlier()
    bool excluded = false; ///< left out of the bar because it was flagged and the user asked so
    QStringList flags; ///< the record's: imbalanced, noisy, io-stalled, client-bound
    QStringList causes; ///< the flags in plain words
    double serverCpuPercent = -1; ///< of one core, the stack's tree; -1 unknown
    double cpuMsPerRequest = -1; ///< server CPU time per completed request; -1 unknown
    /// For an outlier without a flag of its own: what sets it apart from its bar's other
    /// repetitions (they were flagged, the server used more CPU, or each request cost more).
    QStringList context;

    bool flagged() const { return !flags.isEmpty(); }
    /// "rep 2: 2,091 req/s, 61 % below the median; one of 2 workers held 49 of 50 connections...";
    /// an outlier without a flag says its context, or "no measured cause".
    QString describe(const QString& unit) const;
    bool operator==(const RepetitionNote&) const = default;
};

namespace outliers {
/// Two tests, either of which marks a repetition:
/// - the modified z-score M = 0.6745 (x - median) / MAD exceeds 3.5 in magnitude (Iglewicz and
///   Hoaglin, "How to Detect and Handle Outliers", ASQC Quality Press, 1993), the robust
///   median-and-MAD rule that one wild value cannot mask;
/// - the value lies more than 25 % from the median. With five repetitions the MAD is itself
///   inflated by a second wild value, so M alone misses a repetition at half the others' throughput;
///   a quarter of the median is a difference no reader of a benchmark ignores.
/// Fewer than three values are never outliers: there is no majority to judge them by.
inline constexpr double ModifiedZLimit = 3.5;
inline constexpr double RelativeLimit = 0.25;

double median(QList<double> values);
/// The modified z-scores of `values` (0 where the MAD is 0 and the value equals the median,
/// infinity where the MAD is 0 and it does not).
QList<double> modifiedZ(const QList<double>& values);
QList<bool> flagOutliers(const QList<double>& values);

/// Fills `context` for every outlier without flags, from the other repetitions of its bar:
/// - most of the others carry a flag it lacks (the bar's median is theirs, not its own);
/// - its server CPU differs from the bar's median by more than 25 %;
/// - its server CPU per request differs from the bar's median by more than 15 % (the same work ran
///   at another speed: host frequency or contention that no counter inside a VM shows).
/// Otherwise it says that nothing measured sets it apart. Expects `outlier` set.
void explainOutliers(QList<RepetitionNote>& notes);
} // namespace outliers
