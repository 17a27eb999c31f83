#include "testserver.h"

#include <QtDebug>
#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <deque>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string_view>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>

using namespace std::string_view_literals;
using Clock = std::chrono::steady_clock;

namespace {
constexpr quint64 ListenTag = 0;
constexpr quint64 WakeTag = 1;
constexpr size_t MaxHeaderBytes = 1 << 20;
constexpr size_t FillBlock = 256 * 1024;
constexpr size_t EndlessBacklog = 64 * 1024; // don't queue more than this for a client that stalls
constexpr auto EndlessInterval = std::chrono::milliseconds(5);

struct Request
{
    std::string_view method;
    std::string_view path;
    std::string_view query;
    std::string_view contentType;
    std::string body;
    bool close = false;
};

bool iequals(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
        [](char x, char y) { return std::tolower(uchar(x)) == std::tolower(uchar(y)); });
}

bool icontains(std::string_view haystack, std::string_view needle)
{
    for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (iequals(haystack.substr(i, needle.size()), needle))
            return true;
    }
    return false;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

/// The integer value of `key` in a query string such as `a=1&ms=20`, or `fallback`.
qint64 queryInt(std::string_view query, std::string_view key, qint64 fallback)
{
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == key) {
            qint64 v = 0;
            const auto value = pair.substr(eq + 1);
            if (std::from_chars(value.data(), value.data() + value.size(), v).ec == std::errc())
                return v;
            return fallback;
        }
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return fallback;
}

std::string_view reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK"sv;
    case 201:
        return "Created"sv;
    case 204:
        return "No Content"sv;
    case 301:
        return "Moved Permanently"sv;
    case 302:
        return "Found"sv;
    case 304:
        return "Not Modified"sv;
    case 400:
        return "Bad Request"sv;
    case 401:
        return "Unauthorized"sv;
    case 403:
        return "Forbidden"sv;
    case 404:
        return "Not Found"sv;
    case 408:
        return "Request Timeout"sv;
    case 411:
        return "Length Required"sv;
    case 429:
        return "Too Many Requests"sv;
    case 431:
        return "Request Header Fields Too Large"sv;
    case 500:
        return "Internal Server Error"sv;
    case 502:
        return "Bad Gateway"sv;
    case 503:
        return "Service Unavailable"sv;
    case 504:
        return "Gateway Timeout"sv;
    default:
        return "Status"sv;
    }
}

bool statusHasBody(int status)
{
    return status != 204 && status != 304;
}

std::string statusLine(int status)
{
    return "HTTP/1.1 " + std::to_string(status) + ' ' + std::string(reasonPhrase(status)) + "\r\n";
}

std::string chunk(std::string_view data)
{
    std::array<char, 16> hex {};
    const auto end = std::to_chars(hex.data(), hex.data() + hex.size(), data.size(), 16).ptr;
    std::string out(hex.data(), end);
    out += "\r\n";
    out += data;
    out += "\r\n";
    return out;
}

void setNoDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}
} // namespace

/// The server thread's state: connections, timers and the epoll loop. Touched only by that thread.
class TestServerLoop
{
public:
    TestServerLoop(TestServer& server, int epollFd)
        : m_server(server)
        , m_epoll(epollFd)
    {
    }
    ~TestServerLoop() { ::close(m_epoll); }

    void run();

private:
    enum class Timer { SlowReply, EndlessTick, CapacityReply };

    struct Connection
    {
        int fd = -1;
        quint64 id = 0;
        std::string in;
        size_t inPos = 0;
        std::string out;
        size_t outPos = 0;
        qint64 fillRemaining = 0; ///< /bytes body still to stream
        std::string delayed; ///< a /slow reply waiting for its timer
        bool delayedClose = false;
        bool waiting = false; ///< a /slow reply is pending
        bool endless = false;
        bool hanging = false; ///< never answer again, discard input
        bool closeWhenFlushed = false;
        bool wantWrite = false;
    };

    bool busy(const Connection& c) const
    {
        return c.waiting || c.endless || c.hanging || c.closeWhenFlushed || c.fillRemaining > 0;
    }

