// Parsing and validation of plans. Everything funnels through PlanParser so that a plan read from a
// file and a plan built in code (validatePlan) are judged by the same rules, with the same paths.
#include "common/constants.h"
#include "common/stackparams.h"
#include "engine/executortraits.h"
#include "jsonreader.h"
#include "plan.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <cmath>

using namespace std::chrono_literals;
using Need = JsonReader::Need;

namespace {
constexpr qint64 MaxVus = 100'000;
constexpr qint64 MaxCpu = 1023; // CPU_SETSIZE - 1: what sched_setaffinity can name
constexpr qint64 MaxIterations = 1'000'000'000;
constexpr qint64 MaxId = 9'007'199'254'740'991; // 2^53 - 1: exact in every JSON reader
constexpr qsizetype MaxPoolSize = 1'000'000;
constexpr auto MaxDuration = std::chrono::milliseconds(24h);
constexpr qsizetype MaxSweepValues = 64; // per axis
constexpr qsizetype MaxCells = 10'000; // per stack or scenario: a sweep is not a fuzzer
constexpr qsizetype MaxPlanCells = 10'000; // stacks x scenarios per repetition, sweeps expanded

const QStringList& executorNames()
{
    static const QStringList Names = [] {
        QStringList names;
        for (const ExecutorTraits& t : executorTraits())
            names << t.name;
        return names;
    }();
    return Names;
}

const QStringList& methods()
{
    static const QStringList Methods
        = { u"GET"_qs, u"POST"_qs, u"PUT"_qs, u"PATCH"_qs, u"DELETE"_qs, u"HEAD"_qs, u"OPTIONS"_qs };
    return Methods;
}

/// Keys that would make a plan carry something to execute. Reported with their own reason.
const QStringList& commandKeys()
{
    static const QStringList Keys = { u"command"_qs, u"cmd"_qs, u"shell"_qs, u"args"_qs, u"argv"_qs,
        u"exec"_qs, u"script"_qs, u"run"_qs };
    return Keys;
}

QString quoted(const QString& s)
{
    return u'"' + s + u'"';
}

/// The keys any executor reads: a scenario may hold those of another executor, which it ignores.
const QStringList& allExecutorParams()
{
    static const QStringList Params = [] {
        QStringList all;
        for (const ExecutorTraits& t : executorTraits())
            for (const QString& key : t.params)
                if (!all.contains(key))
                    all << key;
        return all;
    }();
    return Params;
}

class PlanParser
{
public:
    explicit PlanParser(JsonReader& reader)
        : m_r(reader)
    {
    }

    std::optional<Plan> parse(const QJsonObject& root);

private:
    bool checkHeader(const QJsonObject& root);
    void parseStacks(const QJsonObject& root, Plan& plan);
    std::optional<PlanStack> parseStack(const QJsonValue& v, const QString& path);
    void parseStackParams(const QJsonObject& o, const QString& path, PlanStack& s);
    std::optional<QString> paramValue(const QJsonValue& v, const QString& path);
    void parseLoadSweep(const QJsonObject& o, const QString& path, Scenario& s);
    void checkCellIds(const Plan& plan);
    std::optional<QUrl> parseUrl(const QString& text, const QString& path);
    void parseScenarios(const QJsonObject& root, Plan& plan);
    std::optional<Scenario> parseScenario(const QJsonValue& v, const QString& path);
    bool parseExecutorParams(const QJsonObject& o, const QString& path, Scenario& s);
    std::optional<PlanRequest> parseRequest(const QJsonObject& o, const QString& path);
    bool parseHeaders(const QJsonObject& o, const QString& path, Headers* out);
    std::optional<PlanIds> parseIds(const QJsonObject& o, const QString& path);
    bool parseIdSource(const QJsonObject& o, const QString& path, PlanIds& ids);
    void checkIdsUse(const Scenario& s, const QString& path);
    std::optional<Procedure> parseProcedure(const QJsonObject& root);
    void parseRepetitions(const QJsonObject& o, const QString& path, Procedure& p);
    CpuPinning parsePin(const QJsonObject& o, const QString& path);
    std::optional<Warmup> parseWarmup(const QJsonObject& o, const QString& path);
    std::optional<std::chrono::milliseconds> duration(
        const QJsonObject& o, const QString& path, const QString& key, Need need);
    bool checkPath(const QString& p, const QString& path, bool placeholders);
    /// @p value when no problem was found since @p before, or always in a draft.
    template<typename T> std::optional<T> kept(T value, qsizetype before) const
    {
        return m_lenient || m_r.problemCount() == before ? std::optional<T>(std::move(value)) : std::nullopt;
    }
    std::optional<qint64> capped(
        const QJsonObject& o, const QString& path, const QString& key, Need need, qint64 min, qint64 cap);
    std::optional<QString> name(const QJsonObject& o, const QString& path, const QString& key,
        const QRegularExpression& re, const QString& rule);
    void checkLoadSpecs(const Plan& plan);

