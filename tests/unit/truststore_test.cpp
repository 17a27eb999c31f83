// Manifests from elsewhere run only once approved, and an edit revokes the approval.
#include "stacks/stackmanifest.h"
#include "stacks/truststore.h"

#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

TEST(TrustStore, BundledManifestIsTrusted)
{
    QTemporaryDir dir;
    TrustStore store(dir.filePath(u"trusted.json"_qs));
    EXPECT_TRUE(store.isTrusted(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/stacks/stacks.json")));
}

TEST(TrustStore, ForeignManifestNeedsApprovalAndEditsRevokeIt)
{
    QTemporaryDir dir;
    const QString copy = dir.filePath(u"stacks.json"_qs);
    ASSERT_TRUE(QFile::copy(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/stacks/stacks.json"), copy));
    TrustStore store(dir.filePath(u"trusted.json"_qs));
    EXPECT_FALSE(store.isTrusted(copy));
    EXPECT_TRUE(TrustStore::describeCommands(copy).join(u'\n').contains(u"gunicorn"_qs));

    ASSERT_TRUE(store.approve(copy).isEmpty());
    EXPECT_TRUE(store.isTrusted(copy));
    EXPECT_TRUE(TrustStore(dir.filePath(u"trusted.json"_qs)).isTrusted(copy)) << "approval is remembered";

    QFile f(copy);
    ASSERT_TRUE(f.open(QIODevice::Append));
    f.write("\n");
    f.close();
    EXPECT_FALSE(store.isTrusted(copy)) << "a changed file needs a new approval";
}

TEST(TrustStore, MissingFileIsNotTrusted)
{
    QTemporaryDir dir;
    TrustStore store(dir.filePath(u"trusted.json"_qs));
    EXPECT_FALSE(store.isTrusted(dir.filePath(u"nope.json"_qs)));
    EXPECT_FALSE(store.approve(dir.filePath(u"nope.json"_qs)).isEmpty());
}
