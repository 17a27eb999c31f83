#pragma once

#include "segment.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <chrono>

enum class ExecutorKind { ConstantVus, SharedIterations, PerVuIterations, ConstantArrivalRate };
enum class TransportKind { Socket, Qnam };

QString toString(ExecutorKind k); ///< k6 names: "constant-vus", "shared-iterations", ...
QString toString(TransportKind k); ///< "socket" | "qnam"
bool parseExecutor(const QString& s, ExecutorKind* out);
bool parseTransport(const QString& s, TransportKind* out);
/// Parses k6-style durations: "10s", "500ms", "1m", "1m30s", "2h", or a bare number of seconds.
bool parseDuration(const QString& text, std::chrono::milliseconds* out);

using Headers = QList<QPair<QByteArray, QByteArray>>;

/// A request with placeholders. `{id}` is drawn from idPool (or idMin..idMax when the pool is empty),
/// `{seq}` is the global iteration number and `{vu}` the VU number (from 1). Placeholders are expanded
/// in the path and in the body.
struct RequestTemplate
{
    QByteArray method = "GET";
    QString path = u"/"_qs;
    Headers headers;
    QByteArray body;
    QList<qint64> idPool;
    qint64 idMin = 1;
    qint64 idMax = 1;
    /// Ids are handed out in order and never reused (for DELETE); otherwise drawn at random.
    bool consumeIds = false;

    QJsonObject toJson() const;
    static RequestTemplate fromJson(const QJsonObject& o);
};

/// One load to apply: the target, the request, the executor (k6 semantics) and the transport.
struct LoadSpec
{
    QUrl baseUrl;
    RequestTemplate request;
    ExecutorKind executor = ExecutorKind::ConstantVus;
    int vus = 1;
    std::chrono::milliseconds duration { 10'000 };
    qint64 iterations = 0; ///< shared total, or per VU for PerVuIterations
    double rate = 0; ///< iterations per second (arrival-rate)
    int preAllocatedVus = 0; ///< arrival-rate; defaults to vus
    int maxVus = 0; ///< arrival-rate; defaults to preAllocatedVus
    std::chrono::milliseconds maxDuration { 600'000 }; ///< cap for the iteration executors (k6's default)
    std::chrono::milliseconds timeout { 60'000 }; ///< per request
    TransportKind transport = TransportKind::Socket;
    int threads = 1; ///< worker threads the VUs are spread over
    qint64 maxBodyBytes = 64LL * 1024 * 1024; ///< larger responses fail as parse errors
    QList<int> cpuAffinity; ///< CPUs the worker threads run on; empty = any
    /// The part of the whole load this run applies (k6's --execution-segment), within
    /// `segmentSequence` (k6's --execution-segment-sequence; empty: the segment filled out to 0:1).
    /// The whole, 0:1, by default. See segmentShare().
    ExecutionSegment segment;
    QString segmentSequence;

    /// Empty when the spec can run; otherwise one plain sentence per problem.
    QStringList validate() const;
    bool isSegmented() const { return !(segment == ExecutionSegment {}) || !segmentSequence.isEmpty(); }
    /// The sequence and the index of `segment` in it; nullopt with `error` when it is not there.
    std::optional<std::pair<SegmentSequence, qsizetype>> segmentation(QString* error = nullptr) const;
    /// This segment's share of the load, as k6 splits each executor: constant-vus and
    /// per-vu-iterations scale the VUs; shared-iterations scales the iterations and the VUs (at least
    /// one VU while it has iterations); constant-arrival-rate keeps its rate and duration (the segment
    /// runs the iterations of the whole schedule it owns, at their times) and scales its VUs (at
    /// least one). The whole spec when it is not segmented.
    LoadSpec segmentShare() const;
    /// Whether the share has anything to do: VUs for a closed executor, iterations for a counted one.
    bool hasWork() const;
};
