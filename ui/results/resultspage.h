#pragma once

#include "exportsettings.h"
#include "resultsloader.h"

#include <QWidget>

class AggregatesModel;
class CurvesPanel;
class ComparisonModel;
class QAbstractItemModel;
class QSortFilterProxyModel;
class ExportDialog;
class FigureGrid;
class QCheckBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QToolButton;
class RecentFiles;

/// The Results tab: a results folder as the paper's seven figures (click to enlarge), a numbers
/// table, a sweep's scalability curves, the paper's reference overlay, comparison with a second result set as
/// grouped bars, and exports (figures as PNG/SVG, CSV, JSON) and copy to the clipboard.
///
/// Folders are read and aggregated on the thread pool; the page shows the newest request's result
/// and drops older ones. Figure exports render on the GUI thread (Qt Charts needs it), one figure
/// per event-loop turn, so the window stays responsive. GUI-thread only.
class ResultsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ResultsPage(QWidget* parent = nullptr);

    /// Starts loading @p dir in the background; loaded() or loadFailed() follows.
    void openFolder(const QString& dir);
    /// Starts comparing the open folder with @p dir; compared() or loadFailed() follows.
    void compareWith(const QString& dir);
    void clearComparison();
    void setPaperVisible(bool visible);
    bool paperVisible() const;

    /// Exports the shown figures into @p dir as figure<N>.png/.svg, asynchronously;
    /// exportFinished() follows.
    void exportAllTo(const QString& dir, const ExportSettings& settings);
    bool exportFigureTo(
        int number, const QString& path, const ExportSettings& settings, QString* error = nullptr);
    void copyFigure(int number);
    /// Writes the HTML report to @p path: built here (the figures render on this thread), written in
    /// the background; exportFinished() follows.
    void exportReportTo(const QString& path);
    /// Opens the scenario @p scenarioId of the open folder for @p stack in detail (a non-modal
    /// dialog); nullptr when there is no such row.
    class DrillDownDialog* openDrillDown(const QString& scenarioId, const QString& stack);

    QString currentDir() const { return m_loaded.dir; }
    bool isLoading() const { return m_loading; }
    bool hasResults() const { return !m_loaded.dir.isEmpty() && m_loaded.ok(); }
    bool isComparing() const { return !m_compareDir.isEmpty(); }
    const LoadedResults& results() const { return m_loaded; }
    FigureGrid* figureGrid() const { return m_grid; }
    AggregatesModel* aggregatesModel() const { return m_model; }
    ComparisonModel* comparisonModel() const { return m_comparison; }
    /// What the Numbers tab shows: the aggregates, or the comparison while comparing.
    QAbstractItemModel* tableModel() const;
    /// "2 improved, 0 regressed, 33 within noise", and why the sets may not compare, while comparing.
    QString comparisonSummary() const;
    RecentFiles* recentFolders() const { return m_recent; }
    QTableView* numbersTable() const { return m_table; }
    /// The Curves tab: shown only for a folder (or a comparison) with sweeps.
    CurvesPanel* curvesPanel() const { return m_curves; }
    /// Shows the numbers table (true) or the figures (false); they share the page's body.
    void showNumbers(bool numbers);

public Q_SLOTS:
    void openFolderDialog();
    void compareDialog();
    void exportAllDialog();
    void exportFigureDialog(int number);
    void exportCsvDialog();
    void exportJsonDialog();
    /// Asks where, then writes the self-contained HTML report (of the comparison, while comparing).
    void exportReportDialog();

Q_SIGNALS:
    void loaded(const QString& dir);
    void compared(const QStringList& names);
    void loadFailed(const QString& error);
    void exportFinished(bool ok, const QStringList& files, const QString& error);
    void statusMessage(const QString& message);
    void paperVisibleChanged(bool visible);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildToolbar();
    QWidget* buildBody();
    void applyLoaded(LoadedResults results);
    void applyCompared(const QString& dir, ComparedResults result);
    void updateHeader();
    void updateActions();
    void exportNext(QString dir, ExportSettings settings, QList<FigureData> figures, QStringList written);
    QString exportDir() const;
    void followScreen(ExportDialog& dialog) const;
    void rememberExportDir(const QString& dir);

    void showCurves(const Curves& curves);

    FigureGrid* m_grid = nullptr;
    CurvesPanel* m_curves = nullptr;
    AggregatesModel* m_model = nullptr;
    ComparisonModel* m_comparison = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QTabWidget* m_bodyTabs = nullptr;
    RecentFiles* m_recent = nullptr;
    QLabel* m_header = nullptr;
    QLabel* m_problems = nullptr;
    QCheckBox* m_paper = nullptr;
    QCheckBox* m_excludeFlagged = nullptr;
    QPushButton* m_compare = nullptr;
    QPushButton* m_stopCompare = nullptr;
    QPushButton* m_exportFigures = nullptr;
    QToolButton* m_exportData = nullptr;
    LoadedResults m_loaded;
    QString m_compareDir;
    FolderComparison m_comparedSets; ///< while comparing: for the comparison's report
    QStringList m_compareNames;
    quint64 m_request = 0; ///< newest load or compare request; older answers are dropped
    bool m_loading = false;
    bool m_exporting = false;
};
