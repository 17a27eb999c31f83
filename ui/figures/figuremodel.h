#pragma once

#include "results/figuredata.h"

#include <QAbstractTableModel>

/// Wraps exactly one FigureData: one row per bar. setData(const FigureData&) is a full reset;
/// FigureView listens for the reset and rebuilds its chart. GUI-thread only.
class FigureModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StackColumn,
        LabelColumn,
        SeriesColumn,
        ValueColumn,
        CiLowColumn,
        CiHighColumn,
        PaperColumn,
        StatusColumn,
        NUM_COLUMNS
    };
    enum Role {
        SortRole = Qt::UserRole, ///< the raw number for numeric columns
        FailedRole,
        ClientBoundRole,
        PaperValueRole, ///< double, -1 when none
    };

    explicit FigureModel(QObject* parent = nullptr);

    using QAbstractTableModel::setData;
    void setData(const FigureData& data);
    const FigureData& figure() const { return m_data; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const FigureBar& bar, int column) const;
    QVariant sortValue(const FigureBar& bar, int column) const;

    FigureData m_data;
};
