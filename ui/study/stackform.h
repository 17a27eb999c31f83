#pragma once

#include "formerrors.h"
#include "plan/plan.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

/// Edits one PlanStack: a stack from the manifest (picked from its names, with its parameters and
/// their sweep) or an external target (name and base URL), with an optional display label.
/// GUI-thread only.
class StackForm : public QWidget
{
    Q_OBJECT
public:
    explicit StackForm(QWidget* parent = nullptr);

    /// The manifest's stacks (name -> label) offered in the picker.
    void setManifestStacks(const QList<std::pair<QString, QString>>& stacks);
    void setStack(const PlanStack& stack);
    PlanStack stack() const;
    void setProblems(const JsonProblems& problems);
    JsonProblems localProblems() const;

Q_SIGNALS:
    void edited();

private:
    void addRow(const QString& label, QWidget* field, const QString& key);
    QHash<QString, QString> localErrors() const;
    void updateRows();
    void emitEdited();

    QLabel* m_general;
    FormErrors m_errors;
    QFormLayout* m_form;
    QLabel* m_kind;
    QComboBox* m_stack;
    QLineEdit* m_name;
    QLineEdit* m_url;
    QLineEdit* m_label;
    QLineEdit* m_params;
    QLineEdit* m_sweep;
    QHash<QString, QWidget*> m_rows;
    bool m_external = false;
    bool m_loading = false;
};
