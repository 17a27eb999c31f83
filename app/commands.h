#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <chrono>
#include <functional>
#include <utility>

/// A headless subcommand. Each lives in its own cmd_*.cpp and registers itself at static-init time,
/// so adding one never touches main.cpp.
struct Command
{
    QString name;
    QString synopsis; ///< one line for `stackbench --help`
    bool needsGui = false; ///< renders charts: gets a QApplication (offscreen when no display)
    std::function<int(const QStringList& args)> run; ///< args exclude program and command name
};

bool registerCommand(Command command);
const QList<Command>& commands();

/// Prints "stackbench: <message>" on stderr and returns the exit status 2 (bad usage) or 1 (failure).
int usageError(const QString& message);
int failure(const QString& message);

/// Parses `args` for `stackbench <name>`. On --help prints the help and exits 0. Returns the parse
/// error, or an empty string.
QString parseArguments(QCommandLineParser& parser, const QString& name, const QStringList& args);
/// Reads "K/N" with 1 <= K <= N <= maxN (a segment or a shard). Returns {K, N}, or {0, 0} when
/// `text` is not of that form.
std::pair<int, int> parsePartOf(const QString& text, int maxN);

/// The options shared by the commands that start stacks: --manifest and --trust, and for the ones
/// that seed a stack themselves, --count and --ready-timeout.
struct StackOptions
{
    enum class Seeding { No, Yes };
    explicit StackOptions(Seeding seeding = Seeding::No)
        : seeding(seeding)
    {
    }

    Seeding seeding;
    QString manifestPath; ///< empty: the default manifest
    bool trust = false;
    qint64 count = 1500;
    std::chrono::milliseconds readyTimeout { 30'000 };

    void addTo(QCommandLineParser& parser) const;
    /// Reads back what addTo() added. Returns the usage error, or an empty string.
    QString read(const QCommandLineParser& parser);
};
