#include "summarymodel.h"

#include "common/uiutil.h"

#include <QGuiApplication>
#include <QPalette>

using namespace UiUtil;

SummaryModel::SummaryModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SummaryModel::setSummary(const Summary& summary, bool stoppedEarly)
{
    assertGuiThread(this);
    beginResetModel();
    m_summary = summary;
    m_valid = true;
    m_stopped = stoppedEarly;
    endResetModel();
}

void SummaryModel::clear()
{
    assertGuiThread(this);
    beginResetModel();
    m_summary = {};
    m_valid = false;
    m_stopped = false;
    endResetModel();
}

int SummaryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_valid ? 0 : NUM_ROWS;
}

int SummaryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant SummaryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == MetricColumn ? label(row) : value(row);
    case SortRole:
        return index.column() == MetricColumn ? QVariant(row) : QVariant(number(row));
    case WarningRole:
        return warns(row);
    case Qt::ForegroundRole:
        if (index.column() == ValueColumn && warns(row))
            return warningColor(QGuiApplication::palette());
        return {};
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::TextAlignmentRole:
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant SummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MetricColumn:
        return tr("Metric");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

QString SummaryModel::label(int row) const
{
    switch (Row(row)) {
    case RequestsRow:
        return tr("Requests");
    case ThroughputRow:
        return tr("Throughput");
    case DurationRow:
        return tr("Duration");
    case LatencyMeanRow:
        return tr("Latency, mean");
    case LatencyMinRow:
        return tr("Latency, min");
    case LatencyP50Row:
        return tr("Latency, p50");
    case LatencyP90Row:
        return tr("Latency, p90");
    case LatencyP95Row:
        return tr("Latency, p95");
    case LatencyP99Row:
        return tr("Latency, p99");
    case LatencyMaxRow:
        return tr("Latency, max");
    case TtfbMeanRow:
        return tr("Time to first byte, mean");
    case TtfbP95Row:
        return tr("Time to first byte, p95");
    case ErrorRateRow:
        return tr("Failed requests");
    case ErrorClassesRow:
        return tr("Errors by class");
    case StatusCodesRow:
        return tr("Status codes");
    case DataReceivedRow:
        return tr("Data received");
    case DroppedRow:
        return tr("Dropped iterations");
    case QueueRow:
        return tr("Client queue time, mean");
    case ClientCpuRow:
        return tr("Client CPU");
    case TransportRow:
        return tr("Transport");
    case NUM_ROWS:
        break;
    }
    return {};
}

QString SummaryModel::value(int row) const
{
    const Summary& s = m_summary;
    switch (Row(row)) {
    case RequestsRow:
        return formatNumber(double(s.requests)) + (m_stopped ? tr("  (stopped early)") : QString());
    case ThroughputRow:
        return formatNumber(s.rps, 1) + u" req/s"_qs;
    case DurationRow:
        return formatNumber(s.durationS, 2) + u" s"_qs;
    case LatencyMeanRow:
        return formatMs(s.latency.mean);
    case LatencyMinRow:
        return formatMs(s.latency.min);
    case LatencyP50Row:
        return formatMs(s.latency.p50);
    case LatencyP90Row:
        return formatMs(s.latency.p90);
    case LatencyP95Row:
        return formatMs(s.latency.p95);
    case LatencyP99Row:
        return formatMs(s.latency.p99);
    case LatencyMaxRow:
        return formatMs(s.latency.max);
    case TtfbMeanRow:
        return formatMs(s.ttfb.mean);
    case TtfbP95Row:
        return formatMs(s.ttfb.p95);
    case ErrorRateRow:
        return tr("%1 %  (%2 of %3)")
            .arg(formatNumber(100.0 * s.errorRate(), 2), formatNumber(double(s.errors.total())),
                formatNumber(double(s.requests)));
    case ErrorClassesRow:
        return tr("connect %1 · timeout %2 · reset %3 · 4xx %4 · 5xx %5 · parse %6")
            .arg(s.errors.connect)
            .arg(s.errors.timeout)
            .arg(s.errors.reset)
            .arg(s.errors.http4xx)
            .arg(s.errors.http5xx)
            .arg(s.errors.parse);
    case StatusCodesRow: {
        QStringList parts;
        for (auto it = s.statusCounts.cbegin(); it != s.statusCounts.cend(); ++it)
            parts << u"%1 × %2"_qs.arg(it.key()).arg(formatNumber(double(it.value())));
        return parts.isEmpty() ? tr("none") : parts.join(u" · "_qs);
    }
    case DataReceivedRow:
        return formatBytes(double(s.bytesReceived)) + u"  ("_qs
            + formatBytes(double(s.bytesReceived) / std::max(1e-9, s.durationS)) + u"/s)"_qs;
    case DroppedRow:
        return formatNumber(double(s.droppedIterations));
    case QueueRow:
        return formatMs(s.queueMsMean);
    case ClientCpuRow:
        return tr("%1 % of one core").arg(formatNumber(s.clientCpuPercent))
            + (s.clientCpuPercent > ClientBoundCpuPercent ? tr("  — measurement may be client-bound")
                                                          : QString());
    case TransportRow:
        return s.transport;
    case NUM_ROWS:
        break;
    }
    return {};
}

