// The results store: folder layout, atomic writes, clear write errors, loading with every problem by
// file and JSON path, partial folders, future versions, and resume bookkeeping.
#include "engine/loadrunner.h"
#include "fixtures.h"
#include "plan/jsonreader.h"
#include "results/atomicfile.h"
#include "results/resultsfolder.h"
#include "results/resultswriter.h"
#include "results/resumeindex.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <functional>
#include <gtest/gtest.h>
#include <random>
#include <unistd.h>

namespace {

const QByteArray kPlan = R"({
  "format": "stackbench-plan", "version": 1, "name": "store-test",
  "stacks": [{"stack": "flask-sqlite3"}, {"name": "remote", "url": "http://127.0.0.1:9"}],
  "scenarios": [
    {"id": "hello", "figure": 1, "metric": "rps", "executor": "constant-vus", "vus": 2, "duration": "1s",
     "request": {"method": "GET", "path": "/hello"}},
    {"id": "get-one", "figure": 4, "metric": "mean_ms", "executor": "shared-iterations", "vus": 2,
     "iterations": 10, "request": {"method": "GET", "path": "/items/{id}", "ids": {"range": [1, 10]}}}
  ],
  "procedure": {"settle_s": 0, "seed_count": 10, "idle_s": 0, "gap_s": 0, "repetitions": 2,
                "transport": "socket", "timeout_s": 5, "warmup": {"vus": 1, "duration": "1s"}}
})";

RunManifest manifest()
{
    return testManifest(parsePlan(kPlan).plan.value());
}

ScenarioRecord record(int rep, const QString& stack, const QString& scenario, double value)
{
    ScenarioRecord r;
    r.repetition = rep;
    r.stack = stack;
    r.scenarioId = scenario;
    r.figure = scenario == u"hello" ? 1 : 4;
    r.metric = scenario == u"hello" ? Metric::Rps : Metric::MeanMs;
    r.transport = u"socket"_qs;
    r.startedAt = QDateTime(QDate(2025, 6, 1), QTime(12, rep, 0), Qt::UTC);
    r.finishedAt = r.startedAt.addSecs(1);
    r.summary.transport = u"socket"_qs;
    r.summary.requests = 1000;
    r.summary.durationS = 1;
    r.summary.rps = scenario == u"hello" ? value : 500;
    r.summary.latency.mean = scenario == u"hello" ? 2 : value;
    r.summary.latency.p50 = 1.5;
    r.summary.latency.p90 = 3;
    r.summary.latency.p99 = 7.25;
    r.summary.statusCounts = { { 200, 1000 } };
    r.percentiles = { { 0, 0.5 }, { 50, 1.5 }, { 100, 9 } };
    r.server = { 150, 190, 80.5, 82, 4 };
    r.client = { 12.5, 0.01, 0, false };
    r.conformance = { true, true, {} };
    return r;
}

QByteArray json(const ScenarioRecord& r)
{
    return QJsonDocument(r.toJson()).toJson();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QStringList allFiles(const QString& dir)
{
    QStringList files;
    const QDir root(dir);
    std::function<void(const QString&)> walk = [&](const QString& rel) {
        const QDir d(root.filePath(rel));
        for (const auto& e :
            d.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name)) {
            const auto name = rel.isEmpty() ? e.fileName() : rel + u'/' + e.fileName();
            if (e.isDir())
                walk(name);
            else
                files << name;
        }
    };
    walk({});
    return files;
}

QStringList problemLines(const ResultsFolder& f)
{
    QStringList lines;
    for (const auto& p : f.problems)
        lines << p.toString();
    return lines;
}

/// A folder with the manifest and every scenario of repetition 1.
void writeRep1(ResultsWriter& w)
{
    ASSERT_EQ(w.writeManifest(), QString());
    ASSERT_EQ(w.write(record(1, u"flask-sqlite3"_qs, u"hello"_qs, 100)), QString());
    ASSERT_EQ(w.write(record(1, u"flask-sqlite3"_qs, u"get-one"_qs, 5)), QString());
    ASSERT_EQ(w.write(record(1, u"remote"_qs, u"hello"_qs, 200)), QString());
    ASSERT_EQ(w.write(record(1, u"remote"_qs, u"get-one"_qs, 2.5)), QString());
}

