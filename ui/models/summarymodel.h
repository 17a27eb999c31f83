#pragma once

#include "metrics/summary.h"

#include <QAbstractTableModel>

/// Wraps exactly one Summary (the outcome of a load) as a two-column table of k6-style lines:
/// requests, throughput, latency percentiles, errors by class, status codes, client health.
/// setSummary() is a full reset; clear() leaves the model empty. GUI-thread only.
class SummaryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { MetricColumn, ValueColumn, NUM_COLUMNS };
    enum Row {
        RequestsRow,
        ThroughputRow,
        DurationRow,
        LatencyMeanRow,
        LatencyMinRow,
        LatencyP50Row,
        LatencyP90Row,
        LatencyP95Row,
        LatencyP99Row,
        LatencyMaxRow,
        TtfbMeanRow,
        TtfbP95Row,
        ErrorRateRow,
        ErrorClassesRow,
        StatusCodesRow,
        DataReceivedRow,
        DroppedRow,
        QueueRow,
        ClientCpuRow,
        TransportRow,
        NUM_ROWS
    };
    enum Role {
        SortRole = Qt::UserRole, ///< the raw number of the value column
        WarningRole, ///< bool: the line deserves attention (errors, a busy client)
    };
    /// Client CPU (percent of one core) above which the summary warns that the client may be the
    /// bottleneck.
    static constexpr double ClientBoundCpuPercent = 80.0;

    explicit SummaryModel(QObject* parent = nullptr);

    void setSummary(const Summary& summary, bool stoppedEarly = false);
    void clear();
    bool hasSummary() const { return m_valid; }
    const Summary& summary() const { return m_summary; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// The whole summary as "metric<TAB>value" lines, for the clipboard and text files.
    QString toText() const;

private:
    QString label(int row) const;
    QString value(int row) const;
    double number(int row) const;
    bool warns(int row) const;
    QString toolTip(int row) const;

    Summary m_summary;
    bool m_valid = false;
    bool m_stopped = false;
};
