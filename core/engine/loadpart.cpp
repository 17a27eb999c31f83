#include "loadpart.h"

#include "metrics/hdrcodec.h"
#include "plan/jsonreader.h"

#include <QJsonArray>

using Need = JsonReader::Need;

QJsonObject loadIdentity(const LoadSpec& s)
{
    return { { u"url"_qs, s.baseUrl.toString() }, { u"request"_qs, s.request.toJson() },
        { u"executor"_qs, toString(s.executor) }, { u"vus"_qs, s.vus },
        { u"duration_ms"_qs, qint64(s.duration.count()) }, { u"iterations"_qs, s.iterations },
        { u"rate"_qs, s.rate }, { u"pre_allocated_vus"_qs, s.preAllocatedVus }, { u"max_vus"_qs, s.maxVus },
        { u"max_duration_ms"_qs, qint64(s.maxDuration.count()) },
        { u"timeout_ms"_qs, qint64(s.timeout.count()) }, { u"transport"_qs, toString(s.transport) } };
}

QJsonObject LoadPart::toJson() const
{
    QJsonObject o { { u"format"_qs, u"stackbench-load-part"_qs }, { u"version"_qs, FormatVersion },
        { u"load"_qs, load }, { u"segment"_qs, segment.toString() }, { u"sequence"_qs, sequence },
        { u"started_at"_qs, startedAt.toUTC().toString(Qt::ISODateWithMs) },
        { u"finished_at"_qs, finishedAt.toUTC().toString(Qt::ISODateWithMs) },
        { u"summary"_qs, summary.toJson() }, { u"client_bound"_qs, clientBound } };
    if (latency.count())
        o.insert(u"latency_hdr"_qs, hdrcodec::encode(latency));
    if (ttfb.count())
        o.insert(u"ttfb_hdr"_qs, hdrcodec::encode(ttfb));
    return o;
}

std::optional<LoadPart> LoadPart::fromJson(JsonReader& r, const QJsonObject& o)
{
    const auto before = r.problemCount();
    if (const auto format = r.string(o, {}, u"format"_qs); format && *format != u"stackbench-load-part") {
        r.problem(u"format"_qs,
            u"expected \"stackbench-load-part\", got \"%1\": not a part of a load"_qs.arg(*format));
        return std::nullopt;
    }
    if (const auto v = r.integer(o, {}, u"version"_qs, Need::Required, 1); v && *v > FormatVersion) {
        r.problem(u"version"_qs,
            u"version %1 is newer than this Stackbench understands (%2)"_qs.arg(*v).arg(FormatVersion));
        return std::nullopt;
    }
    r.checkKeys(o, {},
        { u"format"_qs, u"version"_qs, u"load"_qs, u"segment"_qs, u"sequence"_qs, u"started_at"_qs,
            u"finished_at"_qs, u"summary"_qs, u"latency_hdr"_qs, u"ttfb_hdr"_qs, u"client_bound"_qs });
    LoadPart p;
    p.load = r.object(o, {}, u"load"_qs).value_or(QJsonObject {});
    if (const auto text = r.string(o, {}, u"segment"_qs)) {
        QString error;
        if (const auto seg = ExecutionSegment::parse(*text, &error))
            p.segment = *seg;
        else
            r.problem(u"segment"_qs, error);
    }
    p.sequence = r.string(o, {}, u"sequence"_qs).value_or(QString());
    for (const auto& [key, target] :
        { std::pair { u"started_at"_qs, &p.startedAt }, std::pair { u"finished_at"_qs, &p.finishedAt } }) {
        if (const auto text = r.string(o, {}, key)) {
            *target = QDateTime::fromString(*text, Qt::ISODateWithMs);
            if (!target->isValid())
                r.problem(key, u"\"%1\" is not an ISO 8601 time"_qs.arg(*text));
        }
    }
    if (const auto s = r.object(o, {}, u"summary"_qs))
        p.summary = Summary::fromJson(*s);
    for (const auto& [key, target] :
        { std::pair { u"latency_hdr"_qs, &p.latency }, std::pair { u"ttfb_hdr"_qs, &p.ttfb } }) {
        if (const auto text = r.string(o, {}, key, Need::Optional)) {
            if (const auto h = hdrcodec::decode(*text))
                *target = *h;
            else
                r.problem(key, u"is not a histogram in HdrHistogram's compressed encoding"_qs);
        }
    }
    p.clientBound = r.boolean(o, {}, u"client_bound"_qs).value_or(false);
    if (r.problemCount() != before)
        return std::nullopt;
    return p;
}

