#pragma once

#include "metrics/summary.h"
#include "plan/jsonproblem.h"
#include "results/scenariorecord.h"

#include <QStringList>
#include <optional>

/// The figures of k6's `--summary-export` file (or of a `handleSummary()` data object, whose metrics
/// keep their numbers under "values") that a Stackbench result can hold.
///
/// Read: `http_reqs` {count, rate}; `http_req_duration` {avg, min, med, max, p(90), p(95), p(99)};
/// `http_req_failed` {passes, fails, value} (for this Rate metric "passes" counts the failed
/// requests); `http_req_waiting` (k6's TTFB); `iterations`, `dropped_iterations`, `data_received`,
/// `vus_max`. Only http_reqs and http_req_duration are required.
struct K6Summary
{
    qint64 requests = 0;
    double rps = 0;
    double durationS = 0; ///< state.testRunDurationMs when present, else requests / rps
    LatencyStats latency; ///< stddev is always 0: k6 does not export it
    bool hasP99 = false; ///< p(99) was exported; otherwise latency.p99 is 0
    std::optional<LatencyStats> ttfb; ///< from http_req_waiting
    qint64 failed = 0; ///< http_req_failed.passes, or value × requests
    /// From the stackbench_errors_* counters of an export-k6 script; nullopt for other scripts.
    std::optional<ErrorCounts> errorClasses;
    qint64 iterations = 0;
    qint64 droppedIterations = 0;
    qint64 bytesReceived = 0;
    int vusMax = 0; ///< 0 when absent
};

struct K6SummaryParse
{
    std::optional<K6Summary> summary;
    JsonProblems problems; ///< by JSON path, e.g. "metrics.http_req_duration.avg: is missing"
    QStringList warnings; ///< figures that are absent and recorded as 0

    bool ok() const { return summary.has_value() && problems.isEmpty(); }
};

/// Reads a k6 summary. Never crashes on any input; a file that is not JSON, not an object, has no
/// "metrics", or lacks a required metric gives problems that say so.
K6SummaryParse parseK6Summary(const QByteArray& json, const QString& fileName = {});

/// The Stackbench summary for a k6 one, transport "k6". Failures keep their classes when the script
/// counted them (export-k6 scripts do); otherwise, and for failures no class covers (an unexpected
/// 2xx or 3xx status), they count under `http_4xx`, so the total and the error rate stay exact.
/// Status counts, client CPU and queueing are unknown and left empty or 0.
Summary toSummary(const K6Summary& k6);
/// The percentiles k6 exported: 0 (min), 50, 90, 95, 99 when present, and 100 (max).
QList<PercentilePoint> percentilePoints(const K6Summary& k6);
