// Issue 14, item 5: the binary finds its resources at run time, with no source path compiled in.
#include "common/constants.h"
#include "common/resources.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace {
/// Creates @p dir (under @p base) with an empty bundled manifest in it, as a resources root.
QString makeRoot(const QTemporaryDir& base, const QString& dir)
{
    const QString root = base.filePath(dir);
    const QString manifest = root + u'/' + Constants::BundledManifest;
    EXPECT_TRUE(QDir().mkpath(QFileInfo(manifest).absolutePath()));
    QFile f(manifest);
    EXPECT_TRUE(f.open(QIODevice::WriteOnly));
    return QDir::cleanPath(root);
}

QString makeDir(const QTemporaryDir& base, const QString& dir)
{
    EXPECT_TRUE(QDir().mkpath(base.filePath(dir)));
    return QDir::cleanPath(base.filePath(dir));
}
} // namespace

TEST(Resources, AnInstalledBinaryReadsItsShareDirectory)
{
    QTemporaryDir prefix;
    const QString share = makeRoot(prefix, u"share/stackbench"_qs);
    EXPECT_EQ(Resources::findRoot(makeDir(prefix, u"bin"_qs)), share);
}

TEST(Resources, TheShareDirectoryComesBeforeAnythingAboveTheBinary)
{
    QTemporaryDir checkout;
    makeRoot(checkout, {}); // a checkout that holds an installed prefix
    const QString share = makeRoot(checkout, u"prefix/share/stackbench"_qs);
    EXPECT_EQ(Resources::findRoot(makeDir(checkout, u"prefix/bin"_qs)), share);
}

TEST(Resources, FilesBesideTheBinaryAreFound)
{
    QTemporaryDir dir;
    const QString beside = makeRoot(dir, u"unpacked"_qs);
    EXPECT_EQ(Resources::findRoot(beside), beside);
}

TEST(Resources, ADeveloperBuildFindsTheCheckoutItLivesIn)
{
    QTemporaryDir dir;
    const QString checkout = makeRoot(dir, u"checkout"_qs);
    EXPECT_EQ(Resources::findRoot(makeDir(dir, u"checkout/build/app"_qs)), checkout);
    EXPECT_EQ(Resources::findRoot(makeDir(dir, u"checkout/build-asan/tests/perf"_qs)), checkout);
}

TEST(Resources, NothingIsFoundWithoutTheBundledManifest)
{
    QTemporaryDir dir;
    ASSERT_FALSE(QFileInfo::exists(QString(u"/"_qs + Constants::BundledManifest)))
        << "this machine has one at its root";
    const QString bin = makeDir(dir, u"prefix/bin"_qs);
    makeDir(dir, u"prefix/share/stackbench/resources/stacks/stacks.json"_qs); // a directory, not a file
    makeDir(dir, u"prefix/resources/plans"_qs);
    EXPECT_EQ(Resources::findRoot(bin), QString());
    EXPECT_EQ(Resources::findRoot({}), QString());
}

TEST(Resources, TheTestBinaryFindsThisCheckout)
{
    // The tests run from the build directory inside the checkout, as a developer's binary does.
    const QString checkout = QFileInfo(QStringLiteral(STACKBENCH_SOURCE_DIR)).canonicalFilePath();
    EXPECT_EQ(QFileInfo(Resources::root()).canonicalFilePath(), checkout);
    EXPECT_EQ(Resources::inRoot(u"resources/plans/quick.json"),
        Resources::root() + u"/resources/plans/quick.json"_qs);
    EXPECT_TRUE(QFileInfo(Resources::bundledManifest()).isFile());
    EXPECT_EQ(QFileInfo(Resources::bundledManifest()).canonicalFilePath(),
        QFileInfo(checkout + u"/resources/stacks/stacks.json"_qs).canonicalFilePath());
}
