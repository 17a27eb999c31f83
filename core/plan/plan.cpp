#include "plan.h"

#include "common/stackparams.h"
#include "engine/executortraits.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <cmath>

using namespace std::chrono_literals;

QString toString(Metric m)
{
    return m == Metric::Rps ? u"rps"_qs : u"mean_ms"_qs;
}

bool parseMetric(const QString& s, Metric* out)
{
    if (s != u"rps" && s != u"mean_ms")
        return false;
    *out = s == u"rps" ? Metric::Rps : Metric::MeanMs;
    return true;
}

QString unitOf(Metric m)
{
    return m == Metric::Rps ? u"req/s"_qs : u"ms"_qs;
}

namespace {
/// A parameter value back in JSON: a number when the text is one written the shortest way, else text.
QJsonValue paramJson(const QString& text)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    const bool number
        = ok && std::isfinite(v) && shortestNumberText(v) == text && !(v == 0 && std::signbit(v));
    return number ? QJsonValue(v) : QJsonValue(text);
}

QString joinedParams(const QMap<QString, QString>& params, const QString& separator)
{
    QStringList parts;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(separator);
}
} // namespace

QString PlanStack::id() const
{
    if (isExternal())
        return name;
    return params.isEmpty() ? stack : stack + u'@' + joinedParams(params, u","_qs);
}

QString PlanStack::displayLabel() const
{
    return params.isEmpty() ? baseLabel() : baseLabel() + u" ("_qs + joinedParams(params, u", "_qs) + u')';
}

QString PlanStack::baseLabel() const
{
    if (!label.isEmpty())
        return label;
    static const QList<std::pair<QString, QString>> Known = {
        { u"fastapi-sqlmodel"_qs, u"FastAPI + SQLAlchemy"_qs },
        { u"fastapi-sqlite3"_qs, u"FastAPI + sqlite3"_qs },
        { u"flask-sqlalchemy"_qs, u"Flask + SQLAlchemy"_qs },
        { u"flask-sqlite3"_qs, u"Flask + sqlite3"_qs },
        { u"django-drf"_qs, u"Django + DRF"_qs },
    };
    if (!isExternal()) {
        for (const auto& [name, text] : Known)
            if (name == stack)
                return text;
    }
    PlanStack plain = *this;
    plain.params.clear();
    return plain.id();
}

qint64 PlanIds::size() const
{
    switch (kind) {
    case None:
        return 0;
    case Range:
        return max >= min ? max - min + 1 : 0;
    case Pool:
        return pool.size();
    }
    return 0;
}

