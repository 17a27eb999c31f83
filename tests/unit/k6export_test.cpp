// export-k6: the k6 script for each of the paper's seven scenarios (executors, numbers, request
// templates), escaping, rates, and, where node is installed, the scripts' syntax and the requests
// their default function really issues (k6's modules replaced by recording stubs).
#include "k6/k6script.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

const QString Base = u"http://127.0.0.1:8000"_qs;

Plan paperPlan()
{
    const auto r = loadPlan(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/paper.json"));
    EXPECT_TRUE(r.ok()) << qPrintable(formatProblems(r.problems));
    return r.plan.value_or(Plan());
}

QString paperScript(int position)
{
    const Plan plan = paperPlan();
    if (position < 1 || position > plan.scenarios.size())
        return {};
    return QString::fromUtf8(k6Script(plan, plan.scenarios.at(position - 1), position, Base).text);
}

#define EXPECT_HAS(text, needle)                                                                             \
    EXPECT_TRUE((text).contains(needle)) << "missing: " << qPrintable(QString(needle)) << "\nin:\n"          \
                                         << qPrintable(text)
#define EXPECT_LACKS(text, needle)                                                                           \
    EXPECT_FALSE((text).contains(needle)) << "unexpected: " << qPrintable(QString(needle))

TEST(K6Export, OneScriptPerPaperScenarioInPlanOrder)
{
    const auto scripts = k6Scripts(paperPlan(), Base);
    QStringList names;
    for (const auto& s : scripts)
        names << s.fileName;
    EXPECT_EQ(names,
        QStringList({ u"01-hello.js"_qs, u"02-echo.js"_qs, u"03-get-all.js"_qs, u"04-get-one.js"_qs,
            u"05-create.js"_qs, u"06-update.js"_qs, u"07-delete.js"_qs }));
    for (const auto& s : scripts) {
        const QString js = QString::fromUtf8(s.text);
        EXPECT_HAS(js, u"import http from 'k6/http';"_qs);
        EXPECT_HAS(js, u"import exec from 'k6/execution';"_qs);
        EXPECT_HAS(js, u"const BASE = (__ENV.BASE_URL || 'http://127.0.0.1:8000').replace(/\\/+$/, '');"_qs);
        EXPECT_HAS(js, u"'p(99)'"_qs);
        EXPECT_HAS(js, u"export default function () {"_qs);
    }
}

TEST(K6Export, HelloIsConstantVus50For10s)
{
    const QString js = paperScript(1);
    EXPECT_HAS(js,
        u"    'hello': {\n      executor: 'constant-vus',\n      vus: 50,\n      duration: '10s',\n    },"_qs);
    EXPECT_HAS(js, u"http.request('GET', BASE + `/hello`, null, PARAMS);"_qs);
    EXPECT_HAS(js, u"http.expectedStatuses(200)"_qs);
    EXPECT_HAS(js, u"--summary-export 01-hello.summary.json 01-hello.js"_qs);
    EXPECT_LACKS(js, u"iterations:"_qs);
    EXPECT_LACKS(js, u"nextId"_qs);
}

TEST(K6Export, EchoPostsItsJsonBodyWith100VusFor15s)
{
    const QString js = paperScript(2);
    EXPECT_HAS(js, u"executor: 'constant-vus',\n      vus: 100,\n      duration: '15s',"_qs);
    EXPECT_HAS(js,
        u"http.request('POST', BASE + `/echo`, `{\"id\":42,\"message\":\"Hello, World!\",\"nested\":{\"active\":true,\"count\":3},"_qs);
    EXPECT_HAS(js, u"headers: {\"Content-Type\":\"application/json\"}"_qs);
}

TEST(K6Export, ItemScenariosShareIterations)
{
    const QString getAll = paperScript(3);
    EXPECT_HAS(getAll, u"executor: 'shared-iterations',\n      vus: 10,\n      iterations: 100,\n"_qs);
    EXPECT_HAS(getAll, u"BASE + `/items/`, null"_qs);
    for (int position : { 4, 5, 6 })
        EXPECT_HAS(paperScript(position),
            u"executor: 'shared-iterations',\n      vus: 10,\n      iterations: 1000,\n"_qs);
    EXPECT_HAS(paperScript(7), u"executor: 'shared-iterations',\n      vus: 1,\n      iterations: 100,\n"_qs);
    EXPECT_LACKS(paperScript(4), u"maxDuration"_qs); // k6's default (10 min) is the engine's too
}

TEST(K6Export, GetOneAndUpdateDrawRandomIdsFromTheRange)
{
    for (int position : { 4, 6 }) {
        const QString js = paperScript(position);
        EXPECT_HAS(js, u"const ID_MIN = 1;\nconst ID_COUNT = 1400;"_qs);
        EXPECT_HAS(js, u"Math.floor(Math.random() * ID_COUNT)"_qs);
        EXPECT_HAS(js, u"const id = nextId();"_qs);
        EXPECT_HAS(js, u"BASE + `/items/${id}`"_qs);
        EXPECT_HAS(js, u"tags: { name: '/items/{id}' }"_qs);
    }
    EXPECT_HAS(paperScript(4), u"http.request('GET'"_qs);
    const QString update = paperScript(6);
    EXPECT_HAS(update,
        u"http.request('PUT', BASE + `/items/${id}`, `{\"description\":\"updated by VU ${vu}\",\"name\":\"updated item ${id}\",\"price\":19.99}`"_qs);
    EXPECT_HAS(update, u"const vu = exec.vu.idInTest;"_qs);
}

TEST(K6Export, CreateUsesSeqAndVuAndExpects201)
{
    const QString js = paperScript(5);
    EXPECT_HAS(js, u"const seq = exec.scenario.iterationInTest;"_qs);
    EXPECT_HAS(js, u"const vu = exec.vu.idInTest;"_qs);
    EXPECT_HAS(js, u"`{\"description\":\"created by VU ${vu}\",\"name\":\"item ${seq}\",\"price\":9.99}`"_qs);
    EXPECT_HAS(js, u"http.expectedStatuses(201)"_qs);
    EXPECT_LACKS(js, u"nextId"_qs);
}

TEST(K6Export, DeleteConsumesIdsInOrder)
{
    const QString js = paperScript(7);
    EXPECT_HAS(js, u"const ID_MIN = 1401;\nconst ID_COUNT = 100;"_qs);
    EXPECT_HAS(js, u"Math.min(exec.scenario.iterationInTest, ID_COUNT - 1)"_qs);
    EXPECT_LACKS(js, u"Math.random"_qs);
    EXPECT_HAS(js, u"http.request('DELETE', BASE + `/items/${id}`, null, PARAMS);"_qs);
    EXPECT_HAS(js, u"http.expectedStatuses(204)"_qs);
}

TEST(K6Export, OtherExecutorsUseK6Names)
{
    Scenario s;
    s.id = u"open"_qs;
    s.executor = ExecutorKind::ConstantArrivalRate;
    s.rate = 2.5;
    s.duration = 90s;
    s.preAllocatedVus = 4;
    EXPECT_EQ(k6ScenarioOptions(s),
        u"      executor: 'constant-arrival-rate',\n      rate: 25,\n      timeUnit: '10s',\n      duration: "
        u"'90s',\n      preAllocatedVUs: 4,\n      maxVUs: 4,\n"_qs);
    s.executor = ExecutorKind::PerVuIterations;
    s.vus = 3;
    s.iterations = 7;
    s.maxDuration = 30s;
    EXPECT_EQ(k6ScenarioOptions(s),
        u"      executor: 'per-vu-iterations',\n      vus: 3,\n      iterations: 7,\n      maxDuration: '30s',\n"_qs);
}

TEST(K6Export, RatesBecomeWholeNumbersPerTimeUnit)
{
    EXPECT_EQ(k6Rate(50), std::make_pair(qint64(50), u"1s"_qs));
    EXPECT_EQ(k6Rate(2.5), std::make_pair(qint64(25), u"10s"_qs));
    EXPECT_EQ(k6Rate(0.25), std::make_pair(qint64(25), u"100s"_qs));
    EXPECT_EQ(k6Rate(1.0 / 3), std::make_pair(qint64(333), u"1000s"_qs));
}

TEST(K6Export, LiteralsEscapeEverythingButPlaceholders)
{
    EXPECT_EQ(k6TemplateLiteral("/a`b/${x}/\\/{id}/{seq}/{vu}/{other}"),
        u"`/a\\`b/\\${x}/\\\\/${id}/${seq}/${vu}/{other}`"_qs);
    EXPECT_EQ(k6StringLiteral(u"it's\\\n"_qs), u"'it\\'s\\\\\\n'"_qs);
}

TEST(K6Export, PoolIdsAndBaseUrlPrefix)
{
    Plan plan;
    plan.name = u"pool"_qs;
    Scenario s;
    s.id = u"pick"_qs;
    s.executor = ExecutorKind::SharedIterations;
    s.vus = 1;
    s.iterations = 3;
    s.request.path = u"/items/{id}"_qs;
    s.request.ids.kind = PlanIds::Pool;
    s.request.ids.pool = { 3, 5, 8 };
    s.request.ids.consume = true;
    const QString js = QString::fromUtf8(k6Script(plan, s, 1, u"http://10.0.0.5:9000/api"_qs).text);
    EXPECT_HAS(js, u"const IDS = [3, 5, 8];\nconst ID_COUNT = IDS.length;"_qs);
    EXPECT_HAS(js, u"return IDS[i];"_qs);
    EXPECT_HAS(js, u"__ENV.BASE_URL || 'http://10.0.0.5:9000/api'"_qs);
}

// Runs a script's default function `calls` times in node, with k6's modules replaced by stubs whose
// http.request() answers `response` (a JS object literal). Returns {"calls": the recorded
// http.request() calls as [method, url, body, params], "errors": the stackbench_errors_* counters' sums}.
// Empty when node is absent.
QJsonObject runScript(const QString& js, int calls, int vu, const QString& baseUrlEnv = {},
    const QString& response = u"{ status: 200, error_code: 0 }"_qs)
{
    const QString node = QStandardPaths::findExecutable(u"node"_qs);
    if (node.isEmpty())
        return {};
    QString body = js;
    body.remove(u"import http from 'k6/http';"_qs)
        .remove(u"import exec from 'k6/execution';"_qs)
        .remove(u"import { Counter } from 'k6/metrics';"_qs);
    body.replace(u"export const options"_qs, u"const options"_qs)
        .replace(u"export default function"_qs, u"function run"_qs);
    const QString env = baseUrlEnv.isEmpty() ? u"{}"_qs : u"{ BASE_URL: '%1' }"_qs.arg(baseUrlEnv);
    const QString program = u"const calls = [];\n"
                            u"const errors = {};\n"
                            u"class Counter { constructor(name) { this.name = name; } "
                            u"add(n) { errors[this.name] = (errors[this.name] || 0) + n; } }\n"
                            u"const http = { request: (...a) => { calls.push(a); return %3; }, "
                            u"setResponseCallback() {}, expectedStatuses() {} };\n"
                            u"const exec = { scenario: { iterationInTest: 0 }, vu: { idInTest: %1 } };\n"
                            u"const __ENV = %2;\n"_qs.arg(vu)
                                .arg(env, response)
        + body
        + u"\nfor (let i = 0; i < %1; ++i) { exec.scenario.iterationInTest = i; run(); }\n"
          u"console.log(JSON.stringify({ calls, errors }));\n"_qs.arg(calls);
    QProcess p;
    p.start(node, { u"-e"_qs, program });
    p.waitForFinished(20000);
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().constData();
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

QJsonArray runInNode(const QString& js, int calls, int vu, const QString& baseUrlEnv = {})
{
    return runScript(js, calls, vu, baseUrlEnv).value(u"calls"_qs).toArray();
}

TEST(K6Export, ScriptsCountFailuresInStackbenchsErrorClasses)
{
    if (QStandardPaths::findExecutable(u"node"_qs).isEmpty())
        GTEST_SKIP() << "node is not installed";
    const QString js = paperScript(1); // expects 200
    auto errors = [&](const QString& response) {
        return runScript(js, 3, 1, {}, response).value(u"errors"_qs).toObject().toVariantMap();
    };
    using Map = QVariantMap;
    EXPECT_EQ(errors(u"{ status: 200, error_code: 0 }"_qs), Map());
    EXPECT_EQ(
        errors(u"{ status: 503, error_code: 1503 }"_qs), (Map { { u"stackbench_errors_http_5xx"_qs, 3 } }));
    EXPECT_EQ(
        errors(u"{ status: 404, error_code: 1404 }"_qs), (Map { { u"stackbench_errors_http_4xx"_qs, 3 } }));
    EXPECT_EQ(
        errors(u"{ status: 0, error_code: 1212 }"_qs), (Map { { u"stackbench_errors_connect"_qs, 3 } }));
    EXPECT_EQ(
        errors(u"{ status: 0, error_code: 1050 }"_qs), (Map { { u"stackbench_errors_timeout"_qs, 3 } }));
    EXPECT_EQ(errors(u"{ status: 0, error_code: 1220 }"_qs), (Map { { u"stackbench_errors_reset"_qs, 3 } }));
    EXPECT_EQ(errors(u"{ status: 0, error_code: 1000 }"_qs), (Map { { u"stackbench_errors_reset"_qs, 3 } }));
    EXPECT_EQ(errors(u"{ status: 0, error_code: 1601 }"_qs), (Map { { u"stackbench_errors_parse"_qs, 3 } }));

    // Scenario 7 (DELETE) expects 204; a 404 there is an error, a 204 is not.
    EXPECT_TRUE(runScript(paperScript(7), 2, 1, {}, u"{ status: 204, error_code: 0 }"_qs)
                    .value(u"errors"_qs)
                    .toObject()
                    .isEmpty());
}

TEST(K6Export, ScriptsRunInNodeAndIssueThePlansRequests)
{
    if (QStandardPaths::findExecutable(u"node"_qs).isEmpty())
        GTEST_SKIP() << "node is not installed";
    const auto deletes = runInNode(paperScript(7), 102, 1);
    ASSERT_EQ(deletes.size(), 102);
    EXPECT_EQ(deletes.at(0).toArray().at(1).toString(), u"http://127.0.0.1:8000/items/1401"_qs);
    EXPECT_EQ(deletes.at(99).toArray().at(1).toString(), u"http://127.0.0.1:8000/items/1500"_qs);
    EXPECT_EQ(deletes.at(101).toArray().at(1).toString(), u"http://127.0.0.1:8000/items/1500"_qs);
    EXPECT_EQ(deletes.at(0).toArray().at(0).toString(), u"DELETE"_qs);

    const auto creates = runInNode(paperScript(5), 3, 7, u"http://127.0.0.1:1234/"_qs);
    ASSERT_EQ(creates.size(), 3);
    const auto create = creates.at(2).toArray();
    EXPECT_EQ(create.at(1).toString(), u"http://127.0.0.1:1234/items/"_qs);
    const auto item = QJsonDocument::fromJson(create.at(2).toString().toUtf8()).object();
    EXPECT_EQ(item.value(u"name"_qs).toString(), u"item 2"_qs);
    EXPECT_EQ(item.value(u"description"_qs).toString(), u"created by VU 7"_qs);
    EXPECT_EQ(create.at(3).toObject().value(u"headers"_qs).toObject().value(u"Content-Type"_qs).toString(),
        u"application/json"_qs);

    const auto gets = runInNode(paperScript(4), 200, 1);
    ASSERT_EQ(gets.size(), 200);
    QSet<QString> urls;
    for (const auto& call : gets) {
        const QString url = call.toArray().at(1).toString();
        const int id = url.section(u'/', -1).toInt();
        EXPECT_TRUE(id >= 1 && id <= 1400) << qPrintable(url);
        urls.insert(url);
    }
    EXPECT_GT(urls.size(), 100); // random, not one id

    for (int position = 1; position <= 7; ++position)
        EXPECT_EQ(runInNode(paperScript(position), 1, 1).size(), 1) << "scenario " << position;
}

} // namespace
