#include "resultspage.h"

#include "common/background.h"
#include "common/constants.h"
#include "common/recentfiles.h"
#include "common/settingskeys.h"
#include "common/uiutil.h"
#include "curvespanel.h"
#include "drilldowndialog.h"
#include "exportdialog.h"
#include "figuregrid.h"
#include "models/aggregatesmodel.h"
#include "models/comparisonmodel.h"
#include "report/htmlreport.h"
#include "results/atomicfile.h"
#include "results/export.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace UiUtil;

namespace {
QString droppedFolder(const QMimeData* mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isDir())
            return url.toLocalFile();
    return {};
}
} // namespace

ResultsPage::ResultsPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new AggregatesModel(this))
    , m_comparison(new ComparisonModel(this))
    , m_recent(new RecentFiles(SettingsKeys::RecentResults, this))
{
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildToolbar());
    layout->addWidget(buildBody(), 1);
    connect(m_recent, &RecentFiles::triggered, this, &ResultsPage::openFolder);
    setPaperVisible(QSettings().value(SettingsKeys::PaperOverlay, true).toBool());
    updateHeader();
    updateActions();
}

QWidget* ResultsPage::buildToolbar()
{
    auto* open = new QToolButton;
    open->setIcon(icon(u"open-results"_qs));
    open->setText(tr("Open…"));
    open->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    open->setPopupMode(QToolButton::MenuButtonPopup);
    open->setToolTip(tr("Open a results folder (Ctrl+Shift+O); the arrow lists recent ones. "
                        "You can also drop a folder here."));
    auto* recentMenu = new QMenu(open);
    m_recent->attach(recentMenu);
    open->setMenu(recentMenu);
    connect(open, &QToolButton::clicked, this, &ResultsPage::openFolderDialog);

    m_paper = new QCheckBox(tr("&Paper reference"));
    m_paper->setToolTip(tr("Mark each bar with the value the paper reports (i7-8750H, Windows 10, Docker)"));
    connect(m_paper, &QCheckBox::toggled, this, &ResultsPage::setPaperVisible);

    m_excludeFlagged = new QCheckBox(tr("E&xclude flagged"));
    m_excludeFlagged->setObjectName(u"excludeFlagged"_qs);
    m_excludeFlagged->setToolTip(
        tr("Leave out repetitions flagged imbalanced, noisy, io-stalled or client-bound. "
           "They stay visible as hollow dots, and each figure says how many were left out."));
    m_excludeFlagged->setChecked(QSettings().value(SettingsKeys::ExcludeFlagged, false).toBool());
    connect(m_excludeFlagged, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(SettingsKeys::ExcludeFlagged, on);
        if (!hasResults())
            return;
        const QString compareDir = m_compareDir;
        openFolder(m_loaded.dir);
        if (!compareDir.isEmpty())
            connect(
                this, &ResultsPage::loaded, this, [this, compareDir] { compareWith(compareDir); },
                Qt::SingleShotConnection);
    });

    m_compare = new QPushButton(icon(u"compare"_qs), tr("&Compare with…"));
    m_compare->setToolTip(tr("Show a second results folder beside this one, as grouped bars per stack"));
    connect(m_compare, &QPushButton::clicked, this, &ResultsPage::compareDialog);
    m_stopCompare = new QPushButton(tr("Stop comparing"));
    m_stopCompare->setToolTip(tr("Show only the open results folder again"));
    connect(m_stopCompare, &QPushButton::clicked, this, &ResultsPage::clearComparison);

    m_exportFigures = new QPushButton(icon(u"export"_qs), tr("&Export figures…"));
    m_exportFigures->setToolTip(tr("Export all seven figures as PNG or SVG (Ctrl+E)"));
    connect(m_exportFigures, &QPushButton::clicked, this, &ResultsPage::exportAllDialog);
    m_exportData = new QToolButton;
    m_exportData->setText(tr("Export data"));
    m_exportData->setPopupMode(QToolButton::InstantPopup);
    m_exportData->setToolTip(tr("Export the raw numbers (CSV), the aggregates (JSON), or everything as one "
                                "HTML report to read without "
                                "Stackbench"));
    auto* dataMenu = new QMenu(m_exportData);
    dataMenu->addAction(tr("Raw numbers as &CSV…"), this, &ResultsPage::exportCsvDialog);
    dataMenu->addAction(tr("Aggregates as &JSON…"), this, &ResultsPage::exportJsonDialog);
    dataMenu->addAction(tr("&HTML report…"), this, &ResultsPage::exportReportDialog);
    m_exportData->setMenu(dataMenu);

    auto* bar = new QWidget;
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(open);
    layout->addSpacing(12);
    layout->addWidget(m_paper);
    layout->addWidget(m_excludeFlagged);
    layout->addStretch();
    layout->addWidget(m_compare);
    layout->addWidget(m_stopCompare);
    layout->addWidget(m_exportFigures);
    layout->addWidget(m_exportData);
    return bar;
}

