// The Run and Quick load pages show only numbers that describe what is happening now: no server
// figures between loads or after the stack stopped, a verification ends with its verdict (not a
// finished "study"), a cancel does not jump the study bar, and a new quick load forgets the last one.
#include "fixtures.h"
#include "live/livecharts.h"
#include "models/summarymodel.h"
#include "quickload/quickloadform.h"
#include "quickload/quickloadpage.h"
#include "quickloadrun.h"
#include "run/runpage.h"
#include "testserver.h"

#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {
QString text(QWidget* page, const QString& name)
{
    auto* label = page->findChild<QLabel*>(name);
    return label ? label->text() : u"<no label %1>"_qs.arg(name);
}

QProgressBar* bar(QWidget* page, const QString& name)
{
    return page->findChild<QProgressBar*>(name);
}
} // namespace

TEST(FreshStatus, ServerFiguresClearBetweenLoadsAndAfterTheStudy)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    RunPage page;
    Plan plan = loopbackPlan(server.baseUrl(), { 1500ms, 1500ms });
    plan.procedure.gapS = 3;
    page.setPlan(plan, u"gap"_qs, {});
    page.setResultsRoot(dir.path());
    QSignalSpy finished(&page, &RunPage::studyFinished);
    page.start();
    // Under load the server line says something (an external target is not sampled).
    ASSERT_TRUE(QTest::qWaitFor([&] { return text(&page, u"server"_qs) != u"–"_qs; }, 10'000));
    EXPECT_TRUE(text(&page, u"client"_qs).contains(u"req/s"_qs));
    // In the gap nothing is loaded: no figures from the scenario before.
    ASSERT_TRUE(QTest::qWaitFor([&] { return text(&page, u"stage"_qs).contains(u"Gap"_qs); }, 10'000));
    EXPECT_EQ(text(&page, u"server"_qs), u"–"_qs);
    EXPECT_EQ(text(&page, u"client"_qs), u"–"_qs);
    ASSERT_TRUE(finished.wait(20'000));
    EXPECT_EQ(text(&page, u"server"_qs), u"–"_qs);
    EXPECT_EQ(text(&page, u"client"_qs), u"–"_qs);
}

TEST(FreshStatus, VerifyEndsWithItsVerdictNotAStudy)
{
    TestServer server; // not the stacks' API: the check fails
    ASSERT_TRUE(server.start());
    RunPage page;
    page.setPlan(loopbackPlan(server.baseUrl(), { 1s }), u"loopback"_qs, {});
    page.verify();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !page.isBusy(); }, 60'000));
    EXPECT_EQ(text(&page, u"stage"_qs), u"Verification done: 0 passed, 1 failed"_qs);
    ASSERT_NE(bar(&page, u"studyBar"_qs), nullptr);
    EXPECT_EQ(bar(&page, u"studyBar"_qs)->value(), 0); // no study ran
    EXPECT_EQ(bar(&page, u"stepBar"_qs)->value(), bar(&page, u"stepBar"_qs)->maximum());
}

TEST(FreshStatus, CancelKeepsTheStudyBarAndTheTimeHonest)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    RunPage page;
    page.setPlan(loopbackPlan(server.baseUrl(), { 60s, 60s }), u"long"_qs, {});
    page.setResultsRoot(dir.path());
    QSignalSpy progress(page.runner(), &StudyRunner::progress);
    QSignalSpy finished(&page, &RunPage::studyFinished);
    page.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return page.liveCharts()->pointCount() >= 2; }, 10'000));
    const StudyProgress last = progress.last().first().value<StudyProgress>();
    ASSERT_NE(bar(&page, u"studyBar"_qs), nullptr);
    const int before = bar(&page, u"studyBar"_qs)->value();
    page.stop();
    // While stopping, the runner skips what is left and reports it as done (a real stack's "stop"
    // step does exactly this); the bar must not jump to that share.
    StudyProgress skipped = last;
    skipped.stage = StudyStage::Stop;
    skipped.overall = 0.41;
    skipped.etaS = 30;
    Q_EMIT page.runner()->progress(skipped);
    EXPECT_LE(bar(&page, u"studyBar"_qs)->value(), before + 10);
    ASSERT_TRUE(finished.wait(10'000));
    EXPECT_LE(bar(&page, u"studyBar"_qs)->value(), before + 10);
    // The time row says what it holds: no "Time left:" over an elapsed time.
    for (QLabel* label : page.findChildren<QLabel*>())
        EXPECT_NE(label->text(), u"Time left:"_qs);
    EXPECT_FALSE(text(&page, u"time"_qs).contains(u"left"_qs)) << qPrintable(text(&page, u"time"_qs));
}

TEST(FreshStatus, QuickLoadToADeadPortForgetsTheLastRun)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QuickLoadPage page;
    ASSERT_TRUE(runQuickLoad(page, server.url(u"/fast"_qs)));
    ASSERT_TRUE(page.summaryModel()->hasSummary());
    ASSERT_GT(page.liveCharts()->pointCount(), 0);

    QTcpServer dead;
    ASSERT_TRUE(dead.listen(QHostAddress::LocalHost, 0));
    const quint16 port = dead.serverPort();
    dead.close();
    page.form()->setUrl(u"http://127.0.0.1:%1/fast"_qs.arg(port));
    page.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !page.isBusy(); }, 10'000));
    EXPECT_TRUE(page.errorText().contains(u"Cannot reach"_qs)) << qPrintable(page.errorText());
    EXPECT_FALSE(page.summaryModel()->hasSummary());
    EXPECT_EQ(page.liveCharts()->pointCount(), 0);
    ASSERT_NE(bar(&page, u"progress"_qs), nullptr);
    EXPECT_EQ(bar(&page, u"progress"_qs)->value(), 0);
    EXPECT_NE(text(&page, u"liveStatus"_qs), u"Finished"_qs);
}
