#include "loadspec.h"

#include "executortraits.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <thread>

QString toString(ExecutorKind k)
{
    return traitsOf(k).name;
}

QString toString(TransportKind k)
{
    return k == TransportKind::Socket ? u"socket"_qs : u"qnam"_qs;
}

bool parseExecutor(const QString& s, ExecutorKind* out)
{
    for (const ExecutorTraits& t : executorTraits()) {
        if (s == t.name) {
            *out = t.kind;
            return true;
        }
    }
    return false;
}

bool parseTransport(const QString& s, TransportKind* out)
{
    if (s == u"socket" || s == u"qnam") {
        *out = s == u"socket" ? TransportKind::Socket : TransportKind::Qnam;
        return true;
    }
    return false;
}

bool parseDuration(const QString& text, std::chrono::milliseconds* out)
{
    static const QRegularExpression part(u"(\\d+(?:\\.\\d+)?)(ms|s|m|h)"_qs);
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber) {
        if (seconds < 0)
            return false;
        *out = std::chrono::milliseconds(qint64(seconds * 1000));
        return true;
    }
    double ms = 0;
    qsizetype pos = 0;
    while (pos < text.size()) {
        const auto m = part.match(
            text, pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            return false;
        const double v = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        ms += unit == u"ms" ? v : unit == u"s" ? v * 1e3 : unit == u"m" ? v * 60e3 : v * 3600e3;
        pos = m.capturedEnd();
    }
    if (text.isEmpty())
        return false;
    *out = std::chrono::milliseconds(qint64(ms));
    return true;
}

QJsonObject RequestTemplate::toJson() const
{
    QJsonObject o { { u"method"_qs, QString::fromLatin1(method) }, { u"path"_qs, path } };
    if (!headers.isEmpty()) {
        QJsonObject h;
        for (const auto& [k, v] : headers)
            h.insert(QString::fromLatin1(k), QString::fromLatin1(v));
        o.insert(u"headers"_qs, h);
    }
    if (!body.isEmpty())
        o.insert(u"body"_qs, QString::fromUtf8(body));
    if (!idPool.isEmpty()) {
        QJsonArray pool;
        for (auto id : idPool)
            pool.append(id);
        o.insert(u"id_pool"_qs, pool);
    } else {
        o.insert(u"id_range"_qs, QJsonArray { idMin, idMax });
    }
    if (consumeIds)
        o.insert(u"consume_ids"_qs, true);
    return o;
}

RequestTemplate RequestTemplate::fromJson(const QJsonObject& o)
{
    RequestTemplate t;
    t.method = o.value(u"method"_qs).toString(u"GET"_qs).toLatin1().toUpper();
    t.path = o.value(u"path"_qs).toString(u"/"_qs);
    const auto h = o.value(u"headers"_qs).toObject();
    for (auto it = h.begin(); it != h.end(); ++it)
        t.headers.append({ it.key().toLatin1(), it.value().toString().toLatin1() });
    const auto body = o.value(u"body"_qs);
    t.body = body.isString() ? body.toString().toUtf8() : QByteArray();
    for (const auto& id : o.value(u"id_pool"_qs).toArray())
        t.idPool.append(id.toInteger());
    const auto range = o.value(u"id_range"_qs).toArray();
    if (range.size() == 2) {
        t.idMin = range.at(0).toInteger();
        t.idMax = range.at(1).toInteger();
    }
    t.consumeIds = o.value(u"consume_ids"_qs).toBool();
    return t;
}

