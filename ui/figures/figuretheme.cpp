#include "figuretheme.h"

#include <QGuiApplication>
#include <QPalette>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace {

QFont withPixelSizeFactor(QFont font, qreal factor)
{
    if (font.pixelSize() > 0)
        font.setPixelSize(qMax(1, qRound(font.pixelSize() * factor)));
    else
        font.setPointSizeF(font.pointSizeF() * factor);
    return font;
}

/// @p a moved towards @p b by @p amount (0..1).
QColor blend(const QColor& a, const QColor& b, qreal amount)
{
    const auto mix = [amount](int x, int y) { return qRound(x + (y - x) * amount); };
    return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
}

} // namespace

QColor FigureTheme::seriesColor(int index) const
{
    if (seriesColors.isEmpty())
        return text;
    return seriesColors.at(index % seriesColors.size());
}

QFont FigureTheme::titleFont() const
{
    QFont f = withPixelSizeFactor(font, 1.3);
    f.setBold(true);
    return f;
}

QFont FigureTheme::subtitleFont() const
{
    return withPixelSizeFactor(font, 0.9);
}

QFont FigureTheme::labelFont() const
{
    QFont f = withPixelSizeFactor(font, 0.95);
    f.setBold(true);
    return f;
}

QFont FigureTheme::axisFont() const
{
    return withPixelSizeFactor(font, 0.95);
}

FigureTheme lightFigureTheme()
{
    FigureTheme t;
    t.dark = false;
    t.background = QColor(0xff, 0xff, 0xff);
    t.plotBackground = QColor(0xff, 0xff, 0xff);
    t.text = QColor(0x21, 0x21, 0x21);
    t.mutedText = QColor(0x55, 0x55, 0x55);
    t.grid = QColor(0xe0, 0xe0, 0xe0);
    t.axisLine = QColor(0x80, 0x80, 0x80);
    // Colour-blind-safe (Okabe-Ito based), dark enough for white value labels never to be needed.
    t.seriesColors = { QColor(0x35, 0x6f, 0xb5), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
        QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9) };
    t.whisker = QColor(0x21, 0x21, 0x21);
    t.paper = QColor(0xd5, 0x1a, 0x1a);
    t.warning = QColor(0xb3, 0x58, 0x00);
    t.failed = QColor(0xb0, 0x00, 0x20);
    t.font = QGuiApplication::font();
    return t;
}

FigureTheme darkFigureTheme()
{
    FigureTheme t;
    t.dark = true;
    t.background = QColor(0x2b, 0x2b, 0x2e);
    t.plotBackground = QColor(0x2b, 0x2b, 0x2e);
    t.text = QColor(0xee, 0xee, 0xee);
    t.mutedText = QColor(0xb8, 0xb8, 0xb8);
    t.grid = QColor(0x48, 0x48, 0x4c);
    t.axisLine = QColor(0x90, 0x90, 0x90);
    t.seriesColors = { QColor(0x6a, 0xa6, 0xe8), QColor(0xf5, 0xb8, 0x3d), QColor(0x3d, 0xc9, 0x9a),
        QColor(0xe0, 0x9b, 0xc4), QColor(0x8f, 0xd0, 0xf2) };
    t.whisker = QColor(0xf0, 0xf0, 0xf0);
    t.paper = QColor(0xff, 0x6b, 0x6b);
    t.warning = QColor(0xff, 0xb3, 0x47);
    t.failed = QColor(0xff, 0x70, 0x80);
    t.font = QGuiApplication::font();
    return t;
}

FigureTheme figureTheme(const QPalette& palette)
{
    const QColor window = palette.color(QPalette::Window);
    FigureTheme t = window.lightness() < 128 ? darkFigureTheme() : lightFigureTheme();
    // Blend into the surrounding widgets rather than sitting on a foreign rectangle.
    t.background = window;
    t.plotBackground = window;
    t.text = palette.color(QPalette::WindowText);
    if (qAbs(t.text.lightness() - window.lightness()) < 100) // a palette that defeats itself
        t.text = t.dark ? QColor(0xee, 0xee, 0xee) : QColor(0x21, 0x21, 0x21);
    // Palette roles such as PlaceholderText carry alpha; blend opaque shades instead.
    t.mutedText = blend(t.text, window, 0.30);
    t.axisLine = blend(t.text, window, 0.50);
    t.grid = blend(t.text, window, 0.85);
    t.whisker = t.text;
    return t;
}

FigureTheme exportFigureTheme(QSize logicalSize)
{
    FigureTheme t = lightFigureTheme();
    // Sized in pixels, not points, so the output does not depend on the screen's DPI.
    const qreal factor
        = std::clamp(qMin(logicalSize.width() / 800.0, logicalSize.height() / 500.0), 0.75, 4.0);
    QFont font(u"DejaVu Sans"_qs);
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(qRound(13 * factor));
    t.font = font;
    return t;
}

void niceAxis(QValueAxis* axis, double min, double max)
{
    axis->setRange(min, max);
    axis->applyNiceNumbers();
    const double interval = (axis->max() - axis->min()) / std::max(1, axis->tickCount() - 1);
    const int decimals = interval >= 1 ? 0 : std::min(4, int(std::ceil(-std::log10(interval) - 1e-9)));
    axis->setLabelFormat(u"%.%1f"_qs.arg(decimals));
}
