// Plan validation: every kind of problem is reported with its JSON path and a plain reason, all of
// them at once, and no input crashes the parser.
#include "plan/plan.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <functional>
#include <gtest/gtest.h>
#include <random>

namespace {

const QByteArray kValid = R"({
  "format": "stackbench-plan", "version": 1, "name": "tiny",
  "stacks": [{"stack": "flask-sqlite3"}],
  "scenarios": [
    {"id": "hello", "figure": 1, "metric": "rps", "executor": "constant-vus", "vus": 5, "duration": "1s",
     "request": {"method": "GET", "path": "/hello"}},
    {"id": "get-one", "figure": 4, "metric": "mean_ms", "executor": "shared-iterations", "vus": 2,
     "iterations": 10, "request": {"method": "GET", "path": "/items/{id}", "ids": {"range": [1, 10]}}}
  ],
  "procedure": {"settle_s": 0, "seed_count": 10, "idle_s": 0, "gap_s": 0, "repetitions": 1,
                "transport": "socket", "timeout_s": 5,
                "warmup": {"vus": 2, "duration": "1s", "then_items_requests": 3}}
})";

QJsonObject valid()
{
    return QJsonDocument::fromJson(kValid).object();
}

/// Problems of a document, as "path: reason" lines.
QStringList problemsOf(const QByteArray& json)
{
    const auto r = parsePlan(json);
    EXPECT_EQ(r.ok(), r.problems.isEmpty());
    QStringList lines;
    for (const auto& p : r.problems)
        lines << p.toString();
    return lines;
}

QStringList problemsOf(const QJsonObject& o)
{
    return problemsOf(QJsonDocument(o).toJson());
}

/// Sets a value at a dotted path with [i] indices, e.g. "scenarios[1].request.ids"; an undefined
/// value removes the key.
void setIn(QJsonObject& o, const QString& path, const QJsonValue& value)
{
    QStringList keys;
    for (const auto& part : path.split(u'.')) {
        const auto open = part.indexOf(u'[');
        if (open < 0) {
            keys << part;
        } else {
            keys << part.left(open) << part.mid(open); // "[1]"
        }
    }
    // Rebuild from the root down; QJson containers are values, so recurse by copy.
    std::function<QJsonValue(QJsonValue, qsizetype)> apply = [&](QJsonValue node, qsizetype i) -> QJsonValue {
        if (i == keys.size())
            return value;
        const auto& k = keys[i];
        if (k.startsWith(u'[')) {
            auto a = node.toArray();
            const auto idx = k.mid(1, k.size() - 2).toInt();
            a[idx] = apply(a.at(idx), i + 1);
            return a;
        }
        auto obj = node.toObject();
        if (i + 1 == keys.size() && value.isUndefined())
            obj.remove(k);
        else
            obj[k] = apply(obj.value(k), i + 1);
        return obj;
    };
    o = apply(o, 0).toObject();
}

QStringList with(const QString& path, const QJsonValue& value)
{
    auto o = valid();
    setIn(o, path, value);
    return problemsOf(o);
}

QStringList without(const QString& path)
{
    return with(path, QJsonValue(QJsonValue::Undefined));
}

#define EXPECT_PROBLEM(problems, line)                                                                       \
    EXPECT_TRUE((problems).contains(line)) << "expected: " << QString(line).toStdString() << "\n got:\n"     \
                                           << (problems).join(u'\n').toStdString()

} // namespace

TEST(PlanValidation, TheFixtureIsValid)
{
    EXPECT_TRUE(problemsOf(kValid).isEmpty()) << problemsOf(kValid).join(u'\n').toStdString();
}

TEST(PlanValidation, UnknownExecutorNamesTheChoices)
{
    const auto p = with(u"scenarios[1].executor"_qs, u"constant-vu"_qs);
    ASSERT_EQ(p.size(), 1) << p.join(u'\n').toStdString();
    EXPECT_EQ(p[0],
        u"scenarios[1].executor: unknown executor \"constant-vu\"; expected one of constant-vus, "
        "shared-iterations, per-vu-iterations, constant-arrival-rate"_qs);
}

