#include "stackprocess.h"

#include "engine/transport.h"
#include "launch.h"
#include "ports.h"
#include "proctree.h"

#include <QCoroTimer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <algorithm>
#include <atomic>
#include <csignal>
#include <unistd.h>

using namespace launch;
using namespace std::chrono_literals;

namespace {

QString logTail(const QString& path, int lines = 8)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    if (f.size() > 4096)
        f.seek(f.size() - 4096);
    QStringList all = QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    return all.join(u'\n');
}

QString freshRunDirectory(const QString& name)
{
    static std::atomic<int> counter { 0 };
    return QDir::tempPath() + u"/stackbench-runs/"_qs + name + u'-'
        + QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss-zzz"_qs) + u'-'
        + QString::number(::getpid()) + u'-' + QString::number(counter++);
}

/// One GET /hello on a fresh connection.
QCoro::Task<HttpResponse> probeHello(QUrl base, std::chrono::milliseconds timeout)
{
    Transport::Options o;
    o.baseUrl = base;
    o.keepBodies = true;
    o.maxBodyBytes = 1 << 20;
    o.timeout = timeout;
    auto transport = Transport::create(TransportKind::Socket, o);
    // Named, not a temporary in the co_await: GCC 12 destroys such temporaries twice.
    const HttpRequest request { "GET", "/hello", {}, {} };
    const HttpResponse r = co_await transport->send(request);
    // SocketTransport resumes us from inside its QTcpSocket's signals; destroying it there would
    // free the socket mid-emission. Let the event loop turn first.
    co_await QCoro::sleepFor(0ms);
    co_return r;
}

/// The log written since byte `offset`, at most its last 8 KiB.
QString logSince(const QString& path, qint64 offset)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    f.seek(std::max(offset, f.size() - 8192));
    return QString::fromUtf8(f.readAll());
}

/// gunicorn says "Connection in use" and retries for 5 s before giving up; others say errno 98.
bool isAddressInUse(const QString& log)
{
    return log.contains(u"Connection in use"_qs) || log.contains(u"Address already in use"_qs)
        || log.contains(u"[Errno 98]"_qs);
}

} // namespace

StackProcess::StackProcess(
    StackManifest manifest, StackDefinition stack, StackLaunchOptions options, QObject* parent)
    : QObject(parent)
    , m_manifest(std::move(manifest))
    , m_stack(std::move(stack))
    , m_options(std::move(options))
{
    if (m_options.venv.isEmpty())
        m_options.venv = StackManifest::defaultVenv();
}

StackProcess::~StackProcess()
{
    blockSignals(true);
    if (m_process)
        m_process->disconnect(this);
    kill();
    cleanupFiles();
}

QUrl StackProcess::baseUrl() const
{
    return m_port ? QUrl(u"http://127.0.0.1:"_qs + QString::number(m_port)) : QUrl();
}

QString StackProcess::workingDirectory() const
{
    return m_manifest.workingDirectory(m_stack);
}

QList<qint64> StackProcess::treePids() const
{
    return m_pid ? proc::treePids(m_pid) : QList<qint64> {};
}

void StackProcess::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void StackProcess::fail(const QString& message)
{
    m_error = message;
    setState(State::Failed);
}

QCoro::Task<bool> StackProcess::start()
{
    if (m_state == State::Starting || m_state == State::Ready || m_state == State::Stopping) {
        m_error = m_stack.name + u" is already running"_qs;
        co_return false;
    }
    m_error.clear();
    m_knownPids.clear();
    m_startTimes.clear();
    m_readySeconds = 0;
    setState(State::Starting);
    if (!prepareRun())
        co_return false;

    const SeedResult schema
        = co_await runSeed(m_manifest, m_options.venv, m_dbPath, 0, m_options.seedTimeout, m_logPath);
    m_seedCommandLine = schema.command;
    if (!schema.ok) {
        fail(m_stack.name + u": creating the database failed: "_qs + schema.error + u"\nsee "_qs + m_logPath);
        co_return false;
    }
    // The port is checked free just before the launch; if another process takes it in between, the
    // server fails to bind, and another port is tried.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const bool ready = co_await launchOnce();
        if (ready)
            co_return true;
        if (m_state != State::Failed || !m_portTaken)
            break;
        appendToLog(m_logPath, "# port " + QByteArray::number(m_port) + " was taken: trying another\n");
        m_options.preferredPort = 0;
        setState(State::Starting);
    }
    co_return false;
}

