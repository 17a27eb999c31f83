#include "truststore.h"

#include "common/resources.h"
#include "results/atomicfile.h"
#include "stackmanifest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

TrustStore::TrustStore(QString file)
    : m_file(file.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
                + u"/trusted-manifests.json"_qs
                            : std::move(file))
{
}

QByteArray TrustStore::hashOf(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

QStringList TrustStore::approved() const
{
    QFile f(m_file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList hashes;
    for (const auto& v : QJsonDocument::fromJson(f.readAll()).object().value(u"sha256"_qs).toArray())
        hashes << v.toString();
    return hashes;
}

bool TrustStore::isTrusted(const QString& manifestPath) const
{
    const QString path = manifestPath.isEmpty() ? StackManifest::defaultPath() : manifestPath;
    return isTrusted(path, hashOf(path));
}

bool TrustStore::isTrusted(const StackManifest& manifest) const
{
    return isTrusted(manifest.path, manifest.sha256);
}

bool TrustStore::isTrusted(const QString& path, const QByteArray& hash) const
{
    if (hash.isEmpty())
        return false;
    const QString bundled = Resources::bundledManifest();
    if (QFileInfo(path).canonicalFilePath() == QFileInfo(bundled).canonicalFilePath())
        return true;
    return approved().contains(QString::fromLatin1(hash));
}

QString TrustStore::approve(const QString& manifestPath, const QByteArray& expectedHash)
{
    const QByteArray hash = hashOf(manifestPath);
    if (hash.isEmpty())
        return u"cannot read "_qs + manifestPath;
    if (!expectedHash.isEmpty() && hash != expectedHash)
        return manifestPath + u" changed after it was shown for approval; review it again"_qs;
    QStringList hashes = approved();
    if (hashes.contains(QString::fromLatin1(hash)))
        return {};
    hashes << QString::fromLatin1(hash);
    const QJsonObject o { { u"sha256"_qs, QJsonArray::fromStringList(hashes) } };
    return writeFileAtomically(m_file, QJsonDocument(o).toJson());
}

QStringList TrustStore::describeCommands(const QString& manifestPath)
{
    QStringList errors;
    const auto manifest = StackManifest::load(manifestPath, &errors);
    if (!manifest)
        return errors;
    return describeCommands(*manifest);
}

QStringList TrustStore::describeCommands(const StackManifest& manifest)
{
    QStringList lines;
    for (const StackDefinition& s : manifest.stacks)
        lines << s.name + u": "_qs + shellQuote(s.command);
    lines << u"seed: "_qs + shellQuote(manifest.seedCommand);
    return lines;
}
