#pragma once

#include "figuretheme.h"
#include "results/figuredata.h"

#include <QChart>
#include <QList>
#include <QStringList>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QGraphicsEllipseItem;
class QGraphicsItem;
class QGraphicsLineItem;
class QGraphicsPathItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QGraphicsTextItem;
class QValueAxis;

/// One of the paper's bar charts, built from a FigureData: one bar per stack (grouped per result
/// set when bars carry different `series`), value labels, 95 % CI whiskers, the paper's reference
/// marks (optional), a hatch and "⚠" on client-bound bars and a "failed" label instead of a bar.
/// Every repetition is a dot over its bar: flagged ones (a measured cause of doubt) in the warning
/// colour, outliers without a flag as rings of it, excluded ones dotted; each dot's tooltip says why.
///
/// The bars are a QBarSeries; labels, whiskers and marks are child items placed from the series'
/// own domain (mapToPosition) every time the plot area changes, so they stay on the bars at any
/// size. The chart has no animations, so it renders correctly as soon as it has a geometry.
class FigureChart : public QChart
{
    Q_OBJECT
public:
    FigureChart(
        const FigureData& data, const FigureTheme& theme, bool withPaper, QGraphicsItem* parent = nullptr);
    ~FigureChart() override;

    const FigureData& figure() const { return m_data; }
    bool paperVisible() const { return m_withPaper; }
    QStringList categories() const { return m_categories; } ///< x-axis order (stack names)
    QStringList seriesNames() const { return m_seriesNames; }

    /// The displayed title, "Figure N: <title>".
    QString fullTitle() const;
    /// The line under the title: the subtitle and which direction is better.
    QString subtitleText() const;

    /// Sets the geometry and completes the layout synchronously (no event loop needed), for
    /// offscreen rendering. Views need not call it: QChartView lays its chart out as usual.
    void layoutNow(const QSizeF& size);
    /// The text above bar @p index (index into figure().bars): value, "⚠ value" or "failed".
    QString barLabelText(int index) const;
    /// Where bar @p index is drawn, in chart coordinates: from the axis to its value. Empty for a
    /// failed bar or before the chart has a geometry.
    QRectF barRect(int index) const;
    /// Index into figure().bars of the bar at (category, set), or -1.
    int barIndex(int category, int set) const;
    /// The reference value drawn for @p category (stack), or -1.
    double paperValueForCategory(int category) const;
    /// Mean, CI, paper value and flags of bar @p index, for tooltips.
    QString barToolTip(int index) const;
    /// Where repetition dot @p dot of bar @p index is drawn (centre, chart coordinates); null before
    /// the chart has a geometry.
    QPointF dotPosition(int index, int dot) const;
    QBarSeries* barSeries() const { return m_series; }

private:
    struct BarOverlay
    {
        QGraphicsSimpleTextItem* label = nullptr;
        QGraphicsPathItem* whisker = nullptr;
        QGraphicsRectItem* hatch = nullptr; ///< outline; clips hatchLines
        QGraphicsPathItem* hatchLines = nullptr; ///< drawn as paths, not a pattern brush, so the
                                                 ///< spacing survives 2x exports and SVG
        QList<QGraphicsEllipseItem*> dots; ///< one per FigureBar::dots entry
    };

    void collectCategories();
    void buildBars();
    void buildAxes();
    void buildLegendEntries();
    void buildOverlays();
    void applyTheme();
    void layoutOverlays();
    void layoutChrome();
    void updateTexts();
    void layoutCategoryLabels(qreal categoryWidth);
    void updateMargins();
    qreal padding() const;
    void layoutLabel(int index, QPointF anchor, qreal slotWidth);
    void layoutDots(int index);
    qreal dotRadius() const;
    void styleDot(QGraphicsEllipseItem* item, const FigureDot& dot) const;
    void fitLabelFont(qreal room);

    double barCentreX(int index) const; ///< in the domain of the category axis
    double barHalfWidth() const; ///< same
    QPointF toChart(double x, double y) const;
    double axisMax() const;
    void setYTicks(int intervals); ///< at most @p intervals round steps from 0 to above axisMax()
    void fitYTicks(); ///< as many steps as the plot's height has room for

    FigureData m_data;
    FigureTheme m_theme;
    bool m_withPaper = false;
    QStringList m_categories; ///< stack names, first-appearance order
    QStringList m_seriesNames; ///< result sets, first-appearance order
    QList<int> m_barCategory; ///< per bar
    QList<int> m_barSet; ///< per bar
    QList<double> m_paperByCategory;
    QList<bool> m_paperApproximate;

    QBarSeries* m_series = nullptr;
    QBarCategoryAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    QList<BarOverlay> m_overlays;
    QList<QGraphicsLineItem*> m_paperMarks; ///< per category, nullptr when none
    QGraphicsSimpleTextItem* m_emptyText = nullptr;
    // Title, subtitle and category labels are our own items: Qt Charts truncates its title and
    // axis labels with an ellipsis where these wrap and stay centred.
    QGraphicsTextItem* m_titleItem = nullptr;
    QList<QGraphicsTextItem*> m_categoryLabels;
    qreal m_categoryLabelsHeight = 0;
    bool m_compact = false;
    bool m_fittingTicks = false;
};

/// Builds the chart for @p data. The caller owns the result (QChartView::setChart takes it).
FigureChart* buildFigureChart(const FigureData& data, const FigureTheme& theme, bool withPaper);

/// @p value formatted as the figure's labels show it: "4,417" for req/s, "7.6" for ms.
QString formatFigureValue(double value, const QString& unit);

/// FigureData with gaps filled from the paper: title, unit and metric direction for Figures 1-7,
/// display labels for known stacks, and paperValue where it is -1.
FigureData withPaperDefaults(FigureData data);
