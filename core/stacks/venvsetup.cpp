#include "venvsetup.h"

#include "common/resources.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace {
QByteArray sha256Of(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

QString stampPath(const QString& venv)
{
    return venv + u"/.requirements.sha256"_qs;
}

/// "Python 3.11.7" → (3, 11); (0, 0) when it cannot be read.
std::pair<int, int> versionOf(const QString& python)
{
    QProcess p;
    p.start(python, { u"--version"_qs });
    if (!p.waitForFinished(10'000))
        return { 0, 0 };
    static const QRegularExpression Version(u"Python (\\d+)\\.(\\d+)"_qs);
    const auto m = Version.match(QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
    return m.hasMatch() ? std::pair { m.captured(1).toInt(), m.captured(2).toInt() } : std::pair { 0, 0 };
}
} // namespace

VenvSetup::VenvSetup(QObject* parent)
    : QObject(parent)
{
}

VenvSetup::~VenvSetup()
{
    disconnect(); // nobody is told about a cancel in the destructor
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2'000);
    }
}

bool VenvSetup::isReady(const QString& venv, const QString& requirements)
{
    QFile stamp(stampPath(venv));
    if (!QFileInfo(venv + u"/bin/python"_qs).isExecutable() || !stamp.open(QIODevice::ReadOnly))
        return false;
    return stamp.readAll().trimmed() == sha256Of(requirements);
}

QString VenvSetup::bundledRequirements()
{
    return Resources::inRoot(u"resources/stacks/requirements.txt");
}

QString VenvSetup::findPython()
{
    for (const char* name : { "python3.13", "python3.12", "python3.11", "python3" }) {
        QString path = QStandardPaths::findExecutable(QString::fromLatin1(name));
        if (path.isEmpty())
            continue;
        const auto [major, minor] = versionOf(path);
        if (major > 3 || (major == 3 && minor >= 11))
            return path;
    }
    return {};
}

bool VenvSetup::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void VenvSetup::start(const QString& venv, const QString& requirements, const QString& python)
{
    if (isRunning())
        return;
    m_venv = QDir(venv).absolutePath();
    m_requirements = requirements;
    m_step = 0;
    if (!QFileInfo::exists(requirements))
        return fail(tr("the pinned requirements %1 are missing; reinstall Stackbench").arg(requirements));
    m_python = python.isEmpty() ? findPython() : python;
    if (m_python.isEmpty())
        return fail(
            tr("Python 3.11 or newer is needed to run the stacks, and none was found on PATH; install it "
               "(on Debian: apt install python3 python3-venv python3-pip) and run `stackbench setup` again"));
    if (!QDir().mkpath(QFileInfo(m_venv).absolutePath()))
        return fail(tr("cannot create the folder %1").arg(QFileInfo(m_venv).absolutePath()));
    QFile::remove(stampPath(m_venv)); // until pip has finished, the venv is not ready
    Q_EMIT progress(tr("Creating the stacks' venv in %1 with %2").arg(m_venv, m_python));
    runStep(m_python, { u"-m"_qs, u"venv"_qs, m_venv }, tr("creating the venv"));
}

void VenvSetup::runStep(const QString& program, const QStringList& args, const QString& what)
{
    m_what = what;
    m_output.clear();
    if (m_process) { // the previous step's: this may run in its finished() signal, so not deleted here
        m_process->disconnect(this);
        m_process.release()->deleteLater();
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, [this] {
        while (m_process->canReadLine()) {
            const QByteArray line = m_process->readLine();
            m_output += line;
            if (m_output.size() > 64 * 1024)
                m_output = m_output.right(32 * 1024);
            if (const QString text = QString::fromUtf8(line).trimmed(); !text.isEmpty())
                Q_EMIT progress(text);
        }
    });
    connect(m_process.get(), &QProcess::finished, this, &VenvSetup::stepFinished);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            fail(tr("%1 failed: cannot start %2").arg(m_what, m_process->program()));
    });
    m_process->start(program, args);
}

void VenvSetup::stepFinished(int exitCode, QProcess::ExitStatus status)
{
    m_output += m_process->readAll();
    if (status != QProcess::NormalExit || exitCode != 0) {
        const QString tail = QString::fromUtf8(m_output.right(1500)).trimmed();
        QString hint;
        if (m_step == 0 && tail.contains(u"ensurepip"_qs))
            hint = tr(" (on Debian: apt install python3-venv)");
        return fail(tr("%1 failed (exit %2)%3: %4").arg(m_what).arg(exitCode).arg(hint, tail));
    }
    ++m_step;
    if (m_step == 1) {
        Q_EMIT progress(tr("Installing the pinned packages (%1)").arg(m_requirements));
        runStep(m_venv + u"/bin/pip"_qs,
            { u"install"_qs, u"--disable-pip-version-check"_qs, u"--progress-bar"_qs, u"off"_qs, u"-r"_qs,
                m_requirements },
            tr("installing the packages"));
        return;
    }
    QFile stamp(stampPath(m_venv));
    if (!stamp.open(QIODevice::WriteOnly) || stamp.write(sha256Of(m_requirements) + '\n') < 0)
        return fail(tr("cannot write %1").arg(stamp.fileName()));
    stamp.close();
    Q_EMIT progress(tr("The stacks' venv is ready: %1").arg(m_venv));
    Q_EMIT finished({});
}

void VenvSetup::fail(const QString& error)
{
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(2'000);
        }
    }
    Q_EMIT finished(error);
}

void VenvSetup::cancel()
{
    if (isRunning())
        fail(tr("cancelled"));
}
