// A stack manifest from elsewhere runs nothing until the user approves it in the workbench: the
// prompt shows the file, its SHA-256 and its commands; Cancel (the default) starts no process and
// says why; Approve is remembered by hash, so the next start does not ask, and an edit asks again.
//
// The manifest's commands are `touch` of marker files, so "a stack process started" is a file on
// disk. HOME points at a temporary folder, so approvals (in <AppConfigLocation>) start empty.
#include "common/manifestapproval.h"
#include "common/manifestapprovaldialog.h"
#include "common/settingskeys.h"
#include "fixtures.h"
#include "mainwindow.h"
#include "run/logpane.h"
#include "run/runpage.h"
#include "stacks/truststore.h"
#include "study/studypage.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

namespace {
/// The visible window of type T (the prompt, a message box), or null.
template<typename T> T* visibleWindow()
{
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* window = qobject_cast<T*>(w); window && window->isVisible())
            return window;
    return nullptr;
}

template<typename T> T* waitForWindow()
{
    T* window = nullptr;
    [[maybe_unused]] const bool shown
        = QTest::qWaitFor([&] { return (window = visibleWindow<T>()) != nullptr; }, 5000);
    return window;
}

ManifestApprovalDialog* openPrompt()
{
    return visibleWindow<ManifestApprovalDialog>();
}

ManifestApprovalDialog* waitForPrompt()
{
    return waitForWindow<ManifestApprovalDialog>();
}

/// The bundled quick plan's first scenario on the one stack of the marker manifest.
Plan markerPlan()
{
    Plan plan = *loadPlan(StudyPage::defaultPlanPath()).plan;
    PlanStack stack;
    stack.stack = u"marker"_qs;
    plan.stacks = { stack };
    plan.scenarios.resize(1);
    plan.procedure = fastProcedure();
    return plan;
}

class ManifestApprovalTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_home.isValid() && m_dir.isValid());
        m_oldHome = qgetenv("HOME");
        qputenv("HOME", QFile::encodeName(m_home.path()));
        ASSERT_TRUE(
            QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation).startsWith(m_home.path()));
        m_manifest = m_dir.filePath(u"stacks.json"_qs);
        writeManifest();
        ASSERT_FALSE(TrustStore().isTrusted(m_manifest));
    }

    void TearDown() override
    {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (qobject_cast<QDialog*>(w) && w->isVisible())
                w->close();
        QSettings().remove(SettingsKeys::ManifestPath);
        qputenv("HOME", m_oldHome);
    }

    /// A Run page with the marker plan and manifest; the test starts or verifies.
    std::unique_ptr<RunPage> runPage() const
    {
        auto page = std::make_unique<RunPage>();
        page->setPlan(markerPlan(), u"marker.json"_qs, {});
        page->setManifestPath(m_manifest);
        page->setResultsRoot(m_dir.filePath(u"results"_qs));
        return page;
    }
    /// Once the page has handled the answer (it logs "Nothing was started: …", the last thing it does
    /// for a refusal), it is idle and there is no marker file: no stack process started.
    void expectNothingStarted(const RunPage& page) const
    {
        EXPECT_TRUE(
            QTest::qWaitFor([&] { return page.logPane()->text().contains(u"Nothing was started"_qs); }, 5000))
            << qPrintable(page.logPane()->text());
        EXPECT_FALSE(page.isBusy());
        EXPECT_FALSE(anythingRan()) << "no stack process may start";
    }

    QString marker(const QString& name) const { return m_dir.filePath(name); }
    bool anythingRan() const
    {
        return QFileInfo::exists(marker(u"started"_qs)) || QFileInfo::exists(marker(u"seeded"_qs));
    }
    void clearMarkers() const
    {
        QFile::remove(marker(u"started"_qs));
        QFile::remove(marker(u"seeded"_qs));
    }

    /// A manifest whose stack and seed commands only leave a marker file behind.
    void writeManifest(const QByteArray& trailer = {}) const
    {
        const QString touch = QStandardPaths::findExecutable(u"touch"_qs);
        ASSERT_FALSE(touch.isEmpty());
        const QString json = uR"({
  "version": 1,
  "stacks": [
    {"name": "marker", "label": "Marker", "directory": ".", "command": ["%1", "%2"]}
  ],
  "seed": {"command": ["%1", "%3"]}
}
)"_qs.arg(touch, marker(u"started"_qs), marker(u"seeded"_qs));
        QFile f(m_manifest);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(json.toUtf8() + trailer);
    }

    QTemporaryDir m_home;
    QTemporaryDir m_dir;
    QByteArray m_oldHome;
    QString m_manifest;
};
} // namespace

