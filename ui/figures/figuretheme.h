#pragma once

#include <QColor>
#include <QFont>
#include <QList>
#include <QSize>

class QPalette;
class QValueAxis;

/// Colours and fonts of one figure. The GUI derives one from the widget palette (light or dark);
/// exports always use exportFigureTheme(), which is light and print-friendly.
struct FigureTheme
{
    bool dark = false;
    QColor background; ///< whole chart
    QColor plotBackground; ///< inside the axes
    QColor text; ///< title, axis titles, value labels
    QColor mutedText; ///< subtitle, tick labels
    QColor grid;
    QColor axisLine;
    QList<QColor> seriesColors; ///< bar fill per result set, cycled
    QColor whisker; ///< confidence-interval whiskers
    QColor paper; ///< the paper's reference marks
    QColor warning; ///< client-bound marker and hatch
    QColor failed; ///< "failed" labels
    QFont font; ///< base font; titles and labels are derived from it

    QColor seriesColor(int index) const;
    QFont titleFont() const;
    QFont subtitleFont() const;
    QFont labelFont() const; ///< value labels on bars
    QFont axisFont() const; ///< tick labels and legend
};

/// The GUI theme: light or dark after @p palette's window colour, with its text colours.
FigureTheme figureTheme(const QPalette& palette);

/// The light GUI theme, independent of any palette.
FigureTheme lightFigureTheme();

/// The dark GUI theme, independent of any palette.
FigureTheme darkFigureTheme();

/// The export theme: white background, dark text, print-safe colours. Fonts scale with
/// @p logicalSize, so a 1600x1000 export reads like an 800x500 one, only sharper.
FigureTheme exportFigureTheme(QSize logicalSize = QSize(800, 500));

/// Sets @p axis to @p min .. @p max widened to round ticks, labelled with just the decimals the tick
/// interval needs (no exponents: 10000, not 1e+04). Shared by every chart of the workbench.
void niceAxis(QValueAxis* axis, double min, double max);
