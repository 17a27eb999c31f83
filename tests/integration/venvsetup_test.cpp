// Issue 18: the stacks' venv for an installed Stackbench — created from a requirements file with a
// real Python, stamped so it is only rebuilt when the requirements change, with a clear error when
// no Python can be found.
#include "stacks/venvsetup.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace {
QString runSetup(
    VenvSetup& setup, const QString& venv, const QString& requirements, const QString& python = {})
{
    QSignalSpy finished(&setup, &VenvSetup::finished);
    setup.start(venv, requirements, python);
    if (finished.isEmpty()) {
        EXPECT_TRUE(finished.wait(120'000));
    }
    return finished.isEmpty() ? u"timed out"_qs : finished.first().at(0).toString();
}
} // namespace

TEST(VenvSetup, CreatesAStampedVenvAndRebuildsItWhenTheRequirementsChange)
{
    if (VenvSetup::findPython().isEmpty())
        GTEST_SKIP() << "no Python 3.11+ on PATH";
    QTemporaryDir dir;
    const QString venv = dir.filePath(u"venv"_qs);
    const QString requirements = dir.filePath(u"requirements.txt"_qs);
    QFile req(requirements);
    ASSERT_TRUE(req.open(QIODevice::WriteOnly));
    req.write("# nothing to install: the test needs no network\n");
    req.close();
    EXPECT_FALSE(VenvSetup::isReady(venv, requirements));

    VenvSetup setup;
    QSignalSpy progress(&setup, &VenvSetup::progress);
    EXPECT_EQ(runSetup(setup, venv, requirements), QString());
    EXPECT_TRUE(QFileInfo(venv + u"/bin/python"_qs).isExecutable());
    EXPECT_TRUE(VenvSetup::isReady(venv, requirements));
    EXPECT_GE(progress.size(), 3) << "each step is said";

    ASSERT_TRUE(req.open(QIODevice::Append));
    req.write("# changed\n");
    req.close();
    EXPECT_FALSE(VenvSetup::isReady(venv, requirements)) << "a changed requirements file wants a new venv";
}

TEST(VenvSetup, NamesWhatIsMissing)
{
    QTemporaryDir dir;
    VenvSetup setup;
    const QString noPython = runSetup(
        setup, dir.filePath(u"v"_qs), VenvSetup::bundledRequirements(), dir.filePath(u"no-such-python"_qs));
    EXPECT_TRUE(noPython.contains(u"cannot start"_qs)) << qPrintable(noPython);
    const QString noRequirements = runSetup(setup, dir.filePath(u"v"_qs), dir.filePath(u"none.txt"_qs));
    EXPECT_TRUE(noRequirements.contains(u"requirements"_qs) && noRequirements.contains(u"missing"_qs))
        << qPrintable(noRequirements);
}