TEST_F(ManifestApprovalTest, CancelStartsNothingAndSaysWhy)
{
    ASSERT_TRUE(validatePlan(markerPlan()).isEmpty())
        << qPrintable(formatProblems(validatePlan(markerPlan())));
    const auto page = runPage();
    page->show();
    QSignalSpy busy(page.get(), &RunPage::busyChanged);
    QSignalSpy status(page.get(), &RunPage::statusMessage);

    page->start();
    ManifestApprovalDialog* prompt = waitForPrompt();
    ASSERT_NE(prompt, nullptr) << "an untrusted manifest must be put to the user";
    EXPECT_TRUE(prompt->isModal());
    EXPECT_FALSE(page->isBusy());
    // What the prompt shows: the file, its hash and exactly what would run.
    EXPECT_EQ(prompt->findChild<QLabel*>(u"manifestPath"_qs)->text(), QDir::toNativeSeparators(m_manifest));
    EXPECT_EQ(
        prompt->findChild<QLabel*>(u"manifestSha256"_qs)->text().toLatin1(), TrustStore::hashOf(m_manifest));
    const QString commands = prompt->findChild<QPlainTextEdit*>(u"manifestCommands"_qs)->toPlainText();
    EXPECT_EQ(commands.split(u'\n'), TrustStore::describeCommands(m_manifest));
    EXPECT_TRUE(commands.contains(marker(u"started"_qs))) << qPrintable(commands);
    EXPECT_EQ(prompt->approveButton()->text(), u"&Approve and Run"_qs);
    EXPECT_TRUE(prompt->cancelButton()->isDefault());
    EXPECT_FALSE(prompt->approveButton()->isDefault());

    QTest::keyClick(prompt, Qt::Key_Return); // Enter takes the default: Cancel
    ASSERT_EQ(openPrompt(), nullptr);
    expectNothingStarted(*page);
    EXPECT_EQ(busy.count(), 0);
    EXPECT_FALSE(TrustStore().isTrusted(m_manifest));
    EXPECT_TRUE(page->logPane()->text().contains(u"was not approved"_qs))
        << qPrintable(page->logPane()->text());
    ASSERT_FALSE(status.isEmpty());
    EXPECT_TRUE(status.last().at(0).toString().contains(u"Nothing was started"_qs));
}

TEST_F(ManifestApprovalTest, ApprovalIsRememberedUntilTheFileChanges)
{
    const auto page = runPage();
    page->start();
    ManifestApprovalDialog* prompt = waitForPrompt();
    ASSERT_NE(prompt, nullptr);
    prompt->approveButton()->click();
    EXPECT_TRUE(TrustStore().isTrusted(m_manifest)) << "the approval is remembered by hash";
    EXPECT_TRUE(page->runner()->isRunning()) << "Approve and Run starts the study";
    ASSERT_TRUE(QTest::qWaitFor([&] { return !page->isBusy(); }, 60'000));
    EXPECT_TRUE(anythingRan()) << "approved, the manifest's commands ran: "
                               << qPrintable(page->logPane()->text());

    // Trusted now: the next start does not ask.
    clearMarkers();
    page->start();
    EXPECT_TRUE(page->isBusy());
    EXPECT_EQ(openPrompt(), nullptr);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !page->isBusy(); }, 60'000));
    EXPECT_EQ(openPrompt(), nullptr);

    // An edit revokes the approval: the prompt shows again, for the new hash.
    clearMarkers();
    writeManifest("\n");
    page->start();
    prompt = waitForPrompt();
    ASSERT_NE(prompt, nullptr) << "a modified manifest must be approved again";
    EXPECT_EQ(prompt->review().sha256, TrustStore::hashOf(m_manifest));
    prompt->cancelButton()->click();
    expectNothingStarted(*page);
}

TEST_F(ManifestApprovalTest, VerifyAsksToo)
{
    const auto page = runPage();
    page->verify();
    ManifestApprovalDialog* prompt = waitForPrompt();
    ASSERT_NE(prompt, nullptr);
    EXPECT_EQ(prompt->approveButton()->text(), u"&Approve and Verify"_qs);
    QTest::keyClick(prompt, Qt::Key_Escape);
    expectNothingStarted(*page);
    EXPECT_TRUE(page->logPane()->text().contains(u"was not approved"_qs))
        << qPrintable(page->logPane()->text());
}

TEST_F(ManifestApprovalTest, AnEditWhileThePromptIsOpenIsNotApproved)
{
    const auto page = runPage();
    page->start();
    ManifestApprovalDialog* prompt = waitForPrompt();
    ASSERT_NE(prompt, nullptr);
    writeManifest(" "); // the user approves what was shown, not this
    prompt->approveButton()->click();
    auto* error = waitForWindow<QMessageBox>();
    ASSERT_NE(error, nullptr);
    EXPECT_TRUE(error->text().contains(u"changed after it was shown"_qs)) << qPrintable(error->text());
    error->close();
    EXPECT_FALSE(TrustStore().isTrusted(m_manifest));
    expectNothingStarted(*page);
}

TEST_F(ManifestApprovalTest, ApprovalThatCannotBeSavedRunsNothing)
{
    // A folder where the approvals file goes: saving fails.
    const QString store
        = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/trusted-manifests.json"_qs;
    ASSERT_TRUE(QDir().mkpath(store));
    const auto page = runPage();
    page->start();
    ManifestApprovalDialog* prompt = waitForPrompt();
    ASSERT_NE(prompt, nullptr);
    prompt->approveButton()->click();
    auto* error = waitForWindow<QMessageBox>();
    ASSERT_NE(error, nullptr);
    EXPECT_TRUE(error->text().contains(u"could not be saved"_qs)) << qPrintable(error->text());
    error->close();
    expectNothingStarted(*page);
    EXPECT_TRUE(page->logPane()->text().contains(u"could not be saved"_qs))
        << qPrintable(page->logPane()->text());
}

TEST_F(ManifestApprovalTest, ExternalTargetsNeedNoManifest)
{
    Plan plan = markerPlan();
    plan.stacks.first().stack.clear();
    plan.stacks.first().name = u"elsewhere"_qs;
    plan.stacks.first().url = QUrl(u"http://127.0.0.1:9"_qs);
    const auto page = runPage(); // its manifest is not trusted, but nothing of it would run
    page->setPlan(plan, u"external.json"_qs, {});
    page->verify();
    EXPECT_EQ(openPrompt(), nullptr);
    EXPECT_TRUE(page->isBusy());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !page->isBusy(); }, 60'000));
    EXPECT_FALSE(anythingRan());
}

