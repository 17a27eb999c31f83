// The GUI smoke test of issue 5, offscreen: open quick.json, shorten it further, run it against one
// real stack, wait for completion, check that the Results tab shows seven figures with data,
// export all seven and check the files.
//
// With STACKBENCH_SCREENSHOTS=<dir> (and a real display, e.g. under xvfb-run with
// QT_QPA_PLATFORM=xcb) it also saves a screenshot of every screen: before, during and after a
// live run, and the Quick load page during and after a load.
#include "figures/figureview.h"
#include "live/livecharts.h"
#include "mainwindow.h"
#include "quickload/quickloadform.h"
#include "quickload/quickloadpage.h"
#include "results/figuregrid.h"
#include "results/resultspage.h"
#include "run/logpane.h"
#include "run/runpage.h"
#include "stacks/stackmanifest.h"
#include "study/scenarioform.h"
#include "study/studypage.h"
#include "testserver.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPalette>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <cstdio>
#include <gtest/gtest.h>

namespace {
QString screenshotDir()
{
    return qEnvironmentVariable("STACKBENCH_SCREENSHOTS");
}

void shoot(QWidget* window, const QString& name)
{
    const QString dir = screenshotDir();
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QApplication::processEvents();
    QTest::qWait(150); // let charts and layouts settle
    const QString path = QDir(dir).filePath(name + u".png"_qs);
    EXPECT_TRUE(window->grab().save(path)) << qPrintable(path);
    std::printf("[ screenshot ] %s\n", qPrintable(path));
}

/// quick.json on one stack, shorter still: 1 s loads and fewer iterations (3 s loads when taking
/// screenshots, so that the live charts have something to show).
Plan shortened(Plan plan, const QString& stack)
{
    const bool screenshots = !screenshotDir().isEmpty();
    plan.name = u"smoke"_qs;
    plan.stacks.removeIf([&](const PlanStack& s) { return s.stack != stack; });
    plan.procedure.settleS = 0.5;
    plan.procedure.idleS = 0.2;
    plan.procedure.gapS = screenshots ? 0.5 : 0.2;
    plan.procedure.seedCount = 1500;
    if (plan.procedure.warmup) {
        plan.procedure.warmup->duration = std::chrono::seconds(1);
        plan.procedure.warmup->thenItemsRequests = 5;
    }
    for (Scenario& s : plan.scenarios) {
        if (s.executor == ExecutorKind::ConstantVus)
            s.duration = std::chrono::seconds(screenshots ? 3 : 1);
        else if (!screenshots)
            s.iterations = std::max<qint64>(s.vus, s.iterations / 4);
    }
    return plan;
}
} // namespace

