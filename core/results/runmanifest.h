#pragma once

#include "environment.h"
#include "plan/plan.h"
#include "preflight.h"

#include <QDateTime>
#include <QMap>
#include <QStringList>

class JsonReader;

/// manifest.json of a results folder: what was run, where, with what. Written first, and rewritten
/// (atomically) when a stack's command is recorded, when the run is resumed and when it finishes.
struct RunManifest
{
    /// 2 added `preflight`; 3 added `stack_orders` and `convergence`; 4 `shard` and `merged_from`. Older
    /// manifests still read.
    static constexpr int FormatVersion = 4;

    Plan plan; ///< copied as it was given, sweeps and all
    /// The plan with its sweeps expanded (expandSweeps()): the stacks and scenarios the records
    /// name. Equal to `plan` when it has no sweep.
    Plan expandedPlan() const { return expandSweeps(plan); }
    Environment environment;
    std::optional<Preflight> preflight; ///< the machine just before the study started
    /// What produced the results: a Stackbench transport ("socket", "qnam") or an imported tool ("k6").
    QString transport = u"socket"_qs;
    static const QStringList& knownTransports();
    QDateTime startedAt; ///< UTC
    QDateTime finishedAt; ///< invalid while the run is unfinished
    QList<QDateTime> resumedAt;
    /// The exact commands run per stack, as argument lists (never shell strings), in first-run order.
    QMap<QString, QList<QStringList>> commands;
    /// Per repetition (from 1), the stack ids in the order they run. Empty in older folders: there
    /// every repetition ran the plan's order.
    QList<QStringList> stackOrders;
    /// An adaptive procedure's outcome, once it stopped: how many repetitions it ran and the bars
    /// that were still wider than the target ("Figure 3 · Flask + sqlite3: ±7.2 % (n = 15)").
    struct Convergence
    {
        int repetitions = 0;
        QStringList unconverged;
    };
    std::optional<Convergence> convergence;
    /// A study shard (`run --shard K/N`): it ran the units (repetition, stack) where (the stack's
    /// position in the plan + repetition − 1) is K − 1 modulo N. Rotating with the repetition puts every
    /// stack on every machine in turn, so a machine's own speed never becomes one stack's.
    struct Shard
    {
        static constexpr int MaxShards = 100'000;
        int k = 1, n = 1;
        bool operator==(const Shard&) const = default;
        bool holds(int repetition, qsizetype stackIndex, qsizetype /*stackCount*/) const
        {
            return stackIndex >= 0 && (stackIndex + qint64(repetition) - 1) % n == k - 1;
        }
    };
    std::optional<Shard> shard;
    QStringList mergedFrom; ///< the shard folders `merge-results` made this one from

    /// Whether this folder ran the unit (repetition, stack): always, unless it is a shard.
    bool holds(int repetition, const QString& stack) const;
    /// The stacks of @p repetition in run order: stackOrders, or the plan's order without it.
    QStringList stackOrder(int repetition) const;

    QJsonObject toJson() const;
    /// Reads what toJson() writes. A future version is one problem and nullopt.
    static std::optional<RunManifest> fromJson(JsonReader& reader, const QJsonObject& o);
};
