// The workbench's item models, each wrapped in QAbstractItemModelTester and fed tiny literal
// fixtures: the load summary, the aggregates table, the comparison of two sets, the plan tree and the
// problems list.
#include "common/uiutil.h"
#include "models/aggregatesmodel.h"
#include "models/comparisonmodel.h"
#include "models/planmodel.h"
#include "models/problemsmodel.h"
#include "models/summarymodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <gtest/gtest.h>

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto Fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

Summary summaryFixture()
{
    Summary s;
    s.transport = u"socket"_qs;
    s.requests = 1000;
    s.durationS = 2;
    s.rps = 500;
    s.errors.http5xx = 10;
    s.latency = { 4.0, 1.0, 30.0, 3.5, 6.0, 8.0, 12.0, 2.0 };
    s.statusCounts = { { 200, 990 }, { 500, 10 } };
    s.bytesReceived = 40'000;
    s.clientCpuPercent = 95;
    return s;
}

Aggregates aggregatesFixture()
{
    Aggregates a;
    a.planName = u"fixture"_qs;
    a.repetitions = 2;
    StackAggregate hello;
    hello.scenarioId = u"hello"_qs;
    hello.figure = 1;
    hello.metric = Metric::Rps;
    hello.stack = u"flask-sqlite3"_qs;
    hello.label = u"Flask + sqlite3"_qs;
    hello.repetitions = { 1, 2 };
    hello.values = { 2000, 2200 };
    hello.stats = { 2, 2100, 141.4, 830, 3370 };
    hello.requests = 42'000;
    hello.serverCpuPercent = 180;
    hello.serverRssMb = 95.5;
    StackAggregate failed = hello;
    failed.stack = u"django-drf"_qs;
    failed.failed = true;
    failed.failures = { u"rep1: the stack crashed"_qs, u"rep2: the stack crashed"_qs };
    failed.repetitions.clear();
    failed.serverCpuPercent = -1;
    failed.serverRssMb = -1;
    StackAggregate bound = hello;
    bound.scenarioId = u"get-one"_qs;
    bound.figure = 4;
    bound.metric = Metric::MeanMs;
    bound.clientBound = true;
    bound.errors = 3;
    bound.errorRate = 0.003;
    a.rows = { hello, failed, bound };
    return a;
}

Plan planFixture()
{
    Plan p;
    p.name = u"fixture"_qs;
    PlanStack flask;
    flask.stack = u"flask-sqlite3"_qs;
    PlanStack external;
    external.name = u"staging"_qs;
    external.url = QUrl(u"http://127.0.0.1:8000"_qs);
    p.stacks = { flask, external };
    for (const char16_t* id : { u"hello", u"get-one", u"delete" }) {
        Scenario s;
        s.id = QString::fromUtf16(id);
        s.executor = ExecutorKind::SharedIterations;
        s.vus = 2;
        s.iterations = 10;
        s.request.path = u"/hello"_qs;
        p.scenarios << s;
    }
    return p;
}

/// Two rows of a comparison: Flask's req/s doubled (improved), and Django's latency unchanged,
/// within noise and without an interval.
FolderComparison comparisonFixture()
{
    RowChange faster;
    faster.scenarioId = u"hello"_qs;
    faster.figure = 1;
    faster.stack = u"flask-sqlite3"_qs;
    faster.label = u"Flask + sqlite3"_qs;
    faster.metric = Metric::Rps;
    faster.test.meanA = 4000;
    faster.test.meanB = 2000;
    faster.test.ratio = 2;
    faster.test.ratioLow = 1.8;
    faster.test.ratioHigh = 2.2;
    faster.test.p = 0.001;
    faster.pHolm = 0.002;
    faster.change = Change::Improved;
    RowChange same;
    same.scenarioId = u"get-one"_qs;
    same.stack = u"django-drf"_qs;
    same.test.meanA = 10;
    same.test.meanB = 10;
    same.test.ratio = 1;
    FolderComparison c;
    c.changes = { faster, same };
    return c;
}