namespace {
/// A scenario's value for one of its executor's plan keys; undefined for an optional key left at 0.
QJsonValue executorParam(const Scenario& s, const QString& key)
{
    if (key == u"vus")
        return s.vus;
    if (key == u"duration")
        return formatPlanDuration(s.duration);
    if (key == u"iterations")
        return s.iterations;
    if (key == u"maxDuration")
        return s.maxDuration.count() != 0 ? QJsonValue(formatPlanDuration(s.maxDuration))
                                          : QJsonValue::Undefined;
    if (key == u"rate")
        return s.rate;
    if (key == u"preAllocatedVUs")
        return s.preAllocatedVus;
    if (key == u"maxVUs")
        return s.maxVus != 0 ? QJsonValue(s.maxVus) : QJsonValue::Undefined;
    Q_ASSERT_X(false, "executorParam", "a key in ExecutorTraits::params that plans do not write");
    return QJsonValue::Undefined;
}

QJsonValue bodyValue(const QByteArray& body)
{
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson('[' + body + ']', &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return QString::fromUtf8(body); // invalid in-memory bodies are caught by validatePlan()
    return doc.array().at(0);
}

QJsonObject idsToJson(const PlanIds& ids)
{
    QJsonObject source;
    if (ids.kind == PlanIds::Range) {
        source.insert(u"range"_qs, QJsonArray { ids.min, ids.max });
    } else {
        QJsonArray pool;
        for (auto id : ids.pool)
            pool.append(id);
        source.insert(u"pool"_qs, pool);
    }
    return ids.consume ? QJsonObject { { u"consume"_qs, source } } : source;
}

QJsonObject requestToJson(const PlanRequest& r)
{
    QJsonObject o { { u"method"_qs, QString::fromLatin1(r.method) }, { u"path"_qs, r.path } };
    if (!r.headers.isEmpty()) {
        QJsonObject h;
        for (const auto& [k, v] : r.headers)
            h.insert(QString::fromLatin1(k), QString::fromLatin1(v));
        o.insert(u"headers"_qs, h);
    }
    if (!r.body.isEmpty())
        o.insert(u"body"_qs, bodyValue(r.body));
    if (r.ids.kind != PlanIds::None)
        o.insert(u"ids"_qs, idsToJson(r.ids));
    return o;
}

QJsonObject scenarioToJson(const Scenario& s)
{
    QJsonObject o { { u"id"_qs, s.id }, { u"title"_qs, s.title }, { u"metric"_qs, toString(s.metric) },
        { u"executor"_qs, toString(s.executor) }, { u"request"_qs, requestToJson(s.request) },
        { u"expected_status"_qs, s.expectedStatus } };
    if (s.figure != 0)
        o.insert(u"figure"_qs, s.figure);
    for (const QString& key : traitsOf(s.executor).params) {
        const QJsonValue v = executorParam(s, key);
        const bool sweptFromHere = s.sweep.contains(key) && v.toDouble() == s.sweep.value(key).value(0);
        if (!v.isUndefined() && !sweptFromHere) // a swept key left out reads back as the sweep's first value
            o.insert(key, v);
    }
    if (!s.sweep.isEmpty()) {
        QJsonObject sweep;
        for (auto it = s.sweep.cbegin(); it != s.sweep.cend(); ++it) {
            QJsonArray values;
            for (double v : it.value())
                values.append(v);
            sweep.insert(it.key(), values);
        }
        o.insert(u"sweep"_qs, sweep);
    }
    return o;
}

QJsonObject stackToJson(const PlanStack& s)
{
    QJsonObject o;
    if (s.isExternal()) {
        o.insert(u"name"_qs, s.name);
        o.insert(u"url"_qs, s.url.toString());
    } else {
        o.insert(u"stack"_qs, s.stack);
    }
    if (!s.label.isEmpty())
        o.insert(u"label"_qs, s.label);
    if (!s.params.isEmpty()) {
        QJsonObject params;
        for (auto it = s.params.cbegin(); it != s.params.cend(); ++it)
            params.insert(it.key(), paramJson(it.value()));
        o.insert(u"params"_qs, params);
    }
    if (!s.sweep.isEmpty()) {
        QJsonObject sweep;
        for (auto it = s.sweep.cbegin(); it != s.sweep.cend(); ++it) {
            QJsonArray values;
            for (const QString& v : it.value())
                values.append(paramJson(v));
            sweep.insert(it.key(), values);
        }
        o.insert(u"sweep"_qs, sweep);
    }
    return o;
}

QJsonObject procedureToJson(const Procedure& p)
{
    QJsonObject o { { u"settle_s"_qs, p.settleS }, { u"seed_count"_qs, p.seedCount },
        { u"idle_s"_qs, p.idleS }, { u"gap_s"_qs, p.gapS },
        { u"repetitions"_qs,
            p.adaptive ? QJsonValue(QJsonObject { { u"min"_qs, p.adaptive->min },
                { u"max"_qs, p.repetitions }, { u"target_ci_percent"_qs, p.adaptive->targetCiPercent } })
                       : QJsonValue(p.repetitions) },
        { u"transport"_qs, toString(p.transport) }, { u"timeout_s"_qs, p.timeoutS },
        { u"verify"_qs, p.verify } };
    if (p.sloP99Ms > 0)
        o.insert(u"slo_p99_ms"_qs, p.sloP99Ms);
    if (!p.pin.isOff()) {
        const auto list = [](const QList<int>& cpus) {
            QJsonArray a;
            for (int c : cpus)
                a.append(c);
            return a;
        };
        QJsonObject pin;
        if (!p.pin.stack.isEmpty())
            pin.insert(u"stack"_qs, list(p.pin.stack));
        if (!p.pin.engine.isEmpty())
            pin.insert(u"engine"_qs, list(p.pin.engine));
        o.insert(u"pin"_qs, pin);
    }
    if (p.warmup) {
        const auto& w = *p.warmup;
        o.insert(u"warmup"_qs,
            QJsonObject { { u"vus"_qs, w.vus }, { u"duration"_qs, formatPlanDuration(w.duration) },
                { u"path"_qs, w.path }, { u"then_items_requests"_qs, w.thenItemsRequests },
                { u"then_path"_qs, w.thenPath } });
    }
    return o;
}
} // namespace

QJsonObject Plan::toJson() const
{
    QJsonArray stackArray, scenarioArray;
    for (const auto& s : stacks)
        stackArray.append(stackToJson(s));
    for (const auto& s : scenarios)
        scenarioArray.append(scenarioToJson(s));
    QJsonObject o { { u"format"_qs, u"stackbench-plan"_qs }, { u"version"_qs, FormatVersion },
        { u"name"_qs, name }, { u"stacks"_qs, stackArray }, { u"scenarios"_qs, scenarioArray },
        { u"procedure"_qs, procedureToJson(procedure) } };
    if (!description.isEmpty())
        o.insert(u"description"_qs, description);
    if (draft)
        o.insert(u"draft"_qs, true);
    return o;
}

namespace {
/// The order keys are written in: the schema's, as the shipped plans read, so that saving a plan
/// that was not changed gives back its file and an edit diffs as one. QJsonObject itself sorts
/// keys; keys not in this list (a request body's own) follow in that sorted order.
int keyRank(const QString& key)
{
    static const QStringList Order = { u"format"_qs, u"version"_qs, u"draft"_qs, u"name"_qs,
        u"description"_qs, u"stacks"_qs, u"stack"_qs, u"url"_qs, u"label"_qs, u"params"_qs, u"scenarios"_qs,
        u"id"_qs, u"title"_qs, u"figure"_qs, u"metric"_qs, u"executor"_qs, u"vus"_qs, u"duration"_qs,
        u"iterations"_qs, u"rate"_qs, u"preAllocatedVUs"_qs, u"maxVUs"_qs, u"maxDuration"_qs, u"sweep"_qs,
        u"request"_qs, u"method"_qs, u"path"_qs, u"headers"_qs, u"body"_qs, u"ids"_qs, u"range"_qs,
        u"pool"_qs, u"consume"_qs, u"expected_status"_qs, u"procedure"_qs, u"settle_s"_qs, u"seed_count"_qs,
        u"warmup"_qs, u"then_items_requests"_qs, u"then_path"_qs, u"idle_s"_qs, u"gap_s"_qs,
        u"repetitions"_qs, u"min"_qs, u"max"_qs, u"target_ci_percent"_qs, u"transport"_qs, u"timeout_s"_qs,
        u"verify"_qs, u"slo_p99_ms"_qs, u"pin"_qs, u"engine"_qs };
    const qsizetype i = Order.indexOf(key);
    return i < 0 ? int(Order.size()) : int(i);
}

void writeOrdered(const QJsonValue& v, int depth, QByteArray& out)
{
    const QByteArray indent(4 * (depth + 1), ' '), closing(4 * depth, ' ');
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        QStringList keys = o.keys();
        std::stable_sort(keys.begin(), keys.end(),
            [](const QString& a, const QString& b) { return keyRank(a) < keyRank(b); });
        out += keys.isEmpty() ? "{" : "{\n";
        for (qsizetype i = 0; i < keys.size(); ++i) {
            out += indent
                + QJsonDocument(QJsonArray { keys[i] }).toJson(QJsonDocument::Compact).mid(1).chopped(1)
                + ": ";
            writeOrdered(o.value(keys[i]), depth + 1, out);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += keys.isEmpty() ? QByteArray("}") : closing + '}';
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        out += a.isEmpty() ? "[" : "[\n";
        for (qsizetype i = 0; i < a.size(); ++i) {
            out += indent;
            writeOrdered(a.at(i), depth + 1, out);
            out += i + 1 < a.size() ? ",\n" : "\n";
        }
        out += a.isEmpty() ? QByteArray("]") : closing + ']';
    } else {
        out += QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    }
}
} // namespace

QByteArray Plan::toJsonBytes() const
{
    QByteArray out;
    writeOrdered(toJson(), 0, out);
    return out + '\n';
}

const Scenario* Plan::scenario(const QString& id) const
{
    const auto i = scenarioIndex(id);
    return i < 0 ? nullptr : &scenarios.at(i);
}

qsizetype Plan::scenarioIndex(const QString& id) const
{
    for (qsizetype i = 0; i < scenarios.size(); ++i)
        if (scenarios.at(i).id == id)
            return i;
    return -1;
}

qsizetype Plan::stackIndex(const QString& id) const
{
    for (qsizetype i = 0; i < stacks.size(); ++i)
        if (stacks.at(i).id() == id)
            return i;
    return -1;
}

const PlanStack* Plan::stack(const QString& id) const
{
    const auto i = stackIndex(id);
    return i < 0 ? nullptr : &stacks.at(i);
}

PlanParseResult loadPlan(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return { std::nullopt, { { path, {}, u"cannot read the file: "_qs + file.errorString() } } };
    if (file.size() > 16 * 1024 * 1024)
        return { std::nullopt, { { path, {}, u"the file is larger than 16 MB; that is not a plan"_qs } } };
    return parsePlan(file.readAll(), path);
}

QString savePlan(const Plan& plan, const QString& path)
{
    // QSaveFile writes a temporary file and renames it over the target on commit, so a failure
    // (full disk, read-only folder) never leaves a half-written plan behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write %1: %2"_qs.arg(path, file.errorString());
    const QByteArray bytes = plan.toJsonBytes();
    if (file.write(bytes) != bytes.size() || !file.commit())
        return u"could not save %1: %2"_qs.arg(path, file.errorString());
    return {};
}

QString suggestedTitle(const Scenario& s)
{
    return QString::fromLatin1(s.request.method) + u' ' + s.request.path + u": "_qs + describeLoad(s);
}

QString describeLoad(const Scenario& s)
{
    return describeLoad(toLoadSpec(s, Procedure {}, QUrl {}));
}

bool parsePlanDuration(const QString& text, std::chrono::milliseconds* out)
{
    static const QRegularExpression Part(u"(\\d+(?:\\.\\d+)?)(ms|s|m|h)"_qs);
    if (text.isEmpty() || text.size() > 64)
        return false;
    double total = 0;
    qsizetype pos = 0;
    auto it = Part.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedStart() != pos)
            return false;
        pos = m.capturedEnd();
        const double n = m.captured(1).toDouble();
        const auto unit = m.captured(2);
        total += n * (unit == u"ms" ? 1.0 : unit == u"s" ? 1e3 : unit == u"m" ? 60e3 : 3600e3);
    }
    if (pos != text.size() || !std::isfinite(total) || total > 1e15)
        return false;
    *out = std::chrono::milliseconds(qint64(std::llround(total)));
    return true;
}

