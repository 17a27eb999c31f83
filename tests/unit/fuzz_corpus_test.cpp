// The fuzz targets' seed corpora and crash reproducers (tests/fuzz/corpus/<target>/) run through the
// same entry functions as the libFuzzer executables, so a regression shows in the ordinary suite and
// under ASan, without clang.
#include "../fuzz/targets.h"

#include <QDir>
#include <QFile>
#include <gtest/gtest.h>

namespace {
using Target = QString (*)(const uint8_t*, size_t);

void runCorpus(const QString& name, Target target)
{
    const QDir dir(QStringLiteral(STACKBENCH_SOURCE_DIR "/tests/fuzz/corpus/") + name);
    const auto files = dir.entryList(QDir::Files, QDir::Name);
    ASSERT_FALSE(files.isEmpty()) << "no corpus in " << qPrintable(dir.path());
    for (const auto& file : files) {
        QFile f(dir.filePath(file));
        ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << qPrintable(f.fileName());
        const QByteArray input = f.readAll();
        const QString broken
            = target(reinterpret_cast<const uint8_t*>(input.constData()), size_t(input.size()));
        EXPECT_TRUE(broken.isEmpty()) << qPrintable(name + u'/' + file + u": "_qs + broken);
    }
}
} // namespace

TEST(FuzzCorpus, Plan)
{
    runCorpus(u"plan"_qs, &fuzz::plan);
}

TEST(FuzzCorpus, Results)
{
    runCorpus(u"results"_qs, &fuzz::results);
}

TEST(FuzzCorpus, HttpResponse)
{
    runCorpus(u"http_response"_qs, &fuzz::httpResponse);
}