    JsonReader& m_r;
    bool m_lenient = false; ///< a draft: keep what each field says, problems or not
};

std::optional<Plan> PlanParser::parse(const QJsonObject& root)
{
    if (!checkHeader(root))
        return std::nullopt;
    m_r.checkKeys(root, {},
        { u"format"_qs, u"version"_qs, u"draft"_qs, u"name"_qs, u"description"_qs, u"stacks"_qs,
            u"scenarios"_qs, u"procedure"_qs });
    Plan plan;
    plan.draft = m_r.boolean(root, {}, u"draft"_qs, Need::Optional).value_or(false);
    m_lenient = plan.draft;
    if (const auto n = m_r.string(root, {}, u"name"_qs)) {
        plan.name = *n;
        if (n->trimmed().isEmpty())
            m_r.problem(u"name"_qs, u"must not be empty"_qs);
    }
    plan.description = m_r.string(root, {}, u"description"_qs, Need::Optional).value_or(QString());
    parseStacks(root, plan);
    parseScenarios(root, plan);
    if (const auto p = parseProcedure(root))
        plan.procedure = *p;
    if (m_r.ok() && expandedStackCount(plan) * expandedScenarioCount(plan) > MaxPlanCells)
        m_r.problem({},
            u"the sweeps make %1 stacks × %2 scenarios per repetition; at most %3 runs per repetition are "
            "allowed"_qs.arg(expandedStackCount(plan))
                .arg(expandedScenarioCount(plan))
                .arg(MaxPlanCells));
    if (m_r.ok())
        checkCellIds(plan);
    if (m_r.ok())
        checkLoadSpecs(plan);
    return kept(plan, 0);
}

bool PlanParser::checkHeader(const QJsonObject& root)
{
    if (const auto format = m_r.string(root, {}, u"format"_qs); format && *format != u"stackbench-plan") {
        m_r.problem(u"format"_qs,
            u"expected \"stackbench-plan\", got "_qs + quoted(*format)
                + u"; this is not a Stackbench plan"_qs);
        return false;
    }
    const auto version = m_r.integer(root, {}, u"version"_qs, Need::Required, 1);
    if (version && *version > Plan::FormatVersion) {
        m_r.problem(u"version"_qs,
            u"version %1 is newer than this Stackbench understands (%2)"_qs.arg(*version).arg(
                Plan::FormatVersion));
        return false;
    }
    return true;
}

void PlanParser::parseStacks(const QJsonObject& root, Plan& plan)
{
    const auto stacks = m_r.array(root, {}, u"stacks"_qs);
    if (!stacks)
        return;
    if (stacks->isEmpty())
        m_r.problem(u"stacks"_qs, u"must list at least one stack"_qs);
    // Stacks are told apart by id, cells of a sweep included: "a" with workers=1 and a sweep of
    // "a" over workers [1, 2] would both run as a@workers=1, one folder for two entries.
    QHash<QString, qsizetype> seen;
    for (qsizetype i = 0; i < stacks->size(); ++i) {
        const auto path = JsonReader::index(u"stacks"_qs, i);
        const auto s = parseStack(stacks->at(i), path);
        if (!s)
            continue;
        Plan one;
        one.stacks = { *s };
        const QList<PlanStack> cells = expandSweeps(one).stacks;
        QString clash;
        for (const PlanStack& cell : cells)
            if (clash.isEmpty() && seen.contains(cell.id()))
                clash = cell.id();
        if (!clash.isEmpty()) {
            m_r.problem(JsonReader::join(path, s->isExternal() ? u"name"_qs : u"stack"_qs),
                u"duplicate stack %1 (already stacks[%2])"_qs.arg(quoted(clash)).arg(seen.value(clash)));
            if (!m_lenient)
                continue;
        }
        for (const PlanStack& cell : cells)
            seen.insert(cell.id(), i);
        plan.stacks.append(*s);
    }
}

std::optional<PlanStack> PlanParser::parseStack(const QJsonValue& v, const QString& path)
{
    auto o = m_r.objectValue(v, path);
    if (!o)
        return std::nullopt;
    const auto before = m_r.problemCount();
    for (const auto& key : commandKeys()) {
        if (!o->contains(key))
            continue;
        m_r.problem(JsonReader::join(path, key),
            u"a plan never carries commands or shell strings; stack commands come only from the stack "
            "manifest. Use {\"stack\": \"<manifest name>\"} or {\"name\": \"...\", \"url\": \"http://...\"}"_qs);
        o->remove(key);
    }
    m_r.checkKeys(*o, path, { u"stack"_qs, u"name"_qs, u"url"_qs, u"label"_qs, u"params"_qs, u"sweep"_qs });
    static const QRegularExpression StackName(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_qs);
    const QString nameRule
        = u"letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64"_qs;
    PlanStack s;
    s.label = m_r.string(*o, path, u"label"_qs, Need::Optional).value_or(QString());
    if (o->contains(u"stack"_qs)) {
        if (o->contains(u"url"_qs) || o->contains(u"name"_qs))
            m_r.problem(path,
                u"give either \"stack\" (a manifest stack) or \"name\" and \"url\" (an external "
                "target), not both"_qs);
        s.stack = name(*o, path, u"stack"_qs, StackName, nameRule).value_or(QString());
    } else if (o->contains(u"url"_qs) || o->contains(u"name"_qs)) {
        s.name = name(*o, path, u"name"_qs, StackName, nameRule).value_or(QString());
        if (const auto url = m_r.string(*o, path, u"url"_qs))
            s.url
                = parseUrl(*url, JsonReader::join(path, u"url"_qs)).value_or(m_lenient ? QUrl(*url) : QUrl());
    } else {
        m_r.problem(path,
            u"needs \"stack\" (a name from the stack manifest) or \"name\" and \"url\" (an external "
            "target)"_qs);
    }
    parseStackParams(*o, path, s);
    return kept(s, before);
}

/// "params": {"workers": 4} and "sweep": {"workers": [1, 2, 4]}. Whether the manifest stack has
/// these parameters is checked when the study starts, against the manifest it runs with.
void PlanParser::parseStackParams(const QJsonObject& o, const QString& path, PlanStack& s)
{
    if (!o.contains(u"params"_qs) && !o.contains(u"sweep"_qs))
        return;
    if (!o.contains(u"stack"_qs)) {
        m_r.problem(path,
            u"an external target has no parameters: \"params\" and \"sweep\" are for stacks of the stack "
            "manifest"_qs);
        return;
    }
    const QString rule = u"is not a parameter name: lower-case letters, digits and '_', starting with a "
                         "letter, at most 32"_qs;
    if (const auto params = m_r.object(o, path, u"params"_qs, Need::Optional)) {
        const QString ppath = JsonReader::join(path, u"params"_qs);
        for (auto it = params->begin(); it != params->end(); ++it) {
            const QString kpath = JsonReader::join(ppath, it.key());
            if (!isValidParamName(it.key()))
                m_r.problem(kpath, rule);
            else if (const auto v = paramValue(it.value(), kpath))
                s.params.insert(it.key(), *v);
        }
    }
    const auto sweep = m_r.object(o, path, u"sweep"_qs, Need::Optional);
    if (!sweep)
        return;
    const QString spath = JsonReader::join(path, u"sweep"_qs);
    if (sweep->isEmpty())
        m_r.problem(spath, u"must name at least one parameter to sweep, e.g. {\"workers\": [1, 2, 4]}"_qs);
    qsizetype cells = 1;
    for (auto it = sweep->begin(); it != sweep->end(); ++it) {
        const QString kpath = JsonReader::join(spath, it.key());
        if (!isValidParamName(it.key())) {
            m_r.problem(kpath, rule);
            continue;
        }
        if (s.params.contains(it.key()))
            m_r.problem(kpath, u"is also set in \"params\"; fix it there or sweep it here, not both"_qs);
        if (!it.value().isArray() || it.value().toArray().isEmpty()
            || it.value().toArray().size() > MaxSweepValues) {
            m_r.problem(
                kpath, u"must be an array of 1 to %1 values (strings or numbers)"_qs.arg(MaxSweepValues));
            continue;
        }
        QStringList values;
        const QJsonArray a = it.value().toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const auto v = paramValue(a.at(i), JsonReader::index(kpath, i));
            if (v && values.contains(*v))
                m_r.problem(JsonReader::index(kpath, i), u"repeats the value "_qs + quoted(*v));
            else if (v)
                values << *v;
        }
        cells *= std::max<qsizetype>(values.size(), 1);
        s.sweep.insert(it.key(), values);
    }
    if (cells > MaxCells)
        m_r.problem(spath, u"makes %1 combinations; at most %2 are allowed"_qs.arg(cells).arg(MaxCells));
}

