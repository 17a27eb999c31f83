#pragma once

#include "metrics/diagnostics.h"
#include "procsignals.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <chrono>

/// One reading of a server's process tree (root and all descendants).
struct ResourceSample
{
    double elapsedS = 0; ///< since start()
    double cpuPercent = 0; ///< of one core, over the interval since the previous sample
    double rssMb = 0; ///< sum of resident sets (MiB)
    int processes = 0; ///< live processes in the tree
    /// The tree's workers (processes without children, or holding connections), by pid: their CPU
    /// over the interval (% of one core) and their established connections on the stack's port.
    struct Worker
    {
        qint64 pid = 0;
        double cpuPercent = 0;
        int connections = 0;
    };
    QList<Worker> workers;
    /// CPU the rest of the machine used over the interval (% of one core); -1 when unknown.
    double foreignCpuPercent = -1;
    bool blocked = false; ///< a process of the tree was waiting on I/O (state D)
};

/// Mean and maximum over one window (start() to stop()), e.g. one scenario.
struct ResourceStats
{
    double cpuMeanPercent = 0;
    double cpuMaxPercent = 0;
    double rssMeanMb = 0;
    double rssMaxMb = 0;
    int samples = 0;

    QJsonObject toJson() const;
    static ResourceStats fromJson(const QJsonObject& o);
};

Q_DECLARE_METATYPE(ResourceSample)
Q_DECLARE_METATYPE(ResourceStats)

/// Samples CPU% (utime+stime deltas) and RSS of a process tree from /proc every 250 ms, in the
/// thread that owns it (it needs that thread's event loop; the load itself runs elsewhere).
/// Processes that join the tree mid-window (respawned workers) are counted from when they appear;
/// processes that leave it stop counting. A scan reads /proc/*/stat once per tick.
///
/// Beside the tree's totals it keeps, per window, what explains a measurement (diagnostics()):
/// each worker's CPU and its established connections on the stack's port (socket inodes under
/// /proc/PID/fd matched with /proc/net/tcp and tcp6), CPU used outside the tree and this process
/// ("foreign"), steal time, and CPU and I/O pressure (PSI) when the kernel has it.
class ResourceSampler : public QObject
{
    Q_OBJECT
public:
    explicit ResourceSampler(QObject* parent = nullptr);

    void setInterval(std::chrono::milliseconds interval);
    /// Where procfs is; tests point it at a synthetic tree. Must outlive the sampler.
    void setProcRoot(const char* procRoot) { m_procRoot = procRoot; }
    /// Begins a window on the tree rooted at rootPid; takes the baseline reading now. With a port,
    /// established connections to it are counted per process; clientConnections is the load's VUs.
    void start(qint64 rootPid, quint16 port = 0, int clientConnections = 0);
    /// Ends the window (taking a last reading when the current interval is long enough).
    ResourceStats stop();
    /// The window so far.
    ResourceStats current() const;
    /// What the window says about the measurement, classified (see classify()).
    ScenarioDiagnostics diagnostics() const;
    bool isRunning() const { return m_timer.isActive(); }

    /// Reads the tree once: cpu ticks per (pid, starttime) and the summed RSS. Exposed for tests.
    using ProcessKey = QPair<qint64, quint64>; ///< pid and start time: survives pid reuse
    struct Reading
    {
        QHash<ProcessKey, quint64> ticks; ///< the tree's processes
        qint64 rssBytes = 0;
        int processes = 0;
        // Diagnostics: only filled with `full`.
        QHash<ProcessKey, quint64> otherTicks; ///< every process outside the tree and this one
        QList<qint64> leaves; ///< the tree's processes without children: the workers
        QHash<qint64, int> connections; ///< per tree pid, on the port
        bool blocked = false; ///< a process of the tree was in state D
        quint64 ownTicks = 0; ///< this process: the client and the sampler
        std::optional<proc::CpuTimes> cpu;
        std::optional<proc::Pressure> cpuPressure, ioPressure;
    };
    static Reading read(
        qint64 rootPid, quint16 port = 0, bool full = false, const char* procRoot = proc::kProcRoot);

    /// Takes a reading as if `nowNs` had passed since start(): the timer's work, exposed so tests
    /// can drive a synthetic /proc with a clock of their own.
    void sampleAt(qint64 nowNs);

Q_SIGNALS:
    void sampleAvailable(const ResourceSample& sample);

private:
    void sample() { sampleAt(m_clock.nsecsElapsed()); }
    /// Adds a reading to the window's diagnostics; returns the interval's foreign CPU (% of one core),
    /// or -1 when the machine's counters are not readable.
    double accumulate(const Reading& now, quint64 treeTicks, double seconds);
    void machineDiagnostics(ScenarioDiagnostics& d, double perCore) const;

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_root = 0;
    Reading m_previous;
    qint64 m_previousNs = 0;
    double m_cpuSum = 0, m_cpuMax = 0, m_rssSum = 0, m_rssMax = 0;
    int m_samples = 0;
    const char* m_procRoot = proc::kProcRoot;

    // The window's diagnostics, accumulated tick by tick.
    quint16 m_port = 0;
    int m_clientConnections = 0;
    Reading m_first; ///< the baseline: machine counters and every process's ticks
    QHash<qint64, quint64> m_pidTicks; ///< tree CPU per pid over the window
    QHash<qint64, double> m_connectionSum; ///< per pid, summed over samples
    QHash<qint64, int> m_connectionMax;
    QSet<qint64> m_workers;
    quint64 m_foreignTicks = 0;
    double m_foreignMax = 0;
    int m_blockedSamples = 0;
};
