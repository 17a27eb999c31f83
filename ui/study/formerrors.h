#pragma once

#include "plan/jsonproblem.h"

#include <QHash>
#include <QList>
#include <QString>

class QLabel;
class QWidget;

/// Routes validation problems to the fields of a form. Each field is registered under the JSON
/// path it edits, relative to the form's object (e.g. `vus`, `request.body`); a problem goes to the
/// field with the longest key that prefixes its path, anything else to the form's general label.
/// Local problems (text the form could not even parse, such as "10 seconds") win over plan
/// problems on the same field. Not a QObject: a helper owned by a form.
class FormErrors
{
public:
    /// @p general receives the problems no field claims.
    explicit FormErrors(QLabel* general = nullptr)
        : m_general(general)
    {
    }

    void add(const QString& key, QWidget* field, QLabel* label);
    /// Shows @p problems (paths relative to the form) plus @p local (key -> reason).
    void show(const JsonProblems& problems, const QHash<QString, QString>& local = {});
    /// The text shown for @p key, empty when the field is fine.
    QString errorFor(const QString& key) const;
    QString generalError() const { return m_generalText; }

    /// The key that owns @p path, or empty.
    QString keyFor(const QString& path) const;

private:
    struct Entry
    {
        QWidget* field = nullptr;
        QLabel* label = nullptr;
    };
    QHash<QString, Entry> m_entries;
    QHash<QString, QString> m_shown;
    QLabel* m_general;
    QString m_generalText;
};

/// The problems under @p prefix (e.g. "scenarios[2]"), with the prefix and its dot removed.
JsonProblems problemsUnder(const JsonProblems& problems, const QString& prefix);
/// Problems the plan as a whole owns (name, description, "no stacks"...): not under an item.
JsonProblems generalProblems(const JsonProblems& problems);
