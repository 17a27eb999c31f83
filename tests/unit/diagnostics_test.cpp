// The variance detectors: procfs parsers, the sampler's per-worker and machine figures on a
// synthetic /proc tree with a clock of the test's own, the classification thresholds, and the
// pre-flight check.
#include "metrics/diagnostics.h"
#include "plan/jsonreader.h"
#include "stacks/machinecheck.h"
#include "stacks/procsignals.h"
#include "stacks/resourcesampler.h"

#include <QCoroTask>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>
#include <gtest/gtest.h>
#include <unistd.h>

namespace {

constexpr qint64 Second = 1'000'000'000;

/// A tiny /proc: a gunicorn-like tree (master 100, workers 101 and 102), a foreign process 200,
/// machine counters, PSI and the TCP tables. Counters are set by the test between samples.
class FakeProc
{
public:
    FakeProc()
    {
        m_root = m_dir.path().toStdString();
        process(100, 1, "gunicorn", 'S');
        process(101, 100, "gunicorn", 'S');
        process(102, 100, "gunicorn", 'S');
        process(200, 1, "yes", 'R');
        machine(0, 0, 0, 0);
        pressure("cpu", 0);
        pressure("io", 0);
        connections({}, {});
    }
    const char* root() const { return m_root.c_str(); }

    void process(qint64 pid, qint64 ppid, const char* comm, char state, quint64 ticks = 0)
    {
        const QString dir = u"%1/%2"_qs.arg(m_dir.path()).arg(pid);
        QDir().mkpath(dir + u"/fd"_qs);
        QDir().mkpath(dir + u"/task/%1"_qs.arg(pid));
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        // cutime cstime priority nice threads itrealvalue starttime
        const QByteArray stat = QByteArray::number(pid) + " (" + comm + ") " + state + ' '
            + QByteArray::number(ppid) + " 100 100 0 -1 0 0 0 0 0 " + QByteArray::number(ticks)
            + " 0 0 0 20 0 1 0 " + QByteArray::number(1000 + pid) + " 0 0\n";
        write(dir + u"/stat"_qs, stat);
        write(dir + u"/task/%1/stat"_qs.arg(pid), stat);
        write(dir + u"/statm"_qs, "1000 500 0 0 0 0 0\n");
        write(dir + u"/comm"_qs, QByteArray(comm) + '\n');
        m_comm[pid] = comm;
        m_ppid[pid] = ppid;
    }
    void ticks(qint64 pid, quint64 ticks, char state = 'S')
    {
        process(pid, m_ppid[pid], m_comm[pid], state, ticks);
    }