#define EXPECT_PROBLEM(lines, line)                                                                          \
    EXPECT_TRUE((lines).contains(line)) << "expected: " << QString(line).toStdString() << "\n got:\n"        \
                                        << (lines).join(u'\n').toStdString()

} // namespace

TEST(ResultsStore, LayoutAndRoundTrip)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    writeRep1(w);
    auto warm = record(1, u"flask-sqlite3"_qs, u"hello"_qs, 50);
    warm.warmup = true;
    warm.figure = 0;
    ASSERT_EQ(w.write(warm), QString());
    ASSERT_EQ(w.recordCommand(u"flask-sqlite3"_qs, { u"/venv/bin/gunicorn"_qs, u"app:app"_qs }), QString());
    ASSERT_EQ(w.recordCommand(u"flask-sqlite3"_qs, { u"/venv/bin/gunicorn"_qs, u"app:app"_qs }), QString());

    EXPECT_EQ(allFiles(dir.path()),
        (QStringList { u"manifest.json"_qs, u"rep1/flask-sqlite3/01-hello.json"_qs,
            u"rep1/flask-sqlite3/02-get-one.json"_qs, u"rep1/remote/01-hello.json"_qs,
            u"rep1/remote/02-get-one.json"_qs, u"warmup/rep1/flask-sqlite3/hello.json"_qs }));

    const auto f = loadResults(dir.path());
    EXPECT_TRUE(f.ok()) << problemLines(f).join(u'\n').toStdString();
    ASSERT_TRUE(f.manifest.has_value());
    auto expected = manifest();
    expected.commands[u"flask-sqlite3"_qs] = { { u"/venv/bin/gunicorn"_qs, u"app:app"_qs } };
    EXPECT_EQ(f.manifest->toJson(), expected.toJson());
    EXPECT_EQ(f.manifest->plan.toJson(), expected.plan.toJson()); // the plan, copied as run
    ASSERT_EQ(f.records.size(), 4);
    EXPECT_EQ(f.records[0].toJson(), record(1, u"flask-sqlite3"_qs, u"hello"_qs, 100).toJson());
    EXPECT_EQ(f.records[3].toJson(), record(1, u"remote"_qs, u"get-one"_qs, 2.5).toJson());
    ASSERT_EQ(f.warmups.size(), 1);
    EXPECT_TRUE(f.warmups[0].warmup);
    EXPECT_EQ(f.warmups[0].summary.rps, 50);
    EXPECT_EQ(f.find(1, u"remote"_qs, u"hello"_qs)->summary.rps, 200);
    EXPECT_EQ(f.find(2, u"remote"_qs, u"hello"_qs), nullptr);
}

TEST(ResultsStore, FailedRecordsKeepTheirReason)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    ASSERT_EQ(w.writeManifest(), QString());
    const auto plan = w.manifest().plan;
    ASSERT_EQ(w.write(ScenarioRecord::failure(
                  2, u"remote"_qs, *plan.scenario(u"get-one"_qs), u"the stack crashed (exit 9)"_qs)),
        QString());
    const auto f = loadResults(dir.path());
    ASSERT_TRUE(f.ok()) << problemLines(f).join(u'\n').toStdString();
    ASSERT_EQ(f.records.size(), 1);
    EXPECT_FALSE(f.records[0].ok());
    EXPECT_EQ(f.records[0].reason, u"the stack crashed (exit 9)"_qs);
    EXPECT_EQ(f.records[0].figure, 4);
}

TEST(ResultsStore, RecordsOutsideThePlanAreRefused)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    ASSERT_EQ(w.writeManifest(), QString());
    EXPECT_EQ(w.write(record(1, u"../../etc"_qs, u"hello"_qs, 1)),
        u"cannot store the result: stack \"../../etc\" is not in the plan"_qs);
    EXPECT_EQ(w.write(record(1, u"remote"_qs, u"nope"_qs, 1)),
        u"cannot store the result: scenario \"nope\" is not in the plan"_qs);
    EXPECT_EQ(w.write(record(3, u"remote"_qs, u"hello"_qs, 1)),
        u"cannot store the result: repetition 3 is outside 1..2"_qs);
    EXPECT_EQ(allFiles(dir.path()), QStringList { u"manifest.json"_qs });
}

