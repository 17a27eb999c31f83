#include "resourcesampler.h"

#include "proctree.h"

#include <algorithm>
#include <unistd.h>

namespace {
constexpr double kMiB = 1024.0 * 1024.0;
}

QJsonObject ResourceStats::toJson() const
{
    return { { u"cpuMeanPercent"_qs, cpuMeanPercent }, { u"cpuMaxPercent"_qs, cpuMaxPercent },
        { u"rssMeanMb"_qs, rssMeanMb }, { u"rssMaxMb"_qs, rssMaxMb }, { u"samples"_qs, samples } };
}

ResourceStats ResourceStats::fromJson(const QJsonObject& o)
{
    ResourceStats s;
    s.cpuMeanPercent = o.value(u"cpuMeanPercent"_qs).toDouble();
    s.cpuMaxPercent = o.value(u"cpuMaxPercent"_qs).toDouble();
    s.rssMeanMb = o.value(u"rssMeanMb"_qs).toDouble();
    s.rssMaxMb = o.value(u"rssMaxMb"_qs).toDouble();
    s.samples = o.value(u"samples"_qs).toInt();
    return s;
}

ResourceSampler::ResourceSampler(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ResourceSample>();
    qRegisterMetaType<ResourceStats>();
    m_timer.setInterval(std::chrono::milliseconds(250));
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ResourceSampler::sample);
}

void ResourceSampler::setInterval(std::chrono::milliseconds interval)
{
    m_timer.setInterval(interval);
}

ResourceSampler::Reading ResourceSampler::read(qint64 rootPid, quint16 port, bool full, const char* procRoot)
{
    Reading r;
    const QList<ProcStat> all = proc::readAllStats(procRoot);
    QSet<qint64> parents;
    QList<qint64> pids;
    for (const ProcStat& s : proc::tree(rootPid, all)) {
        if (s.isDead())
            continue;
        r.ticks.insert({ s.pid, s.startTime }, s.cpuTicks);
        r.rssBytes += proc::residentBytes(s.pid, procRoot);
        ++r.processes;
        parents.insert(s.ppid);
        pids.append(s.pid);
    }
    if (!full)
        return r;
    const qint64 self = ::getpid();
    for (const ProcStat& s : all) {
        if (s.pid == self)
            r.ownTicks = s.cpuTicks;
        else if (!r.ticks.contains({ s.pid, s.startTime }))
            r.otherTicks.insert({ s.pid, s.startTime }, s.cpuTicks);
    }
    for (qint64 pid : pids) {
        if (!parents.contains(pid))
            r.leaves.append(pid);
        r.blocked = r.blocked || proc::anyTaskBlocked(pid, procRoot);
    }
    if (port != 0)
        r.connections = proc::establishedByPid(pids, port, procRoot);
    r.cpu = proc::readCpuTimes(procRoot);
    r.cpuPressure = proc::readPressure("cpu", procRoot);
    r.ioPressure = proc::readPressure("io", procRoot);
    return r;
}

void ResourceSampler::start(qint64 rootPid, quint16 port, int clientConnections)
{
    m_root = rootPid;
    m_port = port;
    m_clientConnections = clientConnections;
    m_cpuSum = m_cpuMax = m_rssSum = m_rssMax = 0;
    m_samples = 0;
    m_pidTicks.clear();
    m_connectionSum.clear();
    m_connectionMax.clear();
    m_workers.clear();
    m_foreignTicks = 0;
    m_foreignMax = 0;
    m_blockedSamples = 0;
    m_clock.start();
    m_previous = read(rootPid, port, true, m_procRoot);
    m_first = m_previous;
    m_previousNs = 0;
    m_timer.start();
}

ResourceStats ResourceSampler::stop()
{
    if (!m_timer.isActive())
        return current();
    m_timer.stop();
    // A last, partial interval still says something about the end of the window; a window shorter
    // than one interval (a 20-request scenario) still gets its one reading.
    if (m_samples == 0 || m_clock.nsecsElapsed() - m_previousNs > m_timer.interval() * 1'000'000LL / 5)
        sample();
    return current();
}

ResourceStats ResourceSampler::current() const
{
    ResourceStats s;
    s.samples = m_samples;
    if (m_samples > 0) {
        s.cpuMeanPercent = m_cpuSum / m_samples;
        s.rssMeanMb = m_rssSum / m_samples;
    }
    s.cpuMaxPercent = m_cpuMax;
    s.rssMaxMb = m_rssMax;
    return s;
}

void ResourceSampler::sampleAt(qint64 nowNs)
{
    Reading now = read(m_root, m_port, true, m_procRoot);
    const double seconds = double(nowNs - m_previousNs) / 1e9;
    quint64 ticks = 0;
    QHash<qint64, quint64> intervalTicks; ///< per pid
    for (auto it = now.ticks.cbegin(); it != now.ticks.cend(); ++it) {
        const auto before = m_previous.ticks.constFind(it.key());
        // A newcomer's ticks were all spent since the last reading (or close enough).
        const quint64 base = before == m_previous.ticks.cend() ? 0 : *before;
        const quint64 delta = it.value() > base ? it.value() - base : 0;
        m_pidTicks[it.key().first] += delta;
        intervalTicks[it.key().first] += delta;
        ticks += delta;
    }
    const double foreign = accumulate(now, ticks, seconds);
    const auto percent = [&](quint64 t) {
        return seconds > 0 ? 100.0 * double(t) / double(proc::clockTicksPerSecond()) / seconds : 0.0;
    };
    ResourceSample s;
    s.elapsedS = double(nowNs) / 1e9;
    s.cpuPercent = percent(ticks);
    s.rssMb = double(now.rssBytes) / kMiB;
    s.processes = now.processes;
    QList<qint64> workers = now.leaves;
    for (auto it = now.connections.cbegin(); it != now.connections.cend(); ++it)
        if (!workers.contains(it.key()))
            workers << it.key();
    std::sort(workers.begin(), workers.end());
    for (qint64 pid : workers)
        s.workers.append({ pid, percent(intervalTicks.value(pid)), now.connections.value(pid) });
    s.foreignCpuPercent = foreign;
    s.blocked = now.blocked;
    m_previous = std::move(now);
    m_previousNs = nowNs;

    ++m_samples;
    m_cpuSum += s.cpuPercent;
    m_rssSum += s.rssMb;
    m_cpuMax = std::max(m_cpuMax, s.cpuPercent);
    m_rssMax = std::max(m_rssMax, s.rssMb);
    Q_EMIT sampleAvailable(s);
}