QWidget* ResultsPage::buildBody()
{
    m_header = new QLabel;
    m_header->setObjectName(u"resultsHeader"_qs);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setToolTip(tr("The results folder shown, with the machine and date of the run"));
    m_problems = makeWarningLabel(this);
    m_grid = new FigureGrid;
    connect(m_grid, &FigureGrid::copyRequested, this, &ResultsPage::copyFigure);
    connect(m_grid, &FigureGrid::exportRequested, this, &ResultsPage::exportFigureDialog);
    connect(m_grid, &FigureGrid::drillDownRequested, this, [this](int number, const QString& stack) {
        for (const StackAggregate& row : m_loaded.aggregates.rows)
            if (row.figure == number && row.stack == stack) {
                openDrillDown(row.scenarioId, stack);
                return;
            }
    });
    auto* proxy = m_proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(AggregatesModel::SortRole);
    // The table follows the enlarged figure: only its rows while it is large, every row in the grid.
    proxy->setFilterKeyColumn(AggregatesModel::FigureColumn);
    proxy->setFilterRole(AggregatesModel::SortRole);
    connect(m_grid, &FigureGrid::enlargedChanged, proxy, [proxy](int number) {
        proxy->setFilterRegularExpression(
            number > 0 ? QRegularExpression(u"^%1$"_qs.arg(number)) : QRegularExpression());
    });
    m_table = new QTableView;
    m_table->setModel(proxy);
    setupTableView(m_table);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(
        tr("One row per scenario and stack: the mean over the repetitions with its 95 % "
           "confidence interval, percentiles, errors and resources. Click a header to sort; double-click "
           "a row (or press Enter) for the scenario in detail."));
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (isComparing() || !index.isValid())
            return;
        const QModelIndex source = m_proxy->mapToSource(index);
        const QList<StackAggregate>& rows = m_model->aggregates().rows;
        if (source.row() >= 0 && source.row() < rows.size())
            openDrillDown(rows.at(source.row()).scenarioId, rows.at(source.row()).stack);
    });

    // Figures and numbers take turns: sharing 1280 x 800 left both unreadable (40 px plots, 3 rows).
    m_bodyTabs = new QTabWidget;
    m_bodyTabs->setDocumentMode(true);
    m_bodyTabs->addTab(m_grid, tr("&Figures"));
    m_bodyTabs->addTab(m_table, tr("&Numbers"));
    m_curves = new CurvesPanel;
    m_bodyTabs->addTab(m_curves, tr("C&urves"));
    m_bodyTabs->setTabToolTip(
        2, tr("A sweep's scalability curves: throughput, latency and errors against load"));
    m_bodyTabs->setTabVisible(2, false);
    connect(m_curves, &CurvesPanel::statusMessage, this, &ResultsPage::statusMessage);
    m_bodyTabs->setTabToolTip(0, tr("The paper's seven figures; click one to enlarge it"));
    m_bodyTabs->setTabToolTip(1, tr("The numbers behind the figures, one row per scenario and stack"));
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_problems);
    layout->addWidget(m_bodyTabs, 1);
    return body;
}

