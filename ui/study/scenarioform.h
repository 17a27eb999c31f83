#pragma once

#include "formerrors.h"
#include "plan/plan.h"

#include <QWidget>

class JsonEdit;
class LoadFields;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
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

    JsonEdit* bodyEdit() const;
    QSpinBox* vusBox() const;
    QLineEdit* durationEdit() const;
    QLineEdit* idEdit() const { return m_id; }
    QLineEdit* titleEdit() const { return m_title; }

Q_SIGNALS:
    void edited();

private:
    QWidget* buildIdentity();
    QWidget* buildLoad();
    QWidget* buildRequest();
    QWidget* addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& key);
    void updateVisibleRows();
    void emitEdited();
    void onTitleEdited(const QString& text);
    ExecutorKind executor() const;
    QHash<QString, QString> localErrors() const;

    QLabel* m_general = nullptr; ///< problems of the scenario as a whole
    FormErrors m_errors;
    LoadFields* m_load; ///< executor, method, headers and body, as the Quick load form has them
    QLineEdit* m_id = nullptr;
    QLineEdit* m_title = nullptr;
    QSpinBox* m_figure = nullptr;
    QComboBox* m_metric = nullptr;
    QLineEdit* m_path = nullptr;
    QLineEdit* m_sweep = nullptr;
    QComboBox* m_idsKind = nullptr;
    QSpinBox* m_idMin = nullptr;
    QSpinBox* m_idMax = nullptr;
    QLineEdit* m_idPool = nullptr;
    QCheckBox* m_consume = nullptr;
    QSpinBox* m_expected = nullptr;
    JsonProblems m_planProblems;
    bool m_loading = false;
    bool m_autoTitle = false; ///< the title is the suggested one and follows the parameters
};
