// `stackbench run`: executes a plan headless, writing results as it goes.
#include "commands.h"
#include "interrupt.h"
#include "study/repetitions.h"
#include "study/studyrunner.h"
#include "trust.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTextStream>
#include <cstdio>
#include <unistd.h>

namespace {
QString clock(double seconds)
{
    if (seconds < 0)
        return u"--:--"_qs;
    const qint64 s = qint64(seconds + 0.5);
    return s >= 3600
        ? u"%1:%2:%3"_qs.arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar(u'0')).arg(s % 60, 2, 10, QChar(u'0'))
        : u"%1:%2"_qs.arg(s / 60, 2, 10, QChar(u'0')).arg(s % 60, 2, 10, QChar(u'0'));
}

QString where(const StudyProgress& p)
{
    QString text = u"rep %1/%2"_qs.arg(p.repetition).arg(p.repetitions);
    if (p.maxRepetitions > p.repetitions)
        text += u" (up to %1)"_qs.arg(p.maxRepetitions);
    text += u"  %1  %2"_qs.arg(p.stack, toString(p.stage));
    if (p.stage == StudyStage::Scenario)
        text += u" "_qs + p.scenarioId;
    return text;
}

/// A one-line progress bar on a terminal; plain lines (on each new stage) otherwise.
class ProgressPrinter
{
public:
    ProgressPrinter()
        : m_tty(isatty(STDERR_FILENO))
    {
    }
    void update(const StudyProgress& p)
    {
        if (m_tty) {
            constexpr int Width = 30;
            const int filled = int(p.overall * Width);
            const QString bar = QString(filled, u'#') + QString(Width - filled, u'-');
            std::fprintf(stderr, "\r\033[K[%s] %3.0f%%  ETA %s  %s", qPrintable(bar), 100 * p.overall,
                qPrintable(clock(p.etaS)), qPrintable(where(p)));
            return;
        }
        const QString key = where(p);
        if (key == m_lastKey)
            return;
        m_lastKey = key;
        std::fprintf(
            stderr, "[%5.1f%%] ETA %s  %s\n", 100 * p.overall, qPrintable(clock(p.etaS)), qPrintable(key));
    }
    void line(const QString& text)
    {
        std::fprintf(stderr, m_tty ? "\r\033[K%s\n" : "%s\n", qPrintable(text));
    }

private:
    bool m_tty;
    QString m_lastKey;
};

QString describe(const ScenarioRecord& r)
{
    if (!r.ok())
        return u"  rep %1  %2  %3: FAILED: %4"_qs.arg(r.repetition).arg(r.stack, r.scenarioId, r.reason);
    const QString value = r.metric == Metric::Rps
        ? QString::number(r.summary.rps, 'f', 0) + u" req/s"_qs
        : QString::number(r.summary.latency.mean, 'f', 2) + u" ms mean"_qs;
    QString context;
    if (r.server.known())
        context += u", server %1 % CPU"_qs.arg(r.server.cpuPercentMean, 0, 'f', 0);
    if (const QString split = r.diagnostics.split(); !split.isEmpty())
        context += u", "_qs + split;
    QString line = u"  rep %1  %2  %3: %4  (%5 requests, %6 errors%7)"_qs.arg(r.repetition)
                       .arg(r.stack, r.scenarioId, value)
                       .arg(r.summary.requests)
                       .arg(r.summary.errors.total())
                       .arg(context);
    const QStringList flags = r.flags(), causes = r.causes();
    if (!flags.isEmpty())
        line += u"\n      ⚠ %1: %2"_qs.arg(flags.join(u", "_qs), causes.join(u"; "_qs));
    return line;
}