TEST(ResultsStore, OverwritesAtomicallyAndLeavesNoTemporaryFiles)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    writeRep1(w);
    ASSERT_EQ(w.write(record(1, u"remote"_qs, u"hello"_qs, 321)), QString());
    EXPECT_EQ(allFiles(dir.path()).size(), 5);
    EXPECT_EQ(loadResults(dir.path()).find(1, u"remote"_qs, u"hello"_qs)->summary.rps, 321);

    // A failed write (a folder in the way of the target) leaves the old files and no temporary file.
    const auto target = dir.filePath(u"rep1/remote/02-get-one.json"_qs);
    ASSERT_TRUE(QFile::remove(target));
    ASSERT_TRUE(QDir().mkpath(target));
    const auto before = allFiles(dir.path());
    const auto error = w.write(record(1, u"remote"_qs, u"get-one"_qs, 9));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_TRUE(error.contains(target)) << qPrintable(error);
    EXPECT_EQ(allFiles(dir.path()), before);
}

TEST(ResultsStore, AtomicWriteHelperReplacesWholeFiles)
{
    QTemporaryDir dir;
    const auto path = dir.filePath(u"a/b/c.json"_qs);
    ASSERT_EQ(writeFileAtomically(path, QByteArray(100'000, 'x')), QString());
    ASSERT_EQ(writeFileAtomically(path, "short"), QString());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), QByteArray("short"));
    EXPECT_EQ(allFiles(dir.path()), QStringList { u"a/b/c.json"_qs });
}

TEST(ResultsStore, UnwritablePlacesGiveAClearError)
{
    // A file where the results folder should be.
    QTemporaryDir dir;
    writeFile(dir.filePath(u"file"_qs), "x");
    ResultsWriter blocked(dir.filePath(u"file/results"_qs), manifest());
    EXPECT_EQ(blocked.writeManifest(),
        u"cannot create the results folder %1 (read-only, not a folder, or no "
        "permission)"_qs.arg(dir.filePath(u"file/results"_qs)));

    // A folder where files cannot be created: /proc/self refuses even root.
    ResultsWriter proc(u"/proc/self"_qs, manifest());
    const auto error = proc.writeManifest();
    EXPECT_TRUE(error.startsWith(u"cannot write /proc/self/manifest.json: "_qs)) << qPrintable(error);

    // A read-only folder (root ignores permission bits, so only as another user).
    if (geteuid() != 0) {
        QTemporaryDir ro;
        ResultsWriter w(ro.path(), manifest());
        writeRep1(w);
        const auto file = ro.filePath(u"rep1/remote/01-hello.json"_qs);
        QFile::setPermissions(ro.filePath(u"rep1/remote"_qs), QFile::ReadOwner | QFile::ExeOwner);
        const auto e = w.write(record(1, u"remote"_qs, u"hello"_qs, 999));
        QFile::setPermissions(
            ro.filePath(u"rep1/remote"_qs), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        EXPECT_TRUE(e.startsWith(u"cannot write "_qs + file)) << qPrintable(e);
        EXPECT_EQ(loadResults(ro.path()).find(1, u"remote"_qs, u"hello"_qs)->summary.rps, 200); // unchanged
    }
}

TEST(ResultsStore, PartiallyWrittenFolderLoads)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    ASSERT_EQ(w.writeManifest(), QString());
    ASSERT_EQ(w.write(record(1, u"flask-sqlite3"_qs, u"hello"_qs, 100)), QString());
    // What a kill can leave: a temporary file of an unfinished QSaveFile, and an empty stack folder.
    writeFile(dir.filePath(u"rep1/flask-sqlite3/02-get-one.json.Xa1b2C"_qs), "{\"format\": \"stackb");
    ASSERT_TRUE(QDir().mkpath(dir.filePath(u"rep1/remote"_qs)));
    const auto f = loadResults(dir.path());
    EXPECT_TRUE(f.ok()) << problemLines(f).join(u'\n').toStdString();
    EXPECT_EQ(f.records.size(), 1);
}

TEST(ResultsStore, DamagedFilesAreListedByFileAndPath)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    writeRep1(w);
    // Truncated (as a non-atomic copy could leave it).
    const auto truncated = json(record(1, u"remote"_qs, u"hello"_qs, 200));
    writeFile(dir.filePath(u"rep1/remote/01-hello.json"_qs), truncated.left(truncated.size() / 2));
    // Wrong types.
    auto o = record(1, u"remote"_qs, u"get-one"_qs, 2).toJson();
    auto summary = o[u"summary"_qs].toObject();
    summary[u"requests"_qs] = u"many"_qs;
    o[u"summary"_qs] = summary;
    o[u"status"_qs] = u"maybe"_qs;
    writeFile(dir.filePath(u"rep1/remote/02-get-one.json"_qs), QJsonDocument(o).toJson());
    // In the wrong folder.
    writeFile(dir.filePath(u"rep2/flask-sqlite3/01-hello.json"_qs),
        json(record(1, u"flask-sqlite3"_qs, u"hello"_qs, 1)));
    // Misnamed.
    writeFile(dir.filePath(u"rep2/flask-sqlite3/07-get-one.json"_qs),
        json(record(2, u"flask-sqlite3"_qs, u"get-one"_qs, 1)));

    const auto f = loadResults(dir.path());
    const auto lines = problemLines(f);
    EXPECT_EQ(f.records.size(), 2) << lines.join(u'\n').toStdString(); // rep1 flask-sqlite3 only
    EXPECT_EQ(lines.size(), 5) << lines.join(u'\n').toStdString();
    bool sawTruncated = false;
    for (const auto& p : f.problems)
        sawTruncated = sawTruncated
            || (p.file == u"rep1/remote/01-hello.json"
                && p.reason.startsWith(u"truncated or malformed JSON at line"_qs));
    EXPECT_TRUE(sawTruncated) << lines.join(u'\n').toStdString();
    EXPECT_PROBLEM(
        lines, u"rep1/remote/02-get-one.json: summary.requests: must be an integer ≥ 0, not a string"_qs);
    EXPECT_PROBLEM(
        lines, u"rep1/remote/02-get-one.json: status: must be \"ok\" or \"failed\" (got \"maybe\")"_qs);
    EXPECT_PROBLEM(lines,
        u"rep2/flask-sqlite3/01-hello.json: repetition: is 1 but the file is in the folder of "
        "repetition 2"_qs);
    EXPECT_PROBLEM(lines,
        u"rep2/flask-sqlite3/07-get-one.json: should be named rep2/flask-sqlite3/02-get-one.json for "
        "its repetition, stack and scenario"_qs);
}

