#pragma once

#include <QtGlobal>
#include <vector>

/// HDR-style latency histogram: 3 significant digits over 1 µs .. 60 s, in constant memory.
///
/// Values are microseconds. Buckets are log-linear (2048 linear sub-buckets per power of two), so any
/// recorded value is reproduced within 0.1 %. Two histograms merge exactly, which is how per-thread
/// histograms become one per run. Mean and standard deviation are exact: they come from a running sum
/// and Welford's running squared deviations, not from the buckets. Not thread-safe: each worker thread
/// owns its own histogram.
class Histogram
{
public:
    static constexpr qint64 LowestValue = 1;
    static constexpr qint64 HighestValue = 60'000'000;

    Histogram();

    void record(qint64 micros);
    void merge(const Histogram& other);
    void reset();

    qint64 count() const { return m_count; }
    qint64 min() const { return m_count ? m_min : 0; }
    qint64 max() const { return m_count ? m_max : 0; }
    double mean() const;
    double stddev() const;
    /// Nearest-rank percentile, q in [0, 100]. Returns 0 for an empty histogram.
    qint64 percentile(double q) const;

    static int bucketCount();

private:
    static int indexOf(qint64 v);
    static qint64 valueAt(int index);

    std::vector<qint64> m_counts;
    qint64 m_count = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
    double m_sum = 0;
    double m_m2 = 0; ///< sum of squared deviations from the mean (Welford), for a stable stddev
};
