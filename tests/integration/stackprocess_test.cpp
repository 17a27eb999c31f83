// The stack launcher on a real stack (flask-sqlite3, the quickest to start) and on stand-ins that
// never become ready, exit early, or fail to seed.
#include "engine/transport.h"
#include "stacks/ports.h"
#include "stacks/proctree.h"
#include "stacks/stackmanifest.h"
#include "stacks/stackprocess.h"
#include "waiting.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <csignal>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

const QString kStack = u"flask-sqlite3"_qs;

bool allGone(const QList<qint64>& pids)
{
    for (qint64 pid : pids)
        if (proc::isAlive(pid))
            return false;
    return true;
}

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

HttpResponse get(const QUrl& base, const QByteArray& target)
{
    Transport::Options o;
    o.baseUrl = base;
    o.keepBodies = true;
    o.timeout = 10s;
    auto t = Transport::create(TransportKind::Socket, o);
    return QCoro::waitFor(t->send(HttpRequest { "GET", target, {}, {} }));
}

/// The shipped manifest with a working venv, or a reason to skip.
class RealStack : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QString gunicorn = StackManifest::defaultVenv() + u"/bin/gunicorn"_qs;
        if (!QFileInfo(gunicorn).isExecutable())
            GTEST_SKIP() << "the stacks' venv is missing (" << gunicorn.toStdString()
                         << "): run `bash packaging/setup.sh` or set STACKBENCH_VENV";
        QStringList errors;
        auto m = StackManifest::load({}, &errors);
        ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
        m_manifest = *m;
        ASSERT_NE(m_manifest.find(kStack), nullptr);
    }

    std::unique_ptr<StackProcess> make(StackLaunchOptions o = {})
    {
        return std::make_unique<StackProcess>(m_manifest, *m_manifest.find(kStack), o);
    }

    StackManifest m_manifest;
};

TEST_F(RealStack, StartsServesAndStopsTheWholeTree)
{
    auto stack = make();
    ASSERT_TRUE(QCoro::waitFor(stack->start())) << stack->error().toStdString();
    EXPECT_EQ(stack->state(), StackProcess::State::Ready);
    EXPECT_GT(stack->port(), 0);
    EXPECT_EQ(stack->baseUrl().host(), u"127.0.0.1");
    EXPECT_GT(stack->readySeconds(), 0.0);
    EXPECT_LT(stack->readySeconds(), 30.0);
    EXPECT_TRUE(stack->commandLine().first().endsWith(u"/bin/gunicorn"_qs));
    EXPECT_TRUE(stack->commandLine().contains(u"127.0.0.1:"_qs + QString::number(stack->port())));
    EXPECT_TRUE(stack->seedCommandLine().contains(u"0"_qs));
    EXPECT_TRUE(QFileInfo::exists(stack->databasePath()));
    EXPECT_EQ(get(stack->baseUrl(), "/hello").status, 200);

    // gunicorn's master and its two workers, all in the master's process group.
    ASSERT_TRUE(waitUntil([&] { return stack->treePids().size() >= 3; })) << stack->treePids().size();
    const QList<qint64> pids = stack->treePids();
    for (qint64 pid : pids)
        EXPECT_EQ(proc::readStat(pid)->pgid, stack->pid()) << pid;

    QCoro::waitFor(stack->stop());
    EXPECT_EQ(stack->state(), StackProcess::State::Stopped);
    EXPECT_TRUE(allGone(pids));
    EXPECT_TRUE(allGone(stack->knownPids()));
    EXPECT_FALSE(QFileInfo::exists(stack->databasePath())) << "the database is per run";
    const QString log = readAll(stack->logPath());
    EXPECT_TRUE(log.contains(u"seed --count 0"_qs));
    EXPECT_TRUE(log.contains(shellQuote(stack->commandLine()))) << "the log records the exact command";
    EXPECT_TRUE(log.contains(u"Booting worker"_qs)) << "gunicorn's own output is captured";
    EXPECT_TRUE(log.contains(u"stopped"_qs));
}

TEST_F(RealStack, SeedsWhileRunning)
{
    auto stack = make();
    ASSERT_TRUE(QCoro::waitFor(stack->start())) << stack->error().toStdString();
    const SeedResult seed = QCoro::waitFor(stack->seed(1500));
    ASSERT_TRUE(seed.ok) << seed.error.toStdString();
    EXPECT_TRUE(seed.command.contains(u"1500"_qs));
    const HttpResponse r = get(stack->baseUrl(), "/items/");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(QJsonDocument::fromJson(r.body).array().size(), 1500);
    QCoro::waitFor(stack->stop());
}

