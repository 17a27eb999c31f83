// The conformance check against an in-process fake of the API contract, correct and broken in
// specific ways: each defect must fail exactly the check that names it.
#include "stacks/conformance.h"
#include "study/stackcheck.h"

#include <QCoroTask>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTcpServer>
#include <QTcpSocket>
#include <gtest/gtest.h>

namespace {

/// A loopback HTTP/1.1 keep-alive server (port 0) serving the contract from memory, with knobs
/// that break it. Test-only and minimal: it reads Content-Length bodies, nothing else.
class FakeApi : public QObject
{
public:
    QByteArray helloContentType = "application/json";
    int malformedStatus = 400; ///< for bodies that are not JSON
    bool redirectList = false; ///< GET /items/ answers 308 to /items
    int deleteStatus = 204;
    bool reformatEcho = false; ///< echo the JSON re-encoded with indentation
    bool createFromAnything = false; ///< POST /items/ creates an item from any JSON object
    bool priceAsString = false;

    QMap<qint64, QJsonObject> items;

    FakeApi()
    {
        for (qint64 id = 1; id <= 3; ++id)
            items.insert(id, item(id, u"seed "_qs + QString::number(id), u"seeded"_qs, double(id) + 0.5));
        m_nextId = 4;
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection())
                QObject::connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
        });
    }

    QUrl url() const { return QUrl(u"http://127.0.0.1:"_qs + QString::number(m_server.serverPort())); }

private:
    struct Reply
    {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        QByteArray location;
    };

    static QJsonObject item(qint64 id, const QString& name, const QString& description, double price)
    {
        return { { u"id"_qs, id }, { u"name"_qs, name }, { u"description"_qs, description },
            { u"price"_qs, price } };
    }

    QByteArray itemJson(const QJsonObject& o) const
    {
        QJsonObject out = o;
        if (priceAsString)
            out[u"price"_qs] = QString::number(o[u"price"_qs].toDouble());
        return QJsonDocument(out).toJson(QJsonDocument::Compact);
    }

    static Reply json(int status, const QByteArray& body)
    {
        return Reply { status, "application/json", body, {} };
    }
    static Reply notFound() { return json(404, R"({"detail":"Not found"})"); }

    void onReadyRead(QTcpSocket* s)
    {
        QByteArray& buf = m_buffers[s];
        buf += s->readAll();
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buf.left(end).split('\n');
            const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
            qsizetype length = 0;
            for (const QByteArray& line : lines.mid(1))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            if (buf.size() < end + 4 + length)
                return;
            const QByteArray body = buf.mid(end + 4, length);
            buf.remove(0, end + 4 + length);
            write(s, handle(requestLine.value(0), requestLine.value(1), body));
        }
    }

    static void write(QTcpSocket* s, const Reply& r)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + " X\r\n";
        if (!r.location.isEmpty())
            out += "Location: " + r.location + "\r\n";
        if (r.status != 204) {
            out += "Content-Type: " + r.contentType + "\r\n";
            out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
        }
        out += "\r\n" + (r.status == 204 ? QByteArray() : r.body);
        s->write(out);
    }

    Reply handle(const QByteArray& method, const QByteArray& path, const QByteArray& body)
    {
        if (method == "GET" && path == "/hello")
            return Reply { 200, helloContentType, R"({"message":"Hello, World!"})", {} };
        if (method == "POST" && path == "/echo") {
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            if (doc.isNull())
                return json(malformedStatus, R"({"detail":"bad json"})");
            return json(200, reformatEcho ? doc.toJson(QJsonDocument::Indented) : body);
        }
        if (path == "/items/" && method == "GET") {
            if (redirectList)
                return Reply { 308, "text/html", "moved", "/items" };
            QJsonArray all;
            for (const auto& o : std::as_const(items))
                all.append(QJsonDocument::fromJson(itemJson(o)).object());
            return json(200, QJsonDocument(all).toJson(QJsonDocument::Compact));
        }
        if (path == "/items/" && method == "POST")
            return create(body);
        if (!path.startsWith("/items/"))
            return notFound();
        bool ok = false;
        const qint64 id = path.mid(7).toLongLong(&ok);
        if (!ok || !items.contains(id))
            return notFound();
        if (method == "GET")
            return json(200, itemJson(items[id]));
        if (method == "DELETE") {
            items.remove(id);
            return json(deleteStatus, deleteStatus == 204 ? QByteArray() : R"({"deleted":true})");
        }
        if (method == "PUT") {
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            if (doc.isNull())
                return json(malformedStatus, R"({"detail":"bad json"})");
            const QJsonObject o = doc.object();
            items[id] = item(
                id, o[u"name"_qs].toString(), o[u"description"_qs].toString(), o[u"price"_qs].toDouble());
            return json(200, itemJson(items[id]));
        }
        return json(405, R"({"detail":"method not allowed"})");
    }

    Reply create(const QByteArray& body)
    {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (doc.isNull() && !createFromAnything)
            return json(malformedStatus, R"({"detail":"bad json"})");
        const QJsonObject o = doc.object();
        const bool valid
            = o[u"name"_qs].isString() && o[u"description"_qs].isString() && o[u"price"_qs].isDouble();
        if (!valid && !createFromAnything)
            return json(422, R"({"detail":"missing fields"})");
        const qint64 id = m_nextId++;
        items.insert(id,
            item(id, o[u"name"_qs].toString(), o[u"description"_qs].toString(), o[u"price"_qs].toDouble()));
        return json(201, itemJson(items[id]));
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    qint64 m_nextId = 1;
};

