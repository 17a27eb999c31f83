#include "export.h"

#include "atomicfile.h"

#include <QJsonDocument>

namespace {
QString csvField(const QString& s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r'))
        return s;
    return u'"' + QString(s).replace(u"\""_qs, u"\"\""_qs) + u'"';
}

QString numberText(double v)
{
    return QString::number(v, 'g', 12);
}

struct Observation
{
    const char16_t* metric;
    double value;
    const char16_t* unit;
};

QList<Observation> observations(const ScenarioRecord& r, int expectedStatus)
{
    const auto& s = r.summary;
    const qint64 errors = countErrors(s, expectedStatus);
    QList<Observation> list = {
        { u"rps", s.rps, u"req/s" },
        { u"mean_ms", s.latency.mean, u"ms" },
        { u"p50_ms", s.latency.p50, u"ms" },
        { u"p90_ms", s.latency.p90, u"ms" },
        { u"p95_ms", s.latency.p95, u"ms" },
        { u"p99_ms", s.latency.p99, u"ms" },
        { u"max_ms", s.latency.max, u"ms" },
        { u"requests", double(s.requests), u"count" },
        { u"errors", double(errors), u"count" },
        { u"error_rate", s.requests ? double(errors) / double(s.requests) : 0.0, u"ratio" },
    };
    if (r.server.known()) {
        list.append({ u"server_cpu_percent", r.server.cpuPercentMean, u"%" });
        list.append({ u"server_rss_mb", r.server.rssMbMean, u"MB" });
    }
    list.append({ u"client_cpu_percent", r.client.cpuPercent, u"%" });
    list.append({ u"queue_ms_mean", r.client.queueMsMean, u"ms" });
    list.append({ u"dropped_iterations", double(r.client.droppedIterations), u"count" });
    return list;
}
} // namespace

QStringList csvColumns()
{
    return { u"repetition"_qs, u"stack"_qs, u"scenario"_qs, u"figure"_qs, u"metric"_qs, u"value"_qs,
        u"unit"_qs };
}

QByteArray resultsCsv(const ResultsFolder& folder)
{
    QString out = csvColumns().join(u',') + u"\r\n"_qs;
    const std::optional<Plan> plan
        = folder.manifest ? std::optional<Plan>(folder.manifest->expandedPlan()) : std::nullopt;
    for (const auto& r : folder.records) {
        if (!r.ok() || r.warmup)
            continue;
        const Scenario* scenario = plan ? plan->scenario(r.scenarioId) : nullptr;
        const int expected = scenario ? scenario->expectedStatus : 200;
        const int figure = scenario ? scenario->figure : r.figure;
        const QString prefix = QString::number(r.repetition) + u',' + csvField(r.stack) + u','
            + csvField(r.scenarioId) + u',' + (figure ? QString::number(figure) : QString()) + u',';
        for (const auto& o : observations(r, expected))
            out += prefix + QString::fromUtf16(o.metric) + u',' + numberText(o.value) + u','
                + QString::fromUtf16(o.unit) + u"\r\n"_qs;
    }
    return out.toUtf8();
}

QByteArray aggregatesJson(const Aggregates& aggregates)
{
    return QJsonDocument(aggregates.toJson()).toJson(QJsonDocument::Indented);
}

QString exportCsv(const ResultsFolder& folder, const QString& path)
{
    return writeFileAtomically(path, resultsCsv(folder));
}

QString exportAggregatesJson(const Aggregates& aggregates, const QString& path)
{
    return writeFileAtomically(path, aggregatesJson(aggregates));
}
