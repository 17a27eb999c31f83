#include "loadrunner.h"

#include "clock.h"
#include "executortraits.h"
#include "loadworker.h"

#include <QCoroTimer>
#include <QMap>
#include <QThread>
#include <QTimer>

namespace {
void registerTypes()
{
    static const bool once = [] {
        qRegisterMetaType<LoadResult>();
        qRegisterMetaType<LiveSnapshot>();
        qRegisterMetaType<Summary>();
        qRegisterMetaType<WorkerInterval>();
        qRegisterMetaType<WorkerTotals>();
        return true;
    }();
    Q_UNUSED(once);
}
} // namespace

class LoadRunnerPrivate
{
public:
    struct Worker
    {
        std::unique_ptr<QThread> thread;
        LoadWorker* object = nullptr; // deleted in its own thread when that thread finishes
    };
    struct Tick
    {
        int reports = 0;
        WorkerInterval merged;
    };

    LoadRunner* q = nullptr;
    quint64 lastRunId = 0;
    std::shared_ptr<RunState> state;
    std::vector<Worker> workers;
    QMap<int, Tick> ticks;
    int liveWorkers = 0;
    bool stopped = false;
    LoadResult result;
    double queueUsSum = 0;
    qint64 cpuNs = 0;
    qint64 lastDoneNs = 0;
    LiveSnapshot live;

    void onInterval(const WorkerInterval& interval);
    void flushTicks();
    void onDone(const WorkerTotals& totals);
    void finish();
    QString checkArrivalSchedule() const;
    void joinWorkers();
    double progress() const;
};

LoadRunner::LoadRunner(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<LoadRunnerPrivate>())
{
    registerTypes();
    d->q = this;
}

LoadRunner::~LoadRunner()
{
    stop();
    d->joinWorkers();
}

bool LoadRunner::isRunning() const
{
    return !d->workers.empty();
}

quint64 LoadRunner::start(const LoadSpec& whole)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (isRunning()) {
        stop();
        d->joinWorkers();
    }
    const quint64 runId = ++d->lastRunId;
    const QStringList problems = whole.validate();
    if (!problems.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this, runId, problems] {
                Q_EMIT failed(runId, problems.join(u"; "_qs));
                Q_EMIT runEnded(runId);
            },
            Qt::QueuedConnection);
        return runId;
    }

    // A segmented run applies its share of the whole (LoadSpec::segmentShare()).
    const LoadSpec spec = whole.segmentShare();
    if (!spec.hasWork()) { // e.g. 1 VU over 3 segments: this one has none, as in k6
        QMetaObject::invokeMethod(
            this,
            [this, runId, transport = toString(spec.transport)] {
                LoadResult empty;
                empty.runId = runId;
                empty.summary.transport = transport;
                Q_EMIT finished(empty);
                Q_EMIT runEnded(runId);
            },
            Qt::QueuedConnection);
        return runId;
    }
    d->state = std::make_shared<RunState>(spec, runId);
    if (whole.isSegmented()) {
        const auto seg = whole.segmentation(); // validated above
        d->state->segments = seg->first;
        d->state->segmentIndex = seg->second;
        d->state->factory.setIndexMap([state = d->state.get()](qint64 n) { return state->globalIndex(n); });
    }
    d->ticks.clear();
    d->stopped = false;
    d->result = LoadResult {};
    d->queueUsSum = 0;
    d->cpuNs = 0;
    d->lastDoneNs = 0;
    d->result.runId = runId;
    d->result.summary.transport = toString(spec.transport);
    d->live = LiveSnapshot {};
    d->live.runId = runId;

    // Spread VUs evenly over the worker threads; arrival-rate splits its rate the same way.
    const bool arrival = traitsOf(spec.executor).arrival;
    const int preAllocated = arrival ? std::max(spec.preAllocatedVus, spec.vus) : spec.vus;
    const int maxVus = arrival ? std::max(peakVus(spec), 1) : spec.vus;
    const int threads = std::clamp(spec.threads, 1, std::max(1, maxVus));
    d->liveWorkers = threads;
    d->state->workers = threads;
    d->state->startNs = nowNs();
    int firstVu = 0;
    for (int i = 0; i < threads; ++i) {
        const int vus = preAllocated / threads + (i < preAllocated % threads ? 1 : 0);
        const int cap = maxVus / threads + (i < maxVus % threads ? 1 : 0);
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(u"load-worker-%1"_qs.arg(i));
        auto* worker = new LoadWorker(d->state, i, firstVu, vus, cap);
        firstVu += cap;
        worker->moveToThread(thread.get());
        connect(thread.get(), &QThread::finished, worker, &QObject::deleteLater);
        connect(worker, &LoadWorker::interval, this, [this, runId](const WorkerInterval& iv) {
            if (d->state && d->state->runId == runId)
                d->onInterval(iv);
        });
        connect(worker, &LoadWorker::done, this, [this, runId](const WorkerTotals& t) {
            if (d->state && d->state->runId == runId)
                d->onDone(t);
        });
        thread->start();
        QMetaObject::invokeMethod(worker, &LoadWorker::start, Qt::QueuedConnection);
        d->workers.push_back({ std::move(thread), worker });
    }
    return runId;
}

