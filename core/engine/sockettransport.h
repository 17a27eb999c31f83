#pragma once

#include "httpresponseparser.h"
#include "transport.h"

#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <coroutine>
#include <memory>

/// HTTP/1.1 keep-alive client on one QTcpSocket: the default, low-overhead transport.
///
/// One connection per instance (one per VU). Responses are parsed by HttpResponseParser (Content-Length,
/// chunked, and read-until-close bodies). A connection the server closed while idle is reopened
/// transparently, and the request retried once, because nothing of it was processed. The socket
/// sets TCP_NODELAY, and TCP_QUICKACK whenever a response arrives in parts: without it, uvicorn/h11
/// keep-alive stalls ~40 ms per request on delayed ACKs.
///
/// Threading: lives in the thread that created it; send() must be awaited there, one at a time.
/// Lifetime: may be destroyed right after send() returns, even though the coroutine was resumed from
/// inside a socket signal; the socket is then released with deleteLater().
class SocketTransport : public QObject, public Transport
{
    Q_OBJECT
public:
    explicit SocketTransport(const Options& options);
    ~SocketTransport() override;

    QCoro::Task<HttpResponse> send(const HttpRequest& request) override;
    void abort() override;
    TransportKind kind() const override { return TransportKind::Socket; }

private:
    struct Wake;
    enum class ReadResult { Complete, Closed, Failed };

    QCoro::Task<bool> ensureConnected(HttpResponse& response);
    QCoro::Task<ReadResult> readResponse(HttpResponse& response, bool headRequest);
    QByteArray serialize(const HttpRequest& request) const;
    void wake();
    void onDeadline();
    bool pastDeadline() const;
    void setQuickAck();
    void writeRequest(const QByteArray& wire);
    void fail(HttpResponse& response, Outcome outcome, const QString& reason);

    Options m_options;
    QByteArray m_hostHeader;
    QTcpSocket& m_socket; ///< heap-owned: see the destructor
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
    int m_resuming = 0; ///< > 0 while wake() runs the coroutine inside one of the socket's signals
    QTimer m_deadlineTimer;
    std::coroutine_handle<> m_waiter;
    qint64 m_deadlineNs = 0;
    bool m_inFlight = false;
    bool m_timedOut = false;
    bool m_aborted = false;
    qint64 m_startNs = 0;
    HttpResponseParser m_parser;
};
