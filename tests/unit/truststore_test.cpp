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

TEST(TrustStore, ALoadedManifestIsJudgedByTheBytesThatWereParsed)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"stacks.json"_qs);
    ASSERT_TRUE(QFile::copy(QStringLiteral(STACKBENCH_SOURCE_DIR "/resources/stacks/stacks.json"), file));
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    TrustStore store(dir.filePath(u"trusted.json"_qs));
    QStringList errors;
    const auto approvedCopy = StackManifest::load(file, &errors);
    ASSERT_TRUE(approvedCopy) << qPrintable(errors.join(u'\n'));
    EXPECT_EQ(approvedCopy->sha256, TrustStore::hashOf(file));
    ASSERT_TRUE(store.approve(file, approvedCopy->sha256).isEmpty());
    EXPECT_TRUE(store.isTrusted(*approvedCopy));

    // Swapped after it was read: the file on disk is no longer approved, and a manifest loaded now
    // is not either, while the one read before still is (its commands were the approved ones).
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::Append));
    f.write("\n");
    f.close();
    const auto swapped = StackManifest::load(file, &errors);
    ASSERT_TRUE(swapped);
    EXPECT_FALSE(store.isTrusted(*swapped));
    EXPECT_TRUE(store.isTrusted(*approvedCopy));
    EXPECT_FALSE(store.approve(file, approvedCopy->sha256).isEmpty()) << "approving what was not shown";
}
