#pragma once

#include "loadspec.h"
#include "metrics/histogram.h"
#include "metrics/summary.h"

#include <QCoroTask>
#include <QObject>
#include <memory>

/// The result of one finished load: its summary and the full latency and TTFB histograms (for merging).
struct LoadResult
{
    quint64 runId = 0;
    Summary summary;
    Histogram latency;
    Histogram ttfb;
    bool stopped = false; ///< ended early by stop()
    QString error; ///< set by runLoad() when the run failed to start
};
Q_DECLARE_METATYPE(LoadResult)

class LoadRunnerPrivate;

/// Runs one LoadSpec at a time. VUs are coroutines living in worker threads (LoadSpec::threads of
/// them), never in the thread that owns the runner. Signals are delivered queued into the owner's
/// thread: snapshotAvailable every 250 ms, then exactly one of finished or failed per start().
/// A stale run's signals are never emitted after a new start(): each carries its runId.
class LoadRunner : public QObject
{
    Q_OBJECT
public:
    explicit LoadRunner(QObject* parent = nullptr);
    ~LoadRunner() override; ///< stops and joins any running load

    /// Starts the load and returns its run id. A running load is stopped first.
    quint64 start(const LoadSpec& spec);
    /// Asks the running load to end; finished() follows within 1 s with stopped = true.
    void stop();
    bool isRunning() const;

Q_SIGNALS:
    void snapshotAvailable(const LiveSnapshot& snapshot);
    void finished(const LoadResult& result);
    void failed(quint64 runId, const QString& reason);
    /// Emitted right after finished() or failed(): lets a coroutine await "this run is over".
    void runEnded(quint64 runId);

private:
    std::unique_ptr<LoadRunnerPrivate> d;
};

/// Runs a spec to completion on a LoadRunner: the convenience used by the CLI, study runner and tests.
QCoro::Task<LoadResult> runLoad(LoadRunner& runner, const LoadSpec& spec);