/// A parameter's value: a string or a number, and one that can name a results folder.
std::optional<QString> PlanParser::paramValue(const QJsonValue& v, const QString& path)
{
    static const QRegularExpression Value(u"^[A-Za-z0-9._:+-]{0,64}$"_qs);
    auto text = paramValueText(v);
    if (!text) {
        m_r.problem(path, u"must be a string or a number, not "_qs + JsonReader::typeName(v));
        return std::nullopt;
    }
    if (!Value.match(*text).hasMatch()) {
        m_r.problem(path,
            quoted(*text)
                + u" is not a valid parameter value: use at most 64 letters, digits, '.', '_', ':', '+' and "
                  "'-'"_qs);
        return std::nullopt;
    }
    return text;
}

std::optional<QUrl> PlanParser::parseUrl(const QString& text, const QString& path)
{
    const QUrl url(text, QUrl::StrictMode);
    QString reason;
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        reason = u"must be an absolute URL such as http://127.0.0.1:8000"_qs;
    else if (url.scheme() != u"http" && url.scheme() != u"https")
        reason = u"must use http or https, not "_qs + quoted(url.scheme());
    else if (url.hasQuery() || url.hasFragment())
        reason = u"must not have a query or a fragment; put them in the scenarios' paths"_qs;
    else if (!url.userInfo().isEmpty())
        reason = u"must not carry a user name or password"_qs;
    if (reason.isEmpty())
        return url;
    m_r.problem(path, reason + u" (got "_qs + quoted(text) + u')');
    return std::nullopt;
}

void PlanParser::parseScenarios(const QJsonObject& root, Plan& plan)
{
    const auto scenarios = m_r.array(root, {}, u"scenarios"_qs);
    if (!scenarios)
        return;
    if (scenarios->isEmpty())
        m_r.problem(u"scenarios"_qs, u"must list at least one scenario"_qs);
    QHash<QString, qsizetype> ids;
    QHash<int, qsizetype> figures;
    for (qsizetype i = 0; i < scenarios->size(); ++i) {
        const auto path = JsonReader::index(u"scenarios"_qs, i);
        auto s = parseScenario(scenarios->at(i), path);
        if (!s)
            continue;
        if (ids.contains(s->id))
            m_r.problem(JsonReader::join(path, u"id"_qs),
                u"duplicate scenario id %1 (already scenarios[%2])"_qs.arg(quoted(s->id))
                    .arg(ids.value(s->id)));
        else
            ids.insert(s->id, i);
        if (s->figure != 0 && figures.contains(s->figure))
            m_r.problem(JsonReader::join(path, u"figure"_qs),
                u"figure %1 is already reported by scenarios[%2]"_qs.arg(s->figure).arg(
                    figures.value(s->figure)));
        else if (s->figure != 0)
            figures.insert(s->figure, i);
        plan.scenarios.append(*s);
    }
}

