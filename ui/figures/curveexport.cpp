#include "curveexport.h"

#include "curvechart.h"

bool exportCurveCharts(const QList<CurveSeries>& series, const QString& stem, QSize size, qreal scale,
    ExportFormat format, QString* error, QStringList* written)
{
    const QList<std::pair<CurveChartKind, QString>> kinds
        = { { CurveChartKind::Throughput, u"throughput"_qs }, { CurveChartKind::Latency, u"latency"_qs },
              { CurveChartKind::ErrorRate, u"errors"_qs } };
    for (const auto& [kind, name] : kinds) {
        const QString path = stem + u'-' + name + u'.' + exportFormatSuffix(format);
        if (!exportCurveChart(series, kind, path, size, scale, format, error))
            return false;
        if (written)
            *written << path;
    }
    return true;
}