TEST(PlanValidation, NumbersOutOfRange)
{
    EXPECT_PROBLEM(
        with(u"procedure.repetitions"_qs, 0), u"procedure.repetitions: must be an integer ≥ 1 (got 0)"_qs);
    EXPECT_PROBLEM(with(u"procedure.repetitions"_qs, 2.5),
        u"procedure.repetitions: must be an integer ≥ 1 (got 2.5)"_qs);
    EXPECT_PROBLEM(with(u"procedure.repetitions"_qs, 5000),
        u"procedure.repetitions: must be at most 1000 (got 5000)"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].vus"_qs, -3), u"scenarios[0].vus: must be an integer ≥ 1 (got -3)"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].figure"_qs, 8),
        u"scenarios[0].figure: must be an integer from 1 to 7 (got 8)"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].expected_status"_qs, 42),
        u"scenarios[0].expected_status: must be an integer from 100 to 599 (got 42)"_qs);
    EXPECT_PROBLEM(with(u"procedure.settle_s"_qs, -1),
        u"procedure.settle_s: must be a number from 0 to 3600 (got -1)"_qs);
    EXPECT_PROBLEM(
        with(u"procedure.timeout_s"_qs, 0), u"procedure.timeout_s: must be at least 0.001 (1 ms)"_qs);
    EXPECT_PROBLEM(with(u"scenarios[1].iterations"_qs, 1),
        u"scenarios[1].iterations: must be at least vus (2): shared-iterations gives each VU at least "
        "one, as k6 does"_qs);
}

TEST(PlanValidation, WrongTypes)
{
    EXPECT_PROBLEM(with(u"procedure.repetitions"_qs, u"five"_qs),
        u"procedure.repetitions: must be an integer ≥ 1, not a string"_qs);
    EXPECT_PROBLEM(
        with(u"scenarios[0].vus"_qs, u"10"_qs), u"scenarios[0].vus: must be an integer ≥ 1, not a string"_qs);
    EXPECT_PROBLEM(with(u"stacks"_qs, QJsonObject {}), u"stacks: must be an array, not an object"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0]"_qs, 3), u"scenarios[0]: must be an object, not a number"_qs);
    EXPECT_PROBLEM(
        with(u"procedure.verify"_qs, u"yes"_qs), u"procedure.verify: must be true or false, not a string"_qs);
    EXPECT_PROBLEM(with(u"name"_qs, QJsonValue::Null), u"name: must be a string, not null"_qs);
    EXPECT_PROBLEM(
        with(u"scenarios[0].duration"_qs, 10), u"scenarios[0].duration: must be a string, not a number"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].request.headers"_qs, QJsonArray {}),
        u"scenarios[0].request.headers: must be an object, not an array"_qs);
    EXPECT_PROBLEM(with(u"scenarios[1].request.ids.range"_qs, QJsonArray { 1, u"ten"_qs }),
        u"scenarios[1].request.ids.range[1]: must be an integer from 0 to 9007199254740991, not a string"_qs);
}

TEST(PlanValidation, MissingRequiredFields)
{
    EXPECT_PROBLEM(without(u"scenarios[0].request.path"_qs),
        u"scenarios[0].request.path: is required but missing (a string)"_qs);
    EXPECT_PROBLEM(without(u"procedure.repetitions"_qs),
        u"procedure.repetitions: is required but missing (an integer ≥ 1)"_qs);
    EXPECT_PROBLEM(without(u"scenarios[1].iterations"_qs),
        u"scenarios[1].iterations: is required but missing (an integer ≥ 1)"_qs);
    EXPECT_PROBLEM(
        without(u"scenarios[0].metric"_qs), u"scenarios[0].metric: is required but missing (a string)"_qs);
    EXPECT_PROBLEM(without(u"procedure"_qs), u"procedure: is required but missing (an object)"_qs);
    EXPECT_PROBLEM(with(u"scenarios"_qs, QJsonArray {}), u"scenarios: must list at least one scenario"_qs);
}

