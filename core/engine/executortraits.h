#pragma once

#include "loadspec.h"

#include <QList>
#include <QString>
#include <QStringList>

/// What Stackbench knows about an executor apart from its worker code (loadworker.cpp) and its form
/// (ui/common/loadfields.cpp): one row per ExecutorKind in executortraits.cpp. A new executor adds a
/// row there; the plan parser and writer, the estimate, the descriptions and the forms read it.
struct ExecutorTraits
{
    ExecutorKind kind;
    QString name; ///< k6's name, as plans and k6 scripts spell it: "constant-vus", ...
    QStringList params; ///< the plan keys it reads, in the order a plan writes them
    bool timed; ///< runs for `duration`; otherwise it sends a number of iterations
    bool arrival; ///< an open model: a rate of iterations, with VUs as a pool that serves it
    bool perVu; ///< `iterations` counts per VU rather than in total
    QString label; ///< a few words for menus: "VUs for a duration"
    QString summary; ///< what it does, for tooltips: "N users loop for a time"
};

/// Every executor, in the order menus list them.
const QList<ExecutorTraits>& executorTraits();
const ExecutorTraits& traitsOf(ExecutorKind kind);

/// The requests an iteration executor sends in all (per-vu: iterations × VUs); 0 for a timed one.
qint64 plannedIterations(ExecutorKind kind, int vus, qint64 iterations);
/// The most VUs the spec can have in flight: arrival-rate may grow its pool up to maxVus.
int peakVus(const LoadSpec& spec);
/// The load in words, without the executor's name: "50 VUs for 10 s", "10 VUs share 1000 requests",
/// "2 VUs × 3 requests", "20.5 req/s for 2 s".
QString describeLoad(const LoadSpec& spec);
/// A duration as people say it: "0.5 s", "10 s", "1 min 30 s", "2 min".
QString spokenDuration(std::chrono::milliseconds d);
/// How long the spec is expected to run, in seconds: a timed one its duration, an iteration one a
/// guess of 20 ms per request per VU (at least 0.5 s).
double expectedSeconds(const LoadSpec& spec);