QStringList scenarioIds(const PlanModel& m)
{
    QStringList ids;
    const QModelIndex parent = m.groupIndex(PlanModel::ScenariosGroup);
    for (int r = 0; r < m.rowCount(parent); ++r)
        ids << m.plan().scenarios.at(r).id;
    return ids;
}

} // namespace

TEST(SummaryModel, EmptyUntilSetAndResetOnEverySet)
{
    SummaryModel model;
    Tester tester(&model, Fatal);
    EXPECT_EQ(model.rowCount(), 0);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setSummary(summaryFixture());
    EXPECT_EQ(resets.count(), 1);
    EXPECT_EQ(model.rowCount(), SummaryModel::NUM_ROWS);
    EXPECT_EQ(model.columnCount(), SummaryModel::NUM_COLUMNS);
    const auto value = [&](int row) { return model.index(row, SummaryModel::ValueColumn).data().toString(); };
    EXPECT_TRUE(value(SummaryModel::RequestsRow).startsWith(u"1"_qs));
    EXPECT_TRUE(value(SummaryModel::ThroughputRow).contains(u"req/s"_qs));
    EXPECT_TRUE(value(SummaryModel::StatusCodesRow).contains(u"500"_qs));
    EXPECT_DOUBLE_EQ(model.index(SummaryModel::LatencyP99Row, SummaryModel::ValueColumn)
                         .data(SummaryModel::SortRole)
                         .toDouble(),
        12.0);
    EXPECT_TRUE(model.index(SummaryModel::ClientCpuRow, SummaryModel::ValueColumn)
                    .data(SummaryModel::WarningRole)
                    .toBool());
    EXPECT_TRUE(value(SummaryModel::ClientCpuRow).contains(u"client-bound"_qs));
    EXPECT_TRUE(model.index(SummaryModel::ErrorRateRow, 1).data(SummaryModel::WarningRole).toBool());
    model.clear();
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_FALSE(model.hasSummary());
}

