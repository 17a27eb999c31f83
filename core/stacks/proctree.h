#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
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

/// The directory procfs is mounted on. Every reader takes it so that tests can feed synthetic trees.
inline constexpr const char* kProcRoot = "/proc";

std::optional<ProcStat> readStat(qint64 pid, const char* procRoot = kProcRoot);
/// Every process on the machine.
QList<ProcStat> readAllStats(const char* procRoot = kProcRoot);
/// `root` and all its descendants (by ppid), root first; zombies included. Empty if root is gone.
QList<ProcStat> tree(qint64 root, const QList<ProcStat>& all);
QList<ProcStat> tree(qint64 root);
QList<qint64> treePids(qint64 root);
/// True while the process exists and is not a zombie. With a startTime, a reused pid is "gone".
bool isAlive(qint64 pid, quint64 startTime = 0);
/// Resident set size from /proc/PID/statm, in bytes; 0 when the process is gone.
qint64 residentBytes(qint64 pid, const char* procRoot = kProcRoot);
/// Reads a small procfs file whole (up to `limit` bytes); empty when it cannot be read.
QByteArray readSmall(const char* path, qsizetype limit = 64 * 1024);
/// Pins every thread of every process of the tree to `cpus` (sched_setaffinity); children forked
/// later inherit it. Returns an empty string, or the first error in a sentence.
QString pinTree(qint64 root, const QList<int>& cpus);
qint64 clockTicksPerSecond();
qint64 pageSize();

} // namespace proc
