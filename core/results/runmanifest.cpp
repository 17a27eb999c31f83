#include "runmanifest.h"

#include "plan/jsonreader.h"

#include <QJsonArray>
#include <algorithm>

namespace {
QString isoTime(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

std::optional<QDateTime> readTime(
    JsonReader& r, const QJsonObject& o, const QString& path, const QString& key, JsonReader::Need need)
{
    const auto text = r.string(o, path, key, need);
    if (!text)
        return std::nullopt;
    if (text->isEmpty() && need == JsonReader::Optional)
        return QDateTime();
    auto t = QDateTime::fromString(*text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        r.problem(
            JsonReader::join(path, key), u"must be an ISO 8601 date and time (got \"%1\")"_qs.arg(*text));
        return std::nullopt;
    }
    return t;
}
/// Each order must name every stack of the plan once: anything else would run a stack twice or never.
void readStackOrders(JsonReader& r, const QJsonObject& o, RunManifest& m)
{
    const auto orders = r.array(o, {}, u"stack_orders"_qs, JsonReader::Need::Optional);
    if (!orders)
        return;
    QStringList planIds;
    for (const PlanStack& s : m.expandedPlan().stacks)
        planIds << s.id();
    std::sort(planIds.begin(), planIds.end());
    for (qsizetype i = 0; i < orders->size(); ++i) {
        const QString path = JsonReader::index(u"stack_orders"_qs, i);
        QStringList order;
        for (const auto& v : orders->at(i).toArray())
            order << v.toString();
        QStringList sorted = order;
        std::sort(sorted.begin(), sorted.end());
        if (!orders->at(i).isArray() || sorted != planIds) {
            r.problem(path, u"must list each stack of the plan exactly once"_qs);
            return;
        }
        m.stackOrders << order;
    }
}
} // namespace

const QStringList& RunManifest::knownTransports()
{
    static const QStringList known { u"socket"_qs, u"qnam"_qs, u"k6"_qs };
    return known;
}

QJsonObject RunManifest::toJson() const
{
    QJsonObject cmds;
    for (auto it = commands.cbegin(); it != commands.cend(); ++it) {
        QJsonArray list;
        for (const auto& argv : it.value())
            list.append(QJsonArray::fromStringList(argv));
        cmds.insert(it.key(), list);
    }
    QJsonArray resumed;
    for (const auto& t : resumedAt)
        resumed.append(isoTime(t));
    QJsonObject o { { u"format"_qs, u"stackbench-results"_qs }, { u"version"_qs, FormatVersion },
        { u"plan"_qs, plan.toJson() }, { u"environment"_qs, environment.toJson() },
        { u"transport"_qs, transport }, { u"started_at"_qs, isoTime(startedAt) },
        { u"finished_at"_qs, isoTime(finishedAt) }, { u"resumed_at"_qs, resumed }, { u"commands"_qs, cmds } };
    if (preflight)
        o.insert(u"preflight"_qs, preflight->toJson());
    QJsonArray orders;
    for (const QStringList& order : stackOrders)
        orders.append(QJsonArray::fromStringList(order));
    if (!stackOrders.isEmpty())
        o.insert(u"stack_orders"_qs, orders);
    if (convergence)
        o.insert(u"convergence"_qs,
            QJsonObject { { u"repetitions"_qs, convergence->repetitions },
                { u"unconverged"_qs, QJsonArray::fromStringList(convergence->unconverged) } });
    if (shard)
        o.insert(u"shard"_qs, QJsonObject { { u"k"_qs, shard->k }, { u"n"_qs, shard->n } });
    if (!mergedFrom.isEmpty())
        o.insert(u"merged_from"_qs, QJsonArray::fromStringList(mergedFrom));
    return o;
}

std::optional<RunManifest> RunManifest::fromJson(JsonReader& r, const QJsonObject& o)
{
    using Need = JsonReader::Need;
    const auto before = r.problemCount();
    const auto format = r.string(o, {}, u"format"_qs);
    if (format && *format != u"stackbench-results") {
        r.problem(u"format"_qs,
            u"expected \"stackbench-results\", got \"%1\"; this is not a results manifest"_qs.arg(*format));
        return std::nullopt;
    }
    const auto version = r.integer(o, {}, u"version"_qs, Need::Required, 1);
    if (version && *version > FormatVersion) {
        r.problem(u"version"_qs,
            u"version %1 is newer than this Stackbench understands (%2)"_qs.arg(*version).arg(FormatVersion));
        return std::nullopt;
    }
    r.checkKeys(o, {},
        { u"format"_qs, u"version"_qs, u"plan"_qs, u"environment"_qs, u"transport"_qs, u"started_at"_qs,
            u"finished_at"_qs, u"resumed_at"_qs, u"commands"_qs, u"preflight"_qs, u"stack_orders"_qs,
            u"convergence"_qs, u"shard"_qs, u"merged_from"_qs });
    RunManifest m;
    if (const auto s = r.object(o, {}, u"shard"_qs, Need::Optional)) {
        const auto n = r.integer(*s, u"shard"_qs, u"n"_qs, Need::Required, 1, Shard::MaxShards);
        const auto k = r.integer(*s, u"shard"_qs, u"k"_qs, Need::Required, 1, n.value_or(1));
        if (n && k)
            m.shard = Shard { int(*k), int(*n) };
    }
    if (const auto from = r.array(o, {}, u"merged_from"_qs, Need::Optional))
        for (qsizetype i = 0; i < from->size(); ++i)
            if (const auto s = r.stringValue(from->at(i), JsonReader::index(u"merged_from"_qs, i)))
                m.mergedFrom << *s;
    if (const auto planJson = r.object(o, {}, u"plan"_qs)) {
        // The plan's own problems keep their paths, prefixed with "plan.".
        const auto parsed = parsePlan(*planJson, r.file());
        for (const auto& p : parsed.problems)
            r.problem(JsonReader::join(u"plan"_qs, p.path), p.reason);
        if (parsed.plan)
            m.plan = *parsed.plan;
    }
    if (const auto env = r.object(o, {}, u"environment"_qs))
        m.environment = Environment::fromJson(r, *env, u"environment"_qs).value_or(Environment());
    if (const auto pre = r.object(o, {}, u"preflight"_qs, Need::Optional))
        m.preflight = Preflight::fromJson(r, *pre, u"preflight"_qs);
    if (const auto t = r.string(o, {}, u"transport"_qs)) {
        m.transport = *t;
        if (!knownTransports().contains(*t))
            r.problem(u"transport"_qs,
                u"unknown transport \"%1\"; expected one of: %2"_qs.arg(
                    *t, knownTransports().join(u", "_qs)));
    }
    m.startedAt = readTime(r, o, {}, u"started_at"_qs, Need::Required).value_or(QDateTime());
    m.finishedAt = readTime(r, o, {}, u"finished_at"_qs, Need::Optional).value_or(QDateTime());
    if (const auto resumed = r.array(o, {}, u"resumed_at"_qs, Need::Optional)) {
        for (qsizetype i = 0; i < resumed->size(); ++i) {
            const auto p = JsonReader::index(u"resumed_at"_qs, i);
            if (const auto s = r.stringValue(resumed->at(i), p)) {
                const auto t = QDateTime::fromString(*s, Qt::ISODateWithMs);
                if (t.isValid())
                    m.resumedAt.append(t);
                else
                    r.problem(p, u"must be an ISO 8601 date and time"_qs);
            }
        }
    }
    if (const auto cmds = r.object(o, {}, u"commands"_qs, Need::Optional)) {
        for (auto it = cmds->begin(); it != cmds->end(); ++it) {
            const auto p = JsonReader::join(u"commands"_qs, it.key());
            if (!it.value().isArray()) {
                r.problem(p, u"must be an array of argument lists"_qs);
                continue;
            }
            const auto list = it.value().toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                const auto argvPath = JsonReader::index(p, i);
                const auto argv = list.at(i).toArray();
                QStringList args;
                bool ok = list.at(i).isArray() && !argv.isEmpty();
                for (const auto& a : argv) {
                    ok = ok && a.isString();
                    args << a.toString();
                }
                if (ok)
                    m.commands[it.key()].append(args);
                else
                    r.problem(argvPath, u"must be a non-empty array of strings (an argument list)"_qs);
            }
        }
    }
    readStackOrders(r, o, m);
    if (const auto c = r.object(o, {}, u"convergence"_qs, Need::Optional)) {
        RunManifest::Convergence conv;
        conv.repetitions
            = int(r.integer(*c, u"convergence"_qs, u"repetitions"_qs, Need::Required, 0).value_or(0));
        if (const auto list = r.array(*c, u"convergence"_qs, u"unconverged"_qs))
            for (qsizetype i = 0; i < list->size(); ++i)
                if (const auto line
                    = r.stringValue(list->at(i), JsonReader::index(u"convergence.unconverged"_qs, i)))
                    conv.unconverged << *line;
        m.convergence = conv;
    }
    return r.problemCount() == before ? std::optional(m) : std::nullopt;
}

bool RunManifest::holds(int repetition, const QString& stack) const
{
    if (!shard)
        return true;
    const Plan cells = expandedPlan();
    return shard->holds(repetition, cells.stackIndex(stack), cells.stacks.size());
}

QStringList RunManifest::stackOrder(int repetition) const
{
    if (repetition >= 1 && repetition <= stackOrders.size())
        return stackOrders.at(repetition - 1);
    QStringList ids;
    for (const PlanStack& s : expandedPlan().stacks)
        ids << s.id();
    return ids;
}