TEST(ResultsStore, FutureVersionsAreRejected)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    writeRep1(w);
    auto o = record(1, u"remote"_qs, u"hello"_qs, 1).toJson();
    o[u"version"_qs] = ScenarioRecord::FormatVersion + 1;
    writeFile(dir.filePath(u"rep1/remote/01-hello.json"_qs), QJsonDocument(o).toJson());
    auto f = loadResults(dir.path());
    EXPECT_EQ(problemLines(f),
        QStringList {
            u"rep1/remote/01-hello.json: version: version %1 is newer than this Stackbench understands (%2)"_qs
                .arg(ScenarioRecord::FormatVersion + 1)
                .arg(ScenarioRecord::FormatVersion) });
    EXPECT_EQ(f.records.size(), 3);

    auto m = manifest().toJson();
    m[u"version"_qs] = RunManifest::FormatVersion + 1;
    writeFile(dir.filePath(u"manifest.json"_qs), QJsonDocument(m).toJson());
    f = loadResults(dir.path());
    EXPECT_EQ(problemLines(f),
        QStringList { u"manifest.json: version: version %1 is newer than this Stackbench understands (%2)"_qs
                          .arg(RunManifest::FormatVersion + 1)
                          .arg(RunManifest::FormatVersion) });
    EXPECT_FALSE(f.manifest.has_value());
    EXPECT_TRUE(f.records.isEmpty());
}