    void acceptAll();
    void onEvent(quint64 id, quint32 events);
    bool readAll(Connection& c);
    void processInput(Connection& c);
    bool parseOne(Connection& c);
    void dispatch(Connection& c, const Request& r);
    void respond(Connection& c, const Request& r, int status, std::string_view contentType,
        std::string_view body, std::string_view extraHeaders = {});
    void refuse(Connection& c, int status, std::string_view body);
    void queue(Connection& c, std::string_view bytes, bool closeAfter);
    bool flush(Connection& c);
    void setWantWrite(Connection& c, bool on);
    void closeConnection(Connection& c, bool reset = false);
    int msToNextTimer() const;
    void runDueTimers();
    void endlessTick(Connection& c);

    /// Builds a 200 JSON reply and holds it in c.delayed until a timer or a service slot sends it.
    void holdJsonReply(Connection& c, const Request& r, const std::string& body);
    void slow(Connection& c, const Request& r);
    void capacity(Connection& c, const Request& r);
    void startService(quint64 id);
    void chunked(Connection& c, const Request& r);
    void endless(Connection& c, const Request& r);
    void reset(Connection& c);
    void garbage(Connection& c, const Request& r);
    void bigHeaders(Connection& c, const Request& r);
    void status(Connection& c, const Request& r);
    void bytes(Connection& c, const Request& r);

    TestServer& m_server;
    int m_epoll;
    quint64 m_nextId = 2;
    std::unordered_map<quint64, Connection> m_connections;
    std::multimap<Clock::time_point, std::pair<quint64, Timer>> m_timers;
    /// /capacity: requests being served (at most m_slots at once, each m_serviceMs long) and the
    /// connections waiting for a slot, first come first served.
    int m_inService = 0;
    int m_slots = 1;
    qint64 m_serviceMs = 10;
    std::deque<quint64> m_queue;
};

void TestServerLoop::run()
{
    std::array<epoll_event, 256> events {};
    for (;;) {
        const int n = ::epoll_wait(m_epoll, events.data(), int(events.size()), msToNextTimer());
        if (n < 0 && errno != EINTR)
            break;
        bool stopping = false;
        for (int i = 0; i < n; ++i) {
            const quint64 tag = events[size_t(i)].data.u64;
            if (tag == ListenTag)
                acceptAll();
            else if (tag == WakeTag)
                stopping = true;
            else
                onEvent(tag, events[size_t(i)].events);
        }
        if (stopping)
            break;
        runDueTimers();
    }
    while (!m_connections.empty())
        closeConnection(m_connections.begin()->second);
}

void TestServerLoop::acceptAll()
{
    for (;;) {
        const int fd = ::accept4(m_server.m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; // EAGAIN, or out of descriptors: the backlog keeps the rest
        setNoDelay(fd);
        const quint64 id = m_nextId++;
        Connection& c = m_connections[id];
        c.fd = fd;
        c.id = id;
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.u64 = id;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        ++m_server.m_accepted;
        const int open = ++m_server.m_open;
        int peak = m_server.m_peak.load();
        while (open > peak && !m_server.m_peak.compare_exchange_weak(peak, open)) { }
    }
}

void TestServerLoop::onEvent(quint64 id, quint32 events)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
        return; // closed earlier in this batch
    Connection& c = it->second;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        if (!readAll(c))
            return;
        processInput(c);
        if (!m_connections.count(id))
            return;
    }
    if (events & EPOLLOUT) {
        if (!flush(c))
            return;
        processInput(c); // a finished /bytes stream may have held pipelined requests back
    }
}

