// Issue 17, part 2: the parts of a segmented load merge exactly — counts summed, histograms merged
// bucket by bucket — and only when they are every segment of one load, once each.
#include "engine/loadpart.h"
#include "plan/jsonreader.h"

#include <QJsonDocument>
#include <gtest/gtest.h>

namespace {
LoadSpec wholeLoad()
{
    LoadSpec s;
    s.baseUrl = QUrl(u"http://127.0.0.1:8000"_qs);
    s.request.path = u"/hello"_qs;
    s.executor = ExecutorKind::SharedIterations;
    s.vus = 10;
    s.iterations = 10'100;
    return s;
}

LoadPart part(int k, int n, qint64 requests, qint64 latencyUs, int startOffsetMs = 0)
{
    LoadPart p;
    p.load = loadIdentity(wholeLoad());
    p.segment = ExecutionSegment::part(k, n);
    p.sequence = SegmentSequence::even(n).toString();
    p.startedAt = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC).addMSecs(startOffsetMs);
    p.finishedAt = p.startedAt.addSecs(10);
    p.summary.transport = u"socket"_qs;
    p.summary.durationS = 10;
    p.summary.requests = requests;
    p.summary.statusCounts = { { 200, requests } };
    p.summary.bytesReceived = 100 * requests;
    for (qint64 i = 0; i < requests; ++i) {
        p.latency.record(latencyUs);
        p.ttfb.record(latencyUs / 2);
    }
    return p;
}
} // namespace

