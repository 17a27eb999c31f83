#pragma once

#include "transport.h"

#include <http_parser.h>

/// Parses HTTP/1.1 responses, one at a time, from bytes that arrive in any split: Debian's
/// http_parser underneath (Content-Length, chunked and read-until-close bodies). No I/O, so
/// SocketTransport and the fuzz target (tests/fuzz) drive the very same code.
///
/// Usage: begin() with the response to fill, feed() each piece as it arrives until it returns
/// Complete or Failed, and finish() when the peer closed the connection. Parsing pauses at the end of
/// the message: bytes after it (pipelined or unsolicited) are not consumed. Bodies beyond the cap
/// fail the response, so a hostile server cannot make the client buffer without bound.
class HttpResponseParser
{
public:
    enum class State { Partial, Complete, Failed };

    /// `keep`: fill in headers and body (probes and checks); load runs only need the status.
    HttpResponseParser(qint64 maxBodyBytes, bool keep);
    HttpResponseParser(const HttpResponseParser&) = delete;
    HttpResponseParser& operator=(const HttpResponseParser&) = delete;

    /// Starts a new response; `response` must outlive the parse (until the next begin()). The
    /// response to a HEAD request has no body, even when its headers announce one.
    void begin(HttpResponse* response, bool headRequest = false);
    /// Parses the next piece. Partial: more is owed. Failed: see error().
    State feed(const char* data, qsizetype size);
    /// The connection was closed: Complete ends a read-until-close body, Partial means cut short.
    State finish();

    /// Why the response failed: a sentence for HttpResponse::error; empty unless Failed.
    const QString& error() const { return m_error; }
    /// The completed response lets the connection be reused (HTTP version and Connection header).
    bool keepAlive() const;

private:
    static int onHeaderField(http_parser* p, const char* at, size_t len);
    static int onHeaderValue(http_parser* p, const char* at, size_t len);
    static int onHeadersComplete(http_parser* p);
    static int onBody(http_parser* p, const char* at, size_t len);
    static int onMessageComplete(http_parser* p);

    const qint64 m_maxBodyBytes;
    const bool m_keep;
    http_parser m_parser;
    http_parser_settings m_settings;

    // Per-response state, reset by begin().
    HttpResponse* m_response = nullptr;
    QString m_error;
    qint64 m_bodyBytes = 0;
    bool m_complete = false;
    bool m_bodyTooLarge = false;
    bool m_headerValueLast = false;
    bool m_headRequest = false;
};
