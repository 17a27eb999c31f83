#include "loadworker.h"

#include "affinity.h"
#include "clock.h"

#include <ctime>

namespace {
qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

constexpr int IntervalMs = 250;
} // namespace

/// Parks an idle arrival-rate VU until the dispatcher hands it an iteration (or a stop).
struct LoadWorker::NextJob
{
    LoadWorker* worker;
    Job job {};
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { worker->m_idle.push_back({ h, &job }); }
    Job await_resume() const noexcept { return job; }
};

LoadWorker::LoadWorker(std::shared_ptr<RunState> state, int index, int firstVu, int vuCount, int maxVus)
    : m_state(std::move(state))
    , m_index(index)
    , m_firstVu(firstVu)
    , m_vuCount(vuCount)
    , m_maxVus(maxVus)
    , m_rng(m_state->runId * 7919 + quint64(index))
    , m_dispatchTimer(this)
    , m_intervalTimer(this)
    , m_maxDurationTimer(this)
{
    m_interval.worker = m_totals.worker = index;
    m_intervalTimer.setInterval(IntervalMs);
    m_intervalTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_intervalTimer, &QTimer::timeout, this, &LoadWorker::emitInterval);
    m_dispatchTimer.setSingleShot(true);
    m_dispatchTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_dispatchTimer, &QTimer::timeout, this, &LoadWorker::dispatchArrivals);
    m_maxDurationTimer.setSingleShot(true);
    connect(&m_maxDurationTimer, &QTimer::timeout, this, [this] {
        m_state->stop = true;
        abortAll();
    });
}

LoadWorker::~LoadWorker() = default;

int LoadWorker::spawnTransport()
{
    Transport::Options options;
    options.baseUrl = m_state->spec.baseUrl;
    options.timeout = m_state->spec.timeout;
    options.maxBodyBytes = m_state->spec.maxBodyBytes;
    m_transports.push_back(Transport::create(m_state->spec.transport, options));
    ++m_activeVus;
    return int(m_transports.size()) - 1;
}

void LoadWorker::start()
{
    pinThread(m_state->spec.cpuAffinity); // validated with the spec: CPUs that exist
    m_lastCpuNs = threadCpuNs();
    m_interval.startNs = nowNs();
    m_intervalTimer.start();
    const auto& spec = m_state->spec;
    if (spec.executor == ExecutorKind::ConstantArrivalRate) {
        m_endNs
            = m_state->startNs + std::chrono::nanoseconds(spec.duration).count(); // arrivalTime() reads it
        m_nextLocal = m_index;
        m_nextArrival = arrivalTime(m_nextLocal);
        for (int i = 0; i < m_vuCount; ++i)
            runArrivalVu(spawnTransport(), Job { 0, false });
        dispatchArrivals();
        return;
    }
    if (spec.executor != ExecutorKind::ConstantVus)
        m_maxDurationTimer.start(spec.maxDuration);
    for (int i = 0; i < m_vuCount; ++i)
        runClosedVu(spawnTransport());
    if (m_vuCount == 0)
        vuFinished();
}

void LoadWorker::abortAll()
{
    m_dispatchTimer.stop();
    m_schedulingDone = true;
    for (auto& t : m_transports)
        t->abort();
    releaseIdle();
}

bool LoadWorker::claim(qint64* seq, qint64* ownCount) const
{
    const auto& spec = m_state->spec;
    if (m_state->stop.load(std::memory_order_relaxed))
        return false;
    switch (spec.executor) {
    case ExecutorKind::ConstantVus:
        if (nowNs() - m_state->startNs >= std::chrono::nanoseconds(spec.duration).count())
            return false;
        *seq = m_state->globalIndex(m_state->seq.fetch_add(1, std::memory_order_relaxed));
        return true;
    case ExecutorKind::SharedIterations: {
        const qint64 n = m_state->claimed.fetch_add(1, std::memory_order_relaxed);
        *seq = m_state->globalIndex(n);
        return n < spec.iterations;
    }
    case ExecutorKind::PerVuIterations:
        if ((*ownCount)++ >= spec.iterations)
            return false;
        *seq = m_state->globalIndex(m_state->seq.fetch_add(1, std::memory_order_relaxed));
        return true;
    case ExecutorKind::ConstantArrivalRate:
        break;
    }
    return false;
}

QCoro::Task<> LoadWorker::runClosedVu(int slot)
{
    Transport& transport = *m_transports[size_t(slot)];
    const int vu = m_state->globalVu(m_firstVu + slot);
    qint64 seq = 0;
    qint64 own = 0;
    while (claim(&seq, &own))
        co_await exchange(transport, vu, seq, 0);
    vuFinished();
}

