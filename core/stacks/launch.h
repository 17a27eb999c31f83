#pragma once

#include <QByteArray>
#include <QString>

class QProcess;

/// What StackProcess and runSeed share about running the programs a stack manifest names.
namespace launch {
/// The child gets its own process group and PR_SET_PDEATHSIG(SIGKILL), so it dies with the thread
/// that starts it (see OrphanGuard for its children), and reads nothing from stdin.
void configureChild(QProcess& process);
/// Empty when @p program can be run; otherwise why not, with a hint when it is in @p venv.
QString checkProgram(const QString& program, const QString& venv);
/// "SIGTERM", or the number when the signal has no name.
QString signalName(int sig);
/// The time for a line of the run log, e.g. "2026-11-28T13:14:15.123".
QString stamp();
/// Appends @p text to the log at @p path; an empty path writes nothing.
void appendToLog(const QString& path, const QByteArray& text);
} // namespace launch
