#pragma once

#include "environment.h"
#include "preflight.h"
#include "plan/plan.h"

#include <QDateTime>
#include <QMap>
#include <QStringList>

class JsonReader;

/// manifest.json of a results folder: what was run, where, with what. Written first, and rewritten
/// (atomically) when a stack's command is recorded, when the run is resumed and when it finishes.
struct RunManifest
{
    /// 2 added `preflight`; version 1 manifests still read.
    static constexpr int FormatVersion = 2;

    Plan plan; ///< copied as it was run
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

    QJsonObject toJson() const;
    /// Reads what toJson() writes. A future version is one problem and nullopt.
    static std::optional<RunManifest> fromJson(JsonReader& reader, const QJsonObject& o);
};
