#include "studyrunner.h"

#include "engine/clock.h"
#include "engine/executortraits.h"
#include "engine/loadrunner.h"
#include "logtail.h"
#include "repetitions.h"
#include "results/environment.h"
#include "results/resultsfolder.h"
#include "results/resultswriter.h"
#include "results/resumeindex.h"
#include "stackcheck.h"
#include "stacks/conformance.h"
#include "stacks/machinecheck.h"
#include "stacks/proctree.h"
#include "stacks/resourcesampler.h"
#include "stacks/stackprocess.h"
#include "stacks/truststore.h"
#include "stackversions.h"
#include "studyestimate.h"

#include <QCoroTimer>
#include <QDir>
#include <QSet>
#include <QThread>

namespace {
/// A live snapshot as a point of the scenario's time series, with the server sampler's reading.
TimeSeries::Point seriesPoint(const LiveSnapshot& s, const ResourceSample* server)
{
    TimeSeries::Point p;
    p.t = s.elapsedS;
    p.rps = s.intervalRps;
    p.p50Ms = s.intervalP50Ms;
    p.p95Ms = s.intervalP95Ms;
    p.p99Ms = s.intervalP99Ms;
    p.errors = s.intervalErrors;
    p.activeVus = s.activeVus;
    p.clientCpuPercent = s.clientCpuPercent;
    if (server) {
        p.serverCpuPercent = server->cpuPercent;
        p.serverRssMb = server->rssMb;
        p.foreignCpuPercent = server->foreignCpuPercent;
        for (const ResourceSample::Worker& w : server->workers) {
            p.workerCpuPercent << w.cpuPercent;
            p.workerConnections << w.connections;
        }
    }
    return p;
}

/// Whether the runner still exists. Every coroutine of the study holds one in its frame and checks it
/// after each co_await: a StudyRunner destroyed while a coroutine was suspended (in a pause, a load,
/// a stack's start) must not be touched when that coroutine resumes. ~StudyRunner clears the flag
/// before it tears anything down, so even a resumption during its own destruction sees it.
struct Alive
{
    std::shared_ptr<bool> flag;
    explicit operator bool() const { return *flag; }
};
} // namespace

class StudyRunnerPrivate
{
public:
    StudyRunner* q = nullptr;
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    quint64 lastId = 0;
    quint64 studyId = 0;
    bool running = false;
    bool cancelled = false;
    LoadRunner load;
    ResourceSampler sampler;
    ResourceSample lastSample;
    bool sampling = false;
    TimeSeries series; ///< of the load being measured
    bool recording = false;
    std::unique_ptr<StackProcess> stack;
    QString crashReason;
    LogTail tail;

    Plan source; ///< as given: what the results folder records, and what a resume must match
    Plan plan; ///< the source with its sweeps expanded (expandSweeps()): what runs
    StudyRunner::Options options;
    std::optional<StackManifest> manifest;
    std::unique_ptr<ResultsWriter> writer;
    ResumeIndex done;
    StudyEstimate estimate;
    StudyProgress current;
    qint64 startNs = 0;
    Conformance conformance; ///< of the current stack, copied into its records
    QMap<QString, QString> params; ///< every parameter value the current stack runs with
    ResourceStats lastServer; ///< of the last measured load
    ScenarioDiagnostics lastDiagnostics; ///< of the last measured load
    TimeSeries lastSeries; ///< of the last measured load
    QSet<QString> written; ///< records of this run, ok or failed: "rep/stack/scenario"

    QCoro::Task<> run(quint64 id);
    QCoro::Task<bool> prepare();
    QCoro::Task<> runStack(int repetition, int stackIndex);
    QCoro::Task<bool> bringUp(const PlanStack& target, QUrl* base);
    QCoro::Task<bool> verify(const PlanStack& target, const QUrl& base);
    QCoro::Task<> warmUp(int repetition, const PlanStack& target, const QUrl& base);
    QCoro::Task<> runScenario(
        int repetition, const PlanStack& target, const Scenario& scenario, const QUrl& base);
    QCoro::Task<> tearDown();
    QCoro::Task<bool> pause(double seconds, StudyStage stage);
    QCoro::Task<LoadResult> measure(const LoadSpec& spec);
    QCoro::Task<bool> enoughRepetitions(int repetitions);
    void failRemaining(
        int repetition, const PlanStack& target, qsizetype fromScenario, const QString& reason);
    bool store(ScenarioRecord record);
    void enter(StudyStage stage, double plannedS);
    void report(double stageProgress);
    bool stopping() const { return cancelled || !crashReason.isEmpty(); }
    static QString key(int repetition, const QString& stack, const QString& scenario)
    {
        return QString::number(repetition) + u'/' + stack + u'/' + scenario;
    }
};

