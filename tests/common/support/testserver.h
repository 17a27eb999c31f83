#pragma once

#include <QString>
#include <QUrl>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

class TestServerLoop;

/// A loopback HTTP/1.1 server for engine and fault tests, modelled on QCoro's testhttpserver.h.
///
/// It listens on 127.0.0.1, port 0 (the kernel picks a free port), and serves from its own
/// std::thread with plain non-blocking sockets and epoll, so the test's thread is free to run the
/// client's event loop and blocking calls there never stall the server. Keep-alive and pipelining
/// are supported; request bodies must come with Content-Length.
///
/// Endpoints (the path is matched exactly; the query only matters where a parameter is named):
/// - `/fast`                 200 `{"message":"Hello, World!"}`, application/json
/// - `/echo`                 200, the request body echoed back (any method)
/// - `/slow?ms=N`            200 after N ms (default 100), without holding up other connections
/// - `/capacity?slots=K&ms=S` a server of known capacity: at most K requests in service at once,
///                           each taking S ms; the others wait their turn in arrival order. It
///                           serves at most K * 1000 / S requests per second.
/// - `/chunked?chunks=N`     200, Transfer-Encoding: chunked, N chunks (default 3)
/// - `/endless-chunked`      200, chunked, a chunk every 5 ms until the client goes away
/// - `/reset`                half a response, then an RST (SO_LINGER 0 + close)
/// - `/close`                closes the connection (FIN) without answering
/// - `/hang`                 reads the request and never answers
/// - `/garbage`              `HTTP/1.1 abc` and junk; the connection stays open unless `?close=1`
/// - `/big-headers?kb=N`     200 whose headers total about N KiB (default 1024, i.e. ~1 MB)
/// - `/status?code=N`        status N with a small JSON body (none for 1xx, 204 and 304)
/// - `/close-after`          200 with `Connection: close`, then closes
/// - `/bytes?n=N`            200 with N bytes of body, streamed (N up to 2^40)
/// - anything else           404 JSON
///
/// Counters are safe to read from any thread while the server runs. The server stops in stop() or
/// the destructor, which close every connection; a TestServer is not restartable.
class TestServer
{
public:
    struct Options
    {
        /// Every response carries `Connection: close` and the server closes after sending it.
        bool closeAfterEachResponse = false;
        /// Every request, whatever its path, is answered `500 {"error":"internal"}`.
        bool alwaysError500 = false;
    };

    TestServer();
    explicit TestServer(const Options& options);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    /// Binds, listens and starts the server thread. False (with a qWarning) if the socket fails.
    bool start();
    void stop();
    bool isRunning() const { return m_thread.joinable(); }

    quint16 port() const { return m_port; }
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    QUrl baseUrl() const;
    /// baseUrl() plus a path and query such as `/slow?ms=50`.
    QUrl url(const QString& pathAndQuery) const;

    /// Complete requests received (every endpoint, including /hang, /close and 404s).
    qint64 requestCount() const { return m_requests.load(); }
    /// Complete requests received for one path (the query is ignored), e.g. `requestCount("/fast")`.
    qint64 requestCount(const std::string& path) const;
    /// Responses fully queued for sending (partial /reset, /garbage and /endless-chunked excluded).
    qint64 responseCount() const { return m_responses.load(); }
    int openConnections() const { return m_open.load(); }
    /// Highest number of connections open at the same time since start or resetCounters().
    int peakConnections() const { return m_peak.load(); }
    /// Connections accepted since start or resetCounters().
    qint64 acceptedConnections() const { return m_accepted.load(); }
    qint64 bytesReceived() const { return m_bytesIn.load(); }
    void resetCounters();

private:
    friend class TestServerLoop;

    void countRequest(const std::string& path);

    Options m_options;
    int m_listenFd = -1;
    int m_wakeFd = -1;
    quint16 m_port = 0;
    std::thread m_thread;
    std::unique_ptr<TestServerLoop> m_loop;

    std::atomic<qint64> m_requests { 0 };
    std::atomic<qint64> m_responses { 0 };
    std::atomic<int> m_open { 0 };
    std::atomic<int> m_peak { 0 };
    std::atomic<qint64> m_accepted { 0 };
    std::atomic<qint64> m_bytesIn { 0 };
    mutable std::mutex m_pathMutex;
    std::map<std::string, qint64, std::less<>> m_pathCounts;
};
