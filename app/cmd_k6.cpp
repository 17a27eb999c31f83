// `stackbench export-k6` and `stackbench import-k6`: cross-checking a study with k6, the tool the
// paper used. The work is in core/k6; these only read arguments and files.
#include "commands.h"
#include "k6/k6import.h"
#include "k6/k6script.h"
#include "results/atomicfile.h"
#include "results/environment.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <cstdio>

namespace {
const QString DefaultBaseUrl = u"http://127.0.0.1:8000"_qs;

std::optional<Plan> readPlan(const QString& path, int* status)
{
    const PlanParseResult parsed = loadPlan(path);
    if (parsed.ok() && !parsed.plan->draft)
        return parsed.plan;
    if (parsed.plan && parsed.plan->draft)
        QTextStream(stderr) << "stackbench: " << path
                            << " is a draft; fix it in the Study page and save it first\n";
    if (!parsed.problems.isEmpty())
        QTextStream(stderr) << "stackbench: " << path << " is not a valid plan:\n"
                            << formatProblems(parsed.problems) << '\n';
    *status = 1;
    return std::nullopt;
}

bool validBaseUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty()
        && !url.hasQuery() && !url.hasFragment();
}

int writeScripts(const QList<K6Script>& scripts, const QString& outDir)
{
    if (!QDir().mkpath(outDir))
        return failure(u"cannot create the folder "_qs + outDir);
    QTextStream out(stdout);
    for (const auto& script : scripts) {
        const QString path = QDir(outDir).filePath(script.fileName);
        if (const QString error = writeFileAtomically(path, script.text); !error.isEmpty())
            return failure(error);
        out << path << '\n';
    }
    return 0;
}

int runExport(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Writes one k6 script per scenario of a plan (NN-id.js), with the same executor, "
        u"numbers and request, to cross-check a study with k6."_qs);
    p.addHelpOption();
    const QCommandLineOption plan(u"plan"_qs, u"The plan, e.g. resources/plans/paper.json."_qs, u"FILE"_qs);
    const QCommandLineOption out(
        u"out"_qs, u"Where to write the scripts (default: the current folder)."_qs, u"DIR"_qs, u"."_qs);
    const QCommandLineOption baseUrl(u"base-url"_qs,
        u"The target when BASE_URL is not set in k6's environment (default %1)."_qs.arg(DefaultBaseUrl),
        u"URL"_qs, DefaultBaseUrl);
    p.addOptions({ plan, out, baseUrl });
    if (const QString error = parseArguments(p, u"export-k6"_qs, args); !error.isEmpty())
        return usageError(error);
    if (!p.isSet(plan))
        return usageError(u"export-k6 needs --plan FILE"_qs);
    if (!p.positionalArguments().isEmpty())
        return usageError(u"export-k6 takes no arguments besides its options (got \"%1\")"_qs.arg(
            p.positionalArguments().first()));
    if (!validBaseUrl(p.value(baseUrl)))
        return usageError(
            u"--base-url must be an http(s) URL without a query, e.g. %1"_qs.arg(DefaultBaseUrl));
    int status = 0;
    const auto parsed = readPlan(p.value(plan), &status);
    if (!parsed)
        return status;
    QString base = p.value(baseUrl);
    while (base.endsWith(u'/'))
        base.chop(1);
    return writeScripts(k6Scripts(*parsed, base), p.value(out));
}

int report(const K6ImportResult& result, const QString& outDir)
{
    for (const QString& w : result.warnings)
        QTextStream(stderr) << "stackbench: warning: " << w << '\n';
    if (!result.ok()) {
        QTextStream err(stderr);
        err << "stackbench: import-k6 failed:\n";
        for (const QString& problem : result.problems)
            err << "  " << problem << '\n';
        return 1;
    }
    QTextStream(stdout) << QDir(outDir).filePath(result.recordPath) << '\n';
    return 0;
}

int runImport(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Reads k6's --summary-export JSON into a results folder that the Results screen "
        u"can compare with Stackbench's own results. Repeat with the same --out to "
        u"collect several scenarios, stacks or repetitions."_qs);
    p.addHelpOption();
    p.addPositionalArgument(u"SUMMARY.json"_qs, u"The file written by k6 run --summary-export."_qs);
    const QCommandLineOption out(
        u"out"_qs, u"The results folder (created, or extended if an earlier import made it)."_qs, u"DIR"_qs);
    const QCommandLineOption stack(u"stack"_qs,
        u"The stack's id in the results, e.g. flask-sqlite3 (default k6-target)."_qs, u"NAME"_qs,
        u"k6-target"_qs);
    const QCommandLineOption scenario(u"scenario"_qs,
        u"The plan's scenario id (default: from the file name, e.g. 04-get-one.summary.json)."_qs, u"ID"_qs);
    const QCommandLineOption plan(
        u"plan"_qs, u"The plan the k6 script came from: gives the figure and metric."_qs, u"FILE"_qs);
    const QCommandLineOption repetition(
        u"repetition"_qs, u"Which repetition this is (default 1)."_qs, u"N"_qs, u"1"_qs);
    p.addOptions({ out, stack, scenario, plan, repetition });
    if (const QString error = parseArguments(p, u"import-k6"_qs, args); !error.isEmpty())
        return usageError(error);
    if (p.positionalArguments().size() != 1 || !p.isSet(out))
        return usageError(u"import-k6 needs one SUMMARY.json and --out DIR"_qs);
    bool okRep = false;
    K6Import in;
    in.repetition = p.value(repetition).toInt(&okRep);
    if (!okRep || in.repetition < 1 || in.repetition > 1000)
        return usageError(u"--repetition must be a whole number from 1 to 1000"_qs);
    in.summaryFile = p.positionalArguments().first();
    QFile file(in.summaryFile);
    if (!file.open(QIODevice::ReadOnly))
        return failure(u"cannot read %1: %2"_qs.arg(in.summaryFile, file.errorString()));
    in.summaryJson = file.read(64LL * 1024 * 1024 + 1);
    in.finishedAt = QFileInfo(file).lastModified().toUTC();
    if (p.isSet(plan)) {
        int status = 0;
        in.plan = readPlan(p.value(plan), &status);
        if (!in.plan)
            return status;
    }
    in.outDir = p.value(out);
    in.stack = p.value(stack);
    in.scenarioId = p.value(scenario);
    in.environment = collectEnvironment({});
    in.command = QStringList { u"stackbench"_qs, u"import-k6"_qs } + args;
    return report(importK6Summary(in), in.outDir);
}

const bool exportRegistered = registerCommand(
    { u"export-k6"_qs, u"write an equivalent k6 script for each scenario of a plan"_qs, false, runExport });
const bool importRegistered = registerCommand(
    { u"import-k6"_qs, u"read k6's --summary-export JSON into a results folder"_qs, false, runImport });
} // namespace
