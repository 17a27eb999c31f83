#pragma once

#include "loadspec.h"
#include "metrics/histogram.h"
#include "metrics/summary.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

class JsonReader;

/// One segment's result, as `stackbench load --segment K/N --out FILE` writes it: the whole load it is
/// part of, its segment, its wall-clock window, its summary and its latency and TTFB histograms (in
/// HdrHistogram's encoding), which is what lets `stackbench merge` add segments up exactly.
struct LoadPart
{
    static constexpr int FormatVersion = 1;

    QJsonObject load; ///< the whole load (loadIdentity()): every part of one load has the same
    ExecutionSegment segment;
    QString sequence; ///< the run's SegmentSequence::toString()
    QDateTime startedAt, finishedAt; ///< UTC, wall clock
    Summary summary;
    Histogram latency, ttfb; ///< µs
    bool clientBound = false;

    /// `{"format": "stackbench-load-part", "version": 1, "load": {...}, "segment": "1/3:2/3", "sequence":
    ///   "0,1/3,2/3,1", "started_at", "finished_at", "summary": {...}, "latency_hdr", "ttfb_hdr",
    ///   "client_bound"}`.
    QJsonObject toJson() const;
    /// Reads what toJson() writes; problems go to `reader` by JSON path.
    static std::optional<LoadPart> fromJson(JsonReader& reader, const QJsonObject& o);
};

/// What identifies a load, whatever its segment: target, request, executor and its parameters,
/// timeout and transport (not the worker threads or CPU pinning, which only say how one client ran it).
QJsonObject loadIdentity(const LoadSpec& spec);

/// Parts added up: counts, errors and statuses summed, histograms merged bucket by bucket, latency
/// figures read off the merged histograms, the duration from the earliest start to the latest end.
struct MergedLoad
{
    Summary summary;
    Histogram latency, ttfb;
    bool clientBound = false; ///< any part was
    QStringList warnings; ///< e.g. starts more than a second apart
};

/// Merges the parts of one load. nullopt with one sentence per problem in `problems` when they are not
/// the parts of one whole: different loads or sequences, a segment twice, a segment missing.
/// `names` (the files, same order) name the parts in those sentences.
std::optional<MergedLoad> mergeParts(
    const QList<LoadPart>& parts, const QStringList& names, QStringList* problems);
