#include "conformance.h"

#include "engine/transport.h"

#include <QCoroTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <cmath>
#include <optional>

namespace {

constexpr qsizetype kExcerptBytes = 300;

// Compact, keys sorted, ASCII only: the form in which every framework's JSON encoder writes it
// back, so a correct echo is byte-equal whether it returns the raw body or re-encodes it.
const QByteArray kEchoBody
    = R"({"active":true,"count":42,"id":7,"missing":null,"name":"stackbench","nested":{"list":[1,2,3],"ratio":0.5},"price":9.99,"tags":["a","b"]})";
const QByteArray kMalformedBody = R"({"name": "broken", "price": )";

struct Exchange
{
    QString request; ///< "METHOD /path"
    HttpResponse response;
};

bool isJsonContentType(const QByteArray& value)
{
    const QByteArray mime = value.split(';').first().trimmed().toLower();
    return mime == "application/json";
}

bool isInteger(const QJsonValue& v)
{
    return v.isDouble() && std::floor(v.toDouble()) == v.toDouble() && std::abs(v.toDouble()) < 9.0e15;
}

/// Empty when `v` is an item {"id": int, "name": str, "description": str, "price": number}.
QString itemProblem(const QJsonValue& v)
{
    if (!v.isObject())
        return u"is not a JSON object"_qs;
    const QJsonObject o = v.toObject();
    if (!isInteger(o.value(u"id"_qs)))
        return u"\"id\" is not an integer"_qs;
    if (!o.value(u"name"_qs).isString())
        return u"\"name\" is not a string"_qs;
    if (!o.value(u"description"_qs).isString())
        return u"\"description\" is not a string"_qs;
    if (!o.value(u"price"_qs).isDouble())
        return u"\"price\" is not a number"_qs;
    for (const QString& key : o.keys())
        if (key != u"id" && key != u"name" && key != u"description" && key != u"price")
            return u"has an unexpected key \""_qs + key + u'"';
    return {};
}

/// Empty when item `got` holds the name, description and price of `want`.
QString valuesProblem(const QJsonObject& got, const QJsonObject& want)
{
    for (const QString& key : { u"name"_qs, u"description"_qs })
        if (got.value(key) != want.value(key))
            return u'"' + key + u"\" is \""_qs + got.value(key).toString() + u"\", expected \""_qs
                + want.value(key).toString() + u'"';
    if (std::abs(got.value(u"price"_qs).toDouble() - want.value(u"price"_qs).toDouble()) > 1e-9)
        return u"\"price\" is "_qs + QString::number(got.value(u"price"_qs).toDouble()) + u", expected "_qs
            + QString::number(want.value(u"price"_qs).toDouble());
    return {};
}

std::optional<QJsonDocument> parseJson(const QByteArray& body, QString* problem)
{
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        *problem = u"the body is not valid JSON ("_qs + error.errorString() + u')';
        return std::nullopt;
    }
    return doc;
}

/// Runs the checks in order; owns the transport and the list of items to clean up.
class Checker
{
public:
    Checker(const QUrl& base, const ConformanceOptions& options)
        : m_options(options)
    {
        Transport::Options o;
        o.baseUrl = base;
        o.timeout = options.requestTimeout;
        o.keepBodies = true;
        o.maxBodyBytes = 64LL * 1024 * 1024;
        const bool https = base.scheme() == u"https";
        m_transport = Transport::create(https ? TransportKind::Qnam : options.transport, o);
        m_prefix = base.path().endsWith(u'/') ? base.path().chopped(1) : base.path();
        m_report.baseUrl = base;
        m_report.target = options.target.isEmpty() ? base.toString() : options.target;
        m_report.transport = toString(m_transport->kind());
    }

    QCoro::Task<Exchange> call(QByteArray method, QString path, QByteArray body = {})
    {
        HttpRequest request;
        request.method = method;
        request.target = (m_prefix + path).toUtf8();
        request.body = body;
        if (!body.isEmpty())
            request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        // Not inside a braced initializer: GCC 12 miscompiles co_await there (double destruction).
        HttpResponse response = co_await m_transport->send(request);
        Exchange e;
        e.request = QString::fromLatin1(method) + u' ' + path;
        e.response = std::move(response);
        if (e.response.status >= 300 && e.response.status < 400)
            m_redirects << e.request + u" -> "_qs + QString::number(e.response.status) + u' '
                    + QString::fromUtf8(e.response.header("Location"));
        co_return e;
    }