    void machine(quint64 user, quint64 system, quint64 idle, quint64 steal)
    {
        write(m_dir.path() + u"/stat"_qs,
            "cpu  " + QByteArray::number(user) + " 0 " + QByteArray::number(system) + ' '
                + QByteArray::number(idle) + " 0 0 0 " + QByteArray::number(steal)
                + " 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n");
    }
    void pressure(const char* what, quint64 someUs)
    {
        QDir().mkpath(m_dir.path() + u"/pressure"_qs);
        write(m_dir.path() + u"/pressure/"_qs + QString::fromLatin1(what),
            "some avg10=0.00 avg60=0.00 avg300=0.00 total=" + QByteArray::number(someUs)
                + "\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
    }
    /// Established connections to port 8000 held by workers 101 and 102.
    void connections(int first, int second)
    {
        QByteArray tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
                         "timeout inode\n";
        tcp += "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
               "5000 1 0 100 0 0 10 0\n";
        int line = 1;
        auto add = [&](qint64 pid, int count, quint64 firstInode) {
            const QString fd = u"%1/%2/fd"_qs.arg(m_dir.path()).arg(pid);
            QDir(fd).removeRecursively();
            QDir().mkpath(fd);
            for (int i = 0; i < count; ++i) {
                const quint64 inode = firstInode + quint64(i);
                tcp += "   " + QByteArray::number(line++) + ": 0100007F:1F40 0100007F:"
                    + QByteArray::number(40000 + int(inode % 1000), 16).toUpper()
                    + " 01 00000000:00000000 00:00000000 00000000     0        0 " + QByteArray::number(inode)
                    + " 1 0 20 4 30 10 -1\n";
                // The client's end of the same connection: remote port 8000, owned by nobody here.
                tcp += "   " + QByteArray::number(line++)
                    + ": 0100007F:" + QByteArray::number(40000 + int(inode % 1000), 16).toUpper()
                    + " 0100007F:1F40 01 00000000:00000000 00:00000000 00000000     0        0 "
                    + QByteArray::number(inode + 100000) + " 1 0 20 4 30 10 -1\n";
                symlink(("socket:[" + std::to_string(inode) + "]").c_str(),
                    (fd.toStdString() + "/" + std::to_string(10 + i)).c_str());
            }
            symlink("/dev/null", (fd.toStdString() + "/0").c_str());
        };
        add(101, first, 7000);
        add(102, second, 8000);
        QDir().mkpath(m_dir.path() + u"/net"_qs);
        write(m_dir.path() + u"/net/tcp"_qs, tcp);
        write(m_dir.path() + u"/net/tcp6"_qs,
            "  sl  local_address                         remote_address                        st tx_queue "
            "rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
    }
    void file(const QString& name, const QByteArray& text)
    {
        QDir().mkpath(QFileInfo(m_dir.path() + u'/' + name).path());
        write(m_dir.path() + u'/' + name, text);
    }

private:
    static void write(const QString& path, const QByteArray& text)
    {
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }
    QTemporaryDir m_dir;
    std::string m_root;
    QHash<qint64, const char*> m_comm;
    QHash<qint64, qint64> m_ppid;
};

/// Two seconds of load: each worker and the foreign process used the given ticks per second (100
/// ticks = one core), the machine counted what they used plus `extraTicks` of nobody's.
ScenarioDiagnostics window(FakeProc& proc, int vus, int ticksA, int ticksB, int foreign, int steal = 0,
    quint64 ioUsPerS = 0, char state = 'S')
{
    ResourceSampler sampler;
    sampler.setProcRoot(proc.root());
    sampler.start(100, 8000, vus);
    for (int s = 1; s <= 2; ++s) {
        proc.ticks(101, quint64(ticksA * s), state);
        proc.ticks(102, quint64(ticksB * s));
        proc.ticks(200, quint64(foreign * s));
        const quint64 used = quint64((ticksA + ticksB + foreign) * s);
        proc.machine(
            used, 0, quint64(200 * s) - std::min<quint64>(used, quint64(200 * s)), quint64(steal * s));
        proc.pressure("io", ioUsPerS * quint64(s));
        sampler.sampleAt(s * Second);
    }
    sampler.stop();
    return sampler.diagnostics();
}

} // namespace

TEST(ProcSignals, ParsesTheTcpTableOfBothFamilies)
{
    const QByteArray v4
        = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
          "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 "
          "1 0 100 0 0 10 0\n"
          "   1: 0100007F:1F90 0100007F:B5C2 01 00000000:00000000 00:00000000 00000000     0        0 23456 "
          "1 0 20 4 30 10 -1\n"
          "garbage line\n";
    const auto rows = proc::parseTcpTable(v4);
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[0].localPort, 8080);
    EXPECT_EQ(rows[0].state, 10);
    EXPECT_EQ(rows[1].remotePort, 0xB5C2);
    EXPECT_EQ(rows[1].state, proc::TcpEstablished);
    EXPECT_EQ(rows[1].inode, 23456u);
    const QByteArray v6 = "  sl  local_address                         remote_address                        "
                          "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                          "   0: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:D2F0 "
                          "01 00000000:00000000 00:00000000 00000000     0        0 777 1 0 20 4 30 10 -1\n";
    const auto rows6 = proc::parseTcpTable(v6);
    ASSERT_EQ(rows6.size(), 1);
    EXPECT_EQ(rows6[0].localPort, 8080);
    EXPECT_EQ(rows6[0].remotePort, 0xD2F0);
    EXPECT_EQ(rows6[0].inode, 777u);
}

TEST(ProcSignals, ParsesCpuTimesPressureAndMeminfo)
{
    const auto cpu
        = proc::parseCpuTimes("cpu  6991 5 2858 89793 2379 7 53 101 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n");
    ASSERT_TRUE(cpu);
    EXPECT_EQ(cpu->user, 6991u);
    EXPECT_EQ(cpu->steal, 101u);
    EXPECT_EQ(cpu->busy(), 6991u + 5 + 2858 + 7 + 53);
    EXPECT_EQ(cpu->total(), cpu->busy() + 89793 + 2379 + 101);
    EXPECT_FALSE(proc::parseCpuTimes("intr 1 2 3"));
    EXPECT_FALSE(proc::parseCpuTimes("cpu  1 2 x 4 5 6 7 8"));

    const auto p = proc::parsePressure("some avg10=1.26 avg60=1.44 avg300=0.57 total=4589827\n"
                                       "full avg10=0.00 avg60=0.00 avg300=0.00 total=12\n");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->someUs, 4589827u);
    EXPECT_EQ(p->fullUs, 12u);
    EXPECT_FALSE(proc::parsePressure(""));
    EXPECT_FALSE(proc::parsePressure("some avg10=1 total=abc\n"));

