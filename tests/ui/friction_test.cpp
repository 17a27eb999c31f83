// Friction from issue 13's walk-through: the title names the plan that is open, export starts
// from what the screen shows, gunicorn's orderly stop is not an alarm, Help lists the keys, and a
// quick load's summary can be copied and saved whole.
#include "common/jsonedit.h"
#include "common/settingskeys.h"
#include "common/uiutil.h"
#include "figures/figurechart.h"
#include "figures/paperreference.h"
#include "mainwindow.h"
#include "models/aggregatesmodel.h"
#include "models/summarymodel.h"
#include "quickload/quickloadform.h"
#include "quickload/quickloadpage.h"
#include "quickloadrun.h"
#include "results/exportdialog.h"
#include "results/figuregrid.h"
#include "results/resultspage.h"
#include "resultsfixture.h"
#include "run/logpane.h"
#include "study/scenarioform.h"
#include "study/studyestimate.h"
#include "study/studypage.h"
#include "testserver.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialog>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLegendMarker>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <gtest/gtest.h>

TEST(Friction, TheTitleNamesTheBundledPlanNotUntitled)
{
    QSettings().remove(SettingsKeys::LastPlan);
    MainWindow window;
    window.restoreSession();
    EXPECT_TRUE(window.windowTitle().contains(u"quick.json"_qs)) << qPrintable(window.windowTitle());
    EXPECT_FALSE(window.windowTitle().contains(u"Untitled"_qs)) << qPrintable(window.windowTitle());
}

TEST(Friction, ExportStartsFromThePaperSettingOnScreen)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"paper"_qs);
    writeFiveStacks(folder);
    ExportSettings remembered = ExportSettings::load();
    remembered.withPaper = true; // what an earlier export chose
    remembered.save();
    ResultsPage page;
    QSignalSpy loaded(&page, &ResultsPage::loaded);
    page.openFolder(folder);
    ASSERT_TRUE(loaded.wait(10'000));
    page.setPaperVisible(false);
    std::optional<bool> offered;
    QTimer::singleShot(0, &page, [&] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* dialog = qobject_cast<ExportDialog*>(w); dialog && dialog->isVisible()) {
                offered = dialog->settings().withPaper;
                dialog->reject();
            }
    });
    page.exportAllDialog(); // modal: returns once the dialog is rejected
    ASSERT_TRUE(offered.has_value());
    EXPECT_FALSE(*offered);
    page.setPaperVisible(true);
}

TEST(Friction, GunicornsSigtermOnStopIsMarkedExpected)
{
    LogPane pane;
    pane.appendLine(u"flask-sqlite3"_qs,
        u"[2026-11-24 10:00:00 +0000] [12] [ERROR] Worker (pid:13) was sent SIGTERM!"_qs);
    EXPECT_TRUE(pane.text().contains(u"expected: Stackbench is stopping the stack"_qs))
        << qPrintable(pane.text());
}

TEST(Friction, HelpListsEveryShortcutAndWhereEscStops)
{
    MainWindow window;
    QAction* help = window.action(u"shortcuts"_qs);
    ASSERT_NE(help, nullptr);
    EXPECT_EQ(help->shortcut(), QKeySequence(QKeySequence::HelpContents));
    const QString text = window.shortcutsText();
    for (const QString& key : { u"F5"_qs, u"Shift+F5"_qs, u"Ctrl+Shift+V"_qs, u"Ctrl+E"_qs, u"Esc"_qs })
        EXPECT_TRUE(text.contains(key)) << qPrintable(key);
    EXPECT_TRUE(text.contains(u"Run and Quick load pages"_qs));
}

