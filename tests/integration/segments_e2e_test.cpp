// Issue 17: three `stackbench load --segment k/3 --out` processes against the loopback test server,
// merged by `stackbench merge --json`: the whole is exactly the plan's count for the iteration
// executors, and within one iteration per segment of rate x duration for the open model.
#include "testserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>

namespace {
const QString Binary = QStringLiteral(STACKBENCH_BINARY);

/// Runs the three segments at once, then merges them; the merged summary, or an empty object.
QJsonObject segmentedLoad(const TestServer& server, const QStringList& load, QString* log)
{
    QTemporaryDir dir;
    std::vector<std::unique_ptr<QProcess>> parts;
    const QString startAt = QString::number(QDateTime::currentSecsSinceEpoch() + 2);
    for (int k = 1; k <= 3; ++k) {
        auto p = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(Binary,
            QStringList { u"load"_qs, u"--url"_qs, server.url(u"/fast"_qs).toString(), u"--segment"_qs,
                u"%1/3"_qs.arg(k), u"--start-at"_qs, startAt, u"--out"_qs,
                dir.filePath(u"part-%1.json"_qs.arg(k)) }
                + load);
        parts.push_back(std::move(p));
    }
    for (auto& p : parts) {
        if (!p->waitForFinished(60'000) || p->exitCode() != 0) {
            *log += QString::fromUtf8(p->readAll());
            return {};
        }
    }
    QProcess merge;
    merge.start(Binary,
        { u"merge"_qs, u"--json"_qs, dir.filePath(u"part-1.json"_qs), dir.filePath(u"part-2.json"_qs),
            dir.filePath(u"part-3.json"_qs) });
    if (!merge.waitForFinished(30'000) || merge.exitCode() != 0) {
        *log += QString::fromUtf8(merge.readAllStandardError());
        return {};
    }
    return QJsonDocument::fromJson(merge.readAllStandardOutput()).object();
}
} // namespace

TEST(SegmentsEndToEnd, SharedIterationsAddUpExactly)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QString log;
    const QJsonObject merged
        = segmentedLoad(server, { u"--vus"_qs, u"5"_qs, u"--iterations"_qs, u"301"_qs }, &log);
    ASSERT_FALSE(merged.isEmpty()) << qPrintable(log);
    EXPECT_EQ(merged[u"requests"_qs].toInteger(), 301);
    EXPECT_EQ(server.requestCount("/fast"), 301) << "the server saw each iteration once";
    EXPECT_EQ(merged[u"status"_qs].toObject()[u"200"_qs].toInteger(), 301);
}

TEST(SegmentsEndToEnd, ArrivalRateSegmentsMakeTheWholeSchedule)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QString log;
    const QJsonObject merged = segmentedLoad(
        server, { u"--rate"_qs, u"150"_qs, u"--duration"_qs, u"2s"_qs, u"--vus"_qs, u"6"_qs }, &log);
    ASSERT_FALSE(merged.isEmpty()) << qPrintable(log);
    const qint64 whole = merged[u"requests"_qs].toInteger() + merged[u"dropped_iterations"_qs].toInteger();
    EXPECT_EQ(whole, 300) << "150/s for 2 s: the whole schedule's 300 iterations, each in one segment";
    EXPECT_EQ(merged[u"dropped_iterations"_qs].toInteger(), 0);
}

TEST(SegmentsEndToEnd, MergeRefusesAnIncompleteLoad)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    QProcess one;
    one.start(Binary,
        { u"load"_qs, u"--url"_qs, server.url(u"/fast"_qs).toString(), u"--segment"_qs, u"1/3"_qs,
            u"--iterations"_qs, u"30"_qs, u"--vus"_qs, u"3"_qs, u"--out"_qs, dir.filePath(u"p1.json"_qs) });
    ASSERT_TRUE(one.waitForFinished(30'000));
    ASSERT_EQ(one.exitCode(), 0) << one.readAllStandardError().constData();
    QProcess merge;
    merge.start(Binary, { u"merge"_qs, dir.filePath(u"p1.json"_qs) });
    ASSERT_TRUE(merge.waitForFinished(30'000));
    EXPECT_EQ(merge.exitCode(), 1);
    const QString err = QString::fromUtf8(merge.readAllStandardError());
    EXPECT_TRUE(err.contains(u"the segment 1/3:2/3 of 0,1/3,2/3,1 is missing"_qs)) << qPrintable(err);
    EXPECT_TRUE(err.contains(u"the segment 2/3:1 of 0,1/3,2/3,1 is missing"_qs)) << qPrintable(err);
}