QString toString(StudyStage stage)
{
    switch (stage) {
    case StudyStage::Start:
        return u"start"_qs;
    case StudyStage::Settle:
        return u"settle"_qs;
    case StudyStage::Seed:
        return u"seed"_qs;
    case StudyStage::Verify:
        return u"verify"_qs;
    case StudyStage::Warmup:
        return u"warmup"_qs;
    case StudyStage::Idle:
        return u"idle"_qs;
    case StudyStage::Scenario:
        return u"scenario"_qs;
    case StudyStage::Gap:
        return u"gap"_qs;
    case StudyStage::Stop:
        return u"stop"_qs;
    }
    return {};
}

StudyRunner::StudyRunner(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<StudyRunnerPrivate>())
{
    qRegisterMetaType<StudyProgress>();
    qRegisterMetaType<ScenarioRecord>();
    qRegisterMetaType<Preflight>();
    d->q = this;
    connect(&d->load, &LoadRunner::snapshotAvailable, this, [this](LiveSnapshot s) {
        const bool sampled = d->sampling && d->lastSample.elapsedS > 0;
        if (sampled) {
            s.serverCpuPercent = d->lastSample.cpuPercent;
            s.serverRssMb = d->lastSample.rssMb;
        }
        if (d->recording)
            d->series.append(seriesPoint(s, sampled ? &d->lastSample : nullptr));
        Q_EMIT snapshotAvailable(d->studyId, s);
        d->report(s.progress);
    });
    connect(&d->sampler, &ResourceSampler::sampleAvailable, this,
        [this](const ResourceSample& s) { d->lastSample = s; });
    connect(&d->tail, &LogTail::line, this,
        [this](const QString& line) { Q_EMIT logLine(d->studyId, d->current.stack, line); });
}

StudyRunner::~StudyRunner()
{
    *d->alive = false;
    d->cancelled = true;
    d->load.stop();
    if (d->stack)
        d->stack->kill(); // no event loop left to stop it gracefully; never leave it running
}

bool StudyRunner::isRunning() const
{
    return d->running;
}

quint64 StudyRunner::start(const Plan& plan, const Options& options)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const quint64 id = ++d->lastId;
    if (d->running) {
        QMetaObject::invokeMethod(
            this, [this, id] { Q_EMIT failed(id, tr("a study is already running")); }, Qt::QueuedConnection);
        return id;
    }
    d->source = plan;
    d->plan = expandSweeps(plan);
    d->options = options;
    d->running = true;
    d->cancelled = false;
    // Start on the next event-loop pass so callers can connect to the first signals.
    QTimer::singleShot(0, this, [this, id] { d->run(id); });
    return id;
}

void StudyRunner::cancel()
{
    if (!d->running)
        return;
    d->cancelled = true;
    d->load.stop();
}

QCoro::Task<> StudyRunnerPrivate::run(quint64 id)
{
    studyId = id;
    startNs = nowNs();
    current = StudyProgress {};
    current.studyId = id;
    current.repetitions = plan.procedure.minRepetitions();
    current.maxRepetitions = plan.procedure.repetitions;
    current.stackCount = int(plan.stacks.size());
    const Alive self { alive }; // checked after every co_await
    const bool ready = co_await prepare();
    if (!self)
        co_return;
    if (!ready) {
        running = false;
        co_return;
    }
    for (int rep = 1; rep <= plan.procedure.repetitions && !cancelled; ++rep) {
        if (rep > plan.procedure.minRepetitions()) {
            const bool enough = co_await enoughRepetitions(rep - 1);
            if (!self)
                co_return;
            if (enough)
                break;
        }
        const QStringList order = writer->manifest().stackOrder(rep);
        for (int position = 0; position < order.size() && !cancelled; ++position) {
            current.stackIndex = position; // where it runs in this repetition, as the user sees it
            co_await runStack(rep, int(plan.stackIndex(order.at(position))));
            if (!self)
                co_return;
        }
    }
    if (plan.procedure.adaptive && !cancelled && !writer->manifest().convergence) {
        [[maybe_unused]] const bool last = co_await enoughRepetitions(plan.procedure.repetitions);
        if (!self)
            co_return;
    }
    if (!cancelled) [[maybe_unused]]
        const QString ignored = writer->markFinished();
    running = false;
    Q_EMIT q->finished(id, writer->dir(), cancelled);
}

