#pragma once

#include "aggregate.h"
#include "curves.h"

/// The curves of a results folder whose plan has sweeps (see expandSweeps()):
/// - a load sweep (a scenario with "sweep": {"vus": [...]}) gives one series per stack of the plan
///   and swept scenario, a point per cell: its mean req/s with the 95 % interval of describe() over
///   the repetitions, the pooled p50/p99 and the error rate, as aggregate() has them;
/// - a parameter sweep (a stack with "sweep": {"workers": [...]}) gives one ConfigResult per stack
///   configuration and scenario that is not swept, and `configScenario` is the first such scenario.
/// Throughput is req/s whatever the scenario's figure metric. The objective is the plan's
/// `procedure.slo_p99_ms`; the curves come analysed (knee and plateau). Empty without a sweep.
Curves sweepCurves(const ResultsFolder& folder, const Aggregates& aggregates);