std::optional<Scenario> PlanParser::parseScenario(const QJsonValue& v, const QString& path)
{
    const auto o = m_r.objectValue(v, path);
    if (!o)
        return std::nullopt;
    const auto before = m_r.problemCount();
    QStringList keys = { u"id"_qs, u"title"_qs, u"description"_qs, u"figure"_qs, u"metric"_qs, u"executor"_qs,
        u"request"_qs, u"expected_status"_qs, u"sweep"_qs };
    m_r.checkKeys(*o, path, keys + allExecutorParams());
    static const QRegularExpression Id(u"^[a-z0-9][a-z0-9_-]{0,63}$"_qs);
    Scenario s;
    s.id = name(*o, path, u"id"_qs, Id,
        u"lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 64"_qs)
               .value_or(QString());
    s.title = m_r.string(*o, path, u"title"_qs, Need::Optional).value_or(s.id);
    m_r.string(*o, path, u"description"_qs, Need::Optional);
    s.figure
        = int(m_r.integer(*o, path, u"figure"_qs, Need::Optional, 1, Constants::FigureCount).value_or(0));
    if (const auto m = m_r.string(*o, path, u"metric"_qs); m && !parseMetric(*m, &s.metric))
        m_r.problem(JsonReader::join(path, u"metric"_qs),
            u"unknown metric %1; expected one of \"rps\", \"mean_ms\""_qs.arg(quoted(*m)));
    s.expectedStatus
        = int(m_r.integer(*o, path, u"expected_status"_qs, Need::Optional, 100, 599).value_or(200));
    const bool executorOk = parseExecutorParams(*o, path, s);
    if (executorOk)
        parseLoadSweep(*o, path, s);
    if (const auto req = m_r.object(*o, path, u"request"_qs)) {
        if (auto parsed = parseRequest(*req, JsonReader::join(path, u"request"_qs)))
            s.request = *parsed;
    }
    if (m_r.problemCount() == before && executorOk)
        checkIdsUse(s, path);
    return kept(s, before);
}

bool PlanParser::parseExecutorParams(const QJsonObject& o, const QString& path, Scenario& s)
{
    const auto name = m_r.string(o, path, u"executor"_qs);
    if (!name)
        return false;
    if (!parseExecutor(*name, &s.executor)) {
        m_r.problem(JsonReader::join(path, u"executor"_qs),
            u"unknown executor %1; expected one of %2"_qs.arg(quoted(*name), executorNames().join(u", "_qs)));
        return false;
    }
    const auto before = m_r.problemCount();
    const QStringList used = traitsOf(s.executor).params;
    for (const auto& key : allExecutorParams())
        if (o.contains(key) && !used.contains(key))
            m_r.problem(JsonReader::join(path, key), u"not used by "_qs + *name);
    auto has = [&](const char16_t* key) { return used.contains(QString::fromUtf16(key)); };
    // A swept key may be left out: parseLoadSweep() then sets it to the sweep's first value.
    const QJsonObject sweep = o.value(u"sweep"_qs).toObject();
    auto need = [&](const QString& key) { return sweep.contains(key) ? Need::Optional : Need::Required; };
    if (has(u"vus"))
        s.vus = int(capped(o, path, u"vus"_qs, need(u"vus"_qs), 1, MaxVus).value_or(0));
    if (has(u"duration"))
        s.duration = duration(o, path, u"duration"_qs, Need::Required).value_or(0ms);
    if (has(u"maxDuration"))
        s.maxDuration = duration(o, path, u"maxDuration"_qs, Need::Optional).value_or(0ms);
    if (has(u"iterations"))
        s.iterations
            = capped(o, path, u"iterations"_qs, need(u"iterations"_qs), 1, MaxIterations).value_or(0);
    if (has(u"rate")) {
        s.rate = m_r.number(o, path, u"rate"_qs, need(u"rate"_qs), 0, 1e6).value_or(0);
        if (o.value(u"rate"_qs).isDouble() && o.value(u"rate"_qs).toDouble() == 0)
            m_r.problem(
                JsonReader::join(path, u"rate"_qs), u"must be a number > 0 (iterations per second)"_qs);
    }
    if (has(u"preAllocatedVUs"))
        s.preAllocatedVus
            = int(capped(o, path, u"preAllocatedVUs"_qs, Need::Required, 1, MaxVus).value_or(0));
    if (has(u"maxVUs")) {
        s.maxVus = int(capped(o, path, u"maxVUs"_qs, Need::Optional, 1, MaxVus).value_or(0));
        if (s.maxVus != 0 && s.preAllocatedVus != 0 && s.maxVus < s.preAllocatedVus)
            m_r.problem(JsonReader::join(path, u"maxVUs"_qs),
                u"must be at least preAllocatedVUs (%1)"_qs.arg(s.preAllocatedVus));
    }
    if (s.executor == ExecutorKind::SharedIterations && s.vus > 0 && s.iterations > 0 && s.iterations < s.vus
        && sweep.isEmpty()) // a sweep's cells are checked one by one in checkLoadSpecs()
        m_r.problem(JsonReader::join(path, u"iterations"_qs),
            u"must be at least vus (%1): shared-iterations gives each VU at least one, as k6 does"_qs.arg(
                s.vus));
    return m_r.problemCount() == before;
}