QCoro::Task<bool> StudyRunnerPrivate::prepare()
{
    const Alive self { alive };
    auto fail = [this](const QString& why) {
        running = false;
        Q_EMIT q->failed(studyId, why);
        return false;
    };
    if (const JsonProblems problems = validatePlan(source); !problems.isEmpty())
        co_return fail(QObject::tr("the plan is invalid: %1").arg(problems.first().toString()));
    if (options.shard && plan.procedure.adaptive)
        co_return fail(
            QObject::tr("an adaptive procedure cannot run in shards: whether to repeat depends on every "
                        "stack's results; give the plan a fixed number of repetitions"));
    if (options.shard
        && (options.shard->n < 1 || options.shard->k < 1 || options.shard->k > options.shard->n))
        co_return fail(QObject::tr("the shard must be K/N with 1 <= K <= N"));
    const bool needsManifest = std::any_of(
        plan.stacks.cbegin(), plan.stacks.cend(), [](const PlanStack& s) { return !s.isExternal(); });
    QMap<QString, QString> versions;
    if (needsManifest) {
        QStringList errors;
        manifest = StackManifest::load(options.manifestPath, &errors);
        if (!manifest)
            co_return fail(QObject::tr("the stack manifest is invalid: %1").arg(errors.join(u"; "_qs)));
        if (!TrustStore().isTrusted(*manifest))
            co_return fail(QObject::tr("the stack manifest %1 is not trusted: approve its commands first "
                                       "(stackbench run --trust, or the prompt in the workbench)")
                               .arg(manifest->path));
        for (const PlanStack& s : plan.stacks) {
            if (s.isExternal())
                continue;
            const StackDefinition* def = manifest->find(s.stack);
            if (!def)
                co_return fail(QObject::tr("the plan names stack '%1', which the manifest %2 does not define")
                                   .arg(s.stack, manifest->path));
            for (auto it = s.params.cbegin(); it != s.params.cend(); ++it)
                if (!def->params.contains(it.key()))
                    co_return fail(QObject::tr(
                        "the plan sets the parameter '%1' of stack '%2', which the manifest %3 does not "
                        "declare (it declares: %4)")
                                       .arg(it.key(), s.stack, manifest->path,
                                           def->params.isEmpty() ? QObject::tr("none")
                                                                 : def->params.keys().join(u", "_qs)));
        }
        versions = co_await stackVersions(*manifest, StackManifest::defaultVenv());
        if (!self)
            co_return false;
    }

    // Before any stack starts: what else is using the machine is what the study must not measure.
    const Preflight preflight = co_await runPreflight();
    if (!self)
        co_return false;
    Q_EMIT q->preflightChecked(studyId, preflight);
    const QString dir = QDir(options.resultsDir).absolutePath();
    if (options.resume && QFileInfo::exists(dir + u"/manifest.json"_qs)) {
        const ResultsFolder folder = loadResults(dir);
        if (!folder.manifest)
            co_return fail(
                QObject::tr("cannot resume: %1")
                    .arg(folder.problems.isEmpty() ? QObject::tr("no readable manifest in %1").arg(dir)
                                                   : folder.problems.first().toString()));
        if (folder.manifest->plan.toJson() != source.toJson())
            co_return fail(
                QObject::tr("cannot resume: the results in %1 were made with a different plan").arg(dir));
        if (folder.manifest->shard != options.shard) {
            const auto& s = folder.manifest->shard;
            co_return fail(s ? QObject::tr("cannot resume: %1 is shard %2/%3; resume it with --shard %2/%3")
                                   .arg(dir, QString::number(s->k), QString::number(s->n))
                             : QObject::tr("cannot resume: %1 is a whole study, not a shard").arg(dir));
        }
        writer = std::make_unique<ResultsWriter>(dir, *folder.manifest);
        done = ResumeIndex(folder);
        if (const QString e = writer->markResumed(); !e.isEmpty())
            co_return fail(e);
    } else {
        if (QDir(dir).exists() && !QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot))
            co_return fail(
                QObject::tr("the results folder %1 is not empty; choose another or use --resume").arg(dir));
        RunManifest m;
        m.plan = source;
        m.shard = options.shard;
        m.environment = collectEnvironment(versions);
        m.preflight = preflight;
        m.transport = toString(plan.procedure.transport);
        m.startedAt = QDateTime::currentDateTimeUtc();
        for (int rep = 1; rep <= plan.procedure.repetitions; ++rep) {
            QStringList order;
            for (int i : williamsOrder(int(plan.stacks.size()), rep))
                order << plan.stacks.at(i).id();
            m.stackOrders << order;
        }
        writer = std::make_unique<ResultsWriter>(dir, m);
        done = ResumeIndex();
        if (const QString e = writer->writeManifest(); !e.isEmpty())
            co_return fail(e);
    }
    estimate = StudyEstimate(plan, done, options.shard);
    co_return true;
}

