#pragma once

#include "loadspec.h"
#include "metrics/summary.h"

#include <QCoroTask>
#include <memory>

/// One request as it goes on the wire. The path already has its placeholders expanded.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; ///< path and query, e.g. "/items/7"
    Headers headers;
    QByteArray body;
};

struct HttpResponse
{
    Outcome outcome = Outcome::Ok;
    int status = 0;
    Headers headers;
    QByteArray body; ///< kept only when the transport was asked to keep bodies
    qint64 bytes = 0; ///< header and body bytes received
    qint64 ttfbUs = 0; ///< send to first byte
    qint64 totalUs = 0; ///< send to last byte
    QString error; ///< human-readable reason when outcome is not Ok

    QByteArray header(const QByteArray& name) const; ///< case-insensitive, first match
};

/// A per-VU HTTP client. One instance is used by one coroutine at a time, in one thread.
/// Implementations: SocketTransport (HTTP/1.1 keep-alive on QTcpSocket) and QnamTransport.
class Transport
{
public:
    struct Options
    {
        QUrl baseUrl;
        std::chrono::milliseconds timeout { 60'000 };
        qint64 maxBodyBytes = 64LL * 1024 * 1024;
        bool keepBodies = false; ///< load runs discard bodies; probes and checks keep them
    };

    virtual ~Transport() = default;
    virtual QCoro::Task<HttpResponse> send(const HttpRequest& request) = 0;
    /// Drops the connection and makes a pending send() return promptly (used on stop).
    virtual void abort() = 0;
    virtual TransportKind kind() const = 0;

    static std::unique_ptr<Transport> create(TransportKind kind, const Options& options);
};

/// Classifies a completed HTTP exchange by its status code.
Outcome outcomeForStatus(int status);
