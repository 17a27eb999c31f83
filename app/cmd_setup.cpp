// `stackbench setup`: creates the stacks' Python venv from the pinned requirements, as the workbench
// does on first use; an installed Stackbench keeps it in the user's data directory.
#include "commands.h"
#include "stacks/stackmanifest.h"
#include "stacks/venvsetup.h"

#include <QDir>
#include <QEventLoop>
#include <QTextStream>

namespace {
int runSetup(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Creates the stacks' Python venv from the pinned requirements (needs Python 3.11 or newer with venv "
        "and pip). Does nothing when it is already up to date."_qs);
    p.addHelpOption();
    const QCommandLineOption venv(
        u"venv"_qs, u"Where (default: %1)."_qs.arg(StackManifest::defaultVenv()), u"DIR"_qs);
    const QCommandLineOption python(
        u"python"_qs, u"The Python to create it with (default: the newest 3.11+ on PATH)."_qs, u"PATH"_qs);
    const QCommandLineOption force(u"force"_qs, u"Create it again even when it is up to date."_qs);
    p.addOptions({ venv, python, force });
    if (const QString error = parseArguments(p, u"setup"_qs, args); !error.isEmpty())
        return usageError(error);
    const QString dir = p.isSet(venv) ? QDir(p.value(venv)).absolutePath() : StackManifest::defaultVenv();
    QTextStream out(stdout);
    if (!p.isSet(force) && VenvSetup::isReady(dir, VenvSetup::bundledRequirements())) {
        out << "the stacks' venv is up to date: " << dir << '\n';
        return 0;
    }
    VenvSetup setup;
    QString error;
    QEventLoop loop;
    QObject::connect(&setup, &VenvSetup::progress, &setup, [&](const QString& line) {
        out << line << '\n';
        out.flush();
    });
    QObject::connect(&setup, &VenvSetup::finished, &loop, [&](const QString& e) {
        error = e;
        loop.quit();
    });
    setup.start(dir, VenvSetup::bundledRequirements(), p.value(python));
    if (setup.isRunning())
        loop.exec();
    return error.isEmpty() ? 0 : failure(error);
}

const bool registered = registerCommand(
    { u"setup"_qs, u"create the stacks' Python venv from the pinned requirements"_qs, false, runSetup });
} // namespace
