#pragma once

#include "proctree.h"

#include <QHash>
#include <QList>
#include <QString>
#include <array>
#include <optional>

/// Machine- and socket-level readings from procfs that explain a measurement: who holds the
/// stack's connections, how busy the machine is outside the measured processes, and whether tasks
/// stalled on CPU or I/O. Every reader takes procfs' mount point so tests can feed synthetic files;
/// all are thread-safe and cheap (plain open/read), since the resource sampler calls them every tick.
namespace proc {

/// One row of /proc/net/tcp or /proc/net/tcp6.
struct TcpSocket
{
    quint16 localPort = 0;
    quint16 remotePort = 0;
    int state = 0; ///< the kernel's TCP state number: 1 = ESTABLISHED, 10 = LISTEN
    quint64 inode = 0;
};
inline constexpr int TcpEstablished = 1;

/// Parses the text of /proc/net/tcp or tcp6 (header line first); malformed rows are skipped.
QList<TcpSocket> parseTcpTable(const QByteArray& text);
/// IPv4 and IPv6 sockets of the machine (of this network namespace). For the real procfs they come
/// from the kernel's sock_diag netlink interface, as `ss` gets them: reading /proc/net/tcp walks the
/// whole established hash table (4 ms per file here, with 262,144 buckets and 24 sockets), sock_diag
/// does not. /proc/net/tcp and tcp6 are read when netlink is refused, and for any other procRoot
/// (a synthetic tree in tests). `states` is a bit mask of TCP states (1 << state).
QList<TcpSocket> readTcpSockets(const char* procRoot = kProcRoot, quint32 states = ~0u);
/// The inodes of the sockets process `pid` has open (links "socket:[N]" under /proc/PID/fd).
QList<quint64> socketInodes(qint64 pid, const char* procRoot = kProcRoot);
/// How many established connections to local port `port` each of `pids` holds. A socket shared by
/// several of them (inherited across fork) counts for the first in `pids` order.
QHash<qint64, int> establishedByPid(
    const QList<qint64>& pids, quint16 port, const char* procRoot = kProcRoot);

/// The machine's CPU time from the first line of /proc/stat, in clock ticks, summed over CPUs.
struct CpuTimes
{
    quint64 user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    /// Time spent running tasks (user, nice, system, irq, softirq): comparable with process ticks.
    quint64 busy() const { return user + nice + system + irq + softirq; }
    quint64 total() const { return busy() + idle + iowait + steal; }
};
std::optional<CpuTimes> parseCpuTimes(const QByteArray& procStatText);
std::optional<CpuTimes> readCpuTimes(const char* procRoot = kProcRoot);

/// Pressure stall information (/proc/pressure/cpu, io): cumulative stall time in microseconds.
struct Pressure
{
    quint64 someUs = 0; ///< time at least one task was stalled
    quint64 fullUs = 0; ///< time all non-idle tasks were stalled (absent for cpu on older kernels)
};
std::optional<Pressure> parsePressure(const QByteArray& text);
/// nullopt when the kernel has no PSI (CONFIG_PSI off, or psi=0).
std::optional<Pressure> readPressure(const char* resource, const char* procRoot = kProcRoot);

/// /proc/loadavg's three averages; nullopt when unreadable.
std::optional<std::array<double, 3>> readLoadAverage(const char* procRoot = kProcRoot);
/// A field of /proc/meminfo in KiB ("SwapTotal"); -1 when absent.
qint64 meminfoKb(const QByteArray& meminfoText, const char* field);
/// True when a thread of process `pid` is in uninterruptible sleep (state D), usually waiting on I/O.
bool anyTaskBlocked(qint64 pid, const char* procRoot = kProcRoot);
/// The short command name of a process (/proc/PID/comm); empty when gone.
QString commandName(qint64 pid, const char* procRoot = kProcRoot);

} // namespace proc