TEST(LoadPart, MergingHistogramsIsNotAveragingPercentiles)
{
    // 10,000 fast requests on one machine, 100 slow ones on the other.
    const QList<LoadPart> parts = { part(1, 2, 10'000, 1'000), part(2, 2, 100, 100'000) };
    const double averagedP99
        = (parts[0].latency.percentile(99) + parts[1].latency.percentile(99)) / 2.0 / 1000.0;
    QStringList problems;
    const auto merged = mergeParts(parts, { u"a.json"_qs, u"b.json"_qs }, &problems);
    ASSERT_TRUE(merged.has_value()) << qPrintable(problems.join(u'\n'));
    EXPECT_EQ(merged->summary.requests, 10'100);
    EXPECT_EQ(merged->summary.statusCounts.value(200), 10'100);
    EXPECT_EQ(merged->latency.count(), 10'100);
    // The 99th percentile of all 10,100 requests is the 9,999th: a fast one.
    EXPECT_NEAR(merged->summary.latency.p99, 1.0, 0.01);
    EXPECT_NEAR(averagedP99, 50.5, 0.1) << "what averaging would have said";
    EXPECT_NEAR(merged->summary.latency.max, 100.0, 0.1);
    EXPECT_NEAR(merged->summary.durationS, 10.0, 1e-9);
    EXPECT_NEAR(merged->summary.rps, 1010.0, 1e-6);
    EXPECT_TRUE(merged->warnings.isEmpty());
}

TEST(LoadPart, RefusesWhatIsNotOneWhole)
{
    QStringList problems;
    EXPECT_FALSE(mergeParts({ part(1, 3, 10, 1000), part(2, 3, 10, 1000) }, { u"a"_qs, u"b"_qs }, &problems));
    EXPECT_TRUE(problems.contains(u"the segment 2/3:1 of 0,1/3,2/3,1 is missing"_qs))
        << qPrintable(problems.join(u'\n'));

    problems.clear();
    EXPECT_FALSE(mergeParts({ part(1, 2, 10, 1000), part(1, 2, 10, 1000), part(2, 2, 10, 1000) },
        { u"a"_qs, u"b"_qs, u"c"_qs }, &problems));
    EXPECT_TRUE(problems.contains(u"the segment 0:1/2 is there twice: a and b"_qs))
        << qPrintable(problems.join(u'\n'));

    problems.clear();
    LoadPart other = part(2, 2, 10, 1000);
    LoadSpec otherLoad = wholeLoad();
    otherLoad.request.path = u"/items/1"_qs;
    other.load = loadIdentity(otherLoad);
    EXPECT_FALSE(mergeParts({ part(1, 2, 10, 1000), other }, { u"a"_qs, u"b"_qs }, &problems));
    EXPECT_TRUE(problems.contains(
        u"b is a part of another load than a (target, request, executor or load differ)"_qs))
        << qPrintable(problems.join(u'\n'));

    problems.clear();
    EXPECT_FALSE(mergeParts({ part(1, 2, 10, 1000), part(2, 3, 10, 1000) }, { u"a"_qs, u"b"_qs }, &problems));
    EXPECT_FALSE(problems.isEmpty());
}

TEST(LoadPart, WarnsAboutSkewedStarts)
{
    QStringList problems;
    const auto merged = mergeParts({ part(1, 2, 10, 1000), part(2, 2, 10, 1000, 3'000) }, {}, &problems);
    ASSERT_TRUE(merged.has_value());
    ASSERT_EQ(merged->warnings.size(), 1);
    EXPECT_TRUE(merged->warnings.first().contains(u"3.0 s apart"_qs)) << qPrintable(merged->warnings.first());
    EXPECT_NEAR(merged->summary.durationS, 13.0, 1e-9) << "from the earliest start to the latest end";
}

TEST(LoadPart, JsonReadsBack)
{
    const LoadPart p = part(2, 3, 500, 2'500);
    const QByteArray bytes = QJsonDocument(p.toJson()).toJson();
    JsonReader r(u"part.json"_qs);
    const auto object = r.parseObject(bytes);
    ASSERT_TRUE(object.has_value());
    const auto back = LoadPart::fromJson(r, *object);
    ASSERT_TRUE(back.has_value()) << qPrintable(
        r.problems().isEmpty() ? QString() : r.problems().first().toString());
    EXPECT_EQ(back->segment, p.segment);
    EXPECT_EQ(back->sequence, u"0,1/3,2/3,1"_qs);
    EXPECT_EQ(back->latency.count(), 500);
    EXPECT_EQ(back->summary.requests, 500);
    EXPECT_EQ(back->startedAt, p.startedAt);
    EXPECT_EQ(QJsonDocument(back->toJson()).toJson(), bytes);

    QJsonObject broken = p.toJson();
    broken[u"segment"_qs] = u"2/3:1/3"_qs;
    JsonReader r2(u"part.json"_qs);
    EXPECT_FALSE(LoadPart::fromJson(r2, broken).has_value());
    ASSERT_FALSE(r2.problems().isEmpty());
    EXPECT_EQ(r2.problems().first().path, u"segment"_qs);
}

TEST(LoadPart, SegmentSharesOfEachExecutor)
{
    LoadSpec s = wholeLoad();
    s.segmentSequence = SegmentSequence::even(3).toString();
    qint64 iterations = 0;
    int vus = 0;
    for (int k = 1; k <= 3; ++k) {
        s.segment = ExecutionSegment::part(k, 3);
        ASSERT_TRUE(s.validate().isEmpty()) << qPrintable(s.validate().join(u"; "_qs));
        const LoadSpec share = s.segmentShare();
        iterations += share.iterations;
        vus += share.vus;
    }
    EXPECT_EQ(iterations, 10'100) << "shared iterations split exactly";
    EXPECT_EQ(vus, 10);

    s.executor = ExecutorKind::ConstantVus;
    s.vus = 1;
    int withVus = 0;
    for (int k = 1; k <= 3; ++k) {
        s.segment = ExecutionSegment::part(k, 3);
        withVus += s.segmentShare().hasWork() ? 1 : 0;
    }
    EXPECT_EQ(withVus, 1) << "one VU over three segments: one of them runs it, as in k6";

    s.segment = ExecutionSegment::part(2, 4);
    EXPECT_FALSE(s.validate().isEmpty()) << "1/4:1/2 is not a segment of thirds";
}