void LoadRunner::stop()
{
    if (!d->state || d->workers.empty())
        return;
    d->stopped = true;
    d->state->stop = true;
    for (auto& w : d->workers)
        QMetaObject::invokeMethod(w.object, &LoadWorker::abortAll, Qt::QueuedConnection);
}

void LoadRunnerPrivate::joinWorkers()
{
    for (auto& w : workers) {
        w.thread->quit();
        w.thread->wait();
    }
    workers.clear();
}

double LoadRunnerPrivate::progress() const
{
    const auto& spec = state->spec;
    if (const qint64 planned = plannedIterations(spec.executor, spec.vus, spec.iterations); planned > 0)
        return double(live.totalRequests) / double(planned);
    return live.elapsedS * 1000.0 / double(std::max<qint64>(1, spec.duration.count()));
}

void LoadRunnerPrivate::onInterval(const WorkerInterval& interval)
{
    Tick& tick = ticks[interval.tick];
    tick.merged.startNs = tick.reports ? std::min(tick.merged.startNs, interval.startNs) : interval.startNs;
    tick.merged.endNs = std::max(tick.merged.endNs, interval.endNs);
    ++tick.reports;
    tick.merged.requests += interval.requests;
    tick.merged.errors.merge(interval.errors);
    tick.merged.cpuNs += interval.cpuNs;
    tick.merged.activeVus += interval.activeVus;
    tick.merged.latency.merge(interval.latency);
    flushTicks();
}

void LoadRunnerPrivate::flushTicks()
{
    // A window is complete when every worker still running has reported it.
    while (!ticks.isEmpty() && ticks.first().reports >= liveWorkers) {
        const WorkerInterval merged = ticks.first().merged;
        ticks.erase(ticks.begin());
        const double window = std::max(1e-3, double(merged.endNs - merged.startNs) / 1e9);
        live.elapsedS = double(merged.endNs - state->startNs) / 1e9;
        live.intervalRps = double(merged.requests) / window;
        live.intervalMeanMs = merged.latency.mean() / 1000.0;
        live.intervalP50Ms = double(merged.latency.percentile(50)) / 1000.0;
        live.intervalP95Ms = double(merged.latency.percentile(95)) / 1000.0;
        live.intervalP99Ms = double(merged.latency.percentile(99)) / 1000.0;
        live.totalRequests += merged.requests;
        live.totalErrors += merged.errors.total();
        live.intervalErrors = merged.errors;
        live.activeVus = merged.activeVus;
        live.clientCpuPercent = 100.0 * double(merged.cpuNs) / 1e9 / window;
        live.progress = std::clamp(progress(), 0.0, 1.0);
        Q_EMIT q->snapshotAvailable(live);
    }
}

void LoadRunnerPrivate::onDone(const WorkerTotals& t)
{
    Summary& s = result.summary;
    result.latency.merge(t.latency);
    result.ttfb.merge(t.ttfb);
    s.requests += t.requests;
    s.errors.merge(t.errors);
    for (size_t code = 0; code < t.status.size(); ++code)
        if (t.status[code])
            s.statusCounts[int(code)] += t.status[code];
    s.bytesReceived += t.bytes;
    s.droppedIterations += t.dropped;
    queueUsSum += t.queueUsSum;
    cpuNs += t.cpuNs;
    lastDoneNs = std::max(lastDoneNs, t.lastDoneNs);
    --liveWorkers;
    flushTicks();
    if (liveWorkers == 0)
        finish();
}