TEST(PlanValidation, EveryProblemIsReportedAtOnce)
{
    auto o = valid();
    setIn(o, u"scenarios[0].executor"_qs, u"constant-vu"_qs);
    setIn(o, u"scenarios[1].metric"_qs, u"p99"_qs);
    setIn(o, u"procedure.transport"_qs, u"curl"_qs);
    setIn(o, u"procedure.repetitions"_qs, 0);
    setIn(o, u"stacks[0].stack"_qs, u"../etc"_qs);
    const auto p = problemsOf(o);
    EXPECT_EQ(p.size(), 5) << p.join(u'\n').toStdString();
    EXPECT_PROBLEM(
        p, u"scenarios[1].metric: unknown metric \"p99\"; expected one of \"rps\", \"mean_ms\""_qs);
    EXPECT_PROBLEM(
        p, u"procedure.transport: unknown transport \"curl\"; expected one of \"socket\", \"qnam\""_qs);
    EXPECT_TRUE(p.join(u'\n').contains(u"stacks[0].stack: \"../etc\" is not a valid name"_qs));
}

TEST(PlanValidation, MalformedJsonGivesLineAndColumn)
{
    const QByteArray bad = "{\n  \"format\": \"stackbench-plan\",\n  \"version\": 1,,\n}";
    const auto r = parsePlan(bad, u"bad.json"_qs);
    ASSERT_EQ(r.problems.size(), 1);
    EXPECT_EQ(r.problems[0].file, u"bad.json"_qs);
    EXPECT_TRUE(r.problems[0].reason.startsWith(u"malformed JSON at line 3, column"_qs))
        << qPrintable(r.problems[0].reason);
    EXPECT_TRUE(r.problems[0].toString().startsWith(u"bad.json: malformed JSON"_qs));
}

