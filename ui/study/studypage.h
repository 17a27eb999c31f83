#pragma once

#include "plan/plan.h"

#include <QWidget>

class ManifestApproval;
class PlanInfoForm;
class QFileSystemWatcher;
class QLabel;
class QLayout;
class StatusLabel;
class PlanModel;
class ProblemsModel;
class ProcedureForm;
class QMenu;
class QPushButton;
class QStackedWidget;
class QTableView;
class QToolButton;
class QTreeView;
class RecentFiles;
class ScenarioForm;
class StackForm;

/// The Study tab: the plan as a tree (general, stacks, scenarios, procedure) beside a form for the
/// selected item, and the plan's problems below. Scenarios can be added, duplicated, removed and
/// reordered; stacks come from the manifest or are external URLs. Every edit is validated at once
/// with validatePlan(), and each problem shows under the field it is about.
///
/// The page also owns the plan as a document: New, Open, Save, Save As, recent files and the
/// unsaved-changes prompt. Plans are small files, read and written in one go.
///
/// And it owns the choice of stack manifest (remembered in QSettings; empty means the bundled
/// default): the bar under the tree shows which file the stacks come from and whether it is
/// trusted. Choosing a manifest that is not trusted asks for approval first (ManifestApproval);
/// cancelled, the previous manifest stays. The file is watched, so an edit (which revokes its
/// approval) shows at once. GUI-thread only.
class StudyPage : public QWidget
{
    Q_OBJECT
public:
    explicit StudyPage(QWidget* parent = nullptr);

    /// Opens the last plan, or the bundled quick plan on first start.
    void loadInitialPlan();
    /// Replaces the plan without asking (see maybeSave()). False, with a message, when unreadable.
    bool openPlan(const QString& path);
    /// Shows @p plan as a new, unsaved document (or as @p path when given).
    void setPlan(const Plan& plan, const QString& path = {});

    const Plan& plan() const;
    /// Problems of the plan, including text the forms could not parse.
    const JsonProblems& problems() const { return m_problems; }
    bool isValid() const { return m_problems.isEmpty(); }
    QString filePath() const { return m_path; }
    bool isModified() const { return m_modified; }
    /// File name or "Untitled", for the window title.
    QString documentName() const;

    PlanModel* planModel() const { return m_model; }
    ProblemsModel* problemsModel() const { return m_problemsModel; }
    QTreeView* tree() const { return m_tree; }
    ScenarioForm* scenarioForm() const { return m_scenarioForm; }
    StackForm* stackForm() const { return m_stackForm; }
    RecentFiles* recentPlans() const { return m_recent; }

    /// The chosen stack manifest; empty for the bundled default (StackManifest::defaultPath()).
    QString manifestPath() const { return m_manifestPath; }
    ManifestApproval* manifestApproval() const { return m_approval; }
    /// The bar's one-line account of the manifest ("✓ bundled", "⚠ not approved …").
    QString manifestStatusText() const;

    static QString defaultPlanPath();

public Q_SLOTS:
    void newPlan();
    void openDialog();
    bool save();
    bool saveAs();
    /// Asks whether to save unsaved changes. False when the user cancels.
    bool maybeSave();
    void openRecent(const QString& path);

    void addScenario();
    void duplicateScenario();
    void removeSelected();
    void moveSelected(int delta);
    void addManifestStack(const QString& name);
    void addExternalStack();
    void selectScenario(int row);
    void selectStack(int row);

    /// File dialog, then openManifest().
    void chooseManifestDialog();
    /// Uses @p path for the stacks once it is valid and trusted (asking for approval when not).
    void openManifest(const QString& path);
    /// Goes back to the manifest bundled with Stackbench.
    void useBundledManifest();
    /// Re-reads the manifest: its stacks and whether it is trusted.
    void reloadManifest();

Q_SIGNALS:
    /// The file name, the modified flag or the validity changed.
    void documentChanged();
    void statusMessage(const QString& message);
    /// The stack manifest changed; @p path empty means the bundled default.
    void manifestChanged(const QString& path);

private:
    QWidget* buildTreePane();
    QWidget* buildEditorPane();
    QWidget* buildButtons();
    QLayout* buildManifestBar();
    void setManifestPath(const QString& path);
    void watchManifest();
    void showManifestState(bool readable, bool bundled, bool trusted, const QStringList& errors);
    void onSelectionChanged();
    void onFormEdited();
    void revalidate();
    void updateButtons();
    void setModified(bool modified);
    void setPath(const QString& path);
    /// How to save: false for a runnable plan, true for a draft (the plan has problems and the user
    /// chose to keep it anyway), nothing when the user cancelled (the first problem is selected).
    std::optional<bool> askDraft();
    bool writeTo(const QString& path, bool draft);
    void showProblem(const QModelIndex& index);
    void select(const QModelIndex& index);
    JsonProblems localProblems() const;

    PlanModel* m_model;
    ProblemsModel* m_problemsModel;
    RecentFiles* m_recent;
    QTreeView* m_tree = nullptr;
    QTableView* m_problemsView = nullptr;
    StatusLabel* m_problemsLabel = nullptr;
    QStackedWidget* m_editors = nullptr;
    PlanInfoForm* m_infoForm = nullptr;
    StackForm* m_stackForm = nullptr;
    ScenarioForm* m_scenarioForm = nullptr;
    ProcedureForm* m_procedureForm = nullptr;
    QMenu* m_stackMenu = nullptr;
    QPushButton* m_duplicate = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_up = nullptr;
    QPushButton* m_down = nullptr;
    QList<std::pair<QString, QString>> m_manifestStacks; ///< name, label
    QString m_manifestPath;
    ManifestApproval* m_approval = nullptr;
    QFileSystemWatcher* m_manifestWatcher = nullptr;
    QLabel* m_manifestName = nullptr;
    StatusLabel* m_manifestStatus = nullptr;
    QPushButton* m_bundledButton = nullptr;
    quint64 m_manifestLoads = 0; ///< the newest background read; older answers are dropped
    JsonProblems m_problems;
    QString m_path;
    QString m_templateName; ///< file name of the bundled plan an unsaved plan started from
    bool m_draft = false; ///< the file at m_path is a draft (saved with problems)
    bool m_modified = false;
};
