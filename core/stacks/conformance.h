#pragma once

#include "engine/loadspec.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>
#include <chrono>

/// One named check of the API contract (DESIGN.md) and, when it failed, the response it got.
struct ConformanceCheck
{
    QString name; ///< stable id, e.g. "hello.content-type", "items.delete.status"
    QString description; ///< what the contract requires, in a few words
    bool passed = false;
    QString reason; ///< why it failed (empty when it passed)
    QString request; ///< e.g. "DELETE /items/1501"
    int status = 0; ///< of the response the check looked at; 0 when none arrived
    QString contentType;
    QByteArray bodyExcerpt; ///< the first 300 bytes of that response's body

    QJsonObject toJson() const;
    static ConformanceCheck fromJson(const QJsonObject& o);
};

/// The outcome of runConformance(): every check in the order it ran.
struct ConformanceReport
{
    QUrl baseUrl;
    QString target; ///< stack name, or the URL for --url
    QString transport;
    QList<ConformanceCheck> checks;
    double seconds = 0;

    bool passed() const; ///< true when there are checks and none failed
    int failedCount() const;
    const ConformanceCheck* check(const QString& name) const;
    QStringList failedNames() const;
    /// For the terminal: a summary line, then one line per check; failures get the response.
    QString toText(bool verbose = false) const;
    QJsonObject toJson() const;
    static ConformanceReport fromJson(const QJsonObject& o);
};

Q_DECLARE_METATYPE(ConformanceReport)

struct ConformanceOptions
{
    QString target; ///< copied into the report
    TransportKind transport = TransportKind::Socket;
    std::chrono::milliseconds requestTimeout { 15'000 };
    /// An id that no stack holds: the "missing id gives 404" checks use it.
    qint64 missingId = 987'654'321;
};

/// Exercises every endpoint of the contract against `base` (scheme, host and port; a path prefix is
/// kept) and checks status codes, Content-Type, JSON shapes and types, the echo, the create -> get
/// -> update -> delete life cycle, 404s for a missing id, 4xx (never 5xx) for malformed bodies,
/// and that nothing redirects. It leaves the database as it found it: it deletes every item it
/// created (including any a broken server created from a malformed body). Requests go out one at a
/// time on one keep-alive connection of the chosen transport.
QCoro::Task<ConformanceReport> runConformance(QUrl base, ConformanceOptions options = {});