    void add(const QString& name, const QString& description, const Exchange& e, const QString& problem)
    {
        ConformanceCheck c;
        c.name = name;
        c.description = description;
        c.passed = problem.isEmpty();
        c.reason = problem;
        c.request = e.request;
        c.status = e.response.status;
        c.contentType = QString::fromUtf8(e.response.header("Content-Type"));
        if (!c.passed)
            c.bodyExcerpt = e.response.body.left(kExcerptBytes);
        m_report.checks.append(c);
    }

    static QString statusProblem(const Exchange& e, const QList<int>& wanted)
    {
        const int s = e.response.status;
        if (s == 0)
            return u"no response: "_qs
                + (e.response.error.isEmpty() ? u"transport error"_qs : e.response.error);
        if (wanted.contains(s))
            return {};
        QStringList w;
        for (int x : wanted)
            w << QString::number(x);
        QString problem = u"expected "_qs + w.join(u" or "_qs) + u", got "_qs + QString::number(s);
        if (s >= 300 && s < 400)
            problem += u" (a redirect to "_qs + QString::fromUtf8(e.response.header("Location")) + u')';
        return problem;
    }

    /// The status check; on success also Content-Type and the JSON (returned for further checks).
    std::optional<QJsonDocument> jsonResponse(
        const QString& prefix, const QString& what, const Exchange& e, int status)
    {
        const QString sp = statusProblem(e, { status });
        add(prefix + u".status"_qs, what + u" answers "_qs + QString::number(status), e, sp);
        if (!sp.isEmpty())
            return std::nullopt;
        const QByteArray ct = e.response.header("Content-Type");
        add(prefix + u".content-type"_qs, u"Content-Type: application/json"_qs, e,
            isJsonContentType(ct) ? QString() : u"Content-Type is \""_qs + QString::fromUtf8(ct) + u'"');
        QString problem;
        auto doc = parseJson(e.response.body, &problem);
        if (!doc)
            add(prefix + u".json"_qs, u"the body is JSON"_qs, e, problem);
        return doc;
    }

    void itemCheck(const QString& name, const QString& what, const Exchange& e, const QJsonDocument& doc,
        const QJsonObject& want, qint64 wantId)
    {
        const QJsonValue v = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        QString problem = itemProblem(v);
        if (problem.isEmpty() && wantId > 0 && qint64(v[u"id"_qs].toDouble()) != wantId)
            problem = u"\"id\" is "_qs + QString::number(qint64(v[u"id"_qs].toDouble())) + u", expected "_qs
                + QString::number(wantId);
        if (problem.isEmpty() && !want.isEmpty())
            problem = valuesProblem(v.toObject(), want);
        add(name, what, e, problem.isEmpty() ? problem : u"the item "_qs + problem);
    }

    void fourXxCheck(const QString& name, const QString& what, const Exchange& e)
    {
        const int s = e.response.status;
        QString problem;
        if (s == 0)
            problem = statusProblem(e, {});
        else if (s < 400 || s >= 500)
            problem = u"expected a 4xx, got "_qs + QString::number(s);
        add(name, what, e, problem);
    }

    QCoro::Task<void> run();

    ConformanceReport m_report;

private:
    QCoro::Task<void> checkHello();
    QCoro::Task<void> checkEcho();
    QCoro::Task<QSet<qint64>> checkList();
    QCoro::Task<void> checkLifecycle(QSet<qint64> existing);
    QCoro::Task<void> checkMissing();
    QCoro::Task<void> checkMalformedCreate();
    QCoro::Task<void> cleanUp();
    void rememberCreated(const Exchange& e)
    {
        if (e.response.status >= 200 && e.response.status < 300) {
            const auto doc = QJsonDocument::fromJson(e.response.body);
            if (doc.isObject() && isInteger(doc.object().value(u"id"_qs)))
                m_created.insert(qint64(doc.object().value(u"id"_qs).toDouble()));
        }
    }

    ConformanceOptions m_options;
    std::unique_ptr<Transport> m_transport;
    QString m_prefix;
    QStringList m_redirects;
    QSet<qint64> m_created; ///< ids this run created and has not yet deleted
};

