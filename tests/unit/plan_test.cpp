// Plans: the model, JSON round trips, durations, conversion to LoadSpecs, and the shipped plans.
#include "plan/plan.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

const QByteArray kMinimal = R"({
  "format": "stackbench-plan", "version": 1, "name": "tiny",
  "stacks": [{"stack": "flask-sqlite3"}, {"name": "staging", "url": "http://10.0.0.5:8000", "label": "Staging"}],
  "scenarios": [
    {"id": "hello", "title": "Hello", "figure": 1, "metric": "rps", "executor": "constant-vus",
     "vus": 5, "duration": "500ms", "request": {"method": "get", "path": "/hello"}},
    {"id": "put", "metric": "mean_ms", "executor": "per-vu-iterations", "vus": 2, "iterations": 3,
     "maxDuration": "1m",
     "request": {"method": "PUT", "path": "/items/{id}", "headers": {"X-Trace": "vu-{vu}"},
                 "body": {"name": "n{seq}", "price": 1.5}, "ids": {"pool": [3, 5, 8]}},
     "expected_status": 200},
    {"id": "rate", "metric": "mean_ms", "executor": "constant-arrival-rate", "rate": 20.5, "duration": "2s",
     "preAllocatedVUs": 4, "maxVUs": 8, "request": {"method": "DELETE", "path": "/items/{id}",
     "ids": {"consume": {"pool": [1, 2, 3]}}}, "expected_status": 204}
  ],
  "procedure": {"settle_s": 0.5, "seed_count": 10, "idle_s": 0, "gap_s": 1, "repetitions": 2,
                "transport": "qnam", "timeout_s": 2.5, "verify": false}
})";

Plan parsed(const QByteArray& json)
{
    const auto r = parsePlan(json);
    EXPECT_TRUE(r.ok()) << qPrintable(formatProblems(r.problems));
    return r.plan.value_or(Plan());
}

QString planPath(const char* name)
{
    return QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/") + QString::fromLatin1(name);
}

Plan shipped(const char* name)
{
    const auto r = loadPlan(planPath(name));
    EXPECT_TRUE(r.ok()) << qPrintable(formatProblems(r.problems));
    return r.plan.value_or(Plan());
}

} // namespace

TEST(Plan, ParsesEveryField)
{
    const auto p = parsed(kMinimal);
    EXPECT_EQ(p.name, u"tiny"_qs);
    ASSERT_EQ(p.stacks.size(), 2);
    EXPECT_FALSE(p.stacks[0].isExternal());
    EXPECT_EQ(p.stacks[0].id(), u"flask-sqlite3"_qs);
    EXPECT_EQ(p.stacks[0].displayLabel(), u"Flask + sqlite3"_qs);
    EXPECT_TRUE(p.stacks[1].isExternal());
    EXPECT_EQ(p.stacks[1].id(), u"staging"_qs);
    EXPECT_EQ(p.stacks[1].url, QUrl(u"http://10.0.0.5:8000"_qs));
    EXPECT_EQ(p.stacks[1].displayLabel(), u"Staging"_qs);

    ASSERT_EQ(p.scenarios.size(), 3);
    const auto& hello = p.scenarios[0];
    EXPECT_EQ(hello.figure, 1);
    EXPECT_EQ(hello.metric, Metric::Rps);
    EXPECT_EQ(hello.executor, ExecutorKind::ConstantVus);
    EXPECT_EQ(hello.duration, 500ms);
    EXPECT_EQ(hello.request.method, QByteArray("GET")); // methods are case-insensitive
    EXPECT_EQ(hello.expectedStatus, 200);
    EXPECT_EQ(hello.request.ids.kind, PlanIds::None);

    const auto& put = p.scenarios[1];
    EXPECT_EQ(put.title, u"put"_qs); // defaults to the id
    EXPECT_EQ(put.figure, 0);
    EXPECT_EQ(put.maxDuration, 1min);
    EXPECT_EQ(put.request.body, QByteArray(R"({"name":"n{seq}","price":1.5})"));
    EXPECT_EQ(put.request.ids.kind, PlanIds::Pool);
    EXPECT_EQ(put.request.ids.pool, (QList<qint64> { 3, 5, 8 }));
    ASSERT_EQ(put.request.headers.size(), 1);
    EXPECT_EQ(put.request.headers[0].second, QByteArray("vu-{vu}"));

    const auto& rate = p.scenarios[2];
    EXPECT_EQ(rate.rate, 20.5);
    EXPECT_EQ(rate.preAllocatedVus, 4);
    EXPECT_EQ(rate.maxVus, 8);
    EXPECT_TRUE(rate.request.ids.consume);
    EXPECT_EQ(rate.expectedStatus, 204);

    EXPECT_EQ(p.procedure.settleS, 0.5);
    EXPECT_EQ(p.procedure.repetitions, 2);
    EXPECT_EQ(p.procedure.transport, TransportKind::Qnam);
    EXPECT_FALSE(p.procedure.verify);
    EXPECT_FALSE(p.procedure.warmup.has_value()); // absent = no warm-up
}

