#include "planmodel.h"

#include "common/uiutil.h"

#include <QRegularExpression>

namespace {
/// (group, row) of a validation path: "scenarios[2].vus" -> (Scenarios, 2); "procedure.x" ->
/// (Procedure, -1); "name" -> (General, -1).
std::pair<PlanModel::Group, int> locate(const QString& path)
{
    static const QRegularExpression Indexed(u"^(stacks|scenarios)\\[(\\d+)\\]"_qs);
    if (const auto m = Indexed.match(path); m.hasMatch()) {
        const auto group = m.captured(1) == u"stacks" ? PlanModel::StacksGroup : PlanModel::ScenariosGroup;
        return { group, m.captured(2).toInt() };
    }
    if (path.startsWith(u"procedure"))
        return { PlanModel::ProcedureGroup, -1 };
    if (path.startsWith(u"stacks"))
        return { PlanModel::StacksGroup, -1 };
    if (path.startsWith(u"scenarios"))
        return { PlanModel::ScenariosGroup, -1 };
    return { PlanModel::GeneralGroup, -1 };
}
} // namespace

PlanModel::PlanModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void PlanModel::setPlan(const Plan& plan)
{
    UiUtil::assertGuiThread(this);
    beginResetModel();
    m_plan = plan;
    m_problems.clear();
    endResetModel();
}

void PlanModel::setInfo(const QString& name, const QString& description)
{
    UiUtil::assertGuiThread(this);
    m_plan.name = name;
    m_plan.description = description;
    emitRowChanged(GeneralGroup, -1);
    Q_EMIT planEdited();
}

void PlanModel::setProcedure(const Procedure& procedure)
{
    UiUtil::assertGuiThread(this);
    m_plan.procedure = procedure;
    emitRowChanged(ProcedureGroup, -1);
    Q_EMIT planEdited();
}

void PlanModel::insertStack(int row, const PlanStack& stack)
{
    UiUtil::assertGuiThread(this);
    row = qBound(0, row, int(m_plan.stacks.size()));
    beginInsertRows(groupIndex(StacksGroup), row, row);
    m_plan.stacks.insert(row, stack);
    endInsertRows();
    emitGroupChanged(StacksGroup);
    Q_EMIT planEdited();
}

void PlanModel::removeStack(int row)
{
    UiUtil::assertGuiThread(this);
    if (row < 0 || row >= m_plan.stacks.size())
        return;
    beginRemoveRows(groupIndex(StacksGroup), row, row);
    m_plan.stacks.removeAt(row);
    endRemoveRows();
    emitGroupChanged(StacksGroup);
    Q_EMIT planEdited();
}

void PlanModel::setStack(int row, const PlanStack& stack)
{
    UiUtil::assertGuiThread(this);
    if (row < 0 || row >= m_plan.stacks.size())
        return;
    m_plan.stacks[row] = stack;
    emitRowChanged(StacksGroup, row);
    Q_EMIT planEdited();
}

void PlanModel::insertScenario(int row, const Scenario& scenario)
{
    UiUtil::assertGuiThread(this);
    row = qBound(0, row, int(m_plan.scenarios.size()));
    beginInsertRows(groupIndex(ScenariosGroup), row, row);
    m_plan.scenarios.insert(row, scenario);
    endInsertRows();
    emitGroupChanged(ScenariosGroup);
    Q_EMIT planEdited();
}

void PlanModel::removeScenario(int row)
{
    UiUtil::assertGuiThread(this);
    if (row < 0 || row >= m_plan.scenarios.size())
        return;
    beginRemoveRows(groupIndex(ScenariosGroup), row, row);
    m_plan.scenarios.removeAt(row);
    endRemoveRows();
    emitGroupChanged(ScenariosGroup);
    Q_EMIT planEdited();
}

bool PlanModel::moveScenario(int from, int to)
{
    UiUtil::assertGuiThread(this);
    const int n = int(m_plan.scenarios.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to)
        return false;
    const QModelIndex parent = groupIndex(ScenariosGroup);
    // beginMoveRows wants the destination as "insert before" in the old numbering.
    if (!beginMoveRows(parent, from, from, parent, to > from ? to + 1 : to))
        return false;
    m_plan.scenarios.move(from, to);
    endMoveRows();
    Q_EMIT planEdited();
    return true;
}

void PlanModel::setScenario(int row, const Scenario& scenario)
{
    UiUtil::assertGuiThread(this);
    if (row < 0 || row >= m_plan.scenarios.size())
        return;
    m_plan.scenarios[row] = scenario;
    emitRowChanged(ScenariosGroup, row);
    Q_EMIT planEdited();
}

void PlanModel::setProblems(const JsonProblems& problems)
{
    UiUtil::assertGuiThread(this);
    if (problems == m_problems)
        return;
    m_problems = problems;
    for (int g = 0; g < NUM_GROUPS; ++g) {
        emitRowChanged(Group(g), -1);
        const int n = rowCount(groupIndex(Group(g)));
        if (n > 0)
            Q_EMIT dataChanged(
                index(0, 0, groupIndex(Group(g))), index(n - 1, NUM_COLUMNS - 1, groupIndex(Group(g))));
    }
}

QStringList PlanModel::problemsAt(Group group, int row) const
{
    QStringList reasons;
    for (const JsonProblem& p : m_problems) {
        const auto [g, r] = locate(p.path);
        if (g == group && r == row)
            reasons << (p.path.isEmpty() ? p.reason : p.path + u": "_qs + p.reason);
    }
    return reasons;
}

