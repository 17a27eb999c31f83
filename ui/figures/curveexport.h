#pragma once

#include "figureexport.h"
#include "results/curves.h"

/// Writes the three curve charts of @p series (one swept scenario) as `<stem>-throughput.<ext>`,
/// `<stem>-latency.<ext>` and `<stem>-errors.<ext>`, each as exportCurveChart() writes it; the paths
/// written go to @p written. False with @p error at the first that fails. GUI thread.
bool exportCurveCharts(const QList<CurveSeries>& series, const QString& stem, QSize size, qreal scale,
    ExportFormat format, QString* error, QStringList* written);
