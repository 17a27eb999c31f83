// `stackbench load`: wrk/k6-like ad-hoc load against one URL.
#include "commands.h"
#include "engine/executortraits.h"
#include "engine/loadrunner.h"
#include "engine/probe.h"
#include "interrupt.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>
#include <cstdio>
#include <unistd.h>

namespace {
struct LoadOptions
{
    LoadSpec spec;
    bool json = false;
};

QString describe(const LoadSpec& s)
{
    QString text = toString(s.executor) + u", "_qs + describeLoad(s);
    if (traitsOf(s.executor).arrival)
        text += u" (%1..%2 VUs)"_qs.arg(s.preAllocatedVus).arg(s.maxVus);
    return text;
}

/// Returns an error message, or an empty string when the options form a runnable spec.
QString parseOptions(const QStringList& args, LoadOptions* out)
{
    QCommandLineParser p;
    p.setApplicationDescription(u"Applies HTTP load to one URL and prints a k6-style summary."_qs);
    p.addHelpOption();
    const QCommandLineOption url(u"url"_qs, u"Target URL, e.g. http://127.0.0.1:8000/hello"_qs, u"URL"_qs);
    const QCommandLineOption method(u"method"_qs, u"HTTP method (default GET)."_qs, u"M"_qs, u"GET"_qs);
    const QCommandLineOption body(
        u"body"_qs, u"Request body (JSON); {seq}, {vu} and {id} expand."_qs, u"JSON"_qs);
    const QCommandLineOption header(u"header"_qs, u"Extra header, repeatable."_qs, u"K:V"_qs);
    const QCommandLineOption vus(u"vus"_qs, u"Virtual users (default 10)."_qs, u"N"_qs, u"10"_qs);
    const QCommandLineOption duration(u"duration"_qs, u"Run for this long, e.g. 10s (default)."_qs, u"D"_qs);
    const QCommandLineOption iterations(u"iterations"_qs, u"VUs share exactly N requests."_qs, u"N"_qs);
    const QCommandLineOption rate(u"rate"_qs, u"Open model: start R requests per second."_qs, u"R"_qs);
    const QCommandLineOption maxVus(
        u"max-vus"_qs, u"Upper VU bound for --rate (default 2x --vus)."_qs, u"N"_qs);
    const QCommandLineOption transport(u"transport"_qs, u"socket (default for http) or qnam."_qs, u"T"_qs);
    const QCommandLineOption timeout(
        u"timeout"_qs, u"Per-request timeout (default 60s)."_qs, u"D"_qs, u"60s"_qs);
    const QCommandLineOption threads(u"threads"_qs, u"Worker threads (default 1)."_qs, u"N"_qs, u"1"_qs);
    const QCommandLineOption ids(
        u"ids"_qs, u"Range {id} is drawn from at random (default 1-1)."_qs, u"A-B"_qs);
    const QCommandLineOption json(u"json"_qs, u"Print one JSON object instead of the summary."_qs);
    p.addOptions({ url, method, body, header, vus, duration, iterations, rate, maxVus, transport, timeout,
        threads, ids, json });
    if (const QString error = parseArguments(p, u"load"_qs, args); !error.isEmpty())
        return error;

    LoadSpec& s = out->spec;
    out->json = p.isSet(json);
    if (!p.isSet(url))
        return u"--url is required"_qs;
    const QUrl target = QUrl::fromUserInput(p.value(url));
    s.baseUrl = target.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    s.request.path = target.path(QUrl::FullyEncoded).isEmpty() ? u"/"_qs : target.path(QUrl::FullyEncoded);
    if (target.hasQuery())
        s.request.path += u'?' + target.query(QUrl::FullyEncoded);
    // QUrl encodes braces; placeholders such as {id} must survive to the request factory.
    s.request.path.replace(u"%7B"_qs, u"{"_qs, Qt::CaseInsensitive)
        .replace(u"%7D"_qs, u"}"_qs, Qt::CaseInsensitive);
    if (p.isSet(ids)) {
        const QStringList range = p.value(ids).split(u'-');
        bool okMin = false, okMax = false;
        if (range.size() == 2) {
            s.request.idMin = range.at(0).toLongLong(&okMin);
            s.request.idMax = range.at(1).toLongLong(&okMax);
        }
        if (!okMin || !okMax || s.request.idMax < s.request.idMin)
            return u"--ids must be a range like 1-1500"_qs;
    }
    s.request.method = p.value(method).toUpper().toLatin1();
    s.request.body = p.value(body).toUtf8();
    for (const QString& h : p.values(header)) {
        const qsizetype colon = h.indexOf(u':');
        if (colon <= 0)
            return u"--header must look like Name:Value, got '"_qs + h + u"'"_qs;
        s.request.headers.append(
            { h.left(colon).trimmed().toLatin1(), h.mid(colon + 1).trimmed().toLatin1() });
    }
    if (!s.request.body.isEmpty()) {
        QJsonParseError err {};
        QJsonDocument::fromJson(s.request.body, &err);
        if (err.error != QJsonParseError::NoError && !s.request.body.contains('{'))
            return u"--body is not valid JSON: "_qs + err.errorString();
    }

    bool ok = false;
    s.vus = p.value(vus).toInt(&ok);
    if (!ok || s.vus < 1)
        return u"--vus must be a positive integer"_qs;
    s.threads = p.value(threads).toInt(&ok);
    if (!ok || s.threads < 1)
        return u"--threads must be a positive integer"_qs;
    if (!parseDuration(p.value(timeout), &s.timeout) || s.timeout.count() <= 0)
        return u"--timeout must be a duration like 5s or 500ms"_qs;
    if (p.isSet(duration) && !parseDuration(p.value(duration), &s.duration))
        return u"--duration must be a duration like 10s, 500ms or 1m"_qs;
    if (p.isSet(iterations) && p.isSet(rate))
        return u"--iterations and --rate exclude each other"_qs;
    if (p.isSet(iterations)) {
        if (p.isSet(duration))
            return u"--iterations and --duration exclude each other"_qs;
        s.executor = ExecutorKind::SharedIterations;
        s.iterations = p.value(iterations).toLongLong(&ok);
        if (!ok || s.iterations < 1)
            return u"--iterations must be a positive integer"_qs;
    } else if (p.isSet(rate)) {
        s.executor = ExecutorKind::ConstantArrivalRate;
        s.rate = p.value(rate).toDouble(&ok);
        if (!ok || s.rate <= 0)
            return u"--rate must be a positive number of requests per second"_qs;
        s.preAllocatedVus = s.vus;
        s.maxVus = p.isSet(maxVus) ? p.value(maxVus).toInt(&ok) : 2 * s.vus;
        if (!ok || s.maxVus < s.vus)
            return u"--max-vus must be an integer no smaller than --vus"_qs;
    }
    const QString t = p.isSet(transport) ? p.value(transport)
                                         : (s.baseUrl.scheme() == u"https" ? u"qnam"_qs : u"socket"_qs);
    if (!parseTransport(t, &s.transport))
        return u"--transport must be socket or qnam, not '"_qs + t + u"'"_qs;
    const QStringList problems = s.validate();
    return problems.isEmpty() ? QString() : problems.first();
}

QString fmtMs(double ms)
{
    if (ms >= 1000)
        return QString::number(ms / 1000.0, 'f', 2) + u"s"_qs;
    if (ms >= 1)
        return QString::number(ms, 'f', 2) + u"ms"_qs;
    return QString::number(ms * 1000.0, 'f', 0) + u"µs"_qs;
}

QString dots(const QString& label)
{
    return u"  "_qs + label + u' ' + QString(std::max<qsizetype>(2, 30 - label.size()), u'.') + u": "_qs;
}

void printSummary(const LoadSpec& spec, const LoadResult& r)
{
    const Summary& s = r.summary;
    auto lat = [](const LatencyStats& l) {
        return u"avg=%1 min=%2 med=%3 max=%4 p(90)=%5 p(95)=%6 p(99)=%7"_qs.arg(fmtMs(l.mean), fmtMs(l.min),
            fmtMs(l.p50), fmtMs(l.max), fmtMs(l.p90), fmtMs(l.p95), fmtMs(l.p99));
    };
    QStringList status;
    for (auto it = s.statusCounts.cbegin(); it != s.statusCounts.cend(); ++it)
        status << u"%1=%2"_qs.arg(it.key()).arg(it.value());
    QTextStream out(stdout);
    out << "\n  scenario: " << describe(spec) << "\n  target:   " << spec.baseUrl.toString()
        << spec.request.path << "  (transport: " << s.transport << ")"
        << (r.stopped ? "  [stopped early]" : "") << "\n\n"
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
    if (traitsOf(spec.executor).arrival)
        out << dots(u"dropped_iterations"_qs) << s.droppedIterations << '\n'
            << dots(u"client_queue_time"_qs) << "avg=" << fmtMs(s.queueMsMean) << '\n';
    out << dots(u"client_cpu"_qs) << QString::number(s.clientCpuPercent, 'f', 0) << "% of one core\n"
        << dots(u"duration"_qs) << QString::number(s.durationS, 'f', 2) << "s\n\n";
}

QCoro::Task<int> runLoadCommand(QStringList args)
{
    LoadOptions opts;
    if (const QString error = parseOptions(args, &opts); !error.isEmpty())
        co_return usageError(error);
    const QUrl target = opts.spec.baseUrl;
    const QString why = co_await probeConnect(target);
    if (!why.isEmpty())
        co_return failure(u"cannot reach "_qs + target.toString() + u": "_qs + why);

    LoadRunner runner;
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &runner, &LoadRunner::stop);
    if (!opts.json && isatty(STDERR_FILENO)) {
        QObject::connect(&runner, &LoadRunner::snapshotAvailable, &runner, [](const LiveSnapshot& s) {
            std::fprintf(stderr, "\r  running %5.1fs  %3.0f%%  %8.0f req/s  p99 %-9s  errors %lld   ",
                s.elapsedS, 100 * s.progress, s.intervalRps, qPrintable(fmtMs(s.intervalP99Ms)),
                static_cast<long long>(s.totalErrors));
        });
    }
    const LoadResult result = co_await runLoad(runner, opts.spec);
    if (!opts.json && isatty(STDERR_FILENO))
        std::fputs("\r\033[K", stderr);
    if (!result.error.isEmpty())
        co_return failure(result.error);
    if (result.summary.requests > 0 && result.summary.errors.connect == result.summary.requests)
        co_return failure(u"cannot reach "_qs + target.toString() + u": every connection failed"_qs);
    if (opts.json)
        QTextStream(stdout) << QJsonDocument(result.summary.toJson()).toJson(QJsonDocument::Compact) << '\n';
    else
        printSummary(opts.spec, result);
    co_return 0;
}

const bool registered = registerCommand({ u"load"_qs, u"apply ad-hoc HTTP load to one URL (wrk/k6-like)"_qs,
    false, [](const QStringList& args) { return QCoro::waitFor(runLoadCommand(args)); } });
} // namespace