void StudyRunnerPrivate::enter(StudyStage stage, double plannedS)
{
    estimate.beginStage(plannedS);
    current.stage = stage;
    report(0);
}

void StudyRunnerPrivate::report(double stageProgress)
{
    current.stageProgress = std::clamp(stageProgress, 0.0, 1.0);
    current.elapsedS = double(nowNs() - startNs) / 1e9;
    current.overall = estimate.overall(current.stageProgress);
    current.etaS = estimate.etaSeconds(current.stageProgress, current.elapsedS);
    Q_EMIT q->progress(current);
}

bool StudyRunnerPrivate::store(ScenarioRecord record)
{
    record.params = params;
    if (const QString error = writer->write(record); !error.isEmpty()) {
        cancelled = true; // nothing measured from now on could be kept: stop rather than lose it
        load.stop();
        Q_EMIT q->failed(studyId, error);
        return false;
    }
    if (!record.warmup) {
        written.insert(key(record.repetition, record.stack, record.scenarioId));
        Q_EMIT q->scenarioFinished(studyId, record);
    }
    return true;
}

void StudyRunnerPrivate::failRemaining(
    int repetition, const PlanStack& target, qsizetype from, const QString& reason)
{
    for (qsizetype i = from; i < plan.scenarios.size(); ++i) {
        const Scenario& s = plan.scenarios.at(i);
        if (done.isComplete(repetition, target.id(), s.id)
            || written.contains(key(repetition, target.id(), s.id)))
            continue;
        if (!store(ScenarioRecord::failure(repetition, target.id(), s, reason)))
            return;
    }
}

QCoro::Task<bool> StudyRunnerPrivate::pause(double seconds, StudyStage stage)
{
    const Alive self { alive };
    enter(stage, seconds);
    const qint64 end = nowNs() + qint64(seconds * 1e9);
    while (!stopping() && nowNs() < end) {
        const std::chrono::milliseconds slice(
            std::min<qint64>(100, std::max<qint64>(1, (end - nowNs()) / 1'000'000)));
        co_await QCoro::sleepFor(slice);
        if (!self)
            co_return false;
        report(1.0 - double(end - nowNs()) / (seconds * 1e9));
    }
    co_return !stopping();
}

QCoro::Task<LoadResult> StudyRunnerPrivate::measure(const LoadSpec& spec)
{
    const Alive self { alive };
    if (stack) {
        lastSample = ResourceSample {};
        sampler.start(stack->pid(), stack->port(), peakVus(spec));
        sampling = true;
    }
    series = TimeSeries {};
    recording = true;
    LoadResult result = co_await runLoad(load, spec);
    if (!self)
        co_return result;
    sampling = false;
    recording = false;
    lastSeries = std::move(series);
    lastServer = stack ? sampler.stop() : ResourceStats {};
    lastDiagnostics = stack ? sampler.diagnostics() : ScenarioDiagnostics {};
    co_return result;
}

