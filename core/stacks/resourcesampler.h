#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QTimer>
#include <chrono>

/// One reading of a server's process tree (root and all descendants).
struct ResourceSample
{
    double elapsedS = 0; ///< since start()
    double cpuPercent = 0; ///< of one core, over the interval since the previous sample
    double rssMb = 0; ///< sum of resident sets (MiB)
    int processes = 0; ///< live processes in the tree
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
class ResourceSampler : public QObject
{
    Q_OBJECT
public:
    explicit ResourceSampler(QObject* parent = nullptr);

    void setInterval(std::chrono::milliseconds interval);
    /// Begins a window on the tree rooted at rootPid; takes the baseline reading now.
    void start(qint64 rootPid);
    /// Ends the window (taking a last reading when the current interval is long enough).
    ResourceStats stop();
    /// The window so far.
    ResourceStats current() const;
    bool isRunning() const { return m_timer.isActive(); }

    /// Reads the tree once: cpu ticks per (pid, starttime) and the summed RSS. Exposed for tests.
    struct Reading
    {
        QHash<QPair<qint64, quint64>, quint64> ticks;
        qint64 rssBytes = 0;
        int processes = 0;
    };
    static Reading read(qint64 rootPid);

Q_SIGNALS:
    void sampleAvailable(const ResourceSample& sample);

private:
    void sample();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_root = 0;
    Reading m_previous;
    qint64 m_previousNs = 0;
    double m_cpuSum = 0, m_cpuMax = 0, m_rssSum = 0, m_rssMax = 0;
    int m_samples = 0;
};