QCoro::Task<void> Checker::run()
{
    co_await checkHello();
    if (m_report.checks.first().status == 0)
        co_return; // nothing answers: the other checks would only repeat that
    co_await checkEcho();
    const QSet<qint64> existing = co_await checkList();
    co_await checkLifecycle(existing);
    co_await checkMissing();
    co_await checkMalformedCreate();
    co_await cleanUp();
    ConformanceCheck c;
    c.name = u"no-redirects"_qs;
    c.description = u"no endpoint answers with a 3xx"_qs;
    c.passed = m_redirects.isEmpty();
    c.reason = m_redirects.join(u"; "_qs);
    m_report.checks.append(c);
}

QCoro::Task<void> Checker::checkHello()
{
    const Exchange e = co_await call("GET", u"/hello"_qs);
    if (auto doc = jsonResponse(u"hello"_qs, u"GET /hello"_qs, e, 200)) {
        const QJsonObject want { { u"message"_qs, u"Hello, World!"_qs } };
        add(u"hello.body"_qs, u"the body is {\"message\": \"Hello, World!\"}"_qs, e,
            doc->object() == want && doc->isObject() ? QString() : u"unexpected body"_qs);
    }
}

QCoro::Task<void> Checker::checkEcho()
{
    const Exchange e = co_await call("POST", u"/echo"_qs, kEchoBody);
    if (auto doc = jsonResponse(u"echo"_qs, u"POST /echo"_qs, e, 200)) {
        QString problem;
        if (e.response.body.trimmed() != kEchoBody) {
            problem = *doc == QJsonDocument::fromJson(kEchoBody)
                ? u"JSON-equal but not byte-equal to the request body (reordered or reformatted)"_qs
                : u"not the JSON that was sent"_qs;
        }
        add(u"echo.body"_qs, u"the body is byte-equal to the request's JSON"_qs, e, problem);
    }
    const Exchange bad = co_await call("POST", u"/echo"_qs, kMalformedBody);
    fourXxCheck(u"echo.malformed"_qs, u"POST /echo with malformed JSON answers 4xx"_qs, bad);
}

QCoro::Task<QSet<qint64>> Checker::checkList()
{
    QSet<qint64> ids;
    const Exchange e = co_await call("GET", u"/items/"_qs);
    auto doc = jsonResponse(u"items.list"_qs, u"GET /items/"_qs, e, 200);
    if (!doc)
        co_return ids;
    QString problem;
    if (!doc->isArray()) {
        problem = u"the body is not a JSON array"_qs;
    } else {
        const QJsonArray items = doc->array();
        for (qsizetype i = 0; i < items.size() && problem.isEmpty(); ++i) {
            if (const QString p = itemProblem(items.at(i)); !p.isEmpty())
                problem = u"element ["_qs + QString::number(i) + u"] "_qs + p;
            else
                ids.insert(qint64(items.at(i)[u"id"_qs].toDouble()));
        }
    }
    add(u"items.list.shape"_qs, u"an array of items {id: int, name: str, description: str, price: number}"_qs,
        e, problem);
    if (!problem.isEmpty() || doc->array().isEmpty())
        co_return ids;

    // A seeded item reads back the same through GET /items/{id}.
    const QJsonObject first = doc->array().first().toObject();
    const qint64 id = qint64(first[u"id"_qs].toDouble());
    const Exchange one = co_await call("GET", u"/items/"_qs + QString::number(id));
    if (auto got = jsonResponse(u"items.get-existing"_qs, u"GET /items/{id} of a listed item"_qs, one, 200))
        itemCheck(u"items.get-existing.shape"_qs, u"the item as listed"_qs, one, *got, first, id);
    co_return ids;
}