TEST(ResultsStore, ManifestProblems)
{
    QTemporaryDir dir;
    auto f = loadResults(dir.path());
    ASSERT_EQ(f.problems.size(), 1);
    EXPECT_EQ(f.problems[0].file, u"manifest.json"_qs);
    EXPECT_TRUE(f.problems[0].reason.startsWith(u"missing"_qs));

    EXPECT_EQ(problemLines(loadResults(dir.filePath(u"nope"_qs))),
        QStringList { dir.filePath(u"nope"_qs) + u": the results folder does not exist"_qs });

    auto m = manifest().toJson();
    auto plan = m[u"plan"_qs].toObject();
    auto procedure = plan[u"procedure"_qs].toObject();
    procedure[u"repetitions"_qs] = 0;
    plan[u"procedure"_qs] = procedure;
    m[u"plan"_qs] = plan;
    m[u"started_at"_qs] = u"yesterday"_qs;
    m[u"commands"_qs] = QJsonObject { { u"remote"_qs, QJsonArray { u"sh -c 'x'"_qs } } };
    m[u"transport"_qs] = u"pigeon"_qs;
    writeFile(dir.filePath(u"manifest.json"_qs), QJsonDocument(m).toJson());
    f = loadResults(dir.path());
    const auto lines = problemLines(f);
    EXPECT_PROBLEM(lines, u"manifest.json: plan.procedure.repetitions: must be an integer ≥ 1 (got 0)"_qs);
    EXPECT_PROBLEM(
        lines, u"manifest.json: started_at: must be an ISO 8601 date and time (got \"yesterday\")"_qs);
    EXPECT_PROBLEM(lines,
        u"manifest.json: commands.remote[0]: must be a non-empty array of strings (an argument list)"_qs);
    EXPECT_PROBLEM(lines,
        u"manifest.json: transport: unknown transport \"pigeon\"; expected one of: socket, qnam, k6"_qs);

    writeFile(dir.filePath(u"manifest.json"_qs), "[]");
    EXPECT_EQ(problemLines(loadResults(dir.path())),
        QStringList { u"manifest.json: the top level must be a JSON object, not an array"_qs });
}

TEST(ResultsStore, ResumeBookkeeping)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    writeRep1(w);
    const auto plan = w.manifest().plan;
    ASSERT_EQ(w.write(record(2, u"flask-sqlite3"_qs, u"hello"_qs, 1)), QString());
    ASSERT_EQ(w.write(ScenarioRecord::failure(
                  2, u"flask-sqlite3"_qs, *plan.scenario(u"get-one"_qs), u"crashed"_qs)),
        QString());
    // A damaged file does not count as done.
    writeFile(dir.filePath(u"rep2/remote/01-hello.json"_qs), "{");

    const auto f = loadResults(dir.path());
    const ResumeIndex index(f);
    EXPECT_EQ(index.completedCount(), 5);
    EXPECT_TRUE(index.isComplete(1, u"remote"_qs, u"get-one"_qs));
    EXPECT_TRUE(index.isComplete(2, u"flask-sqlite3"_qs, u"hello"_qs));
    EXPECT_FALSE(index.isComplete(2, u"flask-sqlite3"_qs, u"get-one"_qs)); // failed: run again
    EXPECT_FALSE(index.isComplete(2, u"remote"_qs, u"hello"_qs)); // damaged: run again
    EXPECT_TRUE(index.isStackComplete(1, u"flask-sqlite3"_qs, plan));
    EXPECT_FALSE(index.isStackComplete(2, u"flask-sqlite3"_qs, plan));
    const QList<RecordKey> missing = { { 2, u"flask-sqlite3"_qs, u"get-one"_qs },
        { 2, u"remote"_qs, u"hello"_qs }, { 2, u"remote"_qs, u"get-one"_qs } };
    EXPECT_EQ(index.missing(plan), missing);

    // Resuming: the writer reopens the folder with its manifest and notes the resume.
    ResultsWriter again(dir.path(), *f.manifest);
    ASSERT_EQ(again.markResumed(QDateTime(QDate(2025, 6, 2), QTime(9, 0), Qt::UTC)), QString());
    for (const auto& key : index.missing(plan))
        ASSERT_EQ(again.write(record(key.repetition, key.stack, key.scenarioId, 3)), QString());
    ASSERT_EQ(again.markFinished(), QString());
    const auto done = loadResults(dir.path());
    EXPECT_TRUE(done.ok()) << problemLines(done).join(u'\n').toStdString();
    EXPECT_TRUE(ResumeIndex(done).missing(plan).isEmpty());
    EXPECT_EQ(done.records.size(), 8); // no scenario lost or duplicated
    EXPECT_EQ(done.manifest->resumedAt.size(), 1);
    EXPECT_TRUE(done.manifest->finishedAt.isValid());
}