double ResourceSampler::accumulate(const Reading& now, quint64 treeTicks, double seconds)
{
    for (qint64 pid : now.leaves)
        m_workers.insert(pid);
    for (auto it = now.connections.cbegin(); it != now.connections.cend(); ++it) {
        m_workers.insert(it.key());
        m_connectionSum[it.key()] += it.value();
        m_connectionMax[it.key()] = std::max(m_connectionMax.value(it.key()), it.value());
    }
    m_blockedSamples += now.blocked ? 1 : 0;
    if (!now.cpu || !m_previous.cpu || seconds <= 0)
        return -1;
    // Time the machine ran tasks (user, nice, system; interrupts are nobody's) minus the tree's and
    // this process's: what everything else took. Clock ticks are coarse, so a negative is 0.
    const auto tasks = [](const proc::CpuTimes& c) { return c.user + c.nice + c.system; };
    const qint64 foreign = qint64(tasks(*now.cpu) - tasks(*m_previous.cpu)) - qint64(treeTicks)
        - qint64(now.ownTicks - m_previous.ownTicks);
    const quint64 used = quint64(std::max<qint64>(0, foreign));
    m_foreignTicks += used;
    const double percent = 100.0 * double(used) / double(proc::clockTicksPerSecond()) / seconds;
    m_foreignMax = std::max(m_foreignMax, percent);
    return percent;
}

ScenarioDiagnostics ResourceSampler::diagnostics() const
{
    ScenarioDiagnostics d;
    d.samples = m_samples;
    d.seconds = double(m_previousNs) / 1e9;
    d.clientConnections = m_clientConnections;
    if (m_samples == 0 || d.seconds <= 0)
        return d;
    const double perCore = double(proc::clockTicksPerSecond()) * d.seconds / 100.0; // ticks per % of a core
    QList<qint64> pids = m_workers.values();
    std::sort(pids.begin(), pids.end());
    double cpuTotal = 0, cpuTop = 0, connTotal = 0, connTop = 0;
    for (qint64 pid : pids) {
        WorkerLoad w;
        w.pid = pid;
        w.cpuPercent = double(m_pidTicks.value(pid)) / perCore;
        w.connections = m_connectionSum.value(pid) / m_samples;
        w.maxConnections = m_connectionMax.value(pid);
        cpuTotal += w.cpuPercent;
        cpuTop = std::max(cpuTop, w.cpuPercent);
        connTotal += w.connections;
        connTop = std::max(connTop, w.connections);
        d.workers.append(w);
    }
    d.cpuBalance = cpuTotal > 0 ? cpuTop / cpuTotal : -1;
    d.connectionBalance = m_port != 0 && connTotal > 0 ? connTop / connTotal : -1;
    d.blockedPercent = 100.0 * m_blockedSamples / m_samples;
    machineDiagnostics(d, perCore);
    return classify(d);
}

void ResourceSampler::machineDiagnostics(ScenarioDiagnostics& d, double perCore) const
{
    const Reading& a = m_first;
    const Reading& b = m_previous;
    if (a.cpu && b.cpu) {
        d.foreignCpuPercent = double(m_foreignTicks) / perCore;
        d.foreignCpuMaxPercent = m_foreignMax;
        const double total = double(b.cpu->total() - a.cpu->total());
        d.stealPercent = total > 0 ? 100.0 * double(b.cpu->steal - a.cpu->steal) / total : 0;
        // The busiest foreign process, named so the cause can say who it was.
        ProcessKey top;
        quint64 topTicks = 0;
        for (auto it = b.otherTicks.cbegin(); it != b.otherTicks.cend(); ++it) {
            const quint64 delta = it.value() - std::min(it.value(), a.otherTicks.value(it.key()));
            if (delta > topTicks) {
                topTicks = delta;
                top = it.key();
            }
        }
        if (topTicks > 0) {
            const QString name = proc::commandName(top.first, m_procRoot);
            d.foreignTopProcess = u"%1 (%2)"_qs.arg(name.isEmpty() ? u"?"_qs : name).arg(top.first);
            d.foreignTopPercent = double(topTicks) / perCore;
        }
    }
    const auto pressure = [&](const auto& from, const auto& to) {
        return from && to
            ? std::clamp(100.0 * double(to->someUs - from->someUs) / (d.seconds * 1e6), 0.0, 100.0)
            : -1.0;
    };
    d.cpuPressurePercent = pressure(a.cpuPressure, b.cpuPressure);
    d.ioPressurePercent = pressure(a.ioPressure, b.ioPressure);
}
