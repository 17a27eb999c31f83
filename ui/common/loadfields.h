#pragma once

#include "engine/loadspec.h"

#include <QHash>
#include <QObject>
#include <functional>

class JsonEdit;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QWidget;

/// The fields that shape a load (executor, VUs, duration, iterations, arrival rate, max VUs) and
/// the request it sends (method, headers, JSON body), shared by the Quick load form and the
/// scenario editor so that both build, show and hide them alike. The two differ in wording, a few
/// ranges and defaults, and in two fields only a plan has (pre-allocated VUs, max duration); Kind
/// selects which.
///
/// Not a layout of its own: each form keeps one label column per group and puts its own rows in
/// between (the URL, the path, transport, ...), so the rows are added through the form's AddRow,
/// which also gives each field its inline error label. Executor-dependent rows are shown and
/// hidden here. The widgets are parented by the form's layout; this object only wires them and
/// must live as long as the form (make it the form's child). GUI-thread only.
class LoadFields : public QObject
{
    Q_OBJECT
public:
    enum class Kind {
        QuickLoad, ///< `stackbench load`: VUs double as the arrival rate's pre-allocated VUs
        Plan, ///< a plan's scenario: k6's fields, keys are their JSON paths
    };
    /// Adds the row "label: field" under @p key to @p form and returns the row's widget.
    using AddRow = std::function<QWidget*(
        QFormLayout* form, const QString& label, QWidget* field, const QString& key)>;

    LoadFields(Kind kind, QObject* parent);

    /// Executor, VUs, duration, iterations, rate (pre-allocated VUs), max VUs (max duration).
    void addExecutorRows(QFormLayout* form, const AddRow& addRow);
    /// Method, headers and body; @p afterMethod adds the form's own rows between method and headers.
    void addRequestRows(
        QFormLayout* form, const AddRow& addRow, const std::function<void()>& afterMethod = {});
    /// Shows the rows the current executor uses and hides the others.
    void updateRows();

    ExecutorKind executor() const;
    void setExecutor(ExecutorKind executor);
    /// The key of the max VUs row ("maxVus" or "maxVUs", as the form's settings or plan paths name it).
    QString maxVusKey() const;

    QComboBox* executorBox() const { return m_executor; }
    QSpinBox* vus() const { return m_vus; }
    QLineEdit* duration() const { return m_duration; }
    QSpinBox* iterations() const { return m_iterations; }
    QDoubleSpinBox* rate() const { return m_rate; }
    QSpinBox* preAllocatedVus() const { return m_preAllocated; } ///< Plan only, else null
    QSpinBox* maxVus() const { return m_maxVus; }
    QLineEdit* maxDuration() const { return m_maxDuration; } ///< Plan only, else null
    QComboBox* method() const { return m_method; }
    QPlainTextEdit* headers() const { return m_headers; }
    JsonEdit* body() const { return m_body; }

Q_SIGNALS:
    /// Any field changed, by the user or a setter; after an executor change the rows are updated.
    void edited();

private:
    void createExecutorFields();
    void createRequestFields();
    void connectFields();
    QString text(const QString& quickLoad, const QString& plan) const;

    Kind m_kind;
    QFormLayout* m_loadForm = nullptr;
    QHash<QString, QWidget*> m_rows;
    QComboBox* m_executor = nullptr;
    QSpinBox* m_vus = nullptr;
    QLineEdit* m_duration = nullptr;
    QSpinBox* m_iterations = nullptr;
    QDoubleSpinBox* m_rate = nullptr;
    QSpinBox* m_preAllocated = nullptr;
    QSpinBox* m_maxVus = nullptr;
    QLineEdit* m_maxDuration = nullptr;
    QComboBox* m_method = nullptr;
    QPlainTextEdit* m_headers = nullptr;
    JsonEdit* m_body = nullptr;
};
