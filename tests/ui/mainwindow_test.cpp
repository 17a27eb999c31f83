// The main window: pages, shortcuts, a tooltip on every control, remembered settings, and closing
// during a run (ask, stop cleanly, then close).
#include "common/settingskeys.h"
#include "mainwindow.h"
#include "models/planmodel.h"
#include "quickload/quickloadform.h"
#include "quickload/quickloadpage.h"
#include "results/resultspage.h"
#include "resultsfixture.h"
#include "run/runpage.h"
#include "study/studypage.h"
#include "study/studyrunner.h"
#include "testserver.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QChartView>
#include <QComboBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <gtest/gtest.h>

namespace {
/// Controls a user can operate or read values from; Qt's internal helper widgets are left out.
bool isControl(QWidget* w)
{
    // Headers, the table corner and the line edits' clear buttons belong to their view or field.
    static const QStringList internal { u"QHeaderView"_qs, u"QTableCornerButton"_qs,
        u"QLineEditIconButton"_qs };
    if (w->objectName().startsWith(u"qt_"_qs)
        || internal.contains(QString::fromLatin1(w->metaObject()->className())))
        return false;
    if (qobject_cast<QLineEdit*>(w))
        return !qobject_cast<QAbstractSpinBox*>(w->parentWidget())
            && !qobject_cast<QComboBox*>(w->parentWidget());
    if (auto* b = qobject_cast<QAbstractButton*>(w))
        return !qobject_cast<QTabBar*>(b->parentWidget()) && !qobject_cast<QToolBar*>(b->parentWidget());
    return qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w)
        || qobject_cast<QPlainTextEdit*>(w) || qobject_cast<QProgressBar*>(w) || qobject_cast<QChartView*>(w)
        || (qobject_cast<QAbstractItemView*>(w)
            && !qobject_cast<QComboBox*>(w->parentWidget()->parentWidget()));
}

QString describe(QWidget* w)
{
    QString text;
    if (auto* b = qobject_cast<QAbstractButton*>(w))
        text = b->text();
    return QString::fromLatin1(w->metaObject()->className()) + u" '"_qs + text + u"' in "_qs
        + QString::fromLatin1(w->parentWidget()->metaObject()->className());
}
} // namespace