QString LoadRunnerPrivate::checkArrivalSchedule() const
{
    // An open model must account for every scheduled iteration: it completed (with any outcome) or
    // was dropped. Each worker's schedule rounds at its end, so the total may differ by one per
    // worker. A gap means the engine silently delivered a different rate than the plan asked for.
    const auto& spec = state->spec;
    if (!traitsOf(spec.executor).arrival || stopped)
        return {};
    const Summary& s = result.summary;
    double scheduled = spec.rate * double(spec.duration.count()) / 1000.0;
    if (state->segments) // this segment's share of the whole schedule's iterations
        scheduled = double(state->segments->scale(state->segmentIndex, qint64(std::ceil(scheduled))));
    const double accounted = double(s.requests + s.droppedIterations);
    if (std::abs(accounted - scheduled) <= state->workers + 0.5)
        return {};
    return QObject::tr(
        "engine error: the arrival schedule does not add up: %1 completed + %2 dropped iterations, "
        "but %3 per second for %4 s schedules %5")
        .arg(s.requests)
        .arg(s.droppedIterations)
        .arg(spec.rate)
        .arg(double(spec.duration.count()) / 1000.0)
        .arg(qRound64(scheduled));
}

void LoadRunnerPrivate::finish()
{
    Summary& s = result.summary;
    const auto& spec = state->spec;
    // Duration-based executors report over their planned window, as k6 does; iteration executors
    // over the time until their last response.
    const double wall = double(nowNs() - state->startNs) / 1e9;
    const double active = lastDoneNs ? double(lastDoneNs - state->startNs) / 1e9 : wall;
    const bool timed = traitsOf(spec.executor).timed;
    s.durationS = timed && !stopped ? std::max(active, double(spec.duration.count()) / 1000.0) : active;
    s.rps = s.durationS > 0 ? double(s.requests) / s.durationS : 0;
    s.latency = LatencyStats::from(result.latency);
    s.ttfb = LatencyStats::from(result.ttfb);
    s.queueMsMean = s.requests ? queueUsSum / 1000.0 / double(s.requests) : 0;
    s.clientCpuPercent = wall > 0 ? 100.0 * double(cpuNs) / 1e9 / wall : 0;
    result.stopped = stopped;
    if (const QString broken = checkArrivalSchedule(); !broken.isEmpty() && result.error.isEmpty())
        result.error = broken;
    joinWorkers();
    Q_EMIT q->finished(result);
    Q_EMIT q->runEnded(result.runId);
}

QCoro::Task<LoadResult> runLoad(LoadRunner& runner, const LoadSpec& spec)
{
    const quint64 runId = runner.start(spec);
    LoadResult result;
    bool done = false;
    // The wait is on a timer of this frame, not on the runner's own signals: those die with the
    // runner, and a runner destroyed mid-load would leave this coroutine, and every caller's,
    // suspended for ever. The timer idles at an hour and is set to fire at once when the run ends.
    QTimer wake;
    wake.setSingleShot(true);
    const auto end = [&] {
        done = true;
        wake.start(0);
    };
    QObject::connect(&runner, &LoadRunner::finished, &wake, [&](const LoadResult& r) {
        if (r.runId == runId) {
            result = r;
            end();
        }
    });
    QObject::connect(&runner, &LoadRunner::failed, &wake, [&](quint64 id, const QString& why) {
        if (id == runId) {
            result.runId = id;
            result.error = why;
            end();
        }
    });
    QObject::connect(&runner, &QObject::destroyed, &wake, [&] {
        if (!done) {
            result.runId = runId;
            result.error = QObject::tr("the load runner was destroyed during the run");
            end();
        }
    });
    while (!done) {
        if (!wake.isActive())
            wake.start(std::chrono::hours(1));
        co_await wake;
    }
    co_return result;
}
