#include "timeseries.h"

#include "plan/jsonreader.h"

#include <QJsonArray>
#include <algorithm>
#include <array>
#include <cmath>

namespace {
using Need = JsonReader::Need;

/// The error classes as results files name them (ErrorCounts::toJson()).
const std::array<std::pair<const char16_t*, qint64 ErrorCounts::*>, 6> ErrorClasses = { {
    { u"connect", &ErrorCounts::connect },
    { u"timeout", &ErrorCounts::timeout },
    { u"reset", &ErrorCounts::reset },
    { u"http_4xx", &ErrorCounts::http4xx },
    { u"http_5xx", &ErrorCounts::http5xx },
    { u"parse", &ErrorCounts::parse },
} };

/// Two decimals are plenty for a chart, and keep the file small.
double rounded(double v)
{
    return std::abs(v) < 1e12 ? std::round(v * 100) / 100 : v;
}

/// The weighted mean of two values where -1 means unknown: the known one when only one is.
double meanOfKnown(double a, int wa, double b, int wb)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return (a * wa + b * wb) / (wa + wb);
}

/// Two neighbouring buckets as one (see TimeSeries).
TimeSeries::Point merged(const TimeSeries::Point& a, const TimeSeries::Point& b)
{
    const int wa = a.parts, wb = b.parts;
    TimeSeries::Point m = b;
    m.parts = wa + wb;
    m.rps = (a.rps * wa + b.rps * wb) / m.parts;
    m.p50Ms = std::max(a.p50Ms, b.p50Ms);
    m.p95Ms = std::max(a.p95Ms, b.p95Ms);
    m.p99Ms = std::max(a.p99Ms, b.p99Ms);
    m.errors = a.errors;
    m.errors.merge(b.errors);
    m.clientCpuPercent = (a.clientCpuPercent * wa + b.clientCpuPercent * wb) / m.parts;
    m.serverCpuPercent = meanOfKnown(a.serverCpuPercent, wa, b.serverCpuPercent, wb);
    m.serverRssMb = meanOfKnown(a.serverRssMb, wa, b.serverRssMb, wb);
    m.foreignCpuPercent = meanOfKnown(a.foreignCpuPercent, wa, b.foreignCpuPercent, wb);
    if (a.workerCpuPercent.size() == b.workerCpuPercent.size()) { // the same workers: average them
        for (qsizetype i = 0; i < m.workerCpuPercent.size(); ++i)
            m.workerCpuPercent[i] = (a.workerCpuPercent[i] * wa + b.workerCpuPercent[i] * wb) / m.parts;
    }
    if (a.workerConnections.size() == b.workerConnections.size()) {
        for (qsizetype i = 0; i < m.workerConnections.size(); ++i)
            m.workerConnections[i] = std::max(a.workerConnections[i], b.workerConnections[i]);
    }
    return m;
}

template<typename F> QJsonArray column(const QList<TimeSeries::Point>& points, F value)
{
    QJsonArray a;
    for (const TimeSeries::Point& p : points)
        a.append(value(p));
    return a;
}

template<typename T> QJsonArray listJson(const QList<T>& values)
{
    QJsonArray a;
    for (T v : values)
        a.append(std::is_floating_point_v<T> ? rounded(double(v)) : double(v));
    return a;
}
} // namespace

void TimeSeries::append(const Point& point)
{
    Point p = point;
    p.parts = 1;
    const int perBucket = int(std::lround(bucketS / SnapshotS));
    if (!points.isEmpty() && points.last().parts < perBucket) {
        points.last() = merged(points.last(), p);
        return;
    }
    points << p;
    if (points.size() <= MaxPoints)
        return;
    QList<Point> halved;
    halved.reserve(points.size() / 2 + 1);
    for (qsizetype i = 0; i < points.size(); i += 2)
        halved << (i + 1 < points.size() ? merged(points[i], points[i + 1]) : points[i]);
    points = halved;
    bucketS *= 2;
}

QJsonObject TimeSeries::toJson() const
{
    QJsonObject errors;
    for (const auto& [name, member] : ErrorClasses) {
        const bool any = std::any_of(
            points.cbegin(), points.cend(), [m = member](const Point& p) { return p.errors.*m > 0; });
        if (any)
            errors.insert(QString::fromUtf16(name),
                column(points, [m = member](const Point& p) { return double(p.errors.*m); }));
    }
    return {
        { u"bucket_s"_qs, bucketS },
        { u"t"_qs, column(points, [](const Point& p) { return rounded(p.t); }) },
        { u"rps"_qs, column(points, [](const Point& p) { return rounded(p.rps); }) },
        { u"p50_ms"_qs, column(points, [](const Point& p) { return rounded(p.p50Ms); }) },
        { u"p95_ms"_qs, column(points, [](const Point& p) { return rounded(p.p95Ms); }) },
        { u"p99_ms"_qs, column(points, [](const Point& p) { return rounded(p.p99Ms); }) },
        { u"errors"_qs, errors },
        { u"vus"_qs, column(points, [](const Point& p) { return p.activeVus; }) },
        { u"client_cpu"_qs, column(points, [](const Point& p) { return rounded(p.clientCpuPercent); }) },
        { u"server_cpu"_qs, column(points, [](const Point& p) { return rounded(p.serverCpuPercent); }) },
        { u"server_rss_mb"_qs, column(points, [](const Point& p) { return rounded(p.serverRssMb); }) },
        { u"foreign_cpu"_qs, column(points, [](const Point& p) { return rounded(p.foreignCpuPercent); }) },
        { u"worker_cpu"_qs, column(points, [](const Point& p) { return listJson(p.workerCpuPercent); }) },
        { u"worker_connections"_qs,
            column(points, [](const Point& p) { return listJson(p.workerConnections); }) },
    };
}

