// The Results page on a results folder written by ResultsWriter: seven figures with data, the
// numbers table, enlarging a figure, comparing two sets, exports, drag and drop.
#include "engine/loadrunner.h"
#include "figures/figuremodel.h"
#include "figures/figureview.h"
#include "models/aggregatesmodel.h"
#include "models/comparisonmodel.h"
#include "results/figuregrid.h"
#include "results/resultspage.h"
#include "results/resultswriter.h"
#include "study/studypage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

namespace {
const QStringList kStacks { u"fastapi-sqlite3"_qs, u"flask-sqlite3"_qs };

/// Two stacks of the quick plan, two repetitions, every scenario; numbers scaled by @p factor.
/// With @p noisyRep, that repetition of fastapi-sqlite3's first scenario ran beside a busy process.
void writeResults(const QString& dir, double factor, int noisyRep = 0)
{
    RunManifest m;
    m.plan = loadPlan(StudyPage::defaultPlanPath()).plan.value();
    m.plan.stacks = { m.plan.stacks.at(1), m.plan.stacks.at(3) };
    m.plan.procedure.repetitions = 2;
    m.environment.cpuModel = u"Test CPU"_qs;
    m.environment.cpuCores = 2;
    m.startedAt = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
    ResultsWriter w(dir, m);
    ASSERT_EQ(w.writeManifest(), QString());
    for (int rep = 1; rep <= 2; ++rep) {
        for (int s = 0; s < kStacks.size(); ++s) {
            for (const Scenario& scenario : m.plan.scenarios) {
                LoadResult load;
                load.summary.requests = 1000;
                load.summary.durationS = 3;
                load.summary.rps = factor * (4000 - 1500 * s + 100 * rep);
                load.summary.latency = { factor * (10 + 5 * s + rep), 1, 50, 8, 15, 18, 30, 2 };
                load.summary.statusCounts = { { scenario.expectedStatus, 1000 } };
                load.summary.transport = u"socket"_qs;
                ScenarioRecord record = ScenarioRecord::fromLoad(rep, kStacks.at(s), scenario, load);
                if (rep == noisyRep && s == 0 && scenario.id == m.plan.scenarios.first().id) {
                    record.diagnostics.samples = 12;
                    record.diagnostics.seconds = 3;
                    record.diagnostics.foreignCpuPercent = 95;
                    record.diagnostics.foreignTopProcess = u"cc1plus (4242)"_qs;
                    record.diagnostics.foreignTopPercent = 93;
                    record.diagnostics = classify(record.diagnostics);
                }
                ASSERT_EQ(w.write(record), QString());
            }
        }
    }
    ASSERT_EQ(w.markFinished(), QString());
}

struct Fixture
{
    QTemporaryDir dir;
    QString folder = dir.filePath(u"run-a"_qs);
    ResultsPage page;
    QAbstractItemModelTester tester { page.aggregatesModel(),
        QAbstractItemModelTester::FailureReportingMode::Fatal };

