#pragma once

#include "formerrors.h"
#include "plan/plan.h"

#include <QWidget>

class JsonEdit;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

/// Edits one Scenario: id, title, figure and metric; the executor and only the parameters it uses;
/// the request (method, path template, headers, JSON body template, where {id} comes from) and
/// the expected status. Problems show under their fields as the user types.
/// GUI-thread only.
class ScenarioForm : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioForm(QWidget* parent = nullptr);

    /// Loads @p scenario without emitting edited().
    void setScenario(const Scenario& scenario);
    /// The scenario as the fields describe it. Text that does not parse (a duration, a header
    /// line, JSON) is carried as well as it can be and reported by localProblems().
    Scenario scenario() const;
    /// Problems found in the fields themselves, paths relative to the scenario.
    JsonProblems localProblems() const;
    /// Shows plan problems (relative to the scenario) together with the local ones.
    void setProblems(const JsonProblems& problems);
    const FormErrors& errors() const { return m_errors; }

    JsonEdit* bodyEdit() const { return m_body; }
    QSpinBox* vusBox() const { return m_vus; }
    QLineEdit* durationEdit() const { return m_duration; }
    QLineEdit* idEdit() const { return m_id; }

Q_SIGNALS:
    void edited();

private:
    QWidget* buildIdentity();
    QWidget* buildLoad();
    QWidget* buildRequest();
    void addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& key);
    void updateVisibleRows();
    void emitEdited();
    ExecutorKind executor() const;
    QHash<QString, QString> localErrors() const;

    QLabel* m_general = nullptr; ///< problems of the scenario as a whole
    FormErrors m_errors;
    QFormLayout* m_loadForm = nullptr;
    QFormLayout* m_requestForm = nullptr;
    QHash<QString, QWidget*> m_rows;
    QLineEdit* m_id = nullptr;
    QLineEdit* m_title = nullptr;
    QSpinBox* m_figure = nullptr;
    QComboBox* m_metric = nullptr;
    QComboBox* m_executor = nullptr;
    QSpinBox* m_vus = nullptr;
    QLineEdit* m_duration = nullptr;
    QSpinBox* m_iterations = nullptr;
    QDoubleSpinBox* m_rate = nullptr;
    QSpinBox* m_preAllocated = nullptr;
    QSpinBox* m_maxVus = nullptr;
    QLineEdit* m_maxDuration = nullptr;
    QComboBox* m_method = nullptr;
    QLineEdit* m_path = nullptr;
    QPlainTextEdit* m_headers = nullptr;
    JsonEdit* m_body = nullptr;
    QComboBox* m_idsKind = nullptr;
    QSpinBox* m_idMin = nullptr;
    QSpinBox* m_idMax = nullptr;
    QLineEdit* m_idPool = nullptr;
    QCheckBox* m_consume = nullptr;
    QSpinBox* m_expected = nullptr;
    JsonProblems m_planProblems;
    bool m_loading = false;
};