TEST(AggregatesModel, OneRowPerScenarioAndStackWithFlags)
{
    AggregatesModel model;
    Tester tester(&model, Fatal);
    model.setAggregates(aggregatesFixture());
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.columnCount(), AggregatesModel::NUM_COLUMNS);
    EXPECT_EQ(model.index(0, AggregatesModel::StackColumn).data().toString(), u"Flask + sqlite3"_qs);
    EXPECT_TRUE(model.index(0, AggregatesModel::MeanColumn).data().toString().contains(u"req/s"_qs));
    EXPECT_DOUBLE_EQ(
        model.index(0, AggregatesModel::MeanColumn).data(AggregatesModel::SortRole).toDouble(), 2100);
    EXPECT_EQ(model.index(0, AggregatesModel::ServerRssColumn).data().toString(), u"95.5 MB"_qs);
    EXPECT_TRUE(model.index(1, 0).data(AggregatesModel::FailedRole).toBool());
    EXPECT_EQ(model.index(1, AggregatesModel::MeanColumn).data().toString(), u"failed"_qs);
    EXPECT_EQ(model.index(1, AggregatesModel::ServerCpuColumn).data().toString(), u"–"_qs);
    EXPECT_TRUE(model.index(1, 0).data(Qt::ToolTipRole).toString().contains(u"crashed"_qs));
    EXPECT_TRUE(model.index(2, 0).data(AggregatesModel::ClientBoundRole).toBool());
    EXPECT_TRUE(model.index(2, AggregatesModel::MeanColumn).data().toString().endsWith(u"ms"_qs));
    model.setAggregates({});
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(ComparisonModel, OneRowPerChangeWithBothMeansAndTheVerdict)
{
    ComparisonModel model;
    Tester tester(&model, Fatal);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.headerData(ComparisonModel::BeforeColumn, Qt::Horizontal).toString(), u"Before"_qs);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setComparison(comparisonFixture(), { u"monday"_qs, u"tuesday"_qs });
    EXPECT_EQ(resets.count(), 1);
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.columnCount(), ComparisonModel::NUM_COLUMNS);
    EXPECT_EQ(model.headerData(ComparisonModel::BeforeColumn, Qt::Horizontal).toString(), u"monday"_qs);
    EXPECT_EQ(model.headerData(ComparisonModel::AfterColumn, Qt::Horizontal).toString(), u"tuesday"_qs);
    EXPECT_EQ(model.index(0, ComparisonModel::StackColumn).data().toString(), u"Flask + sqlite3"_qs);
    const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
    EXPECT_EQ(cell(0, ComparisonModel::BeforeColumn), UiUtil::formatMetric(2000, Metric::Rps));
    EXPECT_EQ(cell(0, ComparisonModel::AfterColumn), UiUtil::formatMetric(4000, Metric::Rps));
    EXPECT_EQ(cell(0, ComparisonModel::ChangeColumn), u"+"_qs + UiUtil::formatNumber(100, 1) + u" %"_qs);
    const QModelIndex change = model.index(0, ComparisonModel::ChangeColumn);
    EXPECT_DOUBLE_EQ(change.data(ComparisonModel::SortRole).toDouble(), 2);
    EXPECT_EQ(model.index(0, ComparisonModel::VerdictColumn).data().toString(), u"improved"_qs);
    EXPECT_TRUE(model.index(0, ComparisonModel::VerdictColumn).data(Qt::ForegroundRole).isValid());
    EXPECT_EQ(model.index(1, ComparisonModel::FigureColumn).data().toString(), u"–"_qs);
    EXPECT_EQ(model.index(1, ComparisonModel::StackColumn).data().toString(), u"django-drf"_qs);
    EXPECT_EQ(model.index(1, ComparisonModel::VerdictColumn).data().toString(), u"within noise"_qs);
    EXPECT_EQ(model.index(1, ComparisonModel::PHolmColumn).data().toString(), u"n/a"_qs);
    EXPECT_TRUE(model.index(1, 0).data(Qt::ToolTipRole).toString().contains(u"no interval"_qs));
    model.setComparison({}, {});
    EXPECT_EQ(resets.count(), 2);
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(ProblemsModel, ListsPathAndReason)
{
    ProblemsModel model;
    Tester tester(&model, Fatal);
    model.setProblems(
        { { {}, u"scenarios[1].vus"_qs, u"must be an integer ≥ 1"_qs }, { {}, {}, u"empty plan"_qs } });
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.index(0, ProblemsModel::PathColumn).data().toString(), u"scenarios[1].vus"_qs);
    EXPECT_EQ(model.index(0, ProblemsModel::ReasonColumn).data().toString(), u"must be an integer ≥ 1"_qs);
    EXPECT_EQ(model.index(1, ProblemsModel::PathColumn).data(ProblemsModel::PathRole).toString(), QString());
    model.setProblems({});
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(PlanModel, TreeOfGroupsStacksAndScenarios)
{
    PlanModel model;
    Tester tester(&model, Fatal);
    model.setPlan(planFixture());
    EXPECT_EQ(model.rowCount(), PlanModel::NUM_GROUPS);
    EXPECT_EQ(model.rowCount(model.groupIndex(PlanModel::StacksGroup)), 2);
    EXPECT_EQ(model.rowCount(model.groupIndex(PlanModel::ScenariosGroup)), 3);
    EXPECT_EQ(model.rowCount(model.groupIndex(PlanModel::ProcedureGroup)), 0);
    const QModelIndex staging = model.stackIndex(1);
    EXPECT_EQ(staging.parent(), model.groupIndex(PlanModel::StacksGroup));
    EXPECT_EQ(PlanModel::groupOf(staging), PlanModel::StacksGroup);
    EXPECT_EQ(PlanModel::childRow(staging), 1);
    EXPECT_EQ(
        staging.siblingAtColumn(PlanModel::DetailColumn).data().toString(), u"http://127.0.0.1:8000"_qs);
    EXPECT_TRUE(
        model.scenarioIndex(0).siblingAtColumn(1).data().toString().contains(u"shared-iterations"_qs));
}