TEST(ResultsStore, RecordFromALoadResult)
{
    const auto plan = parsePlan(kPlan).plan.value();
    LoadResult result;
    for (int us : { 1000, 2000, 3000, 4000, 100'000 })
        result.latency.record(us);
    result.summary.requests = 5;
    result.summary.rps = 5;
    result.summary.latency = LatencyStats::from(result.latency);
    result.summary.clientCpuPercent = 95;
    const auto r = ScenarioRecord::fromLoad(1, u"remote"_qs, *plan.scenario(u"get-one"_qs), result);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.figure, 4);
    EXPECT_EQ(r.metric, Metric::MeanMs);
    EXPECT_TRUE(r.client.clientBound); // 95 % of a core
    ASSERT_EQ(r.percentiles.size(), 9);
    EXPECT_EQ(r.percentiles.front(), (PercentilePoint { 0, 1.0 }));
    EXPECT_EQ(r.percentiles.back(), (PercentilePoint { 100, 100.0 }));
    EXPECT_NEAR(r.metricValue(), 22.0, 1e-9);

    result.error = u"connection refused"_qs;
    const auto failed = ScenarioRecord::fromLoad(1, u"remote"_qs, *plan.scenario(u"get-one"_qs), result);
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(failed.reason, u"connection refused"_qs);
    result.error.clear();
    result.stopped = true;
    EXPECT_FALSE(ScenarioRecord::fromLoad(1, u"remote"_qs, *plan.scenario(u"hello"_qs), result).ok());
    const auto warm = ScenarioRecord::fromWarmup(1, u"remote"_qs, u"items"_qs, LoadResult {});
    EXPECT_TRUE(warm.warmup);
    EXPECT_EQ(warm.figure, 0);
}

TEST(ResultsStore, RecordsCarryTheirHistogramsInHdrFormat)
{
    const auto plan = parsePlan(kPlan).plan.value();
    LoadResult result;
    for (int us : { 900, 1000, 1100, 25'000 }) {
        result.latency.record(us);
        result.ttfb.record(us / 2);
    }
    result.summary.requests = 4;
    result.summary.latency = LatencyStats::from(result.latency);
    const auto r = ScenarioRecord::fromLoad(1, u"remote"_qs, *plan.scenario(u"get-one"_qs), result);
    EXPECT_TRUE(r.latencyHdr.startsWith(u"HISTFAAA"_qs)) << qPrintable(r.latencyHdr);
    EXPECT_TRUE(r.ttfbHdr.startsWith(u"HISTFAAA"_qs)) << qPrintable(r.ttfbHdr);
    EXPECT_NE(r.latencyHdr, r.ttfbHdr);

    const QJsonObject o = r.toJson();
    EXPECT_EQ(o[u"version"_qs].toInt(), ScenarioRecord::FormatVersion);
    EXPECT_EQ(o[u"latency_hdr"_qs].toString(), r.latencyHdr);
    EXPECT_EQ(o[u"ttfb_hdr"_qs].toString(), r.ttfbHdr);
    JsonReader reader;
    const auto back
        = ScenarioRecord::fromJson(reader, QJsonDocument::fromJson(QJsonDocument(o).toJson()).object());
    ASSERT_TRUE(back.has_value()) << qPrintable(formatProblems(reader.problems()));
    EXPECT_EQ(back->latencyHdr, r.latencyHdr);
    EXPECT_EQ(back->ttfbHdr, r.ttfbHdr);
    EXPECT_EQ(back->toJson(), o);
    const auto h = back->latencyHistogram();
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->count(), 4);
    for (double q : { 25.0, 50.0, 75.0, 100.0 })
        EXPECT_EQ(Histogram::indexOf(h->percentile(q)), Histogram::indexOf(result.latency.percentile(q)))
            << q;

    // Nothing recorded, nothing carried.
    const auto empty = ScenarioRecord::fromWarmup(1, u"remote"_qs, u"items"_qs, LoadResult {});
    EXPECT_TRUE(empty.latencyHdr.isEmpty());
    EXPECT_FALSE(empty.toJson().contains(u"latency_hdr"_qs));
    EXPECT_FALSE(empty.latencyHistogram().has_value());
}

TEST(ResultsStore, Version2RecordsStillLoadWithoutHistograms)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    writeRep1(w);
    for (int version : { 1, 2 }) {
        auto o = record(1, u"remote"_qs, u"hello"_qs, 200).toJson(); // no histograms, as then
        o[u"version"_qs] = version;
        writeFile(dir.filePath(u"rep1/remote/01-hello.json"_qs), QJsonDocument(o).toJson());
        const auto f = loadResults(dir.path());
        EXPECT_TRUE(f.ok()) << problemLines(f).join(u'\n').toStdString();
        const ScenarioRecord* r = f.find(1, u"remote"_qs, u"hello"_qs);
        ASSERT_NE(r, nullptr);
        EXPECT_TRUE(r->latencyHdr.isEmpty());
        EXPECT_FALSE(r->latencyHistogram().has_value());
    }
}