TEST(Plan, JsonRoundTripIsExact)
{
    const auto p = parsed(kMinimal);
    const auto again = parsed(p.toJsonBytes());
    EXPECT_EQ(again.toJson(), p.toJson());
    EXPECT_TRUE(validatePlan(p).isEmpty()) << qPrintable(formatProblems(validatePlan(p)));
}

TEST(Plan, SaveAndLoadRoundTrip)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto p = shipped("paper.json");
    const auto path = dir.filePath(u"plans/copy.json"_qs);
    ASSERT_TRUE(QDir().mkpath(dir.filePath(u"plans"_qs)));
    ASSERT_EQ(savePlan(p, path), QString());
    const auto back = loadPlan(path);
    ASSERT_TRUE(back.ok()) << qPrintable(formatProblems(back.problems));
    EXPECT_EQ(back.plan->toJson(), p.toJson());
    EXPECT_EQ(QDir(dir.filePath(u"plans"_qs)).entryList(QDir::Files), QStringList { u"copy.json"_qs });
}

TEST(Plan, SaveToAnUnwritablePlaceIsAClearError)
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"file"_qs));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const auto error = savePlan(shipped("quick.json"), dir.filePath(u"file/plan.json"_qs));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_TRUE(error.contains(dir.filePath(u"file/plan.json"_qs))) << qPrintable(error);
}

TEST(Plan, LoadingAMissingFileNamesIt)
{
    const auto r = loadPlan(u"/nonexistent/plan.json"_qs);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.problems.size(), 1);
    EXPECT_EQ(r.problems[0].file, u"/nonexistent/plan.json"_qs);
    EXPECT_TRUE(r.problems[0].reason.startsWith(u"cannot read the file"_qs));
}

