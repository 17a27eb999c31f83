// The resource sampler on a real process tree: CPU% of one core from /proc ticks, and summed RSS.
#include "stacks/proctree.h"
#include "stacks/resourcesampler.h"
#include "stacks/stackmanifest.h"
#include "stacks/stackprocess.h"

#include <QCoroProcess>
#include <QCoroTimer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <csignal>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

// A parent that sleeps and a child that spins: the tree uses about one core. Each ends when its
// parent does, so a test that dies before it kills the tree (a failed assertion, a sanitizer abort)
// leaves no process spinning on the machine.
const QString kBusyTree = uR"(
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import os\np = os.getppid()\nwhile os.getppid() == p: pass"])
print("started", flush=True)
test = os.getppid()
for _ in range(600):
    if os.getppid() != test:
        break
    time.sleep(0.1)
)"_qs;

TEST(StackResources, SamplesTheWholeTree)
{
    const QString python = QStandardPaths::findExecutable(u"python3"_qs);
    if (python.isEmpty())
        GTEST_SKIP() << "no python3 on PATH";
    QProcess busy;
    busy.start(python, { u"-c"_qs, kBusyTree });
    ASSERT_TRUE(busy.waitForStarted());
    // Not qCoro(&busy, &QProcess::readyReadStandardOutput): a private signal's QPrivateSignal argument
    // reaches the slot as a null reference (UBSan: reference binding to null pointer).
    const bool started = QCoro::waitFor(qCoro(busy).waitForReadyRead(10s));
    ASSERT_TRUE(started);
    ASSERT_TRUE(QCoro::waitFor([&]() -> QCoro::Task<bool> {
        for (int i = 0; i < 100 && proc::treePids(busy.processId()).size() < 2; ++i)
            co_await QCoro::sleepFor(20ms);
        co_return proc::treePids(busy.processId()).size() == 2;
    }()));

    ResourceSampler sampler;
    QList<ResourceSample> samples;
    QObject::connect(
        &sampler, &ResourceSampler::sampleAvailable, [&](const ResourceSample& s) { samples << s; });
    // Ground truth from the kernel's own counters over the same window: on a loaded machine the
    // spinning child gets less than a core, and the sampler must report what it really got.
    auto treeTicks = [&] {
        quint64 sum = 0;
        for (quint64 t : ResourceSampler::read(busy.processId()).ticks)
            sum += t;
        return sum;
    };
    QElapsedTimer window;
    const quint64 ticksBefore = treeTicks();
    window.start();
    sampler.start(busy.processId());
    QCoro::waitFor(QCoro::sleepFor(1300ms)); // the window being measured
    const ResourceStats stats = sampler.stop();
    const double truePercent = 100.0 * double(treeTicks() - ticksBefore) / double(sysconf(_SC_CLK_TCK))
        / (double(window.elapsed()) / 1000.0);
    const QList<qint64> tree = proc::treePids(busy.processId());
    for (qint64 pid : tree)
        ::kill(pid_t(pid), SIGKILL);
    busy.waitForFinished();

    ASSERT_GE(stats.samples, 5);
    EXPECT_EQ(samples.size(), stats.samples);
    EXPECT_EQ(samples.last().processes, 2);
    EXPECT_GT(truePercent, 20.0) << "the spinning child should get a good share of a core";
    EXPECT_NEAR(stats.cpuMeanPercent, truePercent, 20.0) << "sampler vs the kernel's counters";
    EXPECT_GE(stats.cpuMaxPercent, stats.cpuMeanPercent);
    EXPECT_GT(stats.rssMeanMb, 5.0) << "two Python interpreters";
    EXPECT_GE(stats.rssMaxMb, stats.rssMeanMb);
    EXPECT_GT(samples[1].elapsedS, samples[0].elapsedS);
}

TEST(StackResources, AGoneTreeReadsAsNothing)
{
    const auto r = ResourceSampler::read(0x7ffffff0);
    EXPECT_EQ(r.processes, 0);
    EXPECT_EQ(r.rssBytes, 0);
}

TEST(StackResources, StatsRoundTripThroughJson)
{
    ResourceStats s;
    s.cpuMeanPercent = 42.5;
    s.cpuMaxPercent = 97;
    s.rssMeanMb = 80.25;
    s.rssMaxMb = 81;
    s.samples = 40;
    const ResourceStats back = ResourceStats::fromJson(s.toJson());
    EXPECT_EQ(back.cpuMeanPercent, 42.5);
    EXPECT_EQ(back.cpuMaxPercent, 97);
    EXPECT_EQ(back.rssMeanMb, 80.25);
    EXPECT_EQ(back.rssMaxMb, 81);
    EXPECT_EQ(back.samples, 40);
}

TEST(StackResources, SamplesAnIdleGunicornTree)
{
    if (!QFileInfo(StackManifest::defaultVenv() + u"/bin/gunicorn"_qs).isExecutable())
        GTEST_SKIP() << "the stacks' venv is missing: run `bash packaging/setup.sh` or set STACKBENCH_VENV";
    QStringList errors;
    const auto m = StackManifest::load({}, &errors);
    ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
    StackProcess stack(*m, *m->find(u"flask-sqlite3"_qs));
    ASSERT_TRUE(QCoro::waitFor(stack.start())) << stack.error().toStdString();
    ResourceSampler sampler;
    int processes = 0;
    QObject::connect(&sampler, &ResourceSampler::sampleAvailable,
        [&](const ResourceSample& s) { processes = s.processes; });
    sampler.start(stack.pid());
    QCoro::waitFor(QCoro::sleepFor(600ms));
    const ResourceStats stats = sampler.stop();
    QCoro::waitFor(stack.stop());
    EXPECT_GE(stats.samples, 2);
    EXPECT_EQ(processes, 3) << "master and two workers";
    EXPECT_GT(stats.rssMeanMb, 30.0);
    EXPECT_LT(stats.cpuMeanPercent, 50.0) << "idle";
}

} // namespace