TEST(PlanValidation, TruncatedJson)
{
    QFile f(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/paper.json"));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const auto full = f.readAll();
    const auto r = parsePlan(full.left(full.size() / 2));
    ASSERT_EQ(r.problems.size(), 1);
    EXPECT_TRUE(r.problems[0].reason.startsWith(u"truncated or malformed JSON at line"_qs))
        << qPrintable(r.problems[0].reason);
}

TEST(PlanValidation, EmptyAndNonObjectDocuments)
{
    EXPECT_EQ(problemsOf(""), QStringList { u"the file is empty"_qs });
    EXPECT_EQ(problemsOf("  \n"), QStringList { u"the file is empty"_qs });
    EXPECT_EQ(problemsOf("[1, 2]"), QStringList { u"the top level must be a JSON object, not an array"_qs });
    EXPECT_EQ(problemsOf("42").size(), 1);
    EXPECT_EQ(problemsOf("{}").size(), 6); // format, version, name, stacks, scenarios, procedure
}

TEST(PlanValidation, FutureVersionIsRejectedAlone)
{
    auto o = valid();
    o[u"version"_qs] = 2;
    o[u"stacks"_qs] = 7; // not looked at: a future version may mean anything
    EXPECT_EQ(problemsOf(o),
        QStringList { u"version: version 2 is newer than this Stackbench understands (1)"_qs });
    o[u"version"_qs] = 0;
    EXPECT_PROBLEM(problemsOf(o), u"version: must be an integer ≥ 1 (got 0)"_qs);
}

TEST(PlanValidation, OtherFormatsAreRejected)
{
    auto o = valid();
    o[u"format"_qs] = u"stackbench-results"_qs;
    EXPECT_EQ(problemsOf(o),
        QStringList { u"format: expected \"stackbench-plan\", got \"stackbench-results\"; this is not "
                      "a Stackbench plan"_qs });
}

TEST(PlanValidation, StacksNeverCarryCommands)
{
    for (const auto* key : { u"command", u"cmd", u"shell", u"args" }) {
        auto o = valid();
        o[u"stacks"_qs] = QJsonArray { QJsonObject {
            { u"stack"_qs, u"flask-sqlite3"_qs }, { QString::fromUtf16(key), u"rm -rf /"_qs } } };
        const auto p = problemsOf(o);
        ASSERT_EQ(p.size(), 1) << p.join(u'\n').toStdString();
        EXPECT_TRUE(p[0].startsWith(
            u"stacks[0]."_qs + QString::fromUtf16(key) + u": a plan never carries commands"_qs))
            << p[0].toStdString();
    }
    auto o = valid();
    o[u"stacks"_qs] = QJsonArray { QJsonObject { { u"name"_qs, u"x"_qs },
        { u"url"_qs, u"http://127.0.0.1:9"_qs }, { u"command"_qs, QJsonArray { u"gunicorn"_qs } } } };
    EXPECT_TRUE(problemsOf(o).join(u'\n').contains(u"stacks[0].command: a plan never carries commands"_qs));
}

TEST(PlanValidation, StackEntries)
{
    auto stacks = [](QJsonArray a) {
        auto o = valid();
        o[u"stacks"_qs] = a;
        return problemsOf(o);
    };
    EXPECT_PROBLEM(
        stacks({ QJsonObject { { u"stack"_qs, u"a"_qs } }, QJsonObject { { u"stack"_qs, u"a"_qs } } }),
        u"stacks[1].stack: duplicate stack \"a\" (already stacks[0])"_qs);
    EXPECT_PROBLEM(stacks({ QJsonObject { { u"label"_qs, u"x"_qs } } }),
        u"stacks[0]: needs \"stack\" (a name from the stack manifest) or \"name\" and \"url\" (an external "
        "target)"_qs);
    EXPECT_PROBLEM(stacks({ QJsonObject { { u"name"_qs, u"x"_qs }, { u"url"_qs, u"ftp://h/"_qs } } }),
        u"stacks[0].url: must use http or https, not \"ftp\" (got \"ftp://h/\")"_qs);
    EXPECT_PROBLEM(stacks({ QJsonObject { { u"name"_qs, u"x"_qs }, { u"url"_qs, u"not a url"_qs } } }),
        u"stacks[0].url: must be an absolute URL such as http://127.0.0.1:8000 (got \"not a url\")"_qs);
    EXPECT_PROBLEM(stacks({ QJsonObject { { u"name"_qs, u"x"_qs }, { u"url"_qs, u"http://h:1/?a=b"_qs } } }),
        u"stacks[0].url: must not have a query or a fragment; put them in the scenarios' paths (got "
        "\"http://h:1/?a=b\")"_qs);
    EXPECT_PROBLEM(stacks({ QJsonObject { { u"name"_qs, u"x"_qs } } }),
        u"stacks[0].url: is required but missing (a string)"_qs);
    EXPECT_TRUE(stacks({ QJsonObject { { u"stack"_qs, u"a"_qs }, { u"url"_qs, u"http://h"_qs } } })
                    .join(u'\n')
                    .contains(u"stacks[0]: give either \"stack\""_qs));
    EXPECT_PROBLEM(stacks({}), u"stacks: must list at least one stack"_qs);
}

TEST(PlanValidation, UnknownKeysAreTypos)
{
    EXPECT_PROBLEM(with(u"scenarios[1].iteration"_qs, 10),
        u"scenarios[1].iteration: unknown key; expected one of: id, title, description, figure, metric, "
        "executor, request, expected_status, sweep, vus, duration, iterations, maxDuration, rate, "
        "preAllocatedVUs, maxVUs"_qs);
    EXPECT_TRUE(with(u"_comment"_qs, u"keys starting with _ are comments"_qs).isEmpty());
    EXPECT_TRUE(with(u"scenarios[0]._note"_qs, 1).isEmpty());
}

TEST(PlanValidation, ParametersAnExecutorDoesNotUse)
{
    EXPECT_PROBLEM(
        with(u"scenarios[0].iterations"_qs, 10), u"scenarios[0].iterations: not used by constant-vus"_qs);
    EXPECT_PROBLEM(with(u"scenarios[1].duration"_qs, u"1s"_qs),
        u"scenarios[1].duration: not used by shared-iterations"_qs);
    auto p = with(u"scenarios[0].executor"_qs, u"constant-arrival-rate"_qs);
    EXPECT_PROBLEM(p, u"scenarios[0].vus: not used by constant-arrival-rate"_qs);
    EXPECT_PROBLEM(p, u"scenarios[0].rate: is required but missing (a number from 0 to 1000000)"_qs);
    EXPECT_PROBLEM(p, u"scenarios[0].preAllocatedVUs: is required but missing (an integer ≥ 1)"_qs);
}

TEST(PlanValidation, Durations)
{
    EXPECT_PROBLEM(with(u"scenarios[0].duration"_qs, u"10 s"_qs),
        u"scenarios[0].duration: must be a duration such as \"10s\", \"500ms\" or \"1m\" (got \"10 s\")"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].duration"_qs, u"0s"_qs),
        u"scenarios[0].duration: must be more than 0 and at most 24h (got \"0s\")"_qs);
    EXPECT_PROBLEM(with(u"procedure.warmup.duration"_qs, u"forever"_qs),
        u"procedure.warmup.duration: must be a duration such as \"10s\", \"500ms\" or \"1m\" (got "
        "\"forever\")"_qs);
}

