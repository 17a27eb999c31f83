#pragma once

#include <QString>
#include <QStringList>

#include <functional>

/// A headless subcommand. Each lives in its own cmd_*.cpp and registers itself at static-init time,
/// so adding one never touches main.cpp.
struct Command
{
    QString name;
    QString synopsis;  ///< one line for `stackbench --help`
    bool needsGui = false; ///< renders charts: gets a QApplication (offscreen when no display)
    std::function<int(const QStringList& args)> run; ///< args exclude program and command name
};

bool registerCommand(Command command);
const QList<Command>& commands();

/// Prints "stackbench: <message>" on stderr and returns the exit status 2 (bad usage) or 1 (failure).
int usageError(const QString& message);
int failure(const QString& message);
