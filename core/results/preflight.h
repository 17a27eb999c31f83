#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QStringList>
#include <array>

class JsonReader;

/// A process that used CPU while nothing should have been running.
struct BusyProcess
{
    qint64 pid = 0;
    QString name;
    double cpuPercent = 0; ///< of one core, over the check's window
    bool operator==(const BusyProcess&) const = default;
};

/// The machine before a study, in the spirit of `pyperf system show`: what could distort the figures.
/// Its findings are warnings, never errors; the results manifest keeps it.
struct Preflight
{
    int cores = 0; ///< CPUs this process may run on
    QString governor; ///< cpufreq scaling governor of CPU 0; empty when not readable (VMs)
    std::array<double, 3> loadAverage { -1, -1, -1 }; ///< 1, 5 and 15 minutes
    QList<BusyProcess> busy; ///< foreign processes above BusyCpuPercent during the window
    double stealPercent = -1; ///< during the window
    qint64 swapTotalKb = -1;
    qint64 swapUsedKb = -1;
    bool pressureAvailable = false; ///< the kernel has PSI, so I/O stalls can be measured
    double windowS = 0;
    QStringList warnings; ///< set by assess()

    static constexpr double BusyCpuPercent = 10;

    /// One line per finding and figure, for `run` and the Run page.
    QStringList lines() const;
    QJsonObject toJson() const;
    static std::optional<Preflight> fromJson(JsonReader& reader, const QJsonObject& o, const QString& path);
    bool operator==(const Preflight&) const = default;
};
Q_DECLARE_METATYPE(Preflight)

/// Sets `warnings` from the figures (replacing any).
Preflight assess(Preflight p);
