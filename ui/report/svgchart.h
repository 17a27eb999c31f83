#pragma once

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QString>
#include <functional>

/// A small line chart written as SVG text, for the HTML report's drill-down charts: no Qt Charts,
/// no scripts, no external references, so it prints and reads anywhere. Axes are linear; a caller
/// that wants a log axis passes log values and labels its ticks with `xTickLabel`.
struct SvgLineChart
{
    struct Series
    {
        QString name;
        QList<QPointF> points;
        bool faint = false; ///< drawn thin and translucent (e.g. repetitions behind their mean)
        bool dashed = false;
    };

    QString title;
    QString xLabel, yLabel;
    QList<Series> series;
    int width = 720, height = 320;
    /// Tick positions on x; empty: about six round values over the data's range.
    QList<double> xTicks;
    /// Text for an x tick; default: the value, shortest.
    std::function<QString(double)> xTickLabel;
    bool yFromZero = true;

    /// `<svg class="chart" viewBox=... role="img">…</svg>`: a legend under the title, series in the
    /// palette's order (series with the same name share a colour), "No data" when nothing is drawn.
    QByteArray toSvg() const;
};

/// The colours of series, in order (the figures' palette), for charts drawn by hand.
const QList<QString>& svgPalette();
/// Escapes text for HTML and SVG: & < > " '.
QString htmlEscaped(const QString& text);
