#include "preflight.h"

#include "plan/jsonreader.h"

#include <QJsonArray>
#include <algorithm>

using Need = JsonReader::Need;

Preflight assess(Preflight p)
{
    p.warnings.clear();
    // Half the CPUs busy on average over the last minute: something ran that may still be running.
    if (p.loadAverage[0] >= 0 && p.cores > 0 && p.loadAverage[0] >= 0.5 * p.cores)
        p.warnings << u"load average %1 over the last minute on %2 CPUs: something else has been running"_qs
                          .arg(p.loadAverage[0], 0, 'f', 2)
                          .arg(p.cores);
    for (const BusyProcess& b : p.busy)
        p.warnings << u"%1 (pid %2) is using %3 % of a core"_qs.arg(b.name).arg(b.pid).arg(
            b.cpuPercent, 0, 'f', 0);
    if (p.stealPercent >= 5)
        p.warnings << u"the hypervisor is stealing %1 % of the CPU time"_qs.arg(p.stealPercent, 0, 'f', 0);
    if (p.swapUsedKb > 1024)
        p.warnings << u"%1 MiB of swap in use: paging can stall the stacks"_qs.arg(p.swapUsedKb / 1024);
    if (!p.governor.isEmpty() && p.governor != u"performance")
        p.warnings << u"CPU frequency governor is \"%1\"; \"performance\" gives steadier figures"_qs.arg(
            p.governor);
    if (p.cores > 0 && p.cores < 2)
        p.warnings << u"one CPU: the client and the stack take turns, so figures measure both"_qs;
    return p;
}

QStringList Preflight::lines() const
{
    QStringList out;
    out << u"CPUs %1, load average %2 %3 %4, governor %5, swap %6"_qs.arg(cores)
               .arg(loadAverage[0], 0, 'f', 2)
               .arg(loadAverage[1], 0, 'f', 2)
               .arg(loadAverage[2], 0, 'f', 2)
               .arg(governor.isEmpty() ? u"not readable"_qs : governor)
               .arg(swapTotalKb <= 0
                       ? u"none"_qs
                       : u"%1 of %2 MiB used"_qs.arg(swapUsedKb / 1024).arg(swapTotalKb / 1024));
    if (!pressureAvailable)
        out << u"no pressure stall information (PSI) in this kernel: I/O stalls cannot be measured"_qs;
    for (const QString& w : warnings)
        out << u"⚠ "_qs + w;
    if (warnings.isEmpty())
        out << u"✓ nothing else is busy"_qs;
    return out;
}

QJsonObject Preflight::toJson() const
{
    QJsonArray list;
    for (const auto& b : busy)
        list.append(QJsonObject {
            { u"pid"_qs, b.pid }, { u"name"_qs, b.name }, { u"cpu_percent"_qs, b.cpuPercent } });
    return { { u"cores"_qs, cores }, { u"governor"_qs, governor },
        { u"load_average"_qs, QJsonArray { loadAverage[0], loadAverage[1], loadAverage[2] } },
        { u"busy"_qs, list }, { u"steal_percent"_qs, stealPercent }, { u"swap_total_kb"_qs, swapTotalKb },
        { u"swap_used_kb"_qs, swapUsedKb }, { u"pressure_available"_qs, pressureAvailable },
        { u"window_s"_qs, windowS }, { u"warnings"_qs, QJsonArray::fromStringList(warnings) } };
}

std::optional<Preflight> Preflight::fromJson(JsonReader& r, const QJsonObject& o, const QString& path)
{
    const auto before = r.problemCount();
    r.checkKeys(o, path,
        { u"cores"_qs, u"governor"_qs, u"load_average"_qs, u"busy"_qs, u"steal_percent"_qs,
            u"swap_total_kb"_qs, u"swap_used_kb"_qs, u"pressure_available"_qs, u"window_s"_qs,
            u"warnings"_qs });
    Preflight p;
    p.cores = int(r.integer(o, path, u"cores"_qs, Need::Required, 0, 1 << 20).value_or(0));
    p.governor = r.string(o, path, u"governor"_qs, Need::Optional).value_or(QString());
    if (const auto a = r.array(o, path, u"load_average"_qs, Need::Optional)) {
        const QString apath = JsonReader::join(path, u"load_average"_qs);
        if (a->size() != 3)
            r.problem(apath, u"must hold three numbers"_qs);
        for (qsizetype i = 0; i < std::min<qsizetype>(3, a->size()); ++i)
            p.loadAverage[size_t(i)] = r.numberValue(a->at(i), JsonReader::index(apath, i), -1).value_or(-1);
    }
    if (const auto a = r.array(o, path, u"busy"_qs, Need::Optional)) {
        const QString bpath = JsonReader::join(path, u"busy"_qs);
        for (qsizetype i = 0; i < a->size(); ++i) {
            const QString ipath = JsonReader::index(bpath, i);
            if (const auto b = r.objectValue(a->at(i), ipath)) {
                r.checkKeys(*b, ipath, { u"pid"_qs, u"name"_qs, u"cpu_percent"_qs });
                p.busy.append({ r.integer(*b, ipath, u"pid"_qs, Need::Required, 0).value_or(0),
                    r.string(*b, ipath, u"name"_qs, Need::Optional).value_or(QString()),
                    r.number(*b, ipath, u"cpu_percent"_qs, Need::Required, 0).value_or(0) });
            }
        }
    }
    p.stealPercent = r.number(o, path, u"steal_percent"_qs, Need::Optional, -1, 100).value_or(-1);
    p.swapTotalKb = r.integer(o, path, u"swap_total_kb"_qs, Need::Optional, -1).value_or(-1);
    p.swapUsedKb = r.integer(o, path, u"swap_used_kb"_qs, Need::Optional, -1).value_or(-1);
    p.pressureAvailable = r.boolean(o, path, u"pressure_available"_qs).value_or(false);
    p.windowS = r.number(o, path, u"window_s"_qs, Need::Optional, 0).value_or(0);
    if (const auto a = r.array(o, path, u"warnings"_qs, Need::Optional))
        for (qsizetype i = 0; i < a->size(); ++i)
            r.stringValue(a->at(i), JsonReader::index(JsonReader::join(path, u"warnings"_qs), i));
    if (r.problemCount() != before)
        return std::nullopt;
    return assess(p);
}
