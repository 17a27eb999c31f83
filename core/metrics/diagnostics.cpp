#include "diagnostics.h"

#include "plan/jsonreader.h"

#include <QJsonArray>
#include <algorithm>

using Need = JsonReader::Need;

namespace diagnostics {

double imbalanceThreshold(int workers)
{
    // A fair share is 1/W; "all of it" is 1. Halfway between them (75 % with gunicorn's two workers:
    // one worker does three times the other's work) is far past the spread of balanced runs
    // (51/49 to 60/40 % measured), yet well before the extreme that halves throughput (100/0).
    // It scales with the worker count.
    const double fair = 1.0 / std::max(1, workers);
    return fair + (1.0 - fair) / 2.0;
}

// On an idle 2-vCPU machine of this kind, everything outside the client and the stack uses 1–4 % of
// a core (system daemons, kernel workers). One busy foreign process uses up to 100 %. At 20 % of a
// core something took a fifth of a CPU from a measurement that needs both: a third of what the
// client itself uses at 50 VUs.
const double NoisyForeignCpuPercent = 20;
// Steal is time a hypervisor ran another guest on our vCPU. Cloud guidance treats sustained steal
// above a few per cent as contention; 5 % of all CPU time is where figures start to move.
const double NoisyStealPercent = 5;
// PSI io "some": share of wall time at least one task waited on I/O. SQLite commits fsync, so the
// write scenarios of paper.json show 10-22 % on this machine in every repetition; a quarter of the
// time is beyond that baseline (the one DELETE repetition at twice its median's time had 31 %).
const double IoStalledPressurePercent = 25;
// Below a fifth of a core the workers are mostly idle and their split of CPU says little.
const double MinWorkerCpuPercent = 20;

} // namespace diagnostics

namespace {
double workerCpu(const QList<WorkerLoad>& workers)
{
    double sum = 0;
    for (const auto& w : workers)
        sum += w.cpuPercent;
    return sum;
}

double workerConnections(const QList<WorkerLoad>& workers)
{
    double sum = 0;
    for (const auto& w : workers)
        sum += w.connections;
    return sum;
}

/// The worker the balance figures are about: the one with the most connections, or CPU.
const WorkerLoad* busiest(const QList<WorkerLoad>& workers, bool byConnections)
{
    const auto it = std::max_element(workers.cbegin(), workers.cend(), [&](const auto& a, const auto& b) {
        return byConnections ? a.connections < b.connections : a.cpuPercent < b.cpuPercent;
    });
    return it == workers.cend() ? nullptr : &*it;
}

QString percent(double v)
{
    return QString::number(v, 'f', 0) + u" %"_qs;
}

QString imbalanceCause(const ScenarioDiagnostics& d)
{
    const bool byConnections = d.connectionBalance >= 0;
    const WorkerLoad* w = busiest(d.workers, byConnections);
    if (!w)
        return {};
    const int n = int(d.workers.size());
    const QString cpu = d.cpuBalance >= 0 ? percent(100 * d.cpuBalance) : u"?"_qs;
    if (!byConnections)
        return u"one of %1 workers did %2 of the workers' CPU"_qs.arg(n).arg(cpu);
    return u"one of %1 workers held %2 of %3 connections and did %4 of the workers' CPU"_qs.arg(n)
        .arg(qRound(w->connections))
        .arg(qRound(workerConnections(d.workers)))
        .arg(cpu);
}

QString noisyCause(const ScenarioDiagnostics& d)
{
    QStringList parts;
    if (d.foreignCpuPercent >= diagnostics::NoisyForeignCpuPercent) {
        QString text = u"other processes used %1 of a core"_qs.arg(percent(d.foreignCpuPercent));
        if (!d.foreignTopProcess.isEmpty())
            text += u" (most: %1, %2)"_qs.arg(d.foreignTopProcess, percent(d.foreignTopPercent));
        parts << text;
    }
    if (d.stealPercent >= diagnostics::NoisyStealPercent)
        parts << u"the hypervisor stole %1 of the CPU time"_qs.arg(percent(d.stealPercent));
    return parts.join(u"; "_qs);
}

QString ioCause(const ScenarioDiagnostics& d)
{
    QStringList parts;
    if (d.ioPressurePercent >= diagnostics::IoStalledPressurePercent)
        parts << u"tasks waited on I/O %1 of the time"_qs.arg(percent(d.ioPressurePercent));
    if (d.blockedPercent > 0)
        parts << u"a stack thread was blocked in I/O in %1 of samples"_qs.arg(percent(d.blockedPercent));
    return parts.join(u"; "_qs);
}
} // namespace