TEST(PlanValidation, RequestPathsHeadersAndMethods)
{
    EXPECT_PROBLEM(with(u"scenarios[0].request.path"_qs, u"hello"_qs),
        u"scenarios[0].request.path: must start with a single '/', as in \"/items/{id}\""_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].request.path"_qs, u"//evil.example/x"_qs),
        u"scenarios[0].request.path: must start with a single '/', as in \"/items/{id}\""_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].request.path"_qs, u"/a b"_qs),
        u"scenarios[0].request.path: must not contain spaces, control characters or '#'"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].request.path"_qs, u"/items/{item}"_qs),
        u"scenarios[0].request.path: unknown placeholder {item}; expected {id}, {seq} or {vu}"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].request.method"_qs, u"FETCH"_qs),
        u"scenarios[0].request.method: unknown method \"FETCH\"; expected one of GET, POST, PUT, PATCH, "
        "DELETE, HEAD, OPTIONS"_qs);
    EXPECT_PROBLEM(
        with(u"scenarios[0].request.headers"_qs, QJsonObject { { u"X-A"_qs, u"1\r\nX-Evil: 2"_qs } }),
        u"scenarios[0].request.headers.X-A: must not contain line breaks or NUL characters"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].request.headers"_qs, QJsonObject { { u"Host"_qs, u"elsewhere"_qs } }),
        u"scenarios[0].request.headers.Host: is set by Stackbench itself and cannot be given in a plan"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].request.headers"_qs, QJsonObject { { u"Bad Name"_qs, u"x"_qs } }),
        u"scenarios[0].request.headers.Bad Name: is not a valid header name"_qs);
    EXPECT_PROBLEM(with(u"procedure.warmup.path"_qs, u"/items/{id}"_qs),
        u"procedure.warmup.path: must not contain placeholders"_qs);
}

