#include "loadprint.h"

#include <QStringList>
#include <QTextStream>
#include <algorithm>

QString fmtMs(double ms)
{
    if (ms >= 1000)
        return QString::number(ms / 1000.0, 'f', 2) + u"s"_qs;
    if (ms >= 1)
        return QString::number(ms, 'f', 2) + u"ms"_qs;
    return QString::number(ms * 1000.0, 'f', 0) + u"µs"_qs;
}

namespace {
QString dots(const QString& label)
{
    return u"  "_qs + label + u' ' + QString(std::max<qsizetype>(2, 30 - label.size()), u'.') + u": "_qs;
}
} // namespace

void printLoadSummary(
    const QString& scenario, const QString& target, const Summary& s, bool stopped, bool arrival)
{
    auto lat = [](const LatencyStats& l) {
        return u"avg=%1 min=%2 med=%3 max=%4 p(90)=%5 p(95)=%6 p(99)=%7"_qs.arg(fmtMs(l.mean), fmtMs(l.min),
            fmtMs(l.p50), fmtMs(l.max), fmtMs(l.p90), fmtMs(l.p95), fmtMs(l.p99));
    };
    QStringList status;
    for (auto it = s.statusCounts.cbegin(); it != s.statusCounts.cend(); ++it)
        status << u"%1=%2"_qs.arg(it.key()).arg(it.value());
    QTextStream out(stdout);
    out << "\n  scenario: " << scenario << "\n  target:   " << target << "  (transport: " << s.transport
        << ")" << (stopped ? "  [stopped early]" : "") << "\n\n"
        << dots(u"http_reqs"_qs) << s.requests << "  " << QString::number(s.rps, 'f', 1) << "/s\n"
        << dots(u"http_req_duration"_qs) << lat(s.latency) << '\n'
        << dots(u"http_req_waiting"_qs) << lat(s.ttfb) << '\n'
        << dots(u"http_req_failed"_qs) << QString::number(100.0 * s.errorRate(), 'f', 2) << "%  "
        << s.errors.total() << " out of " << s.requests << '\n'
        << dots(u"errors"_qs)
        << u"connect=%1 timeout=%2 reset=%3 4xx=%4 5xx=%5 parse=%6"_qs.arg(s.errors.connect)
               .arg(s.errors.timeout)
               .arg(s.errors.reset)
               .arg(s.errors.http4xx)
               .arg(s.errors.http5xx)
               .arg(s.errors.parse)
        << '\n'
        << dots(u"status"_qs) << (status.isEmpty() ? u"none"_qs : status.join(u' ')) << '\n'
        << dots(u"data_received"_qs) << QString::number(double(s.bytesReceived) / 1e6, 'f', 1) << " MB  "
        << QString::number(double(s.bytesReceived) / 1e6 / std::max(1e-9, s.durationS), 'f', 1) << " MB/s\n";
    if (arrival)
        out << dots(u"dropped_iterations"_qs) << s.droppedIterations << '\n'
            << dots(u"client_queue_time"_qs) << "avg=" << fmtMs(s.queueMsMean) << '\n';
    out << dots(u"client_cpu"_qs) << QString::number(s.clientCpuPercent, 'f', 0) << "% of one core\n"
        << dots(u"duration"_qs) << QString::number(s.durationS, 'f', 2) << "s\n\n";
}