void ResultsPage::showNumbers(bool numbers)
{
    m_bodyTabs->setCurrentIndex(numbers ? 1 : 0);
}

void ResultsPage::openFolder(const QString& dir)
{
    assertGuiThread(this);
    if (dir.isEmpty())
        return;
    const quint64 request = ++m_request;
    m_loading = true;
    updateActions();
    Q_EMIT statusMessage(tr("Reading %1 …").arg(QDir::toNativeSeparators(dir)));
    const AggregateOptions options { m_excludeFlagged->isChecked() };
    runInBackground(
        this, [dir, options] { return loadResultsSet(dir, options); },
        [this, request](LoadedResults results) {
            if (request != m_request)
                return; // the user asked for another folder meanwhile
            applyLoaded(std::move(results));
        });
}

void ResultsPage::applyLoaded(LoadedResults results)
{
    m_loading = false;
    if (!results.ok()) {
        m_recent->remove(results.dir);
        updateActions();
        Q_EMIT statusMessage(results.error);
        Q_EMIT loadFailed(results.error);
        return;
    }
    m_loaded = std::move(results);
    m_compareDir.clear();
    m_compareNames.clear();
    m_comparedSets = {};
    m_grid->setFigures(m_loaded.figures);
    showCurves(m_loaded.curves);
    m_model->setAggregates(m_loaded.aggregates);
    m_proxy->setSourceModel(m_model);
    m_recent->add(m_loaded.dir);
    QSettings().setValue(SettingsKeys::LastResults, m_loaded.dir);
    updateHeader();
    updateActions();
    Q_EMIT statusMessage(tr("Opened %1").arg(QDir::toNativeSeparators(m_loaded.dir)));
    Q_EMIT loaded(m_loaded.dir);
}

void ResultsPage::compareWith(const QString& dir)
{
    assertGuiThread(this);
    if (!hasResults() || dir.isEmpty())
        return;
    const quint64 request = ++m_request;
    m_loading = true;
    updateActions();
    const QString current = m_loaded.dir;
    const AggregateOptions options { m_excludeFlagged->isChecked() };
    runInBackground(
        this, [current, dir, options] { return compareResultSets(current, dir, options); },
        [this, request, dir](ComparedResults compared) {
            if (request == m_request)
                applyCompared(dir, std::move(compared));
        });
}

void ResultsPage::applyCompared(const QString& dir, ComparedResults result)
{
    m_loading = false;
    if (result.figures.isEmpty() && result.curves.series.isEmpty() && result.curves.configs.isEmpty()) {
        const QString error = result.problems.isEmpty() ? tr("Nothing to compare in %1").arg(dir)
                                                        : result.problems.first().toString();
        updateActions();
        Q_EMIT statusMessage(error);
        Q_EMIT loadFailed(error);
        return;
    }
    m_compareDir = dir;
    m_compareNames = result.names;
    m_comparedSets = result.verdicts;
    m_grid->setFigures(result.figures);
    showCurves(result.curves);
    m_comparison->setComparison(result.verdicts, result.names);
    m_proxy->setSourceModel(m_comparison);
    updateHeader();
    updateActions();
    Q_EMIT compared(result.names);
}

void ResultsPage::clearComparison()
{
    m_compareDir.clear();
    m_compareNames.clear();
    m_comparedSets = {};
    m_grid->setFigures(m_loaded.figures);
    showCurves(m_loaded.curves);
    m_proxy->setSourceModel(m_model);
    updateHeader();
    updateActions();
}

