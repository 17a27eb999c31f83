#pragma once

#include "transport.h"

#include <QNetworkAccessManager>

/// QNetworkAccessManager transport, for https://, HTTP/2 and redirects, and as a cross-check.
///
/// One manager per instance (one per VU): Qt 6.4 caps a manager at 6 connections per host.
/// Replies are deleted as soon as they finish; outcomes are classified by HTTP status, because QNAM
/// also sets error() on 4xx and 5xx responses. Costs ~25x the CPU of SocketTransport per request.
class QnamTransport : public Transport
{
public:
    explicit QnamTransport(const Options& options);
    ~QnamTransport() override;

    QCoro::Task<HttpResponse> send(const HttpRequest& request) override;
    void abort() override;
    TransportKind kind() const override { return TransportKind::Qnam; }

private:
    Options m_options;
    QNetworkAccessManager m_manager;
    QNetworkReply* m_reply = nullptr;
};