QCoro::Task<bool> StudyRunnerPrivate::enoughRepetitions(int repetitions)
{
    // Reading every record back is file I/O: off this (possibly the GUI) thread.
    const QString dir = writer->dir();
    const double target = plan.procedure.adaptive->targetCiPercent;
    // A thread of its own, polled: no co_await on an expression holding temporaries (GCC 12 destroys
    // them twice), and the thread is always joined before this frame, which holds the result, goes.
    const Alive self { alive };
    std::optional<Convergence> result;
    std::unique_ptr<QThread> thread(QThread::create(
        [&result, dir, target] { result = checkConvergence(aggregate(loadResults(dir)), target); }));
    thread->start();
    while (!thread->isFinished())
        co_await QCoro::sleepFor(std::chrono::milliseconds(20));
    thread->wait();
    if (!self)
        co_return true; // destroyed meanwhile: nothing of it may be touched
    const Convergence c = *result;
    const bool stop = stopsAfter(plan.procedure, repetitions, c);
    Q_EMIT q->convergenceChecked(studyId, repetitions, c.unconverged, !stop);
    if (stop) {
        if (const QString e = writer->recordConvergence({ repetitions, c.unconverged }); !e.isEmpty())
            Q_EMIT q->failed(studyId, e);
        co_return true;
    }
    current.repetitions = repetitions + 1;
    estimate.setPlannedRepetitions(repetitions + 1);
    co_return false;
}

QCoro::Task<> StudyRunnerPrivate::runStack(int repetition, int stackIndex)
{
    const Alive self { alive };
    const PlanStack target = plan.stacks.at(stackIndex);
    current.repetition = repetition;
    current.stack = target.id();
    current.scenarioId.clear();
    current.scenarioTitle.clear();
    if (done.isStackComplete(repetition, target.id(), plan)
        || (options.shard && !options.shard->holds(repetition, stackIndex, plan.stacks.size()))) {
        estimate.skipStack(); // done before a resume, or another shard's
        co_return;
    }
    crashReason.clear();
    QUrl base;
    const bool up = co_await bringUp(target, &base);
    if (!self)
        co_return;
    if (!up) {
        co_await tearDown();
        if (self)
            estimate.finishStack();
        co_return;
    }
    const Procedure& p = plan.procedure;
    bool ok = co_await pause(p.settleS, StudyStage::Settle);
    if (!self)
        co_return;
    if (ok && stack) {
        enter(StudyStage::Seed, estimate.seedSeconds());
        const SeedResult seeded = co_await stack->seed(p.seedCount);
        if (!self)
            co_return;
        if (!seeded.ok) {
            failRemaining(repetition, target, 0, QObject::tr("seeding failed: %1").arg(seeded.error));
            ok = false;
        }
    }
    // GCC 12 mis-compiles co_await inside conditions and short-circuit expressions: each result is
    // bound to a named local first.
    if (ok && !stopping()) {
        const bool verified = co_await verify(target, base);
        if (!self)
            co_return;
        ok = verified;
    }
    if (ok && !stopping()) {
        co_await warmUp(repetition, target, base);
        if (!self)
            co_return;
        const bool idled = co_await pause(p.idleS, StudyStage::Idle);
        if (!self)
            co_return;
        ok = idled;
    }
    for (qsizetype i = 0; ok && i < plan.scenarios.size(); ++i) {
        const Scenario& scenario = plan.scenarios.at(i);
        if (done.isComplete(repetition, target.id(), scenario.id))
            continue; // finished before a resume; the estimate never counted it
        if (i > 0) {
            const bool paused = co_await pause(p.gapS, StudyStage::Gap);
            if (!self)
                co_return;
            if (!paused)
                break;
        }
        co_await runScenario(repetition, target, scenario, base);
        if (!self)
            co_return;
        ok = !stopping();
    }
    if (!crashReason.isEmpty())
        failRemaining(repetition, target, 0, crashReason); // the study goes on with the next stack
    co_await tearDown();
    if (self)
        estimate.finishStack();
}

