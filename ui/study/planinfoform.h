#pragma once

#include "formerrors.h"
#include "plan/plan.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

/// Edits a plan's name and description, shows what the plan adds up to, and lists the problems
/// that belong to the plan as a whole. GUI-thread only.
class PlanInfoForm : public QWidget
{
    Q_OBJECT
public:
    explicit PlanInfoForm(QWidget* parent = nullptr);

    void setPlan(const Plan& plan);
    QString name() const;
    QString description() const;
    void setProblems(const JsonProblems& problems);

Q_SIGNALS:
    void edited();

private:
    void emitEdited();

    QLabel* m_general;
    FormErrors m_errors;
    QLineEdit* m_name;
    QPlainTextEdit* m_description;
    QLabel* m_summary;
    bool m_loading = false;
};