TEST(ResultsStore, DamagedHistogramsAreListed)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    writeRep1(w);
    auto o = record(1, u"remote"_qs, u"hello"_qs, 200).toJson();
    o[u"latency_hdr"_qs] = u"HISTFAAA!!"_qs;
    o[u"ttfb_hdr"_qs] = 5;
    writeFile(dir.filePath(u"rep1/remote/01-hello.json"_qs), QJsonDocument(o).toJson());
    const auto lines = problemLines(loadResults(dir.path()));
    EXPECT_PROBLEM(lines,
        u"rep1/remote/01-hello.json: latency_hdr: is not a histogram in HdrHistogram's compressed "
        "encoding: not base64"_qs);
    EXPECT_PROBLEM(lines, u"rep1/remote/01-hello.json: ttfb_hdr: must be a string, not a number"_qs);
}

TEST(ResultsStore, EnvironmentIsCollected)
{
    const auto e = collectEnvironment({ { u"python"_qs, u"3.11.9"_qs } });
    EXPECT_GT(e.cpuCores, 0);
    EXPECT_FALSE(e.cpuModel.isEmpty());
    EXPECT_FALSE(e.kernel.isEmpty());
    EXPECT_EQ(e.qtVersion, QString::fromLatin1(qVersion()));
    EXPECT_EQ(e.versions.value(u"python"_qs), u"3.11.9"_qs);
    if (!e.gitCommit.isEmpty()) {
        EXPECT_TRUE(QRegularExpression(u"^[0-9a-f]{40}$"_qs).match(e.gitCommit).hasMatch());
    }
    EXPECT_TRUE(collectEnvironment({}, u"/nonexistent"_qs).gitCommit.isEmpty());
}

TEST(ResultsStore, NothingCrashesOnDamagedFiles)
{
    QTemporaryDir dir;
    ResultsWriter w(dir.path(), manifest());
    writeRep1(w);
    const auto recordPath = dir.filePath(u"rep1/remote/01-hello.json"_qs);
    const auto manifestPath = dir.filePath(u"manifest.json"_qs);
    QFile rf(recordPath), mf(manifestPath);
    ASSERT_TRUE(rf.open(QIODevice::ReadOnly) && mf.open(QIODevice::ReadOnly));
    const auto recordBytes = rf.readAll(), manifestBytes = mf.readAll();
    std::mt19937 rng(4242);
    const char alphabet[] = "{}[]\",:0123456789-.eE truefalsnul\\/\x01\xff";
    auto damage = [&](QByteArray bytes) {
        if (rng() % 4 == 0)
            return bytes.left(qsizetype(rng() % quint32(bytes.size())));
        for (int e = 1 + int(rng() % 4); e > 0; --e)
            bytes[qsizetype(rng() % quint32(bytes.size()))] = alphabet[rng() % (sizeof(alphabet) - 1)];
        return bytes;
    };
    for (int i = 0; i < 300; ++i) {
        writeFile(recordPath, damage(recordBytes));
        const auto f = loadResults(dir.path());
        ASSERT_TRUE(f.manifest.has_value());
        // The damaged record is either read whole or reported; the other three always load.
        EXPECT_EQ(f.records.size() + (f.problems.isEmpty() ? 0 : 1), 4) << i;
    }
    writeFile(recordPath, recordBytes);
    for (int i = 0; i < 300; ++i) {
        writeFile(manifestPath, damage(manifestBytes));
        const auto f = loadResults(dir.path());
        EXPECT_EQ(f.manifest.has_value() && f.problems.isEmpty(), f.ok());
        if (!f.manifest) {
            EXPECT_FALSE(f.problems.isEmpty());
        }
    }
}
