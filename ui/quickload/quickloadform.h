#pragma once

#include "engine/loadspec.h"

#include <QHash>
#include <QWidget>
#include <optional>

class LoadFields;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

/// The options of `stackbench load` as a form: target URL, method, headers, JSON body, executor
/// with its parameters, transport, timeout and threads. Each field shows its own problem as the
/// user types; spec() turns the form into a LoadSpec the engine accepts. GUI-thread only.
class QuickLoadForm : public QWidget
{
    Q_OBJECT
public:
    explicit QuickLoadForm(QWidget* parent = nullptr);

    /// The spec, or nullopt with the first problem in @p error.
    std::optional<LoadSpec> spec(QString* error = nullptr) const;
    /// True when no field has a problem.
    bool isValid() const;

    // Programmatic setters (tests, remembered settings); they validate like typing does.
    void setUrl(const QString& url);
    void setMethod(const QString& method);
    void setBody(const QString& body);
    void setHeaders(const QString& lines);
    void setExecutor(ExecutorKind executor);
    void setVus(int vus);
    void setDuration(const QString& duration);
    void setIterations(int iterations);
    void setRate(double rate);
    void setTransport(const QString& transport); ///< "auto", "socket" or "qnam"
    void setTimeout(const QString& timeout);
    void setThreads(int threads);

    /// Stores and restores the fields in QSettings.
    void saveSettings() const;
    void restoreSettings();

    QLineEdit* urlEdit() const { return m_url; }

Q_SIGNALS:
    /// Any field changed; isValid() may have changed.
    void changed();

private:
    void buildRequestFields(QFormLayout* form);
    void buildLoadFields(QFormLayout* form);
    QWidget* addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& key);
    void validate();
    QString fieldError(const QString& key) const;
    ExecutorKind executor() const;

    QFormLayout* m_loadForm = nullptr;
    LoadFields* m_load; ///< executor, method, headers and body, as the scenario editor has them
    QLineEdit* m_url;
    QComboBox* m_transport;
    QLineEdit* m_timeout;
    QSpinBox* m_threads;
    QHash<QString, QLabel*> m_errors; ///< per field key
    QHash<QString, QWidget*> m_fields;
    QHash<QString, QWidget*> m_rows; ///< the row widget (field + error label) per key
};
