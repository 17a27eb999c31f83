#pragma once

#include <QWidget>

class QPlainTextEdit;
class StatusLabel;

/// A plain-text editor for a JSON body with inline validation as the user types: under the text
/// it says "valid JSON" or names the line, column and reason of the first syntax error.
/// With placeholders allowed, `{id}`, `{seq}` and `{vu}` count as numbers, so a template such as
/// `{"n": {seq}}` is accepted, as the load CLI accepts it. GUI-thread only.
class JsonEdit : public QWidget
{
    Q_OBJECT
public:
    explicit JsonEdit(QWidget* parent = nullptr);

    void setPlaceholdersAllowed(bool allowed);
    QString text() const;
    /// Replaces the text without emitting edited().
    void setText(const QString& text);
    /// The syntax error, or empty when the text is empty or valid.
    QString syntaxError() const { return m_error; }
    bool isValid() const { return m_error.isEmpty(); }
    /// An error found elsewhere (e.g. plan validation), shown when the syntax is fine.
    void setExternalError(const QString& error);
    QPlainTextEdit* editor() const { return m_edit; }

Q_SIGNALS:
    /// The user changed the text.
    void edited();

private:
    void validate();
    void showStatus();

    QPlainTextEdit* m_edit;
    StatusLabel* m_status;
    QString m_error;
    QString m_externalError;
    bool m_placeholders = false;
    bool m_settingText = false;
};
