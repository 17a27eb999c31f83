#pragma once

#include <QDialog>
#include <QElapsedTimer>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class VenvSetup;

/// Creates the stacks' venv with VenvSetup, showing each step and pip's output as it comes, a busy
/// bar and the elapsed time; Cancel stops it. Accepted when the venv is ready; rejected on failure
/// (the error stays on screen) or cancel. GUI-thread only.
class VenvSetupDialog : public QDialog
{
    Q_OBJECT
public:
    explicit VenvSetupDialog(const QString& venv, QWidget* parent = nullptr);
    ~VenvSetupDialog() override;

    /// Esc and the window's close button: stop the setup first.
    void reject() override;

    /// Whether a venv is there at all (a Python in it); an installed Stackbench has none at first.
    static bool venvExists(const QString& venv);
    QString error() const { return m_error; }

private:
    VenvSetup* m_setup;
    QLabel* m_status;
    QProgressBar* m_busy;
    QPlainTextEdit* m_log;
    QDialogButtonBox* m_buttons;
    QString m_error;
    QElapsedTimer m_clock;
};
