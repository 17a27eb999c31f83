#pragma once

#include "metrics/diagnostics.h"
#include "metrics/summary.h"
#include "metrics/timeseries.h"
#include "plan/plan.h"

#include <QDateTime>
#include <QStringList>

class JsonReader;
struct LoadResult;

/// Server resource use during one scenario, from the stacks layer's sampler. -1 = unknown.
struct ServerStats
{
    double cpuPercentMean = -1; ///< of one core: 200 = two cores busy
    double cpuPercentMax = -1;
    double rssMbMean = -1; ///< the whole process tree
    double rssMbMax = -1;
    int samples = 0;

    bool known() const { return samples > 0; }
};

/// Whether the client, not the server, may have set the pace.
struct ClientHealth
{
    double cpuPercent = 0; ///< of one core, over the run
    double queueMsMean = 0; ///< time requests waited on the client before being sent
    qint64 droppedIterations = 0; ///< arrival-rate executors only
    bool clientBound = false;

    /// Reads the figures off a Summary and flags the run client-bound when the client used > 80 % of
    /// a core, dropped iterations, or queued requests for more than 10 % of the mean latency (and
    /// more than 1 ms). The runner may override the flag.
    static ClientHealth from(const Summary& s);
};

/// The stack's conformance check before this repetition's scenarios (the runner's step 4).
struct Conformance
{
    bool checked = false;
    bool passed = false;
    QStringList problems;
};

/// One point of the latency distribution, read off the run's histogram.
struct PercentilePoint
{
    double q = 0; ///< 0..100; 0 is the minimum and 100 the maximum
    double ms = 0;
    bool operator==(const PercentilePoint&) const = default;
};

/// One finished scenario of one stack in one repetition: one results file. Warm-up steps are records
/// too, with `warmup` set; they are stored apart and never enter a figure.
struct ScenarioRecord
{
    /// 2 added `diagnostics`, 3 `latency_hdr` and `ttfb_hdr`, 4 `params` and `point`, 5 `series`;
    /// older files still read (without them).
    static constexpr int FormatVersion = 5;
    enum class Status { Ok, Failed };

    int repetition = 1; ///< from 1
    QString stack; ///< PlanStack::id()
    QString scenarioId; ///< Scenario::id, or the WarmupStep id for warm-ups
    bool warmup = false;
    int figure = 0; ///< copied from the plan so that one file reads on its own
    Metric metric = Metric::MeanMs;
    QString transport;
    Status status = Status::Ok;
    QString reason; ///< why it failed; empty when ok
    QDateTime startedAt, finishedAt;
    Summary summary; ///< meaningful when ok (a failed record may carry a partial one)
    QList<PercentilePoint> percentiles;
    ServerStats server;
    ClientHealth client;
    Conformance conformance;
    ScenarioDiagnostics diagnostics; ///< what explains the number: worker balance, foreign CPU, stalls
    /// The run's latency and TTFB histograms (µs) in HdrHistogram's compressed V2 encoding, base64
    /// ("HISTFAAA…", see hdrcodec.h): what lets repetitions pool. Empty when the run recorded nothing
    /// or the file predates version 3. A record read from a file holds only strings that decode.
    QString latencyHdr, ttfbHdr;
    /// Every parameter value the stack ran with, the manifest's defaults included ({"workers": "2"});
    /// empty for an external target or a file before version 4.
    QMap<QString, QString> params;
    /// The cell of a swept scenario ({"vus": 50}, Scenario::point); empty when it was not swept.
    QMap<QString, double> point;
    /// The run's course over time (see TimeSeries); empty before version 5 or when nothing was seen.
    TimeSeries series;

    bool ok() const { return status == Status::Ok; }
    /// ok and with at least one completed request: the record can enter a figure.
    bool hasData() const { return ok() && summary.requests > 0; }
    /// latencyHdr decoded; nullopt when absent (or not decodable).
    std::optional<Histogram> latencyHistogram() const;
    /// The figure's number for this record: rps or mean latency (ms).
    double metricValue() const;
    /// Everything that casts doubt on this record, as flag names: the diagnostics' flags, and
    /// "client-bound" when the client may have set the pace.
    QStringList flags() const;
    /// The same in plain words, with the figures behind them.
    QStringList causes() const;

    QJsonObject toJson() const;
    /// Reads what toJson() writes, checking every field; problems go to `reader`.
    static std::optional<ScenarioRecord> fromJson(JsonReader& reader, const QJsonObject& o);

    /// A record for a finished load: summary, percentiles and client health from `result`, figure and
    /// metric from `scenario`. A result with an error, or stopped early, becomes a failed record.
    static ScenarioRecord fromLoad(
        int repetition, const QString& stack, const Scenario& scenario, const LoadResult& result);
    /// The same for a warm-up step.
    static ScenarioRecord fromWarmup(
        int repetition, const QString& stack, const QString& stepId, const LoadResult& result);
    /// A scenario that produced no result (the stack crashed, the load could not start...).
    static ScenarioRecord failure(
        int repetition, const QString& stack, const Scenario& scenario, const QString& reason);
};

/// The percentiles recorded per result: 0, 50, 75, 90, 95, 99, 99.9, 99.99 and 100.
QList<PercentilePoint> percentilePoints(const Histogram& latencyMicros);
