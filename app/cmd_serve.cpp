// `stackbench serve`: one stack with a seeded database in the foreground, until Ctrl-C or SIGTERM.
#include "commands.h"
#include "interrupt.h"
#include "stacks/stackmanifest.h"
#include "stacks/stackprocess.h"
#include "trust.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTextStream>
#include <cstdio>

namespace {

struct ServeOptions
{
    QString stack;
    StackOptions stacks { StackOptions::Seeding::Yes };
    StackLaunchOptions launch;
};

QString parseOptions(const QStringList& args, ServeOptions* out)
{
    QCommandLineParser p;
    p.setApplicationDescription(u"Starts one stack on 127.0.0.1 with a freshly seeded database and keeps it "
                                "running until Ctrl-C or SIGTERM, for pointing other tools at it."_qs);
    p.addHelpOption();
    const QCommandLineOption stack(u"stack"_qs, u"The stack to serve (required)."_qs, u"NAME"_qs);
    const QCommandLineOption port(
        u"port"_qs, u"Preferred port; another free one is used when it is taken."_qs, u"P"_qs);
    const QCommandLineOption keep(u"keep-database"_qs, u"Keep the SQLite file after stopping."_qs);
    p.addOptions({ stack, port, keep });
    out->stacks.addTo(p);
    if (const QString error = parseArguments(p, u"serve"_qs, args); !error.isEmpty())
        return error;
    if (!p.positionalArguments().isEmpty())
        return u"unexpected argument '"_qs + p.positionalArguments().first() + u"'"_qs;
    if (!p.isSet(stack))
        return u"--stack is required"_qs;
    out->stack = p.value(stack);
    if (const QString error = out->stacks.read(p); !error.isEmpty())
        return error;
    bool ok = true;
    if (p.isSet(port)) {
        const uint value = p.value(port).toUInt(&ok);
        if (!ok || value == 0 || value > 65535)
            return u"--port must be between 1 and 65535"_qs;
        out->launch.preferredPort = quint16(value);
    }
    out->launch.readyTimeout = out->stacks.readyTimeout;
    out->launch.keepDatabase = p.isSet(keep);
    return {};
}

QCoro::Task<int> runServe(QStringList args)
{
    ServeOptions opts;
    if (const QString e = parseOptions(args, &opts); !e.isEmpty())
        co_return usageError(e);
    QStringList errors;
    const auto manifest = StackManifest::load(opts.stacks.manifestPath, &errors);
    if (!manifest)
        co_return failure(errors.join(u"\n"_qs));
    const QString untrusted = ensureTrusted(*manifest, opts.stacks.trust);
    if (!untrusted.isEmpty())
        co_return failure(untrusted);
    const StackDefinition* stack = manifest->find(opts.stack);
    if (!stack)
        co_return usageError(u"no stack named '"_qs + opts.stack + u"' in "_qs + manifest->path
            + u" (known: "_qs + manifest->names().join(u", "_qs) + u')');

    QTextStream out(stdout);
    StackProcess process(*manifest, *stack, opts.launch);
    bool interrupted = false;
    QEventLoop loop;
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &loop, [&](int) {
        interrupted = true;
        if (process.state() == StackProcess::State::Starting)
            process.kill(); // start() then returns false at once
        loop.quit();
    });
    int status = 0;
    QObject::connect(&process, &StackProcess::crashed, &loop, [&](const QString& message) {
        QTextStream(stderr) << "stackbench: " << message << Qt::endl;
        status = 1;
        loop.quit();
    });

    const bool started = co_await process.start();
    if (!started)
        co_return interrupted ? failure(u"interrupted"_qs) : failure(process.error());
    const SeedResult seed = co_await process.seed(opts.stacks.count);
    if (!seed.ok) {
        co_await process.stop();
        co_return failure(u"seeding failed: "_qs + seed.error);
    }
    if (opts.launch.preferredPort && process.port() != opts.launch.preferredPort)
        QTextStream(stderr) << "stackbench: port " << opts.launch.preferredPort << " is taken; using "
                            << process.port() << " instead" << Qt::endl;
    out << stack->name << " (" << stack->label << ") is serving on " << process.baseUrl().toString() << '\n'
        << "  pid " << process.pid() << ", ready in " << QString::number(process.readySeconds(), 'f', 2)
        << " s, " << opts.stacks.count << " records seeded\n"
        << "  command: " << shellQuote(process.commandLine()) << '\n'
        << "  log: " << process.logPath() << '\n'
        << "Press Ctrl-C to stop." << Qt::endl;

    if (!interrupted)
        loop.exec();
    if (process.state() == StackProcess::State::Ready) {
        out << "stopping " << stack->name << "..." << Qt::endl;
        co_await process.stop();
    }
    co_return status;
}

const bool registered
    = registerCommand({ u"serve"_qs, u"run one stack in the foreground with a seeded database"_qs, false,
        [](const QStringList& args) { return QCoro::waitFor(runServe(args)); } });

} // namespace
