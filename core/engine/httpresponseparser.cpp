#include "httpresponseparser.h"

namespace {
HttpResponseParser& self(http_parser* p)
{
    return *static_cast<HttpResponseParser*>(p->data);
}
} // namespace

HttpResponseParser::HttpResponseParser(qint64 maxBodyBytes, bool keep)
    : m_maxBodyBytes(maxBodyBytes)
    , m_keep(keep)
{
    http_parser_settings_init(&m_settings);
    m_settings.on_header_field = &HttpResponseParser::onHeaderField;
    m_settings.on_header_value = &HttpResponseParser::onHeaderValue;
    m_settings.on_headers_complete = &HttpResponseParser::onHeadersComplete;
    m_settings.on_body = &HttpResponseParser::onBody;
    m_settings.on_message_complete = &HttpResponseParser::onMessageComplete;
    http_parser_init(&m_parser, HTTP_RESPONSE);
    m_parser.data = this;
}

void HttpResponseParser::begin(HttpResponse* response, bool headRequest)
{
    m_headRequest = headRequest;
    http_parser_init(&m_parser, HTTP_RESPONSE);
    m_parser.data = this;
    m_response = response;
    m_error.clear();
    m_bodyBytes = 0;
    m_complete = false;
    m_bodyTooLarge = false;
    m_headerValueLast = false;
}

HttpResponseParser::State HttpResponseParser::feed(const char* data, qsizetype size)
{
    if (size <= 0) // http_parser reads a zero-length piece as end of input
        return m_complete ? State::Complete : State::Partial;
    const size_t parsed = http_parser_execute(&m_parser, &m_settings, data, size_t(size));
    if (m_bodyTooLarge) {
        m_error = u"response body exceeds the %1-byte limit"_qs.arg(m_maxBodyBytes);
        return State::Failed;
    }
    if (m_complete) // paused at the message end: whatever follows is not part of this response
        return State::Complete;
    if (m_parser.http_errno != HPE_OK || parsed != size_t(size)) {
        m_error = u"malformed HTTP response: "_qs
            + QString::fromLatin1(http_errno_description(http_errno(m_parser.http_errno)));
        return State::Failed;
    }
    return State::Partial;
}

HttpResponseParser::State HttpResponseParser::finish()
{
    http_parser_execute(&m_parser, &m_settings, nullptr, 0);
    return m_complete ? State::Complete : State::Partial;
}

bool HttpResponseParser::keepAlive() const
{
    return http_should_keep_alive(&m_parser) != 0;
}

// ---- http_parser callbacks ----

int HttpResponseParser::onHeaderField(http_parser* p, const char* at, size_t len)
{
    auto& s = self(p);
    if (!s.m_keep)
        return 0;
    auto& headers = s.m_response->headers;
    if (s.m_headerValueLast || headers.isEmpty())
        headers.append({ QByteArray(at, qsizetype(len)), QByteArray() });
    else
        headers.last().first.append(at, qsizetype(len));
    s.m_headerValueLast = false;
    return 0;
}

int HttpResponseParser::onHeaderValue(http_parser* p, const char* at, size_t len)
{
    auto& s = self(p);
    if (s.m_keep && !s.m_response->headers.isEmpty())
        s.m_response->headers.last().second.append(at, qsizetype(len));
    s.m_headerValueLast = true;
    return 0;
}

int HttpResponseParser::onHeadersComplete(http_parser* p)
{
    self(p).m_response->status = int(p->status_code);
    return self(p).m_headRequest ? 1 : 0; // 1: no body follows, whatever Content-Length says
}

int HttpResponseParser::onBody(http_parser* p, const char* at, size_t len)
{
    auto& s = self(p);
    s.m_bodyBytes += qint64(len);
    if (s.m_bodyBytes > s.m_maxBodyBytes) {
        s.m_bodyTooLarge = true;
        return -1;
    }
    if (s.m_keep)
        s.m_response->body.append(at, qsizetype(len));
    return 0;
}

int HttpResponseParser::onMessageComplete(http_parser* p)
{
    self(p).m_complete = true;
    http_parser_pause(p, 1); // stop at the message boundary; pipelined extra bytes are not ours
    return 0;
}