    const QByteArray meminfo
        = "MemTotal:       24000000 kB\nSwapTotal:       2097148 kB\nSwapFree:        2000000 kB\n";
    EXPECT_EQ(proc::meminfoKb(meminfo, "SwapTotal"), 2097148);
    EXPECT_EQ(proc::meminfoKb(meminfo, "SwapFree"), 2000000);
    EXPECT_EQ(proc::meminfoKb(meminfo, "Swap"), -1);
}

TEST(ProcSignals, CountsEstablishedConnectionsPerProcess)
{
    FakeProc proc;
    proc.connections(3, 1);
    const auto counts = proc::establishedByPid({ 100, 101, 102 }, 8000, proc.root());
    EXPECT_EQ(counts.value(101), 3);
    EXPECT_EQ(counts.value(102), 1);
    EXPECT_EQ(counts.value(100), 0); // the master holds only the listening socket
    EXPECT_TRUE(proc::establishedByPid({ 101 }, 9999, proc.root()).isEmpty());
}

TEST(Diagnostics, ThresholdSitsHalfwayBetweenFairAndAll)
{
    EXPECT_DOUBLE_EQ(diagnostics::imbalanceThreshold(2), 0.75);
    EXPECT_DOUBLE_EQ(diagnostics::imbalanceThreshold(4), 0.625);
    EXPECT_DOUBLE_EQ(diagnostics::imbalanceThreshold(1), 1.0);
}

TEST(Diagnostics, FlagsOneWorkerHoldingEveryConnection)
{
    FakeProc proc;
    proc.connections(50, 0);
    const ScenarioDiagnostics d = window(proc, 50, 95, 0, 0);
    ASSERT_EQ(d.workers.size(), 2);
    EXPECT_EQ(d.workers[0].pid, 101);
    EXPECT_DOUBLE_EQ(d.workers[0].connections, 50);
    EXPECT_EQ(d.workers[0].maxConnections, 50);
    EXPECT_NEAR(d.workers[0].cpuPercent, 95, 1e-9);
    EXPECT_DOUBLE_EQ(d.connectionBalance, 1.0);
    EXPECT_DOUBLE_EQ(d.cpuBalance, 1.0);
    EXPECT_TRUE(d.has(ScenarioDiagnostics::Imbalanced));
    EXPECT_FALSE(d.has(ScenarioDiagnostics::Noisy));
    ASSERT_EQ(d.causes().size(), 1);
    EXPECT_EQ(d.causes().first(),
        u"one of 2 workers held 50 of 50 connections and did 100 % of the workers' CPU"_qs);
    EXPECT_EQ(d.split(), u"connections 50/0, CPU 100/0 %"_qs);
}

TEST(Diagnostics, ASkewedSplitThatKeepsBothWorkersBusyIsNotFlagged)
{
    for (auto [a, b] : { std::pair { 25, 25 }, std::pair { 35, 15 }, std::pair { 46, 4 } }) {
        FakeProc proc;
        proc.connections(a, b);
        const ScenarioDiagnostics d = window(proc, 50, 80, 70, 0);
        EXPECT_FALSE(d.has(ScenarioDiagnostics::Imbalanced)) << a << "/" << b;
        EXPECT_NEAR(d.connectionBalance, a / 50.0, 1e-9);
    }
    // The same 46/4 split where one worker does three quarters of the work crosses the line.
    FakeProc proc;
    proc.connections(46, 4);
    EXPECT_TRUE(window(proc, 50, 120, 40, 0).has(ScenarioDiagnostics::Imbalanced));
    FakeProc below;
    below.connections(46, 4);
    EXPECT_FALSE(window(below, 50, 110, 40, 0).has(ScenarioDiagnostics::Imbalanced)); // 73 %
}

TEST(Diagnostics, AWorkerWithNoConnectionIsImbalanced)
{
    FakeProc proc; // before it shows in CPU: the idle worker's few ticks are its heartbeat
    proc.connections(10, 0);
    EXPECT_TRUE(window(proc, 10, 12, 1, 0).has(ScenarioDiagnostics::Imbalanced));
}

