#include "resources.h"

#include "constants.h"

#include <QDir>
#include <QFileInfo>

namespace {
bool holdsResources(const QString& dir)
{
    return QFileInfo(QString(dir + u'/' + Constants::BundledManifest)).isFile();
}

/// The running binary's directory. QCoreApplication::applicationDirPath() reads the same link,
/// but needs an application object, which the fuzz targets and early start-up do not have.
QString binaryDir()
{
    return QFileInfo(QFileInfo(u"/proc/self/exe"_qs).symLinkTarget()).absolutePath();
}
} // namespace

namespace Resources {

QString findRoot(const QString& binaryDir)
{
    if (binaryDir.isEmpty())
        return {};
    QString installed = QDir::cleanPath(binaryDir + u"/../share/stackbench"_qs);
    if (holdsResources(installed))
        return installed;
    QDir dir(QDir::cleanPath(binaryDir));
    while (!holdsResources(dir.path())) {
        if (!dir.cdUp())
            return {};
    }
    return dir.path();
}

QString root()
{
    static const QString found = findRoot(binaryDir());
    return found;
}

QString inRoot(QStringView relative)
{
    const QString found = root();
    return QString((found.isEmpty() ? binaryDir() : found) + u'/' + relative);
}

QString bundledManifest()
{
    return inRoot(Constants::BundledManifest);
}

} // namespace Resources