std::optional<MergedLoad> mergeParts(
    const QList<LoadPart>& parts, const QStringList& names, QStringList* problems)
{
    const auto name = [&](qsizetype i) { return names.value(i, u"part %1"_qs.arg(i + 1)); };
    const qsizetype before = problems->size();
    if (parts.isEmpty()) {
        *problems << u"no part to merge"_qs;
        return std::nullopt;
    }
    const LoadPart& first = parts.first();
    QString error;
    const auto sequence = SegmentSequence::parse(first.sequence, &error);
    if (!sequence)
        *problems << u"%1: its sequence %2 does not read: %3"_qs.arg(name(0), first.sequence, error);
    QList<qsizetype> seen(sequence ? sequence->size() : 0, -1);
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const LoadPart& p = parts.at(i);
        if (p.load != first.load)
            *problems << u"%1 is a part of another load than %2 (target, request, executor or load differ)"_qs
                             .arg(name(i), name(0));
        if (p.sequence != first.sequence)
            *problems << u"%1 splits the load as %2, %3 as %4"_qs.arg(
                name(i), p.sequence, name(0), first.sequence);
        if (!sequence)
            continue;
        const qsizetype at = sequence->indexOf(p.segment);
        if (at < 0)
            *problems << u"%1: its segment %2 is not one of %3"_qs.arg(
                name(i), p.segment.toString(), first.sequence);
        else if (seen[at] >= 0)
            *problems << u"the segment %1 is there twice: %2 and %3"_qs.arg(
                p.segment.toString(), name(seen[at]), name(i));
        else
            seen[at] = i;
    }
    for (qsizetype s = 0; sequence && s < seen.size(); ++s)
        if (seen[s] < 0)
            *problems << u"the segment %1 of %2 is missing"_qs.arg(
                sequence->at(s).toString(), first.sequence);
    if (problems->size() != before)
        return std::nullopt;

    MergedLoad m;
    Summary& s = m.summary;
    s.transport = first.summary.transport;
    // Each part ends when its own load did (its start plus its measured duration), not when its process
    // had packed up: a single part merged gives back its own rate.
    const auto endOf
        = [](const LoadPart& p) { return p.startedAt.addMSecs(qint64(p.summary.durationS * 1000)); };
    QDateTime start = first.startedAt, end = endOf(first), latestStart = first.startedAt;
    double queueWeighted = 0;
    for (const LoadPart& p : parts) {
        s.requests += p.summary.requests;
        s.errors.merge(p.summary.errors);
        for (auto it = p.summary.statusCounts.cbegin(); it != p.summary.statusCounts.cend(); ++it)
            s.statusCounts[it.key()] += it.value();
        s.bytesReceived += p.summary.bytesReceived;
        s.droppedIterations += p.summary.droppedIterations;
        s.clientCpuPercent = std::max(s.clientCpuPercent, p.summary.clientCpuPercent);
        queueWeighted += p.summary.queueMsMean * double(p.summary.requests);
        m.latency.merge(p.latency);
        m.ttfb.merge(p.ttfb);
        m.clientBound = m.clientBound || p.clientBound;
        start = std::min(start, p.startedAt);
        latestStart = std::max(latestStart, p.startedAt);
        end = std::max(end, endOf(p));
    }
    s.durationS = double(start.msecsTo(end)) / 1000.0;
    s.rps = s.durationS > 0 ? double(s.requests) / s.durationS : 0;
    s.latency = LatencyStats::from(m.latency);
    s.ttfb = LatencyStats::from(m.ttfb);
    s.queueMsMean = s.requests ? queueWeighted / double(s.requests) : 0;
    if (const qint64 skew = start.msecsTo(latestStart); skew > 1000)
        m.warnings
            << u"the parts started up to %1 s apart, so the merged rate is spread over a longer window; give "
               "them a common start with --start-at"_qs.arg(double(skew) / 1000.0, 0, 'f', 1);
    return m;
}