TEST_F(ManifestApprovalTest, ChoosingAManifestInTheStudyPageAsksFirst)
{
    StudyPage page;
    page.show();
    QSignalSpy changed(&page, &StudyPage::manifestChanged);
    ASSERT_TRUE(page.manifestPath().isEmpty());
    ASSERT_TRUE(QTest::qWaitFor([&] { return page.manifestStatusText().contains(u"Bundled"_qs); }, 5000))
        << qPrintable(page.manifestStatusText());

    page.openManifest(m_manifest);
    ManifestApprovalDialog* prompt = waitForPrompt();
    ASSERT_NE(prompt, nullptr);
    EXPECT_EQ(prompt->approveButton()->text(), u"&Approve"_qs);
    prompt->cancelButton()->click();
    EXPECT_TRUE(page.manifestPath().isEmpty()) << "cancelled: the previous manifest stays";
    EXPECT_TRUE(changed.isEmpty());
    EXPECT_FALSE(QSettings().contains(SettingsKeys::ManifestPath));

    page.openManifest(m_manifest);
    prompt = waitForPrompt();
    ASSERT_NE(prompt, nullptr);
    prompt->approveButton()->click();
    EXPECT_EQ(page.manifestPath(), m_manifest);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed.first().at(0).toString(), m_manifest);
    EXPECT_EQ(QSettings().value(SettingsKeys::ManifestPath).toString(), m_manifest);
    EXPECT_TRUE(QTest::qWaitFor([&] { return page.manifestStatusText().contains(u"Approved"_qs); }, 5000))
        << qPrintable(page.manifestStatusText());
    EXPECT_FALSE(anythingRan()) << "choosing runs nothing";

    // Edited elsewhere: the page sees it and says the approval is gone.
    writeManifest("\n");
    EXPECT_TRUE(
        QTest::qWaitFor([&] { return page.manifestStatusText().contains(u"Not approved"_qs); }, 10'000))
        << qPrintable(page.manifestStatusText());

    page.useBundledManifest();
    EXPECT_TRUE(page.manifestPath().isEmpty());
    EXPECT_FALSE(QSettings().contains(SettingsKeys::ManifestPath));
    EXPECT_EQ(changed.count(), 2);
}

TEST_F(ManifestApprovalTest, AnInvalidManifestIsNotChosen)
{
    QFile f(m_manifest);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"version": 1, "stacks": []})");
    f.close();
    StudyPage page;
    page.openManifest(m_manifest);
    EXPECT_EQ(openPrompt(), nullptr) << "nothing to approve in a file that cannot be used";
    auto* warning = waitForWindow<QMessageBox>();
    ASSERT_NE(warning, nullptr);
    EXPECT_TRUE(warning->text().contains(u"stacks"_qs)) << qPrintable(warning->text());
    warning->close();
    EXPECT_TRUE(page.manifestPath().isEmpty());
}

TEST_F(ManifestApprovalTest, TheMainWindowPassesTheChoiceToTheRunPageAndRemembersIt)
{
    ASSERT_TRUE(TrustStore().approve(m_manifest).isEmpty()); // approved before: no prompt
    {
        MainWindow window;
        window.restoreSession();
        QAction* open = window.action(u"open-manifest"_qs);
        ASSERT_NE(open, nullptr);
        EXPECT_EQ(open->shortcuts().value(0), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
        EXPECT_FALSE(window.action(u"bundled-manifest"_qs)->isEnabled());
        window.studyPage()->openManifest(m_manifest);
        EXPECT_EQ(openPrompt(), nullptr);
        EXPECT_EQ(window.runPage()->manifestPath(), m_manifest);
        EXPECT_TRUE(window.action(u"bundled-manifest"_qs)->isEnabled());
    }
    MainWindow again;
    again.restoreSession();
    EXPECT_EQ(again.studyPage()->manifestPath(), m_manifest);
    EXPECT_EQ(again.runPage()->manifestPath(), m_manifest);
    again.action(u"bundled-manifest"_qs)->trigger();
    EXPECT_TRUE(again.runPage()->manifestPath().isEmpty());
}
