#pragma once

#include "common/clientcpuwatch.h"
#include "engine/loadrunner.h"

#include <QWidget>

class LiveCharts;
class LoadRunner;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QuickLoadForm;
class SummaryModel;

/// The Quick load tab: the `stackbench load` CLI as a form, for exploring one endpoint. Start
/// first checks that the target accepts connections (probeConnect) and says so inline when it
/// does not; then a LoadRunner (VUs in worker threads) feeds the live charts, the progress bar and
/// the client-CPU warning every 250 ms, and the final summary fills the table.
/// GUI-thread only; nothing here blocks.
class QuickLoadPage : public QWidget
{
    Q_OBJECT
public:
    enum class State { Idle, Probing, Running, Stopping };
    Q_ENUM(State)

    explicit QuickLoadPage(QWidget* parent = nullptr);
    ~QuickLoadPage() override;

    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }

    QuickLoadForm* form() const { return m_form; }
    SummaryModel* summaryModel() const { return m_summary; }
    LiveCharts* liveCharts() const { return m_charts; }
    /// The inline error shown above the charts (unreachable target, invalid form...).
    QString errorText() const;
    /// The client-bound warning, empty when the client keeps up.
    QString clientWarningText() const;

    /// Writes the last summary to @p path: JSON (the schema of `stackbench load --json`) when the
    /// name ends in .json, else the table as text. Returns an error, empty on success.
    QString saveSummaryTo(const QString& path) const;

public Q_SLOTS:
    void start();
    /// The whole summary to the clipboard, as text.
    void copySummary();
    void saveSummaryDialog();
    /// Stops the load (finished follows within 1 s) or abandons the connection check.
    void stop();

Q_SIGNALS:
    void busyChanged(bool busy);
    void statusMessage(const QString& message);
    /// The load ended with a summary (also when stopped early).
    void loadFinished(const Summary& summary);

private:
    QWidget* buildControls();
    QWidget* buildLivePane();
    QWidget* buildSummaryPane();
    void connectRunner();
    void setState(State state);
    void showError(const QString& message);
    void resetLive();
    void beginLoad(const LoadSpec& spec);
    void onSnapshot(const LiveSnapshot& snapshot);
    void onFinished(const LoadResult& result);
    void onFailed(quint64 runId, const QString& reason);
    void showClientCpu(double percent);

    QuickLoadForm* m_form = nullptr;
    LoadRunner* m_runner = nullptr;
    SummaryModel* m_summary = nullptr;
    LiveCharts* m_charts = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_cpuWarning = nullptr;
    ClientCpuWatch m_cpuWatch;
    QLabel* m_live = nullptr;
    QProgressBar* m_progress = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_copySummary = nullptr;
    QPushButton* m_saveSummary = nullptr;
    State m_state = State::Idle;
    quint64 m_runId = 0;
    quint64 m_attempt = 0; ///< bumps on every start/stop so a late probe result is dropped
    QString m_target;
};
