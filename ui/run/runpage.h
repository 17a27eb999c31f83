#pragma once

#include "common/clientcpuwatch.h"
#include "plan/plan.h"
#include "study/studyrunner.h"

#include <QWidget>
#include <functional>

class LiveCharts;
class LogPane;
class ManifestApproval;
class ManifestBar;
class QLabel;
class QMessageBox;
class QProgressBar;
class QPushButton;
class StudyRunner;
class Verifier;

/// The Run tab: Start, Stop and Verify only. While a study runs it shows the current stack,
/// scenario and repetition, a progress bar for the current step and one for the whole study with
/// the ETA, the server's CPU and RSS, the client's CPU (with a warning above 80 % of a core), live
/// charts of req/s and latency, and the stack's output. When the study finishes, studyFinished()
/// names the results folder.
///
/// The plan comes from the Study page through setPlan(), the stack manifest through
/// setManifestPath(); a study writes to a new folder under resultsRoot(). Before Start or Verify
/// launches any stack, a manifest that is not trusted (one from elsewhere, or edited since it was
/// approved) is put to the user in the approval prompt (ManifestApproval); Cancel starts nothing.
/// Runs in the GUI thread, never blocking it: StudyRunner and Verifier do their work in
/// coroutines, worker threads and child processes. Signals of an earlier study are dropped.
///
/// The user stops a study through requestStop(), which asks first (a cancelled scenario is lost);
/// Esc means Stop only while this page has the focus. A cancelled or crashed study leaves an
/// interrupted folder (remembered across sessions) that Resume continues with StudyRunner's resume.
class RunPage : public QWidget
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Verifying, Stopping };
    Q_ENUM(State)

    explicit RunPage(QWidget* parent = nullptr);
    ~RunPage() override;

    /// The plan Start and Verify use; @p problems non-empty disables them with the reason.
    void setPlan(const Plan& plan, const QString& name, const JsonProblems& problems);
    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }

    /// The stack manifest Start and Verify use; empty for the default (bundled) one.
    void setManifestPath(const QString& path);
    QString manifestPath() const { return m_manifestPath; }
    ManifestApproval* manifestApproval() const { return m_approval; }

    /// Where new results folders go (remembered).
    QString resultsRoot() const;
    void setResultsRoot(const QString& dir);
    /// The folder of the running or last study.
    QString resultsDir() const { return m_resultsDir; }
    /// The interrupted results folder Resume continues, empty when there is none.
    QString resumableDir() const { return m_resumableDir; }
    /// The confirmation requestStop() shows, while it is open.
    QMessageBox* stopQuestion() const { return m_stopQuestion; }

    LiveCharts* liveCharts() const { return m_charts; }
    LogPane* logPane() const { return m_log; }
    StudyRunner* runner() const { return m_runner; }
    QString clientWarningText() const;

public Q_SLOTS:
    /// Starts the study into a new folder under resultsRoot(), or into @p resultsDir when given.
    void start(const QString& resultsDir = {});
    void verify();
    /// Cancels the study or the verification at once; busyChanged(false) follows once all is stopped.
    void stop();
    /// Stop as the user asks for it: a verification stops at once, a study after confirmation.
    void requestStop();
    /// Continues the interrupted study in @p dir with the plan recorded there: finished scenarios
    /// are kept, the rest run. An empty @p dir means resumableDir().
    void resume(const QString& dir = {});
    void resumeDialog();
    void chooseResultsRoot();

Q_SIGNALS:
    void busyChanged(bool busy);
    void statusMessage(const QString& message);
    void studyFinished(const QString& resultsDir, bool cancelled);

private:
    QWidget* buildHeader();
    QWidget* buildStatus();
    void connectRunner();
    void connectVerifier();
    void setState(State state);
    void onProgress(const StudyProgress& p);
    void onSnapshot(const LiveSnapshot& s);
    void onScenarioFinished(const ScenarioRecord& r);
    void onFinished(quint64 id, const QString& dir, bool cancelled);
    void onFailed(quint64 id, const QString& reason);
    void showClientCpu(double percent);
    void resetStatus();
    void clearLoadFigures();
    QString newResultsDir() const;
    bool usesManifest() const;
    /// Runs @p launch once the manifest may run (with a line for the log when it was approved just
    /// now); otherwise reports why nothing started.
    void whenManifestApproved(const QString& approveText, std::function<void(const QString& note)> launch);
    /// Runs @p launch once the stacks' venv exists, offering to create it (VenvSetupDialog) first.
    void whenVenvReady(std::function<void()> launch);
    void startNow(const Plan& plan, const QString& resultsDir, bool resume, const QString& note);
    void setResumableDir(const QString& dir);
    void verifyNow(const QString& note);
    void updatePlanLabel();

    StudyRunner* m_runner;
    Verifier* m_verifier;
    ManifestApproval* m_approval;
    QString m_manifestPath;
    Plan m_plan;
    QString m_planName;
    JsonProblems m_problems;
    quint64 m_studyId = 0;
    QString m_resultsDir;
    State m_state = State::Idle;
    double m_elapsedS = 0;

    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_verify = nullptr;
    QPushButton* m_resume = nullptr;
    QMessageBox* m_stopQuestion = nullptr;
    QString m_resumableDir;
    QLabel* m_planLabel = nullptr;
    ManifestBar* m_manifestBar = nullptr; ///< shown while the plan has stacks from the manifest
    QLabel* m_folderLabel = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_stage = nullptr;
    QLabel* m_stack = nullptr;
    QLabel* m_scenario = nullptr;
    QLabel* m_repetition = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_server = nullptr;
    QLabel* m_client = nullptr;
    QLabel* m_machine = nullptr; ///< the pre-flight check: what else is using the machine
    QLabel* m_cpuWarning = nullptr;
    ClientCpuWatch m_cpuWatch;
    QProgressBar* m_stepBar = nullptr;
    QProgressBar* m_studyBar = nullptr;
    LiveCharts* m_charts = nullptr;
    LogPane* m_log = nullptr;
};