ScenarioDiagnostics classify(ScenarioDiagnostics d)
{
    using namespace diagnostics;
    d.flags.clear();
    const int n = int(d.workers.size());
    // Fewer connections than two per worker cannot spread evenly: the split is the load's, not a
    // distortion (one VU always lands on one worker).
    const bool spreadable = n >= 2 && d.clientConnections >= 2 * n;
    // What distorts a figure is work that does not spread: one worker doing most of it. A skewed
    // split of connections alone does not (46 of 50 on one gthread worker still leaves the other
    // busy with 4: measured 56/44 % CPU), unless it leaves a worker with none at all.
    const bool cpuSkewed
        = spreadable && d.cpuBalance >= imbalanceThreshold(n) && workerCpu(d.workers) >= MinWorkerCpuPercent;
    const bool workerLeftIdle = spreadable && d.connectionBalance >= 0 && workerConnections(d.workers) >= n
        && std::any_of(
            d.workers.cbegin(), d.workers.cend(), [](const WorkerLoad& w) { return w.maxConnections == 0; });
    if (cpuSkewed || workerLeftIdle)
        d.flags << ScenarioDiagnostics::Imbalanced;
    if (d.foreignCpuPercent >= NoisyForeignCpuPercent || d.stealPercent >= NoisyStealPercent)
        d.flags << ScenarioDiagnostics::Noisy;
    if (d.ioPressurePercent >= IoStalledPressurePercent)
        d.flags << ScenarioDiagnostics::IoStalled;
    return d;
}

QStringList ScenarioDiagnostics::causes() const
{
    QStringList out;
    if (has(Imbalanced))
        out << imbalanceCause(*this);
    if (has(Noisy))
        out << noisyCause(*this);
    if (has(IoStalled))
        out << ioCause(*this);
    out.removeAll(QString());
    return out;
}

QString ScenarioDiagnostics::split() const
{
    if (workers.size() < 2)
        return {};
    QStringList conns, cpu;
    const double cpuTotal = workerCpu(workers);
    for (const auto& w : workers) {
        conns << QString::number(qRound(w.connections));
        cpu << QString::number(cpuTotal > 0 ? qRound(100 * w.cpuPercent / cpuTotal) : 0);
    }
    QStringList parts;
    if (connectionBalance >= 0)
        parts << u"connections "_qs + conns.join(u'/');
    if (cpuBalance >= 0)
        parts << u"CPU "_qs + cpu.join(u'/') + u" %"_qs;
    return parts.join(u", "_qs);
}

QJsonObject ScenarioDiagnostics::toJson() const
{
    QJsonArray list;
    for (const auto& w : workers)
        list.append(QJsonObject { { u"pid"_qs, w.pid }, { u"cpu_percent"_qs, w.cpuPercent },
            { u"connections"_qs, w.connections }, { u"max_connections"_qs, w.maxConnections } });
    QJsonObject o { { u"samples"_qs, samples }, { u"seconds"_qs, seconds },
        { u"client_connections"_qs, clientConnections }, { u"workers"_qs, list },
        { u"cpu_balance"_qs, cpuBalance }, { u"connection_balance"_qs, connectionBalance },
        { u"foreign_cpu_percent"_qs, foreignCpuPercent },
        { u"foreign_cpu_max_percent"_qs, foreignCpuMaxPercent },
        { u"foreign_top_percent"_qs, foreignTopPercent }, { u"steal_percent"_qs, stealPercent },
        { u"cpu_pressure_percent"_qs, cpuPressurePercent }, { u"io_pressure_percent"_qs, ioPressurePercent },
        { u"blocked_percent"_qs, blockedPercent }, { u"flags"_qs, QJsonArray::fromStringList(flags) },
        { u"causes"_qs, QJsonArray::fromStringList(causes()) } };
    if (!foreignTopProcess.isEmpty())
        o.insert(u"foreign_top_process"_qs, foreignTopProcess);
    return o;
}