TEST(Diagnostics, SkewedCpuAloneIsImbalancedWhenTheWorkersAreBusy)
{
    FakeProc proc; // connections not seen (a short scenario between samples)
    EXPECT_TRUE(window(proc, 10, 90, 10, 0).has(ScenarioDiagnostics::Imbalanced));
    FakeProc idle; // the same split at 8 % of a core says nothing
    EXPECT_FALSE(window(idle, 10, 7, 1, 0).has(ScenarioDiagnostics::Imbalanced));
}

TEST(Diagnostics, FewerConnectionsThanWorkersCannotBeImbalanced)
{
    FakeProc proc; // DELETE with one VU: one worker does it all, by construction
    proc.connections(1, 0);
    const ScenarioDiagnostics d = window(proc, 1, 40, 0, 0);
    EXPECT_DOUBLE_EQ(d.cpuBalance, 1.0);
    EXPECT_FALSE(d.has(ScenarioDiagnostics::Imbalanced));
}

TEST(Diagnostics, ForeignCpuIsFlaggedAndNamed)
{
    FakeProc proc;
    proc.connections(25, 25);
    const ScenarioDiagnostics d = window(proc, 50, 60, 60, 70);
    EXPECT_NEAR(d.foreignCpuPercent, 70, 1e-9);
    EXPECT_NEAR(d.foreignCpuMaxPercent, 70, 1e-9);
    EXPECT_EQ(d.foreignTopProcess, u"yes (200)"_qs);
    EXPECT_NEAR(d.foreignTopPercent, 70, 1e-9);
    EXPECT_TRUE(d.has(ScenarioDiagnostics::Noisy));
    EXPECT_EQ(d.causes().value(0), u"other processes used 70 % of a core (most: yes (200), 70 %)"_qs);

    FakeProc quiet;
    quiet.connections(25, 25);
    const ScenarioDiagnostics q = window(quiet, 50, 60, 60, 3);
    EXPECT_NEAR(q.foreignCpuPercent, 3, 1e-9);
    EXPECT_FALSE(q.has(ScenarioDiagnostics::Noisy));
}

TEST(Diagnostics, StealIsNoisy)
{
    FakeProc proc;
    const ScenarioDiagnostics d = window(proc, 50, 60, 60, 0, 20); // 20 of 220 ticks a second
    EXPECT_NEAR(d.stealPercent, 100.0 * 20 / 220, 1e-9);
    EXPECT_TRUE(d.has(ScenarioDiagnostics::Noisy));
    EXPECT_TRUE(d.causes().value(0).contains(u"the hypervisor stole 9 % of the CPU time"_qs));
}