bool StackProcess::prepareRun()
{
    m_runDir = m_options.runDirectory.isEmpty() ? freshRunDirectory(m_stack.name) : m_options.runDirectory;
    if (!QDir().mkpath(m_runDir)) {
        fail(m_stack.name + u": cannot create the run directory "_qs + m_runDir);
        return false;
    }
    m_logPath = m_runDir + u'/' + m_stack.name + u".log"_qs;
    m_dbPath = m_runDir + u'/' + m_stack.name + u".sqlite3"_qs;
    cleanupFiles(); // a reused run directory still gets a fresh database
    QFile log(m_logPath);
    if (!log.open(QIODevice::WriteOnly | QIODevice::Append)) {
        fail(m_stack.name + u": cannot write the log "_qs + m_logPath + u": "_qs + log.errorString());
        return false;
    }
    log.write("# " + stamp().toUtf8() + " stackbench: starting " + m_stack.name.toUtf8() + " ("
        + m_stack.label.toUtf8() + ") from " + m_manifest.path.toUtf8() + '\n');
    if (!QFileInfo(workingDirectory()).isDir()) {
        fail(m_stack.name + u": its directory "_qs + workingDirectory() + u" does not exist"_qs);
        return false;
    }
    return true;
}

QCoro::Task<bool> StackProcess::launchOnce()
{
    m_port = ports::pick(m_options.preferredPort);
    if (m_port == 0) {
        fail(m_stack.name + u": no free loopback port"_qs);
        co_return false;
    }
    if (!spawn())
        co_return false;
    const bool ready = co_await waitUntilReady();
    co_return ready;
}

bool StackProcess::spawn()
{
    QHash<QString, QString> values { { u"venv"_qs, m_options.venv }, { u"stacks"_qs, m_manifest.directory },
        { u"port"_qs, QString::number(m_port) }, { u"db"_qs, m_dbPath } };
    for (auto it = m_stack.params.cbegin(); it != m_stack.params.cend(); ++it)
        values.insert(it.key(), it.value());
    QStringList missing;
    m_commandLine = substituteCommand(m_stack.command, values, &missing);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = m_stack.env.cbegin(); it != m_stack.env.cend(); ++it)
        env.insert(it.key(), substitutePlaceholders(it.value(), values, &missing));
    if (!missing.isEmpty()) {
        fail(m_stack.name + u": its command uses {"_qs + missing.join(u"}, {"_qs)
            + u"}, which only the seed command has"_qs);
        return false;
    }
    if (const QString why = checkProgram(m_commandLine.first(), m_options.venv); !why.isEmpty()) {
        fail(u"cannot start "_qs + m_stack.name + u": "_qs + why);
        return false;
    }
    appendToLog(m_logPath,
        "# " + stamp().toUtf8() + " cd " + shellQuote({ workingDirectory() }).toUtf8() + " && "
            + shellQuote(m_commandLine).toUtf8() + '\n');

    delete m_process;
    m_process = new QProcess(this);
    configureChild(*m_process);
    m_process->setProgram(m_commandLine.first());
    m_process->setArguments(m_commandLine.mid(1));
    m_process->setWorkingDirectory(workingDirectory());
    m_process->setProcessEnvironment(env);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_logPath, QIODevice::Append);
    m_logOffset = QFileInfo(m_logPath).size();
    m_portTaken = false;
    m_clock.start();
    m_process->start();
    if (!m_process->waitForStarted(10'000)) {
        fail(u"cannot start "_qs + m_stack.name + u": "_qs + m_process->errorString() + u"; see "_qs
            + m_logPath);
        return false;
    }
    m_pid = m_process->processId();
    m_guard = OrphanGuard(m_pid);
    rememberTree();
    connect(m_process, &QProcess::finished, this,
        [this](int code, QProcess::ExitStatus status) { onFinished(code, int(status)); });
    return true;
}