TEST(PlanValidation, Ids)
{
    EXPECT_PROBLEM(without(u"scenarios[1].request.ids"_qs),
        u"scenarios[1].request.ids: is required because the request uses {id}: give {\"range\": [a, b]}, "
        "{\"pool\": [...]} or {\"consume\": {\"range\": [a, b]}}"_qs);
    EXPECT_PROBLEM(
        with(u"scenarios[1].request.ids"_qs, QJsonObject { { u"range"_qs, QJsonArray { 10, 1 } } }),
        u"scenarios[1].request.ids.range: is empty: the last id (1) is below the first (10)"_qs);
    EXPECT_PROBLEM(with(u"scenarios[1].request.ids"_qs, QJsonObject { { u"range"_qs, QJsonArray { 1 } } }),
        u"scenarios[1].request.ids.range: must be two integers [first, last]"_qs);
    EXPECT_PROBLEM(with(u"scenarios[1].request.ids"_qs, QJsonObject { { u"pool"_qs, QJsonArray {} } }),
        u"scenarios[1].request.ids.pool: must hold 1 to 1000000 ids"_qs);
    EXPECT_PROBLEM(
        with(u"scenarios[1].request.ids"_qs,
            QJsonObject { { u"range"_qs, QJsonArray { 1, 2 } }, { u"pool"_qs, QJsonArray { 1 } } }),
        u"scenarios[1].request.ids: must have exactly one of \"range\", \"pool\" or \"consume\": {\"range\": "
        u"[a, b]}, "
        "{\"pool\": [...]} or {\"consume\": {\"range\": [a, b]}}"_qs);
    EXPECT_PROBLEM(
        with(u"scenarios[1].request.ids"_qs,
            QJsonObject { { u"consume"_qs, QJsonObject { { u"range"_qs, QJsonArray { 1, 5 } } } } }),
        u"scenarios[1].request.ids: each request consumes one id, but there are 5 ids for 10 requests"_qs);
    EXPECT_TRUE(with(u"scenarios[1].request.ids"_qs,
        QJsonObject { { u"consume"_qs, QJsonObject { { u"range"_qs, QJsonArray { 1, 10 } } } } })
                    .isEmpty());
}

TEST(PlanValidation, DuplicateScenarioIdsAndFigures)
{
    auto o = valid();
    setIn(o, u"scenarios[1].id"_qs, u"hello"_qs);
    setIn(o, u"scenarios[1].figure"_qs, 1);
    const auto p = problemsOf(o);
    EXPECT_PROBLEM(p, u"scenarios[1].id: duplicate scenario id \"hello\" (already scenarios[0])"_qs);
    EXPECT_PROBLEM(p, u"scenarios[1].figure: figure 1 is already reported by scenarios[0]"_qs);
    EXPECT_PROBLEM(with(u"scenarios[0].id"_qs, u"Hello World"_qs),
        u"scenarios[0].id: \"Hello World\" is not a valid name: use lower-case letters, digits, '_' and "
        "'-', starting with a letter or digit, at most 64 characters"_qs);
}

TEST(PlanValidation, NothingCrashesOnDamagedInput)
{
    QFile f(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/paper.json"));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const auto full = f.readAll();
    // Every truncation is rejected with a problem (never a plan, never a crash).
    for (qsizetype n = 0; n < full.size() - 2; n += 7)
        EXPECT_FALSE(parsePlan(full.left(n)).ok()) << n;
    // Random byte damage: any outcome is fine as long as it is consistent and does not crash.
    std::mt19937 rng(12345);
    const char alphabet[] = "{}[]\",:0123456789-.eE truefalsnul\\/\x01\xff";
    for (int i = 0; i < 2000; ++i) {
        QByteArray damaged = full;
        const int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits; ++e)
            damaged[qsizetype(rng() % quint32(damaged.size()))] = alphabet[rng() % (sizeof(alphabet) - 1)];
        const auto r = parsePlan(damaged);
        EXPECT_EQ(r.ok(), r.problems.isEmpty());
        if (r.ok()) {
            EXPECT_TRUE(validatePlan(*r.plan).isEmpty());
        }
    }
    // Deep nesting and huge numbers.
    EXPECT_FALSE(parsePlan(QByteArray(5000, '[') + QByteArray(5000, ']')).ok());
    EXPECT_PROBLEM(with(u"procedure.seed_count"_qs, 1e300),
        u"procedure.seed_count: must be an integer ≥ 0 (got 1e+300)"_qs);
}
