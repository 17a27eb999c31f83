#include "k6summary.h"

#include "k6script.h"
#include "plan/jsonreader.h"

#include <cmath>

using Need = JsonReader::Need;

namespace {
class K6SummaryReader
{
public:
    explicit K6SummaryReader(const QString& fileName)
        : m_r(fileName)
    {
    }
    K6SummaryParse read(const QByteArray& json);

private:
    std::optional<QJsonObject> metric(const QString& name, Need need);
    std::optional<double> value(const QJsonObject& m, const QString& name, const QString& key, Need need);
    void requests(K6Summary& s);
    void duration(K6Summary& s);
    std::optional<LatencyStats> trend(const QString& name, Need need, bool* hasP99);
    void failures(K6Summary& s);
    void errorClasses(K6Summary& s);
    qint64 count(const QString& name);

    JsonReader m_r;
    QJsonObject m_root;
    QJsonObject m_metrics;
    QStringList m_warnings;
};

// handleSummary() data nests a metric's numbers under "values"; --summary-export does not.
std::optional<QJsonObject> K6SummaryReader::metric(const QString& name, Need need)
{
    auto m = m_r.object(m_metrics, u"metrics"_qs, name, need);
    if (m && m->value(u"values"_qs).isObject())
        return m->value(u"values"_qs).toObject();
    return m;
}

std::optional<double> K6SummaryReader::value(
    const QJsonObject& m, const QString& name, const QString& key, Need need)
{
    return m_r.number(m, JsonReader::join(u"metrics"_qs, name), key, need, 0);
}

void K6SummaryReader::requests(K6Summary& s)
{
    const auto m = metric(u"http_reqs"_qs, Need::Required);
    if (!m)
        return;
    const auto n = value(*m, u"http_reqs"_qs, u"count"_qs, Need::Required);
    s.rps = value(*m, u"http_reqs"_qs, u"rate"_qs, Need::Required).value_or(0);
    s.requests = qint64(std::llround(n.value_or(0)));
    if (n && s.requests == 0)
        m_r.problem(
            u"metrics.http_reqs.count"_qs, u"is 0: k6 made no requests, there is nothing to import"_qs);
}

void K6SummaryReader::duration(K6Summary& s)
{
    const auto state = m_root.value(u"state"_qs).toObject();
    const double ms = state.value(u"testRunDurationMs"_qs).toDouble();
    s.durationS = ms > 0 ? ms / 1000.0 : s.rps > 0 ? double(s.requests) / s.rps : 0;
}

std::optional<LatencyStats> K6SummaryReader::trend(const QString& name, Need need, bool* hasP99)
{
    const auto m = metric(name, need);
    if (!m)
        return std::nullopt;
    const auto before = m_r.problemCount();
    LatencyStats l;
    l.mean = value(*m, name, u"avg"_qs, Need::Required).value_or(0);
    l.min = value(*m, name, u"min"_qs, Need::Required).value_or(0);
    l.max = value(*m, name, u"max"_qs, Need::Required).value_or(0);
    l.p50 = value(*m, name, u"med"_qs, Need::Required).value_or(0);
    l.p90 = value(*m, name, u"p(90)"_qs, Need::Optional).value_or(0);
    l.p95 = value(*m, name, u"p(95)"_qs, Need::Optional).value_or(0);
    const auto p99 = value(*m, name, u"p(99)"_qs, Need::Optional);
    l.p99 = p99.value_or(0);
    if (hasP99)
        *hasP99 = p99.has_value();
    if (m_r.problemCount() == before && (l.min > l.mean || l.mean > l.max))
        m_r.problem(JsonReader::join(u"metrics"_qs, name), u"avg must lie between min and max"_qs);
    return m_r.problemCount() == before ? std::optional(l) : std::nullopt;
}

void K6SummaryReader::failures(K6Summary& s)
{
    const auto m = metric(u"http_req_failed"_qs, Need::Optional);
    if (!m) {
        m_warnings << u"metrics.http_req_failed is absent: no failed requests recorded"_qs;
        return;
    }
    const auto passes = value(*m, u"http_req_failed"_qs, u"passes"_qs, Need::Optional);
    // --summary-export calls the failed fraction "value"; handleSummary() data calls it "rate".
    const QString key = m->contains(u"value"_qs) ? u"value"_qs : u"rate"_qs;
    const auto rate = m_r.number(*m, u"metrics.http_req_failed"_qs, key, Need::Optional, 0, 1);
    s.failed = passes ? qint64(std::llround(*passes))
                      : qint64(std::llround(rate.value_or(0) * double(s.requests)));
    if (s.failed > s.requests)
        m_r.problem(u"metrics.http_req_failed.passes"_qs,
            u"%1 failed requests is more than the %2 made"_qs.arg(s.failed).arg(s.requests));
}

void K6SummaryReader::errorClasses(K6Summary& s)
{
    const QString prefix = k6ErrorCounterPrefix();
    const QStringList names = m_metrics.keys();
    if (std::none_of(names.cbegin(), names.cend(), [&](const QString& k) { return k.startsWith(prefix); })) {
        if (s.failed > 0)
            m_warnings
                << u"no %1* counters (not an export-k6 script): the %2 failed requests count as http_4xx"_qs
                       .arg(prefix)
                       .arg(s.failed);
        return;
    }
    ErrorCounts e;
    e.connect = count(prefix + u"connect"_qs);
    e.timeout = count(prefix + u"timeout"_qs);
    e.reset = count(prefix + u"reset"_qs);
    e.http4xx = count(prefix + u"http_4xx"_qs);
    e.http5xx = count(prefix + u"http_5xx"_qs);
    e.parse = count(prefix + u"parse"_qs);
    if (e.total() > s.failed) {
        m_r.problem(u"metrics"_qs,
            u"the %1* counters add up to %2, more than the %3 failed requests"_qs.arg(prefix)
                .arg(e.total())
                .arg(s.failed));
        return;
    }
    if (const qint64 unclassified = s.failed - e.total(); unclassified > 0) {
        m_warnings
            << u"%1 failed requests have no error class (an unexpected 2xx or 3xx status): counted as http_4xx"_qs
                   .arg(unclassified);
        e.http4xx += unclassified;
    }
    s.errorClasses = e;
}

qint64 K6SummaryReader::count(const QString& name)
{
    const auto m = metric(name, Need::Optional);
    return m ? qint64(std::llround(value(*m, name, u"count"_qs, Need::Optional).value_or(0))) : 0;
}

K6SummaryParse K6SummaryReader::read(const QByteArray& json)
{
    K6SummaryParse result;
    const auto root = m_r.parseObject(json);
    if (root) {
        m_root = *root;
        if (const auto metrics = m_r.object(m_root, {}, u"metrics"_qs)) {
            m_metrics = *metrics;
            K6Summary s;
            requests(s);
            duration(s);
            s.latency = trend(u"http_req_duration"_qs, Need::Required, &s.hasP99).value_or(LatencyStats());
            s.ttfb = trend(u"http_req_waiting"_qs, Need::Optional, nullptr);
            failures(s);
            errorClasses(s);
            s.iterations = count(u"iterations"_qs);
            s.droppedIterations = count(u"dropped_iterations"_qs);
            s.bytesReceived = count(u"data_received"_qs);
            if (const auto vus = metric(u"vus_max"_qs, Need::Optional))
                s.vusMax = int(value(*vus, u"vus_max"_qs, u"value"_qs, Need::Optional).value_or(0));
            if (!s.hasP99)
                m_warnings << u"metrics.http_req_duration has no p(99): recorded as 0 (export with "
                              u"--summary-trend-stats including p(99); export-k6 scripts do)"_qs;
            if (m_r.ok())
                result.summary = s;
        } else {
            m_r.problem({}, u"this is not a k6 --summary-export file (expected {\"metrics\": {...}})"_qs);
        }
    }
    result.problems = m_r.problems();
    result.warnings = m_warnings;
    return result;
}
} // namespace

