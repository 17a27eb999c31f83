// The Study page: editing scenarios and stacks through the tree and forms, inline problems as the
// user types, and the plan as a document (open, save, reopen).
#include "common/jsonedit.h"
#include "models/planmodel.h"
#include "models/problemsmodel.h"
#include "study/scenarioform.h"
#include "study/stackform.h"
#include "study/studypage.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <gtest/gtest.h>

namespace {
QStringList ids(const Plan& plan)
{
    QStringList out;
    for (const Scenario& s : plan.scenarios)
        out << s.id;
    return out;
}

bool hasProblemAt(const StudyPage& page, const QString& path)
{
    for (const JsonProblem& p : page.problems())
        if (p.path == path)
            return true;
    return false;
}

/// A visible error label under the form's field whose text contains @p needle.
bool formShows(QWidget* form, const QString& needle)
{
    for (QLabel* label : form->findChildren<QLabel*>(u"errorLabel"_qs))
        if (!label->isHidden() && label->text().contains(needle))
            return true;
    return false;
}

struct Fixture
{
    StudyPage page;
    QAbstractItemModelTester tester { page.planModel(),
        QAbstractItemModelTester::FailureReportingMode::Fatal };
    Fixture()
    {
        EXPECT_TRUE(page.openPlan(StudyPage::defaultPlanPath()));
        page.resize(1200, 800);
        page.show();
    }
};
} // namespace

TEST(StudyPage, OpensTheQuickPlanValid)
{
    Fixture f;
    EXPECT_EQ(f.page.plan().name, u"quick"_qs);
    EXPECT_EQ(f.page.plan().scenarios.size(), 7);
    EXPECT_TRUE(f.page.isValid()) << qPrintable(formatProblems(f.page.problems()));
    EXPECT_FALSE(f.page.isModified());
    EXPECT_EQ(f.page.documentName(), u"quick.json"_qs);
}

TEST(StudyPage, AddDuplicateRemoveAndReorderScenarios)
{
    Fixture f;
    f.page.selectScenario(0);
    f.page.duplicateScenario();
    EXPECT_EQ(ids(f.page.plan()).mid(0, 3), (QStringList { u"hello"_qs, u"hello-copy"_qs, u"echo"_qs }));
    EXPECT_EQ(f.page.plan().scenarios.at(1).figure, 0); // one scenario per figure
    EXPECT_TRUE(f.page.isModified());
    EXPECT_TRUE(f.page.isValid()) << qPrintable(formatProblems(f.page.problems()));

    f.page.moveSelected(+1);
    EXPECT_EQ(ids(f.page.plan()).mid(0, 3), (QStringList { u"hello"_qs, u"echo"_qs, u"hello-copy"_qs }));
    EXPECT_EQ(PlanModel::childRow(f.page.tree()->currentIndex()), 2);
    f.page.moveSelected(-1);
    f.page.moveSelected(-1);
    EXPECT_EQ(ids(f.page.plan()).first(), u"hello-copy"_qs);

    f.page.removeSelected();
    EXPECT_EQ(f.page.plan().scenarios.size(), 7);
    EXPECT_FALSE(ids(f.page.plan()).contains(u"hello-copy"_qs));

    f.page.selectScenario(6);
    f.page.addScenario();
    EXPECT_EQ(f.page.plan().scenarios.size(), 8);
    EXPECT_EQ(f.page.plan().scenarios.last().id, u"scenario"_qs);
    EXPECT_EQ(PlanModel::childRow(f.page.tree()->currentIndex()), 7);
}

