#include "scenariorecord.h"

#include "common/constants.h"
#include "engine/loadrunner.h"
#include "metrics/hdrcodec.h"
#include "plan/jsonreader.h"

#include <QJsonArray>

using Need = JsonReader::Need;

ClientHealth ClientHealth::from(const Summary& s)
{
    ClientHealth h;
    h.cpuPercent = s.clientCpuPercent;
    h.queueMsMean = s.queueMsMean;
    h.droppedIterations = s.droppedIterations;
    h.clientBound = s.clientCpuPercent > 80 || s.droppedIterations > 0
        || (s.queueMsMean > 1 && s.queueMsMean > 0.1 * s.latency.mean);
    return h;
}

QList<PercentilePoint> percentilePoints(const Histogram& h)
{
    QList<PercentilePoint> points;
    if (h.count() == 0)
        return points;
    for (double q : { 0.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0 }) {
        const qint64 us = q == 0 ? h.min() : q == 100 ? h.max() : h.percentile(q);
        points.append({ q, double(us) / 1000.0 });
    }
    return points;
}

std::optional<Histogram> ScenarioRecord::latencyHistogram() const
{
    return latencyHdr.isEmpty() ? std::nullopt : hdrcodec::decode(latencyHdr);
}

double ScenarioRecord::metricValue() const
{
    return metric == Metric::Rps ? summary.rps : summary.latency.mean;
}

QStringList ScenarioRecord::flags() const
{
    QStringList out = diagnostics.flags;
    if (client.clientBound)
        out << u"client-bound"_qs;
    return out;
}

QStringList ScenarioRecord::causes() const
{
    QStringList out = diagnostics.causes();
    if (client.clientBound)
        out << u"the client may have set the pace (%1 % of a core, %2 dropped)"_qs
                   .arg(client.cpuPercent, 0, 'f', 0)
                   .arg(client.droppedIterations);
    return out;
}

