// No orphans: when the process that started a stack dies without stopping it (SIGKILL), the whole
// tree goes too. The dying parent is this test binary, re-run as a helper that starts a stack and
// waits to be killed.
#include "stacks/proctree.h"
#include "stacks/stackmanifest.h"
#include "stacks/stackprocess.h"
#include "waiting.h"

#include <QCoreApplication>
#include <QCoroTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>
#include <algorithm>
#include <csignal>
#include <gtest/gtest.h>
#include <sys/prctl.h>

using namespace std::chrono_literals;

namespace {

const char* const kPidFileVar = "STACKBENCH_ORPHAN_PIDFILE";
const char* const kStackVar = "STACKBENCH_ORPHAN_STACK";

// Run only by StackOrphans below (disabled tests are skipped in normal runs).
TEST(StackOrphanHelper, DISABLED_ServeUntilKilled)
{
    const QString pidFile = qEnvironmentVariable(kPidFileVar);
    ASSERT_FALSE(pidFile.isEmpty()) << "run by StackOrphans only";
    QStringList errors;
    const auto manifest = StackManifest::load({}, &errors);
    ASSERT_TRUE(manifest.has_value()) << errors.join(u'\n').toStdString();
    const StackDefinition* def = manifest->find(qEnvironmentVariable(kStackVar));
    ASSERT_NE(def, nullptr);
    auto* stack = new StackProcess(*manifest, *def); // never stopped: this process dies holding it
    ASSERT_TRUE(QCoro::waitFor(stack->start())) << stack->error().toStdString();
    ASSERT_TRUE(waitUntil([&] { return stack->treePids().size() >= 3; }, 10s));
    QSaveFile out(pidFile);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    for (qint64 pid : stack->treePids())
        out.write(QByteArray::number(pid) + '\n');
    ASSERT_TRUE(out.commit());
    QCoro::waitFor(QCoro::sleepFor(120s));
}

class StackOrphans : public ::testing::TestWithParam<const char*>
{
};

TEST_P(StackOrphans, TreeDiesWithItsParent)
{
    if (!QFileInfo(StackManifest::defaultVenv() + u"/bin/gunicorn"_qs).isExecutable())
        GTEST_SKIP() << "the stacks' venv is missing: run `bash packaging/setup.sh` or set STACKBENCH_VENV";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString pidFile = dir.filePath(u"pids"_qs);

    QProcess helper;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kPidFileVar), pidFile);
    env.insert(QString::fromLatin1(kStackVar), QString::fromLatin1(GetParam()));
    helper.setProcessEnvironment(env);
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    helper.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    helper.start(QCoreApplication::applicationFilePath(),
        { u"--gtest_also_run_disabled_tests"_qs,
            u"--gtest_filter=StackOrphanHelper.DISABLED_ServeUntilKilled"_qs });
    ASSERT_TRUE(helper.waitForStarted());
    ASSERT_TRUE(
        waitUntil([&] { return QFileInfo::exists(pidFile) || helper.state() == QProcess::NotRunning; }, 60s));
    ASSERT_TRUE(QFileInfo::exists(pidFile)) << "the helper failed:\n"
                                            << helper.readAllStandardOutput().toStdString();

    QFile f(pidFile);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    QList<qint64> pids;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.isEmpty())
            pids << line.toLongLong();
    ASSERT_GE(pids.size(), 3) << "master and two workers";
    for (qint64 pid : pids)
        ASSERT_TRUE(proc::isAlive(pid)) << pid;

    ::kill(pid_t(helper.processId()), SIGKILL);
    ASSERT_TRUE(helper.waitForFinished(5'000));
    const bool gone = waitUntil(
        [&] {
            for (qint64 pid : pids)
                if (proc::isAlive(pid))
                    return false;
            return true;
        },
        10s);
    EXPECT_TRUE(gone) << "processes of " << GetParam() << " outlived the process that started them";
    for (qint64 pid : pids)
        if (proc::isAlive(pid))
            ::kill(pid_t(pid), SIGKILL); // don't leak them into the other tests
}

// flask (gthread workers watch their parent) and fastapi (uvicorn workers don't).
INSTANTIATE_TEST_SUITE_P(
    Stacks, StackOrphans, ::testing::Values("flask-sqlite3", "fastapi-sqlite3"), [](const auto& info) {
        std::string n = info.param;
        std::replace(n.begin(), n.end(), '-', '_');
        return n;
    });

} // namespace