TEST(Friction, QuickLoadSummaryIsCopiedAndSavedWhole)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QuickLoadPage page;
    ASSERT_TRUE(runQuickLoad(page, server.url(u"/fast"_qs)));
    page.copySummary();
    const QString copied = QApplication::clipboard()->text();
    EXPECT_EQ(copied.count(u'\n'), page.summaryModel()->rowCount()) << qPrintable(copied);
    const QString p99 = page.summaryModel()
                            ->index(SummaryModel::LatencyP99Row, SummaryModel::MetricColumn)
                            .data()
                            .toString();
    EXPECT_TRUE(copied.contains(p99 + u'\t')) << qPrintable(copied);

    QTemporaryDir dir;
    const QString json = dir.filePath(u"summary.json"_qs);
    ASSERT_EQ(page.saveSummaryTo(json), QString());
    QFile file(json);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    EXPECT_EQ(o.value(u"requests"_qs).toInteger(), page.summaryModel()->summary().requests);
    EXPECT_TRUE(o.contains(u"latency_ms"_qs));
}

TEST(Friction, SavingAnInvalidPlanSaysWhyBeforeAskingForAName)
{
    StudyPage page;
    Plan plan = loadPlan(StudyPage::defaultPlanPath()).plan.value();
    plan.stacks.clear();
    page.setPlan(plan); // no file yet: Save would ask for a name
    ASSERT_FALSE(page.isValid());
    QStringList shown; // the modal dialogs, in order; each is dismissed
    QTimer dismiss;
    dismiss.setInterval(20);
    QObject::connect(&dismiss, &QTimer::timeout, [&] {
        if (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
            shown << QString::fromLatin1(dialog->metaObject()->className());
            dialog->reject();
        }
    });
    dismiss.start();
    EXPECT_FALSE(page.save());
    dismiss.stop();
    EXPECT_EQ(shown, QStringList { u"QMessageBox"_qs });
}

TEST(Friction, TheLegendNamesTheApproximatePaperMarksAndTheTooltipSaysWhy)
{
    FigureData d;
    d.number = 1; // the paper gives its Flask values only approximately
    d.unit = u"req/s"_qs;
    FigureBar fastapi;
    fastapi.stack = u"fastapi-sqlite3"_qs;
    fastapi.value = 5000;
    FigureBar flask;
    flask.stack = u"flask-sqlite3"_qs;
    flask.value = 2500;
    d.bars = { fastapi, flask };
    std::unique_ptr<FigureChart> chart(buildFigureChart(d, exportFigureTheme(), true));
    QStringList names;
    for (QLegendMarker* marker : chart->legend()->markers())
        names << marker->label();
    EXPECT_TRUE(names.contains(u"Paper, approximate"_qs)) << qPrintable(names.join(u", "_qs));
    EXPECT_FALSE(names.contains(u"approx."_qs)) << qPrintable(names.join(u", "_qs));
    const int flaskBar = chart->barIndex(chart->categories().indexOf(u"flask-sqlite3"_qs), 0);
    ASSERT_GE(flaskBar, 0);
    const QString tip = chart->barToolTip(flaskBar);
    EXPECT_TRUE(tip.contains(u"around 2,700"_qs)) << qPrintable(tip);
}

TEST(Friction, SortingByMeanKeepsReqPerSecondAndMillisecondsApart)
{
    const auto row = [](const QString& scenario, Metric metric, double mean) {
        StackAggregate r;
        r.scenarioId = scenario;
        r.stack = u"flask-sqlite3"_qs;
        r.metric = metric;
        r.stats.mean = mean;
        return r;
    };
    Aggregates a;
    a.rows = { row(u"slow"_qs, Metric::MeanMs, 100), row(u"hello"_qs, Metric::Rps, 50),
        row(u"fast"_qs, Metric::MeanMs, 10), row(u"json"_qs, Metric::Rps, 500) };
    AggregatesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setAggregates(a);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(AggregatesModel::SortRole);
    proxy.sort(AggregatesModel::MeanColumn, Qt::AscendingOrder);
    QStringList order;
    for (int r = 0; r < proxy.rowCount(); ++r)
        order << proxy.index(r, AggregatesModel::ScenarioColumn).data().toString();
    EXPECT_EQ(order, (QStringList { u"hello"_qs, u"json"_qs, u"fast"_qs, u"slow"_qs }))
        << qPrintable(order.join(u", "_qs));
}