namespace {
QString encodedIfAny(const Histogram& h)
{
    return h.count() ? hdrcodec::encode(h) : QString();
}

QString isoTime(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

ScenarioRecord fromResult(int repetition, const QString& stack, const QString& id, const LoadResult& result)
{
    ScenarioRecord r;
    r.repetition = repetition;
    r.stack = stack;
    r.scenarioId = id;
    r.summary = result.summary;
    r.transport = result.summary.transport;
    r.percentiles = percentilePoints(result.latency);
    r.latencyHdr = encodedIfAny(result.latency);
    r.ttfbHdr = encodedIfAny(result.ttfb);
    r.client = ClientHealth::from(result.summary);
    r.finishedAt = QDateTime::currentDateTimeUtc();
    r.startedAt = r.finishedAt.addMSecs(-qint64(result.summary.durationS * 1000));
    if (!result.error.isEmpty()) {
        r.status = ScenarioRecord::Status::Failed;
        r.reason = result.error;
    } else if (result.stopped) {
        r.status = ScenarioRecord::Status::Failed;
        r.reason = u"stopped before the end"_qs;
    }
    return r;
}
} // namespace

ScenarioRecord ScenarioRecord::fromLoad(
    int repetition, const QString& stack, const Scenario& scenario, const LoadResult& result)
{
    auto r = fromResult(repetition, stack, scenario.id, result);
    r.figure = scenario.figure;
    r.metric = scenario.metric;
    r.point = scenario.point;
    return r;
}

ScenarioRecord ScenarioRecord::fromWarmup(
    int repetition, const QString& stack, const QString& stepId, const LoadResult& result)
{
    auto r = fromResult(repetition, stack, stepId, result);
    r.warmup = true;
    return r;
}

ScenarioRecord ScenarioRecord::failure(
    int repetition, const QString& stack, const Scenario& scenario, const QString& reason)
{
    ScenarioRecord r;
    r.repetition = repetition;
    r.stack = stack;
    r.scenarioId = scenario.id;
    r.figure = scenario.figure;
    r.metric = scenario.metric;
    r.point = scenario.point;
    r.status = Status::Failed;
    r.reason = reason.isEmpty() ? u"failed"_qs : reason;
    r.finishedAt = r.startedAt = QDateTime::currentDateTimeUtc();
    return r;
}

QJsonObject ScenarioRecord::toJson() const
{
    QJsonArray points;
    for (const auto& p : percentiles)
        points.append(QJsonObject { { u"q"_qs, p.q }, { u"ms"_qs, p.ms } });
    QJsonObject o {
        { u"format"_qs, u"stackbench-scenario-result"_qs },
        { u"version"_qs, FormatVersion },
        { u"repetition"_qs, repetition },
        { u"stack"_qs, stack },
        { u"scenario"_qs, scenarioId },
        { u"warmup"_qs, warmup },
        { u"metric"_qs, toString(metric) },
        { u"transport"_qs, transport },
        { u"status"_qs, ok() ? u"ok"_qs : u"failed"_qs },
        { u"started_at"_qs, isoTime(startedAt) },
        { u"finished_at"_qs, isoTime(finishedAt) },
        { u"summary"_qs, summary.toJson() },
        { u"percentiles_ms"_qs, points },
        { u"server"_qs,
            QJsonObject { { u"cpu_percent_mean"_qs, server.cpuPercentMean },
                { u"cpu_percent_max"_qs, server.cpuPercentMax }, { u"rss_mb_mean"_qs, server.rssMbMean },
                { u"rss_mb_max"_qs, server.rssMbMax }, { u"samples"_qs, server.samples } } },
        { u"client"_qs,
            QJsonObject { { u"cpu_percent"_qs, client.cpuPercent },
                { u"queue_ms_mean"_qs, client.queueMsMean },
                { u"dropped_iterations"_qs, client.droppedIterations },
                { u"client_bound"_qs, client.clientBound } } },
        { u"conformance"_qs,
            QJsonObject { { u"checked"_qs, conformance.checked }, { u"passed"_qs, conformance.passed },
                { u"problems"_qs, QJsonArray::fromStringList(conformance.problems) } } },
    };
    if (figure != 0)
        o.insert(u"figure"_qs, figure);
    if (!ok())
        o.insert(u"reason"_qs, reason);
    if (diagnostics.known())
        o.insert(u"diagnostics"_qs, diagnostics.toJson());
    if (!latencyHdr.isEmpty())
        o.insert(u"latency_hdr"_qs, latencyHdr);
    if (!ttfbHdr.isEmpty())
        o.insert(u"ttfb_hdr"_qs, ttfbHdr);
    if (!params.isEmpty()) {
        QJsonObject p;
        for (auto it = params.cbegin(); it != params.cend(); ++it)
            p.insert(it.key(), it.value());
        o.insert(u"params"_qs, p);
    }
    if (!point.isEmpty()) {
        QJsonObject p;
        for (auto it = point.cbegin(); it != point.cend(); ++it)
            p.insert(it.key(), it.value());
        o.insert(u"point"_qs, p);
    }
    if (!series.isEmpty())
        o.insert(u"series"_qs, series.toJson());
    return o;
}

namespace {
class RecordParser
{
public:
    explicit RecordParser(JsonReader& reader)
        : m_r(reader)
    {
    }
    std::optional<ScenarioRecord> parse(const QJsonObject& o);

private:
    bool header(const QJsonObject& o);
    void summary(const QJsonObject& o, ScenarioRecord& rec);
    void latency(const QJsonObject& o, const QString& path);
    void percentiles(const QJsonArray& a, ScenarioRecord& rec);
    void server(const QJsonObject& o, ScenarioRecord& rec);
    void client(const QJsonObject& o, ScenarioRecord& rec);
    void conformance(const QJsonObject& o, ScenarioRecord& rec);
    QString histogram(const QJsonObject& o, const QString& key);
    std::optional<QDateTime> time(const QJsonObject& o, const QString& key);