ConformanceReport check(FakeApi& api)
{
    ConformanceOptions o;
    o.target = u"fake"_qs;
    o.requestTimeout = std::chrono::seconds(5);
    return QCoro::waitFor(runConformance(api.url(), o));
}

std::string describe(const ConformanceReport& r)
{
    return r.toText(true).toStdString();
}

TEST(ConformanceTest, AConformantServerPassesEveryCheck)
{
    FakeApi api;
    const auto before = api.items;
    const ConformanceReport r = check(api);
    EXPECT_TRUE(r.passed()) << describe(r);
    EXPECT_EQ(r.target, u"fake");
    EXPECT_EQ(r.transport, u"socket");
    for (const QString& name : { u"hello.status"_qs, u"hello.content-type"_qs, u"hello.body"_qs,
             u"echo.body"_qs, u"echo.malformed"_qs, u"items.list.shape"_qs, u"items.get-existing.shape"_qs,
             u"items.create.status"_qs, u"items.create.shape"_qs, u"items.create.new-id"_qs,
             u"items.get.shape"_qs, u"items.update.shape"_qs, u"items.update.persists.shape"_qs,
             u"items.update.malformed"_qs, u"items.delete.status"_qs, u"items.delete.gone"_qs,
             u"items.get.missing"_qs, u"items.update.missing"_qs, u"items.delete.missing"_qs,
             u"items.create.malformed"_qs, u"items.create.missing-fields"_qs, u"no-redirects"_qs })
        EXPECT_NE(r.check(name), nullptr) << "no check named " << name.toStdString();
    EXPECT_EQ(api.items, before) << "the check must leave the database as it found it";
}

TEST(ConformanceTest, AWrongContentTypeFailsByName)
{
    FakeApi api;
    api.helloContentType = "text/html; charset=utf-8";
    const ConformanceReport r = check(api);
    EXPECT_FALSE(r.passed());
    EXPECT_EQ(r.failedNames(), QStringList { u"hello.content-type"_qs }) << describe(r);
    const ConformanceCheck* c = r.check(u"hello.content-type"_qs);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->status, 200);
    EXPECT_EQ(c->contentType, u"text/html; charset=utf-8");
    EXPECT_EQ(c->request, u"GET /hello");
    EXPECT_TRUE(c->bodyExcerpt.contains("Hello, World!"));
    const QString text = r.toText();
    EXPECT_TRUE(text.startsWith(u"fake: FAIL, "_qs)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"FAIL  hello.content-type"_qs)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"got 200 text/html; charset=utf-8: {\"message\":\"Hello, World!\"}"_qs))
        << text.toStdString();
    EXPECT_FALSE(text.contains(u"ok    hello.status"_qs)) << "passing checks only in verbose mode";
}

TEST(ConformanceTest, A5xxForAMalformedBodyFails)
{
    FakeApi api;
    api.malformedStatus = 500;
    const ConformanceReport r = check(api);
    EXPECT_EQ(r.failedNames(),
        (QStringList { u"echo.malformed"_qs, u"items.update.malformed"_qs, u"items.create.malformed"_qs }))
        << describe(r);
    EXPECT_EQ(r.check(u"echo.malformed"_qs)->reason, u"expected a 4xx, got 500");
}

TEST(ConformanceTest, ARedirectFails)
{
    FakeApi api;
    api.redirectList = true;
    const ConformanceReport r = check(api);
    const ConformanceCheck* list = r.check(u"items.list.status"_qs);
    ASSERT_NE(list, nullptr);
    EXPECT_FALSE(list->passed);
    EXPECT_EQ(list->reason, u"expected 200, got 308 (a redirect to /items)");
    const ConformanceCheck* redirects = r.check(u"no-redirects"_qs);
    ASSERT_NE(redirects, nullptr);
    EXPECT_FALSE(redirects->passed);
    EXPECT_TRUE(redirects->reason.contains(u"GET /items/ -> 308 /items"_qs))
        << redirects->reason.toStdString();
}

TEST(ConformanceTest, DeleteMustAnswer204)
{
    FakeApi api;
    api.deleteStatus = 200;
    const auto before = api.items;
    const ConformanceReport r = check(api);
    EXPECT_EQ(r.failedNames(), QStringList { u"items.delete.status"_qs }) << describe(r);
    EXPECT_EQ(r.check(u"items.delete.status"_qs)->reason, u"expected 204, got 200");
    EXPECT_EQ(api.items, before);
}

