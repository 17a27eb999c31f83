#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QMessageBox;
class QTabWidget;
class QTimer;
class QuickLoadPage;
class ResultsPage;
class RunPage;
class StudyPage;

/// The workbench window: four pages (Study, Run, Results, Quick load) in tabs, menus and a toolbar
/// with shortcuts for the common actions, and a status bar. Window geometry, the last plan and the
/// last results folder are restored from QSettings (restoreSession()).
///
/// Closing while a study or a quick load runs asks first; on yes it stops everything cleanly
/// (StudyRunner::cancel, LoadRunner::stop) and closes only once the pages report that they are
/// idle, so no stack is left running. Nothing here blocks the GUI thread. GUI-thread only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Page { StudyTab, RunTab, ResultsTab, QuickLoadTab };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Restores geometry and the current page, opens the last plan (or the quick plan) and the last
    /// results folder.
    void restoreSession();
    /// Opens what `stackbench PATH` names: a results folder on the Results page, or a plan on the
    /// Study page. Returns false (and opens nothing) when @p path is neither.
    bool openPath(const QString& path);

    StudyPage* studyPage() const { return m_study; }
    RunPage* runPage() const { return m_run; }
    ResultsPage* resultsPage() const { return m_results; }
    QuickLoadPage* quickLoadPage() const { return m_quick; }
    void showPage(Page page);
    Page currentPage() const;
    /// An action by object name ("start", "stop", "open-plan", ...), for tests and scripting.
    QAction* action(const QString& name) const;
    bool isBusy() const;
    /// The question shown when closing during a run, while it is open.
    QMessageBox* closeQuestion() const { return m_closeQuestion; }
    /// Help ▸ Keyboard shortcuts, as rich text: every action's keys and the page-local ones.
    QString shortcutsText() const;

public Q_SLOTS:
    /// Starts what the current page is about: the quick load on its page, the study elsewhere.
    void start();
    void stop();
    void verify();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void connectPages();
    QAction* addAction(const QString& name, const QString& text, const QString& tip, const QString& iconName,
        const QList<QKeySequence>& keys = {});
    void updateTitle();
    void updateActions();
    void syncPlan();
    void onStudyFinished(const QString& dir, bool cancelled);
    void askToCloseWhileBusy();
    void closeWhenIdle();
    void saveSettings() const;
    void showStatusMessage(const QString& message);
    void showShortcuts();
    void about();

    QTabWidget* m_tabs = nullptr;
    StudyPage* m_study = nullptr;
    RunPage* m_run = nullptr;
    ResultsPage* m_results = nullptr;
    QuickLoadPage* m_quick = nullptr;
    QLabel* m_state = nullptr;
    QMessageBox* m_closeQuestion = nullptr;
    QTimer* m_closeTimeout = nullptr;
    bool m_closing = false; ///< the user agreed to close; waiting for the pages to stop
    bool m_closeApproved = false;
};
