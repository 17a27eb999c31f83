#include "environment.h"

#include "plan/jsonreader.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSysInfo>
#include <QThread>

namespace {
QString cpuModel()
{
    QFile file(u"/proc/cpuinfo"_qs);
    if (file.open(QIODevice::ReadOnly)) {
        const auto lines = file.readAll().split('\n');
        for (const char* key : { "model name", "Model", "Hardware", "Processor" }) {
            for (const auto& line : lines) {
                const auto colon = line.indexOf(':');
                if (colon > 0 && line.left(colon).trimmed() == key)
                    return QString::fromUtf8(line.mid(colon + 1).trimmed());
            }
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

QString git(const QString& dir, const QStringList& args, bool* ok)
{
    QProcess p;
    p.setProgram(u"git"_qs);
    p.setArguments(QStringList { u"-C"_qs, dir } + args);
    p.start();
    *ok = p.waitForStarted(5000) && p.waitForFinished(5000) && p.exitStatus() == QProcess::NormalExit
        && p.exitCode() == 0;
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(1000);
    }
    return *ok ? QString::fromUtf8(p.readAllStandardOutput()).trimmed() : QString();
}
} // namespace

Environment collectEnvironment(const QMap<QString, QString>& versions, const QString& sourceDir)
{
    Environment e;
    e.cpuModel = cpuModel();
    e.cpuCores = QThread::idealThreadCount();
    e.kernel = QSysInfo::kernelType() + u' ' + QSysInfo::kernelVersion();
    e.os = QSysInfo::prettyProductName();
    e.hostname = QSysInfo::machineHostName();
    e.qtVersion = QString::fromLatin1(qVersion());
    e.stackbenchVersion = QStringLiteral(STACKBENCH_VERSION);
    e.versions = versions;
    bool ok = false;
    // Only the checkout's own repository: an installed share directory may lie inside another one
    // (a home directory kept in git), and `git -C ""` would read the current directory's.
    const bool checkout = !sourceDir.isEmpty() && QFileInfo::exists(sourceDir + u"/.git"_qs);
    const auto commit = checkout ? git(sourceDir, { u"rev-parse"_qs, u"HEAD"_qs }, &ok) : QString();
    if (ok && commit.size() >= 40) {
        e.gitCommit = commit;
        const auto status
            = git(sourceDir, { u"status"_qs, u"--porcelain"_qs, u"--untracked-files=no"_qs }, &ok);
        e.gitDirty = ok && !status.isEmpty();
    }
    return e;
}

QJsonObject Environment::toJson() const
{
    QJsonObject v;
    for (auto it = versions.cbegin(); it != versions.cend(); ++it)
        v.insert(it.key(), it.value());
    return { { u"cpu_model"_qs, cpuModel }, { u"cpu_cores"_qs, cpuCores }, { u"kernel"_qs, kernel },
        { u"os"_qs, os }, { u"hostname"_qs, hostname }, { u"qt_version"_qs, qtVersion },
        { u"stackbench_version"_qs, stackbenchVersion }, { u"git_commit"_qs, gitCommit },
        { u"git_dirty"_qs, gitDirty }, { u"versions"_qs, v } };
}

std::optional<Environment> Environment::fromJson(JsonReader& r, const QJsonObject& o, const QString& path)
{
    const auto before = r.problemCount();
    r.checkKeys(o, path,
        { u"cpu_model"_qs, u"cpu_cores"_qs, u"kernel"_qs, u"os"_qs, u"hostname"_qs, u"qt_version"_qs,
            u"stackbench_version"_qs, u"git_commit"_qs, u"git_dirty"_qs, u"versions"_qs });
    using Need = JsonReader::Need;
    Environment e;
    e.cpuModel = r.string(o, path, u"cpu_model"_qs).value_or(QString());
    e.cpuCores = int(r.integer(o, path, u"cpu_cores"_qs, Need::Required, 0, 1'000'000).value_or(0));
    e.kernel = r.string(o, path, u"kernel"_qs).value_or(QString());
    e.os = r.string(o, path, u"os"_qs, Need::Optional).value_or(QString());
    e.hostname = r.string(o, path, u"hostname"_qs, Need::Optional).value_or(QString());
    e.qtVersion = r.string(o, path, u"qt_version"_qs).value_or(QString());
    e.stackbenchVersion = r.string(o, path, u"stackbench_version"_qs, Need::Optional).value_or(QString());
    e.gitCommit = r.string(o, path, u"git_commit"_qs, Need::Optional).value_or(QString());
    e.gitDirty = r.boolean(o, path, u"git_dirty"_qs).value_or(false);
    if (const auto v = r.object(o, path, u"versions"_qs, Need::Optional)) {
        const auto vpath = JsonReader::join(path, u"versions"_qs);
        for (auto it = v->begin(); it != v->end(); ++it)
            if (const auto s = r.stringValue(it.value(), JsonReader::join(vpath, it.key())))
                e.versions.insert(it.key(), *s);
    }
    return r.problemCount() == before ? std::optional(e) : std::nullopt;
}

QString Environment::machine() const
{
    QString m = cpuModel.isEmpty() ? u"unknown CPU"_qs : cpuModel.simplified();
    if (cpuCores > 0)
        m += u", %1 CPUs"_qs.arg(cpuCores);
    return m;
}