bool TestServerLoop::readAll(Connection& c)
{
    std::array<char, 64 * 1024> buf; // NOLINT(cppcoreguidelines-pro-type-member-init)
    for (;;) {
        const ssize_t n = ::recv(c.fd, buf.data(), buf.size(), 0);
        if (n > 0) {
            m_server.m_bytesIn += n;
            if (!c.hanging)
                c.in.append(buf.data(), size_t(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        closeConnection(c); // EOF or error: the client is gone
        return false;
    }
}

void TestServerLoop::processInput(Connection& c)
{
    const quint64 id = c.id;
    while (m_connections.count(id) && !busy(c) && parseOne(c)) { }
    if (m_connections.count(id) && c.inPos > 0 && (c.inPos == c.in.size() || c.inPos > 64 * 1024)) {
        c.in.erase(0, c.inPos);
        c.inPos = 0;
    }
}

/// Takes one complete request off the input and answers it. False when none is complete yet.
bool TestServerLoop::parseOne(Connection& c)
{
    const std::string_view pending = std::string_view(c.in).substr(c.inPos);
    const size_t headEnd = pending.find("\r\n\r\n"sv);
    if (headEnd == std::string_view::npos) {
        if (pending.size() > MaxHeaderBytes)
            refuse(c, 431, R"({"error":"headers too large"})"sv);
        return false;
    }
    const std::string_view head = pending.substr(0, headEnd);
    const size_t lineEnd = head.find("\r\n"sv);
    const std::string_view requestLine = head.substr(0, lineEnd);
    const size_t sp1 = requestLine.find(' ');
    const size_t sp2 = requestLine.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 <= sp1) {
        refuse(c, 400, R"({"error":"bad request line"})"sv);
        return false;
    }
    Request r;
    r.method = requestLine.substr(0, sp1);
    const std::string_view target = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = requestLine.substr(sp2 + 1);
    const size_t qmark = target.find('?');
    r.path = target.substr(0, qmark);
    r.query = qmark == std::string_view::npos ? std::string_view() : target.substr(qmark + 1);

    qint64 contentLength = 0;
    bool keepAliveHeader = false;
    bool chunkedBody = false;
    std::string_view headers
        = lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);
    while (!headers.empty()) {
        const size_t eol = headers.find("\r\n"sv);
        const std::string_view line = headers.substr(0, eol);
        headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "content-length"sv))
            std::from_chars(value.data(), value.data() + value.size(), contentLength);
        else if (iequals(name, "connection"sv)) {
            r.close = r.close || icontains(value, "close"sv);
            keepAliveHeader = icontains(value, "keep-alive"sv);
        } else if (iequals(name, "transfer-encoding"sv))
            chunkedBody = icontains(value, "chunked"sv);
        else if (iequals(name, "content-type"sv))
            r.contentType = value;
    }
    if (version == "HTTP/1.0"sv && !keepAliveHeader)
        r.close = true;
    if (chunkedBody) {
        refuse(c, 411, R"({"error":"send Content-Length"})"sv);
        return false;
    }
    const size_t bodyStart = headEnd + 4;
    if (contentLength < 0 || pending.size() - bodyStart < size_t(contentLength))
        return false; // the body has not all arrived
    r.body.assign(pending.substr(bodyStart, size_t(contentLength)));
    // The views in r point into c.in; copy what dispatch needs before the buffer moves on.
    const std::string method(r.method), path(r.path), query(r.query), type(r.contentType);
    r.method = method;
    r.path = path;
    r.query = query;
    r.contentType = type;
    c.inPos += bodyStart + size_t(contentLength);
    m_server.countRequest(path);
    dispatch(c, r);
    return true;
}

