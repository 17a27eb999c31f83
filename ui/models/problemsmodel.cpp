#include "problemsmodel.h"

#include "common/uiutil.h"

ProblemsModel::ProblemsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ProblemsModel::setProblems(const JsonProblems& problems)
{
    UiUtil::assertGuiThread(this);
    if (problems == m_problems)
        return;
    beginResetModel();
    m_problems = problems;
    endResetModel();
}

int ProblemsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

int ProblemsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant ProblemsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const JsonProblem& p = m_problems.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == PathColumn)
            return p.path.isEmpty() ? tr("(plan)") : p.path;
        return p.reason;
    case Qt::ToolTipRole:
        return p.toString();
    case Qt::DecorationRole:
        return index.column() == PathColumn ? QVariant(UiUtil::icon(u"error"_qs)) : QVariant();
    case PathRole:
        return p.path;
    default:
        return {};
    }
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == PathColumn ? tr("Where") : section == ReasonColumn ? tr("Problem") : QVariant();
}
