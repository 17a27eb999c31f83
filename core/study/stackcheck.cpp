#include "stackcheck.h"

#include "stacks/stackprocess.h"

#include <QJsonArray>

QStringList StackCheck::problems() const
{
    QStringList lines;
    if (!error.isEmpty())
        lines << error;
    return lines + conformanceProblems(report);
}

QJsonObject StackCheck::toJson() const
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

QStringList conformanceProblems(const ConformanceReport& report)
{
    QStringList lines;
    for (const ConformanceCheck& c : report.checks)
        if (!c.passed)
            lines << c.name + u": "_qs + c.reason;
    return lines;
}

QCoro::Task<StackCheck> checkStack(StackProcess& process, qint64 seedCount, ConformanceOptions options,
    std::function<void(StackCheckStep, const StackCheck&)> onStep, std::function<bool()> cancelled)
{
    const auto tell = [&](StackCheckStep step, const StackCheck& so) {
        if (onStep)
            onStep(step, so);
    };
    const auto stopping = [&] { return cancelled && cancelled(); };
    StackCheck check;
    check.target = process.name();
    // GCC 12 mis-compiles co_await inside conditions: every result is bound to a named local first.
    const bool started = co_await process.start();
    check.command = process.commandLine();
    check.logPath = process.logPath();
    if (started)
        check.readySeconds = process.readySeconds();
    else
        check.error = process.error();
    tell(StackCheckStep::Started, check);
    if (started && !stopping()) {
        const SeedResult seeded = co_await process.seed(seedCount);
        if (seeded.ok)
            check.seedSeconds = seeded.seconds;
        else
            check.error
                = QObject::tr("seeding %n record(s) failed: %1", nullptr, int(seedCount)).arg(seeded.error);
        tell(StackCheckStep::Seeded, check);
    }
    if (started && check.error.isEmpty() && !stopping()) {
        options.target = check.target;
        const QUrl base = process.baseUrl();
        ConformanceReport report = co_await runConformance(base, options);
        check.report = std::move(report);
        tell(StackCheckStep::Checked, check);
    }
    if (process.state() == StackProcess::State::Crashed && check.error.isEmpty())
        check.error = process.error();
    co_await process.stop();
    co_return check;
}

QCoro::Task<StackCheck> checkTarget(QUrl url, ConformanceOptions options)
{
    StackCheck check;
    check.target = options.target.isEmpty() ? url.toString() : options.target;
    options.target = check.target;
    ConformanceReport report = co_await runConformance(url, options);
    check.report = std::move(report);
    co_return check;
}
