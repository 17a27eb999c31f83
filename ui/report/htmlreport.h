#pragma once

#include "results/aggregate.h"
#include "results/comparison.h"

#include <QByteArray>

/// The self-contained HTML report of a results folder: one file, no scripts, no network and no
/// other files (figures as inline SVG, styles inline), readable from disk and printable to PDF
/// through its print style sheet. In order: title, machine and versions; the methodology, generated
/// from the plan (procedure, stacks, scenarios and their executors); every warning (pre-flight,
/// flagged and outlying repetitions, failures, bars that did not converge); the figures with their
/// intervals, letters and, with `withPaper`, the paper's values; the numbers, the comparisons between
/// stacks and the agreement with the paper; for a sweep, its curves and best configurations; per
/// scenario, the latency spectrum of every stack and req/s and p99 over time; and the exact commands
/// that ran.
///
/// Figures render through Qt Charts: call it on the GUI thread of a QApplication (the CLI runs one
/// offscreen).
QByteArray htmlReport(const ResultsFolder& folder, const Aggregates& aggregates, bool withPaper);

/// Two result sets side by side, as `stackbench compare` and the Results page compare them: both
/// sets' headers and methodology differences, the grouped figures, and every row's verdict.
QByteArray htmlComparisonReport(const FolderComparison& comparison, const QStringList& names);
