#pragma once

#include "plan/plan.h"

#include <QByteArray>
#include <QList>
#include <QString>

/// k6 scripts equivalent to a plan's scenarios, so a study can be cross-checked with the tool the paper
/// used (`stackbench export-k6`). Pure functions: no files, no I/O.
///
/// Each script holds one k6 scenario named after the plan's scenario id, with the same executor and
/// numbers (k6's own executor names), and a default function that issues the same request:
/// - `BASE` is `__ENV.BASE_URL`, defaulting to the base URL given here, without a trailing slash;
/// - `{seq}` is `exec.scenario.iterationInTest` (from 0, like the engine's sequence number) and `{vu}`
///   is `exec.vu.idInTest` (from 1);
/// - `{id}` is drawn at random from the plan's range or pool, or, for consumed ids, taken in order by
///   `iterationInTest` (the last id repeats once the pool is used up, as in the engine);
/// - a body without a Content-Type header gets `application/json`, as in toLoadSpec();
/// - `http.setResponseCallback(http.expectedStatuses(expected_status))` makes `http_req_failed` count
///   what Stackbench counts as errors (any other status);
/// - `summaryTrendStats` includes `p(99)`, so `--summary-export` carries it for `import-k6`;
/// - every failed request is also counted in one of Stackbench's error classes, as the counters
///   `stackbench_errors_connect`, `_timeout`, `_reset`, `_http_4xx`, `_http_5xx` and `_parse`, which
///   `import-k6` reads back (k6 itself only counts failures, not why).
///
/// One difference remains: for `constant-arrival-rate` Stackbench counts latency from the scheduled
/// send time (so a client that falls behind shows it), k6 from the actual send.
struct K6Script
{
    QString fileName; ///< "04-get-one.js": the scenario's position in the plan and its id
    QByteArray text; ///< UTF-8 JavaScript
};

/// The script for one scenario. `position` (from 1) only names the file and the suggested summary file.
K6Script k6Script(const Plan& plan, const Scenario& scenario, int position, const QString& defaultBaseUrl);
/// One script per scenario, in plan order.
QList<K6Script> k6Scripts(const Plan& plan, const QString& defaultBaseUrl);

/// k6's `executor`, `vus`, `duration`, ... for a scenario, as the body of a JS object literal
/// (`executor: 'shared-iterations', vus: 10, iterations: 1000,`), one property per line.
QString k6ScenarioOptions(const Scenario& scenario);
/// A JavaScript template literal (backquoted) for a path or body holding `{id}`, `{seq}` and `{vu}`,
/// which become `${id}`, `${seq}` and `${vu}`; everything else is escaped to stay literal.
QString k6TemplateLiteral(const QByteArray& text);
/// "stackbench_errors_": the prefix of the error-class counters in exported scripts.
QString k6ErrorCounterPrefix();
/// A single-quoted JavaScript string literal.
QString k6StringLiteral(const QString& text);
/// k6's integer `rate` and `timeUnit` for a rate in iterations per second: 50 -> (50, "1s"),
/// 2.5 -> (25, "10s"). Rates finer than 1/1000 per second are rounded.
std::pair<qint64, QString> k6Rate(double perSecond);
