// `stackbench load`: wrk/k6-like ad-hoc load against one URL.
#include "commands.h"
#include "engine/executortraits.h"
#include "engine/loadpart.h"
#include "engine/loadrunner.h"
#include "engine/probe.h"
#include "interrupt.h"
#include "loadprint.h"
#include "results/atomicfile.h"
#include "results/scenariorecord.h"

#include <QCommandLineParser>
#include <QCoroTimer>
#include <QDateTime>
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
    QString out; ///< --out: where the segment's part goes
    QDateTime startAt; ///< --start-at: wait until then (UTC); invalid: start now
};

/// ", segment 1/3:2/3 of 0,1/3,2/3,1", or nothing for the whole load.
QString segmentNote(const LoadSpec& s)
{
    if (!s.isSegmented())
        return {};
    const auto seg = s.segmentation();
    return u", segment %1 of %2"_qs.arg(
        s.segment.toString(), seg ? seg->first.toString() : s.segmentSequence);
}

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
    const QCommandLineOption segment(u"segment"_qs,
        u"Apply the K-th of N equal parts of the load (k6's execution segments), e.g. 2/3."_qs, u"K/N"_qs);
    const QCommandLineOption executionSegment(u"execution-segment"_qs,
        u"k6's --execution-segment: the part FROM:TO of the load, e.g. 1/3:2/3."_qs, u"FROM:TO"_qs);
    const QCommandLineOption executionSequence(u"execution-segment-sequence"_qs,
        u"k6's --execution-segment-sequence: every part's bounds, e.g. 0,1/3,2/3,1."_qs, u"LIST"_qs);
    const QCommandLineOption startAt(u"start-at"_qs,
        u"Start at this time (ISO 8601, e.g. 2026-11-28T12:00:00Z, or Unix seconds): a common start for segments."_qs,
        u"TIME"_qs);
    const QCommandLineOption outFile(u"out"_qs,
        u"Write this segment's result, histograms included, for `stackbench merge`."_qs, u"FILE"_qs);
    p.addOptions({ url, method, body, header, vus, duration, iterations, rate, maxVus, transport, timeout,
        threads, ids, json, segment, executionSegment, executionSequence, startAt, outFile });
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
    if (p.isSet(segment) && p.isSet(executionSegment))
        return u"--segment and --execution-segment exclude each other"_qs;
    if (p.isSet(segment) && p.isSet(executionSequence))
        return u"--segment K/N makes its own sequence; --execution-segment-sequence goes with --execution-segment"_qs;
    if (p.isSet(segment)) {
        const auto [k, n] = parsePartOf(p.value(segment), 1000);
        if (n == 0)
            return u"--segment must be K/N with 1 <= K <= N <= 1000, e.g. 2/3"_qs;
        s.segment = ExecutionSegment::part(k, n);
        s.segmentSequence = SegmentSequence::even(n).toString();
    } else if (p.isSet(executionSegment)) {
        QString error;
        const auto seg = ExecutionSegment::parse(p.value(executionSegment), &error);
        if (!seg)
            return u"--execution-segment: "_qs + error;
        s.segment = *seg;
        s.segmentSequence = p.value(executionSequence);
    } else if (p.isSet(executionSequence)) {
        return u"--execution-segment-sequence needs --execution-segment"_qs;
    }
    if (p.isSet(startAt)) {
        bool isNumber = false;
        const qint64 seconds = p.value(startAt).toLongLong(&isNumber);
        out->startAt = isNumber ? QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC)
                                : QDateTime::fromString(p.value(startAt), Qt::ISODateWithMs).toUTC();
        if (!out->startAt.isValid())
            return u"--start-at must be an ISO 8601 time or Unix seconds"_qs;
        if (out->startAt > QDateTime::currentDateTimeUtc().addSecs(24 * 3600))
            return u"--start-at is more than a day away"_qs;
        if (out->startAt < QDateTime::currentDateTimeUtc().addSecs(-60))
            return u"--start-at is in the past: the segments would not start together"_qs;
    }
    out->out = p.value(outFile);
    if (!out->out.isEmpty() && p.isSet(executionSegment) && !p.isSet(executionSequence))
        return u"--out with --execution-segment needs --execution-segment-sequence: every machine must split "
               u"the "
               "load the same way for the parts to merge"_qs;
    const QStringList problems = s.validate();
    return problems.isEmpty() ? QString() : problems.first();
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

    if (opts.startAt.isValid()) { // segments on several machines start together
        const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(opts.startAt);
        if (wait > 0)
            co_await QCoro::sleepFor(std::chrono::milliseconds(wait));
    }
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
    const QDateTime startedAt = QDateTime::currentDateTimeUtc();
    const LoadResult result = co_await runLoad(runner, opts.spec);
    const QDateTime finishedAt = QDateTime::currentDateTimeUtc();
    if (!opts.json && isatty(STDERR_FILENO))
        std::fputs("\r\033[K", stderr);
    if (!result.error.isEmpty())
        co_return failure(result.error);
    if (result.summary.requests > 0 && result.summary.errors.connect == result.summary.requests)
        co_return failure(u"cannot reach "_qs + target.toString() + u": every connection failed"_qs);
    if (!opts.out.isEmpty() && result.stopped)
        co_return failure(
            u"the load was stopped early, so its part would undercount the whole; nothing was written to "_qs
            + opts.out);
    if (!opts.out.isEmpty()) {
        LoadPart part;
        part.load = loadIdentity(opts.spec);
        part.segment = opts.spec.segment;
        part.sequence = opts.spec.segmentation()->first.toString();
        part.startedAt = startedAt;
        part.finishedAt = finishedAt;
        part.summary = result.summary;
        part.latency = result.latency;
        part.ttfb = result.ttfb;
        part.clientBound = ClientHealth::from(result.summary).clientBound;
        if (const QString e = writeFileAtomically(opts.out, QJsonDocument(part.toJson()).toJson());
            !e.isEmpty())
            co_return failure(e);
    }
    if (opts.json)
        QTextStream(stdout) << QJsonDocument(result.summary.toJson()).toJson(QJsonDocument::Compact) << '\n';
    else
        printLoadSummary(describe(opts.spec) + segmentNote(opts.spec),
            opts.spec.baseUrl.toString() + opts.spec.request.path, result.summary, result.stopped,
            traitsOf(opts.spec.executor).arrival);
    co_return 0;
}

const bool registered = registerCommand({ u"load"_qs, u"apply ad-hoc HTTP load to one URL (wrk/k6-like)"_qs,
    false, [](const QStringList& args) { return QCoro::waitFor(runLoadCommand(args)); } });
} // namespace