int runStudy(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(u"Runs a study plan headless and writes a results folder."_qs);
    p.addHelpOption();
    const QCommandLineOption plan(
        u"plan"_qs, u"The plan (JSON), e.g. resources/plans/quick.json."_qs, u"FILE"_qs);
    const QCommandLineOption out(
        u"out"_qs, u"The results folder to write (must be new or empty)."_qs, u"DIR"_qs);
    const QCommandLineOption resume(
        u"resume"_qs, u"Continue an interrupted run in --out, skipping finished scenarios."_qs);
    const QCommandLineOption ignore(
        u"ignore-conformance"_qs, u"Benchmark stacks even if they fail the conformance check."_qs);
    const QCommandLineOption shard(u"shard"_qs,
        u"Run only the K-th of N shares of the study's (repetition, stack) units, for one machine of N; "
        "`stackbench merge-results` joins the shards' folders."_qs,
        u"K/N"_qs);
    p.addOptions({ plan, out, resume, ignore, shard });
    StackOptions stacks;
    stacks.addTo(p);
    if (const QString error = parseArguments(p, u"run"_qs, args); !error.isEmpty())
        return usageError(error);
    if (const QString error = stacks.read(p); !error.isEmpty())
        return usageError(error);
    if (!p.isSet(plan) || !p.isSet(out))
        return usageError(u"run needs --plan FILE and --out DIR"_qs);
    const PlanParseResult parsed = loadPlan(p.value(plan));
    if (!parsed.ok() || parsed.plan->draft) {
        QTextStream err(stderr);
        err << "stackbench: the plan " << p.value(plan)
            << (parsed.plan && parsed.plan->draft ? " is a draft (saved from the Study page with problems, "
                                                    "so it does not run); fix it there and save it"
                                                  : " is invalid")
            << (parsed.problems.isEmpty() ? "\n" : ":\n");
        for (const auto& problem : parsed.problems)
            err << "  " << problem.toString() << '\n';
        return 2;
    }

    const bool usesManifest = std::any_of(parsed.plan->stacks.cbegin(), parsed.plan->stacks.cend(),
        [](const PlanStack& s) { return !s.isExternal(); });
    if (usesManifest) {
        const QString untrusted = ensureTrusted(stacks.manifestPath, stacks.trust);
        if (!untrusted.isEmpty())
            return ::failure(untrusted);
    }

    StudyRunner runner;
    ProgressPrinter printer;
    int failedScenarios = 0;
    QString failure;
    QObject::connect(
        &runner, &StudyRunner::progress, &runner, [&](const StudyProgress& s) { printer.update(s); });
    QObject::connect(&runner, &StudyRunner::scenarioFinished, &runner, [&](quint64, const ScenarioRecord& r) {
        failedScenarios += r.ok() ? 0 : 1;
        printer.line(describe(r));
    });
    QObject::connect(&runner, &StudyRunner::conformanceChecked, &runner,
        [&](quint64, const QString& stack, bool passed, const QStringList& problems) {
            printer.line(u"  %1: conformance %2"_qs.arg(stack, passed ? u"passed"_qs : u"FAILED"_qs));
            for (const QString& problem : problems)
                printer.line(u"    "_qs + problem);
        });
    QObject::connect(&runner, &StudyRunner::preflightChecked, &runner, [&](quint64, const Preflight& pre) {
        printer.line(u"pre-flight:"_qs);
        for (const QString& line : pre.lines())
            printer.line(u"  "_qs + line);
    });
    QObject::connect(
        &runner, &StudyRunner::failed, &runner, [&](quint64, const QString& why) { failure = why; });
    QObject::connect(&runner, &StudyRunner::convergenceChecked, &runner,
        [&](quint64, int reps, const QStringList& unconverged, bool goingOn) {
            printer.line(u"  "_qs + describeConvergence(reps, unconverged, goingOn));
            for (const QString& bar : unconverged)
                printer.line(u"      "_qs + bar);
        });
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &runner, [&] {
        printer.line(u"stackbench: interrupted; stopping the load and the stack (Ctrl-C again to force)"_qs);
        runner.cancel();
    });

    StudyRunner::Options options;
    options.resultsDir = p.value(out);
    options.resume = p.isSet(resume);
    if (p.isSet(shard)) {
        const auto [k, n] = parsePartOf(p.value(shard), RunManifest::Shard::MaxShards);
        if (n == 0)
            return usageError(u"--shard must be K/N with 1 <= K <= N <= %1, e.g. 2/3"_qs.arg(
                RunManifest::Shard::MaxShards));
        options.shard = RunManifest::Shard { k, n };
    }
    options.ignoreConformance = p.isSet(ignore);
    options.manifestPath = stacks.manifestPath;
    bool cancelled = false;
    QEventLoop loop;
    QObject::connect(&runner, &StudyRunner::finished, &loop, [&](quint64, const QString&, bool wasCancelled) {
        cancelled = wasCancelled;
        loop.quit();
    });
    QObject::connect(&runner, &StudyRunner::failed, &loop, [&] {
        if (!runner.isRunning()) // a failure while writing results still ends with finished()
            loop.quit();
    });
    runner.start(*parsed.plan, options);
    loop.exec();
    if (!failure.isEmpty())
        return ::failure(failure);
    if (cancelled)
        return ::failure(u"cancelled; finished scenarios are in "_qs + options.resultsDir
            + u"; continue with --resume"_qs);
    printer.line(u"results: "_qs + options.resultsDir);
    if (failedScenarios)
        return ::failure(u"%1 scenario(s) failed; see above and the results folder"_qs.arg(failedScenarios));
    return 0;
}

const bool registered = registerCommand(
    { u"run"_qs, u"run a study plan headless and write a results folder"_qs, false, runStudy });
} // namespace
