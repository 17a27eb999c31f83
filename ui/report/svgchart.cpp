#include "svgchart.h"

#include <QLocale>
#include <cmath>

namespace {
QString num(double v)
{
    return QString::number(v, 'f', 1);
}

/// About `target` round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten.
QList<double> niceTicks(double lo, double hi, int target = 6)
{
    if (!(hi > lo))
        return { lo };
    const double raw = (hi - lo) / target;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / power < 1.5 ? power
        : raw / power < 3                 ? 2 * power
        : raw / power < 7                 ? 5 * power
                                          : 10 * power;
    QList<double> ticks;
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks << (std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

QString tickText(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}
} // namespace

const QList<QString>& svgPalette()
{
    static const QList<QString> Colours = { u"#1f77b4"_qs, u"#ff7f0e"_qs, u"#2ca02c"_qs, u"#d62728"_qs,
        u"#9467bd"_qs, u"#8c564b"_qs, u"#e377c2"_qs, u"#7f7f7f"_qs, u"#bcbd22"_qs, u"#17becf"_qs };
    return Colours;
}

QString htmlEscaped(const QString& text)
{
    QString out = text.toHtmlEscaped(); // & < > "
    return out.replace(u'\'', u"&#39;"_qs);
}

QByteArray SvgLineChart::toSvg() const
{
    const double left = 64, right = 16, top = 48, bottom = 44;
    const double plotW = width - left - right, plotH = height - top - bottom;
    double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
    for (const Series& s : series)
        for (const QPointF& p : s.points) {
            if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
                continue;
            xMin = std::min(xMin, p.x());
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
    QString svg = u"<svg class=\"chart\" viewBox=\"0 0 %1 %2\" width=\"%1\" height=\"%2\" role=\"img\" "
                  "aria-label=\"%3\">"_qs.arg(width)
                      .arg(height)
                      .arg(htmlEscaped(title));
    svg += u"<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"_qs;
    svg += u"<text x=\"%1\" y=\"18\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\">%2</text>"_qs
               .arg(num(width / 2.0), htmlEscaped(title));
    if (!std::isfinite(xMin)) {
        svg += u"<text x=\"%1\" y=\"%2\" font-size=\"13\" fill=\"#666\" text-anchor=\"middle\">No data</text></svg>"_qs
                   .arg(num(width / 2.0), num(height / 2.0));
        return svg.toUtf8();
    }
    if (yFromZero)
        yMin = std::min(0.0, yMin);
    if (yMax <= yMin)
        yMax = yMin + 1;
    if (xMax <= xMin)
        xMax = xMin + 1;
    const QList<double> yTicks = niceTicks(yMin, yMax * 1.05);
    yMax = std::max(yMax, yTicks.last());
    const auto X = [&](double x) { return left + (x - xMin) / (xMax - xMin) * plotW; };
    const auto Y = [&](double y) { return top + plotH - (y - yMin) / (yMax - yMin) * plotH; };

    // Legend: one entry per name, under the title.
    QStringList names;
    for (const Series& s : series)
        if (!names.contains(s.name))
            names << s.name;
    double lx = left;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString colour = svgPalette().at(i % svgPalette().size());
        svg += u"<rect x=\"%1\" y=\"27\" width=\"12\" height=\"4\" fill=\"%2\"/><text x=\"%3\" y=\"33\" "
               "font-size=\"11\">%4</text>"_qs.arg(num(lx), colour, num(lx + 16), htmlEscaped(names[i]));
        lx += 24 + 6.5 * names[i].size();
    }
    // Axes, grid and ticks.
    for (double t : yTicks) {
        svg += u"<line x1=\"%1\" x2=\"%2\" y1=\"%3\" y2=\"%3\" stroke=\"#e5e5e5\"/>"_qs.arg(
            num(left), num(left + plotW), num(Y(t)));
        svg += u"<text x=\"%1\" y=\"%2\" font-size=\"10\" text-anchor=\"end\">%3</text>"_qs.arg(
            num(left - 4), num(Y(t) + 3), tickText(t));
    }
    const QList<double> xs = xTicks.isEmpty() ? niceTicks(xMin, xMax) : xTicks;
    for (double t : xs) {
        if (t < xMin - 1e-9 || t > xMax + 1e-9)
            continue;
        svg += u"<line x1=\"%1\" x2=\"%1\" y1=\"%2\" y2=\"%3\" stroke=\"#bbb\"/>"_qs.arg(
            num(X(t)), num(top + plotH), num(top + plotH + 4));
        svg += u"<text x=\"%1\" y=\"%2\" font-size=\"10\" text-anchor=\"middle\">%3</text>"_qs.arg(
            num(X(t)), num(top + plotH + 15), htmlEscaped(xTickLabel ? xTickLabel(t) : tickText(t)));
    }
    svg += u"<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"none\" stroke=\"#999\"/>"_qs.arg(
        num(left), num(top), num(plotW), num(plotH));
    svg += u"<text x=\"%1\" y=\"%2\" font-size=\"11\" text-anchor=\"middle\">%3</text>"_qs.arg(
        num(left + plotW / 2), num(height - 6.0), htmlEscaped(xLabel));
    svg += u"<text transform=\"translate(14 %1) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">%2</text>"_qs
               .arg(num(top + plotH / 2), htmlEscaped(yLabel));
    // Lines: faint ones first, so the main ones sit on top.
    for (bool faintPass : { true, false })
        for (const Series& s : series) {
            if (s.faint != faintPass || s.points.isEmpty())
                continue;
            QStringList coords;
            for (const QPointF& p : s.points)
                if (std::isfinite(p.x()) && std::isfinite(p.y()))
                    coords << num(X(p.x())) + u',' + num(Y(p.y()));
            const QString colour = svgPalette().at(names.indexOf(s.name) % svgPalette().size());
            svg += u"<polyline class=\"series\" data-name=\"%1\" fill=\"none\" stroke=\"%2\" "
                   u"stroke-width=\"%3\"%4%5 "
                   "points=\"%6\"/>"_qs.arg(htmlEscaped(s.name), colour, s.faint ? u"1"_qs : u"2"_qs,
                       s.faint ? u" stroke-opacity=\"0.35\""_qs : QString(),
                       s.dashed ? u" stroke-dasharray=\"5 3\""_qs : QString(), coords.join(u' '));
        }
    svg += u"</svg>"_qs;
    return svg.toUtf8();
}