QString PlanModel::uniqueScenarioId(const QString& base) const
{
    QString stem = base.isEmpty() ? u"scenario"_qs : base;
    stem = stem.left(56);
    if (!m_plan.scenario(stem))
        return stem;
    for (int n = 2;; ++n) {
        const QString candidate = stem + u'-' + QString::number(n);
        if (!m_plan.scenario(candidate))
            return candidate;
    }
}

QModelIndex PlanModel::groupIndex(Group group) const
{
    return createIndex(int(group), 0, TopLevel);
}

QModelIndex PlanModel::stackIndex(int row) const
{
    return index(row, 0, groupIndex(StacksGroup));
}

QModelIndex PlanModel::scenarioIndex(int row) const
{
    return index(row, 0, groupIndex(ScenariosGroup));
}

QModelIndex PlanModel::indexForPath(const QString& path) const
{
    const auto [group, row] = locate(path);
    if (row >= 0 && row < rowCount(groupIndex(group)))
        return index(row, 0, groupIndex(group));
    return groupIndex(group);
}

PlanModel::Group PlanModel::groupOf(const QModelIndex& index)
{
    if (!index.isValid())
        return GeneralGroup;
    return index.internalId() == TopLevel ? Group(index.row()) : Group(index.internalId());
}

int PlanModel::childRow(const QModelIndex& index)
{
    return index.isValid() && index.internalId() != TopLevel ? index.row() : -1;
}

QModelIndex PlanModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, TopLevel);
    return createIndex(row, column, quintptr(parent.row()));
}

QModelIndex PlanModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId()), 0, TopLevel);
}

int PlanModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return NUM_GROUPS;
    if (parent.internalId() != TopLevel || parent.column() != 0)
        return 0;
    switch (Group(parent.row())) {
    case StacksGroup:
        return int(m_plan.stacks.size());
    case ScenariosGroup:
        return int(m_plan.scenarios.size());
    default:
        return 0;
    }
}

int PlanModel::columnCount(const QModelIndex& parent) const
{
    Q_UNUSED(parent);
    return NUM_COLUMNS;
}

QVariant PlanModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Group group = groupOf(index);
    const int row = childRow(index);
    switch (role) {
    case Qt::DisplayRole:
        return display(group, row, index.column());
    case Qt::ToolTipRole: {
        const QStringList problems = problemsAt(group, row);
        return problems.isEmpty() ? display(group, row, DetailColumn) : QVariant(problems.join(u'\n'));
    }
    case Qt::DecorationRole:
        if (index.column() == NameColumn && !problemsAt(group, row).isEmpty())
            return UiUtil::icon(u"error"_qs);
        return {};
    case GroupRole:
        return int(group);
    case ChildRowRole:
        return row;
    case HasProblemRole:
        return !problemsAt(group, row).isEmpty();
    default:
        return {};
    }
}

QVariant PlanModel::display(Group group, int row, int column) const
{
    const bool name = column == NameColumn;
    switch (group) {
    case GeneralGroup:
        return name ? tr("General") : (m_plan.name.isEmpty() ? tr("(unnamed plan)") : m_plan.name);
    case StacksGroup:
        if (row < 0)
            return name ? tr("Stacks") : tr("%n stack(s)", nullptr, int(m_plan.stacks.size()));
        {
            const PlanStack& s = m_plan.stacks.at(row);
            if (name)
                return s.displayLabel();
            Plan one;
            one.stacks = { s };
            const qsizetype cells = expandedStackCount(one);
            return s.isExternal() ? s.url.toString()
                : cells > 1       ? tr("%1 (manifest) · sweeps %2 configurations").arg(s.stack).arg(cells)
                                  : tr("%1 (manifest)").arg(s.stack);
        }
    case ScenariosGroup:
        if (row < 0)
            return name ? tr("Scenarios") : tr("%n scenario(s)", nullptr, int(m_plan.scenarios.size()));
        {
            const Scenario& s = m_plan.scenarios.at(row);
            if (name)
                return s.figure > 0 ? tr("%1  (Fig. %2)").arg(s.id).arg(s.figure) : s.id;
            QString text = QString::fromLatin1(s.request.method) + u' ' + s.request.path + u"  ·  "_qs
                + toString(s.executor) + u" · "_qs + describeLoad(s);
            for (auto it = s.sweep.cbegin(); it != s.sweep.cend(); ++it)
                text += tr(" · sweeps %1 over %n value(s)", nullptr, int(it.value().size())).arg(it.key());
            return text;
        }
    case ProcedureGroup: {
        if (name)
            return tr("Procedure");
        const Procedure& p = m_plan.procedure;
        const QString reps = p.adaptive ? tr("%1–%2 repetitions (until ±%3 %)")
                                              .arg(p.adaptive->min)
                                              .arg(p.repetitions)
                                              .arg(p.adaptive->targetCiPercent)
                                        : tr("%n repetition(s)", nullptr, p.repetitions);
        return tr("%1 · settle %2 s · seed %3 · %4")
            .arg(reps)
            .arg(p.settleS)
            .arg(p.seedCount)
            .arg(p.warmup ? tr("warm-up") : tr("no warm-up"));
    }
    case NUM_GROUPS:
        break;
    }
    return {};
}

QVariant PlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Item") : section == DetailColumn ? tr("Details") : QVariant();
}

void PlanModel::emitRowChanged(Group group, int row)
{
    const QModelIndex first = row < 0 ? groupIndex(group) : index(row, 0, groupIndex(group));
    Q_EMIT dataChanged(first, first.siblingAtColumn(NUM_COLUMNS - 1));
}

void PlanModel::emitGroupChanged(Group group)
{
    emitRowChanged(group, -1); // the group's count in its detail column
}
