#pragma once

#include "formerrors.h"
#include "plan/plan.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

/// Edits the Procedure: settle time, seed size, conformance check, warm-up, idle and gap times,
/// repetitions, transport and timeout. GUI-thread only.
class ProcedureForm : public QWidget
{
    Q_OBJECT
public:
    explicit ProcedureForm(QWidget* parent = nullptr);

    void setProcedure(const Procedure& procedure);
    Procedure procedure() const;
    void setProblems(const JsonProblems& problems);
    JsonProblems localProblems() const;

Q_SIGNALS:
    void edited();

private:
    QWidget* buildMain();
    QWidget* buildWarmup();
    QWidget* buildAdaptive();
    void addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& key);
    void emitEdited();

    QLabel* m_general;
    FormErrors m_errors;
    QDoubleSpinBox* m_settle = nullptr;
    QSpinBox* m_seed = nullptr;
    QCheckBox* m_verify = nullptr;
    QLineEdit* m_pinStack = nullptr; ///< "1" or "0,1"; empty: not pinned
    QLineEdit* m_pinEngine = nullptr;
    QDoubleSpinBox* m_idle = nullptr;
    QDoubleSpinBox* m_gap = nullptr;
    QSpinBox* m_repetitions = nullptr; ///< fixed, or the most when adaptive
    QCheckBox* m_adaptive = nullptr;
    QSpinBox* m_minRepetitions = nullptr;
    QDoubleSpinBox* m_targetCi = nullptr;
    QComboBox* m_transport = nullptr;
    QDoubleSpinBox* m_timeout = nullptr;
    QGroupBox* m_warmup = nullptr;
    QSpinBox* m_warmVus = nullptr;
    QLineEdit* m_warmDuration = nullptr;
    QLineEdit* m_warmPath = nullptr;
    QSpinBox* m_thenRequests = nullptr;
    QLineEdit* m_thenPath = nullptr;
    bool m_loading = false;
};
