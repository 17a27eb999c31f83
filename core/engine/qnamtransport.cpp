#include "qnamtransport.h"

#include "clock.h"

#include <QCoroNetworkReply>
#include <QNetworkReply>
#include <QPointer>

namespace {
Outcome outcomeForError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::NetworkSessionFailedError:
        return Outcome::Connect;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return Outcome::Timeout;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return Outcome::Parse;
    default:
        return Outcome::Reset;
    }
}
} // namespace

QnamTransport::QnamTransport(const Options& options)
    : m_options(options)
{
    m_manager.setAutoDeleteReplies(false);
}

QnamTransport::~QnamTransport()
{
    abort();
}

void QnamTransport::abort()
{
    if (m_reply)
        m_reply->abort();
}

QCoro::Task<HttpResponse> QnamTransport::send(const HttpRequest& request)
{
    HttpResponse response;
    QUrl url = m_options.baseUrl;
    const QUrl relative = QUrl::fromEncoded(request.target);
    url.setPath(relative.path(QUrl::FullyEncoded), QUrl::TolerantMode);
    url.setQuery(relative.query(QUrl::FullyEncoded), QUrl::TolerantMode);
    QNetworkRequest req(url);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, m_options.baseUrl.scheme() == u"https");
    bool hasContentType = false;
    for (const auto& [k, v] : request.headers) {
        hasContentType = hasContentType || k.compare("content-type", Qt::CaseInsensitive) == 0;
        req.setRawHeader(k, v);
    }
    if (!hasContentType && !request.body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));

    const qint64 start = nowNs();
    // head(): a custom "HEAD" would make QNAM wait for the body its Content-Length announces.
    QNetworkReply* sent = request.method == "HEAD"
        ? m_manager.head(req)
        : m_manager.sendCustomRequest(req, request.method, request.body);
    std::unique_ptr<QNetworkReply, void (*)(QNetworkReply*)> reply(
        sent, [](QNetworkReply* r) { r->deleteLater(); });
    m_reply = reply.get();
    bool tooLarge = false;
    QObject::connect(reply.get(), &QNetworkReply::readyRead, reply.get(), [&, r = reply.get()] {
        if (!response.ttfbUs)
            response.ttfbUs = (nowNs() - start) / 1000;
        const QByteArray chunk = r->readAll();
        response.bytes += chunk.size();
        if (response.bytes > m_options.maxBodyBytes) {
            tooLarge = true;
            r->abort();
        } else if (m_options.keepBodies) {
            response.body += chunk;
        }
    });

    const bool finished = co_await qCoro(reply.get()).waitForFinished(m_options.timeout);
    m_reply = nullptr;
    response.totalUs = (nowNs() - start) / 1000;
    if (!finished) {
        reply->abort();
        response.outcome = Outcome::Timeout;
        response.error = u"no complete response in time"_qs;
        co_return response;
    }
    if (!response.ttfbUs)
        response.ttfbUs = response.totalUs;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    response.status = status.isValid() ? status.toInt() : 0;
    for (const auto& [k, v] : reply->rawHeaderPairs())
        response.headers.append({ k, v });
    if (tooLarge) {
        response.outcome = Outcome::Parse;
        response.error = u"response body exceeds the %1-byte limit"_qs.arg(m_options.maxBodyBytes);
    } else if (response.status && (reply->error() == QNetworkReply::NoError || reply->error() >= 100)) {
        response.outcome = outcomeForStatus(response.status); // 1xx-level codes are HTTP, not transport
    } else {
        response.outcome = outcomeForError(reply->error());
        response.error = reply->errorString();
    }
    co_return response;
}
