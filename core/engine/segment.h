#pragma once

#include <QList>
#include <QString>
#include <optional>

/// A number in [0, 1] as an exact fraction num/den (reduced, 0 < den <= MaxDenominator): the bounds of
/// an execution segment. Parsed as k6 writes them: "1/3", "0.25", "25%".
struct Fraction
{
    static constexpr qint64 MaxDenominator = 1'000'000;
    qint64 num = 0;
    qint64 den = 1;

    /// nullopt for anything else, a value outside [0, 1], or a denominator above MaxDenominator.
    static std::optional<Fraction> parse(const QString& text);
    static Fraction of(qint64 num, qint64 den); ///< reduced; den > 0
    QString toString() const; ///< "1/3", "0", "1"
    friend bool operator==(const Fraction&, const Fraction&) = default;
    /// Exact: both sides are at most MaxDenominator², far inside qint64.
    friend bool operator<(const Fraction& a, const Fraction& b) { return a.num * b.den < b.num * a.den; }
};

/// One part (from, to] of a whole load, 0 <= from < to <= 1, as k6's execution segments.
struct ExecutionSegment
{
    Fraction from, to { 1, 1 };

    /// "1/3:2/3", "0.5:1", "25%:50%", or a single end "1/3" for 0:1/3; nullopt with `error` set.
    static std::optional<ExecutionSegment> parse(const QString& text, QString* error = nullptr);
    /// The K-th (1-based) of N equal parts: (K-1)/N : K/N.
    static ExecutionSegment part(int k, int n);
    QString toString() const;
    friend bool operator==(const ExecutionSegment&, const ExecutionSegment&) = default;
};

/// The segments a whole is split into, in order, without gaps, from 0 to 1 (k6's execution segment
/// sequence, filled as k6 fills it), and how integers and indexes are shared among them. The maths are
/// k6's (lib/execution_segment.go in grafana/k6, re-implemented here from its description and checked
/// against its test vectors in tests/unit/segment_test.cpp):
/// - the LCD of the segments' lengths' denominators;
/// - a striping of 0 .. LCD-1 over the segments, each taking its length's share of every LCD indexes,
///   as far apart as possible (largest segments choose first);
/// - scale(i, v): how many of the indexes 0 .. v-1 fall in segment i — so the segments' shares of
///   any v add up to v exactly, and each grows with v.
class SegmentSequence
{
public:
    /// "0,1/3,2/3,1" (k6's --execution-segment-sequence); empty text: the single segment 0:1.
    /// A sequence not starting at 0 or not ending at 1 is filled; nullopt with `error` on bad input.
    static std::optional<SegmentSequence> parse(const QString& text, QString* error = nullptr);
    /// N equal segments.
    static SegmentSequence even(int n);
    /// `segment` filled out to a whole: [0:from], segment, [to:1] as needed (k6 without a sequence).
    static SegmentSequence around(const ExecutionSegment& segment);

    qsizetype size() const { return m_segments.size(); }
    /// False when the striping could not be made (a common denominator above MaxLcd): such a
    /// sequence shares nothing and must not be used.
    bool isValid() const { return !m_segments.isEmpty() && m_positions.size() == m_segments.size(); }
    const ExecutionSegment& at(qsizetype i) const { return m_segments.at(i); }
    /// The index of `segment` in the sequence, or -1.
    qsizetype indexOf(const ExecutionSegment& segment) const;
    qint64 lcd() const { return m_lcd; }
    /// The first index of 0 .. LCD-1 that segment i takes, and the gaps to each next one (the last
    /// gap wraps around to the first index of the next LCD block), as k6's GetStripedOffsets().
    qint64 stripeStart(qsizetype i) const { return m_positions.at(i).first(); }
    QList<qint64> stripeOffsets(qsizetype i) const;
    /// How many of 0 .. value-1 belong to segment i (k6's ScaleInt64).
    qint64 scale(qsizetype i, qint64 value) const;
    /// Whether the global index `index` (an iteration, a {seq}, a position in an id pool) is segment i's.
    bool owns(qsizetype i, qint64 index) const;
    /// The global index of segment i's n-th own index (from 0): its iterations, {seq} values and
    /// consumed ids in order, so that segments never collide.
    qint64 nthIndex(qsizetype i, qint64 n) const;
    QString toString() const; ///< "0,1/3,2/3,1"

private:
    static constexpr qint64 MaxLcd = 1'000'000; ///< the striping walks 0 .. LCD-1 once
    /// Fills m_lcd and m_positions; false when the LCD is above MaxLcd.
    bool stripe();

    QList<ExecutionSegment> m_segments;
    qint64 m_lcd = 1;
    QList<QList<qint64>> m_positions; ///< per segment: the indexes of 0 .. LCD-1 it takes, ascending
};