double SummaryModel::number(int row) const
{
    const Summary& s = m_summary;
    switch (Row(row)) {
    case RequestsRow:
        return double(s.requests);
    case ThroughputRow:
        return s.rps;
    case DurationRow:
        return s.durationS;
    case LatencyMeanRow:
        return s.latency.mean;
    case LatencyMinRow:
        return s.latency.min;
    case LatencyP50Row:
        return s.latency.p50;
    case LatencyP90Row:
        return s.latency.p90;
    case LatencyP95Row:
        return s.latency.p95;
    case LatencyP99Row:
        return s.latency.p99;
    case LatencyMaxRow:
        return s.latency.max;
    case TtfbMeanRow:
        return s.ttfb.mean;
    case TtfbP95Row:
        return s.ttfb.p95;
    case ErrorRateRow:
        return s.errorRate();
    case ErrorClassesRow:
        return double(s.errors.total());
    case StatusCodesRow:
        return double(s.statusCounts.size());
    case DataReceivedRow:
        return double(s.bytesReceived);
    case DroppedRow:
        return double(s.droppedIterations);
    case QueueRow:
        return s.queueMsMean;
    case ClientCpuRow:
        return s.clientCpuPercent;
    case TransportRow:
    case NUM_ROWS:
        break;
    }
    return 0;
}

bool SummaryModel::warns(int row) const
{
    switch (Row(row)) {
    case ErrorRateRow:
    case ErrorClassesRow:
        return m_summary.errors.total() > 0;
    case DroppedRow:
        return m_summary.droppedIterations > 0;
    case ClientCpuRow:
        return m_summary.clientCpuPercent > ClientBoundCpuPercent;
    default:
        return false;
    }
}

QString SummaryModel::toolTip(int row) const
{
    switch (Row(row)) {
    case LatencyMeanRow:
        return tr("From sending the request (or its scheduled time) to the last byte.");
    case TtfbMeanRow:
    case TtfbP95Row:
        return tr("From sending the request to the first byte of the response.");
    case ErrorClassesRow:
        return tr("Transport failures and HTTP error statuses.");
    case DroppedRow:
        return tr("Arrival-rate iterations that could not start because every VU was busy.");
    case QueueRow:
        return tr("How long requests waited on the client before they were sent.");
    case ClientCpuRow:
        return tr("CPU used by Stackbench itself. Above %1 % of a core the client may limit the "
                  "measurement rather than the server.")
            .arg(ClientBoundCpuPercent);
    default:
        return {};
    }
}

QString SummaryModel::toText() const
{
    QString text;
    for (int row = 0; row < rowCount(); ++row)
        text += label(row) + u'\t' + value(row) + u'\n';
    return text;
}
