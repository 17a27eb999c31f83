#pragma once

#include "loadspec.h"
#include "metrics/histogram.h"
#include "metrics/summary.h"
#include "requestfactory.h"
#include "transport.h"

#include <QCoroTask>
#include <QObject>
#include <QTimer>
#include <array>
#include <atomic>
#include <coroutine>
#include <memory>
#include <random>
#include <vector>

/// State shared by every worker thread of one run. Written before the threads start; afterwards
/// only the atomics change.
struct RunState
{
    RunState(const LoadSpec& s, quint64 id)
        : spec(s)
        , runId(id)
        , factory(s.request, s.baseUrl)
    {
    }
    const LoadSpec spec;
    const quint64 runId;
    RequestFactory factory;
    qint64 startNs = 0;
    /// Worker threads actually started (the runner starts at most one per VU): arrival-rate splits
    /// its schedule by this, never by the requested spec.threads.
    int workers = 1;
    std::atomic<bool> stop { false };
    std::atomic<qint64> claimed { 0 }; ///< shared-iterations: the next iteration to hand out
    std::atomic<qint64> seq { 0 }; ///< the `{seq}` placeholder
    /// A segmented run (LoadSpec::segment): the sequence and this segment's index in it. Set before
    /// the workers start, read-only after.
    std::optional<SegmentSequence> segments;
    qsizetype segmentIndex = 0;
    /// The whole load's index of this run's n-th iteration (or {seq}, or consumed id): n itself
    /// unless segmented, so that segments never collide.
    /// Per-VU iterations stripe by VU: the n-th iteration is iteration n % I of the segment's VU n / I.
    qint64 globalIndex(qint64 n) const
    {
        if (!segments)
            return n;
        if (spec.executor == ExecutorKind::PerVuIterations && spec.iterations > 0)
            return segments->nthIndex(segmentIndex, n / spec.iterations) * spec.iterations
                + n % spec.iterations;
        return segments->nthIndex(segmentIndex, n);
    }
    /// The whole load's number (from 1) of this run's VU `local` (from 0): {vu} never collides either.
    int globalVu(int local) const
    {
        return segments ? int(segments->nthIndex(segmentIndex, local)) + 1 : local + 1;
    }
};

/// One 250 ms window of one worker.
struct WorkerInterval
{
    int worker = 0;
    int tick = 0;
    qint64 startNs = 0; ///< the window as the worker saw it: rates divide by this, not by arrival time
    qint64 endNs = 0;
    qint64 requests = 0;
    ErrorCounts errors; ///< by class
    qint64 cpuNs = 0;
    int activeVus = 0;
    Histogram latency;
};

/// Everything a worker measured over the whole run.
struct WorkerTotals
{
    int worker = 0;
    Histogram latency;
    Histogram ttfb;
    ErrorCounts errors;
    std::array<qint64, 600> status {};
    qint64 requests = 0;
    qint64 bytes = 0;
    qint64 dropped = 0;
    double queueUsSum = 0;
    qint64 cpuNs = 0;
    qint64 lastDoneNs = 0;
};

Q_DECLARE_METATYPE(WorkerInterval)
Q_DECLARE_METATYPE(WorkerTotals)

/// Runs a share of a run's VUs as coroutines in the thread it lives in.
/// start() and abortAll() must be invoked in that thread (the runner uses queued invocations).
class LoadWorker : public QObject
{
    Q_OBJECT
public:
    LoadWorker(std::shared_ptr<RunState> state, int index, int firstVu, int vuCount, int maxVus);
    ~LoadWorker() override;

    void start();
    void abortAll();

Q_SIGNALS:
    void interval(const WorkerInterval& interval);
    void done(const WorkerTotals& totals);

private:
    struct Job
    {
        qint64 scheduledNs = 0;
        bool stop = false;
        qint64 seq = 0; ///< the iteration's index in the whole schedule: its {seq}
    };
    struct IdleVu
    {
        std::coroutine_handle<> handle;
        Job* slot;
    };
    struct NextJob;

    QCoro::Task<> runClosedVu(int slot);
    QCoro::Task<> runArrivalVu(int slot, Job first);
    QCoro::Task<> exchange(Transport& transport, int vu, qint64 seq, qint64 scheduledNs);
    bool claim(qint64* seq, qint64* ownCount) const;
    void dispatchArrivals();
    void releaseIdle();
    int spawnTransport();
    void vuFinished();
    void emitInterval();
    void record(const HttpResponse& response, qint64 latencyUs, qint64 queueUs);

    std::shared_ptr<RunState> m_state;
    const int m_index;
    const int m_firstVu;
    const int m_vuCount;
    const int m_maxVus;
    std::vector<std::unique_ptr<Transport>> m_transports;
    std::mt19937_64 m_rng;
    int m_activeVus = 0;
    int m_busyVus = 0;
    bool m_finished = false;

    // Arrival-rate scheduling.
    QTimer m_dispatchTimer;
    std::vector<IdleVu> m_idle;
    qint64 m_nextArrival = 0; ///< when the iteration m_nextLocal is due
    qint64 m_nextLocal = 0; ///< this run's next own iteration: this worker takes every workers-th
    /// When this run's n-th iteration is due: at its index in the whole schedule over the rate.
    qint64 arrivalTime(qint64 n) const;
    qint64 m_endNs = 0;
    bool m_schedulingDone = false; ///< no more arrivals will be handed out

    QTimer m_intervalTimer;
    QTimer m_maxDurationTimer;
    WorkerInterval m_interval;
    WorkerTotals m_totals;
    qint64 m_lastCpuNs = 0;
};
