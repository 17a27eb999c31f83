#include "executortraits.h"

#include <algorithm>
#include <cmath>

namespace {
constexpr double GuessedRequestSeconds = 0.02; // per request per VU, for iteration executors

QString vusText(int vus)
{
    return vus == 1 ? u"1 VU"_qs : u"%1 VUs"_qs.arg(vus);
}
} // namespace

const QList<ExecutorTraits>& executorTraits()
{
    static const QList<ExecutorTraits> Table = {
        { ExecutorKind::ConstantVus, u"constant-vus"_qs, { u"vus"_qs, u"duration"_qs }, true, false, false,
            u"VUs for a duration"_qs, u"N users loop for a time"_qs },
        { ExecutorKind::SharedIterations, u"shared-iterations"_qs,
            { u"vus"_qs, u"iterations"_qs, u"maxDuration"_qs }, false, false, false,
            u"VUs share N requests"_qs, u"N users share M requests"_qs },
        { ExecutorKind::PerVuIterations, u"per-vu-iterations"_qs,
            { u"vus"_qs, u"iterations"_qs, u"maxDuration"_qs }, false, false, true, u"N requests per VU"_qs,
            u"M requests each"_qs },
        { ExecutorKind::ConstantArrivalRate, u"constant-arrival-rate"_qs,
            { u"rate"_qs, u"duration"_qs, u"preAllocatedVUs"_qs, u"maxVUs"_qs }, true, true, false,
            u"Fixed request rate"_qs, u"a fixed number of requests per second"_qs },
    };
    return Table;
}

const ExecutorTraits& traitsOf(ExecutorKind kind)
{
    const auto& all = executorTraits();
    const auto it
        = std::find_if(all.begin(), all.end(), [kind](const ExecutorTraits& t) { return t.kind == kind; });
    // A value outside the enum (a corrupted setting cast to ExecutorKind) reads as the first row
    // rather than past the end of the table.
    return it != all.end() ? *it : all.first();
}

qint64 plannedIterations(ExecutorKind kind, int vus, qint64 iterations)
{
    const ExecutorTraits& t = traitsOf(kind);
    if (t.timed)
        return 0;
    return t.perVu ? iterations * vus : iterations;
}

int peakVus(const LoadSpec& spec)
{
    return traitsOf(spec.executor).arrival ? std::max({ spec.maxVus, spec.preAllocatedVus, spec.vus })
                                           : spec.vus;
}

QString spokenDuration(std::chrono::milliseconds d)
{
    const double s = double(d.count()) / 1000.0;
    if (s < 60 || std::fmod(s, 1.0) != 0)
        return u"%1 s"_qs.arg(s);
    const qint64 whole = qint64(s);
    return whole % 60 == 0 ? u"%1 min"_qs.arg(whole / 60) : u"%1 min %2 s"_qs.arg(whole / 60).arg(whole % 60);
}

QString describeLoad(const LoadSpec& spec)
{
    const ExecutorTraits& t = traitsOf(spec.executor);
    if (t.arrival)
        return u"%1 req/s for "_qs.arg(spec.rate) + spokenDuration(spec.duration);
    if (t.timed)
        return vusText(spec.vus) + u" for "_qs + spokenDuration(spec.duration);
    return vusText(spec.vus)
        + (t.perVu ? u" × %1 requests"_qs : u" share %1 requests"_qs).arg(spec.iterations);
}

double expectedSeconds(const LoadSpec& spec)
{
    const ExecutorTraits& t = traitsOf(spec.executor);
    if (t.timed)
        return double(spec.duration.count()) / 1000.0;
    const double perVu = t.perVu ? double(spec.iterations) : double(spec.iterations) / std::max(1, spec.vus);
    return std::max(0.5, perVu * GuessedRequestSeconds);
}
