#include "aggregatesmodel.h"

#include "common/uiutil.h"

#include <QGuiApplication>
#include <QPalette>

using namespace UiUtil;

namespace {
/// Added to a Mean or CI sort key so req/s rows and ms rows sort apart instead of interleaving
/// (5 ms between 4 and 6 req/s means nothing); no throughput or latency reaches 1e12.
double metricGroup(Metric metric)
{
    return metric == Metric::Rps ? 0.0 : 1e12;
}

QString orDash(double value, const QString& text)
{
    return value < 0 ? u"–"_qs : text;
}

/// The repetitions a reader should look at: outliers and flagged ones.
QList<RepetitionNote> notable(const StackAggregate& r)
{
    QList<RepetitionNote> out;
    for (const auto& n : r.notes)
        if (n.outlier || n.flagged())
            out << n;
    return out;
}

/// "rep 2 ⚠ imbalanced, rep 4 outlier"
QString notesText(const StackAggregate& r)
{
    QStringList parts;
    for (const auto& n : notable(r)) {
        QString text = u"rep %1"_qs.arg(n.repetition);
        if (n.flagged())
            text += u" ⚠ "_qs + n.flags.join(u", "_qs);
        else
            text += u" outlier"_qs;
        if (n.excluded)
            text += u" (excluded)"_qs;
        parts << text;
    }
    return parts.join(u"; "_qs);
}
/// A pooled percentile, or for older results the mean of the repetitions' own, marked "≈".
QString percentileText(const PooledPercentiles& pooled, double pooledMs, double repetitionMeanMs)
{
    return pooled.available ? formatMs(pooledMs) : u"≈ "_qs + formatMs(repetitionMeanMs);
}
} // namespace

AggregatesModel::AggregatesModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void AggregatesModel::setAggregates(const Aggregates& aggregates)
{
    assertGuiThread(this);
    beginResetModel();
    m_data = aggregates;
    endResetModel();
}

int AggregatesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_data.rows.size());
}

int AggregatesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant AggregatesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const StackAggregate& row = m_data.rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case FailedRole:
        return row.failed;
    case ClientBoundRole:
        return row.clientBound;
    case NotesRole:
        return int(notable(row).size());
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::ForegroundRole:
        if (row.failed || (index.column() == ErrorRateColumn && row.errors > 0))
            return errorColor(QGuiApplication::palette());
        if ((index.column() == ClientBoundColumn && row.clientBound)
            || (index.column() == NotesColumn && !notable(row).isEmpty()))
            return warningColor(QGuiApplication::palette());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= MeanColumn && index.column() <= ServerRssColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant AggregatesModel::display(const StackAggregate& r, int column) const
{
    const bool data = !r.failed;
    switch (Column(column)) {
    case FigureColumn:
        return r.figure > 0 ? QVariant(r.figure) : QVariant(u"–"_qs);
    case ScenarioColumn:
        return r.scenarioTitle.isEmpty() ? r.scenarioId : r.scenarioTitle;
    case StackColumn:
        return r.label.isEmpty() ? r.stack : r.label;
    case MeanColumn:
        return data ? formatMetric(r.stats.mean, r.metric) : tr("failed");
    case RankColumn:
        return r.letters.isEmpty() ? u"–"_qs : u"%1  %2"_qs.arg(r.rank).arg(r.letters);
    case CiColumn:
        if (!data)
            return u"–"_qs;
        if (!r.stats.ciAvailable)
            return tr("n/a");
        return u"%1 – %2"_qs.arg(formatNumber(r.stats.ciLow, r.metric == Metric::Rps ? 1 : 2),
            formatNumber(r.stats.ciHigh, r.metric == Metric::Rps ? 1 : 2));
    case RepetitionsColumn:
        return int(r.repetitions.size());
    case CvColumn:
        return r.stats.n > 1 ? QVariant(QString(formatNumber(100 * r.cv(), 1) + u" %"_qs))
                             : QVariant(u"–"_qs);
    case P50Column:
        return data ? percentileText(r.pooled, r.pooled.p50Ms, r.p50Ms) : u"–"_qs;
    case P90Column:
        return data ? percentileText(r.pooled, r.pooled.p90Ms, r.p90Ms) : u"–"_qs;
    case P99Column:
        return data ? percentileText(r.pooled, r.pooled.p99Ms, r.p99Ms) : u"–"_qs;
    case RequestsColumn:
        return formatNumber(double(r.requests));
    case ErrorRateColumn:
        return QString(formatNumber(100.0 * r.errorRate, 2) + u" %"_qs);
    case ServerCpuColumn:
        return orDash(r.serverCpuPercent, formatNumber(r.serverCpuPercent) + u" %"_qs);
    case ServerRssColumn:
        return orDash(r.serverRssMb, formatNumber(r.serverRssMb, 1) + u" MB"_qs);
    case ClientBoundColumn:
        return r.clientBound ? tr("⚠ yes") : tr("no");
    case StatusColumn:
        if (r.failed)
            return tr("failed");
        return r.failures.isEmpty() ? tr("ok")
                                    : tr("%n repetition(s) failed", nullptr, int(r.failures.size()));
    case NotesColumn:
        return notesText(r);
    case NUM_COLUMNS:
        break;
    }
    return {};
}

