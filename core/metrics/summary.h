#pragma once

#include "histogram.h"

#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>

/// How a request ended. Everything but Ok counts as an error.
enum class Outcome { Ok, Connect, Timeout, Reset, Http4xx, Http5xx, Parse };

struct ErrorCounts
{
    qint64 connect = 0;
    qint64 timeout = 0;
    qint64 reset = 0;
    qint64 http4xx = 0;
    qint64 http5xx = 0;
    qint64 parse = 0;

    void add(Outcome o, qint64 n = 1);
    void merge(const ErrorCounts& other);
    qint64 total() const { return connect + timeout + reset + http4xx + http5xx + parse; }
    QJsonObject toJson() const;
    static ErrorCounts fromJson(const QJsonObject& o);
    bool operator==(const ErrorCounts&) const = default;
};

/// Latency figures in milliseconds, read off a Histogram of microseconds.
struct LatencyStats
{
    double mean = 0, min = 0, max = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0, stddev = 0;

    static LatencyStats from(const Histogram& h);
    QJsonObject toJson() const;
    static LatencyStats fromJson(const QJsonObject& o);
};

/// The outcome of one load run: what `stackbench load --json` prints and what results store.
struct Summary
{
    QString transport;
    qint64 requests = 0; ///< completed requests, successful or not
    double durationS = 0;
    double rps = 0;
    ErrorCounts errors;
    LatencyStats latency; ///< send (or scheduled send, for arrival-rate) to last byte
    LatencyStats ttfb; ///< send to first response byte
    QMap<int, qint64> statusCounts;
    qint64 bytesReceived = 0;
    qint64 droppedIterations = 0; ///< arrival-rate executors only
    double clientCpuPercent = 0; ///< of one core, over the run
    double queueMsMean = 0; ///< time requests waited on the client before being sent

    double errorRate() const { return requests ? double(errors.total()) / double(requests) : 0.0; }
    QJsonObject toJson() const;
    static Summary fromJson(const QJsonObject& o);
};

/// A 250 ms window of a running load, plus running totals. Emitted by LoadRunner::snapshotAvailable.
struct LiveSnapshot
{
    quint64 runId = 0;
    double elapsedS = 0;
    double progress = 0; ///< 0..1 of the executor's planned work (duration or iterations)
    double intervalRps = 0;
    double intervalP50Ms = 0, intervalP95Ms = 0, intervalP99Ms = 0, intervalMeanMs = 0;
    qint64 totalRequests = 0;
    qint64 totalErrors = 0;
    ErrorCounts intervalErrors; ///< the interval's errors by class
    int activeVus = 0;
    double clientCpuPercent = 0; ///< of one core, over the interval
    // Filled by the study runner from the server sampler; -1 when unknown.
    double serverCpuPercent = -1;
    double serverRssMb = -1;
};

Q_DECLARE_METATYPE(Summary)
Q_DECLARE_METATYPE(LiveSnapshot)