std::optional<TimeSeries> TimeSeries::fromJson(JsonReader& r, const QJsonObject& o, const QString& path)
{
    const auto before = r.problemCount();
    r.checkKeys(o, path,
        { u"bucket_s"_qs, u"t"_qs, u"rps"_qs, u"p50_ms"_qs, u"p95_ms"_qs, u"p99_ms"_qs, u"errors"_qs,
            u"vus"_qs, u"client_cpu"_qs, u"server_cpu"_qs, u"server_rss_mb"_qs, u"foreign_cpu"_qs,
            u"worker_cpu"_qs, u"worker_connections"_qs });
    TimeSeries s;
    s.bucketS = r.number(o, path, u"bucket_s"_qs, Need::Required, SnapshotS, 1e6).value_or(SnapshotS);
    const auto t = r.array(o, path, u"t"_qs);
    if (!t)
        return std::nullopt;
    if (t->size() > MaxPoints) {
        r.problem(
            JsonReader::join(path, u"t"_qs), u"holds %1 points; at most %2"_qs.arg(t->size()).arg(MaxPoints));
        return std::nullopt;
    }
    s.points.resize(t->size());
    // Each column: an array as long as "t" of numbers at least `min`.
    const auto numbers = [&](const QJsonObject& in, const QString& inPath, const QString& key, double min,
                             Need need, auto set) {
        const auto a = r.array(in, inPath, key, need);
        if (!a)
            return;
        const QString apath = JsonReader::join(inPath, key);
        if (a->size() != t->size()) {
            r.problem(apath, u"has %1 values for %2 points"_qs.arg(a->size()).arg(t->size()));
            return;
        }
        for (qsizetype i = 0; i < a->size(); ++i)
            if (const auto v = r.numberValue(a->at(i), JsonReader::index(apath, i), min))
                set(s.points[i], *v);
    };
    numbers(o, path, u"t"_qs, 0, Need::Required, [](Point& p, double v) { p.t = v; });
    numbers(o, path, u"rps"_qs, 0, Need::Required, [](Point& p, double v) { p.rps = v; });
    numbers(o, path, u"p50_ms"_qs, 0, Need::Required, [](Point& p, double v) { p.p50Ms = v; });
    numbers(o, path, u"p95_ms"_qs, 0, Need::Required, [](Point& p, double v) { p.p95Ms = v; });
    numbers(o, path, u"p99_ms"_qs, 0, Need::Required, [](Point& p, double v) { p.p99Ms = v; });
    numbers(o, path, u"vus"_qs, 0, Need::Required,
        [](Point& p, double v) { p.activeVus = int(std::min(v, 1e9)); });
    numbers(o, path, u"client_cpu"_qs, 0, Need::Required, [](Point& p, double v) { p.clientCpuPercent = v; });
    numbers(
        o, path, u"server_cpu"_qs, -1, Need::Required, [](Point& p, double v) { p.serverCpuPercent = v; });
    numbers(o, path, u"server_rss_mb"_qs, -1, Need::Required, [](Point& p, double v) { p.serverRssMb = v; });
    numbers(
        o, path, u"foreign_cpu"_qs, -1, Need::Required, [](Point& p, double v) { p.foreignCpuPercent = v; });
    if (const auto errors = r.object(o, path, u"errors"_qs)) {
        const QString epath = JsonReader::join(path, u"errors"_qs);
        QStringList names;
        for (const auto& [name, member] : ErrorClasses)
            names << QString::fromUtf16(name);
        r.checkKeys(*errors, epath, names);
        for (const auto& [name, member] : ErrorClasses)
            numbers(*errors, epath, QString::fromUtf16(name), 0, Need::Optional,
                [m = member](Point& p, double v) { p.errors.*m = qint64(std::min(v, 9e15)); });
    }
    // Per-worker columns: per point, an array of numbers (any length, the same workers throughout).
    const auto lists = [&](const QString& key, auto set) {
        const auto a = r.array(o, path, key);
        if (!a)
            return;
        const QString apath = JsonReader::join(path, key);
        if (a->size() != t->size()) {
            r.problem(apath, u"has %1 values for %2 points"_qs.arg(a->size()).arg(t->size()));
            return;
        }
        for (qsizetype i = 0; i < a->size(); ++i) {
            const QString ipath = JsonReader::index(apath, i);
            if (!a->at(i).isArray() || a->at(i).toArray().size() > 1024) {
                r.problem(ipath, u"must be an array of at most 1024 numbers, one per worker"_qs);
                continue;
            }
            const QJsonArray values = a->at(i).toArray();
            for (qsizetype w = 0; w < values.size(); ++w)
                if (const auto v = r.numberValue(values.at(w), JsonReader::index(ipath, w), 0))
                    set(s.points[i], *v);
        }
    };
    lists(u"worker_cpu"_qs, [](Point& p, double v) { p.workerCpuPercent << v; });
    lists(u"worker_connections"_qs, [](Point& p, double v) { p.workerConnections << int(std::min(v, 1e9)); });
    if (r.problemCount() != before)
        return std::nullopt;
    return s;
}
