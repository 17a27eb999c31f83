// The variance detectors on real stacks: a gunicorn stack whose connections are forced onto one
// worker must be flagged imbalanced, and a study scenario run beside a busy foreign process must be
// flagged noisy, naming the process.
#include "engine/loadrunner.h"
#include "loadtesting.h"
#include "results/resultsfolder.h"
#include "stacks/proctree.h"
#include "stacks/resourcesampler.h"
#include "stacks/stackmanifest.h"
#include "stacks/stackprocess.h"
#include "study/studyrunner.h"

#include <QCoroProcess>
#include <QCoroSignal>
#include <QCoroTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <csignal>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

bool venvMissing()
{
    return !QFileInfo(StackManifest::defaultVenv() + u"/bin/gunicorn"_qs).isExecutable();
}

/// The stack's workers: the leaves of its process tree, in pid order.
QList<qint64> workersOf(const StackProcess& stack)
{
    QList<qint64> pids;
    const QList<ProcStat> tree = proc::tree(stack.pid());
    for (const ProcStat& s : tree) {
        const bool parent
            = std::any_of(tree.cbegin(), tree.cend(), [&](const ProcStat& t) { return t.ppid == s.pid; });
        if (!parent)
            pids << s.pid;
    }
    std::sort(pids.begin(), pids.end());
    return pids;
}

// A process that spins until its parent (the test) is gone, so an aborted test leaves nothing.
const QString kSpinner = u"import os\np = os.getppid()\nwhile os.getppid() == p: pass"_qs;

} // namespace

TEST(Variance, ConnectionsForcedOntoOneWorkerAreFlaggedImbalanced)
{
    if (venvMissing())
        GTEST_SKIP() << "the stacks' venv is missing: run `bash packaging/setup.sh`";
    QStringList errors;
    const auto m = StackManifest::load({}, &errors);
    ASSERT_TRUE(m) << qPrintable(errors.join(u'\n'));
    StackProcess stack(*m, *m->find(u"flask-sqlite3"_qs));
    ASSERT_TRUE(QCoro::waitFor(stack.start())) << qPrintable(stack.error());
    // The port accepts as soon as the master listens; the second worker may still be forking (an
    // ASan build under load took longer than that once).
    QList<qint64> workers = workersOf(stack);
    for (int i = 0; i < 100 && workers.size() < 2; ++i) {
        QCoro::waitFor(QCoro::sleepFor(100ms));
        workers = workersOf(stack);
    }
    ASSERT_EQ(workers.size(), 2);

    // Worker 2 cannot accept while it is stopped, so worker 1 takes every connection the load
    // opens; keep-alive keeps them there after worker 2 resumes, and only then is it measured.
    ::kill(pid_t(workers[1]), SIGSTOP);
    LoadSpec spec = specFor(stack.baseUrl(), u"/hello"_qs, ExecutorKind::ConstantVus, 20);
    spec.duration = 3s;
    LoadRunner load;
    const auto running = runLoad(load, spec);
    QCoro::waitFor(QCoro::sleepFor(700ms));
    ::kill(pid_t(workers[1]), SIGCONT);

    ResourceSampler sampler;
    sampler.start(stack.pid(), stack.port(), spec.vus);
    QCoro::waitFor(QCoro::sleepFor(1500ms));
    sampler.stop();
    const ScenarioDiagnostics d = sampler.diagnostics();
    const LoadResult result = QCoro::waitFor(running);
    QCoro::waitFor(stack.stop());

    EXPECT_TRUE(result.error.isEmpty()) << qPrintable(result.error);
    ASSERT_EQ(d.workers.size(), 2) << QJsonDocument(d.toJson()).toJson().constData();
    EXPECT_EQ(d.workers[0].pid, workers[0]);
    EXPECT_NEAR(d.workers[0].connections, 20, 1);
    EXPECT_LT(d.workers[1].connections, 1);
    EXPECT_GE(d.connectionBalance, 0.95);
    EXPECT_TRUE(d.has(ScenarioDiagnostics::Imbalanced)) << QJsonDocument(d.toJson()).toJson().constData();
    EXPECT_TRUE(d.causes().value(0).startsWith(u"one of 2 workers held 20 of 20 connections"_qs))
        << qPrintable(d.causes().join(u"; "_qs));
}

