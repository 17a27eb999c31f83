// `stackbench verify`: starts each stack (or takes a URL), seeds it and runs the conformance check.
#include "commands.h"
#include "interrupt.h"
#include "stacks/conformance.h"
#include "stacks/stackmanifest.h"
#include "trust.h"
#include "stacks/stackprocess.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTextStream>
#include <cstdio>

namespace {

struct VerifyOptions
{
    QStringList stacks;
    QUrl url;
    StackOptions stackOptions{ StackOptions::Seeding::Yes };
    StackLaunchOptions launch;
    ConformanceOptions conformance;
    bool json = false;
    bool verbose = false;
};

/// What verify found for one target; printed as a line of the closing table and in --json.
struct VerifyOutcome
{
    QString target;
    QString error; ///< the stack could not be started or seeded
    double readySeconds = -1;
    double seedSeconds = -1;
    QStringList command;
    QString logPath;
    ConformanceReport report;

    bool passed() const { return error.isEmpty() && report.passed(); }
    QJsonObject toJson() const
    {
        QJsonObject o { { u"target"_qs, target }, { u"passed"_qs, passed() } };
        if (!error.isEmpty())
            o.insert(u"error"_qs, error);
        if (!command.isEmpty()) {
            o.insert(u"command"_qs, QJsonArray::fromStringList(command));
            o.insert(u"log"_qs, logPath);
            o.insert(u"readySeconds"_qs, readySeconds);
            o.insert(u"seedSeconds"_qs, seedSeconds);
        }
        if (!report.checks.isEmpty())
            o.insert(u"conformance"_qs, report.toJson());
        return o;
    }
};

QString parseOptions(const QStringList& args, VerifyOptions* out)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Checks that stacks honour the API contract (status codes, Content-Type, JSON "
        "shapes, echo, create/get/update/delete, 404s, 4xx for malformed bodies, no "
        "redirects). With no --stack or --url, verifies every stack in the manifest."_qs);
    p.addHelpOption();
    const QCommandLineOption stack(u"stack"_qs, u"Stack to start and verify (repeatable)."_qs, u"NAME"_qs);
    const QCommandLineOption url(u"url"_qs,
        u"Verify an already running server instead, e.g. http://127.0.0.1:8000. "
        "It must be seeded; the check deletes what it creates."_qs,
        u"URL"_qs);
    const QCommandLineOption transport(
        u"transport"_qs, u"socket (default) or qnam."_qs, u"T"_qs, u"socket"_qs);
    const QCommandLineOption json(u"json"_qs, u"Print one JSON array of per-stack results on stdout."_qs);
    const QCommandLineOption verbose(u"verbose"_qs, u"List passing checks too."_qs);
    p.addOptions({ stack, url, transport, json, verbose });
    out->stackOptions.addTo(p);
    if (const QString error = parseArguments(p, u"verify"_qs, args); !error.isEmpty())
        return error;
    if (!p.positionalArguments().isEmpty())
        return u"unexpected argument '"_qs + p.positionalArguments().first() + u"'"_qs;
    if (p.isSet(stack) && p.isSet(url))
        return u"give either --stack or --url, not both"_qs;
    out->stacks = p.values(stack);
    if (p.isSet(url)) {
        out->url = QUrl::fromUserInput(p.value(url));
        if (!out->url.isValid() || !out->url.scheme().startsWith(u"http"_qs))
            return u"--url must be an http:// or https:// URL"_qs;
    }
    if (const QString error = out->stackOptions.read(p); !error.isEmpty())
        return error;
    out->launch.readyTimeout = out->stackOptions.readyTimeout;
    if (!parseTransport(p.value(transport), &out->conformance.transport))
        return u"--transport must be socket or qnam"_qs;
    out->json = p.isSet(json);
    out->verbose = p.isSet(verbose);
    return {};
}