QString formatPlanDuration(std::chrono::milliseconds d)
{
    const qint64 ms = d.count();
    if (ms != 0 && ms % 3'600'000 == 0)
        return QString::number(ms / 3'600'000) + u'h';
    if (ms != 0 && ms % 60'000 == 0)
        return QString::number(ms / 60'000) + u'm';
    if (ms % 1000 == 0)
        return QString::number(ms / 1000) + u's';
    return QString::number(ms) + u"ms"_qs;
}

namespace {
bool hasHeader(const Headers& headers, const QByteArray& name)
{
    for (const auto& h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

std::chrono::milliseconds secondsToMs(double s)
{
    return std::chrono::milliseconds(qint64(std::llround(std::max(0.0, s) * 1000.0)));
}
} // namespace

LoadSpec toLoadSpec(const Scenario& s, const Procedure& p, const QUrl& baseUrl)
{
    LoadSpec spec;
    spec.baseUrl = baseUrl;
    auto& t = spec.request;
    t.method = s.request.method;
    t.path = s.request.path;
    t.headers = s.request.headers;
    t.body = s.request.body;
    if (!t.body.isEmpty() && !hasHeader(t.headers, "content-type"))
        t.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    switch (s.request.ids.kind) {
    case PlanIds::None:
        break;
    case PlanIds::Range:
        t.idMin = s.request.ids.min;
        t.idMax = s.request.ids.max;
        break;
    case PlanIds::Pool:
        t.idPool = s.request.ids.pool;
        break;
    }
    t.consumeIds = s.request.ids.consume;
    spec.executor = s.executor;
    spec.vus = traitsOf(s.executor).arrival ? s.preAllocatedVus : s.vus;
    spec.duration = s.duration;
    spec.iterations = s.iterations;
    spec.rate = s.rate;
    spec.preAllocatedVus = s.preAllocatedVus;
    spec.maxVus = s.maxVus != 0 ? s.maxVus : s.preAllocatedVus;
    if (s.maxDuration.count() > 0)
        spec.maxDuration = s.maxDuration;
    spec.timeout = secondsToMs(p.timeoutS);
    spec.transport = p.transport;
    spec.cpuAffinity = p.pin.engine;
    return spec;
}

QList<WarmupStep> warmupSteps(const Procedure& p, const QUrl& baseUrl)
{
    QList<WarmupStep> steps;
    if (!p.warmup)
        return steps;
    const auto& w = *p.warmup;
    LoadSpec hello;
    hello.baseUrl = baseUrl;
    hello.request.path = w.path;
    hello.executor = ExecutorKind::ConstantVus;
    hello.vus = w.vus;
    hello.duration = w.duration;
    hello.timeout = secondsToMs(p.timeoutS);
    hello.transport = p.transport;
    hello.cpuAffinity = p.pin.engine;
    steps.append(WarmupStep { u"hello"_qs, hello });
    if (w.thenItemsRequests > 0) {
        LoadSpec items = hello;
        items.request.path = w.thenPath;
        items.executor = ExecutorKind::SharedIterations;
        items.vus = 1;
        items.iterations = w.thenItemsRequests;
        steps.append(WarmupStep { u"items"_qs, items });
    }
    return steps;
}
