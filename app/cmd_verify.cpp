// `stackbench verify`: starts each stack (or takes a URL), seeds it and runs the conformance check.
#include "commands.h"
#include "interrupt.h"
#include "stacks/conformance.h"
#include "stacks/stackmanifest.h"
#include "stacks/stackprocess.h"
#include "study/stackcheck.h"
#include "trust.h"

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
    StackOptions stackOptions { StackOptions::Seeding::Yes };
    StackLaunchOptions launch;
    ConformanceOptions conformance;
    bool json = false;
    bool verbose = false;
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

QCoro::Task<StackCheck> verifyStack(StackManifest manifest, StackDefinition stack, VerifyOptions opts,
    QPointer<StackProcess>* current, QTextStream& log)
{
    StackProcess process(manifest, stack, opts.launch);
    *current = &process;
    log << stack.name << ": starting..." << Qt::endl;
    const auto onStep = [&](StackCheckStep step, const StackCheck& so) {
        if (step == StackCheckStep::Seeded && so.error.isEmpty())
            log << stack.name << ": ready in " << QString::number(so.readySeconds, 'f', 2) << " s on "
                << process.baseUrl().toString() << " (pid " << process.pid() << "), "
                << opts.stackOptions.count << " records seeded in " << QString::number(so.seedSeconds, 'f', 2)
                << " s; log " << so.logPath << Qt::endl;
    };
    StackCheck check = co_await checkStack(process, opts.stackOptions.count, opts.conformance, onStep);
    *current = nullptr;
    co_return check;
}

void printTable(QTextStream& s, const QList<StackCheck>& outcomes)
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
    QList<StackCheck> outcomes;
    bool interrupted = false;
    QPointer<StackProcess> current;
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &interrupts, [&](int) {
        interrupted = true;
        if (current)
            current->kill();
    });

    if (!opts.url.isEmpty()) {
        StackCheck o = co_await checkTarget(opts.url, opts.conformance);
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
            StackCheck o = co_await verifyStack(*manifest, *manifest->find(name), opts, &current, progress);
            if (!o.error.isEmpty())
                err << "stackbench: " << o.target << ": " << o.error << Qt::endl;
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
