#include "atomicfile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

QString writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return u"cannot create the folder %1 (read-only, not a folder, or no permission)"_qs.arg(
            info.absolutePath());
    if (info.isDir())
        return u"cannot write %1: a folder of that name is in the way"_qs.arg(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write %1: %2"_qs.arg(path, file.errorString());
    if (file.write(bytes) != bytes.size()) {
        const auto reason = file.errorString();
        file.cancelWriting();
        return u"could not save %1: %2"_qs.arg(path, reason);
    }
    if (!file.commit())
        return u"could not save %1: %2"_qs.arg(path, file.errorString());
    return {};
}
