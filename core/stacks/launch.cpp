#include "launch.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <csignal>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>

namespace {
/// Runs in the forked child before exec: async-signal-safe calls only.
void setupChild(pid_t parent)
{
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) // the parent died before prctl took effect
        ::_exit(127);
}
} // namespace

namespace launch {

void configureChild(QProcess& p)
{
    const pid_t parent = ::getpid();
    p.setChildProcessModifier([parent] { setupChild(parent); });
    p.setStandardInputFile(QProcess::nullDevice());
}

QString checkProgram(const QString& program, const QString& venv)
{
    const bool hasPath = program.contains(u'/');
    const QString resolved = hasPath ? program : QStandardPaths::findExecutable(program);
    const QFileInfo info(resolved);
    if (!resolved.isEmpty() && info.isFile() && info.isExecutable())
        return {};
    QString reason
        = program + (resolved.isEmpty() || !info.exists() ? u" does not exist"_qs : u" is not executable"_qs);
    if (!venv.isEmpty() && program.startsWith(venv))
        reason
            += u" (create the stacks' venv with `bash packaging/setup.sh`, or point STACKBENCH_VENV at one)"_qs;
    return reason;
}

QString signalName(int sig)
{
    const char* abbrev = ::sigabbrev_np(sig);
    return abbrev ? u"SIG"_qs + QString::fromLatin1(abbrev) : QString::number(sig);
}

QString stamp()
{
    return QDateTime::currentDateTime().toString(Qt::ISODateWithMs);
}

void appendToLog(const QString& path, const QByteArray& text)
{
    if (path.isEmpty())
        return;
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Append))
        f.write(text);
}

} // namespace launch