K6SummaryParse parseK6Summary(const QByteArray& json, const QString& fileName)
{
    return K6SummaryReader(fileName).read(json);
}

Summary toSummary(const K6Summary& k6)
{
    Summary s;
    s.transport = u"k6"_qs;
    s.requests = k6.requests;
    s.rps = k6.rps;
    s.durationS = k6.durationS;
    s.latency = k6.latency;
    s.ttfb = k6.ttfb.value_or(LatencyStats());
    if (k6.errorClasses)
        s.errors = *k6.errorClasses;
    else
        s.errors.http4xx = k6.failed;
    s.bytesReceived = k6.bytesReceived;
    s.droppedIterations = k6.droppedIterations;
    return s;
}

QList<PercentilePoint> percentilePoints(const K6Summary& k6)
{
    const auto& l = k6.latency;
    // An absent p(90)/p(95)/p(99) reads as 0; no real latency is exactly 0 ms, so leave those out.
    QList<PercentilePoint> points { { 0, l.min }, { 50, l.p50 } };
    const std::pair<double, double> exported[] = { { 90, l.p90 }, { 95, l.p95 }, { 99, l.p99 } };
    for (const auto& [q, ms] : exported)
        if (ms > 0)
            points.append({ q, ms });
    points.append({ 100, l.max });
    return points;
}
