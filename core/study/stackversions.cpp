#include "stackversions.h"

#include <QCoroProcess>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace {
const char* const Script = R"(
import importlib.metadata as md, json, platform, sqlite3, sys
out = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
for name in sys.argv[1:]:
    try:
        out[name] = md.version(name)
    except md.PackageNotFoundError:
        pass
print(json.dumps(out))
)";
}

QCoro::Task<QMap<QString, QString>> stackVersions(const StackManifest& manifest, const QString& venv)
{
    QStringList packages;
    for (const StackDefinition& s : manifest.stacks)
        for (const QString& p : s.packages)
            if (!packages.contains(p))
                packages << p;
    QProcess python;
    python.setProgram(venv + u"/bin/python"_qs);
    python.setArguments(QStringList { u"-c"_qs, QString::fromLatin1(Script) } + packages);
    co_await qCoro(python).start();
    const bool finished = co_await qCoro(python).waitForFinished(std::chrono::seconds(20));
    if (!finished)
        python.kill();
    QMap<QString, QString> versions;
    const QJsonObject o = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    for (auto it = o.begin(); it != o.end(); ++it)
        versions.insert(it.key(), it.value().toString());
    co_return versions;
}