void ResultsPage::showCurves(const Curves& curves)
{
    m_curves->setCurves(curves);
    const bool any = !m_curves->isEmpty();
    m_bodyTabs->setTabVisible(2, any);
    // A sweep has few or no figures: open on its curves.
    if (any && m_loaded.figures.isEmpty())
        m_bodyTabs->setCurrentIndex(2);
    else if (!any && m_bodyTabs->currentIndex() == 2)
        m_bodyTabs->setCurrentIndex(0);
}

void ResultsPage::setPaperVisible(bool visible)
{
    m_paper->setChecked(visible);
    if (m_grid->paperVisible() == visible)
        return;
    m_grid->setPaperVisible(visible);
    QSettings().setValue(SettingsKeys::PaperOverlay, visible);
    Q_EMIT paperVisibleChanged(visible);
}

bool ResultsPage::paperVisible() const
{
    return m_grid->paperVisible();
}

void ResultsPage::updateHeader()
{
    if (!hasResults()) {
        m_header->setText(tr("No results loaded. Open a results folder (Ctrl+Shift+O), pick a recent one, "
                             "or drop a folder here. A finished study opens here by itself."));
        m_problems->hide();
        return;
    }
    const Aggregates& a = m_loaded.aggregates;
    QString text = tr("<b>%1</b> · %2 · %3 · %n repetition(s) · transport %4", nullptr, a.repetitions)
                       .arg(a.planName.toHtmlEscaped(), a.machine.toHtmlEscaped(),
                           QLocale().toString(a.startedAt.toLocalTime(), QLocale::ShortFormat), a.transport);
    text += u"<br>"_qs + QDir::toNativeSeparators(m_loaded.dir).toHtmlEscaped();
    if (isComparing())
        text += u"<br>"_qs
            + tr("Comparing <b>%1</b> with <b>%2</b>")
                  .arg(m_compareNames.value(0).toHtmlEscaped(), m_compareNames.value(1).toHtmlEscaped())
            + u" · "_qs + comparisonSummary();
    if (const QStringList notes = repetitionNotes(a); !notes.isEmpty())
        text += u"<br>"_qs
            + tr("⚠ %n repetition(s) to read with care: outliers or measured causes of doubt "
                 "(dots on the figures, the Repetitions column; hover for causes)",
                nullptr, int(notes.size()));
    if (a.excludeFlagged)
        text += u" · "_qs + tr("%n flagged repetition(s) excluded", nullptr, a.excludedCount());
    if (const auto& pre = m_loaded.folder.manifest->preflight; pre && !pre->warnings.isEmpty())
        text += u"<br>"_qs + tr("Pre-flight: %1").arg(pre->warnings.join(u"; "_qs).toHtmlEscaped());
    m_header->setText(text);
    const JsonProblems& problems = m_loaded.folder.problems;
    m_problems->setText(problems.isEmpty() ? QString()
                                           : tr("%n file(s) could not be read and are left out; "
                                                "hover for details.",
                                               nullptr, int(problems.size())));
    m_problems->setToolTip(formatProblems(problems));
    m_problems->setVisible(!problems.isEmpty());
}

QString ResultsPage::comparisonSummary() const
{
    const FolderComparison& c = m_comparison->comparison();
    QString text
        = tr("%1 improved, %2 regressed, %3 within noise (Welch, Holm, 5 %; the Numbers tab has every row)")
              .arg(c.count(Change::Improved))
              .arg(c.count(Change::Regressed))
              .arg(c.count(Change::WithinNoise));
    if (!c.warnings.isEmpty())
        text += u"<br>"_qs + tr("⚠ Not like for like: %1").arg(c.warnings.join(u"; "_qs).toHtmlEscaped());
    return text;
}

QAbstractItemModel* ResultsPage::tableModel() const
{
    return m_proxy->sourceModel();
}