QVariant AggregatesModel::sortValue(const StackAggregate& r, int column) const
{
    switch (Column(column)) {
    case FigureColumn:
        return r.figure;
    case MeanColumn:
        return metricGroup(r.metric) + (r.failed ? -1.0 : r.stats.mean);
    case CiColumn:
        return metricGroup(r.metric) + (r.stats.ciHigh - r.stats.ciLow);
    case RankColumn:
        return r.figure * 1000 + r.rank;
    case RepetitionsColumn:
        return int(r.repetitions.size());
    case CvColumn:
        return r.cv();
    case P50Column:
        return r.pooled.available ? r.pooled.p50Ms : r.p50Ms;
    case P90Column:
        return r.pooled.available ? r.pooled.p90Ms : r.p90Ms;
    case P99Column:
        return r.pooled.available ? r.pooled.p99Ms : r.p99Ms;
    case RequestsColumn:
        return r.requests;
    case ErrorRateColumn:
        return r.errorRate;
    case ServerCpuColumn:
        return r.serverCpuPercent;
    case ServerRssColumn:
        return r.serverRssMb;
    case ClientBoundColumn:
        return r.clientBound;
    case NotesColumn:
        return int(notable(r).size());
    default:
        return display(r, column);
    }
}

QString AggregatesModel::toolTip(const StackAggregate& r) const
{
    QStringList lines;
    lines << tr("%1 on %2").arg(r.scenarioId, r.stack);
    if (!r.failed && r.stats.ciAvailable)
        lines << tr("Mean %1 over %n repetition(s); 95 % CI %2 – %3", nullptr, int(r.repetitions.size()))
                     .arg(formatNumber(r.stats.mean, 2), formatNumber(r.stats.ciLow, 2),
                         formatNumber(r.stats.ciHigh, 2));
    else if (!r.failed)
        lines << tr("Mean %1 over %n repetition(s); 95 % CI n/a", nullptr, int(r.repetitions.size()))
                     .arg(formatNumber(r.stats.mean, 2));
    if (r.clientBound)
        lines << tr("⚠ The client may have limited this measurement (busy CPU, queued or dropped requests).");
    for (const QString& f : r.failures)
        lines << tr("Failed: %1").arg(f);
    for (const auto& n : notable(r))
        lines << n.describe(unitOf(r.metric));
    return lines.join(u'\n');
}

QVariant AggregatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case MeanColumn:
            return tr("The paper's metric: requests per second or mean response time");
        case CiColumn:
            return tr("95 % confidence interval of the mean across repetitions (modified Cox, on the log "
                      "scale, so never below zero); n/a with one repetition");
        case RankColumn:
            return tr("Rank within the figure and its letters: bars sharing a letter are not significantly "
                      "different (Welch's t-test, Holm-adjusted over the figure's pairs, 5 %)");
        case RepetitionsColumn:
            return tr("Repetitions with data");
        case P50Column:
        case P90Column:
        case P99Column:
            return tr("Latency percentile of every request of the repetitions used, read off their merged "
                      "histograms. \"≈\" marks results written before histograms were kept: there it is "
                      "the mean of the repetitions' own percentiles, which is no percentile of anything");
        case ErrorRateColumn:
            return tr("Transport errors and unexpected statuses, over all requests");
        case ServerCpuColumn:
            return tr("Mean CPU of the stack's process tree, percent of one core");
        case ServerRssColumn:
            return tr("Mean resident memory of the stack's process tree");
        case ClientBoundColumn:
            return tr("Whether the client, not the server, may have set the pace");
        case CvColumn:
            return tr("Coefficient of variation across repetitions: standard deviation / mean");
        case NotesColumn:
            return tr("Repetitions to read with care: outliers (more than 25 % from the median, or modified "
                      "z-score above 3.5) and repetitions flagged imbalanced, noisy, io-stalled or "
                      "client-bound. Hover a row for the measured causes.");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case FigureColumn:
        return tr("Fig.");
    case ScenarioColumn:
        return tr("Scenario");
    case StackColumn:
        return tr("Stack");
    case MeanColumn:
        return tr("Mean");
    case CiColumn:
        return tr("95 % CI");
    case RankColumn:
        return tr("Rank");
    case RepetitionsColumn:
        return tr("n");
    case P50Column:
        return tr("p50");
    case P90Column:
        return tr("p90");
    case P99Column:
        return tr("p99");
    case RequestsColumn:
        return tr("Requests");
    case ErrorRateColumn:
        return tr("Errors");
    case ServerCpuColumn:
        return tr("Server CPU");
    case ServerRssColumn:
        return tr("Server RSS");
    case ClientBoundColumn:
        return tr("Client-bound");
    case StatusColumn:
        return tr("Status");
    case CvColumn:
        return tr("CV");
    case NotesColumn:
        return tr("Repetitions");
    case NUM_COLUMNS:
        break;
    }
    return {};
}
