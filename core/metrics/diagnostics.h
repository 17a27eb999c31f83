#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QStringList>
#include <optional>

class JsonReader;

/// One process of the stack's tree during one window: a gunicorn worker, say.
struct WorkerLoad
{
    qint64 pid = 0;
    double cpuPercent = 0; ///< of one core, over the window
    double connections = 0; ///< established client connections it held, mean over the samples
    int maxConnections = 0;
    bool operator==(const WorkerLoad&) const = default;
};

/// Why a measurement may not mean what it seems: measured beside it, per scenario, by the resource
/// sampler. -1 means "not measured" (no PSI in the kernel, no port to match connections on...).
struct ScenarioDiagnostics
{
    /// The flags, by the names results files and the UI use.
    static inline const QString Imbalanced = QStringLiteral("imbalanced");
    static inline const QString Noisy = QStringLiteral("noisy");
    static inline const QString IoStalled = QStringLiteral("io-stalled");

    int samples = 0; ///< 0: nothing was measured
    double seconds = 0; ///< the window's length
    int clientConnections = 0; ///< connections the load could open (its VUs): context for balance
    QList<WorkerLoad> workers; ///< the tree's leaf processes, and any other holding connections
    double cpuBalance = -1; ///< the busiest worker's share of the workers' CPU, 0..1
    double connectionBalance = -1; ///< the busiest worker's share of the connections, 0..1
    double foreignCpuPercent = -1; ///< of one core: CPU used outside the client and the stack's tree
    double foreignCpuMaxPercent = -1; ///< the busiest sampling interval's
    QString foreignTopProcess; ///< the foreign process that used the most CPU: "name (pid)"
    double foreignTopPercent = -1; ///< its CPU, of one core
    double stealPercent = -1; ///< share of all CPU time the hypervisor took
    double cpuPressurePercent = -1; ///< PSI "some" for CPU: share of wall time a task waited for a CPU
    double ioPressurePercent = -1; ///< PSI "some" for I/O
    double blockedPercent = -1; ///< share of samples with a stack thread in uninterruptible sleep (D)
    QStringList flags; ///< set by classify()

    bool known() const { return samples > 0; }
    bool has(const QString& flag) const { return flags.contains(flag); }
    /// The flags in plain words, with the figures behind them: "one worker held 49 of 50
    /// connections and did 97 % of the workers' CPU".
    QStringList causes() const;
    /// How the work split over the workers, e.g. "connections 49/1, CPU 97/3 %"; empty when unknown.
    QString split() const;

    QJsonObject toJson() const;
    /// Reads what toJson() writes; problems go to `reader` under `path`.
    static std::optional<ScenarioDiagnostics> fromJson(
        JsonReader& reader, const QJsonObject& o, const QString& path);
    bool operator==(const ScenarioDiagnostics&) const = default;
};
Q_DECLARE_METATYPE(ScenarioDiagnostics)

/// Thresholds of classify(); each is explained where it is defined.
namespace diagnostics {
/// A worker is imbalanced when its share passes the midpoint between a fair share and all.
double imbalanceThreshold(int workers);
extern const double NoisyForeignCpuPercent;
extern const double NoisyStealPercent;
extern const double IoStalledPressurePercent;
extern const double MinWorkerCpuPercent;
} // namespace diagnostics

/// Sets `flags` from the measured figures (replacing any):
/// - `imbalanced`: with at least two connections per worker, one worker did at least
///   imbalanceThreshold() of the workers' CPU (and they used MinWorkerCpuPercent together), or a
///   worker held no connection at all while the others held them;
/// - `noisy`: foreign CPU or steal at or above their thresholds;
/// - `io-stalled`: I/O pressure at or above IoStalledPressurePercent (blocked samples are reported
///   beside it, but sampled every 250 ms they are too coarse to flag on their own).
ScenarioDiagnostics classify(ScenarioDiagnostics d);
