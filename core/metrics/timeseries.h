#pragma once

#include "summary.h"

#include <QJsonObject>
#include <QList>
#include <optional>

class JsonReader;

/// A scenario's course over time: what the live snapshots showed, bucket by bucket, with what the
/// server sampler read beside them. It explains what a summary averages away: a warm-up drift, a
/// stall, one worker doing all the work.
///
/// Size is bounded: there are never more than MaxPoints buckets. A long run is downsampled, never
/// truncated: once the buckets are full, neighbours merge pairwise and the bucket doubles
/// (250 ms, 500 ms, 1 s, …), so the whole run stays covered. A merged bucket's rates, CPU and RSS are
/// the means of its parts, its errors their sum, its latency percentiles the highest of its parts
/// (an upper bound: the exact percentiles of the whole run are in its histogram).
struct TimeSeries
{
    static constexpr int MaxPoints = 240;
    static constexpr double SnapshotS = 0.25; ///< the load engine's live interval

    struct Point
    {
        double t = 0; ///< the bucket's end, seconds since the load started
        double rps = 0;
        double p50Ms = 0, p95Ms = 0, p99Ms = 0;
        ErrorCounts errors;
        int activeVus = 0; ///< at the bucket's end
        double clientCpuPercent = 0; ///< of one core
        double serverCpuPercent = -1; ///< the stack's tree, of one core; -1 unknown
        double serverRssMb = -1; ///< -1 unknown
        double foreignCpuPercent = -1; ///< the rest of the machine, of one core; -1 unknown
        QList<double> workerCpuPercent; ///< per worker in pid order; empty when unknown
        QList<int> workerConnections; ///< per worker, established connections on the stack's port
        int parts = 1; ///< snapshots merged into this bucket (not stored)
    };

    double bucketS = SnapshotS;
    QList<Point> points;

    bool isEmpty() const { return points.isEmpty(); }
    /// Adds one snapshot's point (parts 1), merging as described above.
    void append(const Point& point);

    /// `{"bucket_s": 0.25, "t": [...], "rps": [...], "p50_ms": [...], "p95_ms": [...], "p99_ms": [...],
    ///   "errors": {"timeout": [...], ...}, "vus": [...], "client_cpu": [...], "server_cpu": [...],
    ///   "server_rss_mb": [...], "foreign_cpu": [...], "worker_cpu": [[...], ...],
    ///   "worker_connections": [[...], ...]}`: one array per signal, each as long as "t" (columns
    /// keep the file small); "errors" holds only the classes that occurred; -1 is unknown.
    QJsonObject toJson() const;
    /// Reads what toJson() writes, checking every column's length; problems go to `reader`.
    static std::optional<TimeSeries> fromJson(JsonReader& reader, const QJsonObject& o, const QString& path);
};