QCoro::Task<void> Checker::checkLifecycle(QSet<qint64> existing)
{
    const QJsonObject created { { u"name"_qs, u"conformance item"_qs },
        { u"description"_qs, u"created by stackbench verify"_qs }, { u"price"_qs, 12.5 } };
    const Exchange c
        = co_await call("POST", u"/items/"_qs, QJsonDocument(created).toJson(QJsonDocument::Compact));
    rememberCreated(c);
    auto doc = jsonResponse(u"items.create"_qs, u"POST /items/"_qs, c, 201);
    if (!doc)
        co_return;
    itemCheck(u"items.create.shape"_qs, u"the new item with its id"_qs, c, *doc, created, 0);
    const QJsonValue idValue = doc->object().value(u"id"_qs);
    if (!isInteger(idValue))
        co_return;
    const qint64 id = qint64(idValue.toDouble());
    add(u"items.create.new-id"_qs, u"the id is new"_qs, c,
        existing.contains(id) ? u"id "_qs + QString::number(id) + u" was already listed before the create"_qs
                              : QString());
    const QString path = u"/items/"_qs + QString::number(id);

    const Exchange g = co_await call("GET", path);
    if (auto got = jsonResponse(u"items.get"_qs, u"GET /items/{new id}"_qs, g, 200))
        itemCheck(u"items.get.shape"_qs, u"GET finds the created item"_qs, g, *got, created, id);

    const QJsonObject updated { { u"name"_qs, u"conformance item (updated)"_qs },
        { u"description"_qs, u"updated by stackbench verify"_qs }, { u"price"_qs, 99.25 } };
    const Exchange put = co_await call("PUT", path, QJsonDocument(updated).toJson(QJsonDocument::Compact));
    if (auto got = jsonResponse(u"items.update"_qs, u"PUT /items/{id}"_qs, put, 200))
        itemCheck(u"items.update.shape"_qs, u"the updated item"_qs, put, *got, updated, id);
    const Exchange after = co_await call("GET", path);
    if (auto got = jsonResponse(u"items.update.persists"_qs, u"GET after PUT"_qs, after, 200))
        itemCheck(u"items.update.persists.shape"_qs, u"GET returns the updated values"_qs, after, *got,
            updated, id);

    const Exchange bad = co_await call("PUT", path, kMalformedBody);
    fourXxCheck(u"items.update.malformed"_qs, u"PUT /items/{id} with malformed JSON answers 4xx"_qs, bad);

    const Exchange d = co_await call("DELETE", path);
    const QString dp = statusProblem(d, { 204 });
    add(u"items.delete.status"_qs, u"DELETE /items/{id} answers 204"_qs, d, dp);
    if (dp.isEmpty())
        m_created.remove(id);
    const Exchange gone = co_await call("GET", path);
    add(u"items.delete.gone"_qs, u"GET after DELETE answers 404"_qs, gone, statusProblem(gone, { 404 }));
}

QCoro::Task<void> Checker::checkMissing()
{
    const QString path = u"/items/"_qs + QString::number(m_options.missingId);
    const Exchange g = co_await call("GET", path);
    add(u"items.get.missing"_qs, u"GET /items/{missing id} answers 404"_qs, g, statusProblem(g, { 404 }));
    const QByteArray body = R"({"name":"nobody","description":"no such item","price":1.5})";
    const Exchange p = co_await call("PUT", path, body);
    rememberCreated(p); // a server that upserts created an item
    add(u"items.update.missing"_qs, u"PUT /items/{missing id} answers 404"_qs, p, statusProblem(p, { 404 }));
    const Exchange d = co_await call("DELETE", path);
    add(u"items.delete.missing"_qs, u"DELETE /items/{missing id} answers 404"_qs, d,
        statusProblem(d, { 404 }));
    if (d.response.status == 204)
        m_created.remove(m_options.missingId);
}

QCoro::Task<void> Checker::checkMalformedCreate()
{
    const Exchange bad = co_await call("POST", u"/items/"_qs, kMalformedBody);
    rememberCreated(bad);
    fourXxCheck(u"items.create.malformed"_qs, u"POST /items/ with malformed JSON answers 4xx"_qs, bad);
    const Exchange partial = co_await call("POST", u"/items/"_qs, R"({"name":"no price or description"})");
    rememberCreated(partial);
    fourXxCheck(u"items.create.missing-fields"_qs,
        u"POST /items/ without description and price answers 4xx"_qs, partial);
}

QCoro::Task<void> Checker::cleanUp()
{
    const QList<qint64> leftovers = m_created.values();
    for (qint64 id : leftovers) {
        const Exchange d = co_await call("DELETE", u"/items/"_qs + QString::number(id));
        if (d.response.status == 204 || d.response.status == 404)
            m_created.remove(id);
        else
            add(u"cleanup"_qs, u"the items the check created are deleted"_qs, d,
                u"could not delete item "_qs + QString::number(id) + u": "_qs + statusProblem(d, { 204 }));
    }
}

} // namespace

QJsonObject ConformanceCheck::toJson() const
{
    QJsonObject o { { u"name"_qs, name }, { u"description"_qs, description }, { u"passed"_qs, passed } };
    if (!request.isEmpty())
        o.insert(u"request"_qs, request);
    if (!passed) {
        o.insert(u"reason"_qs, reason);
        o.insert(u"status"_qs, status);
        o.insert(u"contentType"_qs, contentType);
        o.insert(u"bodyExcerpt"_qs, QString::fromUtf8(bodyExcerpt));
    }
    return o;
}