TEST(MainWindow, FourPagesAndShortcuts)
{
    MainWindow window;
    window.restoreSession();
    EXPECT_EQ(window.studyPage()->plan().name, u"quick"_qs);
    const auto key = [&](const QString& name) { return window.action(name)->shortcuts(); };
    EXPECT_EQ(key(u"start"_qs), QList<QKeySequence> { QKeySequence(Qt::Key_F5) });
    EXPECT_TRUE(key(u"stop"_qs).contains(QKeySequence(Qt::SHIFT | Qt::Key_F5)));
    // Esc means Back or Cancel on most pages: it stops only on the Run and Quick load pages themselves.
    EXPECT_FALSE(key(u"stop"_qs).contains(QKeySequence(Qt::Key_Escape)));
    EXPECT_EQ(key(u"export-figures"_qs).first(), QKeySequence(Qt::CTRL | Qt::Key_E));
    EXPECT_EQ(key(u"open-results"_qs).first(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    for (const QString& name : { u"new-plan"_qs, u"open-plan"_qs, u"save-plan"_qs, u"save-plan-as"_qs,
             u"quit"_qs, u"verify"_qs, u"page-1"_qs, u"page-4"_qs })
        EXPECT_FALSE(key(name).isEmpty()) << qPrintable(name);
    for (QAction* a : window.findChildren<QAction*>(QString(), Qt::FindDirectChildrenOnly))
        if (!a->objectName().isEmpty()) {
            EXPECT_FALSE(a->toolTip().isEmpty()) << qPrintable(a->objectName());
        }
    window.action(u"page-3"_qs)->trigger();
    EXPECT_EQ(window.currentPage(), MainWindow::ResultsTab);
    EXPECT_FALSE(window.action(u"stop"_qs)->isEnabled()); // nothing runs
}

TEST(MainWindow, EveryControlHasATooltip)
{
    MainWindow window;
    window.restoreSession();
    window.show();
    QStringList missing;
    // Visit every page and every study editor so that lazily shown widgets are included.
    for (int page = 0; page < 4; ++page) {
        window.showPage(MainWindow::Page(page));
        QApplication::processEvents();
    }
    window.studyPage()->selectScenario(0);
    window.studyPage()->selectStack(0);
    for (QWidget* w : window.findChildren<QWidget*>())
        if (isControl(w) && w->toolTip().isEmpty())
            missing << describe(w);
    missing.removeDuplicates();
    EXPECT_TRUE(missing.isEmpty()) << qPrintable(missing.join(u"\n"_qs));
}

TEST(MainWindow, RemembersGeometryAndThePlan)
{
    {
        MainWindow window;
        window.restoreSession();
        window.show();
        window.resize(1111, 777);
        window.showPage(MainWindow::QuickLoadTab);
        ASSERT_TRUE(window.close());
    }
    QSettings s;
    EXPECT_FALSE(s.value(SettingsKeys::WindowGeometry).toByteArray().isEmpty());
    EXPECT_EQ(s.value(SettingsKeys::CurrentPage).toInt(), int(MainWindow::QuickLoadTab));
    EXPECT_EQ(s.value(SettingsKeys::LastPlan).toString(), StudyPage::defaultPlanPath());
    MainWindow again;
    again.restoreSession();
    EXPECT_EQ(again.currentPage(), MainWindow::QuickLoadTab);
    EXPECT_EQ(again.size(), QSize(1111, 777));
    s.clear();
}

// `stackbench PATH` (and the desktop entry's %f): a folder opens on the Results page, a plan on the
// Study page (a file that is not a plan says why, as File ▸ Open does), a missing path opens nothing.
TEST(MainWindow, OpensAResultsFolderOrAPlanGivenOnTheCommandLine)
{
    QTemporaryDir dir;
    writeFiveStacks(dir.filePath(u"results"_qs));
    MainWindow window;
    window.restoreSession();
    ASSERT_TRUE(window.openPath(dir.filePath(u"results"_qs)));
    EXPECT_EQ(window.currentPage(), MainWindow::ResultsTab);
    for (int i = 0; i < 250 && window.resultsPage()->currentDir().isEmpty(); ++i)
        QTest::qWait(20); // read on the thread pool
    EXPECT_EQ(window.resultsPage()->currentDir(), QDir(dir.filePath(u"results"_qs)).absolutePath());

    const QString plan = dir.filePath(u"mine.json"_qs);
    ASSERT_TRUE(QFile::copy(StudyPage::defaultPlanPath(), plan));
    ASSERT_TRUE(window.openPath(plan));
    EXPECT_EQ(window.currentPage(), MainWindow::StudyTab);
    EXPECT_EQ(window.studyPage()->filePath(), plan);

    EXPECT_FALSE(window.openPath(dir.filePath(u"missing"_qs)));
    EXPECT_EQ(window.studyPage()->filePath(), plan);
    QSettings().clear();
}

TEST(MainWindow, StartWithAnInvalidPlanGoesToTheStudyPage)
{
    MainWindow window;
    window.restoreSession();
    Plan plan = window.studyPage()->plan();
    plan.stacks.clear();
    window.studyPage()->setPlan(plan);
    window.showPage(MainWindow::RunTab);
    window.start();
    EXPECT_EQ(window.currentPage(), MainWindow::StudyTab);
    EXPECT_FALSE(window.runPage()->isBusy());
}

TEST(MainWindow, ClosingDuringALoadAsksThenStopsAndCloses)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    MainWindow window;
    window.restoreSession();
    window.show();
    window.showPage(MainWindow::QuickLoadTab);
    QuickLoadForm* form = window.quickLoadPage()->form();
    form->setUrl(server.url(u"/fast"_qs).toString());
    form->setExecutor(ExecutorKind::ConstantVus);
    form->setVus(5);
    form->setDuration(u"60s"_qs);
    form->setTransport(u"socket"_qs);
    window.action(u"start"_qs)->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return window.quickLoadPage()->state() == QuickLoadPage::State::Running; }, 5000));
    EXPECT_TRUE(window.action(u"stop"_qs)->isEnabled());

    // Declining keeps everything running.
    EXPECT_FALSE(window.close());
    ASSERT_NE(window.closeQuestion(), nullptr);
    window.closeQuestion()->button(QMessageBox::No)->click();
    QApplication::processEvents();
    EXPECT_TRUE(window.isVisible());
    EXPECT_TRUE(window.quickLoadPage()->isBusy());

    // Agreeing stops the load and closes once it has ended.
    EXPECT_FALSE(window.close());
    ASSERT_NE(window.closeQuestion(), nullptr);
    window.closeQuestion()->button(QMessageBox::Yes)->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window.isVisible(); }, 5000));
    EXPECT_FALSE(window.quickLoadPage()->isBusy());
    EXPECT_FALSE(window.quickLoadPage()->summaryModel() == nullptr);
}

TEST(MainWindow, ClosingDuringAStudyCancelsItFirst)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    MainWindow window;
    window.restoreSession();
    window.show();
    Plan plan = window.studyPage()->plan();
    PlanStack target;
    target.name = u"loopback"_qs;
    target.url = server.baseUrl();
    plan.stacks = { target };
    Scenario s;
    s.id = u"fast"_qs;
    s.executor = ExecutorKind::ConstantVus;
    s.vus = 2;
    s.duration = std::chrono::seconds(60);
    s.request.path = u"/fast"_qs;
    plan.scenarios = { s };
    plan.procedure.settleS = 0;
    plan.procedure.warmup.reset();
    plan.procedure.idleS = 0;
    plan.procedure.verify = false;
    window.studyPage()->setPlan(plan);
    ASSERT_TRUE(window.studyPage()->isValid()) << qPrintable(formatProblems(window.studyPage()->problems()));
    window.runPage()->setResultsRoot(dir.path());
    window.showPage(MainWindow::StudyTab); // F5 on the Quick load page would start a quick load
    window.start();
    EXPECT_EQ(window.currentPage(), MainWindow::RunTab);
    ASSERT_TRUE(window.runPage()->isBusy());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.requestCount() > 100; }, 10'000));

    EXPECT_FALSE(window.close());
    ASSERT_NE(window.closeQuestion(), nullptr);
    // The plan was changed in code and not saved: answer the unsaved-changes prompt with Discard.
    QTimer::singleShot(0, [] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w);
                box && box->isVisible() && box->button(QMessageBox::Discard))
                box->button(QMessageBox::Discard)->click();
    });
    window.closeQuestion()->button(QMessageBox::Yes)->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !window.isVisible(); }, 10'000));
    EXPECT_FALSE(window.runPage()->isBusy());
    EXPECT_FALSE(window.runPage()->runner()->isRunning());
    const qint64 seen = server.requestCount();
    // Every VU holds a keep-alive connection while it runs: once the server has seen them all
    // closed, no request can be on its way any more.
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.openConnections() == 0; }, 10'000))
        << server.openConnections() << " connections still open";
    EXPECT_EQ(server.requestCount(), seen); // no load left behind
}