void ResultsPage::updateActions()
{
    const bool ready = hasResults() && !m_loading;
    m_compare->setEnabled(ready);
    m_stopCompare->setVisible(isComparing());
    m_exportFigures->setEnabled(ready && !m_exporting);
    m_exportData->setEnabled(ready);
}

void ResultsPage::openFolderDialog()
{
    const QString start
        = m_loaded.dir.isEmpty() ? QSettings().value(SettingsKeys::LastResults).toString() : m_loaded.dir;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open results folder"), start);
    openFolder(dir);
}

void ResultsPage::compareDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Compare with results folder"), QFileInfo(m_loaded.dir).absolutePath());
    compareWith(dir);
}

QString ResultsPage::exportDir() const
{
    const QString dir = QSettings().value(SettingsKeys::ExportDir).toString();
    if (!dir.isEmpty())
        return dir;
    // A results folder may be read-only (a shared or archived run): then start in Documents.
    return QFileInfo(m_loaded.dir).isWritable()
        ? m_loaded.dir
        : QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void ResultsPage::followScreen(ExportDialog& dialog) const
{
    ExportSettings s = dialog.settings();
    s.withPaper = paperVisible(); // export what the screen shows
    dialog.setSettings(s);
}

void ResultsPage::rememberExportDir(const QString& dir)
{
    QSettings().setValue(SettingsKeys::ExportDir, dir);
}

void ResultsPage::exportAllDialog()
{
    if (!hasResults() || m_exporting)
        return;
    ExportDialog dialog(tr("all seven figures"), this);
    followScreen(dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export figures into"), exportDir());
    if (dir.isEmpty())
        return;
    rememberExportDir(dir);
    exportAllTo(dir, dialog.settings());
}

void ResultsPage::exportAllTo(const QString& dir, const ExportSettings& settings)
{
    assertGuiThread(this);
    m_exporting = true;
    updateActions();
    exportNext(dir, settings, m_grid->figures(), {});
}

void ResultsPage::exportNext(
    QString dir, ExportSettings settings, QList<FigureData> figures, QStringList written)
{
    if (figures.isEmpty()) {
        m_exporting = false;
        updateActions();
        Q_EMIT statusMessage(tr("Exported %n figure(s) to %1", nullptr, int(written.size()))
                                 .arg(QDir::toNativeSeparators(dir)));
        Q_EMIT exportFinished(true, written, {});
        return;
    }
    const FigureData figure = figures.takeFirst();
    const QString path
        = QDir(dir).filePath(u"figure%1.%2"_qs.arg(figure.number).arg(exportFormatSuffix(settings.format)));
    QString error;
    if (!exportFigure(
            figure, path, settings.size, settings.scale, settings.format, settings.withPaper, &error)) {
        m_exporting = false;
        updateActions();
        Q_EMIT statusMessage(error);
        Q_EMIT exportFinished(false, written, error);
        return;
    }
    written << path;
    Q_EMIT statusMessage(tr("Exported %1 …").arg(QDir::toNativeSeparators(path)));
    // One figure per event-loop turn keeps the window responsive during a long export.
    QTimer::singleShot(
        0, this, [this, dir, settings, figures, written] { exportNext(dir, settings, figures, written); });
}

void ResultsPage::exportFigureDialog(int number)
{
    if (number < 1 || number > Constants::FigureCount)
        return;
    ExportDialog dialog(tr("Figure %1").arg(number), this);
    followScreen(dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExportSettings s = dialog.settings();
    const QString suffix = exportFormatSuffix(s.format);
    const QString suggested = QDir(exportDir()).filePath(u"figure%1.%2"_qs.arg(number).arg(suffix));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Figure %1").arg(number), suggested,
        s.format == ExportFormat::Png ? tr("PNG images (*.png)") : tr("SVG drawings (*.svg)"));
    if (path.isEmpty())
        return;
    rememberExportDir(QFileInfo(path).absolutePath());
    QString error;
    if (exportFigureTo(number, path, s, &error))
        Q_EMIT statusMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)));
    else
        Q_EMIT statusMessage(error);
}

