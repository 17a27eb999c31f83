#pragma once

#include <QList>
#include <QtGlobal>
#include <optional>

/// What Linux's /proc/PID/stat says about one process (the fields Stackbench needs).
struct ProcStat
{
    qint64 pid = 0;
    qint64 ppid = 0;
    qint64 pgid = 0;
    char state = '?'; ///< R, S, D, Z (zombie), X (dead), ...
    quint64 cpuTicks = 0; ///< utime + stime, in clock ticks (sysconf(_SC_CLK_TCK))
    quint64 startTime = 0; ///< clock ticks after boot: with pid, identifies a process across pid reuse

    bool isDead() const { return state == 'Z' || state == 'X'; }
};

/// Free helpers over /proc. They are cheap (plain open/read, no Qt I/O) because the resource
/// sampler calls them every 250 ms while a load runs. All are thread-safe.
namespace proc {

std::optional<ProcStat> readStat(qint64 pid);
/// Every process on the machine.
QList<ProcStat> readAllStats();
/// `root` and all its descendants (by ppid), root first; zombies included. Empty if root is gone.
QList<ProcStat> tree(qint64 root, const QList<ProcStat>& all);
QList<ProcStat> tree(qint64 root);
QList<qint64> treePids(qint64 root);
/// True while the process exists and is not a zombie. With a startTime, a reused pid is "gone".
bool isAlive(qint64 pid, quint64 startTime = 0);
/// Resident set size from /proc/PID/statm, in bytes; 0 when the process is gone.
qint64 residentBytes(qint64 pid);
qint64 clockTicksPerSecond();
qint64 pageSize();

} // namespace proc