std::optional<PlanRequest> PlanParser::parseRequest(const QJsonObject& o, const QString& path)
{
    const auto before = m_r.problemCount();
    m_r.checkKeys(o, path, { u"method"_qs, u"path"_qs, u"headers"_qs, u"body"_qs, u"ids"_qs });
    PlanRequest req;
    if (const auto m = m_r.string(o, path, u"method"_qs)) {
        if (methods().contains(m->toUpper()))
            req.method = m->toUpper().toLatin1();
        else
            m_r.problem(JsonReader::join(path, u"method"_qs),
                u"unknown method %1; expected one of %2"_qs.arg(quoted(*m), methods().join(u", "_qs)));
    }
    if (const auto p = m_r.string(o, path, u"path"_qs);
        p && (checkPath(*p, JsonReader::join(path, u"path"_qs), true) || m_lenient))
        req.path = *p;
    if (const auto h = m_r.object(o, path, u"headers"_qs, Need::Optional))
        parseHeaders(*h, JsonReader::join(path, u"headers"_qs), &req.headers);
    if (o.contains(u"body"_qs))
        req.body = QJsonDocument(QJsonArray { o.value(u"body"_qs) })
                       .toJson(QJsonDocument::Compact)
                       .mid(1)
                       .chopped(1);
    if (const auto ids = m_r.object(o, path, u"ids"_qs, Need::Optional)) {
        if (const auto parsed = parseIds(*ids, JsonReader::join(path, u"ids"_qs)))
            req.ids = *parsed;
    }
    return kept(req, before);
}

bool PlanParser::parseHeaders(const QJsonObject& o, const QString& path, Headers* out)
{
    static const QRegularExpression Token(u"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$"_qs);
    static const QStringList Managed
        = { u"host"_qs, u"content-length"_qs, u"transfer-encoding"_qs, u"connection"_qs };
    const auto before = m_r.problemCount();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const auto p = JsonReader::join(path, it.key());
        const auto value = m_r.stringValue(it.value(), p);
        if (!Token.match(it.key()).hasMatch())
            m_r.problem(p, u"is not a valid header name"_qs);
        else if (Managed.contains(it.key().toLower()))
            m_r.problem(p, u"is set by Stackbench itself and cannot be given in a plan"_qs);
        else if (value && (value->contains(u'\r') || value->contains(u'\n') || value->contains(QChar(0))))
            m_r.problem(p, u"must not contain line breaks or NUL characters"_qs);
        else if (value && value->toLatin1() != value->toUtf8())
            m_r.problem(p, u"must be plain ASCII/Latin-1 text"_qs);
        else if (value)
            out->append(qMakePair(it.key().toLatin1(), value->toLatin1()));
    }
    return m_r.problemCount() == before;
}

std::optional<PlanIds> PlanParser::parseIds(const QJsonObject& o, const QString& path)
{
    const auto before = m_r.problemCount();
    const QString forms = u"{\"range\": [a, b]}, {\"pool\": [...]} or {\"consume\": {\"range\": [a, b]}}"_qs;
    if (o.size() != 1) {
        m_r.problem(path, u"must have exactly one of \"range\", \"pool\" or \"consume\": "_qs + forms);
        return std::nullopt;
    }
    PlanIds ids;
    if (o.contains(u"consume"_qs)) {
        ids.consume = true;
        const auto inner = m_r.object(o, path, u"consume"_qs);
        const auto innerPath = JsonReader::join(path, u"consume"_qs);
        if (inner && inner->size() == 1 && (inner->contains(u"range"_qs) || inner->contains(u"pool"_qs)))
            parseIdSource(*inner, innerPath, ids);
        else if (inner)
            m_r.problem(innerPath, u"must have exactly one of \"range\" or \"pool\""_qs);
    } else if (o.contains(u"range"_qs) || o.contains(u"pool"_qs)) {
        parseIdSource(o, path, ids);
    } else {
        m_r.problem(JsonReader::join(path, o.begin().key()), u"unknown key; ids are "_qs + forms);
    }
    return kept(ids, before);
}

bool PlanParser::parseIdSource(const QJsonObject& o, const QString& path, PlanIds& ids)
{
    const auto before = m_r.problemCount();
    if (const auto range = m_r.array(o, path, u"range"_qs, Need::Optional)) {
        const auto p = JsonReader::join(path, u"range"_qs);
        if (range->size() != 2) {
            m_r.problem(p, u"must be two integers [first, last]"_qs);
            return false;
        }
        const auto a = m_r.integerValue(range->at(0), JsonReader::index(p, 0), 0, MaxId);
        const auto b = m_r.integerValue(range->at(1), JsonReader::index(p, 1), 0, MaxId);
        if (a && b && *b < *a)
            m_r.problem(p, u"is empty: the last id (%1) is below the first (%2)"_qs.arg(*b).arg(*a));
        ids.kind = PlanIds::Range;
        ids.min = a.value_or(0);
        ids.max = b.value_or(0);
    } else if (const auto pool = m_r.array(o, path, u"pool"_qs, Need::Optional)) {
        const auto p = JsonReader::join(path, u"pool"_qs);
        if (pool->isEmpty() || pool->size() > MaxPoolSize)
            m_r.problem(p, u"must hold 1 to %1 ids"_qs.arg(MaxPoolSize));
        ids.kind = PlanIds::Pool;
        for (qsizetype i = 0; i < pool->size() && i < MaxPoolSize; ++i)
            if (const auto id = m_r.integerValue(pool->at(i), JsonReader::index(p, i), 0, MaxId))
                ids.pool.append(*id);
    }
    return m_r.problemCount() == before;
}

