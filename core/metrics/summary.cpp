#include "summary.h"

#include <QJsonArray>

void ErrorCounts::add(Outcome o, qint64 n)
{
    switch (o) {
    case Outcome::Ok:
        break;
    case Outcome::Connect:
        connect += n;
        break;
    case Outcome::Timeout:
        timeout += n;
        break;
    case Outcome::Reset:
        reset += n;
        break;
    case Outcome::Http4xx:
        http4xx += n;
        break;
    case Outcome::Http5xx:
        http5xx += n;
        break;
    case Outcome::Parse:
        parse += n;
        break;
    }
}

void ErrorCounts::merge(const ErrorCounts& o)
{
    connect += o.connect;
    timeout += o.timeout;
    reset += o.reset;
    http4xx += o.http4xx;
    http5xx += o.http5xx;
    parse += o.parse;
}

QJsonObject ErrorCounts::toJson() const
{
    return { { u"connect"_qs, connect }, { u"timeout"_qs, timeout }, { u"reset"_qs, reset },
        { u"http_4xx"_qs, http4xx }, { u"http_5xx"_qs, http5xx }, { u"parse"_qs, parse } };
}

ErrorCounts ErrorCounts::fromJson(const QJsonObject& o)
{
    auto n = [&](const char16_t* k) { return o.value(QString::fromUtf16(k)).toInteger(); };
    return { n(u"connect"), n(u"timeout"), n(u"reset"), n(u"http_4xx"), n(u"http_5xx"), n(u"parse") };
}

LatencyStats LatencyStats::from(const Histogram& h)
{
    auto ms = [](double us) { return us / 1000.0; };
    return { ms(h.mean()), ms(double(h.min())), ms(double(h.max())), ms(double(h.percentile(50))),
        ms(double(h.percentile(90))), ms(double(h.percentile(95))), ms(double(h.percentile(99))),
        ms(h.stddev()) };
}

QJsonObject LatencyStats::toJson() const
{
    return { { u"mean"_qs, mean }, { u"min"_qs, min }, { u"p50"_qs, p50 }, { u"p90"_qs, p90 },
        { u"p95"_qs, p95 }, { u"p99"_qs, p99 }, { u"max"_qs, max }, { u"stddev"_qs, stddev } };
}

LatencyStats LatencyStats::fromJson(const QJsonObject& o)
{
    auto d = [&](const char16_t* k) { return o.value(QString::fromUtf16(k)).toDouble(); };
    return { d(u"mean"), d(u"min"), d(u"max"), d(u"p50"), d(u"p90"), d(u"p95"), d(u"p99"), d(u"stddev") };
}

QJsonObject Summary::toJson() const
{
    QJsonObject status;
    for (auto it = statusCounts.cbegin(); it != statusCounts.cend(); ++it)
        status.insert(QString::number(it.key()), it.value());
    return { { u"transport"_qs, transport }, { u"requests"_qs, requests }, { u"rps"_qs, rps },
        { u"duration_s"_qs, durationS }, { u"errors"_qs, errors.toJson() }, { u"error_rate"_qs, errorRate() },
        { u"latency_ms"_qs, latency.toJson() }, { u"ttfb_ms"_qs, ttfb.toJson() }, { u"status"_qs, status },
        { u"bytes_received"_qs, bytesReceived }, { u"dropped_iterations"_qs, droppedIterations },
        { u"client_cpu_percent"_qs, clientCpuPercent }, { u"queue_ms_mean"_qs, queueMsMean } };
}

Summary Summary::fromJson(const QJsonObject& o)
{
    Summary s;
    s.transport = o.value(u"transport"_qs).toString();
    s.requests = o.value(u"requests"_qs).toInteger();
    s.rps = o.value(u"rps"_qs).toDouble();
    s.durationS = o.value(u"duration_s"_qs).toDouble();
    s.errors = ErrorCounts::fromJson(o.value(u"errors"_qs).toObject());
    s.latency = LatencyStats::fromJson(o.value(u"latency_ms"_qs).toObject());
    s.ttfb = LatencyStats::fromJson(o.value(u"ttfb_ms"_qs).toObject());
    const auto status = o.value(u"status"_qs).toObject();
    for (auto it = status.begin(); it != status.end(); ++it)
        s.statusCounts.insert(it.key().toInt(), it.value().toInteger());
    s.bytesReceived = o.value(u"bytes_received"_qs).toInteger();
    s.droppedIterations = o.value(u"dropped_iterations"_qs).toInteger();
    s.clientCpuPercent = o.value(u"client_cpu_percent"_qs).toDouble();
    s.queueMsMean = o.value(u"queue_ms_mean"_qs).toDouble();
    return s;
}
