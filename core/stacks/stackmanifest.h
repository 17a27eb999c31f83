#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

/// One system under test, as the stack manifest (resources/stacks/stacks.json) describes it.
/// `command` is an argument list, never a shell string: it is run with QProcess, and placeholders
/// (see substitutePlaceholders) are replaced per argument, never through a shell.
struct StackDefinition
{
    QString name; ///< e.g. "flask-sqlite3": used by the CLI, plans and results
    QString label; ///< e.g. "Flask + sqlite3": for figures
    QString directory; ///< relative to the manifest's directory; the working directory
    QStringList command;
    QMap<QString, QString> env; ///< extra environment, values may hold placeholders
    QStringList packages; ///< the Python distributions whose versions results record
    /// Parameters a plan may set or sweep ("params": {"workers": "2"}), with their defaults: each is
    /// a placeholder of this stack's command and env, e.g. "--workers", "{workers}". An argument
    /// that is exactly one parameter whose value is empty is left out, so a parameter can be a
    /// flag ("{reuse_port}" with the default "" and the value "--reuse-port").
    QMap<QString, QString> params;

    /// `params` with `overrides` laid over them: the values a run of this stack uses.
    QMap<QString, QString> paramsWith(const QMap<QString, QString>& overrides) const;
};

/// The parsed manifest. Every problem is reported as "<json path>: <plain reason>", e.g.
/// "stacks[2].command: must be a non-empty array of strings".
class StackManifest
{
public:
    int version = 1;
    QList<StackDefinition> stacks;
    QStringList seedCommand; ///< run with {db} and {count}; count 0 creates the empty schema
    QString path; ///< absolute path of the manifest file (empty when parsed from bytes)
    QString directory; ///< absolute directory of the manifest: the {stacks} placeholder
    QByteArray sha256; ///< hex SHA-256 of the bytes load() parsed: what trust is checked against

    /// Parses a manifest. `directory` is what {stacks} and relative directories resolve against.
    /// Returns nullopt and fills `errors` (one line per problem) when it is invalid.
    static std::optional<StackManifest> parse(
        const QByteArray& json, const QString& directory, QStringList* errors);
    /// Reads and parses a file; an empty path means defaultPath().
    static std::optional<StackManifest> load(const QString& path, QStringList* errors);

    /// The bundled manifest (Resources::bundledManifest()), or $STACKBENCH_MANIFEST when set.
    static QString defaultPath();
    /// The stacks' venv, the {venv} placeholder: $STACKBENCH_VENV when set; else `.venv` in the
    /// resources root when that exists or the root is a checkout (it holds .git or CMakeLists.txt);
    /// else, for an installed Stackbench, `stackbench/venv` in the user's data directory
    /// ($XDG_DATA_HOME, ~/.local/share), which `stackbench setup` creates on first use.
    static QString defaultVenv();

    const StackDefinition* find(const QString& name) const;
    QStringList names() const;
    /// The absolute working directory of a stack.
    QString workingDirectory(const StackDefinition& stack) const;
};

/// The placeholders a manifest may use beside each stack's own parameters; any other `{word}` is a
/// validation error.
const QStringList& knownPlaceholders(); ///< venv, stacks, port, db, count

/// `args` with every placeholder replaced, and every argument that is exactly one placeholder whose
/// value is empty left out (a flag parameter that is off).
QStringList substituteCommand(
    const QStringList& args, const QHash<QString, QString>& values, QStringList* missing = nullptr);

/// Replaces `{name}` by values[name] in every argument. Placeholders without a value are left as
/// they are and listed in `missing` (each once), so the caller can refuse to run the command.
QStringList substitutePlaceholders(
    const QStringList& args, const QHash<QString, QString>& values, QStringList* missing = nullptr);
QString substitutePlaceholders(
    const QString& arg, const QHash<QString, QString>& values, QStringList* missing = nullptr);

/// Quotes an argument list for display (POSIX shell quoting), e.g. for logs and results.
/// Display only: commands are never run through a shell.
QString shellQuote(const QStringList& args);