void PlanParser::checkIdsUse(const Scenario& s, const QString& path)
{
    const auto idsPath = JsonReader::join(path, u"request.ids"_qs);
    const bool usesId = s.request.path.contains(u"{id}") || s.request.body.contains("{id}");
    if (usesId && s.request.ids.kind == PlanIds::None) {
        m_r.problem(idsPath,
            u"is required because the request uses {id}: give {\"range\": [a, b]}, "
            "{\"pool\": [...]} or {\"consume\": {\"range\": [a, b]}}"_qs);
        return;
    }
    if (!s.request.ids.consume)
        return;
    const qint64 needed = plannedIterations(s.executor, s.vus, s.iterations);
    if (needed > s.request.ids.size())
        m_r.problem(idsPath,
            u"each request consumes one id, but there are %1 ids for %2 requests"_qs.arg(s.request.ids.size())
                .arg(needed));
}

std::optional<Procedure> PlanParser::parseProcedure(const QJsonObject& root)
{
    const auto o = m_r.object(root, {}, u"procedure"_qs);
    if (!o)
        return std::nullopt;
    const auto before = m_r.problemCount();
    const QString path = u"procedure"_qs;
    m_r.checkKeys(*o, path,
        { u"settle_s"_qs, u"seed_count"_qs, u"warmup"_qs, u"idle_s"_qs, u"gap_s"_qs, u"repetitions"_qs,
            u"transport"_qs, u"timeout_s"_qs, u"verify"_qs, u"pin"_qs, u"slo_p99_ms"_qs });
    Procedure p;
    p.settleS = m_r.number(*o, path, u"settle_s"_qs, Need::Required, 0, 3600).value_or(0);
    p.seedCount = int(capped(*o, path, u"seed_count"_qs, Need::Required, 0, 10'000'000).value_or(0));
    p.idleS = m_r.number(*o, path, u"idle_s"_qs, Need::Required, 0, 3600).value_or(0);
    p.gapS = m_r.number(*o, path, u"gap_s"_qs, Need::Required, 0, 3600).value_or(0);
    parseRepetitions(*o, path, p);
    if (const auto t = m_r.string(*o, path, u"transport"_qs); t && !parseTransport(*t, &p.transport))
        m_r.problem(JsonReader::join(path, u"transport"_qs),
            u"unknown transport %1; expected one of \"socket\", \"qnam\""_qs.arg(quoted(*t)));
    p.timeoutS = m_r.number(*o, path, u"timeout_s"_qs, Need::Required, 0, 3600).value_or(60);
    if (o->value(u"timeout_s"_qs).isDouble() && o->value(u"timeout_s"_qs).toDouble() * 1000 < 1)
        m_r.problem(JsonReader::join(path, u"timeout_s"_qs), u"must be at least 0.001 (1 ms)"_qs);
    p.verify = m_r.boolean(*o, path, u"verify"_qs).value_or(true);
    p.sloP99Ms = m_r.number(*o, path, u"slo_p99_ms"_qs, Need::Optional, 0, 3'600'000).value_or(0);
    if (const auto pin = m_r.object(*o, path, u"pin"_qs, Need::Optional))
        p.pin = parsePin(*pin, JsonReader::join(path, u"pin"_qs));
    p.warmup.reset();
    if (const auto w = m_r.object(*o, path, u"warmup"_qs, Need::Optional))
        p.warmup = parseWarmup(*w, JsonReader::join(path, u"warmup"_qs));
    return kept(p, before);
}

void PlanParser::parseRepetitions(const QJsonObject& o, const QString& path, Procedure& p)
{
    constexpr int MaxRepetitions = 1000;
    if (!o.value(u"repetitions"_qs).isObject()) {
        p.repetitions
            = int(capped(o, path, u"repetitions"_qs, Need::Required, 1, MaxRepetitions).value_or(1));
        return;
    }
    const QJsonObject r = o.value(u"repetitions"_qs).toObject();
    const QString rpath = JsonReader::join(path, u"repetitions"_qs);
    m_r.checkKeys(r, rpath, { u"min"_qs, u"max"_qs, u"target_ci_percent"_qs });
    AdaptiveRepetitions a;
    a.min = int(capped(r, rpath, u"min"_qs, Need::Required, 2, MaxRepetitions).value_or(2));
    p.repetitions = int(capped(r, rpath, u"max"_qs, Need::Required, 2, MaxRepetitions).value_or(a.min));
    a.targetCiPercent = m_r.number(r, rpath, u"target_ci_percent"_qs, Need::Required, 0, 100).value_or(5);
    if (r.value(u"target_ci_percent"_qs).isDouble() && r.value(u"target_ci_percent"_qs).toDouble() <= 0)
        m_r.problem(JsonReader::join(rpath, u"target_ci_percent"_qs),
            u"must be more than 0 (the 95 % interval's half-width, in % of the mean)"_qs);
    if (p.repetitions < a.min)
        m_r.problem(JsonReader::join(rpath, u"max"_qs), u"must be at least min (%1)"_qs.arg(a.min));
    p.adaptive = a;
}

CpuPinning PlanParser::parsePin(const QJsonObject& o, const QString& path)
{
    m_r.checkKeys(o, path, { u"stack"_qs, u"engine"_qs });
    CpuPinning pin;
    for (const auto& [key, out] :
        { std::pair { u"stack"_qs, &pin.stack }, std::pair { u"engine"_qs, &pin.engine } }) {
        const auto list = m_r.array(o, path, key, Need::Optional);
        if (!list)
            continue;
        const QString lpath = JsonReader::join(path, key);
        if (list->isEmpty())
            m_r.problem(lpath, u"must name at least one CPU (leave the key out to not pin)"_qs);
        for (qsizetype i = 0; i < list->size(); ++i)
            if (const auto cpu = m_r.integerValue(list->at(i), JsonReader::index(lpath, i), 0, MaxCpu))
                if (!out->contains(int(*cpu)))
                    out->append(int(*cpu));
    }
    if (pin.isOff())
        m_r.problem(path, u"needs \"stack\" or \"engine\" (a list of CPU numbers)"_qs);
    return pin;
}

