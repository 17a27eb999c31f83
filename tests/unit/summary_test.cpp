// Summary and ErrorCounts: JSON round trips and the field names `stackbench load --json` promises.
#include "metrics/summary.h"

#include <QJsonDocument>
#include <gtest/gtest.h>

namespace {
QStringList sortedKeys(const QJsonObject& o)
{
    QStringList keys = o.keys();
    keys.sort();
    return keys;
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

/// Through text, as a results file or the CLI would carry it.
QJsonObject viaText(const QJsonObject& o)
{
    return QJsonDocument::fromJson(QJsonDocument(o).toJson(QJsonDocument::Compact)).object();
}

Summary sample()
{
    Summary s;
    s.transport = u"socket"_qs;
    s.requests = 123'456;
    s.durationS = 10.25;
    s.rps = 12'044.5;
    s.errors = { 1, 2, 3, 4, 5, 6 };
    Histogram h;
    for (qint64 us : { 1'000, 2'000, 3'000, 4'000, 90'000 })
        h.record(us);
    s.latency = LatencyStats::from(h);
    s.ttfb = { 0.5, 0.25, 2.0, 0.4, 0.9, 1.1, 1.9, 0.3 };
    s.statusCounts = { { 200, 123'000 }, { 404, 450 }, { 503, 6 } };
    s.bytesReceived = 9'876'543'210LL; // above 2^32
    s.droppedIterations = 7;
    s.clientCpuPercent = 37.5;
    s.queueMsMean = 0.125;
    return s;
}

void expectEqual(const LatencyStats& a, const LatencyStats& b)
{
    EXPECT_DOUBLE_EQ(a.mean, b.mean);
    EXPECT_DOUBLE_EQ(a.min, b.min);
    EXPECT_DOUBLE_EQ(a.max, b.max);
    EXPECT_DOUBLE_EQ(a.p50, b.p50);
    EXPECT_DOUBLE_EQ(a.p90, b.p90);
    EXPECT_DOUBLE_EQ(a.p95, b.p95);
    EXPECT_DOUBLE_EQ(a.p99, b.p99);
    EXPECT_DOUBLE_EQ(a.stddev, b.stddev);
}
} // namespace

TEST(ErrorCounts, AddMergeTotal)
{
    ErrorCounts e;
    e.add(Outcome::Ok, 100);
    e.add(Outcome::Connect);
    e.add(Outcome::Timeout, 2);
    e.add(Outcome::Reset, 3);
    e.add(Outcome::Http4xx, 4);
    e.add(Outcome::Http5xx, 5);
    e.add(Outcome::Parse, 6);
    EXPECT_EQ(e, (ErrorCounts { 1, 2, 3, 4, 5, 6 }));
    EXPECT_EQ(e.total(), 21);
    e.merge(e);
    EXPECT_EQ(e, (ErrorCounts { 2, 4, 6, 8, 10, 12 }));
}

TEST(ErrorCounts, JsonFieldNamesAndRoundTrip)
{
    const ErrorCounts e { 1, 2, 3, 4, 5, 6 };
    const QJsonObject o = e.toJson();
    EXPECT_EQ(sortedKeys(o),
        sorted({ u"connect"_qs, u"timeout"_qs, u"reset"_qs, u"http_4xx"_qs, u"http_5xx"_qs, u"parse"_qs }));
    EXPECT_EQ(o.value(u"http_5xx"_qs).toInteger(), 5);
    EXPECT_EQ(ErrorCounts::fromJson(viaText(o)), e);
    EXPECT_EQ(ErrorCounts::fromJson({}), ErrorCounts {});
}

TEST(LatencyStats, FromHistogramInMilliseconds)
{
    Histogram h;
    for (qint64 us : { 1'000, 2'000, 3'000 })
        h.record(us);
    const LatencyStats l = LatencyStats::from(h);
    EXPECT_DOUBLE_EQ(l.mean, 2.0);
    EXPECT_DOUBLE_EQ(l.min, 1.0);
    EXPECT_DOUBLE_EQ(l.max, 3.0);
    EXPECT_NEAR(l.p50, 2.0, 0.002);
    EXPECT_NEAR(l.p99, 3.0, 0.003);
    EXPECT_NEAR(l.stddev, std::sqrt(2.0 / 3.0), 1e-9);
    expectEqual(LatencyStats::from(Histogram()), LatencyStats {});
}

TEST(Summary, StableFieldNames)
{
    const QJsonObject o = viaText(sample().toJson());
    for (const auto& key : { u"transport"_qs, u"requests"_qs, u"rps"_qs, u"duration_s"_qs, u"errors"_qs,
             u"latency_ms"_qs, u"status"_qs })
        EXPECT_TRUE(o.contains(key)) << key.toStdString();
    EXPECT_EQ(o.value(u"transport"_qs).toString(), u"socket"_qs);
    EXPECT_EQ(sortedKeys(o.value(u"errors"_qs).toObject()),
        sorted({ u"connect"_qs, u"timeout"_qs, u"reset"_qs, u"http_4xx"_qs, u"http_5xx"_qs, u"parse"_qs }));
    const QJsonObject latency = o.value(u"latency_ms"_qs).toObject();
    for (const auto& key : { u"mean"_qs, u"min"_qs, u"p50"_qs, u"p90"_qs, u"p95"_qs, u"p99"_qs, u"max"_qs })
        EXPECT_TRUE(latency.value(key).isDouble()) << key.toStdString();
    const QJsonObject status = o.value(u"status"_qs).toObject();
    EXPECT_EQ(status.value(u"200"_qs).toInteger(), 123'000);
    EXPECT_EQ(status.value(u"404"_qs).toInteger(), 450);

    // Counts are written as integers, not as 123456.0.
    const QByteArray text = QJsonDocument(sample().toJson()).toJson(QJsonDocument::Compact);
    EXPECT_TRUE(text.contains("\"requests\":123456,")) << text.constData();
    EXPECT_TRUE(text.contains("\"status\":{\"200\":123000,\"404\":450,\"503\":6}")) << text.constData();
}

TEST(Summary, JsonRoundTrip)
{
    const Summary s = sample();
    const Summary back = Summary::fromJson(viaText(s.toJson()));
    EXPECT_EQ(back.transport, s.transport);
    EXPECT_EQ(back.requests, s.requests);
    EXPECT_DOUBLE_EQ(back.durationS, s.durationS);
    EXPECT_DOUBLE_EQ(back.rps, s.rps);
    EXPECT_EQ(back.errors, s.errors);
    expectEqual(back.latency, s.latency);
    expectEqual(back.ttfb, s.ttfb);
    EXPECT_EQ(back.statusCounts, s.statusCounts);
    EXPECT_EQ(back.bytesReceived, s.bytesReceived);
    EXPECT_EQ(back.droppedIterations, s.droppedIterations);
    EXPECT_DOUBLE_EQ(back.clientCpuPercent, s.clientCpuPercent);
    EXPECT_DOUBLE_EQ(back.queueMsMean, s.queueMsMean);
    EXPECT_DOUBLE_EQ(back.errorRate(), s.errorRate());
    EXPECT_EQ(back.toJson(), s.toJson());
}

TEST(Summary, ErrorRate)
{
    Summary s;
    EXPECT_EQ(s.errorRate(), 0.0);
    s.requests = 200;
    s.errors.http5xx = 50;
    EXPECT_DOUBLE_EQ(s.errorRate(), 0.25);
    EXPECT_DOUBLE_EQ(s.toJson().value(u"error_rate"_qs).toDouble(), 0.25);
}
