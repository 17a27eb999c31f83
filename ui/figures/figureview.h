#pragma once

#include "figuretheme.h"
#include "results/figuredata.h"

#include <QChartView>
#include <QList>
#include <optional>

class FigureChart;
class QBarSet;
class FigureModel;

/// A QChartView showing one figure, fed by a FigureModel. It rebuilds its chart when the model
/// resets, when the paper overlay is toggled and when the palette changes, so it stays readable
/// in light and dark palettes. GUI-thread only.
class FigureView : public QChartView
{
    Q_OBJECT
public:
    /// Creates its own model (a child of the view); see setModel() to share one instead.
    explicit FigureView(QWidget* parent = nullptr);
    ~FigureView() override;

    FigureModel* model() const { return m_model; }
    /// Shows @p model's figure. The view does not take ownership.
    void setModel(FigureModel* model);
    /// Convenience: model()->setData(data).
    void setFigure(const FigureData& data);
    const FigureData& figure() const;

    bool paperVisible() const { return m_withPaper; }
    void setPaperVisible(bool visible);

    /// Pins a theme; by default the view derives one from its palette (figureTheme(palette())).
    void setThemeOverride(const FigureTheme& theme);
    void clearThemeOverride();
    FigureTheme currentTheme() const;

    FigureChart* figureChart() const;
    /// Index into figure().bars of the bar drawn at @p viewportPos, or -1.
    int barAt(const QPoint& viewportPos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The user clicked the figure (e.g. to enlarge it).
    void clicked(int figureNumber);
    /// The click was on a bar: index into figure().bars.
    void barClicked(int figureNumber, int bar);

protected:
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void rebuild();
    void showToolTip(bool status, int index, QBarSet* set);

    FigureModel* m_model = nullptr;
    bool m_withPaper = false;
    bool m_pressed = false;
    bool m_rebuilding = false;
    std::optional<FigureTheme> m_themeOverride;
};

/// Builds the seven figure views, numbers 1..7, each with its own model. A figure in @p figures
/// goes to the view of its number; views without data show the paper's title and "No data".
QList<FigureView*> buildFigureViews(
    const QList<FigureData>& figures, bool withPaper, QWidget* parent = nullptr);
