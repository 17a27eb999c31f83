#pragma once

#include "figuretheme.h"
#include "results/figuredata.h"

#include <QImage>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>
#include <functional>

class QChart;

enum class ExportFormat { Png, Svg };

/// "png" or "svg".
QString exportFormatSuffix(ExportFormat format);

/// Everything here builds a QChart, a QGraphicsWidget: it needs a QApplication (headless runs set
/// QT_QPA_PLATFORM=offscreen; no display is needed) and runs on the GUI thread. The export
/// functions check both and fail with a message instead of crashing.

/// Renders @p data offscreen into an image of @p size x @p scale device pixels whose
/// devicePixelRatio is @p scale, so everything is laid out at @p size logical pixels (e.g.
/// 1600x1000 at 2 gives 3200x2000 pixels). Uses @p theme, or exportFigureTheme(size) when null.
QImage renderFigure(
    const FigureData& data, QSize size, qreal scale, bool withPaper, const FigureTheme* theme = nullptr);

/// Renders @p data as an SVG document of @p size (viewBox in logical pixels).
QByteArray renderFigureSvg(
    const FigureData& data, QSize size, bool withPaper, const FigureTheme* theme = nullptr);

/// Writes one figure to @p path with the light export theme: a PNG of size x scale pixels, or an
/// SVG of @p size. The file is replaced atomically (QSaveFile): on any failure - a missing or
/// read-only directory, a full disk - a previous file at @p path is left untouched, no temporary
/// file is left behind, false is returned and @p error (if given) says what and where.
/// @p size is in logical pixels (16..20000 per side), @p scale in 0.25..8.
bool exportFigure(const FigureData& data, const QString& path, QSize size, qreal scale, ExportFormat format,
    bool withPaper, QString* error = nullptr);

/// Writes figure<N>.png / .svg into @p dir (which must exist) for every figure in @p figures,
/// N being FigureData::number (or its position + 1 when the number is 0). Stops at the first
/// failure. @p written, if given, receives the paths written.
bool exportAllFigures(const QList<FigureData>& figures, const QString& dir, QSize size, qreal scale,
    ExportFormat format, bool withPaper, QString* error = nullptr, QStringList* written = nullptr);

/// Builds a chart to export, styled with the theme it is given, for any chart beside the figures
/// (the scalability curves). The export owns what it returns, which must not be null.
using ChartBuilder = std::function<QChart*(const FigureTheme& theme)>;

/// Renders the chart @p build returns, laid out at @p size, as renderFigure() renders a figure.
QImage renderChart(const ChartBuilder& build, QSize size, qreal scale, const FigureTheme* theme = nullptr);

/// Renders the chart @p build returns as an SVG document of @p size whose title is @p title (the
/// chart's own title when empty) and whose description is @p description.
QByteArray renderChartSvg(const ChartBuilder& build, QSize size, const QString& title = {},
    const QString& description = {}, const FigureTheme* theme = nullptr);

/// Writes the chart @p build returns to @p path as exportFigure() writes a figure: the same checks,
/// export theme and atomic replacement; false and @p error on failure.
bool exportChart(const ChartBuilder& build, const QString& path, QSize size, qreal scale, ExportFormat format,
    const QString& title = {}, const QString& description = {}, QString* error = nullptr);