QStringList LoadSpec::validate() const
{
    QStringList problems;
    if (!baseUrl.isValid() || baseUrl.host().isEmpty())
        problems << u"the target URL must be absolute, like http://127.0.0.1:8000"_qs;
    else if (baseUrl.scheme() != u"http" && baseUrl.scheme() != u"https")
        problems << u"the target URL must use http or https, not '"_qs + baseUrl.scheme() + u"'"_qs;
    else if (transport == TransportKind::Socket && baseUrl.scheme() == u"https")
        problems << u"the socket transport speaks plain HTTP only; use --transport qnam for https"_qs;
    if (!request.path.startsWith(u'/'))
        problems << u"the request path must start with '/'"_qs;
    if (request.method.isEmpty())
        problems << u"the request method is empty"_qs;
    if (request.idPool.isEmpty() && request.idMax < request.idMin)
        problems << u"the id range is empty (max is below min)"_qs;
    if (timeout.count() <= 0)
        problems << u"the request timeout must be positive"_qs;
    if (threads < 1)
        problems << u"at least one worker thread is needed"_qs;
    for (int cpu : cpuAffinity)
        if (const int cpus = int(std::thread::hardware_concurrency()); cpu < 0 || (cpus > 0 && cpu >= cpus))
            problems << u"CPU %1 does not exist here (CPUs 0 to %2)"_qs.arg(cpu).arg(cpus - 1);
    const ExecutorTraits& t = traitsOf(executor);
    if (!t.arrival && vus < 1)
        problems << t.name + u" needs at least 1 VU"_qs;
    if (t.arrival && rate <= 0)
        problems << t.name + u" needs a positive rate"_qs;
    if (t.timed && duration.count() <= 0)
        problems << t.name + u" needs a positive duration"_qs;
    if (t.arrival && std::max({ vus, preAllocatedVus, maxVus }) < 1)
        problems << t.name + u" needs at least 1 VU"_qs;
    if (!t.timed && iterations < 1)
        problems << t.name + u" needs at least 1 iteration"_qs;
    if (request.consumeIds && !request.idPool.isEmpty()) {
        const qint64 needed = plannedIterations(executor, vus, iterations);
        if (!t.timed && needed > request.idPool.size())
            problems << u"the id pool holds %1 ids but %2 iterations consume one each"_qs
                            .arg(request.idPool.size())
                            .arg(needed);
    }
    if (isSegmented()) {
        QString error;
        if (!segmentation(&error))
            problems << error;
    }
    return problems;
}

std::optional<std::pair<SegmentSequence, qsizetype>> LoadSpec::segmentation(QString* error) const
{
    std::optional<SegmentSequence> sequence = segmentSequence.isEmpty()
        ? std::optional(SegmentSequence::around(segment))
        : SegmentSequence::parse(segmentSequence, error);
    if (!sequence)
        return std::nullopt;
    if (!sequence->isValid()) {
        if (error)
            *error
                = u"the segment %1 needs a common denominator above a million; use simpler fractions"_qs.arg(
                    segment.toString());
        return std::nullopt;
    }
    const qsizetype index = sequence->indexOf(segment);
    if (index < 0) {
        if (error)
            *error = u"the segment %1 is not one of the sequence %2"_qs.arg(
                segment.toString(), sequence->toString());
        return std::nullopt;
    }
    return std::pair { *sequence, index };
}

LoadSpec LoadSpec::segmentShare() const
{
    LoadSpec share = *this;
    const auto seg = segmentation();
    if (!isSegmented() || !seg)
        return share;
    const SegmentSequence& sequence = seg->first;
    const qsizetype i = seg->second;
    const auto scaled = [&](qint64 v) { return sequence.scale(i, v); };
    switch (executor) {
    case ExecutorKind::ConstantVus:
    case ExecutorKind::PerVuIterations:
        share.vus = int(scaled(vus));
        break;
    case ExecutorKind::SharedIterations:
        share.iterations = scaled(iterations);
        share.vus = share.iterations > 0 ? std::max<int>(1, int(scaled(vus))) : 0;
        share.vus = int(std::min<qint64>(share.vus, std::max<qint64>(share.iterations, 1)));
        break;
    case ExecutorKind::ConstantArrivalRate:
        share.vus = std::max<int>(1, int(scaled(vus)));
        share.preAllocatedVus = std::max<int>(1, int(scaled(preAllocatedVus)));
        share.maxVus = maxVus > 0 ? std::max<int>(share.preAllocatedVus, int(scaled(maxVus))) : 0;
        break;
    }
    return share;
}

bool LoadSpec::hasWork() const
{
    const ExecutorTraits& t = traitsOf(executor);
    if (t.arrival)
        return rate > 0;
    return vus > 0 && (t.timed || iterations > 0);
}
