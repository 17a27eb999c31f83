#include "comparisonmodel.h"

#include "common/uiutil.h"

#include <QColor>

using namespace UiUtil;

namespace {
QString verdictText(Change c)
{
    switch (c) {
    case Change::Improved:
        return ComparisonModel::tr("improved");
    case Change::Regressed:
        return ComparisonModel::tr("regressed");
    case Change::WithinNoise:
        break;
    }
    return ComparisonModel::tr("within noise");
}
} // namespace

ComparisonModel::ComparisonModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ComparisonModel::setComparison(const FolderComparison& comparison, const QStringList& names)
{
    assertGuiThread(this);
    beginResetModel();
    m_data = comparison;
    m_names = names;
    endResetModel();
}

int ComparisonModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_data.changes.size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant ComparisonModel::display(const RowChange& r, int column) const
{
    switch (Column(column)) {
    case FigureColumn:
        return r.figure > 0 ? QVariant(r.figure) : QVariant(u"–"_qs);
    case ScenarioColumn:
        return r.scenarioTitle.isEmpty() ? r.scenarioId : r.scenarioTitle;
    case StackColumn:
        return r.label.isEmpty() ? r.stack : r.label;
    case BeforeColumn:
        return formatMetric(r.test.meanB, r.metric);
    case AfterColumn:
        return formatMetric(r.test.meanA, r.metric);
    case ChangeColumn:
        return std::isnan(r.test.ratio) ? u"n/a"_qs
                                        : (r.test.ratio >= 1 ? u"+"_qs : QString())
                + formatNumber(100 * (r.test.ratio - 1), 1) + u" %"_qs;
    case VerdictColumn:
        return verdictText(r.change);
    case PHolmColumn:
        return std::isnan(r.pHolm) ? u"n/a"_qs : QString::number(r.pHolm, 'g', 2);
    case NUM_COLUMNS:
        break;
    }
    return {};
}

QVariant ComparisonModel::sortValue(const RowChange& r, int column) const
{
    switch (Column(column)) {
    case FigureColumn:
        return r.figure;
    case BeforeColumn:
        return r.test.meanB;
    case AfterColumn:
        return r.test.meanA;
    case ChangeColumn:
        return r.test.ratio;
    case PHolmColumn:
        return r.pHolm;
    default:
        return display(r, column);
    }
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RowChange& r = m_data.changes.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case SortRole:
        return sortValue(r, index.column());
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn && r.change != Change::WithinNoise)
            return QColor(r.change == Change::Improved ? Qt::darkGreen : Qt::darkRed);
        return {};
    case Qt::ToolTipRole:
        if (!r.test.ratioCiAvailable())
            return tr("%1 / %2: no interval (fewer than two repetitions on a side)")
                .arg(m_names.value(1), m_names.value(0));
        return tr("%1 / %2 = %3, 95 % CI %4 – %5 (delta method on the log scale); Welch's p %6, Holm %7")
            .arg(m_names.value(1), m_names.value(0))
            .arg(r.test.ratio, 0, 'f', 3)
            .arg(r.test.ratioLow, 0, 'f', 3)
            .arg(r.test.ratioHigh, 0, 'f', 3)
            .arg(r.test.p, 0, 'g', 2)
            .arg(r.pHolm, 0, 'g', 2);
    default:
        return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case FigureColumn:
        return tr("Fig.");
    case ScenarioColumn:
        return tr("Scenario");
    case StackColumn:
        return tr("Stack");
    case BeforeColumn:
        return m_names.value(0, tr("Before"));
    case AfterColumn:
        return m_names.value(1, tr("After"));
    case ChangeColumn:
        return tr("Change");
    case VerdictColumn:
        return tr("Verdict");
    case PHolmColumn:
        return tr("p (Holm)");
    case NUM_COLUMNS:
        break;
    }
    return {};
}