TEST(Plan, Durations)
{
    std::chrono::milliseconds d {};
    const std::pair<const char16_t*, qint64> good[] = { { u"10s", 10'000 }, { u"500ms", 500 },
        { u"1m", 60'000 }, { u"1m30s", 90'000 }, { u"1.5s", 1500 }, { u"2h", 7'200'000 } };
    for (const auto& [text, ms] : good) {
        EXPECT_TRUE(parsePlanDuration(QString::fromUtf16(text), &d))
            << QString::fromUtf16(text).toStdString();
        EXPECT_EQ(d.count(), ms);
    }
    for (const auto* text : { u"", u"10", u"s", u"10 s", u"-1s", u"1d", u"s10", u"1.s", u"10ss" })
        EXPECT_FALSE(parsePlanDuration(QString::fromUtf16(text), &d))
            << QString::fromUtf16(text).toStdString();
    EXPECT_EQ(formatPlanDuration(90s), u"90s"_qs);
    EXPECT_EQ(formatPlanDuration(2min), u"2m"_qs);
    EXPECT_EQ(formatPlanDuration(1500ms), u"1500ms"_qs);
    EXPECT_EQ(formatPlanDuration(1h), u"1h"_qs);
}

TEST(Plan, ScenarioBecomesALoadSpec)
{
    const auto p = shipped("paper.json");
    const QUrl base(u"http://127.0.0.1:8001"_qs);

    const auto getOne = toLoadSpec(*p.scenario(u"get-one"_qs), p.procedure, base);
    EXPECT_EQ(getOne.baseUrl, base);
    EXPECT_EQ(getOne.executor, ExecutorKind::SharedIterations);
    EXPECT_EQ(getOne.vus, 10);
    EXPECT_EQ(getOne.iterations, 1000);
    EXPECT_EQ(getOne.request.path, u"/items/{id}"_qs);
    EXPECT_EQ(getOne.request.idMin, 1);
    EXPECT_EQ(getOne.request.idMax, 1400);
    EXPECT_FALSE(getOne.request.consumeIds);
    EXPECT_EQ(getOne.transport, TransportKind::Socket);
    EXPECT_EQ(getOne.timeout, 60s);

    const auto del = toLoadSpec(*p.scenario(u"delete"_qs), p.procedure, base);
    EXPECT_EQ(del.request.method, QByteArray("DELETE"));
    EXPECT_TRUE(del.request.consumeIds);
    EXPECT_EQ(del.request.idMin, 1401);
    EXPECT_EQ(del.request.idMax, 1500);
    EXPECT_EQ(del.vus, 1);
    EXPECT_EQ(del.iterations, 100);

    const auto echo = toLoadSpec(*p.scenario(u"echo"_qs), p.procedure, base);
    EXPECT_EQ(echo.executor, ExecutorKind::ConstantVus);
    EXPECT_EQ(echo.duration, 15s);
    EXPECT_TRUE(QJsonDocument::fromJson(echo.request.body).isObject());
    int contentTypes = 0;
    for (const auto& h : echo.request.headers)
        contentTypes += h.first.compare("content-type", Qt::CaseInsensitive) == 0;
    EXPECT_EQ(contentTypes, 1); // given in the plan, not added twice

    for (const auto& s : p.scenarios)
        EXPECT_TRUE(toLoadSpec(s, p.procedure, base).validate().isEmpty()) << s.id.toStdString();
}

TEST(Plan, BodyWithoutContentTypeGetsJson)
{
    auto p = parsed(kMinimal);
    const auto spec = toLoadSpec(p.scenarios[1], p.procedure, QUrl(u"http://127.0.0.1:1"_qs));
    EXPECT_TRUE(
        spec.request.headers.contains(qMakePair(QByteArray("Content-Type"), QByteArray("application/json"))));
    const auto rate = toLoadSpec(p.scenarios[2], p.procedure, QUrl(u"http://127.0.0.1:1"_qs));
    EXPECT_EQ(rate.vus, 4);
    EXPECT_EQ(rate.maxVus, 8);
    EXPECT_EQ(rate.request.idPool, (QList<qint64> { 1, 2, 3 }));
    EXPECT_EQ(rate.timeout, 2500ms);
    EXPECT_EQ(rate.transport, TransportKind::Qnam);
}

TEST(Plan, WarmupSteps)
{
    const auto p = shipped("paper.json");
    const auto steps = warmupSteps(p.procedure, QUrl(u"http://127.0.0.1:8001"_qs));
    ASSERT_EQ(steps.size(), 2);
    EXPECT_EQ(steps[0].id, u"hello"_qs);
    EXPECT_EQ(steps[0].spec.executor, ExecutorKind::ConstantVus);
    EXPECT_EQ(steps[0].spec.vus, 20);
    EXPECT_EQ(steps[0].spec.duration, 10s);
    EXPECT_EQ(steps[0].spec.request.path, u"/hello"_qs);
    EXPECT_EQ(steps[1].id, u"items"_qs);
    EXPECT_EQ(steps[1].spec.executor, ExecutorKind::SharedIterations);
    EXPECT_EQ(steps[1].spec.vus, 1);
    EXPECT_EQ(steps[1].spec.iterations, 50);
    EXPECT_EQ(steps[1].spec.request.path, u"/items/"_qs);
    for (const auto& s : steps)
        EXPECT_TRUE(s.spec.validate().isEmpty());

    Procedure none = p.procedure;
    none.warmup.reset();
    EXPECT_TRUE(warmupSteps(none, QUrl(u"http://127.0.0.1:1"_qs)).isEmpty());
}

TEST(Plan, PaperPlanIsThePaper)
{
    const auto p = shipped("paper.json");
    QStringList stacks;
    for (const auto& s : p.stacks)
        stacks << s.id();
    EXPECT_EQ(stacks,
        (QStringList { u"fastapi-sqlmodel"_qs, u"fastapi-sqlite3"_qs, u"flask-sqlalchemy"_qs,
            u"flask-sqlite3"_qs, u"django-drf"_qs }));
    for (const auto& s : p.stacks)
        EXPECT_FALSE(s.isExternal());

    struct Expected
    {
        const char16_t* id;
        int figure;
        Metric metric;
        ExecutorKind executor;
        int vus;
        qint64 iterations;
        qint64 durationMs;
        const char* method;
        const char16_t* path;
        int status;
    };
    const Expected expected[] = {
        { u"hello", 1, Metric::Rps, ExecutorKind::ConstantVus, 50, 0, 10'000, "GET", u"/hello", 200 },
        { u"echo", 2, Metric::Rps, ExecutorKind::ConstantVus, 100, 0, 15'000, "POST", u"/echo", 200 },
        { u"get-all", 3, Metric::MeanMs, ExecutorKind::SharedIterations, 10, 100, 0, "GET", u"/items/", 200 },
        { u"get-one", 4, Metric::MeanMs, ExecutorKind::SharedIterations, 10, 1000, 0, "GET", u"/items/{id}",
            200 },
        { u"create", 5, Metric::MeanMs, ExecutorKind::SharedIterations, 10, 1000, 0, "POST", u"/items/",
            201 },
        { u"update", 6, Metric::MeanMs, ExecutorKind::SharedIterations, 10, 1000, 0, "PUT", u"/items/{id}",
            200 },
        { u"delete", 7, Metric::MeanMs, ExecutorKind::SharedIterations, 1, 100, 0, "DELETE", u"/items/{id}",
            204 },
    };
    ASSERT_EQ(p.scenarios.size(), 7);
    for (qsizetype i = 0; i < 7; ++i) {
        const auto& s = p.scenarios[i];
        const auto& e = expected[i];
        SCOPED_TRACE(s.id.toStdString());
        EXPECT_EQ(s.id, QString::fromUtf16(e.id));
        EXPECT_EQ(s.figure, e.figure);
        EXPECT_EQ(s.metric, e.metric);
        EXPECT_EQ(s.executor, e.executor);
        EXPECT_EQ(s.vus, e.vus);
        EXPECT_EQ(s.iterations, e.iterations);
        EXPECT_EQ(s.duration.count(), e.durationMs);
        EXPECT_EQ(s.request.method, QByteArray(e.method));
        EXPECT_EQ(s.request.path, QString::fromUtf16(e.path));
        EXPECT_EQ(s.expectedStatus, e.status);
    }
    EXPECT_TRUE(QJsonDocument::fromJson(p.scenarios[1].request.body).isObject());
    EXPECT_TRUE(QJsonDocument::fromJson(p.scenarios[4].request.body).isObject());
    EXPECT_TRUE(QJsonDocument::fromJson(p.scenarios[5].request.body).isObject());
    const auto& getOne = p.scenarios[3].request.ids;
    EXPECT_EQ(getOne.kind, PlanIds::Range);
    EXPECT_EQ(getOne.min, 1);
    EXPECT_EQ(getOne.max, 1400);
    EXPECT_FALSE(getOne.consume);
    EXPECT_EQ(p.scenarios[5].request.ids.max, 1400);
    const auto& del = p.scenarios[6].request.ids;
    EXPECT_TRUE(del.consume);
    EXPECT_EQ(del.min, 1401);
    EXPECT_EQ(del.max, 1500);

    const auto& proc = p.procedure;
    EXPECT_EQ(proc.settleS, 20);
    EXPECT_EQ(proc.seedCount, 1500);
    ASSERT_TRUE(proc.warmup.has_value());
    EXPECT_EQ(proc.warmup->vus, 20);
    EXPECT_EQ(proc.warmup->duration, 10s);
    EXPECT_EQ(proc.warmup->path, u"/hello"_qs);
    EXPECT_EQ(proc.warmup->thenItemsRequests, 50);
    EXPECT_EQ(proc.warmup->thenPath, u"/items/"_qs);
    EXPECT_EQ(proc.idleS, 5);
    EXPECT_EQ(proc.gapS, 3);
    EXPECT_EQ(proc.repetitions, 5);
    EXPECT_EQ(proc.transport, TransportKind::Socket);
    EXPECT_TRUE(proc.verify);
}

TEST(Plan, QuickPlanHasThePaperShapeInAboutThreeMinutes)
{
    const auto paper = shipped("paper.json");
    const auto quick = shipped("quick.json");
    ASSERT_EQ(quick.stacks.size(), paper.stacks.size());
    for (qsizetype i = 0; i < quick.stacks.size(); ++i)
        EXPECT_EQ(quick.stacks[i].id(), paper.stacks[i].id());
    ASSERT_EQ(quick.scenarios.size(), paper.scenarios.size());
    double loadS = 0;
    for (qsizetype i = 0; i < quick.scenarios.size(); ++i) {
        const auto& q = quick.scenarios[i];
        const auto& p = paper.scenarios[i];
        SCOPED_TRACE(q.id.toStdString());
        EXPECT_EQ(q.id, p.id);
        EXPECT_EQ(q.figure, p.figure);
        EXPECT_EQ(q.metric, p.metric);
        EXPECT_EQ(q.executor, p.executor);
        EXPECT_EQ(q.vus, p.vus);
        EXPECT_EQ(q.request.method, p.request.method);
        EXPECT_EQ(q.request.path, p.request.path);
        EXPECT_EQ(q.request.body, p.request.body);
        EXPECT_EQ(q.expectedStatus, p.expectedStatus);
        EXPECT_LE(q.iterations, p.iterations);
        EXPECT_LE(q.duration, p.duration);
        EXPECT_LE(q.duration, 3s);
        loadS += double(q.duration.count()) / 1000.0;
    }
    EXPECT_EQ(quick.procedure.repetitions, 1);
    EXPECT_LE(quick.procedure.settleS, 3);
    // Time the plan itself spends waiting, per stack, leaving room for the iteration scenarios, the
    // seeding and the stack start: the whole should stay near 3 minutes for five stacks.
    const auto& pr = quick.procedure;
    const double fixedS = pr.settleS + double(pr.warmup->duration.count()) / 1000.0 + pr.idleS
        + pr.gapS * double(quick.scenarios.size() - 1) + loadS;
    EXPECT_LE(fixedS * double(quick.stacks.size() * pr.repetitions), 120.0);
}

TEST(Plan, ValidatePlanChecksPlansBuiltInCode)
{
    auto p = parsed(kMinimal);
    EXPECT_TRUE(validatePlan(p).isEmpty());
    p.scenarios[0].vus = 0;
    p.scenarios[1].request.body = "{not json";
    p.procedure.repetitions = 0;
    const auto problems = validatePlan(p);
    QStringList lines;
    for (const auto& pr : problems)
        lines << pr.toString();
    EXPECT_TRUE(lines.contains(u"scenarios[0].vus: must be an integer ≥ 1 (got 0)"_qs))
        << qPrintable(lines.join(u'\n'));
    EXPECT_TRUE(lines.contains(u"scenarios[1].request.body: is not a single valid JSON value"_qs));
    EXPECT_TRUE(lines.contains(u"procedure.repetitions: must be an integer ≥ 1 (got 0)"_qs));
}

// Issue 13, item 6: saving re-sorted every key, so a saved plan diffed noisily against the shipped
// one. Keys now follow the schema's order, and the shipped plans are written that way.
TEST(Plan, SavingAnUnchangedShippedPlanGivesBackItsBytes)
{
    for (const char* name : { "paper.json", "quick.json", "paper-adaptive.json", "concurrency.json",
             "tuning.json", "reuse-port.json", "fastapi-def-vs-async.json" }) {
        QFile f(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/") + QString::fromLatin1(name));
        ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << name;
        const QByteArray bytes = f.readAll();
        const auto r = parsePlan(bytes);
        ASSERT_TRUE(r.ok()) << name;
        EXPECT_EQ(r.plan->toJsonBytes(), bytes) << name;
    }
    const QByteArray saved = shipped("paper.json").toJsonBytes();
    const auto at
        = [&](const char* key) { return saved.indexOf(QByteArray(QByteArray("\"") + key + "\":")); };
    EXPECT_LT(at("format"), at("version"));
    EXPECT_LT(at("version"), at("name"));
    EXPECT_LT(at("name"), at("stacks"));
    EXPECT_LT(at("stacks"), at("scenarios"));
    EXPECT_LT(at("scenarios"), at("procedure"));
    EXPECT_LT(at("id"), at("executor"));
    EXPECT_LT(at("settle_s"), at("repetitions"));
}

// Issue 13, item 6: a plan with problems can be saved as a draft. It reads back as written, with
// its problems, and ok() stays false so nothing runs it; without the mark the same file is refused.
TEST(Plan, ADraftReadsBackAsWrittenWithItsProblems)
{
    Plan draft = parsed(kMinimal);
    draft.draft = true;
    draft.name.clear();
    draft.stacks.append(draft.stacks.first()); // a duplicate
    draft.scenarios[0].id = u"Not An Id"_qs;
    draft.scenarios[0].vus = 0;
    draft.scenarios[1].request.path = u"no-slash"_qs;
    draft.scenarios[2].request.ids = {};
    draft.procedure.repetitions = 5000;
    const QByteArray bytes = draft.toJsonBytes();
    EXPECT_TRUE(bytes.contains("\"draft\": true"));
    const auto r = parsePlan(bytes);
    EXPECT_FALSE(r.ok());
    ASSERT_TRUE(r.plan.has_value());
    EXPECT_TRUE(r.plan->draft);
    EXPECT_EQ(r.plan->toJsonBytes(), bytes);
    QStringList lines;
    for (const auto& p : r.problems)
        lines << p.toString();
    for (const char* expected : { "name: must not be empty", "stacks[2].stack: duplicate stack",
             "scenarios[0].id:", "scenarios[0].vus: must be an integer ≥ 1", "scenarios[1].request.path:",
             "scenarios[2].request.ids: is required", "procedure.repetitions: must be at most 1000" })
        EXPECT_TRUE(lines.join(u'\n').contains(QString::fromUtf8(expected))) << expected << '\n'
                                                                             << qPrintable(lines.join(u'\n'));
    draft.draft = false;
    const auto strict = parsePlan(draft.toJsonBytes());
    EXPECT_FALSE(strict.plan.has_value());
    EXPECT_EQ(strict.problems.size(), r.problems.size());
}

TEST(Plan, AValidDraftIsStillMarked)
{
    Plan p = parsed(kMinimal);
    p.draft = true;
    const auto r = parsePlan(p.toJson());
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.plan->draft);
    p.draft = false;
    EXPECT_FALSE(p.toJsonBytes().contains("draft"));
}

// Issue 13, item 6: titles follow the parameters unless the author wrote one; the suggestion is
// worded as the shipped plans word theirs.
TEST(Plan, SuggestedTitlesNameTheRequestAndTheLoad)
{
    const auto p = parsed(kMinimal);
    EXPECT_EQ(suggestedTitle(p.scenarios[0]), u"GET /hello: 5 VUs for 0.5 s"_qs);
    EXPECT_EQ(suggestedTitle(p.scenarios[1]), u"PUT /items/{id}: 2 VUs × 3 requests"_qs);
    EXPECT_EQ(suggestedTitle(p.scenarios[2]), u"DELETE /items/{id}: 20.5 req/s for 2 s"_qs);
    Scenario s = p.scenarios[0];
    s.vus = 1;
    s.duration = 90s;
    EXPECT_EQ(suggestedTitle(s), u"GET /hello: 1 VU for 1 min 30 s"_qs);
    s.duration = 120s;
    EXPECT_EQ(suggestedTitle(s), u"GET /hello: 1 VU for 2 min"_qs);
    const auto quick = shipped("quick.json");
    for (const char* id : { "hello", "get-all", "get-one" })
        EXPECT_EQ(suggestedTitle(*quick.scenario(QString::fromLatin1(id))),
            quick.scenario(QString::fromLatin1(id))->title)
            << id;
}

// Issue 12, part 3: "repetitions" may be {"min", "max", "target_ci_percent"}.
TEST(Plan, AdaptiveRepetitionsReadAndWriteBack)
{
    const auto p = shipped("paper-adaptive.json");
    ASSERT_TRUE(p.procedure.adaptive.has_value());
    EXPECT_EQ(p.procedure.adaptive->min, 3);
    EXPECT_EQ(p.procedure.repetitions, 15);
    EXPECT_EQ(p.procedure.adaptive->targetCiPercent, 5);
    EXPECT_EQ(p.procedure.minRepetitions(), 3);
    const auto back = parsePlan(p.toJson());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.plan->procedure.adaptive, p.procedure.adaptive);
    EXPECT_FALSE(shipped("paper.json").procedure.adaptive.has_value());
    EXPECT_EQ(shipped("paper.json").procedure.minRepetitions(), 5);
}

TEST(Plan, AdaptiveRepetitionsSayWhatIsWrong)
{
    const auto problems = [](const char* repetitions) {
        QByteArray json = kMinimal;
        json.replace(QByteArray("\"repetitions\": 2"), QByteArray("\"repetitions\": ").append(repetitions));
        QStringList lines;
        for (const auto& p : parsePlan(json).problems)
            lines << p.toString();
        return lines.join(u'\n');
    };
    EXPECT_EQ(problems(R"({"min": 3, "max": 15, "target_ci_percent": 5})"), QString());
    EXPECT_EQ(problems(R"({"min": 5, "max": 3, "target_ci_percent": 5})"),
        u"procedure.repetitions.max: must be at least min (5)"_qs);
    EXPECT_TRUE(problems(R"({"min": 1, "max": 3, "target_ci_percent": 5})")
                    .startsWith(u"procedure.repetitions.min:"_qs));
    EXPECT_TRUE(problems(R"({"min": 3, "max": 9, "target_ci_percent": 0})")
                    .startsWith(u"procedure.repetitions.target_ci_percent: must be more than 0"_qs));
    EXPECT_TRUE(problems(R"({"min": 3, "max": 9})").contains(u"target_ci_percent"_qs));
    EXPECT_TRUE(
        problems(R"({"min": 3, "max": 9, "target_ci_percent": 5, "until": 1})").contains(u"until"_qs));
}