TEST(ConformanceTest, EchoMustBeByteEqual)
{
    FakeApi api;
    api.reformatEcho = true;
    const ConformanceReport r = check(api);
    EXPECT_EQ(r.failedNames(), QStringList { u"echo.body"_qs }) << describe(r);
    EXPECT_TRUE(r.check(u"echo.body"_qs)->reason.startsWith(u"JSON-equal but not byte-equal"_qs));
}

TEST(ConformanceTest, ItemTypesAreChecked)
{
    FakeApi api;
    api.priceAsString = true;
    const ConformanceReport r = check(api);
    const ConformanceCheck* c = r.check(u"items.list.shape"_qs);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->reason, u"element [0] \"price\" is not a number");
    EXPECT_FALSE(r.check(u"items.create.shape"_qs)->passed);
}

TEST(ConformanceTest, DeletesWhatABrokenServerCreated)
{
    FakeApi api;
    api.createFromAnything = true;
    const auto before = api.items;
    const ConformanceReport r = check(api);
    EXPECT_EQ(
        r.failedNames(), (QStringList { u"items.create.malformed"_qs, u"items.create.missing-fields"_qs }))
        << describe(r);
    EXPECT_EQ(r.check(u"items.create.missing-fields"_qs)->reason, u"expected a 4xx, got 201");
    EXPECT_EQ(api.items, before) << "items created from malformed bodies are deleted too";
}

TEST(ConformanceTest, AnUnreachableServerFailsOnce)
{
    QTcpServer probe;
    ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
    const QUrl url(u"http://127.0.0.1:"_qs + QString::number(probe.serverPort()));
    probe.close();
    const ConformanceReport r = QCoro::waitFor(runConformance(url));
    ASSERT_EQ(r.checks.size(), 1);
    EXPECT_EQ(r.checks[0].name, u"hello.status");
    EXPECT_TRUE(r.checks[0].reason.startsWith(u"no response: "_qs)) << r.checks[0].reason.toStdString();
    EXPECT_FALSE(r.passed());
}

TEST(ConformanceTest, ReportsRoundTripThroughJson)
{
    FakeApi api;
    api.helloContentType = "text/plain";
    const ConformanceReport r = check(api);
    const QJsonObject json = r.toJson();
    EXPECT_EQ(json[u"passed"_qs].toBool(), false);
    EXPECT_EQ(json[u"failed"_qs].toInt(), 1);
    const ConformanceReport back = ConformanceReport::fromJson(json);
    EXPECT_EQ(back.checks.size(), r.checks.size());
    EXPECT_EQ(back.failedNames(), r.failedNames());
    EXPECT_EQ(back.check(u"hello.content-type"_qs)->contentType, u"text/plain");
    EXPECT_EQ(back.baseUrl, r.baseUrl);
    EXPECT_EQ(back.toText(true), r.toText(true));
}

} // namespace

// Issue 14, item 2: the one stack check that `stackbench verify`, the Run page's Verify and a study use.
TEST(StackCheckTest, ATargetIsNamedByTheOptionsOrItsUrlAndListsOneLinePerFailedCheck)
{
    FakeApi api;
    api.malformedStatus = 500;
    ConformanceOptions o;
    const StackCheck byUrl = QCoro::waitFor(checkTarget(api.url(), o));
    EXPECT_EQ(byUrl.target, api.url().toString());
    EXPECT_EQ(byUrl.report.target, byUrl.target);
    o.target = u"flask"_qs;
    const StackCheck check = QCoro::waitFor(checkTarget(api.url(), o));
    EXPECT_EQ(check.target, u"flask");
    EXPECT_FALSE(check.passed());
    EXPECT_EQ(check.problems(),
        (QStringList { u"echo.malformed: expected a 4xx, got 500"_qs,
            u"items.update.malformed: expected a 4xx, got 500"_qs,
            u"items.create.malformed: expected a 4xx, got 500"_qs }));
    const QJsonObject json = check.toJson();
    EXPECT_EQ(json.value(u"target"_qs).toString(), u"flask");
    EXPECT_FALSE(json.value(u"passed"_qs).toBool());
    EXPECT_EQ(json.value(u"conformance"_qs).toObject(), check.report.toJson());
    EXPECT_FALSE(json.contains(u"command"_qs)) << "an external target has no command line";
}

TEST(StackCheckTest, AnErrorComesFirstAndFailsAPassingReport)
{
    FakeApi api;
    StackCheck check = QCoro::waitFor(checkTarget(api.url(), {}));
    ASSERT_TRUE(check.passed()) << describe(check.report);
    EXPECT_TRUE(check.problems().isEmpty());
    check.error = u"the stack crashed: exit code 3"_qs;
    EXPECT_FALSE(check.passed());
    EXPECT_EQ(check.problems(), QStringList { u"the stack crashed: exit code 3"_qs });
    EXPECT_EQ(check.toJson().value(u"error"_qs).toString(), check.error);
}
