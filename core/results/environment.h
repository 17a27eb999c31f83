#pragma once

#include "common/resources.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>

class JsonReader;

/// The machine and software a study ran on, as the results manifest records it.
struct Environment
{
    QString cpuModel; ///< "Intel(R) Xeon(R) CPU @ 2.20GHz", from /proc/cpuinfo
    int cpuCores = 0; ///< logical CPUs available to the process
    QString kernel; ///< "Linux 6.1.0-18-amd64"
    QString os; ///< "Debian GNU/Linux 12 (bookworm)"
    QString hostname;
    QString qtVersion; ///< run-time Qt version
    QString stackbenchVersion;
    QString gitCommit; ///< of the Stackbench sources; empty when unknown
    bool gitDirty = false; ///< the working tree had uncommitted changes
    QMap<QString, QString> versions; ///< Python and framework versions: "python" -> "3.11.9", "flask" -> ...

    QJsonObject toJson() const;
    /// Reads what toJson() writes; problems go to `reader` under `path`.
    static std::optional<Environment> fromJson(JsonReader& reader, const QJsonObject& o, const QString& path);
    /// "Intel(R) Xeon(R) CPU @ 2.20GHz, 2 CPUs": for figure subtitles.
    QString machine() const;
};

/// Collects the environment of this process. `versions` comes from the caller (the stacks layer
/// knows the venv). The git commit is read by running `git rev-parse HEAD` (argument list, no shell,
/// 5 s timeout) in `sourceDir`, by default the resources root (the checkout, for a developer build);
/// a `sourceDir` without `.git` of its own (an installed share directory), a missing git or a
/// non-repository leaves it empty.
Environment collectEnvironment(
    const QMap<QString, QString>& versions, const QString& sourceDir = Resources::root());
