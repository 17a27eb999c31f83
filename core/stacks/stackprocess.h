#pragma once

#include "orphanguard.h"
#include "seed.h"
#include "stackmanifest.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <chrono>
#include <memory>

class QProcess;

struct StackLaunchOptions
{
    quint16 preferredPort = 0; ///< tried first when free; 0 (or taken): any free loopback port
    QString venv; ///< the {venv} placeholder; empty: StackManifest::defaultVenv()
    /// Where this run's database and log go; empty: a fresh directory under
    /// <temp>/stackbench-runs/. It is kept after stop so the log can be read.
    QString runDirectory;
    std::chrono::milliseconds readyTimeout { 30'000 };
    std::chrono::milliseconds pollInterval { 100 }; ///< between GET /hello probes
    std::chrono::milliseconds gracePeriod { 5'000 }; ///< SIGTERM to SIGKILL
    std::chrono::milliseconds seedTimeout { 120'000 };
    bool keepDatabase = false; ///< the SQLite file is deleted on stop unless this is set
};

/// One running system under test: a child process (its own process group) serving on a loopback
/// port, with a fresh SQLite database and a per-run log holding its stdout and stderr.
///
/// Lifetime and threads: use it from the thread that owns it, which must be a long-lived thread
/// (the main thread): PR_SET_PDEATHSIG fires when the thread that started the child exits.
/// The object must outlive the tasks returned by start(), seed() and stop(); destroying it kills
/// the whole tree at once (SIGKILL), so call stop() first for a graceful shutdown.
///
/// No orphans: the child gets its own process group and PR_SET_PDEATHSIG(SIGKILL)
/// (launch::configureChild()), and an OrphanGuard SIGKILLs the whole group if Stackbench dies
/// without stopping it (PDEATHSIG only reaches the direct child; uvicorn workers do not watch their
/// parent). The port comes from ports::pick(), the database from runSeed().
class StackProcess : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Starting, Ready, Stopping, Stopped, Failed, Crashed };
    Q_ENUM(State)

    StackProcess(StackManifest manifest, StackDefinition stack, StackLaunchOptions options = {},
        QObject* parent = nullptr);
    ~StackProcess() override;

    /// Creates the database (seed with count 0), starts the command and polls GET /hello until it
    /// answers 200. Returns false with error() set on failure; the tree is then already gone.
    QCoro::Task<bool> start();
    /// Fills the database with `count` records while the stack runs (seed command).
    QCoro::Task<SeedResult> seed(qint64 count);
    /// SIGTERM to the process group, SIGKILL after the grace period; returns once every process of
    /// the tree is gone. Safe to call in any state.
    QCoro::Task<void> stop();
    /// SIGKILL to the whole tree now, without waiting for the event loop.
    void kill();

    State state() const { return m_state; }
    QString name() const { return m_stack.name; }
    const StackDefinition& definition() const { return m_stack; }
    QString error() const { return m_error; }
    qint64 pid() const { return m_pid; }
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;
    QString logPath() const { return m_logPath; }
    QString databasePath() const { return m_dbPath; }
    QString runDirectory() const { return m_runDir; }
    /// The exact argument list that runs (placeholders substituted), and the schema seed's.
    QStringList commandLine() const { return m_commandLine; }
    QStringList seedCommandLine() const { return m_seedCommandLine; }
    QString workingDirectory() const;
    /// Seconds from process start to the first 200 on GET /hello.
    double readySeconds() const { return m_readySeconds; }
    /// Every pid seen in the tree since start (root first); for leak checks.
    QList<qint64> knownPids() const { return m_knownPids; }
    /// The tree's live pids now.
    QList<qint64> treePids() const;

Q_SIGNALS:
    /// The stack died while Ready, not through stop()/kill(). exitCode is valid when signal is 0.
    void crashed(const QString& message, int exitCode, int signal);
    void stateChanged(StackProcess::State state);

private:
    QCoro::Task<bool> launchOnce();
    QCoro::Task<bool> waitUntilReady();
    QCoro::Task<bool> waitForTreeGone(std::chrono::milliseconds limit);
    QCoro::Task<void> killAndReap();
    bool prepareRun();
    bool spawn();
    void onFinished(int exitCode, int exitStatus);
    void setState(State s);
    void fail(const QString& message);
    QString exitDescription() const;
    void rememberTree();
    bool treeGone() const;
    void signalTree(int sig);
    void cleanupFiles();

    StackManifest m_manifest;
    StackDefinition m_stack;
    StackLaunchOptions m_options;
    State m_state = State::Idle;
    QString m_error;
    QProcess* m_process = nullptr;
    qint64 m_pid = 0;
    OrphanGuard m_guard;
    quint16 m_port = 0;
    QString m_runDir, m_logPath, m_dbPath;
    QStringList m_commandLine, m_seedCommandLine;
    QList<qint64> m_knownPids;
    QHash<qint64, quint64> m_startTimes;
    QElapsedTimer m_clock;
    qint64 m_logOffset = 0; ///< where this launch's output starts in the log
    bool m_portTaken = false; ///< the last launch failed because the port was in use
    double m_readySeconds = 0;
};