QCoro::Task<VerifyOutcome> verifyStack(StackManifest manifest, StackDefinition stack, VerifyOptions opts,
    QPointer<StackProcess>* current, QTextStream& log)
{
    VerifyOutcome out;
    out.target = stack.name;
    StackProcess process(manifest, stack, opts.launch);
    *current = &process;
    log << stack.name << ": starting..." << Qt::endl;
    const bool started = co_await process.start();
    out.command = process.commandLine();
    out.logPath = process.logPath();
    if (!started) {
        out.error = process.error();
        *current = nullptr;
        co_return out;
    }
    out.readySeconds = process.readySeconds();
    const SeedResult seed = co_await process.seed(opts.stackOptions.count);
    out.seedSeconds = seed.seconds;
    if (!seed.ok) {
        out.error = stack.name + u": seeding "_qs + QString::number(opts.stackOptions.count) + u" records failed: "_qs
            + seed.error;
    } else {
        log << stack.name << ": ready in " << QString::number(out.readySeconds, 'f', 2) << " s on "
            << process.baseUrl().toString() << " (pid " << process.pid() << "), " << opts.stackOptions.count
            << " records seeded in " << QString::number(seed.seconds, 'f', 2) << " s; log "
            << process.logPath() << Qt::endl;
        ConformanceOptions c = opts.conformance;
        c.target = stack.name;
        const QUrl base = process.baseUrl();
        ConformanceReport report = co_await runConformance(base, c);
        out.report = std::move(report);
    }
    if (process.state() == StackProcess::State::Crashed && out.error.isEmpty())
        out.error = process.error();
    co_await process.stop();
    *current = nullptr;
    co_return out;
}

void printTable(QTextStream& s, const QList<VerifyOutcome>& outcomes)
{
    s << "\n"
      << u"stack"_qs.leftJustified(20) << u"ready"_qs.rightJustified(8) << u"checks"_qs.rightJustified(9)
      << "  result\n";
    for (const auto& o : outcomes) {
        const QString ready
            = o.readySeconds >= 0 ? QString::number(o.readySeconds, 'f', 2) + u" s"_qs : u"-"_qs;
        const int total = int(o.report.checks.size());
        const QString checks = total
            ? QString::number(total - o.report.failedCount()) + u'/' + QString::number(total)
            : u"-"_qs;
        s << o.target.leftJustified(20) << ready.rightJustified(8) << checks.rightJustified(9) << "  "
          << (o.passed() ? "PASS" : "FAIL") << '\n';
    }
}

QCoro::Task<int> runVerify(QStringList args)
{
    VerifyOptions opts;
    if (const QString e = parseOptions(args, &opts); !e.isEmpty())
        co_return usageError(e);

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream& progress = opts.json ? err : out;
    QList<VerifyOutcome> outcomes;
    bool interrupted = false;
    QPointer<StackProcess> current;
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &interrupts, [&](int) {
        interrupted = true;
        if (current)
            current->kill();
    });

    if (!opts.url.isEmpty()) {
        ConformanceOptions c = opts.conformance;
        c.target = opts.url.toString();
        VerifyOutcome o;
        o.target = c.target;
        ConformanceReport report = co_await runConformance(opts.url, c);
        o.report = std::move(report);
        outcomes << o;
        if (!opts.json)
            out << o.report.toText(opts.verbose);
    } else {
        QStringList errors;
        const auto manifest = StackManifest::load(opts.stackOptions.manifestPath, &errors);
        if (!manifest)
            co_return failure(errors.join(u"\n"_qs));
        const QString untrusted = ensureTrusted(*manifest, opts.stackOptions.trust);
        if (!untrusted.isEmpty())
            co_return failure(untrusted);
        const QStringList names = opts.stacks.isEmpty() ? manifest->names() : opts.stacks;
        for (const QString& name : names)
            if (!manifest->find(name))
                co_return usageError(u"no stack named '"_qs + name + u"' in "_qs + manifest->path
                    + u" (known: "_qs + manifest->names().join(u", "_qs) + u')');
        for (const QString& name : names) {
            if (interrupted)
                break;
            VerifyOutcome o
                = co_await verifyStack(*manifest, *manifest->find(name), opts, &current, progress);
            if (!o.error.isEmpty())
                err << "stackbench: " << o.error << Qt::endl;
            if (!opts.json && !o.report.checks.isEmpty())
                out << o.report.toText(opts.verbose) << Qt::flush;
            outcomes << o;
        }
    }
    if (opts.json) {
        QJsonArray list;
        for (const auto& o : outcomes)
            list.append(o.toJson());
        out << QJsonDocument(list).toJson(QJsonDocument::Indented);
    } else if (outcomes.size() > 1 || opts.url.isEmpty()) {
        printTable(out, outcomes);
    }
    out.flush();
    if (interrupted)
        co_return failure(u"interrupted"_qs);
    for (const auto& o : outcomes)
        if (!o.passed())
            co_return 1;
    co_return 0;
}

const bool registered
    = registerCommand({ u"verify"_qs, u"check that stacks (or a URL) honour the API contract"_qs, false,
        [](const QStringList& args) { return QCoro::waitFor(runVerify(args)); } });

} // namespace
