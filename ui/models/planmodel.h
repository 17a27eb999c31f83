#pragma once

#include "plan/plan.h"

#include <QAbstractItemModel>

/// Wraps exactly one Plan as a two-level tree: General, Stacks (one child per stack), Scenarios
/// (one child per scenario, in run order) and Procedure. Items a validation problem points at
/// carry an error icon and the reasons as a tooltip.
///
/// setPlan() is a full reset. The editing methods change one part and emit the matching
/// fine-grained signals plus planEdited(), so views keep their selection while the user types.
/// GUI-thread only.
class PlanModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, DetailColumn, NUM_COLUMNS };
    enum Group { GeneralGroup, StacksGroup, ScenariosGroup, ProcedureGroup, NUM_GROUPS };
    enum Role {
        GroupRole = Qt::UserRole, ///< Group of the item (its own for a group row)
        ChildRowRole, ///< index of the stack or scenario, -1 for group rows
        HasProblemRole, ///< bool
    };

    explicit PlanModel(QObject* parent = nullptr);

    void setPlan(const Plan& plan);
    const Plan& plan() const { return m_plan; }

    void setInfo(const QString& name, const QString& description);
    void setProcedure(const Procedure& procedure);
    void insertStack(int row, const PlanStack& stack);
    void removeStack(int row);
    void setStack(int row, const PlanStack& stack);
    void insertScenario(int row, const Scenario& scenario);
    void removeScenario(int row);
    /// Moves a scenario so that it ends up at index @p to.
    bool moveScenario(int from, int to);
    void setScenario(int row, const Scenario& scenario);

    /// Problems as validatePlan() reports them (paths such as `scenarios[2].vus`).
    void setProblems(const JsonProblems& problems);
    /// Reasons of the problems pointing at (group, row); row -1 for the group item itself.
    QStringList problemsAt(Group group, int row) const;

    /// A scenario id not yet in the plan, derived from @p base ("get-one-copy", "get-one-copy-2").
    QString uniqueScenarioId(const QString& base) const;

    QModelIndex groupIndex(Group group) const;
    QModelIndex stackIndex(int row) const;
    QModelIndex scenarioIndex(int row) const;
    /// The item a JSON path points at (`scenarios[2].request.body` gives scenario 2).
    QModelIndex indexForPath(const QString& path) const;
    static Group groupOf(const QModelIndex& index);
    /// Stack or scenario index of a child item, -1 for group items.
    static int childRow(const QModelIndex& index);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// Any editing method changed the plan (not setPlan()).
    void planEdited();

private:
    static constexpr quintptr TopLevel = NUM_GROUPS;
    QVariant display(Group group, int row, int column) const;
    void emitRowChanged(Group group, int row);
    void emitGroupChanged(Group group);

    Plan m_plan;
    JsonProblems m_problems;
};