bool ResultsPage::exportFigureTo(int number, const QString& path, const ExportSettings& s, QString* error)
{
    return exportFigure(m_grid->figure(number), path, s.size, s.scale, s.format, s.withPaper, error);
}

void ResultsPage::copyFigure(int number)
{
    const FigureData figure = m_grid->figure(number);
    if (figure.number == 0)
        return;
    const ExportSettings s = ExportSettings::load();
    QApplication::clipboard()->setImage(renderFigure(figure, s.size, s.scale, paperVisible()));
    Q_EMIT statusMessage(tr("Copied Figure %1 to the clipboard").arg(number));
}

void ResultsPage::exportCsvDialog()
{
    if (!hasResults())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export raw numbers"),
        QDir(exportDir()).filePath(u"results.csv"_qs), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    rememberExportDir(QFileInfo(path).absolutePath());
    const ResultsFolder folder = m_loaded.folder;
    runInBackground(
        this, [folder, path] { return exportCsv(folder, path); },
        [this, path](const QString& error) {
            Q_EMIT statusMessage(
                error.isEmpty() ? tr("Exported %1").arg(QDir::toNativeSeparators(path)) : error);
        });
}

DrillDownDialog* ResultsPage::openDrillDown(const QString& scenarioId, const QString& stack)
{
    assertGuiThread(this);
    if (!hasResults() || !m_loaded.aggregates.find(scenarioId, stack))
        return nullptr;
    auto* dialog = new DrillDownDialog(m_loaded.folder, m_loaded.aggregates, scenarioId, stack, this);
    dialog->show();
    return dialog;
}

void ResultsPage::exportReportDialog()
{
    if (!hasResults())
        return;
    const QString name
        = isComparing() ? u"comparison.html"_qs : QFileInfo(m_loaded.dir).fileName() + u".html"_qs;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export HTML report"), QDir(exportDir()).filePath(name), tr("HTML files (*.html)"));
    if (path.isEmpty())
        return;
    rememberExportDir(QFileInfo(path).absolutePath());
    exportReportTo(path);
}

void ResultsPage::exportReportTo(const QString& path)
{
    assertGuiThread(this);
    Q_EMIT statusMessage(tr("Writing the report …"));
    QApplication::setOverrideCursor(Qt::BusyCursor);
    const QByteArray html = isComparing() ? htmlComparisonReport(m_comparedSets, m_compareNames)
                                          : htmlReport(m_loaded.folder, m_loaded.aggregates, paperVisible());
    QApplication::restoreOverrideCursor();
    runInBackground(
        this, [html, path] { return writeFileAtomically(path, html); },
        [this, path](const QString& error) {
            Q_EMIT statusMessage(
                error.isEmpty() ? tr("Wrote %1").arg(QDir::toNativeSeparators(path)) : error);
            Q_EMIT exportFinished(
                error.isEmpty(), error.isEmpty() ? QStringList { path } : QStringList {}, error);
        });
}

void ResultsPage::exportJsonDialog()
{
    if (!hasResults())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export aggregates"),
        QDir(exportDir()).filePath(u"aggregates.json"_qs), tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    rememberExportDir(QFileInfo(path).absolutePath());
    const Aggregates aggregates = m_loaded.aggregates;
    runInBackground(
        this, [aggregates, path] { return exportAggregatesJson(aggregates, path); },
        [this, path](const QString& error) {
            Q_EMIT statusMessage(
                error.isEmpty() ? tr("Exported %1").arg(QDir::toNativeSeparators(path)) : error);
        });
}

void ResultsPage::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedFolder(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ResultsPage::dropEvent(QDropEvent* event)
{
    const QString dir = droppedFolder(event->mimeData());
    if (dir.isEmpty())
        return;
    event->acceptProposedAction();
    openFolder(dir);
}
