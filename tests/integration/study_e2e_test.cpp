// The paper's procedure end to end, through the `stackbench` binary: quick.json against all five
// stacks, the report's seven PNGs, and a run killed with SIGKILL then resumed.
#include "results/aggregate.h"
#include "results/resultsfolder.h"
#include "stacks/stackmanifest.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <csignal>
#include <gtest/gtest.h>
#include <unistd.h>

namespace {
const QString Binary = QStringLiteral(STACKBENCH_BINARY);
const QString QuickPlan = QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/plans/quick.json");

bool venvMissing()
{
    return !QFileInfo::exists(StackManifest::defaultVenv() + u"/bin/gunicorn"_qs);
}

/// Runs stackbench to completion; returns its exit code, with its output in `output`.
int stackbench(const QStringList& args, QString* output, int timeoutMs = 600'000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(Binary, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    *output = QString::fromUtf8(p.readAll());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

/// Vertical runs of bar-blue pixels along the best row near the plot's bottom: one per visible bar.
int barsVisible(const QImage& img)
{
    auto isBar = [](QRgb c) { return qBlue(c) > qRed(c) + 50 && qBlue(c) > qGreen(c) + 20; };
    int best = 0;
    for (int y = img.height() * 40 / 100; y < img.height() * 97 / 100; ++y) { // short bars sit low
        int runs = 0;
        bool inRun = false;
        for (int x = 0; x < img.width(); ++x) {
            const bool bar = isBar(img.pixel(x, y));
            runs += bar && !inRun ? 1 : 0;
            inRun = bar;
        }
        best = std::max(best, runs);
    }
    return best;
}

/// Processes whose environment names `marker` (the stacks a run started put their DB under it)
/// and are not zombies.
QList<int> liveProcessesMentioning(const QByteArray& marker)
{
    QList<int> pids;
    for (const QString& entry : QDir(u"/proc"_qs).entryList(QDir::Dirs)) {
        bool isPid = false;
        const int pid = entry.toInt(&isPid);
        if (!isPid)
            continue;
        QFile env(u"/proc/%1/environ"_qs.arg(pid));
        QFile stat(u"/proc/%1/stat"_qs.arg(pid));
        if (!env.open(QIODevice::ReadOnly) || !stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = stat.readAll();
        const qsizetype close = s.lastIndexOf(')');
        const bool zombie = close > 0 && s.mid(close + 2, 1) == "Z";
        if (!zombie && env.readAll().contains(marker))
            pids << pid;
    }
    return pids;
}
/// quick.json with the given stacks, written to `dir`; returns its path.
QString quickPlanFor(const QString& dir, const QStringList& stacks)
{
    QFile source(QuickPlan);
    if (!source.open(QIODevice::ReadOnly))
        return {};
    QJsonObject plan = QJsonDocument::fromJson(source.readAll()).object();
    QJsonArray list;
    for (const QString& s : stacks)
        list.append(QJsonObject { { u"stack"_qs, s } });
    plan[u"stacks"_qs] = list;
    const QString path = dir + u"/plan.json"_qs;
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(QJsonDocument(plan).toJson());
    return path;
}

/// The process-group leader among `pids` (a gunicorn master leads its own group).
int groupLeader(const QList<int>& pids)
{
    for (int pid : pids)
        if (::getpgid(pid) == pid)
            return pid;
    return 0;
}
/// The record files written so far under `results`/rep1.
QStringList recordsOfFirstRep(const QString& results)
{
    QStringList files;
    QDirIterator it(results + u"/rep1"_qs, { u"*.json"_qs }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

/// Waits up to `timeoutMs` until `results`/rep1 holds at least `count` records, and returns them.
QStringList waitForRecords(const QString& results, int count, int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (recordsOfFirstRep(results).size() < count && waited.elapsed() < timeoutMs)
        QThread::msleep(50);
    return recordsOfFirstRep(results);
}

/// Waits up to 10 s until no process mentions `results` (the stacks a killed run started).
bool waitForNoProcessesOf(const QString& results)
{
    const QByteArray marker = QDir(results).absolutePath().toUtf8();
    QElapsedTimer waited;
    waited.start();
    while (!liveProcessesMentioning(marker).isEmpty() && waited.elapsed() < 10'000)
        QThread::msleep(100);
    return liveProcessesMentioning(marker).isEmpty();
}

} // namespace

// The first argument is a command, else a plan or results folder that exists (the workbench opens
// on it), else a mistake: named, with the usage, and exit status 2.
TEST(CommandLine, AnUnknownWordIsNamedAndThePathFormIsInTheHelp)
{
    QString out;
    EXPECT_EQ(stackbench({ u"no-such-command"_qs }, &out, 30'000), 2) << qPrintable(out);
    EXPECT_TRUE(out.contains(u"unknown command 'no-such-command'"_qs)) << qPrintable(out);
    EXPECT_EQ(stackbench({ u"--help"_qs }, &out, 30'000), 0);
    EXPECT_TRUE(out.contains(u"stackbench [PLAN.json | RESULTS_DIR]"_qs)) << qPrintable(out);
}

TEST(StudyEndToEnd, QuickPlanAgainstAllFiveStacks)
{
    if (venvMissing())
        GTEST_SKIP() << "the stacks' venv is missing; run packaging/setup.sh";
    QTemporaryDir tmp;
    const QString results = tmp.path() + u"/results"_qs;
    QString out;
    ASSERT_EQ(stackbench({ u"run"_qs, u"--plan"_qs, QuickPlan, u"--out"_qs, results }, &out), 0)
        << qPrintable(out);

    const ResultsFolder folder = loadResults(results);
    ASSERT_TRUE(folder.ok()) << qPrintable(
        folder.problems.isEmpty() ? QString() : folder.problems.first().toString());
    const Plan& plan = folder.manifest->plan;
    ASSERT_EQ(plan.stacks.size(), 5);
    ASSERT_EQ(plan.scenarios.size(), 7);
    for (const PlanStack& stack : plan.stacks) {
        for (const Scenario& scenario : plan.scenarios) {
            const ScenarioRecord* r = folder.find(1, stack.id(), scenario.id);
            ASSERT_NE(r, nullptr) << qPrintable(stack.id() + u" "_qs + scenario.id);
            EXPECT_TRUE(r->ok()) << qPrintable(r->reason);
            EXPECT_GT(r->summary.requests, 0);
            EXPECT_EQ(countErrors(r->summary, scenario.expectedStatus), 0)
                << qPrintable(stack.id() + u" "_qs + scenario.id);
            EXPECT_TRUE(r->conformance.checked && r->conformance.passed);
            EXPECT_GT(r->server.samples, 0) << "server CPU/RSS were not sampled";
        }
    }
    EXPECT_FALSE(folder.warmups.isEmpty());
    EXPECT_FALSE(folder.manifest->commands.isEmpty());

    // The aggregates are the raw per-repetition numbers, averaged.
    const Aggregates agg = aggregate(folder);
    ASSERT_EQ(agg.rows.size(), 35);
    for (const StackAggregate& row : agg.rows) {
        double sum = 0;
        int n = 0;
        for (const ScenarioRecord& r : folder.records)
            if (r.stack == row.stack && r.scenarioId == row.scenarioId && r.hasData()) {
                sum += r.metricValue();
                ++n;
            }
        ASSERT_EQ(n, row.values.size());
        EXPECT_NEAR(row.stats.mean, sum / n, 1e-9);
    }

    const QString figures = tmp.path() + u"/figures"_qs;
    ASSERT_EQ(stackbench({ u"report"_qs, u"--results"_qs, results, u"--out"_qs, figures, u"--size"_qs,
                             u"800x500"_qs, u"--scale"_qs, u"2"_qs },
                  &out),
        0)
        << qPrintable(out);
    for (int i = 1; i <= 7; ++i) {
        const QImage img(figures + u"/figure%1.png"_qs.arg(i));
        ASSERT_FALSE(img.isNull()) << "figure" << i << " does not decode";
        EXPECT_EQ(img.size(), QSize(1600, 1000));
        EXPECT_GE(barsVisible(img), 5) << "figure" << i << " should show a bar per stack";
    }
    EXPECT_TRUE(QFileInfo::exists(figures + u"/results.csv"_qs));
}

/// quick.json cut to two stacks, started in the background through the binary.
class TwoStackRun : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (venvMissing())
            GTEST_SKIP() << "the stacks' venv is missing; run packaging/setup.sh";
        planPath = quickPlanFor(tmp.path(), { u"flask-sqlite3"_qs, u"fastapi-sqlite3"_qs });
        ASSERT_FALSE(planPath.isEmpty());
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(Binary, { u"run"_qs, u"--plan"_qs, planPath, u"--out"_qs, results });
        ASSERT_TRUE(run.waitForStarted());
    }
    QTemporaryDir tmp;
    QString planPath;
    const QString results = tmp.path() + u"/results"_qs;
    QProcess run;
};

TEST_F(TwoStackRun, KilledRunResumesWithoutLossOrDuplicates)
{
    const QStringList before = waitForRecords(results, 4, 180'000);
    ASSERT_GE(before.size(), 4) << qPrintable(QString::fromUtf8(run.readAll()));
    QHash<QString, QDateTime> stamps;
    for (const QString& f : before)
        stamps[f] = QFileInfo(f).lastModified();
    ::kill(pid_t(run.processId()), SIGKILL);
    run.waitForFinished();

    // No stack outlives Stackbench: its guard kills the tree.
    EXPECT_TRUE(waitForNoProcessesOf(results)) << "orphaned stack processes after kill -9";

    QString out;
    ASSERT_EQ(
        stackbench({ u"run"_qs, u"--plan"_qs, planPath, u"--out"_qs, results, u"--resume"_qs }, &out), 0)
        << qPrintable(out);
    const ResultsFolder folder = loadResults(results);
    ASSERT_TRUE(folder.ok());
    EXPECT_EQ(folder.records.size(), 14); // 2 stacks x 7 scenarios, each exactly once
    QSet<QString> seen;
    for (const ScenarioRecord& r : folder.records) {
        EXPECT_TRUE(r.ok()) << qPrintable(r.stack + u" "_qs + r.scenarioId + u": "_qs + r.reason);
        EXPECT_FALSE(seen.contains(r.stack + r.scenarioId))
            << "duplicate " << qPrintable(r.stack + r.scenarioId);
        seen.insert(r.stack + r.scenarioId);
    }
    for (const QString& f : before) // finished before the kill: kept, not run again
        EXPECT_EQ(QFileInfo(f).lastModified(), stamps[f]) << qPrintable(f);
    EXPECT_EQ(folder.manifest->resumedAt.size(), 1);
}

TEST_F(TwoStackRun, StackCrashMidStudyFailsItsScenariosAndTheStudyGoesOn)
{

    // Once the first stack's warm-up is on disk, its scenarios are about to run: kill -9 its master.
    const QString warmedUp = results + u"/warmup/rep1/flask-sqlite3/items.json"_qs;
    QElapsedTimer waited;
    waited.start();
    while (!QFileInfo::exists(warmedUp) && waited.elapsed() < 120'000)
        QThread::msleep(50);
    ASSERT_TRUE(QFileInfo::exists(warmedUp));
    const int master = groupLeader(liveProcessesMentioning(QDir(results).absolutePath().toUtf8()));
    ASSERT_GT(master, 0);
    ::kill(master, SIGKILL);

    ASSERT_TRUE(run.waitForFinished(300'000));
    const QString out = QString::fromUtf8(run.readAll());
    EXPECT_EQ(run.exitCode(), 1) << "failed scenarios make a non-zero exit: " << qPrintable(out);
    const ResultsFolder folder = loadResults(results);
    ASSERT_TRUE(folder.ok());
    int crashed = 0;
    for (const Scenario& s : folder.manifest->plan.scenarios) {
        const ScenarioRecord* flask = folder.find(1, u"flask-sqlite3"_qs, s.id);
        ASSERT_NE(flask, nullptr) << "every scenario has a record, failed or not: " << qPrintable(s.id);
        if (!flask->ok()) {
            ++crashed;
            EXPECT_TRUE(flask->reason.contains(u"crash"_qs)) << qPrintable(flask->reason);
        }
        const ScenarioRecord* fastapi = folder.find(1, u"fastapi-sqlite3"_qs, s.id);
        ASSERT_NE(fastapi, nullptr);
        EXPECT_TRUE(fastapi->ok()) << "the next stack still runs: " << qPrintable(fastapi->reason);
    }
    EXPECT_GE(crashed, 6) << "the killed stack's remaining scenarios are marked failed";
}

namespace {
/// A sweep of flask-sqlite3: `stackSweep` over its parameters, GET /hello for `seconds` at each of
/// `vus`, one repetition without warm-up, written to `dir`; returns its path.
QString sweepPlan(
    const QString& dir, const QJsonObject& stackSweep, const QJsonArray& vus, const QString& seconds)
{
    QJsonObject stack { { u"stack"_qs, u"flask-sqlite3"_qs } };
    if (!stackSweep.isEmpty())
        stack[u"sweep"_qs] = stackSweep;
    const QJsonObject plan { { u"format"_qs, u"stackbench-plan"_qs }, { u"version"_qs, 1 },
        { u"name"_qs, u"sweep-e2e"_qs }, { u"stacks"_qs, QJsonArray { stack } },
        { u"scenarios"_qs,
            QJsonArray { QJsonObject { { u"id"_qs, u"hello"_qs }, { u"metric"_qs, u"rps"_qs },
                { u"executor"_qs, u"constant-vus"_qs }, { u"duration"_qs, seconds },
                { u"sweep"_qs, QJsonObject { { u"vus"_qs, vus } } },
                { u"request"_qs,
                    QJsonObject { { u"method"_qs, u"GET"_qs }, { u"path"_qs, u"/hello"_qs } } } } } },
        { u"procedure"_qs,
            QJsonObject { { u"settle_s"_qs, 0 }, { u"seed_count"_qs, 10 }, { u"idle_s"_qs, 0 },
                { u"gap_s"_qs, 0.2 }, { u"repetitions"_qs, 1 }, { u"transport"_qs, u"socket"_qs },
                { u"timeout_s"_qs, 10 }, { u"verify"_qs, false } } } };
    const QString path = dir + u"/sweep.json"_qs;
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(QJsonDocument(plan).toJson());
    return path;
}
} // namespace

TEST(SweepEndToEnd, ParameterAndLoadSweepOfOneStackRecordsEveryCell)
{
    if (venvMissing())
        GTEST_SKIP() << "the stacks' venv is missing; run packaging/setup.sh";
    QTemporaryDir tmp;
    const QString plan = sweepPlan(
        tmp.path(), QJsonObject { { u"workers"_qs, QJsonArray { 1, 2 } } }, QJsonArray { 1, 8 }, u"1s"_qs);
    const QString results = tmp.path() + u"/results"_qs;
    QString out;
    ASSERT_EQ(stackbench({ u"run"_qs, u"--plan"_qs, plan, u"--out"_qs, results }, &out), 0)
        << qPrintable(out);
    const ResultsFolder folder = loadResults(results);
    ASSERT_TRUE(folder.ok());
    ASSERT_EQ(folder.records.size(), 4) << "2 worker counts x 2 load levels";
    QSet<QString> cells;
    for (const ScenarioRecord& r : folder.records) {
        EXPECT_TRUE(r.hasData()) << qPrintable(r.stack + u" "_qs + r.scenarioId + u": "_qs + r.reason);
        const QString workers = r.params.value(u"workers"_qs);
        EXPECT_EQ(r.stack, u"flask-sqlite3@workers="_qs + workers);
        EXPECT_EQ(r.params.value(u"threads"_qs), u"2"_qs) << "the manifest's default is recorded too";
        EXPECT_EQ(r.scenarioId, u"hello-vus-%1"_qs.arg(r.point.value(u"vus"_qs)));
        cells.insert(workers + u'/' + QString::number(r.point.value(u"vus"_qs)));
        // The stack really ran with that many workers.
        const QList<QStringList> commands = folder.manifest->commands.value(r.stack);
        EXPECT_TRUE(std::any_of(commands.cbegin(), commands.cend(), [&](const QStringList& c) {
            const qsizetype i = c.indexOf(u"--workers"_qs);
            return i >= 0 && c.value(i + 1) == workers;
        })) << qPrintable(r.stack);
    }
    EXPECT_EQ(cells, (QSet<QString> { u"1/1"_qs, u"1/8"_qs, u"2/1"_qs, u"2/8"_qs }));
    const Aggregates a = aggregate(folder);
    EXPECT_EQ(a.rows.size(), 4);
    ASSERT_EQ(
        stackbench({ u"report"_qs, u"--results"_qs, results, u"--out"_qs, tmp.path() + u"/report"_qs }, &out),
        0)
        << qPrintable(out);
}

TEST(SweepEndToEnd, KilledMidCellResumesEveryCellExactlyOnce)
{
    if (venvMissing())
        GTEST_SKIP() << "the stacks' venv is missing; run packaging/setup.sh";
    QTemporaryDir tmp;
    const QString plan = sweepPlan(tmp.path(), {}, QJsonArray { 1, 2, 4, 8 }, u"2s"_qs);
    const QString results = tmp.path() + u"/results"_qs;
    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(Binary, { u"run"_qs, u"--plan"_qs, plan, u"--out"_qs, results });
    ASSERT_TRUE(run.waitForStarted());
    const QStringList before = waitForRecords(results, 2, 120'000);
    ASSERT_EQ(before.size(), 2) << qPrintable(QString::fromUtf8(run.readAll()));
    QThread::msleep(1000); // into the third cell
    ::kill(pid_t(run.processId()), SIGKILL);
    run.waitForFinished();
    ASSERT_EQ(recordsOfFirstRep(results).size(), 2) << "the third cell was killed before it was written";
    QHash<QString, QDateTime> stamps;
    for (const QString& f : before)
        stamps[f] = QFileInfo(f).lastModified();
    waitForNoProcessesOf(results);

    QString out;
    ASSERT_EQ(stackbench({ u"run"_qs, u"--plan"_qs, plan, u"--out"_qs, results, u"--resume"_qs }, &out), 0)
        << qPrintable(out);
    const ResultsFolder folder = loadResults(results);
    ASSERT_TRUE(folder.ok());
    QStringList ids;
    for (const ScenarioRecord& r : folder.records)
        ids << r.scenarioId;
    ids.sort();
    EXPECT_EQ(
        ids, (QStringList { u"hello-vus-1"_qs, u"hello-vus-2"_qs, u"hello-vus-4"_qs, u"hello-vus-8"_qs }));
    for (const QString& f : before)
        EXPECT_EQ(QFileInfo(f).lastModified(), stamps[f]) << "not run again: " << qPrintable(f);
}
