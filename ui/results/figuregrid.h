#pragma once

#include "results/figuredata.h"

#include <QList>
#include <QWidget>

class FigureView;
class QGridLayout;
class QLabel;
class QStackedWidget;

/// The seven figures in a grid that reflows with the width; clicking one enlarges it in place,
/// with Back (or Esc) to return. Every figure offers copy and export in its context menu, which
/// the grid forwards as signals. The enlarged view shares the figure's model. GUI-thread only.
class FigureGrid : public QWidget
{
    Q_OBJECT
public:
    explicit FigureGrid(QWidget* parent = nullptr);

    /// Replaces the data of the seven views (missing figures show "No data").
    void setFigures(const QList<FigureData>& figures);
    QList<FigureData> figures() const;
    /// The figure with number @p number (1..7), empty when out of range.
    FigureData figure(int number) const;
    const QList<FigureView*>& views() const { return m_views; }

    void setPaperVisible(bool visible);
    bool paperVisible() const { return m_paper; }

    /// Shows figure @p number large; 0 returns to the grid.
    void enlarge(int number);
    int enlargedFigure() const { return m_enlarged; }
    FigureView* enlargedView() const { return m_large; }

Q_SIGNALS:
    void copyRequested(int number);
    void exportRequested(int number);
    void enlargedChanged(int number);
    /// Open the scenario of figure @p number for @p stack in detail: a bar of the enlarged figure
    /// was clicked, or its context menu asked.
    void drillDownRequested(int number, const QString& stack);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QWidget* buildGridPage();
    QWidget* buildDetailPage();
    void showContextMenu(int number, const QPoint& globalPos);
    void reflow();

    QStackedWidget* m_stack;
    QGridLayout* m_grid = nullptr;
    QList<FigureView*> m_views;
    FigureView* m_large = nullptr;
    QLabel* m_detailTitle = nullptr;
    int m_columns = 0;
    int m_enlarged = 0;
    bool m_paper = false;
};
