#pragma once

#include <QtGlobal>
#include <vector>

/// HDR-style latency histogram: 3 significant digits over 1 µs .. 60 s, in constant memory.
///
/// Values are microseconds. Buckets are log-linear (2048 linear sub-buckets per power of two), so any
/// recorded value is reproduced within 0.1 %. The layout of the counts is HdrHistogram's for
/// lowestDiscernibleValue 1, highestTrackableValue 60,000,000 and 3 significant digits (bucket index
/// i here is HdrHistogram's counts index i), which is what lets hdrcodec.h read and write its V2
/// encoding. Two histograms merge exactly, which is how per-thread histograms become one per run.
///
/// Mean and standard deviation are exact for recorded values: they come from a running sum and
/// Welford's running squared deviations, not from the buckets. Counts added by bucket
/// (addCountAtIndex(), as a decoder does) carry no exact values, so from then on, merged ones too, mean
/// and standard deviation are read off the buckets (each bucket at its middle) and min/max are the
/// bounds of the lowest and highest non-empty buckets (max at most HighestValue). Not thread-safe:
/// each worker thread owns its own.
class Histogram
{
public:
    static constexpr qint64 LowestValue = 1;
    static constexpr qint64 HighestValue = 60'000'000;

    Histogram();

    void record(qint64 micros);
    /// Adds `n` > 0 values somewhere in bucket `index` (0 <= index < bucketCount()), values unknown.
    void addCountAtIndex(int index, qint64 n);
    void merge(const Histogram& other);
    void reset();

    qint64 count() const { return m_count; }
    qint64 min() const { return m_count ? m_min : 0; }
    qint64 max() const { return m_count ? m_max : 0; }
    double mean() const;
    double stddev() const;
    /// Whether mean() and stddev() are exact (only recorded values) or read off the buckets.
    bool exactMoments() const { return m_exact; }
    /// Nearest-rank percentile, q in [0, 100]. Returns 0 for an empty histogram.
    qint64 percentile(double q) const;

    qint64 countAtIndex(int index) const { return m_counts[size_t(index)]; }
    /// One past the highest non-empty bucket; 0 when empty.
    int usedLength() const;

    static int bucketCount();
    /// The bucket a value falls in (values outside 0 .. HighestValue are not clamped here).
    static int indexOf(qint64 v);
    static qint64 lowestEquivalentValue(int index);
    static qint64 highestEquivalentValue(int index);

private:
    static qint64 valueAt(int index);
    /// The value a bucket stands for: its middle, within the histogram's min and max.
    qint64 representative(int index) const;
    double runningMean() const;
    double bucketMean() const;
    double bucketStddev() const;

    std::vector<qint64> m_counts;
    qint64 m_count = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
    double m_sum = 0;
    double m_m2 = 0; ///< sum of squared deviations from the mean (Welford), for a stable stddev
    bool m_exact = true; ///< no count was added by bucket
};