void TestServerLoop::dispatch(Connection& c, const Request& r)
{
    constexpr auto json = "application/json"sv;
    if (m_server.m_options.alwaysError500)
        return respond(c, r, 500, json, R"({"error":"internal"})"sv);
    const std::string_view p = r.path;
    if (p == "/fast"sv)
        return respond(c, r, 200, json, R"({"message":"Hello, World!"})"sv);
    if (p == "/echo"sv)
        return respond(
            c, r, 200, r.contentType.empty() ? "application/octet-stream"sv : r.contentType, r.body);
    if (p == "/slow"sv)
        return slow(c, r);
    if (p == "/capacity"sv)
        return capacity(c, r);
    if (p == "/chunked"sv)
        return chunked(c, r);
    if (p == "/endless-chunked"sv)
        return endless(c, r);
    if (p == "/reset"sv)
        return reset(c);
    if (p == "/close"sv)
        return closeConnection(c);
    if (p == "/hang"sv) {
        c.hanging = true;
        c.in.clear();
        c.inPos = 0;
        return;
    }
    if (p == "/garbage"sv)
        return garbage(c, r);
    if (p == "/big-headers"sv)
        return bigHeaders(c, r);
    if (p == "/status"sv)
        return status(c, r);
    if (p == "/close-after"sv) {
        Request closing = r;
        closing.close = true;
        return respond(c, closing, 200, json, R"({"message":"bye"})"sv);
    }
    if (p == "/bytes"sv)
        return bytes(c, r);
    respond(c, r, 404, json, R"({"error":"not found"})"sv);
}