TEST(PlanModel, EditsAreFineGrainedAndMarkProblems)
{
    PlanModel model;
    Tester tester(&model, Fatal);
    model.setPlan(planFixture());
    QSignalSpy edited(&model, &PlanModel::planEdited);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    Scenario extra = model.plan().scenarios.first();
    extra.id = model.uniqueScenarioId(u"hello"_qs);
    EXPECT_EQ(extra.id, u"hello-2"_qs);
    model.insertScenario(1, extra);
    EXPECT_EQ(scenarioIds(model), (QStringList { u"hello"_qs, u"hello-2"_qs, u"get-one"_qs, u"delete"_qs }));
    EXPECT_TRUE(model.moveScenario(0, 3));
    EXPECT_EQ(scenarioIds(model), (QStringList { u"hello-2"_qs, u"get-one"_qs, u"delete"_qs, u"hello"_qs }));
    EXPECT_TRUE(model.moveScenario(3, 1));
    EXPECT_EQ(scenarioIds(model), (QStringList { u"hello-2"_qs, u"hello"_qs, u"get-one"_qs, u"delete"_qs }));
    EXPECT_FALSE(model.moveScenario(0, 9));
    model.removeScenario(0);
    EXPECT_EQ(scenarioIds(model), (QStringList { u"hello"_qs, u"get-one"_qs, u"delete"_qs }));
    Scenario renamed = model.plan().scenarios.at(2);
    renamed.id = u"remove"_qs;
    model.setScenario(2, renamed);
    EXPECT_EQ(model.plan().scenarios.at(2).id, u"remove"_qs);
    PlanStack s;
    s.stack = u"django-drf"_qs;
    model.insertStack(2, s);
    model.removeStack(0);
    EXPECT_EQ(model.plan().stacks.first().id(), u"staging"_qs);
    Procedure p;
    p.repetitions = 3;
    model.setProcedure(p);
    model.setInfo(u"renamed"_qs, u"text"_qs);
    EXPECT_EQ(model.plan().name, u"renamed"_qs);
    EXPECT_EQ(resets.count(), 0);
    EXPECT_GE(edited.count(), 9);

    model.setProblems(
        { { {}, u"scenarios[1].vus"_qs, u"must be ≥ 1"_qs }, { {}, u"procedure.gap_s"_qs, u"bad"_qs } });
    EXPECT_TRUE(model.scenarioIndex(1).data(PlanModel::HasProblemRole).toBool());
    EXPECT_FALSE(model.scenarioIndex(0).data(PlanModel::HasProblemRole).toBool());
    EXPECT_TRUE(model.groupIndex(PlanModel::ProcedureGroup).data(PlanModel::HasProblemRole).toBool());
    EXPECT_TRUE(model.scenarioIndex(1).data(Qt::ToolTipRole).toString().contains(u"must be ≥ 1"_qs));
    EXPECT_EQ(model.indexForPath(u"scenarios[1].request.body"_qs), model.scenarioIndex(1));
    EXPECT_EQ(model.indexForPath(u"name"_qs), model.groupIndex(PlanModel::GeneralGroup));
    EXPECT_EQ(model.indexForPath(u"scenarios[99].vus"_qs), model.groupIndex(PlanModel::ScenariosGroup));
}

// Issue 12: percentiles are pooled from the merged histograms; older results, which have none,
// show the mean of the repetitions' own percentiles, marked "≈" because it is no percentile.
TEST(AggregatesModel, PercentilesArePooledOrMarkedApproximate)
{
    AggregatesModel model;
    Tester tester(&model, Fatal);
    Aggregates a = aggregatesFixture();
    a.rows[0].p99Ms = 30;
    a.rows[0].pooled = { true, 5, 9, 42, 80, 1000 };
    a.rows[2].p99Ms = 30;
    a.rows[2].pooled = {};
    model.setAggregates(a);
    EXPECT_EQ(model.index(0, AggregatesModel::P99Column).data().toString(), UiUtil::formatMs(42));
    EXPECT_DOUBLE_EQ(
        model.index(0, AggregatesModel::P99Column).data(AggregatesModel::SortRole).toDouble(), 42);
    EXPECT_EQ(model.index(2, AggregatesModel::P99Column).data().toString(), u"≈ "_qs + UiUtil::formatMs(30));
}
