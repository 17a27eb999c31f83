#pragma once

#include "aggregate.h"

/// The raw per-repetition numbers as tidy CSV: one row per observation, with the header
/// `repetition,stack,scenario,figure,metric,value,unit`. Metrics per finished scenario: rps,
/// mean_ms, p50_ms, p90_ms, p95_ms, p99_ms, max_ms, requests, errors, error_rate,
/// server_cpu_percent and server_rss_mb (when sampled), client_cpu_percent, queue_ms_mean,
/// dropped_iterations. Failed scenarios and warm-ups have no rows. `figure` is empty for scenarios
/// without one. Rows are in plan order. Fields are quoted when needed (RFC 4180).
QByteArray resultsCsv(const ResultsFolder& folder);

/// The names of the CSV's columns, in order.
QStringList csvColumns();

/// Aggregates::toJson(), indented.
QByteArray aggregatesJson(const Aggregates& aggregates);

/// Atomic writes of the above; an empty string on success, else a sentence naming the file.
[[nodiscard]] QString exportCsv(const ResultsFolder& folder, const QString& path);
[[nodiscard]] QString exportAggregatesJson(const Aggregates& aggregates, const QString& path);
