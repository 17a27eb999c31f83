#include "seed.h"

#include "launch.h"

#include <QCoroSignal>
#include <QElapsedTimer>
#include <QProcess>
#include <csignal>

using namespace launch;

QCoro::Task<SeedResult> runSeed(StackManifest manifest, QString venv, QString dbPath, qint64 count,
    std::chrono::milliseconds timeout, QString logPath)
{
    SeedResult r;
    r.count = count;
    const QHash<QString, QString> values { { u"venv"_qs,
                                               venv.isEmpty() ? StackManifest::defaultVenv() : venv },
        { u"stacks"_qs, manifest.directory }, { u"db"_qs, dbPath }, { u"count"_qs, QString::number(count) } };
    QStringList missing;
    r.command = substitutePlaceholders(manifest.seedCommand, values, &missing);
    if (r.command.isEmpty()) {
        r.error = u"the manifest has no seed command"_qs;
        co_return r;
    }
    if (!missing.isEmpty()) {
        r.error = u"seed.command uses {"_qs + missing.join(u"}, {"_qs)
            + u"}, which the seed command cannot have"_qs;
        co_return r;
    }
    if (const QString why = checkProgram(r.command.first(), values.value(u"venv"_qs)); !why.isEmpty()) {
        r.error = u"cannot run the seed command: "_qs + why;
        co_return r;
    }
    appendToLog(logPath,
        "# " + stamp().toUtf8() + " seed --count " + QByteArray::number(count) + ": "
            + shellQuote(r.command).toUtf8() + '\n');

    QProcess p;
    configureChild(p);
    p.setWorkingDirectory(manifest.directory);
    p.setProgram(r.command.first());
    p.setArguments(r.command.mid(1));
    QElapsedTimer clock;
    clock.start();
    p.start();
    if (!p.waitForStarted(10'000)) {
        r.error = u"cannot start the seed command: "_qs + p.errorString();
        co_return r;
    }
    const qint64 pid = p.processId();
    bool timedOut = false;
    if (p.state() != QProcess::NotRunning) {
        const auto done = co_await qCoro(&p, &QProcess::finished, timeout);
        if (!done && p.state() != QProcess::NotRunning) {
            timedOut = true;
            ::kill(-pid_t(pid), SIGKILL);
            p.waitForFinished(2'000);
        }
    }
    r.seconds = double(clock.elapsed()) / 1000.0;
    const QByteArray out = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    appendToLog(logPath, out + err);
    const QString errTail = QString::fromUtf8(err.right(1500)).trimmed();
    if (timedOut) {
        r.error = u"the seed command (--count "_qs + QString::number(count) + u") did not finish within "_qs
            + QString::number(double(timeout.count()) / 1000.0) + u" s"_qs;
    } else if (p.exitStatus() != QProcess::NormalExit) {
        r.error = u"the seed command was killed by "_qs + signalName(p.exitCode());
    } else if (p.exitCode() != 0) {
        r.error = u"the seed command failed with exit code "_qs + QString::number(p.exitCode());
    } else {
        r.ok = true;
    }
    if (!r.ok && !errTail.isEmpty())
        r.error += u":\n"_qs + errTail;
    co_return r;
}