TEST(Friction, TheNumbersTableFollowsTheEnlargedFigure)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"follow"_qs);
    writeFiveStacks(folder);
    ResultsPage page;
    QSignalSpy loaded(&page, &ResultsPage::loaded);
    page.openFolder(folder);
    ASSERT_TRUE(loaded.wait(10'000));
    QAbstractItemModel* table = page.numbersTable()->model();
    const int all = table->rowCount();
    int inFigure2 = 0;
    for (int r = 0; r < all; ++r)
        inFigure2 += table->index(r, AggregatesModel::FigureColumn).data().toInt() == 2 ? 1 : 0;
    ASSERT_GT(inFigure2, 0);
    ASSERT_LT(inFigure2, all);
    page.figureGrid()->enlarge(2);
    ASSERT_EQ(table->rowCount(), inFigure2);
    for (int r = 0; r < table->rowCount(); ++r)
        EXPECT_EQ(table->index(r, AggregatesModel::FigureColumn).data().toInt(), 2);
    page.figureGrid()->enlarge(0);
    EXPECT_EQ(table->rowCount(), all);
}

TEST(Friction, ABrokenBodySaysOnceWhereTheParserStoppedAndWhatIsLikelyMissing)
{
    StudyPage page;
    ASSERT_TRUE(page.openPlan(StudyPage::defaultPlanPath()));
    page.resize(1200, 800);
    page.show();
    page.selectScenario(1); // echo, which has a body
    ScenarioForm* form = page.scenarioForm();
    form->bodyEdit()->editor()->setPlainText(u"{\"message\": \"hi\"\n \"id\": 1}"_qs); // no comma
    const QString error = form->bodyEdit()->syntaxError();
    EXPECT_TRUE(error.startsWith(u"line 2, column 3"_qs)) << qPrintable(error);
    EXPECT_TRUE(error.contains(u"comma may be missing"_qs)) << qPrintable(error);
    EXPECT_TRUE(error.contains(u"\"⟨here⟩id\": 1}"_qs)) << qPrintable(error); // the line, marked
    int shown = 0;
    for (QLabel* label : form->findChildren<QLabel*>())
        shown += label->isVisible() && label->text().contains(u"Not valid JSON"_qs) ? 1 : 0;
    EXPECT_EQ(shown, 1);
}

TEST(Friction, TheQuickPlansDescriptionLeavesItsDurationToTheSizeEstimate)
{
    StudyPage page;
    ASSERT_TRUE(page.openPlan(StudyPage::defaultPlanPath()));
    const QString description = page.plan().description;
    ASSERT_FALSE(description.isEmpty());
    // "about 3 minutes" disagreed with both the Size estimate and the real run.
    EXPECT_FALSE(description.contains(u"minute"_qs)) << qPrintable(description);
    EXPECT_TRUE(description.contains(u"Size"_qs)) << qPrintable(description);
}

// Issue 13, item 7: the Size row said "about 2 min 20 s" from a formula of its own while the run
// took 1 min 51 s. It now shows the study's own estimate, the one the ETA starts from.
TEST(Friction, TheSizeRowShowsTheStudysOwnEstimate)
{
    StudyPage page;
    ASSERT_TRUE(page.openPlan(StudyPage::defaultPlanPath()));
    const double planned = StudyEstimate(page.plan(), ResumeIndex()).totalSeconds();
    bool shown = false;
    for (QLabel* label : page.findChildren<QLabel*>())
        shown |= label->text().contains(u"about "_qs + UiUtil::formatEta(planned));
    EXPECT_TRUE(shown) << UiUtil::formatEta(planned).toStdString();
    // The quick plan ran in 111 s on an idle machine (2026-11-28, the five stacks, one repetition).
    EXPECT_GT(planned, 111 * 0.8);
    EXPECT_LT(planned, 111 * 1.2);
}

// Issue 13, item 6: "GET /hello: 50 VUs for 3 s" stayed after VUs became 75.
TEST(Friction, SuggestedTitlesFollowTheParametersUntilTheUserWritesOne)
{
    StudyPage page;
    ASSERT_TRUE(page.openPlan(StudyPage::defaultPlanPath()));
    ScenarioForm* form = page.scenarioForm();
    page.selectScenario(0); // hello: its title is the suggested one
    form->vusBox()->setValue(75);
    EXPECT_EQ(page.plan().scenarios[0].title, u"GET /hello: 75 VUs for 3 s"_qs);
    page.selectScenario(1); // echo: a title of its own
    const QString own = page.plan().scenarios[1].title;
    ASSERT_NE(own, suggestedTitle(page.plan().scenarios[1]));
    form->vusBox()->setValue(60);
    EXPECT_EQ(page.plan().scenarios[1].title, own);
    QTest::keyClick(form->titleEdit(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(form->titleEdit(), Qt::Key_Delete); // cleared: it follows the parameters again
    EXPECT_EQ(page.plan().scenarios[1].title, u"POST /echo: 60 VUs for 3 s"_qs);
    form->vusBox()->setValue(70);
    EXPECT_EQ(form->titleEdit()->placeholderText(), u"POST /echo: 70 VUs for 3 s"_qs);
    QTest::keyClicks(form->titleEdit(), u"Mine"_qs);
    form->vusBox()->setValue(80);
    EXPECT_EQ(page.plan().scenarios[1].title, u"Mine"_qs);
}

// Issue 13, item 6: a plan with problems could not be saved at all. It is saved as a draft on
// request, reopens with its problems, and the title says it is a draft.
TEST(Friction, APlanWithProblemsIsSavedAsADraftAndReopens)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"draft.json"_qs);
    StudyPage page;
    Plan plan = loadPlan(StudyPage::defaultPlanPath()).plan.value();
    plan.stacks.clear();
    plan.scenarios[0].vus = 0;
    ASSERT_TRUE(savePlan(loadPlan(StudyPage::defaultPlanPath()).plan.value(), path).isEmpty());
    ASSERT_TRUE(page.openPlan(path));
    page.setPlan(plan, path);
    ASSERT_FALSE(page.isValid());
    QTimer accept; // presses "Save as Draft" in the question
    accept.setInterval(20);
    QObject::connect(&accept, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
            for (QAbstractButton* b : box->buttons())
                if (b->text().contains(u"Draft"_qs))
                    b->click();
    });
    accept.start();
    EXPECT_TRUE(page.save());
    accept.stop();
    EXPECT_TRUE(page.documentName().contains(u"draft"_qs)) << qPrintable(page.documentName());
    const auto onDisk = loadPlan(path);
    EXPECT_FALSE(onDisk.ok());
    ASSERT_TRUE(onDisk.plan.has_value());
    EXPECT_TRUE(onDisk.plan->draft);

    StudyPage reopened;
    ASSERT_TRUE(reopened.openPlan(path));
    EXPECT_FALSE(reopened.isValid());
    EXPECT_TRUE(reopened.plan().stacks.isEmpty());
    EXPECT_EQ(reopened.plan().scenarios[0].vus, 0);
    EXPECT_TRUE(reopened.documentName().contains(u"draft"_qs));
}

// Issue 12: with one repetition there is no interval; the legend says so instead of "95% CI".
TEST(Friction, OneRepetitionsLegendSaysTheIntervalIsNotAvailable)
{
    FigureData d;
    d.number = 1;
    d.unit = u"req/s"_qs;
    FigureBar bar;
    bar.stack = u"fastapi-sqlite3"_qs;
    bar.value = 5000;
    bar.ciLow = bar.ciHigh = 5000;
    bar.ciAvailable = false;
    d.bars = { bar };
    const auto legend = [](const FigureData& data) {
        std::unique_ptr<FigureChart> chart(buildFigureChart(data, exportFigureTheme(), false));
        QStringList names;
        for (QLegendMarker* marker : chart->legend()->markers())
            names << marker->label();
        return names;
    };
    EXPECT_TRUE(legend(d).contains(u"Mean (95% CI n/a: one repetition)"_qs))
        << qPrintable(legend(d).join(u", "_qs));
    d.bars[0].ciAvailable = true;
    EXPECT_TRUE(legend(d).contains(u"Mean, 95% CI"_qs)) << qPrintable(legend(d).join(u", "_qs));
}