QCoro::Task<bool> StackProcess::waitUntilReady()
{
    const auto deadline = std::chrono::steady_clock::now() + m_options.readyTimeout;
    QString last = u"no answer"_qs;
    const QPointer<QProcess> process = m_process;
    while (true) {
        const bool exited = !process || process->state() == QProcess::NotRunning;
        if (isAddressInUse(logSince(m_logPath, m_logOffset))) {
            // Another process took the port between our check and the server's bind.
            m_portTaken = true;
            co_await killAndReap();
            fail(m_stack.name + u" could not bind port "_qs + QString::number(m_port)
                + u": it is in use; see "_qs + m_logPath);
            co_return false;
        }
        if (exited) {
            const QString how = exitDescription();
            co_await killAndReap(); // workers of a master that gave up
            const QString tail = logTail(m_logPath);
            fail(m_stack.name + u" "_qs + how + u" before becoming ready; see "_qs + m_logPath
                + (tail.isEmpty() ? QString() : u"\nlast lines of the log:\n"_qs + tail));
            co_return false;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        const QUrl url = baseUrl();
        const HttpResponse r = co_await probeHello(url, std::clamp(left, 50ms, 2000ms));
        if (m_state != State::Starting) { // stopped or killed meanwhile
            if (m_error.isEmpty())
                m_error = m_stack.name + u" was stopped before it became ready"_qs;
            co_return false;
        }
        if (r.status == 200) {
            m_readySeconds = double(m_clock.nsecsElapsed()) / 1e9;
            rememberTree();
            appendToLog(m_logPath,
                "# " + stamp().toUtf8() + " ready on " + baseUrl().toString().toUtf8() + " after "
                    + QByteArray::number(m_readySeconds, 'f', 2) + " s\n");
            setState(State::Ready);
            co_return true;
        }
        last = r.status ? u"HTTP "_qs + QString::number(r.status)
                        : (r.error.isEmpty() ? u"no answer"_qs : r.error);
        co_await QCoro::sleepFor(m_options.pollInterval);
    }
    const QString seconds = QString::number(double(m_options.readyTimeout.count()) / 1000.0);
    const QString message = m_stack.name + u" did not answer GET /hello with 200 within "_qs + seconds
        + u" s (last: "_qs + last + u"); see "_qs + m_logPath;
    co_await stop();
    fail(message);
    co_return false;
}

QString StackProcess::exitDescription() const
{
    if (!m_process)
        return u"did not start"_qs;
    if (m_process->exitStatus() == QProcess::CrashExit)
        return u"was killed by "_qs + signalName(m_process->exitCode());
    return u"exited with code "_qs + QString::number(m_process->exitCode());
}

void StackProcess::onFinished(int exitCode, int exitStatus)
{
    if (m_state != State::Ready)
        return; // start() and stop() handle the exit themselves
    const bool signalled = exitStatus == QProcess::CrashExit;
    signalTree(SIGKILL); // workers of a dead master
    m_guard.disarm();
    m_error = m_stack.name + u" "_qs + exitDescription() + u" while serving; see "_qs + m_logPath;
    setState(State::Crashed);
    Q_EMIT crashed(m_error, signalled ? -1 : exitCode, signalled ? exitCode : 0);
}

void StackProcess::rememberTree()
{
    if (!m_pid)
        return;
    const QList<ProcStat> all = proc::readAllStats();
    QList<ProcStat> members = proc::tree(m_pid, all);
    // Group members too: a dead master's workers are re-parented but keep its group.
    for (const ProcStat& s : all)
        if (s.pgid == m_pid)
            members.append(s);
    for (const ProcStat& s : members) {
        if (!m_startTimes.contains(s.pid)) {
            m_knownPids.append(s.pid);
            m_startTimes.insert(s.pid, s.startTime);
        }
    }
}

bool StackProcess::treeGone() const
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        return false;
    for (qint64 pid : m_knownPids)
        if (proc::isAlive(pid, m_startTimes.value(pid)))
            return false;
    if (m_pid)
        for (const ProcStat& s : proc::readAllStats())
            if (s.pgid == m_pid && !s.isDead())
                return false;
    return true;
}