    Fixture()
    {
        writeResults(folder, 1.0);
        page.resize(1500, 950);
        page.show();
    }
    bool open(const QString& path)
    {
        QSignalSpy loaded(&page, &ResultsPage::loaded);
        page.openFolder(path);
        return loaded.wait(10'000);
    }
};
} // namespace

TEST(ResultsPage, SevenFiguresWithDataAndTheNumbersTable)
{
    Fixture f;
    ASSERT_TRUE(f.open(f.folder));
    EXPECT_TRUE(f.page.hasResults());
    EXPECT_EQ(f.page.currentDir(), QDir(f.folder).absolutePath());
    const QList<FigureView*>& views = f.page.figureGrid()->views();
    ASSERT_EQ(views.size(), 7);
    for (int i = 0; i < 7; ++i) {
        EXPECT_EQ(views.at(i)->figure().number, i + 1);
        ASSERT_EQ(views.at(i)->figure().bars.size(), 2) << "figure " << i + 1;
        EXPECT_GT(views.at(i)->figure().bars.first().value, 0);
    }
    EXPECT_NEAR(views.at(0)->figure().bars.at(0).value, 4150, 1e-6); // mean of 4100 and 4200
    EXPECT_EQ(f.page.aggregatesModel()->rowCount(), 14);
}

TEST(ResultsPage, ClickEnlargesAndBackReturns)
{
    Fixture f;
    ASSERT_TRUE(f.open(f.folder));
    FigureGrid* grid = f.page.figureGrid();
    FigureView* third = grid->views().at(2);
    QTest::mouseClick(third->viewport(), Qt::LeftButton, {}, third->viewport()->rect().center());
    // FigureView reports the click on release; the grid enlarges that figure, sharing its model.
    ASSERT_TRUE(QTest::qWaitFor([&] { return grid->enlargedFigure() == 3; }, 2000));
    EXPECT_EQ(grid->enlargedView()->model(), third->model());
    EXPECT_TRUE(grid->enlargedView()->isVisible());
    grid->enlarge(0);
    EXPECT_FALSE(grid->enlargedView()->isVisible());
    EXPECT_TRUE(third->isVisible());
}

TEST(ResultsPage, PaperOverlayToggles)
{
    Fixture f;
    ASSERT_TRUE(f.open(f.folder));
    f.page.setPaperVisible(true);
    EXPECT_TRUE(f.page.figureGrid()->views().first()->paperVisible());
    f.page.setPaperVisible(false);
    EXPECT_FALSE(f.page.figureGrid()->views().first()->paperVisible());
}

TEST(ResultsPage, CompareTwoSetsAsGroupedBars)
{
    Fixture f;
    const QString other = f.dir.filePath(u"run-b"_qs);
    writeResults(other, 0.5);
    ASSERT_TRUE(f.open(f.folder));
    QSignalSpy compared(&f.page, &ResultsPage::compared);
    f.page.compareWith(other);
    ASSERT_TRUE(compared.wait(10'000));
    EXPECT_TRUE(f.page.isComparing());
    const FigureData fig1 = f.page.figureGrid()->figure(1);
    ASSERT_EQ(fig1.bars.size(), 4); // two stacks x two sets
    QSet<QString> series;
    for (const FigureBar& b : fig1.bars)
        series.insert(b.series);
    EXPECT_EQ(series, (QSet<QString> { u"run-a"_qs, u"run-b"_qs }));
    f.page.clearComparison();
    EXPECT_EQ(f.page.figureGrid()->figure(1).bars.size(), 2);
}

TEST(ResultsPage, ExportsAllSevenFiguresAndOne)
{
    Fixture f;
    ASSERT_TRUE(f.open(f.folder));
    for (ExportFormat format : { ExportFormat::Png, ExportFormat::Svg }) {
        const QString out = f.dir.filePath(exportFormatSuffix(format));
        QDir().mkpath(out);
        ExportSettings settings;
        settings.format = format;
        settings.size = QSize(800, 500);
        settings.scale = 1.5;
        QSignalSpy done(&f.page, &ResultsPage::exportFinished);
        f.page.exportAllTo(out, settings);
        ASSERT_TRUE(done.wait(30'000));
        EXPECT_TRUE(done.first().at(0).toBool()) << qPrintable(done.first().at(2).toString());
        EXPECT_EQ(done.first().at(1).toStringList().size(), 7);
        for (int n = 1; n <= 7; ++n) {
            const QString path = QDir(out).filePath(u"figure%1.%2"_qs.arg(n).arg(exportFormatSuffix(format)));
            ASSERT_TRUE(QFileInfo::exists(path)) << qPrintable(path);
            if (format == ExportFormat::Png) {
                EXPECT_EQ(QImage(path).size(), QSize(1200, 750));
            }
        }
    }
    ExportSettings one;
    QString error;
    EXPECT_TRUE(f.page.exportFigureTo(4, f.dir.filePath(u"four.png"_qs), one, &error)) << qPrintable(error);
    EXPECT_FALSE(f.page.exportFigureTo(4, f.dir.filePath(u"missing/dir/four.png"_qs), one, &error));
    EXPECT_FALSE(error.isEmpty());
}

TEST(ResultsPage, CopiesAFigureToTheClipboard)
{
    Fixture f;
    ASSERT_TRUE(f.open(f.folder));
    QApplication::clipboard()->clear();
    f.page.copyFigure(2);
    EXPECT_FALSE(QApplication::clipboard()->image().isNull());
}

TEST(ResultsPage, DroppingAFolderOpensIt)
{
    Fixture f;
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(f.folder) });
    QSignalSpy loaded(&f.page, &ResultsPage::loaded);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.page, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.page, &drop);
    ASSERT_TRUE(loaded.wait(10'000));
    EXPECT_TRUE(f.page.hasResults());
}

TEST(ResultsPage, NotAResultsFolderFailsAndKeepsTheOldOne)
{
    Fixture f;
    ASSERT_TRUE(f.open(f.folder));
    QSignalSpy failed(&f.page, &ResultsPage::loadFailed);
    f.page.openFolder(f.dir.filePath(u"nothing-here"_qs));
    ASSERT_TRUE(failed.wait(10'000));
    EXPECT_EQ(f.page.currentDir(), QDir(f.folder).absolutePath());
    EXPECT_EQ(f.page.figureGrid()->figure(1).bars.size(), 2);
}

TEST(ResultsPage, FlaggedRepetitionsAreNamedAndCanBeExcluded)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"noisy"_qs);
    writeResults(folder, 1.0, 2);
    ResultsPage page;
    QAbstractItemModelTester tester(
        page.aggregatesModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    page.resize(1500, 950);
    page.show();
    auto* exclude = page.findChild<QCheckBox*>(u"excludeFlagged"_qs);
    ASSERT_TRUE(exclude);
    exclude->setChecked(false);
    QSignalSpy loaded(&page, &ResultsPage::loaded);
    page.openFolder(folder);
    ASSERT_TRUE(loaded.wait(10'000));

    QAbstractItemModel* model = page.aggregatesModel();
    const QModelIndex notes = model->index(0, AggregatesModel::NotesColumn);
    EXPECT_EQ(notes.data().toString(), u"rep 2 ⚠ noisy"_qs);
    EXPECT_TRUE(
        model->index(0, 0).data(Qt::ToolTipRole).toString().contains(u"most: cc1plus (4242), 93 %"_qs));
    EXPECT_EQ(model->index(0, AggregatesModel::RepetitionsColumn).data().toInt(), 2);
    EXPECT_EQ(model->index(1, AggregatesModel::NotesColumn).data().toString(), QString());
    auto* header = page.findChild<QLabel*>(u"resultsHeader"_qs);
    ASSERT_TRUE(header);
    EXPECT_TRUE(header->text().contains(u"1 repetition(s) to read with care"_qs))
        << qPrintable(header->text());

    exclude->setChecked(true); // re-reads the folder off the GUI thread
    ASSERT_TRUE(loaded.wait(10'000));
    EXPECT_EQ(model->index(0, AggregatesModel::RepetitionsColumn).data().toInt(), 1);
    EXPECT_EQ(
        model->index(0, AggregatesModel::NotesColumn).data().toString(), u"rep 2 ⚠ noisy (excluded)"_qs);
    auto* grid = page.findChild<FigureGrid*>();
    ASSERT_TRUE(grid);
    EXPECT_TRUE(header->text().contains(u"1 flagged repetition(s) excluded"_qs))
        << qPrintable(header->text());
    exclude->setChecked(false);
    ASSERT_TRUE(loaded.wait(10'000));
    EXPECT_EQ(model->index(0, AggregatesModel::RepetitionsColumn).data().toInt(), 2);
}

// Issue 12: the comparison of two sets has verdicts in the Numbers tab (both values, the change
// in %, the verdict on every row) and warns when the sets are not like for like.
TEST(ResultsPage, ComparisonTableHasBothValuesTheChangeAndAVerdict)
{
    Fixture f;
    QAbstractItemModelTester comparisonTester { f.page.comparisonModel(),
        QAbstractItemModelTester::FailureReportingMode::Fatal };
    const QString other = f.dir.filePath(u"run-b"_qs);
    writeResults(other, 0.5);
    ASSERT_TRUE(f.open(f.folder));
    QSignalSpy compared(&f.page, &ResultsPage::compared);
    f.page.compareWith(other);
    ASSERT_TRUE(compared.wait(10'000));
    QAbstractItemModel* table = f.page.tableModel();
    ASSERT_EQ(table, f.page.comparisonModel());
    ASSERT_EQ(table->rowCount(), 14); // 7 scenarios x 2 stacks
    EXPECT_EQ(table->headerData(ComparisonModel::BeforeColumn, Qt::Horizontal).toString(), u"run-a"_qs);
    EXPECT_EQ(table->headerData(ComparisonModel::AfterColumn, Qt::Horizontal).toString(), u"run-b"_qs);
    for (int r = 0; r < table->rowCount(); ++r) {
        EXPECT_EQ(table->index(r, ComparisonModel::ChangeColumn).data().toString(), u"-50.0 %"_qs) << r;
        EXPECT_FALSE(table->index(r, ComparisonModel::VerdictColumn).data().toString().isEmpty()) << r;
    }
    const QString header = f.page.findChild<QLabel*>(u"resultsHeader"_qs)->text();
    EXPECT_TRUE(header.contains(u"within noise"_qs)) << qPrintable(header);
    EXPECT_FALSE(header.contains(u"Not like for like"_qs)) << qPrintable(header);
    f.page.clearComparison();
    EXPECT_EQ(f.page.tableModel(), f.page.aggregatesModel());
}

TEST(ResultsPage, ComparingASetWithItselfIsSaid)
{
    Fixture f;
    ASSERT_TRUE(f.open(f.folder));
    QSignalSpy compared(&f.page, &ResultsPage::compared);
    f.page.compareWith(f.folder);
    ASSERT_TRUE(compared.wait(10'000));
    const QString header = f.page.findChild<QLabel*>(u"resultsHeader"_qs)->text();
    EXPECT_TRUE(header.contains(u"Not like for like: both sides are the same results folder"_qs))
        << qPrintable(header);
    EXPECT_EQ(f.page.comparisonModel()->comparison().count(Change::WithinNoise), 14);
}
