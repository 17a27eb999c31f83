#include "figuremodel.h"

#include "figurechart.h"

FigureModel::FigureModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void FigureModel::setData(const FigureData& data)
{
    beginResetModel();
    m_data = data;
    endResetModel();
}

int FigureModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_data.bars.size());
}

int FigureModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant FigureModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FigureBar& bar = m_data.bars.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(bar, index.column());
    case SortRole:
        return sortValue(bar, index.column());
    case Qt::TextAlignmentRole:
        return index.column() >= ValueColumn && index.column() <= PaperColumn
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case FailedRole:
        return bar.failed;
    case ClientBoundRole:
        return bar.clientBound;
    case PaperValueRole:
        return bar.paperValue;
    default:
        return {};
    }
}

QVariant FigureModel::display(const FigureBar& bar, int column) const
{
    const bool numbers = !bar.failed;
    switch (column) {
    case StackColumn:
        return bar.stack;
    case LabelColumn:
        return bar.label.isEmpty() ? bar.stack : bar.label;
    case SeriesColumn:
        return bar.series;
    case ValueColumn:
        return numbers ? formatFigureValue(bar.value, m_data.unit) : QString();
    case CiLowColumn:
        return !numbers ? QString() : bar.ciAvailable ? formatFigureValue(bar.ciLow, m_data.unit) : u"n/a"_qs;
    case CiHighColumn:
        return !numbers       ? QString()
            : bar.ciAvailable ? formatFigureValue(bar.ciHigh, m_data.unit)
                              : u"n/a"_qs;
    case PaperColumn:
        return bar.paperValue >= 0 ? formatFigureValue(bar.paperValue, m_data.unit) : QString();
    case StatusColumn:
        return bar.failed ? u"failed"_qs : bar.clientBound ? u"client-bound"_qs : u"ok"_qs;
    default:
        return {};
    }
}

QVariant FigureModel::sortValue(const FigureBar& bar, int column) const
{
    switch (column) {
    case ValueColumn:
        return bar.value;
    case CiLowColumn:
        return bar.ciLow;
    case CiHighColumn:
        return bar.ciHigh;
    case PaperColumn:
        return bar.paperValue;
    default:
        return display(bar, column);
    }
}

QVariant FigureModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    const QString unit = m_data.unit.isEmpty() ? QString() : u" ("_qs + m_data.unit + u')';
    switch (section) {
    case StackColumn:
        return u"Stack"_qs;
    case LabelColumn:
        return u"Label"_qs;
    case SeriesColumn:
        return u"Result set"_qs;
    case ValueColumn:
        return QString(u"Mean"_qs + unit);
    case CiLowColumn:
        return u"CI low"_qs;
    case CiHighColumn:
        return u"CI high"_qs;
    case PaperColumn:
        return QString(u"Paper"_qs + unit);
    case StatusColumn:
        return u"Status"_qs;
    default:
        return {};
    }
}