std::optional<Warmup> PlanParser::parseWarmup(const QJsonObject& o, const QString& path)
{
    const auto before = m_r.problemCount();
    m_r.checkKeys(
        o, path, { u"vus"_qs, u"duration"_qs, u"path"_qs, u"then_items_requests"_qs, u"then_path"_qs });
    Warmup w;
    w.vus = int(capped(o, path, u"vus"_qs, Need::Required, 1, MaxVus).value_or(1));
    w.duration = duration(o, path, u"duration"_qs, Need::Required).value_or(1s);
    w.thenItemsRequests
        = int(capped(o, path, u"then_items_requests"_qs, Need::Optional, 0, 1'000'000).value_or(0));
    if (const auto p = m_r.string(o, path, u"path"_qs, Need::Optional))
        w.path = checkPath(*p, JsonReader::join(path, u"path"_qs), false) ? *p : QString();
    if (const auto p = m_r.string(o, path, u"then_path"_qs, Need::Optional))
        w.thenPath = checkPath(*p, JsonReader::join(path, u"then_path"_qs), false) ? *p : QString();
    return kept(w, before);
}

std::optional<std::chrono::milliseconds> PlanParser::duration(
    const QJsonObject& o, const QString& path, const QString& key, Need need)
{
    const auto text = m_r.string(o, path, key, need);
    if (!text)
        return std::nullopt;
    const auto p = JsonReader::join(path, key);
    std::chrono::milliseconds d {};
    if (!parsePlanDuration(*text, &d)) {
        m_r.problem(
            p, u"must be a duration such as \"10s\", \"500ms\" or \"1m\" (got %1)"_qs.arg(quoted(*text)));
        return std::nullopt;
    }
    if (d <= 0ms || d > MaxDuration) {
        m_r.problem(p, u"must be more than 0 and at most 24h (got %1)"_qs.arg(quoted(*text)));
        return std::nullopt;
    }
    return d;
}

bool PlanParser::checkPath(const QString& p, const QString& path, bool placeholders)
{
    static const QRegularExpression Placeholder(u"\\{([^{}]*)\\}"_qs);
    static const QRegularExpression Bad(u"[\\s\\x00-\\x1f\\x7f#]"_qs);
    QString reason;
    if (!p.startsWith(u'/') || p.startsWith(u"//"))
        reason = u"must start with a single '/', as in \"/items/{id}\""_qs;
    else if (p.size() > 2048)
        reason = u"is longer than 2048 characters"_qs;
    else if (Bad.match(p).hasMatch())
        reason = u"must not contain spaces, control characters or '#'"_qs;
    auto it = Placeholder.globalMatch(p);
    while (reason.isEmpty() && it.hasNext()) {
        const auto name = it.next().captured(1);
        if (!placeholders)
            reason = u"must not contain placeholders"_qs;
        else if (name != u"id" && name != u"seq" && name != u"vu")
            reason = u"unknown placeholder {%1}; expected {id}, {seq} or {vu}"_qs.arg(name);
    }
    if (reason.isEmpty())
        return true;
    m_r.problem(path, reason);
    return false;
}

/// An integer with a lower bound, plus a sanity cap reported on its own, so the usual message reads
/// "must be an integer ≥ 1" rather than naming the cap.
std::optional<qint64> PlanParser::capped(
    const QJsonObject& o, const QString& path, const QString& key, Need need, qint64 min, qint64 cap)
{
    const auto v = m_r.integer(o, path, key, need, min);
    if (v && *v > cap) {
        m_r.problem(JsonReader::join(path, key), u"must be at most %1 (got %2)"_qs.arg(cap).arg(*v));
        return m_lenient ? v : std::nullopt;
    }
    return v;
}

std::optional<QString> PlanParser::name(const QJsonObject& o, const QString& path, const QString& key,
    const QRegularExpression& re, const QString& rule)
{
    auto value = m_r.string(o, path, key);
    if (!value)
        return std::nullopt;
    if (!re.match(*value).hasMatch()) {
        m_r.problem(JsonReader::join(path, key),
            u"%1 is not a valid name: use %2 characters"_qs.arg(quoted(*value), rule));
        return m_lenient ? value : std::nullopt;
    }
    return value;
}