TEST_F(RealStack, KillTakesTheTreeDownAtOnce)
{
    auto stack = make();
    ASSERT_TRUE(QCoro::waitFor(stack->start())) << stack->error().toStdString();
    ASSERT_TRUE(waitUntil([&] { return stack->treePids().size() >= 3; }));
    const QList<qint64> pids = stack->treePids();
    stack->kill();
    EXPECT_TRUE(waitUntil([&] { return allGone(pids); }, 5s));
    EXPECT_EQ(stack->state(), StackProcess::State::Stopped);
}

TEST_F(RealStack, ReportsACrashAndReapsTheWorkers)
{
    auto stack = make();
    ASSERT_TRUE(QCoro::waitFor(stack->start())) << stack->error().toStdString();
    ASSERT_TRUE(waitUntil([&] { return stack->treePids().size() >= 3; }));
    const QList<qint64> pids = stack->treePids();
    QString message;
    int code = 0, sig = 0;
    QObject::connect(stack.get(), &StackProcess::crashed, [&](const QString& m, int c, int s) {
        message = m;
        code = c;
        sig = s;
    });
    ::kill(pid_t(stack->pid()), SIGKILL); // the master only, as a crash would
    ASSERT_TRUE(waitUntil([&] { return !message.isEmpty(); })) << "no crashed() signal";
    EXPECT_EQ(stack->state(), StackProcess::State::Crashed);
    EXPECT_EQ(sig, SIGKILL);
    EXPECT_TRUE(message.contains(u"SIGKILL"_qs)) << message.toStdString();
    EXPECT_TRUE(message.contains(stack->logPath())) << message.toStdString();
    EXPECT_TRUE(waitUntil([&] { return allGone(pids); }, 5s)) << "workers outlived their crashed master";
}

TEST_F(RealStack, PicksAnotherPortWhenThePreferredOneIsTaken)
{
    QTcpServer squatter;
    ASSERT_TRUE(squatter.listen(QHostAddress::LocalHost, 0));
    StackLaunchOptions o;
    o.preferredPort = squatter.serverPort();
    auto stack = make(o);
    ASSERT_TRUE(QCoro::waitFor(stack->start())) << stack->error().toStdString();
    EXPECT_NE(stack->port(), squatter.serverPort());
    EXPECT_EQ(get(stack->baseUrl(), "/hello").status, 200);
    QCoro::waitFor(stack->stop());
}

TEST_F(RealStack, UsesThePreferredPortWhenItIsFree)
{
    const quint16 free = ports::pick(0);
    ASSERT_NE(free, 0);
    StackLaunchOptions o;
    o.preferredPort = free;
    auto stack = make(o);
    ASSERT_TRUE(QCoro::waitFor(stack->start())) << stack->error().toStdString();
    EXPECT_EQ(stack->port(), free);
    QCoro::waitFor(stack->stop());
}

TEST_F(RealStack, DestroyingItKillsTheTree)
{
    QList<qint64> pids;
    {
        auto stack = make();
        ASSERT_TRUE(QCoro::waitFor(stack->start())) << stack->error().toStdString();
        ASSERT_TRUE(waitUntil([&] { return stack->treePids().size() >= 3; }));
        pids = stack->treePids();
    }
    EXPECT_TRUE(waitUntil([&] { return allGone(pids); }, 5s));
}

/// Stand-in stacks run by the pyenv python3 on PATH, from a temporary manifest.
class FakeStack : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_python = QStandardPaths::findExecutable(u"python3"_qs);
        if (m_python.isEmpty())
            GTEST_SKIP() << "no python3 on PATH";
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(QDir(m_dir.path()).mkpath(u"fake"_qs));
    }

    /// A manifest whose one stack "fake" runs `python3 -c code`.
    StackManifest manifest(
        const QString& code, const QString& seedCode = u"pass"_qs, const QStringList& args = {})
    {
        const QJsonObject stack { { u"name"_qs, u"fake"_qs }, { u"label"_qs, u"Fake"_qs },
            { u"directory"_qs, u"fake"_qs },
            { u"command"_qs, QJsonArray::fromStringList(QStringList { m_python, u"-c"_qs, code } + args) } };
        const QJsonObject root { { u"version"_qs, 1 }, { u"stacks"_qs, QJsonArray { stack } },
            { u"seed"_qs, QJsonObject { { u"command"_qs, QJsonArray { m_python, u"-c"_qs, seedCode } } } } };
        QStringList errors;
        auto m = StackManifest::parse(QJsonDocument(root).toJson(), m_dir.path(), &errors);
        EXPECT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
        return m.value_or(StackManifest {});
    }

    QString m_python;
    QTemporaryDir m_dir;
};

