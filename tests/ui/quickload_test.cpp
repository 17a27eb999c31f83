// The Quick load page against the loopback TestServer: a short load ends with its summary, an
// unreachable target fails inline, and the GUI thread keeps ticking under a 100-VU load.
#include "live/livecharts.h"
#include "models/summarymodel.h"
#include "quickload/quickloadform.h"
#include "quickload/quickloadpage.h"
#include "sanitizer.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <cstdio>
#include <gtest/gtest.h>

namespace {
/// A port nothing listens on: bind one, note it, close it.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

void configure(QuickLoadForm* form, const QUrl& url, int vus, const QString& duration)
{
    form->setUrl(url.toString());
    form->setMethod(u"GET"_qs);
    form->setHeaders({});
    form->setBody({});
    form->setExecutor(ExecutorKind::ConstantVus);
    form->setVus(vus);
    form->setDuration(duration);
    form->setTransport(u"socket"_qs);
    form->setTimeout(u"10s"_qs);
    form->setThreads(1);
}
} // namespace

TEST(QuickLoadPage, ShortLoadShowsLiveChartsAndTheSummary)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QuickLoadPage page;
    page.resize(1200, 800);
    page.show();
    configure(page.form(), server.url(u"/fast"_qs), 4, u"1s"_qs);
    ASSERT_TRUE(page.form()->isValid());
    QSignalSpy finished(&page, &QuickLoadPage::loadFinished);
    QSignalSpy busy(&page, &QuickLoadPage::busyChanged);
    page.start();
    EXPECT_TRUE(page.isBusy());
    ASSERT_TRUE(finished.wait(15'000));
    EXPECT_FALSE(page.isBusy());
    EXPECT_EQ(busy.count(), 2);
    ASSERT_TRUE(page.summaryModel()->hasSummary());
    const Summary& s = page.summaryModel()->summary();
    EXPECT_GT(s.requests, 10);
    EXPECT_EQ(s.errors.total(), 0);
    EXPECT_EQ(s.statusCounts.value(200), s.requests);
    EXPECT_GT(server.requestCount("/fast"), 10);
    EXPECT_EQ(page.summaryModel()->rowCount(), SummaryModel::NUM_ROWS);
    EXPECT_GE(page.liveCharts()->pointCount(), 3); // a 1 s load at 4 Hz
    EXPECT_TRUE(page.errorText().isEmpty());
}

TEST(QuickLoadPage, StopEndsTheLoadEarly)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QuickLoadPage page;
    configure(page.form(), server.url(u"/fast"_qs), 2, u"60s"_qs);
    QSignalSpy finished(&page, &QuickLoadPage::loadFinished);
    page.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return page.state() == QuickLoadPage::State::Running; }, 5000));
    // Stop in the middle of the load, once requests are being answered.
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.requestCount("/fast") >= 10; }, 5000));
    QElapsedTimer timer;
    timer.start();
    page.stop();
    ASSERT_TRUE(finished.wait(5000));
    EXPECT_LT(timer.elapsed(), 2000);
    EXPECT_TRUE(
        page.summaryModel()->index(SummaryModel::RequestsRow, 1).data().toString().contains(u"stopped"_qs));
}

TEST(QuickLoadPage, UnreachableTargetFailsInline)
{
    QuickLoadPage page;
    QUrl url(u"http://127.0.0.1/hello"_qs);
    url.setPort(closedPort());
    configure(page.form(), url, 1, u"1s"_qs);
    QSignalSpy finished(&page, &QuickLoadPage::loadFinished);
    page.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !page.isBusy(); }, 8000));
    EXPECT_TRUE(page.errorText().contains(u"Cannot reach"_qs)) << qPrintable(page.errorText());
    EXPECT_TRUE(page.errorText().contains(QString::number(url.port())));
    EXPECT_EQ(finished.count(), 0);
    EXPECT_FALSE(page.summaryModel()->hasSummary());
}

TEST(QuickLoadPage, InvalidFormIsReportedPerField)
{
    QuickLoadPage page;
    page.form()->setUrl(u"ftp://example.com/x"_qs);
    page.form()->setDuration(u"ten seconds"_qs);
    page.form()->setBody(u"{\"a\": "_qs);
    EXPECT_FALSE(page.form()->isValid());
    QString error;
    EXPECT_FALSE(page.form()->spec(&error).has_value());
    EXPECT_FALSE(error.isEmpty());
    page.form()->setUrl(u"http://127.0.0.1:9/x"_qs);
    page.form()->setDuration(u"2s"_qs);
    page.form()->setBody(u"{\"n\": {seq}, \"name\": \"item {vu}\"}"_qs); // placeholders are fine
    EXPECT_TRUE(page.form()->isValid());
    const auto spec = page.form()->spec();
    ASSERT_TRUE(spec.has_value());
    EXPECT_EQ(spec->request.path, u"/x"_qs);
    EXPECT_EQ(spec->duration, std::chrono::seconds(2));
    EXPECT_EQ(spec->request.headers.size(), 1); // Content-Type added for the JSON body
}

/// The GUI thread never blocks: a 5 ms timer keeps firing on time while 100 VUs load the
/// loopback server through the page, with live charts redrawing at 4 Hz.
TEST(QuickLoadPage, EventLoopStaysResponsiveUnder100Vus)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QuickLoadPage page;
    page.resize(1200, 800);
    page.show();
    configure(page.form(), server.url(u"/fast"_qs), 100, u"3s"_qs);
    QSignalSpy finished(&page, &QuickLoadPage::loadFinished);

    QElapsedTimer clock;
    qint64 last = -1;
    qint64 worst = 0;
    qint64 ticks = 0;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(5);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last >= 0 && page.state() == QuickLoadPage::State::Running)
            worst = std::max(worst, now - last - 5'000'000);
        last = now;
        ++ticks;
    });
    clock.start();
    timer.start();
    page.start();
    ASSERT_TRUE(finished.wait(20'000));
    timer.stop();
    const double worstMs = double(worst) / 1e6;
    const Summary& s = page.summaryModel()->summary();
    std::printf("[ event loop ] 100 VUs for 3 s: %lld requests (%.0f req/s); %lld ticks of a 5 ms timer; "
                "worst extra delay %.1f ms\n",
        static_cast<long long>(s.requests), s.rps, static_cast<long long>(ticks), worstMs);
    EXPECT_GT(s.requests, 1000);
    EXPECT_LT(worstMs, 50.0 * SanitizerSlowdown);
    // Loopback at full speed keeps the client busy: the page must say the result may be client-bound.
    if (s.clientCpuPercent > 80) {
        EXPECT_TRUE(page.clientWarningText().contains(u"client-bound"_qs));
    }
}