void TestServerLoop::respond(Connection& c, const Request& r, int status, std::string_view contentType,
    std::string_view body, std::string_view extraHeaders)
{
    const bool close = r.close || m_server.m_options.closeAfterEachResponse;
    std::string out = statusLine(status);
    if (statusHasBody(status)) {
        out += "Content-Type: ";
        out += contentType;
        out += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    out += extraHeaders;
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (statusHasBody(status) && r.method != "HEAD"sv)
        out += body;
    ++m_server.m_responses;
    queue(c, out, close);
}

/// Answers a request the server cannot parse, then closes: the rest of the input is unusable.
void TestServerLoop::refuse(Connection& c, int status, std::string_view body)
{
    Request r;
    r.close = true;
    respond(c, r, status, "application/json"sv, body);
}

void TestServerLoop::queue(Connection& c, std::string_view bytes, bool closeAfter)
{
    if (c.outPos == c.out.size()) {
        c.out.clear();
        c.outPos = 0;
    }
    c.out.append(bytes);
    c.closeWhenFlushed = c.closeWhenFlushed || closeAfter;
    flush(c);
}

/// Writes what the kernel takes. False if the connection was closed (error, or close after flush).
bool TestServerLoop::flush(Connection& c)
{
    for (;;) {
        while (c.outPos < c.out.size()) {
            const ssize_t n = ::send(c.fd, c.out.data() + c.outPos, c.out.size() - c.outPos, MSG_NOSIGNAL);
            if (n > 0) {
                c.outPos += size_t(n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                setWantWrite(c, true);
                return true;
            }
            closeConnection(c);
            return false;
        }
        c.out.clear();
        c.outPos = 0;
        if (c.fillRemaining <= 0)
            break;
        const size_t n = size_t(std::min<qint64>(c.fillRemaining, qint64(FillBlock)));
        c.out.assign(n, 'x');
        c.fillRemaining -= qint64(n);
        if (c.fillRemaining == 0)
            ++m_server.m_responses;
    }
    if (c.closeWhenFlushed) {
        closeConnection(c);
        return false;
    }
    setWantWrite(c, false);
    return true;
}

void TestServerLoop::setWantWrite(Connection& c, bool on)
{
    if (c.wantWrite == on)
        return;
    c.wantWrite = on;
    epoll_event ev {};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.u64 = c.id;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
}

void TestServerLoop::closeConnection(Connection& c, bool reset)
{
    if (reset) {
        const linger hard { 1, 0 }; // an abortive close: the kernel sends RST instead of FIN
        ::setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    ::close(c.fd); // also removes it from the epoll set
    --m_server.m_open;
    m_connections.erase(c.id);
}

int TestServerLoop::msToNextTimer() const
{
    if (m_timers.empty())
        return -1;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(m_timers.begin()->first - Clock::now());
    return int(std::clamp<qint64>(wait.count(), 0, 60'000));
}

void TestServerLoop::runDueTimers()
{
    const auto now = Clock::now();
    while (!m_timers.empty() && m_timers.begin()->first <= now) {
        const auto [id, kind] = m_timers.begin()->second;
        m_timers.erase(m_timers.begin());
        if (kind == Timer::CapacityReply) { // the slot frees even if the client went away
            --m_inService;
            while (!m_queue.empty() && m_inService < m_slots) {
                const quint64 next = m_queue.front();
                m_queue.pop_front();
                if (m_connections.count(next))
                    startService(next);
            }
        }
        auto it = m_connections.find(id);
        if (it == m_connections.end())
            continue;
        Connection& c = it->second;
        if (kind == Timer::EndlessTick) {
            endlessTick(c);
            continue;
        }
        c.waiting = false;
        const std::string reply = std::move(c.delayed);
        queue(c, reply, c.delayedClose);
        if (m_connections.count(id))
            processInput(c);
    }
}

void TestServerLoop::holdJsonReply(Connection& c, const Request& r, const std::string& body)
{
    const bool close = r.close || m_server.m_options.closeAfterEachResponse;
    c.delayed = statusLine(200)
        + "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n" + (r.method == "HEAD"sv ? std::string() : body);
    c.delayedClose = close;
    c.waiting = true;
    ++m_server.m_responses;
}

void TestServerLoop::slow(Connection& c, const Request& r)
{
    const qint64 ms = std::clamp<qint64>(queryInt(r.query, "ms"sv, 100), 0, 600'000);
    holdJsonReply(c, r, R"({"slept_ms":)" + std::to_string(ms) + "}");
    m_timers.emplace(Clock::now() + std::chrono::milliseconds(ms), std::pair { c.id, Timer::SlowReply });
}

void TestServerLoop::capacity(Connection& c, const Request& r)
{
    m_slots = int(std::clamp<qint64>(queryInt(r.query, "slots"sv, 1), 1, 10'000));
    m_serviceMs = std::clamp<qint64>(queryInt(r.query, "ms"sv, 10), 0, 60'000);
    holdJsonReply(c, r, R"({"served":true})");
    if (m_inService < m_slots)
        startService(c.id);
    else
        m_queue.push_back(c.id);
}

void TestServerLoop::startService(quint64 id)
{
    ++m_inService;
    m_timers.emplace(
        Clock::now() + std::chrono::milliseconds(m_serviceMs), std::pair { id, Timer::CapacityReply });
}

void TestServerLoop::chunked(Connection& c, const Request& r)
{
    const qint64 n = std::clamp<qint64>(queryInt(r.query, "chunks"sv, 3), 0, 1'000'000);
    const bool close = r.close || m_server.m_options.closeAfterEachResponse;
    std::string out = statusLine(200) + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n";
    for (qint64 i = 0; i < n; ++i)
        out += chunk(R"({"chunk":)" + std::to_string(i) + "}\n");
    out += "0\r\n\r\n";
    ++m_server.m_responses;
    queue(c, out, close);
}

void TestServerLoop::endless(Connection& c, const Request&)
{
    c.endless = true;
    queue(c, statusLine(200) + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n", false);
    endlessTick(c);
}

void TestServerLoop::endlessTick(Connection& c)
{
    if (c.out.size() - c.outPos < EndlessBacklog) {
        static const std::string piece = chunk(std::string(62, 'e') + "\r\n");
        queue(c, piece, false);
    }
    m_timers.emplace(Clock::now() + EndlessInterval, std::pair { c.id, Timer::EndlessTick });
}

void TestServerLoop::reset(Connection& c)
{
    static constexpr auto partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                    "Content-Length: 1000\r\n\r\n{\"partial\":"sv;
    ::send(c.fd, partial.data(), partial.size(), MSG_NOSIGNAL);
    closeConnection(c, true);
}

void TestServerLoop::garbage(Connection& c, const Request& r)
{
    static constexpr auto junk = "HTTP/1.1 abc\r\n\r\n\x01\x02 this is not HTTP \xff\xfe\r\n\r\n"sv;
    const bool close = queryInt(r.query, "close"sv, 0) != 0;
    if (!close) {
        c.hanging = true;
        c.in.clear();
        c.inPos = 0;
    }
    queue(c, junk, close);
}

void TestServerLoop::bigHeaders(Connection& c, const Request& r)
{
    const qint64 kb = std::clamp<qint64>(queryInt(r.query, "kb"sv, 1024), 1, 64 * 1024);
    const std::string value(1000, 'h');
    std::string extra;
    for (qint64 i = 0; qint64(extra.size()) < kb * 1024; ++i)
        extra += "X-Filler-" + std::to_string(i) + ": " + value + "\r\n";
    respond(c, r, 200, "application/json"sv, R"({"big_headers":true})"sv, extra);
}

void TestServerLoop::status(Connection& c, const Request& r)
{
    const qint64 code = queryInt(r.query, "code"sv, 200);
    if (code < 200 || code > 599)
        return respond(c, r, 400, "application/json"sv, R"({"error":"code must be 200..599"})"sv);
    respond(c, r, int(code), "application/json"sv, R"({"status":)" + std::to_string(code) + "}");
}

void TestServerLoop::bytes(Connection& c, const Request& r)
{
    const qint64 n = std::clamp<qint64>(queryInt(r.query, "n"sv, 0), 0, qint64(1) << 40);
    const bool close = r.close || m_server.m_options.closeAfterEachResponse;
    const std::string head = statusLine(200) + "Content-Type: application/octet-stream\r\nContent-Length: "
        + std::to_string(n) + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
    if (r.method == "HEAD"sv || n == 0)
        ++m_server.m_responses;
    else
        c.fillRemaining = n; // flush() streams it and counts the response when done
    queue(c, head, close);
}

// ---------------------------------------------------------------------------------------------

TestServer::TestServer()
    : TestServer(Options {})
{
}

TestServer::TestServer(const Options& options)
    : m_options(options)
{
}

TestServer::~TestServer()
{
    stop();
}

bool TestServer::start()
{
    if (m_thread.joinable() || m_listenFd >= 0)
        return false;
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    const int epollFd = ::epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_listenFd < 0 || epollFd < 0 || m_wakeFd < 0
        || ::bind(m_listenFd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0
        || ::listen(m_listenFd, SOMAXCONN) != 0
        || ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        qWarning("TestServer: cannot listen on 127.0.0.1: %s", std::strerror(errno));
        if (epollFd >= 0)
            ::close(epollFd);
        stop();
        return false;
    }
    m_port = ntohs(addr.sin_port);
    epoll_event ev {};
    ev.events = EPOLLIN;
    ev.data.u64 = ListenTag;
    ::epoll_ctl(epollFd, EPOLL_CTL_ADD, m_listenFd, &ev);
    ev.data.u64 = WakeTag;
    ::epoll_ctl(epollFd, EPOLL_CTL_ADD, m_wakeFd, &ev);
    m_loop = std::make_unique<TestServerLoop>(*this, epollFd);
    m_thread = std::thread([this] { m_loop->run(); });
    return true;
}

void TestServer::stop()
{
    if (m_thread.joinable()) {
        const quint64 one = 1;
        [[maybe_unused]] const auto n = ::write(m_wakeFd, &one, sizeof one);
        m_thread.join();
    }
    m_loop.reset();
    for (int* fd : { &m_listenFd, &m_wakeFd }) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
}

QUrl TestServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:"_qs + QString::number(m_port));
}

QUrl TestServer::url(const QString& pathAndQuery) const
{
    return QUrl(baseUrl().toString() + pathAndQuery);
}

qint64 TestServer::requestCount(const std::string& path) const
{
    const std::lock_guard lock(m_pathMutex);
    const auto it = m_pathCounts.find(path);
    return it == m_pathCounts.end() ? 0 : it->second;
}

void TestServer::resetCounters()
{
    m_requests = 0;
    m_responses = 0;
    m_peak = m_open.load();
    m_accepted = 0;
    m_bytesIn = 0;
    const std::lock_guard lock(m_pathMutex);
    m_pathCounts.clear();
}

void TestServer::countRequest(const std::string& path)
{
    ++m_requests;
    const std::lock_guard lock(m_pathMutex);
    ++m_pathCounts[path];
}