TEST_F(FakeStack, ReadinessTimeoutNamesTheLog)
{
    const StackManifest m = manifest(u"import time; time.sleep(60)"_qs);
    StackLaunchOptions o;
    o.readyTimeout = 1500ms;
    o.gracePeriod = 2s;
    StackProcess stack(m, m.stacks.first(), o);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(QCoro::waitFor(stack.start()));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
    EXPECT_EQ(stack.state(), StackProcess::State::Failed);
    const QString e = stack.error();
    EXPECT_TRUE(e.startsWith(u"fake did not answer GET /hello with 200 within 1.5 s"_qs)) << e.toStdString();
    EXPECT_TRUE(e.contains(u"see "_qs + stack.logPath())) << e.toStdString();
    EXPECT_TRUE(QFileInfo::exists(stack.logPath()));
    EXPECT_TRUE(allGone(stack.knownPids())) << "the sleeper was not stopped";
}

// Serves GET /hello on argv[1]; the first launch (no marker file yet) pretends its port was
// stolen between Stackbench's check and its bind, as gunicorn reports it, and hangs.
const QString kServeUnlessMarked = uR"py(
import http.server, os, sys, time
port, marker = int(sys.argv[1]), sys.argv[2]
if not os.path.exists(marker):
    open(marker, "w").close()
    print("[ERROR] Connection in use: ('127.0.0.1', %d)" % port, flush=True)
    time.sleep(60)
class Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = b'{"message": "Hello, World!"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Hello).serve_forever()
)py"_qs;

TEST_F(FakeStack, RetriesOnAnotherPortWhenTheBindFails)
{
    const StackManifest m
        = manifest(kServeUnlessMarked, u"pass"_qs, { u"{port}"_qs, m_dir.filePath(u"marker"_qs) });
    StackLaunchOptions o;
    o.readyTimeout = 10s;
    StackProcess stack(m, m.stacks.first(), o);
    ASSERT_TRUE(QCoro::waitFor(stack.start())) << stack.error().toStdString();
    const QString log = readAll(stack.logPath());
    EXPECT_TRUE(log.contains(u"was taken: trying another"_qs)) << log.toStdString();
    EXPECT_EQ(get(stack.baseUrl(), "/hello").status, 200);
    EXPECT_EQ(stack.commandLine().value(3), QString::number(stack.port()));
    QCoro::waitFor(stack.stop());
    EXPECT_TRUE(allGone(stack.knownPids()));
}

TEST_F(FakeStack, EarlyExitIsReportedWithItsCode)
{
    const StackManifest m
        = manifest(u"import sys; print('cannot bind, giving up', flush=True); sys.exit(3)"_qs);
    StackProcess stack(m, m.stacks.first());
    EXPECT_FALSE(QCoro::waitFor(stack.start()));
    const QString e = stack.error();
    EXPECT_TRUE(e.startsWith(u"fake exited with code 3 before becoming ready; see "_qs + stack.logPath()))
        << e.toStdString();
    EXPECT_TRUE(e.contains(u"cannot bind, giving up"_qs)) << "the log's tail is quoted: " << e.toStdString();
    EXPECT_TRUE(readAll(stack.logPath()).contains(u"cannot bind, giving up"_qs));
}

TEST_F(FakeStack, SeedFailureStopsTheStart)
{
    const StackManifest m = manifest(u"import time; time.sleep(60)"_qs,
        u"import sys; sys.stderr.write('no such table: item'); sys.exit(2)"_qs);
    StackProcess stack(m, m.stacks.first());
    EXPECT_FALSE(QCoro::waitFor(stack.start()));
    const QString e = stack.error();
    EXPECT_TRUE(e.contains(u"creating the database failed: the seed command failed with exit code 2"_qs))
        << e.toStdString();
    EXPECT_TRUE(e.contains(u"no such table: item"_qs)) << e.toStdString();
    EXPECT_EQ(stack.pid(), 0) << "the stack never started";
}

TEST_F(FakeStack, SeedTimeoutKillsTheSeed)
{
    const StackManifest m = manifest(u"pass"_qs, u"import time; time.sleep(60)"_qs);
    const SeedResult r = QCoro::waitFor(runSeed(m, {}, m_dir.filePath(u"x.db"_qs), 5, 500ms));
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.error.contains(u"did not finish within 0.5 s"_qs)) << r.error.toStdString();
}

TEST_F(FakeStack, MissingProgramIsNamed)
{
    QStringList errors;
    const QByteArray json = R"({"version": 1, "stacks": [{"name": "ghost", "label": "Ghost", "directory": ".",
        "command": ["{venv}/bin/no-such-server", "--bind", "127.0.0.1:{port}"]}],
        "seed": {"command": ["python3", "-c", "pass"]}})";
    auto m = StackManifest::parse(json, m_dir.path(), &errors);
    ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
    StackLaunchOptions o;
    o.venv = m_dir.filePath(u"venv"_qs);
    StackProcess stack(*m, m->stacks.first(), o);
    EXPECT_FALSE(QCoro::waitFor(stack.start()));
    EXPECT_TRUE(stack.error().contains(u"no-such-server does not exist"_qs)) << stack.error().toStdString();
    EXPECT_TRUE(stack.error().contains(u"packaging/setup.sh"_qs)) << stack.error().toStdString();
}

} // namespace