TEST(Variance, AStudyScenarioBesideABusyProcessIsFlaggedNoisy)
{
    if (venvMissing())
        GTEST_SKIP() << "the stacks' venv is missing: run `bash packaging/setup.sh`";
    const QString python = QStandardPaths::findExecutable(u"python3"_qs);
    ASSERT_FALSE(python.isEmpty());
    const QByteArray plan = R"({
      "format": "stackbench-plan", "version": 1, "name": "noisy",
      "stacks": [{"stack": "flask-sqlite3"}],
      "scenarios": [
        {"id": "hello", "figure": 1, "metric": "rps", "executor": "constant-vus", "vus": 4, "duration": "2s",
         "request": {"method": "GET", "path": "/hello"}}
      ],
      "procedure": {"settle_s": 0, "seed_count": 10, "idle_s": 0, "gap_s": 0, "repetitions": 1,
                    "transport": "socket", "timeout_s": 5, "verify": false}
    })";
    const auto parsed = parsePlan(plan);
    ASSERT_TRUE(parsed.ok()) << qPrintable(formatProblems(parsed.problems));

    QProcess spinner;
    spinner.start(python, { u"-c"_qs, kSpinner });
    ASSERT_TRUE(spinner.waitForStarted());
    QTemporaryDir dir;
    StudyRunner runner;
    QList<ScenarioRecord> records;
    QObject::connect(
        &runner, &StudyRunner::scenarioFinished, [&](quint64, const ScenarioRecord& r) { records << r; });
    bool preflightWarned = false;
    QObject::connect(&runner, &StudyRunner::preflightChecked,
        [&](quint64, const Preflight& p) { preflightWarned = !p.busy.isEmpty(); });
    StudyRunner::Options options;
    options.resultsDir = dir.path() + u"/results"_qs;
    QString failure;
    QObject::connect(&runner, &StudyRunner::failed, [&](quint64, const QString& why) { failure = why; });
    QSignalSpy finished(&runner, &StudyRunner::finished);
    runner.start(*parsed.plan, options);
    for (int i = 0; i < 120 && finished.isEmpty() && failure.isEmpty(); ++i)
        finished.wait(1000);
    ASSERT_TRUE(failure.isEmpty()) << qPrintable(failure);
    ASSERT_EQ(finished.size(), 1);
    spinner.kill();
    spinner.waitForFinished();

    EXPECT_TRUE(preflightWarned) << "the pre-flight check should see the spinning process";
    ASSERT_EQ(records.size(), 1);
    const ScenarioDiagnostics& d = records.first().diagnostics;
    EXPECT_TRUE(d.has(ScenarioDiagnostics::Noisy)) << QJsonDocument(d.toJson()).toJson().constData();
    EXPECT_GT(d.foreignCpuPercent, 20);
    EXPECT_TRUE(d.foreignTopProcess.startsWith(u"python3"_qs)) << qPrintable(d.foreignTopProcess);
    // What went to disk says the same, and the manifest keeps the pre-flight check.
    const ResultsFolder folder = loadResults(options.resultsDir);
    ASSERT_TRUE(folder.ok()) << qPrintable(formatProblems(folder.problems));
    ASSERT_EQ(folder.records.size(), 1);
    EXPECT_TRUE(folder.records.first().diagnostics.has(ScenarioDiagnostics::Noisy));
    ASSERT_TRUE(folder.manifest->preflight);
    EXPECT_FALSE(folder.manifest->preflight->busy.isEmpty());
}
