#pragma once

#include "plan/jsonproblem.h"

#include <QAbstractTableModel>

/// Wraps exactly one JsonProblems list: where (the JSON path) and why. setProblems() is a full
/// reset. GUI-thread only.
class ProblemsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { PathColumn, ReasonColumn, NUM_COLUMNS };
    enum Role { PathRole = Qt::UserRole };

    explicit ProblemsModel(QObject* parent = nullptr);

    void setProblems(const JsonProblems& problems);
    const JsonProblems& problems() const { return m_problems; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    JsonProblems m_problems;
};
