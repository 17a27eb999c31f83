// The loopback TestServer, driven by a blocking QTcpSocket: the server has its own thread.
#include "testserver.h"
#include "waiting.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <functional>
#include <gtest/gtest.h>

namespace {
struct Reply
{
    int status = 0;
    QByteArray head;
    QByteArray body; ///< raw, still chunk-encoded for chunked replies
};

using namespace std::chrono_literals;

/// The server answers within milliseconds: poll often, and give up after 5 s.
bool soon(const std::function<bool()>& done)
{
    return waitUntil(done, 5s, 1ms);
}

/// One keep-alive connection to the server, read with blocking calls.
class Client
{
public:
    explicit Client(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        m_socket.waitForConnected(5000);
    }
    QTcpSocket& socket() { return m_socket; }

    /// Writes raw bytes and waits until they are out: no event loop runs to flush them later.
    void send(const QByteArray& bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(5000);
    }

    Reply get(const QByteArray& target, const QByteArray& method = "GET", const QByteArray& body = {})
    {
        send(method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        return read();
    }

    /// Reads one response: by Content-Length, to the last chunk, or to EOF.
    Reply read(int ms = 5000)
    {
        QDeadlineTimer deadline(ms);
        for (;;) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                Reply r;
                r.head = m_buffer.left(end + 4);
                r.status = r.head.mid(9, 3).toInt();
                const qsizetype length = contentLength(r.head);
                const QByteArray rest = m_buffer.mid(end + 4);
                const qsizetype last = rest.indexOf("\r\n0\r\n\r\n");
                qsizetype used = -1;
                if (length >= 0 && rest.size() >= length)
                    used = length;
                else if (r.head.contains("chunked") && last >= 0)
                    used = last + 7;
                else if (length < 0 && !r.head.contains("chunked") && !isOpen())
                    used = rest.size();
                if (used >= 0) {
                    r.body = rest.left(used);
                    m_buffer = rest.mid(used);
                    return r;
                }
            }
            if (!isOpen() && m_socket.bytesAvailable() == 0)
                return {};
            if (deadline.hasExpired())
                return {};
            m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
            m_buffer += m_socket.readAll();
        }
    }

    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QByteArray& buffer() { return m_buffer; }

private:
    static qsizetype contentLength(const QByteArray& head)
    {
        const qsizetype at = head.toLower().indexOf("content-length:");
        return at < 0 ? -1 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

class TestServerTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(server.start()); }
    TestServer server;
};
} // namespace

TEST_F(TestServerTest, FastKeepAliveAndCounters)
{
    EXPECT_EQ(server.baseUrl().toString(), u"http://127.0.0.1:"_qs + QString::number(server.port()));
    Client c(server.port());
    for (int i = 0; i < 3; ++i) {
        const Reply r = c.get("/fast?x=1");
        EXPECT_EQ(r.status, 200);
        EXPECT_TRUE(r.head.contains("Content-Type: application/json"));
        EXPECT_EQ(r.body, R"({"message":"Hello, World!"})");
    }
    EXPECT_TRUE(c.isOpen());
    EXPECT_EQ(server.requestCount(), 3);
    EXPECT_EQ(server.requestCount("/fast"), 3);
    EXPECT_EQ(server.openConnections(), 1);
    EXPECT_EQ(server.acceptedConnections(), 1);
    c.socket().disconnectFromHost();
    EXPECT_TRUE(soon([&] { return server.openConnections() == 0; }));
}

TEST_F(TestServerTest, EchoStatusBytesAndNotFound)
{
    Client c(server.port());
    EXPECT_EQ(c.get("/echo", "POST", R"({"a":1})").body, R"({"a":1})");
    EXPECT_EQ(c.get("/status?code=503").status, 503);
    EXPECT_EQ(c.get("/status?code=404").body, R"({"status":404})");
    EXPECT_EQ(c.get("/bytes?n=1000000").body.size(), 1000000);
    EXPECT_EQ(c.get("/nope").status, 404);
    EXPECT_EQ(c.get("/fast").status, 200); // still the same connection
    EXPECT_EQ(server.acceptedConnections(), 1);
}

