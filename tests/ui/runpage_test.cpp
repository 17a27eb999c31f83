// The Run page against an external target (the loopback TestServer), so no Python stack is needed:
// a study runs to the end with live charts and progress, Stop cancels it quickly, and Verify runs
// the conformance check and reports the (expected) failure.
#include "fixtures.h"
#include "live/livecharts.h"
#include "run/logpane.h"
#include "run/runpage.h"
#include "study/studypage.h"
#include "testserver.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <gtest/gtest.h>

namespace {
/// Two scenarios of 4 VUs, "fast-a" and "fast-b", of @p duration each, on the loopback target.
Plan externalPlan(const QUrl& base, std::chrono::milliseconds duration)
{
    return loopbackPlan(base, { duration, duration }, 4);
}
} // namespace

TEST(RunPage, RunsAStudyAgainstAnExternalTarget)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    RunPage page;
    page.resize(1200, 900);
    page.show();
    const Plan plan = externalPlan(server.baseUrl(), std::chrono::milliseconds(1500));
    ASSERT_TRUE(validatePlan(plan).isEmpty()) << qPrintable(formatProblems(validatePlan(plan)));
    page.setPlan(plan, u"loopback.json"_qs, {});
    page.setResultsRoot(dir.path());
    QSignalSpy finished(&page, &RunPage::studyFinished);
    QSignalSpy busy(&page, &RunPage::busyChanged);
    page.start();
    EXPECT_TRUE(page.isBusy());
    ASSERT_TRUE(finished.wait(30'000)) << qPrintable(page.logPane()->text());
    EXPECT_FALSE(finished.first().at(1).toBool());
    const QString results = finished.first().at(0).toString();
    EXPECT_TRUE(results.startsWith(dir.path()));
    EXPECT_TRUE(QFileInfo::exists(results + u"/manifest.json"_qs));
    EXPECT_FALSE(page.isBusy());
    EXPECT_EQ(busy.count(), 2);
    EXPECT_GE(page.liveCharts()->pointCount(), 8); // two 1.5 s loads at 4 Hz
    // One labelled segment per scenario, on the wall clock: the second starts after the first ended.
    ASSERT_EQ(page.liveCharts()->segmentCount(), 2);
    EXPECT_EQ(page.liveCharts()->segmentLabel(0), u"loopback · fast-a"_qs);
    EXPECT_EQ(page.liveCharts()->segmentLabel(1), u"loopback · fast-b"_qs);
    EXPECT_GE(page.liveCharts()->rpsSeries()->at(0).x(), 1.5);
    const QString log = page.logPane()->text();
    EXPECT_TRUE(log.contains(u"fast-a"_qs)) << qPrintable(log);
    EXPECT_TRUE(log.contains(u"fast-b"_qs)) << qPrintable(log);
    EXPECT_TRUE(log.contains(u"Study finished"_qs)) << qPrintable(log);
    for (QProgressBar* bar : page.findChildren<QProgressBar*>())
        if (bar->toolTip().contains(u"whole study"_qs)) {
            EXPECT_EQ(bar->value(), bar->maximum());
        }
}

TEST(RunPage, StopCancelsWithinSeconds)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    RunPage page;
    page.setPlan(externalPlan(server.baseUrl(), std::chrono::seconds(60)), u"long"_qs, {});
    page.setResultsRoot(dir.path());
    QSignalSpy finished(&page, &RunPage::studyFinished);
    page.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return page.liveCharts()->pointCount() >= 2; }, 10'000));
    QElapsedTimer timer;
    timer.start();
    page.stop();
    EXPECT_EQ(page.state(), RunPage::State::Stopping);
    ASSERT_TRUE(finished.wait(10'000));
    EXPECT_TRUE(finished.first().at(1).toBool()); // cancelled
    EXPECT_LT(timer.elapsed(), 3000);
    EXPECT_FALSE(page.isBusy());
}

TEST(RunPage, InvalidPlanDoesNotStart)
{
    RunPage page;
    Plan plan;
    page.setPlan(plan, u"empty"_qs, { { {}, u"stacks"_qs, u"must list at least one stack"_qs } });
    page.start();
    EXPECT_FALSE(page.isBusy());
}

// Issue 18: an installed Stackbench has no venv until a study needs it. Start offers to create it;
// declining starts nothing and says why (the yes path is VenvSetup's, tested with a real pip).
TEST(RunPage, AMissingVenvIsOfferedAndDecliningStartsNothing)
{
    QTemporaryDir dir;
    qputenv("STACKBENCH_VENV", dir.filePath(u"no-venv"_qs).toLocal8Bit());
    RunPage page;
    page.setPlan(loadPlan(StudyPage::defaultPlanPath()).plan.value(), u"quick"_qs, {});
    QString question;
    QTimer poll; // the question is modal: answer it from the event loop it runs
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            question = box->text();
            box->button(QMessageBox::Cancel)->click();
            poll.stop();
        }
    });
    poll.start();
    page.start();
    const auto* error = page.findChild<QLabel*>(u"errorLabel"_qs);
    ASSERT_NE(error, nullptr);
    for (int i = 0; i < 250 && !error->text().contains(u"Nothing was started"_qs); ++i)
        QTest::qWait(20);
    qunsetenv("STACKBENCH_VENV");
    EXPECT_TRUE(question.contains(u"not set up yet"_qs)) << qPrintable(question);
    EXPECT_TRUE(question.contains(QDir::toNativeSeparators(dir.filePath(u"no-venv"_qs))))
        << qPrintable(question);
    EXPECT_FALSE(page.isBusy());
    EXPECT_TRUE(error->text().contains(u"Nothing was started"_qs)) << qPrintable(error->text());
}

TEST(RunPage, VerifyChecksTheContractOfAnExternalTarget)
{
    TestServer server; // serves /fast and /echo, not the stacks' API: the check must fail
    ASSERT_TRUE(server.start());
    RunPage page;
    page.setPlan(externalPlan(server.baseUrl(), std::chrono::seconds(1)), u"loopback"_qs, {});
    QSignalSpy busy(&page, &RunPage::busyChanged);
    page.verify();
    EXPECT_EQ(page.state(), RunPage::State::Verifying);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !page.isBusy(); }, 60'000));
    const QString log = page.logPane()->text();
    EXPECT_TRUE(log.contains(u"Verification done: 0 passed, 1 failed"_qs)) << qPrintable(log);
    EXPECT_GT(server.requestCount(), 0);
}