TEST(GuiSmoke, QuickPlanOnOneRealStackEndsInSevenFigures)
{
    if (!QFileInfo::exists(StackManifest::defaultVenv() + u"/bin/gunicorn"_qs))
        GTEST_SKIP() << "no stack virtual environment at " << qPrintable(StackManifest::defaultVenv());
    QTemporaryDir dir;
    MainWindow window;
    window.restoreSession();
    window.resize(1600, 1000);
    window.show();
    StudyPage* study = window.studyPage();
    ASSERT_TRUE(study->openPlan(StudyPage::defaultPlanPath()));
    study->setPlan(shortened(study->plan(), u"flask-sqlite3"_qs));
    ASSERT_TRUE(study->isValid()) << qPrintable(formatProblems(study->problems()));
    study->selectScenario(1);
    shoot(&window, u"study"_qs);
    if (!screenshotDir().isEmpty()) {
        // An inline problem as the user would type it: more VUs than the requests they share.
        study->selectScenario(3);
        study->scenarioForm()->vusBox()->setValue(500);
        shoot(&window, u"study-inline-error"_qs);
        study->scenarioForm()->vusBox()->setValue(10);
        ASSERT_TRUE(study->isValid());
    }

    RunPage* run = window.runPage();
    run->setResultsRoot(dir.path());
    window.showPage(MainWindow::RunTab);
    shoot(&window, u"run-idle"_qs);
    QSignalSpy finished(run, &RunPage::studyFinished);
    QSignalSpy loaded(window.resultsPage(), &ResultsPage::loaded);
    window.start();
    ASSERT_TRUE(run->isBusy());
    if (!screenshotDir().isEmpty()) {
        EXPECT_TRUE(QTest::qWaitFor(
            [&] { return run->liveCharts()->pointCount() >= 30 || finished.count(); }, 120'000));
        shoot(&window, u"run-live"_qs);
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() > 0; }, 300'000))
        << qPrintable(run->logPane()->text());
    EXPECT_FALSE(finished.first().at(1).toBool()) << "cancelled";
    EXPECT_FALSE(run->isBusy());
    EXPECT_FALSE(run->runner()->isRunning());
    EXPECT_GT(run->liveCharts()->pointCount(), 0);
    // The finished study opens in the Results tab by itself.
    EXPECT_EQ(window.currentPage(), MainWindow::ResultsTab);
    window.showPage(MainWindow::RunTab);
    shoot(&window, u"run-finished"_qs);
    window.showPage(MainWindow::ResultsTab);
    ASSERT_TRUE(loaded.count() > 0 || loaded.wait(20'000));
    ResultsPage* results = window.resultsPage();
    EXPECT_EQ(results->currentDir(), QDir(run->resultsDir()).absolutePath());
    const QList<FigureView*>& views = results->figureGrid()->views();
    ASSERT_EQ(views.size(), 7);
    for (FigureView* view : views) {
        const FigureData& f = view->figure();
        ASSERT_EQ(f.bars.size(), 1) << "figure " << f.number;
        EXPECT_FALSE(f.bars.first().failed) << "figure " << f.number << " failed";
        EXPECT_GT(f.bars.first().value, 0) << "figure " << f.number;
    }
    results->setPaperVisible(true);
    shoot(&window, u"results"_qs);
    results->figureGrid()->enlarge(1);
    shoot(&window, u"results-figure1"_qs);
    results->figureGrid()->enlarge(0);

    const QString out = dir.filePath(u"figures"_qs);
    ASSERT_TRUE(QDir().mkpath(out));
    ExportSettings settings;
    settings.format = ExportFormat::Png;
    settings.size = QSize(1200, 750);
    settings.scale = 1;
    QSignalSpy exported(results, &ResultsPage::exportFinished);
    results->exportAllTo(out, settings);
    ASSERT_TRUE(exported.wait(60'000));
    EXPECT_TRUE(exported.first().at(0).toBool()) << qPrintable(exported.first().at(2).toString());
    for (int n = 1; n <= 7; ++n) {
        const QImage image(QDir(out).filePath(u"figure%1.png"_qs.arg(n)));
        EXPECT_EQ(image.size(), QSize(1200, 750)) << "figure " << n;
    }
}

/// Screenshots of the Quick load page during and after a load (only with STACKBENCH_SCREENSHOTS).
TEST(GuiSmoke, QuickLoadScreenshots)
{
    if (screenshotDir().isEmpty())
        GTEST_SKIP() << "set STACKBENCH_SCREENSHOTS to a folder to take screenshots";
    TestServer server;
    ASSERT_TRUE(server.start());
    MainWindow window;
    window.restoreSession();
    window.resize(1600, 1000);
    window.show();
    window.showPage(MainWindow::QuickLoadTab);
    QuickLoadForm* form = window.quickLoadPage()->form();
    form->setUrl(server.url(u"/fast"_qs).toString());
    form->setExecutor(ExecutorKind::ConstantVus);
    form->setVus(50);
    form->setDuration(u"8s"_qs);
    form->setTransport(u"socket"_qs);
    QSignalSpy finished(window.quickLoadPage(), &QuickLoadPage::loadFinished);
    window.start();
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return window.quickLoadPage()->liveCharts()->pointCount() >= 20; }, 15'000));
    shoot(&window, u"quickload-live"_qs);
    ASSERT_TRUE(finished.wait(20'000));
    shoot(&window, u"quickload-finished"_qs);

    // The same screen in a dark palette: charts and warnings must stay readable.
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x20));
    dark.setColor(QPalette::AlternateBase, QColor(0x28, 0x28, 0x2b));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3e));
    dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Highlight, QColor(0x35, 0x6f, 0xb5));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9e));
    for (QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        dark.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x84));
    QApplication::setPalette(dark);
    shoot(&window, u"quickload-dark"_qs);
    QApplication::setPalette(light);
}
