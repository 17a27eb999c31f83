#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <memory>

/// Creates the stacks' Python venv (StackManifest::defaultVenv(), or another directory) from the
/// pinned requirements shipped with Stackbench (resources/stacks/requirements.txt): finds Python 3.11
/// or newer, runs `python -m venv DIR` and `DIR/bin/pip install -r requirements.txt`, and stamps the
/// venv with the requirements' SHA-256 (`.requirements.sha256`, as packaging/setup.sh does), so a
/// venv is rebuilt only when the requirements change. Asynchronous, on its owner's event loop:
/// progress() carries each step and pip's output lines, finished() the outcome.
class VenvSetup : public QObject
{
    Q_OBJECT
public:
    explicit VenvSetup(QObject* parent = nullptr);
    ~VenvSetup() override;

    /// Whether @p venv holds a Python and the stamp of @p requirements as they are now.
    static bool isReady(const QString& venv, const QString& requirements);
    /// The bundled requirements file.
    static QString bundledRequirements();
    /// The first of `python3.13` … `python3.11`, `python3` on PATH whose version is at least 3.11;
    /// empty when there is none.
    static QString findPython();

    /// Starts creating @p venv (replacing an outdated one). @p python: empty to look for one.
    void start(
        const QString& venv, const QString& requirements = bundledRequirements(), const QString& python = {});
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(const QString& line);
    /// @p error is empty on success, else a sentence saying what failed and what to do.
    void finished(const QString& error);

private:
    void runStep(const QString& program, const QStringList& args, const QString& what);
    void stepFinished(int exitCode, QProcess::ExitStatus status);
    void fail(const QString& error);

    std::unique_ptr<QProcess> m_process;
    QString m_venv, m_requirements, m_python, m_what;
    int m_step = 0;
    QByteArray m_output; ///< the current step's output, for a failure's message
};