QCoro::Task<> LoadWorker::runArrivalVu(int slot, Job job)
{
    Transport& transport = *m_transports[size_t(slot)];
    const int vu = m_state->globalVu(m_firstVu + slot);
    for (;;) {
        if (job.scheduledNs) {
            ++m_busyVus;
            // Unsegmented, {seq} counts the iterations sent, as it always did; segmented, it is the
            // iteration's index in the whole schedule, so segments never share one.
            const qint64 seq
                = m_state->segments ? job.seq : m_state->seq.fetch_add(1, std::memory_order_relaxed);
            co_await exchange(transport, vu, seq, job.scheduledNs);
            --m_busyVus;
        }
        if (m_state->stop.load(std::memory_order_relaxed) || m_schedulingDone)
            break;
        job = co_await NextJob { this };
        if (job.stop)
            break;
    }
    vuFinished();
}

void LoadWorker::dispatchArrivals()
{
    const qint64 now = nowNs();
    while (m_nextArrival <= now && m_nextArrival < m_endNs && !m_state->stop) {
        const Job job { m_nextArrival, false, m_state->globalIndex(m_nextLocal) };
        m_nextLocal += std::max(1, m_state->workers);
        m_nextArrival = arrivalTime(m_nextLocal);
        if (!m_idle.empty()) {
            const IdleVu idle = m_idle.back();
            m_idle.pop_back();
            *idle.slot = job;
            idle.handle.resume();
        } else if (int(m_transports.size()) < m_maxVus) {
            runArrivalVu(spawnTransport(), job);
        } else {
            ++m_totals.dropped; // k6 semantics: no free VU at the scheduled time drops the iteration
        }
    }
    if (m_nextArrival < m_endNs && !m_state->stop) {
        m_dispatchTimer.start(int(std::max<qint64>(0, (m_nextArrival - nowNs()) / 1'000'000)));
        return;
    }
    m_schedulingDone = true;
    releaseIdle();
}

qint64 LoadWorker::arrivalTime(qint64 n) const
{
    // In doubles, and past the end for anything beyond it: a tiny rate must not overflow.
    const double offsetNs = double(m_state->globalIndex(n)) * 1e9 / m_state->spec.rate;
    const double windowNs = double(m_endNs - m_state->startNs);
    return offsetNs >= windowNs ? m_endNs : m_state->startNs + qint64(offsetNs);
}

void LoadWorker::releaseIdle()
{
    auto idle = std::exchange(m_idle, {});
    for (const auto& vu : idle) {
        *vu.slot = Job { 0, true };
        vu.handle.resume();
    }
}

QCoro::Task<> LoadWorker::exchange(Transport& transport, int vu, qint64 seq, qint64 scheduledNs)
{
    HttpRequest request = m_state->factory.make(seq, vu, m_rng);
    const qint64 sendNs = nowNs();
    const HttpResponse response = co_await transport.send(request);
    if (m_state->stop.load(std::memory_order_relaxed) && response.outcome != Outcome::Ok)
        co_return; // aborted by stop(): not a measurement
    // Open model: latency runs from the scheduled send time, so a late send is not forgiven.
    const qint64 queueUs = scheduledNs ? std::max<qint64>(0, (sendNs - scheduledNs) / 1000) : 0;
    record(response, response.totalUs + queueUs, queueUs);
}

void LoadWorker::record(const HttpResponse& response, qint64 latencyUs, qint64 queueUs)
{
    m_totals.latency.record(latencyUs);
    m_totals.ttfb.record(response.ttfbUs);
    m_interval.latency.record(latencyUs);
    ++m_interval.requests;
    ++m_totals.requests;
    if (response.outcome != Outcome::Ok) {
        m_interval.errors.add(response.outcome);
        m_totals.errors.add(response.outcome);
    }
    if (response.status > 0 && response.status < int(m_totals.status.size()))
        ++m_totals.status[size_t(response.status)];
    m_totals.bytes += response.bytes;
    m_totals.queueUsSum += double(queueUs);
    m_totals.lastDoneNs = nowNs();
}

void LoadWorker::emitInterval()
{
    const qint64 cpu = threadCpuNs();
    m_interval.cpuNs = cpu - m_lastCpuNs;
    m_lastCpuNs = cpu;
    m_interval.activeVus
        = m_state->spec.executor == ExecutorKind::ConstantArrivalRate ? m_busyVus : m_activeVus;
    m_interval.endNs = nowNs();
    Q_EMIT interval(m_interval);
    ++m_interval.tick;
    m_interval.startNs = m_interval.endNs;
    m_interval.requests = 0;
    m_interval.errors = ErrorCounts {};
    m_interval.latency.reset();
}

void LoadWorker::vuFinished()
{
    if (--m_activeVus > 0 || m_finished)
        return;
    m_finished = true;
    m_intervalTimer.stop();
    m_maxDurationTimer.stop();
    m_dispatchTimer.stop();
    emitInterval();
    m_totals.cpuNs = threadCpuNs();
    Q_EMIT done(m_totals);
}
