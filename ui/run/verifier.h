#pragma once

#include "plan/plan.h"
#include "stacks/stackmanifest.h"
#include "study/stackcheck.h"

#include <QCoroTask>
#include <QObject>
#include <memory>

class LogTail;
class StackProcess;

/// The Run page's Verify: for every stack of a plan, start it (manifest stacks), seed it, run the
/// conformance check of the API contract and stop it again; external targets are checked as they
/// are. The same steps as `stackbench verify`: core's checkStack() on a StackProcess.
///
/// Threading and lifetime: lives in the GUI thread and never blocks it (coroutines on its event
/// loop; the stack is a child process). cancel() kills the current stack at once and finished()
/// follows shortly. Destroying a running Verifier kills the stack too; callers wait for finished()
/// first (the main window does before closing).
class Verifier : public QObject
{
    Q_OBJECT
public:
    explicit Verifier(QObject* parent = nullptr);
    ~Verifier() override;

    /// Checks every stack of @p plan; manifest stacks come from @p manifestPath (empty: the
    /// default). An untrusted manifest runs nothing: the caller asks first (ManifestApproval), and
    /// this refuses again in case the file changed since.
    void start(const Plan& plan, const QString& manifestPath = {});
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void logLine(const QString& stack, const QString& line);
    /// The stack being checked, from 0, out of @p count.
    void stackStarted(const QString& stack, int index, int count);
    void stackVerified(const QString& stack, bool passed, const QStringList& problems);
    void finished(int passed, int failed, bool cancelled);

private:
    QCoro::Task<> runAll(quint64 id, Plan plan, QString manifestPath);
    std::optional<StackManifest> trustedManifest(const QString& manifestPath, QString* problem);
    QCoro::Task<StackCheck> verifyOne(PlanStack target, Procedure procedure,
        std::optional<StackManifest> manifest, QString manifestProblem);
    void logReport(const QString& stack, const ConformanceReport& report);
    void log(const QString& stack, const QString& line);

    std::unique_ptr<StackProcess> m_process;
    LogTail* m_tail = nullptr;
    quint64 m_id = 0;
    bool m_running = false;
    bool m_cancelled = false;
};