TEST(Diagnostics, IoPressureAndBlockedWorkersAreIoStalled)
{
    FakeProc proc;
    const ScenarioDiagnostics d = window(proc, 1, 5, 0, 0, 0, 300'000, 'D');
    EXPECT_NEAR(d.ioPressurePercent, 30, 1e-9);
    EXPECT_NEAR(d.blockedPercent, 100, 1e-9);
    EXPECT_TRUE(d.has(ScenarioDiagnostics::IoStalled));
    EXPECT_EQ(d.causes().value(0),
        u"tasks waited on I/O 30 % of the time; a stack thread was blocked in I/O in 100 % of samples"_qs);

    // Blocked samples alone are too coarse to flag; 20 % of the time is the write scenarios' baseline.
    FakeProc blocked;
    const ScenarioDiagnostics b = window(blocked, 1, 5, 0, 0, 0, 0, 'D');
    EXPECT_NEAR(b.blockedPercent, 100, 1e-9);
    EXPECT_FALSE(b.has(ScenarioDiagnostics::IoStalled));
    FakeProc calm;
    EXPECT_FALSE(window(calm, 1, 5, 0, 0, 0, 200'000).has(ScenarioDiagnostics::IoStalled));
}

TEST(Diagnostics, WithoutPsiPressureIsUnknown)
{
    FakeProc proc;
    ResourceSampler sampler;
    sampler.setProcRoot(proc.root());
    QDir(QString::fromLocal8Bit(proc.root()) + u"/pressure"_qs).removeRecursively();
    sampler.start(100, 8000, 10);
    sampler.sampleAt(Second);
    const ScenarioDiagnostics d = sampler.diagnostics();
    EXPECT_EQ(d.ioPressurePercent, -1);
    EXPECT_EQ(d.cpuPressurePercent, -1);
    EXPECT_FALSE(d.has(ScenarioDiagnostics::IoStalled));
}

TEST(Diagnostics, JsonRoundTripsAndRederivesFlags)
{
    FakeProc proc;
    proc.connections(49, 1);
    const ScenarioDiagnostics d = window(proc, 50, 97, 3, 40, 0, 300'000);
    ASSERT_EQ(d.flags, (QStringList { u"imbalanced"_qs, u"noisy"_qs, u"io-stalled"_qs }));
    JsonReader reader;
    const auto back = ScenarioDiagnostics::fromJson(reader, d.toJson(), u"diagnostics"_qs);
    ASSERT_TRUE(back) << qPrintable(reader.problems().value(0).toString());
    EXPECT_EQ(*back, d);

    QJsonObject bad = d.toJson();
    bad.insert(u"cpu_balance"_qs, 1.5);
    bad.insert(u"surprise"_qs, 1);
    JsonReader strict;
    EXPECT_FALSE(ScenarioDiagnostics::fromJson(strict, bad, u"diagnostics"_qs));
    QStringList paths;
    for (const auto& p : strict.problems())
        paths << p.path;
    EXPECT_TRUE(paths.contains(u"diagnostics.cpu_balance"_qs)) << qPrintable(paths.join(u", "_qs));
    EXPECT_TRUE(paths.contains(u"diagnostics.surprise"_qs)) << qPrintable(paths.join(u", "_qs));
}

TEST(Preflight, WarnsAboutLoadBusyProcessesSwapAndGovernor)
{
    Preflight p;
    p.cores = 2;
    p.loadAverage = { 1.2, 0.5, 0.2 };
    p.busy = { { 4242, u"cc1plus"_qs, 95 } };
    p.swapTotalKb = 2048 * 1024;
    p.swapUsedKb = 300 * 1024;
    p.governor = u"powersave"_qs;
    p.stealPercent = 7;
    const Preflight a = assess(p);
    ASSERT_EQ(a.warnings.size(), 5) << qPrintable(a.warnings.join(u"\n"_qs));
    EXPECT_TRUE(a.warnings[0].startsWith(u"load average 1.20"_qs));
    EXPECT_EQ(a.warnings[1], u"cc1plus (pid 4242) is using 95 % of a core"_qs);

    Preflight idle;
    idle.cores = 2;
    idle.loadAverage = { 0.3, 0.2, 0.1 };
    idle.swapTotalKb = 0;
    idle.swapUsedKb = 0;
    idle.stealPercent = 0;
    idle.pressureAvailable = true;
    EXPECT_TRUE(assess(idle).warnings.isEmpty());
    EXPECT_TRUE(assess(idle).lines().contains(u"✓ nothing else is busy"_qs));
}

TEST(Preflight, ReadsASyntheticMachineAndFindsTheBusyProcess)
{
    FakeProc proc;
    proc.file(u"loadavg"_qs, "1.50 0.80 0.40 3/87 3821\n");
    proc.file(u"meminfo"_qs, "SwapTotal:  1048576 kB\nSwapFree:  1048576 kB\n");
    QTemporaryDir sys;
    QDir().mkpath(sys.path() + u"/devices/system/cpu/cpu0/cpufreq"_qs);
    QFile governor(sys.path() + u"/devices/system/cpu/cpu0/cpufreq/scaling_governor"_qs);
    ASSERT_TRUE(governor.open(QIODevice::WriteOnly));
    governor.write("performance\n");
    governor.close();
    // Halfway through the window the foreign process has used 50 ticks.
    QTimer::singleShot(100, [&] { proc.ticks(200, 50); });
    const QByteArray sysRoot = sys.path().toLocal8Bit();
    const Preflight p
        = QCoro::waitFor(runPreflight(std::chrono::milliseconds(300), proc.root(), sysRoot.constData()));
    EXPECT_GE(p.cores, 1);
    EXPECT_DOUBLE_EQ(p.loadAverage[0], 1.5);
    EXPECT_EQ(p.governor, u"performance"_qs);
    EXPECT_EQ(p.swapUsedKb, 0);
    EXPECT_TRUE(p.pressureAvailable);
    ASSERT_EQ(p.busy.size(), 1);
    EXPECT_EQ(p.busy[0].pid, 200);
    EXPECT_EQ(p.busy[0].name, u"yes"_qs);
    EXPECT_GT(p.busy[0].cpuPercent, 100); // 50 ticks in about 0.3 s
    JsonReader reader;
    const auto back = Preflight::fromJson(reader, p.toJson(), u"preflight"_qs);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, p);
}
