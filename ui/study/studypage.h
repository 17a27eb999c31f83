#pragma once

#include "common/manifestbar.h"
#include "plan/plan.h"
#include "plandocument.h"

#include <QWidget>
#include <optional>

class ManifestApproval;
class PlanInfoForm;
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
/// The plan as a document (its file, New, Open, Save, Save As, drafts, recent files and the
/// unsaved-changes prompt) is a PlanDocument; the page forwards to it.
///
/// The page owns the choice of stack manifest (remembered in QSettings; empty means the bundled
/// default): the ManifestBar under the tree shows which file the stacks come from and whether it
/// is trusted. Choosing a manifest that is not trusted asks for approval first (ManifestApproval);
/// cancelled, the previous manifest stays. GUI-thread only.
class StudyPage : public QWidget
{
    Q_OBJECT
public:
    explicit StudyPage(QWidget* parent = nullptr);

    /// Opens the last plan, or the bundled quick plan on first start, or else a new plan.
    void loadInitialPlan();
    /// Replaces the plan without asking (see maybeSave()). False, with a message, when unreadable.
    bool openPlan(const QString& path) { return m_document->open(path); }
    /// Shows @p plan as a new, unsaved document (or as @p path when given).
    void setPlan(const Plan& plan, const QString& path = {}) { m_document->setPlan(plan, path); }

    const Plan& plan() const;
    /// Problems of the plan, including text the forms could not parse.
    const JsonProblems& problems() const { return m_problems; }
    bool isValid() const { return m_problems.isEmpty(); }
    QString filePath() const { return m_document->filePath(); }
    bool isModified() const { return m_document->isModified(); }
    /// File name or "Untitled", for the window title.
    QString documentName() const { return m_document->name(); }
    PlanDocument* document() const { return m_document; }

    PlanModel* planModel() const { return m_model; }
    ProblemsModel* problemsModel() const { return m_problemsModel; }
    QTreeView* tree() const { return m_tree; }
    ScenarioForm* scenarioForm() const { return m_scenarioForm; }
    StackForm* stackForm() const { return m_stackForm; }
    RecentFiles* recentPlans() const { return m_document->recentFiles(); }

    /// The chosen stack manifest; empty for the bundled default (StackManifest::defaultPath()).
    QString manifestPath() const { return m_manifestBar->manifestPath(); }
    ManifestApproval* manifestApproval() const { return m_approval; }
    /// The bar's one-line account of the manifest ("✓ bundled", "⚠ not approved …").
    QString manifestStatusText() const { return m_manifestBar->statusText(); }

    static QString defaultPlanPath() { return PlanDocument::defaultPlanPath(); }

public Q_SLOTS:
    void newPlan();
    void openDialog() { m_document->openDialog(); }
    bool save() { return m_document->save(); }
    bool saveAs() { return m_document->saveAs(); }
    /// Asks whether to save unsaved changes. False when the user cancels.
    bool maybeSave() { return m_document->maybeSave(); }
    void openRecent(const QString& path) { m_document->openRecent(path); }

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
    void reloadManifest() { m_manifestBar->reload(); }

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
    void setManifestPath(const QString& path);
    void showManifestStacks(const std::optional<StackManifest>& manifest);
    void onPlanReplaced();
    void onSelectionChanged();
    void onFormEdited();
    void revalidate();
    void updateButtons();
    void showProblem(const QModelIndex& index);
    void select(const QModelIndex& index);
    JsonProblems localProblems() const;

    PlanModel* m_model;
    ProblemsModel* m_problemsModel;
    PlanDocument* m_document;
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
    ManifestApproval* m_approval = nullptr;
    ManifestBar* m_manifestBar = nullptr;
    JsonProblems m_problems;
};