    JsonReader& m_r;
};

bool RecordParser::header(const QJsonObject& o)
{
    const auto format = m_r.string(o, {}, u"format"_qs);
    if (format && *format != u"stackbench-scenario-result") {
        m_r.problem(u"format"_qs, u"expected \"stackbench-scenario-result\", got \"%1\""_qs.arg(*format));
        return false;
    }
    const auto version = m_r.integer(o, {}, u"version"_qs, Need::Required, 1);
    if (version && *version > ScenarioRecord::FormatVersion) {
        m_r.problem(u"version"_qs,
            u"version %1 is newer than this Stackbench understands (%2)"_qs.arg(*version).arg(
                ScenarioRecord::FormatVersion));
        return false;
    }
    return true;
}

std::optional<ScenarioRecord> RecordParser::parse(const QJsonObject& o)
{
    if (!header(o))
        return std::nullopt;
    const auto before = m_r.problemCount();
    m_r.checkKeys(o, {},
        { u"format"_qs, u"version"_qs, u"repetition"_qs, u"stack"_qs, u"scenario"_qs, u"warmup"_qs,
            u"figure"_qs, u"metric"_qs, u"transport"_qs, u"status"_qs, u"reason"_qs, u"started_at"_qs,
            u"finished_at"_qs, u"summary"_qs, u"percentiles_ms"_qs, u"server"_qs, u"client"_qs,
            u"conformance"_qs, u"diagnostics"_qs, u"latency_hdr"_qs, u"ttfb_hdr"_qs, u"params"_qs,
            u"point"_qs, u"series"_qs });
    ScenarioRecord rec;
    rec.repetition = int(m_r.integer(o, {}, u"repetition"_qs, Need::Required, 1, 1000).value_or(1));
    rec.stack = m_r.string(o, {}, u"stack"_qs).value_or(QString());
    rec.scenarioId = m_r.string(o, {}, u"scenario"_qs).value_or(QString());
    rec.warmup = m_r.boolean(o, {}, u"warmup"_qs, Need::Required).value_or(false);
    rec.figure = int(m_r.integer(o, {}, u"figure"_qs, Need::Optional, 1, Constants::FigureCount).value_or(0));
    if (const auto m = m_r.string(o, {}, u"metric"_qs); m && !parseMetric(*m, &rec.metric))
        m_r.problem(u"metric"_qs, u"unknown metric \"%1\"; expected \"rps\" or \"mean_ms\""_qs.arg(*m));
    rec.transport = m_r.string(o, {}, u"transport"_qs, Need::Optional).value_or(QString());
    if (const auto s = m_r.string(o, {}, u"status"_qs)) {
        if (*s == u"failed")
            rec.status = ScenarioRecord::Status::Failed;
        else if (*s != u"ok")
            m_r.problem(u"status"_qs, u"must be \"ok\" or \"failed\" (got \"%1\")"_qs.arg(*s));
    }
    rec.reason
        = m_r.string(o, {}, u"reason"_qs, rec.ok() ? Need::Optional : Need::Required).value_or(QString());
    rec.startedAt = time(o, u"started_at"_qs).value_or(QDateTime());
    rec.finishedAt = time(o, u"finished_at"_qs).value_or(QDateTime());
    if (const auto s = m_r.object(o, {}, u"summary"_qs, rec.ok() ? Need::Required : Need::Optional))
        summary(*s, rec);
    if (const auto p = m_r.array(o, {}, u"percentiles_ms"_qs, Need::Optional))
        percentiles(*p, rec);
    if (const auto s = m_r.object(o, {}, u"server"_qs, Need::Optional))
        server(*s, rec);
    if (const auto c = m_r.object(o, {}, u"client"_qs, Need::Optional))
        client(*c, rec);
    if (const auto c = m_r.object(o, {}, u"conformance"_qs, Need::Optional))
        conformance(*c, rec);
    if (const auto d = m_r.object(o, {}, u"diagnostics"_qs, Need::Optional))
        rec.diagnostics
            = ScenarioDiagnostics::fromJson(m_r, *d, u"diagnostics"_qs).value_or(ScenarioDiagnostics {});
    rec.latencyHdr = histogram(o, u"latency_hdr"_qs);
    rec.ttfbHdr = histogram(o, u"ttfb_hdr"_qs);
    if (const auto p = m_r.object(o, {}, u"params"_qs, Need::Optional))
        for (auto it = p->begin(); it != p->end(); ++it)
            if (const auto v = m_r.string(*p, u"params"_qs, it.key()))
                rec.params.insert(it.key(), *v);
    if (const auto p = m_r.object(o, {}, u"point"_qs, Need::Optional))
        for (auto it = p->begin(); it != p->end(); ++it)
            if (const auto v = m_r.number(*p, u"point"_qs, it.key(), Need::Required, 0))
                rec.point.insert(it.key(), *v);
    if (const auto s = m_r.object(o, {}, u"series"_qs, Need::Optional))
        rec.series = TimeSeries::fromJson(m_r, *s, u"series"_qs).value_or(TimeSeries {});
    return m_r.problemCount() == before ? std::optional(rec) : std::nullopt;
}

std::optional<QDateTime> RecordParser::time(const QJsonObject& o, const QString& key)
{
    const auto text = m_r.string(o, {}, key, Need::Optional);
    if (!text || text->isEmpty())
        return std::nullopt;
    const auto t = QDateTime::fromString(*text, Qt::ISODateWithMs);
    if (!t.isValid())
        m_r.problem(key, u"must be an ISO 8601 date and time (got \"%1\")"_qs.arg(*text));
    return t;
}

void RecordParser::summary(const QJsonObject& o, ScenarioRecord& rec)
{
    // Summary::fromJson() reads leniently; check the types here so a damaged file is reported.
    const QString path = u"summary"_qs;
    const auto before = m_r.problemCount();
    m_r.integer(o, path, u"requests"_qs, Need::Required, 0);
    m_r.number(o, path, u"rps"_qs, Need::Required, 0);
    m_r.number(o, path, u"duration_s"_qs, Need::Required, 0);
    m_r.string(o, path, u"transport"_qs, Need::Optional);
    for (const auto* key : { u"bytes_received", u"dropped_iterations" })
        m_r.integer(o, path, QString::fromUtf16(key), Need::Optional, 0);
    for (const auto* key : { u"client_cpu_percent", u"queue_ms_mean", u"error_rate" })
        m_r.number(o, path, QString::fromUtf16(key), Need::Optional, 0);
    if (const auto e = m_r.object(o, path, u"errors"_qs)) {
        const auto epath = JsonReader::join(path, u"errors"_qs);
        for (const auto* key : { u"connect", u"timeout", u"reset", u"http_4xx", u"http_5xx", u"parse" })
            m_r.integer(*e, epath, QString::fromUtf16(key), Need::Optional, 0);
    }
    if (const auto l = m_r.object(o, path, u"latency_ms"_qs))
        latency(*l, JsonReader::join(path, u"latency_ms"_qs));
    if (const auto l = m_r.object(o, path, u"ttfb_ms"_qs, Need::Optional))
        latency(*l, JsonReader::join(path, u"ttfb_ms"_qs));
    if (const auto s = m_r.object(o, path, u"status"_qs, Need::Optional)) {
        const auto spath = JsonReader::join(path, u"status"_qs);
        for (auto it = s->begin(); it != s->end(); ++it) {
            bool ok = false;
            const int code = it.key().toInt(&ok);
            if (!ok || code < 100 || code > 599)
                m_r.problem(JsonReader::join(spath, it.key()), u"is not an HTTP status code (100..599)"_qs);
            m_r.integerValue(it.value(), JsonReader::join(spath, it.key()), 0);
        }
    }
    if (m_r.problemCount() == before)
        rec.summary = Summary::fromJson(o);
}

void RecordParser::latency(const QJsonObject& o, const QString& path)
{
    m_r.number(o, path, u"mean"_qs, Need::Required, 0);
    for (const auto* key : { u"min", u"max", u"p50", u"p90", u"p95", u"p99", u"stddev" })
        m_r.number(o, path, QString::fromUtf16(key), Need::Optional, 0);
}

void RecordParser::percentiles(const QJsonArray& a, ScenarioRecord& rec)
{
    for (qsizetype i = 0; i < a.size(); ++i) {
        const auto path = JsonReader::index(u"percentiles_ms"_qs, i);
        const auto o = m_r.objectValue(a.at(i), path);
        if (!o)
            continue;
        m_r.checkKeys(*o, path, { u"q"_qs, u"ms"_qs });
        const auto q = m_r.number(*o, path, u"q"_qs, Need::Required, 0, 100);
        const auto ms = m_r.number(*o, path, u"ms"_qs, Need::Required, 0);
        if (q && ms)
            rec.percentiles.append({ *q, *ms });
    }
}

/// An HdrHistogram string is checked by decoding it, so that aggregates can trust what was read.
QString RecordParser::histogram(const QJsonObject& o, const QString& key)
{
    const auto text = m_r.string(o, {}, key, Need::Optional);
    if (!text)
        return {};
    QString error;
    if (!hdrcodec::decode(*text, &error)) {
        m_r.problem(key, u"is not a histogram in HdrHistogram's compressed encoding: "_qs + error);
        return {};
    }
    return *text;
}

void RecordParser::server(const QJsonObject& o, ScenarioRecord& rec)
{
    const QString path = u"server"_qs;
    m_r.checkKeys(o, path,
        { u"cpu_percent_mean"_qs, u"cpu_percent_max"_qs, u"rss_mb_mean"_qs, u"rss_mb_max"_qs,
            u"samples"_qs });
    auto& s = rec.server;
    s.cpuPercentMean = m_r.number(o, path, u"cpu_percent_mean"_qs, Need::Optional, -1).value_or(-1);
    s.cpuPercentMax = m_r.number(o, path, u"cpu_percent_max"_qs, Need::Optional, -1).value_or(-1);
    s.rssMbMean = m_r.number(o, path, u"rss_mb_mean"_qs, Need::Optional, -1).value_or(-1);
    s.rssMbMax = m_r.number(o, path, u"rss_mb_max"_qs, Need::Optional, -1).value_or(-1);
    s.samples = int(
        m_r.integer(o, path, u"samples"_qs, Need::Optional, 0, std::numeric_limits<int>::max()).value_or(0));
}

void RecordParser::client(const QJsonObject& o, ScenarioRecord& rec)
{
    const QString path = u"client"_qs;
    m_r.checkKeys(
        o, path, { u"cpu_percent"_qs, u"queue_ms_mean"_qs, u"dropped_iterations"_qs, u"client_bound"_qs });
    auto& c = rec.client;
    c.cpuPercent = m_r.number(o, path, u"cpu_percent"_qs, Need::Optional, 0).value_or(0);
    c.queueMsMean = m_r.number(o, path, u"queue_ms_mean"_qs, Need::Optional, 0).value_or(0);
    c.droppedIterations = m_r.integer(o, path, u"dropped_iterations"_qs, Need::Optional, 0).value_or(0);
    c.clientBound = m_r.boolean(o, path, u"client_bound"_qs).value_or(false);
}

void RecordParser::conformance(const QJsonObject& o, ScenarioRecord& rec)
{
    const QString path = u"conformance"_qs;
    m_r.checkKeys(o, path, { u"checked"_qs, u"passed"_qs, u"problems"_qs });
    auto& c = rec.conformance;
    c.checked = m_r.boolean(o, path, u"checked"_qs).value_or(false);
    c.passed = m_r.boolean(o, path, u"passed"_qs).value_or(false);
    if (const auto a = m_r.array(o, path, u"problems"_qs, Need::Optional)) {
        for (qsizetype i = 0; i < a->size(); ++i)
            if (const auto s
                = m_r.stringValue(a->at(i), JsonReader::index(JsonReader::join(path, u"problems"_qs), i)))
                c.problems << *s;
    }
}
} // namespace

std::optional<ScenarioRecord> ScenarioRecord::fromJson(JsonReader& reader, const QJsonObject& o)
{
    return RecordParser(reader).parse(o);
}
