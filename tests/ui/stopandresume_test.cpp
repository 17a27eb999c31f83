// Stopping a study is deliberate: Esc stops nothing from another page (there it means Back), the
// stop asks first, and an interrupted results folder can be resumed from the Run page, also in a
// later session.
#include "figures/figureview.h"
#include "fixtures.h"
#include "live/livecharts.h"
#include "mainwindow.h"
#include "results/figuregrid.h"
#include "results/resultspage.h"
#include "run/logpane.h"
#include "run/runpage.h"
#include "study/studypage.h"
#include "testserver.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {
QPushButton* button(QWidget* parent, const QString& text)
{
    for (QPushButton* b : parent->findChildren<QPushButton*>())
        if (b->text() == text)
            return b;
    return nullptr;
}

/// Starts a long study on @p page and waits until its load runs.
bool startLongStudy(RunPage& page, const TestServer& server, const QString& root)
{
    page.setPlan(loopbackPlan(server.baseUrl(), { 60s }), u"long"_qs, {});
    page.setResultsRoot(root);
    page.start();
    return QTest::qWaitFor([&] { return page.liveCharts()->pointCount() >= 1; }, 10'000);
}

/// Answers the stop question with @p answer; false when no question is open.
bool answerStop(RunPage& page, QMessageBox::StandardButton answer)
{
    if (!page.stopQuestion())
        return false;
    page.stopQuestion()->button(answer)->click();
    return true;
}
} // namespace

TEST(StopAndResume, EscOnAnotherPageNeverStopsTheStudy)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    MainWindow window;
    window.restoreSession();
    window.show();
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    window.studyPage()->setPlan(loopbackPlan(server.baseUrl(), { 60s }));
    ASSERT_TRUE(window.studyPage()->isValid());
    window.runPage()->setResultsRoot(dir.path());
    window.showPage(MainWindow::StudyTab);
    window.start();
    RunPage* run = window.runPage();
    ASSERT_EQ(run->state(), RunPage::State::Running);

    // Results, a figure enlarged: Esc means Back, and only that.
    window.showPage(MainWindow::ResultsTab);
    FigureGrid* grid = window.resultsPage()->figureGrid();
    grid->enlarge(1);
    QTest::keyClick(grid->enlargedView(), Qt::Key_Escape);
    EXPECT_EQ(grid->enlargedFigure(), 0);
    EXPECT_EQ(run->state(), RunPage::State::Running);
    EXPECT_EQ(run->stopQuestion(), nullptr);

    // Nor on the Study page.
    window.showPage(MainWindow::StudyTab);
    window.studyPage()->setFocus();
    QTest::keyClick(window.studyPage(), Qt::Key_Escape);
    EXPECT_EQ(run->state(), RunPage::State::Running);
    EXPECT_EQ(run->stopQuestion(), nullptr);

    // Stop (Shift+F5) from another page asks first.
    window.action(u"stop"_qs)->trigger();
    EXPECT_EQ(run->state(), RunPage::State::Running);
    QSignalSpy finished(run, &RunPage::studyFinished);
    ASSERT_TRUE(answerStop(*run, QMessageBox::Yes));
    ASSERT_TRUE(finished.wait(10'000));
    EXPECT_TRUE(finished.first().at(1).toBool());
}

TEST(StopAndResume, StoppingAStudyAsksFirst)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    RunPage page;
    page.show();
    page.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&page));
    ASSERT_TRUE(startLongStudy(page, server, dir.path()));

    // The Stop button asks; "Keep running" keeps it running.
    button(&page, u"St&op"_qs)->click();
    ASSERT_NE(page.stopQuestion(), nullptr);
    EXPECT_EQ(page.state(), RunPage::State::Running);
    ASSERT_TRUE(answerStop(page, QMessageBox::No));
    EXPECT_EQ(page.stopQuestion(), nullptr);
    EXPECT_EQ(page.state(), RunPage::State::Running);

    // Esc on the Run page asks too; "Stop study" stops.
    page.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&page));
    page.setFocus();
    QTest::keyClick(&page, Qt::Key_Escape);
    ASSERT_NE(page.stopQuestion(), nullptr);
    EXPECT_EQ(page.state(), RunPage::State::Running);
    QSignalSpy finished(&page, &RunPage::studyFinished);
    ASSERT_TRUE(answerStop(page, QMessageBox::Yes));
    EXPECT_EQ(page.state(), RunPage::State::Stopping);
    ASSERT_TRUE(finished.wait(10'000));
    EXPECT_TRUE(finished.first().at(1).toBool()); // cancelled
}

TEST(StopAndResume, ResumeContinuesTheInterruptedFolder)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    QString interrupted;
    {
        RunPage page;
        page.show();
        QPushButton* resume = button(&page, u"&Resume"_qs);
        ASSERT_NE(resume, nullptr);
        EXPECT_FALSE(resume->isVisible()); // nothing to resume yet
        ASSERT_TRUE(startLongStudy(page, server, dir.path()));
        QSignalSpy finished(&page, &RunPage::studyFinished);
        page.stop();
        ASSERT_TRUE(finished.wait(10'000));
        interrupted = page.resultsDir();
        EXPECT_EQ(page.resumableDir(), interrupted);
        EXPECT_TRUE(resume->isVisible());
        EXPECT_TRUE(resume->isEnabled());
        EXPECT_TRUE(resume->toolTip().contains(QDir::toNativeSeparators(interrupted)))
            << qPrintable(resume->toolTip());
    }

    // A later session offers it too, and resumes it with the plan recorded in the folder.
    RunPage again;
    again.show();
    EXPECT_EQ(again.resumableDir(), interrupted);
    QPushButton* resume = button(&again, u"&Resume"_qs);
    ASSERT_TRUE(resume->isVisible());
    const qint64 before = server.requestCount();
    resume->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return again.isBusy(); }, 10'000))
        << qPrintable(again.logPane()->text());
    EXPECT_EQ(again.resultsDir(), interrupted);
    EXPECT_TRUE(again.logPane()->text().contains(u"resumed"_qs)) << qPrintable(again.logPane()->text());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.requestCount() > before; }, 10'000));
    QFile manifest(interrupted + u"/manifest.json"_qs);
    ASSERT_TRUE(manifest.open(QIODevice::ReadOnly));
    // StudyRunner's resume, not a fresh start: the manifest records when.
    EXPECT_EQ(
        QJsonDocument::fromJson(manifest.readAll()).object().value(u"resumed_at"_qs).toArray().size(), 1);
    QSignalSpy finished(&again, &RunPage::studyFinished);
    again.stop();
    ASSERT_TRUE(finished.wait(10'000));
}