/// "sweep": {"vus": [1, 10, 50]} on a scenario: keys among vus, rate and iterations that its
/// executor reads, each with 1 to 64 distinct values in that key's range.
void PlanParser::parseLoadSweep(const QJsonObject& o, const QString& path, Scenario& s)
{
    const auto sweep = m_r.object(o, path, u"sweep"_qs, Need::Optional);
    if (!sweep)
        return;
    const QString spath = JsonReader::join(path, u"sweep"_qs);
    const QStringList used = traitsOf(s.executor).params;
    QStringList axes;
    for (const QString& key : sweepableLoadKeys())
        if (used.contains(key))
            axes << key;
    if (sweep->isEmpty())
        m_r.problem(spath, u"must name at least one of "_qs + axes.join(u", "_qs) + u" to sweep"_qs);
    qsizetype cells = 1;
    for (auto it = sweep->begin(); it != sweep->end(); ++it) {
        const QString kpath = JsonReader::join(spath, it.key());
        if (!axes.contains(it.key())) {
            m_r.problem(kpath,
                u"cannot be swept in a %1 scenario; it sweeps %2"_qs.arg(
                    toString(s.executor), axes.isEmpty() ? u"nothing"_qs : axes.join(u" or "_qs)));
            continue;
        }
        if (!it.value().isArray() || it.value().toArray().isEmpty()
            || it.value().toArray().size() > MaxSweepValues) {
            m_r.problem(kpath, u"must be an array of 1 to %1 numbers"_qs.arg(MaxSweepValues));
            continue;
        }
        const bool rate = it.key() == u"rate";
        const double cap = rate ? 1e6 : it.key() == u"vus" ? double(MaxVus) : double(MaxIterations);
        QList<double> values;
        const QJsonArray a = it.value().toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString vpath = JsonReader::index(kpath, i);
            std::optional<double> v;
            if (rate)
                v = m_r.numberValue(a.at(i), vpath, 0, cap);
            else if (const auto n = m_r.integerValue(a.at(i), vpath, 1, qint64(cap)))
                v = double(*n);
            if (!v)
                continue;
            if (rate && *v <= 0)
                m_r.problem(vpath, u"must be a number > 0 (iterations per second)"_qs);
            else if (values.contains(*v))
                m_r.problem(vpath, u"repeats the value "_qs + JsonReader::numberText(*v));
            else
                values << *v;
        }
        cells *= std::max<qsizetype>(values.size(), 1);
        s.sweep.insert(it.key(), values);
        if (!o.contains(it.key()) && !values.isEmpty()) { // the base value: the sweep's first
            if (it.key() == u"vus")
                s.vus = int(values.first());
            else if (rate)
                s.rate = values.first();
            else
                s.iterations = qint64(values.first());
        }
    }
    if (cells > MaxCells)
        m_r.problem(spath, u"makes %1 combinations; at most %2 are allowed"_qs.arg(cells).arg(MaxCells));
}

/// The ids expandSweeps() gives must not meet each other or a scenario of the plan.
void PlanParser::checkCellIds(const Plan& plan)
{
    QHash<QString, qsizetype> ids;
    for (qsizetype i = 0; i < plan.scenarios.size(); ++i)
        if (plan.scenarios.at(i).sweep.isEmpty())
            ids.insert(plan.scenarios.at(i).id, i);
    static const QRegularExpression Id(u"^[a-z0-9][a-z0-9_-]{0,127}$"_qs);
    for (qsizetype i = 0; i < plan.scenarios.size(); ++i) {
        const Scenario& s = plan.scenarios.at(i);
        if (s.sweep.isEmpty())
            continue;
        Plan one;
        one.scenarios = { s };
        for (const Scenario& cell : expandSweeps(one).scenarios) {
            const QString path = JsonReader::join(JsonReader::index(u"scenarios"_qs, i), u"sweep"_qs);
            if (!Id.match(cell.id).hasMatch())
                m_r.problem(path,
                    u"gives the scenario id %1; an id has at most 128 lower-case letters, digits, '-' and "
                    "'_'"_qs.arg(quoted(cell.id)));
            else if (ids.contains(cell.id))
                m_r.problem(path,
                    u"gives the scenario id %1, which scenarios[%2] already has"_qs.arg(quoted(cell.id))
                        .arg(ids.value(cell.id)));
            else
                ids.insert(cell.id, i);
        }
    }
}

void PlanParser::checkLoadSpecs(const Plan& plan)
{
    // A safety net: the checks above should already cover everything the engine refuses. A swept
    // scenario is checked in each of its cells.
    const QUrl probe(u"http://127.0.0.1:1"_qs);
    for (qsizetype i = 0; i < plan.scenarios.size(); ++i) {
        Plan one;
        one.scenarios = { plan.scenarios.at(i) };
        QStringList seen;
        for (const Scenario& cell : expandSweeps(one).scenarios) {
            QStringList problems = toLoadSpec(cell, plan.procedure, probe).validate();
            if (cell.executor == ExecutorKind::SharedIterations && cell.iterations < cell.vus)
                problems << u"iterations must be at least vus (%1): shared-iterations gives each VU at least "
                            "one, as k6 does"_qs.arg(cell.vus);
            for (const auto& problem : problems) {
                const QString text
                    = cell.point.isEmpty() ? problem : u"at "_qs + cell.title + u": "_qs + problem;
                if (!seen.contains(text))
                    m_r.problem(JsonReader::index(u"scenarios"_qs, i), text);
                seen << text;
            }
        }
    }
    for (const auto& step : warmupSteps(plan.procedure, probe))
        for (const auto& problem : step.spec.validate())
            m_r.problem(u"procedure.warmup"_qs, problem);
}
} // namespace

PlanParseResult parsePlan(const QJsonObject& json, const QString& fileName)
{
    JsonReader reader(fileName);
    auto plan = PlanParser(reader).parse(json); // a draft's plan comes with its problems
    return { std::move(plan), reader.problems() };
}

PlanParseResult parsePlan(const QByteArray& json, const QString& fileName)
{
    JsonReader reader(fileName);
    const auto root = reader.parseObject(json);
    if (!root)
        return { std::nullopt, reader.problems() };
    return parsePlan(*root, fileName);
}

JsonProblems validatePlan(const Plan& plan)
{
    // Bodies are the one thing toJson() cannot carry faithfully when they are not JSON.
    JsonProblems problems;
    for (qsizetype i = 0; i < plan.scenarios.size(); ++i) {
        const auto& body = plan.scenarios.at(i).request.body;
        if (body.isEmpty())
            continue;
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson('[' + body + ']', &error);
        if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
            problems.append({ {}, JsonReader::index(u"scenarios"_qs, i) + u".request.body"_qs,
                u"is not a single valid JSON value"_qs });
    }
    return problems + parsePlan(plan.toJson()).problems;
}
