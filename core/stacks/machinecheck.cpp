#include "machinecheck.h"

#include <QCoroTimer>
#include <QElapsedTimer>
#include <QThread>
#include <algorithm>
#include <sched.h>
#include <unistd.h>

namespace {
int availableCores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
    return QThread::idealThreadCount();
}

QHash<QPair<qint64, quint64>, ProcStat> byKey(const QList<ProcStat>& all)
{
    QHash<QPair<qint64, quint64>, ProcStat> out;
    for (const ProcStat& s : all)
        out.insert({ s.pid, s.startTime }, s);
    return out;
}

QList<BusyProcess> busyBetween(
    const QList<ProcStat>& before, const QList<ProcStat>& after, double seconds, const char* procRoot)
{
    const auto first = byKey(before);
    const qint64 self = ::getpid();
    QList<BusyProcess> out;
    for (const ProcStat& s : after) {
        const auto it = first.constFind({ s.pid, s.startTime });
        if (s.pid == self || it == first.cend() || s.cpuTicks < it->cpuTicks)
            continue;
        const double percent
            = 100.0 * double(s.cpuTicks - it->cpuTicks) / double(proc::clockTicksPerSecond()) / seconds;
        if (percent >= Preflight::BusyCpuPercent)
            out.append({ s.pid, proc::commandName(s.pid, procRoot), percent });
    }
    std::sort(
        out.begin(), out.end(), [](const auto& a, const auto& b) { return a.cpuPercent > b.cpuPercent; });
    return out;
}
} // namespace

QCoro::Task<Preflight> runPreflight(
    std::chrono::milliseconds window, const char* procRoot, const char* sysRoot)
{
    Preflight p;
    p.cores = availableCores();
    p.governor = QString::fromUtf8(proc::readSmall(
        (std::string(sysRoot) + "/devices/system/cpu/cpu0/cpufreq/scaling_governor").c_str(), 256)
                                       .trimmed());
    if (const auto load = proc::readLoadAverage(procRoot))
        p.loadAverage = *load;
    const QByteArray meminfo = proc::readSmall((std::string(procRoot) + "/meminfo").c_str());
    p.swapTotalKb = proc::meminfoKb(meminfo, "SwapTotal");
    const qint64 swapFree = proc::meminfoKb(meminfo, "SwapFree");
    p.swapUsedKb = p.swapTotalKb >= 0 && swapFree >= 0 ? p.swapTotalKb - swapFree : -1;
    p.pressureAvailable = proc::readPressure("io", procRoot).has_value();

    const auto cpuBefore = proc::readCpuTimes(procRoot);
    const QList<ProcStat> before = proc::readAllStats(procRoot);
    QElapsedTimer clock;
    clock.start();
    co_await QCoro::sleepFor(window);
    p.windowS = std::max(1e-3, double(clock.nsecsElapsed()) / 1e9);
    p.busy = busyBetween(before, proc::readAllStats(procRoot), p.windowS, procRoot);
    if (const auto cpuAfter = proc::readCpuTimes(procRoot); cpuBefore && cpuAfter) {
        const double total = double(cpuAfter->total() - cpuBefore->total());
        p.stealPercent = total > 0 ? 100.0 * double(cpuAfter->steal - cpuBefore->steal) / total : 0;
    }
    co_return assess(p);
}