QCoro::Task<bool> StudyRunnerPrivate::bringUp(const PlanStack& target, QUrl* base)
{
    const Alive self { alive };
    enter(StudyStage::Start, estimate.startSeconds());
    params.clear();
    if (target.isExternal()) {
        *base = target.url;
        co_return true;
    }
    StackDefinition def = *manifest->find(target.stack);
    def.params = def.paramsWith(target.params);
    params = def.params;
    StackLaunchOptions launch;
    launch.runDirectory = writer->dir() + u"/logs/rep%1-%2"_qs.arg(current.repetition).arg(target.id());
    stack = std::make_unique<StackProcess>(*manifest, def, launch);
    QObject::connect(stack.get(), &StackProcess::crashed, q, [this](const QString& message) {
        crashReason = QObject::tr("the stack crashed: %1").arg(message);
        load.stop();
        Q_EMIT q->logLine(studyId, current.stack, crashReason);
    });
    const bool started = co_await stack->start();
    if (!self)
        co_return false;
    tail.start(stack->logPath());
    [[maybe_unused]] const QString e1 = writer->recordCommand(target.id(), stack->seedCommandLine());
    [[maybe_unused]] const QString e2 = writer->recordCommand(target.id(), stack->commandLine());
    if (!started) {
        failRemaining(current.repetition, target, 0, stack->error());
        co_return false;
    }
    *base = stack->baseUrl();
    if (const QString error = proc::pinTree(stack->pid(), plan.procedure.pin.stack); !error.isEmpty()) {
        failRemaining(
            current.repetition, target, 0, QObject::tr("cannot pin the stack to its CPUs: %1").arg(error));
        co_return false;
    }
    co_return true;
}

QCoro::Task<bool> StudyRunnerPrivate::verify(const PlanStack& target, const QUrl& base)
{
    conformance = Conformance {};
    if (!plan.procedure.verify)
        co_return true;
    const Alive self { alive };
    enter(StudyStage::Verify, estimate.verifySeconds());
    ConformanceOptions o;
    o.target = target.id();
    o.transport = plan.procedure.transport;
    const StackCheck check = co_await checkTarget(base, o);
    if (!self)
        co_return false;
    conformance = Conformance { true, check.passed(), check.problems() };
    Q_EMIT q->conformanceChecked(studyId, target.id(), check.passed(), check.problems());
    if (check.passed() || options.ignoreConformance)
        co_return true;
    failRemaining(current.repetition, target, 0,
        QObject::tr("failed the conformance check (%1); rerun with the override to benchmark it anyway")
            .arg(check.report.failedNames().join(u", "_qs)));
    co_return false;
}

QCoro::Task<> StudyRunnerPrivate::warmUp(int repetition, const PlanStack& target, const QUrl& base)
{
    const Alive self { alive };
    for (const WarmupStep& step : warmupSteps(plan.procedure, base)) {
        if (stopping())
            co_return;
        enter(StudyStage::Warmup, expectedSeconds(step.spec));
        const LoadResult r = co_await measure(step.spec);
        if (!self)
            co_return;
        ScenarioRecord record = ScenarioRecord::fromWarmup(repetition, target.id(), step.id, r);
        record.diagnostics = lastDiagnostics;
        record.series = lastSeries;
        if (!store(record))
            co_return;
    }
}

QCoro::Task<> StudyRunnerPrivate::runScenario(
    int repetition, const PlanStack& target, const Scenario& scenario, const QUrl& base)
{
    const Alive self { alive };
    current.scenarioId = scenario.id;
    current.scenarioTitle = scenario.title;
    const LoadSpec spec = toLoadSpec(scenario, plan.procedure, base);
    enter(StudyStage::Scenario, expectedSeconds(spec));
    const LoadResult result = co_await measure(spec);
    if (!self)
        co_return;
    const ResourceStats& server = lastServer;
    if (cancelled && crashReason.isEmpty())
        co_return; // a cancelled scenario is not a result; resuming runs it again
    ScenarioRecord record = crashReason.isEmpty()
        ? ScenarioRecord::fromLoad(repetition, target.id(), scenario, result)
        : ScenarioRecord::failure(repetition, target.id(), scenario, crashReason);
    if (stack && server.samples > 0) {
        record.server.cpuPercentMean = server.cpuMeanPercent;
        record.server.cpuPercentMax = server.cpuMaxPercent;
        record.server.rssMbMean = server.rssMeanMb;
        record.server.rssMbMax = server.rssMaxMb;
        record.server.samples = server.samples;
    }
    record.conformance = conformance;
    record.diagnostics = lastDiagnostics;
    record.series = lastSeries;
    store(record);
}

QCoro::Task<> StudyRunnerPrivate::tearDown()
{
    if (!stack)
        co_return;
    const Alive self { alive };
    enter(StudyStage::Stop, estimate.stopSeconds());
    co_await stack->stop();
    if (!self)
        co_return;
    tail.stop();
    stack.reset();
}