ConformanceCheck ConformanceCheck::fromJson(const QJsonObject& o)
{
    ConformanceCheck c;
    c.name = o.value(u"name"_qs).toString();
    c.description = o.value(u"description"_qs).toString();
    c.passed = o.value(u"passed"_qs).toBool();
    c.request = o.value(u"request"_qs).toString();
    c.reason = o.value(u"reason"_qs).toString();
    c.status = o.value(u"status"_qs).toInt();
    c.contentType = o.value(u"contentType"_qs).toString();
    c.bodyExcerpt = o.value(u"bodyExcerpt"_qs).toString().toUtf8();
    return c;
}

bool ConformanceReport::passed() const
{
    return !checks.isEmpty() && failedCount() == 0;
}

int ConformanceReport::failedCount() const
{
    int n = 0;
    for (const auto& c : checks)
        n += c.passed ? 0 : 1;
    return n;
}

const ConformanceCheck* ConformanceReport::check(const QString& name) const
{
    for (const auto& c : checks)
        if (c.name == name)
            return &c;
    return nullptr;
}

QStringList ConformanceReport::failedNames() const
{
    QStringList out;
    for (const auto& c : checks)
        if (!c.passed)
            out << c.name;
    return out;
}

QString ConformanceReport::toText(bool verbose) const
{
    QString out = target + u": "_qs + (passed() ? u"PASS"_qs : u"FAIL"_qs) + u", "_qs
        + QString::number(checks.size() - failedCount()) + u'/' + QString::number(checks.size())
        + u" checks passed ("_qs + baseUrl.toString() + u", "_qs + QString::number(seconds, 'f', 2)
        + u" s)\n"_qs;
    qsizetype width = 0;
    for (const auto& c : checks)
        width = std::max(width, c.name.size());
    for (const auto& c : checks) {
        if (c.passed && !verbose)
            continue;
        out += (c.passed ? u"  ok    "_qs : u"  FAIL  "_qs) + c.name.leftJustified(width + 2) + c.description;
        if (!c.request.isEmpty())
            out += u" ["_qs + c.request + u']';
        out += u'\n';
        if (!c.passed) {
            out += u"        "_qs + c.reason + u'\n';
            if (c.status != 0) {
                QString excerpt = QString::fromUtf8(c.bodyExcerpt).simplified();
                if (c.bodyExcerpt.size() >= kExcerptBytes)
                    excerpt += u"..."_qs;
                out += u"        got "_qs + QString::number(c.status)
                    + (c.contentType.isEmpty() ? u" (no Content-Type)"_qs : u' ' + c.contentType)
                    + (excerpt.isEmpty() ? QString() : u": "_qs + excerpt) + u'\n';
            }
        }
    }
    return out;
}

QJsonObject ConformanceReport::toJson() const
{
    QJsonArray list;
    for (const auto& c : checks)
        list.append(c.toJson());
    return { { u"target"_qs, target }, { u"baseUrl"_qs, baseUrl.toString() }, { u"transport"_qs, transport },
        { u"passed"_qs, passed() }, { u"failed"_qs, failedCount() }, { u"seconds"_qs, seconds },
        { u"checks"_qs, list } };
}

ConformanceReport ConformanceReport::fromJson(const QJsonObject& o)
{
    ConformanceReport r;
    r.target = o.value(u"target"_qs).toString();
    r.baseUrl = QUrl(o.value(u"baseUrl"_qs).toString());
    r.transport = o.value(u"transport"_qs).toString();
    r.seconds = o.value(u"seconds"_qs).toDouble();
    for (const auto& v : o.value(u"checks"_qs).toArray())
        r.checks.append(ConformanceCheck::fromJson(v.toObject()));
    return r;
}

QCoro::Task<ConformanceReport> runConformance(QUrl base, ConformanceOptions options)
{
    QElapsedTimer clock;
    clock.start();
    Checker checker(base, options);
    co_await checker.run();
    // SocketTransport resumes us from inside its QTcpSocket's signals; destroying it (with the
    // checker) there would free the socket mid-emission. Let the event loop turn first.
    co_await QCoro::sleepFor(std::chrono::milliseconds(0));
    checker.m_report.seconds = double(clock.elapsed()) / 1000.0;
    co_return checker.m_report;
}