TEST_F(TestServerTest, PipelinedRequestsAnswerInOrder)
{
    Client c(server.port());
    c.send("GET /slow?ms=30 HTTP/1.1\r\n\r\nGET /status?code=201 HTTP/1.1\r\n\r\n");
    EXPECT_EQ(c.read().body, R"({"slept_ms":30})");
    EXPECT_EQ(c.read().status, 201);
}

TEST_F(TestServerTest, ChunkedAndBigHeaders)
{
    Client c(server.port());
    const Reply chunked = c.get("/chunked?chunks=4");
    EXPECT_TRUE(chunked.head.contains("Transfer-Encoding: chunked"));
    EXPECT_EQ(chunked.body.count("{\"chunk\":"), 4);
    const Reply big = c.get("/big-headers");
    EXPECT_EQ(big.status, 200);
    EXPECT_GE(big.head.size(), 1024 * 1024);
}

TEST_F(TestServerTest, SlowDoesNotBlockOtherConnections)
{
    Client slow(server.port());
    slow.send("GET /slow?ms=300 HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(soon([&] { return server.requestCount("/slow") == 1; }));
    QElapsedTimer t;
    t.start();
    Client fast(server.port());
    EXPECT_EQ(fast.get("/fast").status, 200);
    EXPECT_LT(t.elapsed(), 200);
    EXPECT_EQ(slow.read().status, 200);
    EXPECT_GE(t.elapsed(), 250);
}

TEST_F(TestServerTest, Faults)
{
    Client hang(server.port());
    hang.send("GET /hang HTTP/1.1\r\n\r\n");
    EXPECT_EQ(hang.read(200).status, 0);
    EXPECT_TRUE(hang.isOpen());

    Client closing(server.port());
    closing.send("GET /close HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(closing.socket().waitForDisconnected(5000));
    EXPECT_TRUE(closing.buffer().isEmpty());

    Client reset(server.port());
    reset.send("GET /reset HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(reset.socket().waitForDisconnected(5000) || !reset.isOpen());
    EXPECT_EQ(reset.read(100).status, 0); // never a whole response

    Client closeAfter(server.port());
    const Reply last = closeAfter.get("/close-after");
    EXPECT_EQ(last.status, 200);
    EXPECT_TRUE(last.head.contains("Connection: close"));
    EXPECT_TRUE(closeAfter.socket().waitForDisconnected(5000) || !closeAfter.isOpen());

    Client garbage(server.port());
    garbage.send("GET /garbage HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(garbage.socket().waitForReadyRead(5000));
    EXPECT_TRUE(garbage.socket().readAll().startsWith("HTTP/1.1 abc\r\n"));
}

TEST_F(TestServerTest, EndlessChunkedStopsWhenClientLeaves)
{
    {
        Client c(server.port());
        c.send("GET /endless-chunked HTTP/1.1\r\n\r\n");
        EXPECT_TRUE(soon([&] {
            c.socket().waitForReadyRead(10);
            c.buffer() += c.socket().readAll();
            return c.buffer().count("e\r\n\r\n") >= 5; // each chunk ends so
        }));
        EXPECT_FALSE(c.buffer().contains("\r\n0\r\n\r\n"));
    }
    EXPECT_TRUE(soon([&] { return server.openConnections() == 0; }));
}

TEST(TestServerOptions, CloseAfterEachResponseAndAlways500)
{
    TestServer::Options closeEach;
    closeEach.closeAfterEachResponse = true;
    TestServer closing(closeEach);
    ASSERT_TRUE(closing.start());
    Client c(closing.port());
    const Reply r = c.get("/fast");
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.head.contains("Connection: close"));
    EXPECT_TRUE(c.socket().waitForDisconnected(5000) || !c.isOpen());

    TestServer::Options always500;
    always500.alwaysError500 = true;
    TestServer failing(always500);
    ASSERT_TRUE(failing.start());
    Client f(failing.port());
    EXPECT_EQ(f.get("/fast").status, 500);
    EXPECT_EQ(f.get("/nope").status, 500);
}