std::optional<ScenarioDiagnostics> ScenarioDiagnostics::fromJson(
    JsonReader& r, const QJsonObject& o, const QString& path)
{
    const auto before = r.problemCount();
    r.checkKeys(o, path,
        { u"samples"_qs, u"seconds"_qs, u"client_connections"_qs, u"workers"_qs, u"cpu_balance"_qs,
            u"connection_balance"_qs, u"foreign_cpu_percent"_qs, u"foreign_cpu_max_percent"_qs,
            u"foreign_top_process"_qs, u"foreign_top_percent"_qs, u"steal_percent"_qs,
            u"cpu_pressure_percent"_qs, u"io_pressure_percent"_qs, u"blocked_percent"_qs, u"flags"_qs,
            u"causes"_qs });
    ScenarioDiagnostics d;
    d.samples = int(r.integer(o, path, u"samples"_qs, Need::Required, 0, 1 << 30).value_or(0));
    d.seconds = r.number(o, path, u"seconds"_qs, Need::Optional, 0).value_or(0);
    d.clientConnections
        = int(r.integer(o, path, u"client_connections"_qs, Need::Optional, 0, 1 << 30).value_or(0));
    auto number = [&](const char16_t* key, double max) {
        return r.number(o, path, QString::fromUtf16(key), Need::Optional, -1, max).value_or(-1);
    };
    d.cpuBalance = number(u"cpu_balance", 1);
    d.connectionBalance = number(u"connection_balance", 1);
    d.foreignCpuPercent = number(u"foreign_cpu_percent", 1e6);
    d.foreignCpuMaxPercent = number(u"foreign_cpu_max_percent", 1e6);
    d.foreignTopPercent = number(u"foreign_top_percent", 1e6);
    d.stealPercent = number(u"steal_percent", 100);
    d.cpuPressurePercent = number(u"cpu_pressure_percent", 100);
    d.ioPressurePercent = number(u"io_pressure_percent", 100);
    d.blockedPercent = number(u"blocked_percent", 100);
    d.foreignTopProcess = r.string(o, path, u"foreign_top_process"_qs, Need::Optional).value_or(QString());
    if (const auto list = r.array(o, path, u"workers"_qs, Need::Optional)) {
        const QString wpath = JsonReader::join(path, u"workers"_qs);
        for (qsizetype i = 0; i < list->size(); ++i) {
            const QString ipath = JsonReader::index(wpath, i);
            const auto w = r.objectValue(list->at(i), ipath);
            if (!w)
                continue;
            r.checkKeys(
                *w, ipath, { u"pid"_qs, u"cpu_percent"_qs, u"connections"_qs, u"max_connections"_qs });
            WorkerLoad load;
            load.pid = r.integer(*w, ipath, u"pid"_qs, Need::Required, 0).value_or(0);
            load.cpuPercent = r.number(*w, ipath, u"cpu_percent"_qs, Need::Required, 0).value_or(0);
            load.connections = r.number(*w, ipath, u"connections"_qs, Need::Optional, 0).value_or(0);
            load.maxConnections
                = int(r.integer(*w, ipath, u"max_connections"_qs, Need::Optional, 0, 1 << 30).value_or(0));
            d.workers << load;
        }
    }
    // Flags are re-derived from the figures, so files and code never disagree; the stored ones are
    // checked for type only (they are there for readers without Stackbench).
    for (const char16_t* key : { u"flags", u"causes" })
        if (const auto a = r.array(o, path, QString::fromUtf16(key), Need::Optional))
            for (qsizetype i = 0; i < a->size(); ++i)
                r.stringValue(
                    a->at(i), JsonReader::index(JsonReader::join(path, QString::fromUtf16(key)), i));
    if (r.problemCount() != before)
        return std::nullopt;
    return classify(d);
}