TEST(StudyPage, ProblemsShowInlineAsTheUserTypes)
{
    Fixture f;
    f.page.selectScenario(3); // get-one: shared-iterations, 10 VUs share 200
    ScenarioForm* form = f.page.scenarioForm();
    ASSERT_TRUE(form->isVisible());
    EXPECT_EQ(form->idEdit()->text(), u"get-one"_qs);

    // An id the plan already has.
    form->idEdit()->selectAll();
    QTest::keyClicks(form->idEdit(), u"hello"_qs);
    EXPECT_TRUE(hasProblemAt(f.page, u"scenarios[3].id"_qs));
    EXPECT_TRUE(formShows(form, u"duplicate"_qs));
    EXPECT_TRUE(f.page.planModel()->scenarioIndex(3).data(PlanModel::HasProblemRole).toBool());
    EXPECT_GT(f.page.problemsModel()->rowCount(), 0);
    form->idEdit()->selectAll();
    QTest::keyClicks(form->idEdit(), u"get-one"_qs);
    EXPECT_TRUE(f.page.isValid()) << qPrintable(formatProblems(f.page.problems()));
    EXPECT_FALSE(formShows(form, u"duplicate"_qs));

    // More VUs than the iterations they share.
    form->vusBox()->setValue(500);
    EXPECT_TRUE(hasProblemAt(f.page, u"scenarios[3].iterations"_qs));
    form->vusBox()->setValue(10);
    EXPECT_TRUE(f.page.isValid());

    // Broken JSON in the body: the editor says where.
    f.page.selectScenario(1); // echo
    form->bodyEdit()->editor()->setPlainText(u"{\"message\": \"hi\",\n \"id\": }"_qs);
    EXPECT_FALSE(form->bodyEdit()->isValid());
    EXPECT_TRUE(form->bodyEdit()->syntaxError().startsWith(u"line 2"_qs))
        << qPrintable(form->bodyEdit()->syntaxError());
    EXPECT_TRUE(hasProblemAt(f.page, u"scenarios[1].request.body"_qs));
    form->bodyEdit()->editor()->setPlainText(u"{\"message\": \"hi\"}"_qs);
    EXPECT_TRUE(f.page.isValid());
    EXPECT_EQ(f.page.plan().scenarios.at(1).request.body, QByteArray(R"({"message":"hi"})"));
}

TEST(StudyPage, DurationThatDoesNotParseIsALocalProblem)
{
    Fixture f;
    f.page.selectScenario(0); // hello: constant-vus, 3s
    QLineEdit* duration = f.page.scenarioForm()->durationEdit();
    duration->selectAll();
    QTest::keyClicks(duration, u"3 seconds"_qs);
    EXPECT_TRUE(hasProblemAt(f.page, u"scenarios[0].duration"_qs));
    EXPECT_TRUE(formShows(f.page.scenarioForm(), u"unit"_qs));
    duration->selectAll();
    QTest::keyClicks(duration, u"1m30s"_qs);
    EXPECT_TRUE(f.page.isValid());
    EXPECT_EQ(f.page.plan().scenarios.at(0).duration, std::chrono::seconds(90));
}

TEST(StudyPage, StacksFromTheManifestAndExternalUrls)
{
    Fixture f;
    f.page.addManifestStack(u"flask-sqlite3"_qs); // already there: a duplicate
    EXPECT_EQ(f.page.plan().stacks.size(), 6);
    EXPECT_FALSE(f.page.isValid());
    f.page.removeSelected();
    EXPECT_EQ(f.page.plan().stacks.size(), 5);
    EXPECT_TRUE(f.page.isValid()) << qPrintable(formatProblems(f.page.problems()));

    PlanStack external;
    external.name = u"staging"_qs;
    external.url = QUrl(u"http://127.0.0.1:8000"_qs);
    f.page.planModel()->insertStack(5, external);
    EXPECT_TRUE(f.page.isValid());
    f.page.selectStack(5);
    auto* url = f.page.stackForm()->findChildren<QLineEdit*>().at(1);
    url->selectAll();
    QTest::keyClicks(url, u"ftp://host"_qs);
    EXPECT_TRUE(hasProblemAt(f.page, u"stacks[5].url"_qs)) << qPrintable(formatProblems(f.page.problems()));
}

TEST(StudyPage, SaveAndReopen)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"edited.json"_qs);
    {
        Fixture f;
        f.page.selectScenario(0);
        f.page.duplicateScenario();
        QSignalSpy changed(&f.page, &StudyPage::documentChanged);
        // Save is refused while the plan has problems, so break nothing: just save under a new name.
        f.page.setPlan(f.page.plan(), path);
        EXPECT_TRUE(f.page.save());
        EXPECT_FALSE(f.page.isModified());
        EXPECT_GE(changed.count(), 1);
    }
    StudyPage reopened;
    ASSERT_TRUE(reopened.openPlan(path));
    EXPECT_EQ(reopened.plan().scenarios.size(), 8);
    EXPECT_EQ(reopened.plan().scenarios.at(1).id, u"hello-copy"_qs);
    EXPECT_EQ(reopened.documentName(), u"edited.json"_qs);
}
