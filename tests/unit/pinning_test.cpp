// CPU pinning: the plan's "pin" object, the engine's worker threads, and a stack's process tree.
#include "engine/affinity.h"
#include "engine/loadrunner.h"
#include "loadtesting.h"
#include "plan/plan.h"
#include "stacks/proctree.h"
#include "testserver.h"

#include <QCoroTask>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QThread>
#include <csignal>
#include <gtest/gtest.h>
#include <thread>

using namespace std::chrono_literals;

namespace {

const QByteArray kPlan = R"({
  "format": "stackbench-plan", "version": 1, "name": "pinned",
  "stacks": [{"stack": "flask-sqlite3"}],
  "scenarios": [
    {"id": "hello", "figure": 1, "metric": "rps", "executor": "constant-vus", "vus": 5, "duration": "1s",
     "request": {"method": "GET", "path": "/hello"}}
  ],
  "procedure": {"settle_s": 0, "seed_count": 10, "idle_s": 0, "gap_s": 0, "repetitions": 1,
                "transport": "socket", "timeout_s": 5, "pin": {"stack": [0], "engine": [0]}}
})";

QStringList problemsWithPin(const QJsonValue& pin)
{
    QJsonObject o = QJsonDocument::fromJson(kPlan).object();
    QJsonObject procedure = o.value(u"procedure"_qs).toObject();
    procedure.insert(u"pin"_qs, pin);
    o.insert(u"procedure"_qs, procedure);
    QStringList lines;
    for (const auto& p : parsePlan(QJsonDocument(o).toJson()).problems)
        lines << p.toString();
    return lines;
}

/// Cpus_allowed_list of a task of this process or of another.
QString allowedCpus(const QString& statusPath)
{
    QFile f(statusPath);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("Cpus_allowed_list:"))
            return QString::fromLatin1(line.mid(18).trimmed());
    return {};
}

} // namespace

TEST(Pinning, PlanRoundTripsAndTheLoadSpecCarriesIt)
{
    const auto r = parsePlan(kPlan);
    ASSERT_TRUE(r.ok()) << qPrintable(formatProblems(r.problems));
    EXPECT_EQ(r.plan->procedure.pin.stack, QList<int> { 0 });
    EXPECT_EQ(r.plan->procedure.pin.engine, QList<int> { 0 });
    const auto again = parsePlan(r.plan->toJson());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.plan->procedure.pin, r.plan->procedure.pin);
    const LoadSpec spec
        = toLoadSpec(r.plan->scenarios.first(), r.plan->procedure, QUrl(u"http://127.0.0.1:1"_qs));
    EXPECT_EQ(spec.cpuAffinity, QList<int> { 0 });
    // Off by default, as in the paper, and then absent from the JSON.
    Plan plain = *r.plan;
    plain.procedure.pin = {};
    EXPECT_FALSE(plain.toJson().value(u"procedure"_qs).toObject().contains(u"pin"_qs));
}

TEST(Pinning, BadPinsAreNamedByPath)
{
    EXPECT_TRUE(problemsWithPin(QJsonObject {})
                    .join(u'\n')
                    .contains(u"procedure.pin: needs \"stack\" or \"engine\""_qs));
    const QStringList bad = problemsWithPin(QJsonObject { { u"stack"_qs, QJsonArray { -1 } },
        { u"engine"_qs, QJsonArray {} }, { u"server"_qs, QJsonArray { 1 } } });
    const QString all = bad.join(u'\n');
    EXPECT_TRUE(all.contains(u"procedure.pin.stack[0]"_qs)) << qPrintable(all);
    EXPECT_TRUE(all.contains(u"procedure.pin.engine: must name at least one CPU"_qs)) << qPrintable(all);
    EXPECT_TRUE(all.contains(u"procedure.pin.server"_qs)) << qPrintable(all);
    // A CPU the machine lacks is a problem of each scenario's load, found when the plan is read.
    const int missing = int(std::thread::hardware_concurrency()) + 3;
    const QString lacking
        = problemsWithPin(QJsonObject { { u"engine"_qs, QJsonArray { missing } } }).join(u'\n');
    EXPECT_TRUE(lacking.contains(u"scenarios[0]"_qs)) << qPrintable(lacking);
    EXPECT_TRUE(lacking.contains(u"CPU %1 does not exist here"_qs.arg(missing))) << qPrintable(lacking);
}

TEST(Pinning, EngineWorkerThreadsRunOnTheirCpus)
{
    TestServer server;
    ASSERT_TRUE(server.start());
    LoadSpec s = specFor(server.baseUrl(), u"/fast"_qs, ExecutorKind::ConstantVus, 2);
    s.duration = 600ms;
    s.threads = 2;
    s.cpuAffinity = { 0 };
    LoadRunner runner;
    QStringList seen;
    QObject::connect(&runner, &LoadRunner::snapshotAvailable, [&](const LiveSnapshot&) {
        for (const QString& tid : QDir(u"/proc/self/task"_qs).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile comm(u"/proc/self/task/%1/comm"_qs.arg(tid));
            if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith("load-worker"))
                seen << allowedCpus(u"/proc/self/task/%1/status"_qs.arg(tid));
        }
    });
    const LoadResult r = QCoro::waitFor(runLoad(runner, s));
    EXPECT_TRUE(r.error.isEmpty()) << qPrintable(r.error);
    ASSERT_FALSE(seen.isEmpty());
    for (const QString& cpus : seen)
        EXPECT_EQ(cpus, u"0"_qs);
    // This thread was never pinned.
    EXPECT_NE(allowedCpus(u"/proc/thread-self/status"_qs), u"0"_qs);
}

TEST(Pinning, ATreeIsPinnedThreadByThreadAndChildrenInherit)
{
    if (std::thread::hardware_concurrency() < 2)
        GTEST_SKIP() << "one CPU: pinning to it changes nothing observable";
    QProcess tree;
    tree.start(u"sh"_qs, { u"-c"_qs, u"sleep 20 & sleep 20 & wait"_qs });
    ASSERT_TRUE(tree.waitForStarted());
    QList<qint64> pids;
    for (int i = 0; i < 100 && pids.size() < 3; ++i) { // the shell and its two sleeps
        QThread::msleep(20);
        pids = proc::treePids(tree.processId());
    }
    ASSERT_EQ(pids.size(), 3);
    EXPECT_EQ(proc::pinTree(tree.processId(), { 1 }), QString());
    for (qint64 pid : pids)
        EXPECT_EQ(allowedCpus(u"/proc/%1/status"_qs.arg(pid)), u"1"_qs) << pid;
    EXPECT_FALSE(setThreadAffinity(0, { 5000 }).isEmpty());
    for (qint64 pid : pids)
        ::kill(pid_t(pid), SIGKILL);
    tree.waitForFinished();
}