void StackProcess::signalTree(int sig)
{
    if (!m_pid)
        return;
    // The group id is the master's pid: once the master and every known member are gone, the
    // id could in principle be reused, so the group is signalled only while a known member lives.
    bool groupMayExist = m_process && m_process->state() != QProcess::NotRunning;
    for (qint64 pid : m_knownPids)
        groupMayExist = groupMayExist || proc::isAlive(pid, m_startTimes.value(pid));
    if (groupMayExist)
        ::kill(-pid_t(m_pid), sig);
    for (qint64 pid : m_knownPids)
        if (proc::isAlive(pid, m_startTimes.value(pid)))
            ::kill(pid_t(pid), sig);
}

QCoro::Task<bool> StackProcess::waitForTreeGone(std::chrono::milliseconds limit)
{
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!treeGone()) {
        if (std::chrono::steady_clock::now() >= end)
            co_return false;
        rememberTree();
        co_await QCoro::sleepFor(25ms);
    }
    co_return true;
}

QCoro::Task<void> StackProcess::killAndReap()
{
    rememberTree();
    signalTree(SIGKILL);
    co_await waitForTreeGone(5s);
    m_guard.disarm();
}

QCoro::Task<void> StackProcess::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        signalTree(SIGKILL);
        m_guard.disarm();
        if (m_state == State::Ready || m_state == State::Starting || m_state == State::Stopping)
            setState(State::Stopped);
        cleanupFiles();
        co_return;
    }
    setState(State::Stopping);
    rememberTree();
    appendToLog(m_logPath,
        "# " + stamp().toUtf8() + " stopping: SIGTERM to process group " + QByteArray::number(m_pid) + '\n');
    signalTree(SIGTERM);
    // The result is named: GCC 12 miscompiles co_await inside an if condition.
    const bool gone = co_await waitForTreeGone(m_options.gracePeriod);
    if (!gone) {
        appendToLog(m_logPath, "# " + stamp().toUtf8() + " still running after the grace period: SIGKILL\n");
        signalTree(SIGKILL);
        co_await waitForTreeGone(5s);
    }
    m_guard.disarm();
    appendToLog(m_logPath, "# " + stamp().toUtf8() + " stopped (" + exitDescription().toUtf8() + ")\n");
    setState(State::Stopped);
    cleanupFiles();
}

void StackProcess::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        if (m_state == State::Ready || m_state == State::Starting)
            setState(State::Stopping);
        rememberTree();
        signalTree(SIGKILL);
        m_process->waitForFinished(3'000);
        setState(State::Stopped);
    } else {
        signalTree(SIGKILL);
    }
    m_guard.disarm();
}

void StackProcess::cleanupFiles()
{
    if (m_options.keepDatabase || m_dbPath.isEmpty())
        return;
    if (m_process && m_process->state() != QProcess::NotRunning)
        return;
    for (const char* suffix : { "", "-wal", "-shm", "-journal" })
        QFile::remove(m_dbPath + QLatin1String(suffix));
}

QCoro::Task<SeedResult> StackProcess::seed(qint64 count)
{
    if (m_dbPath.isEmpty()) {
        SeedResult r;
        r.count = count;
        r.error = m_stack.name + u" has no database yet: start it first"_qs;
        co_return r;
    }
    const SeedResult r
        = co_await runSeed(m_manifest, m_options.venv, m_dbPath, count, m_options.seedTimeout, m_logPath);
    co_return r;
}
