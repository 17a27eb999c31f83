#pragma once

#include "metrics/summary.h"

#include <QString>

/// "1.23ms", "2.50s", "800µs": a latency as the load summary prints it.
QString fmtMs(double ms);
/// A k6-style summary of a load on stdout: what `stackbench load` and `stackbench merge` print.
void printLoadSummary(
    const QString& scenario, const QString& target, const Summary& s, bool stopped, bool arrival);
