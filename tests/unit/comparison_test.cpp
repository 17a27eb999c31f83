// Comparing stacks: Welch's test, the ratio's interval, Holm's adjustment, the compact letter
// display, Kendall's τ-b and before/after verdicts. Reference values were computed once with SciPy
// 1.17.1, statsmodels 0.15.0 and NumPy 2.4.6 (Python 3.11); each block names the exact call.
#include "results/comparison.h"
#include "results/resultswriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <cmath>
#include <gtest/gtest.h>
#include <random>

namespace {

// Figure 1-like repetitions (req/s).
const QList<double> kFast = { 7642.6, 7012.3, 8101.9, 7333.0, 8120.4 };
const QList<double> kFlask = { 5234.1, 5500.2, 4980.7, 5301.5, 5120.0 };

const QList<NamedSample> kFigure1 = {
    { u"fastapi-sqlalchemy"_qs, { 6991.1, 5400.0, 7800.2, 7100.5, 7664.0 } },
    { u"fastapi-sqlite3"_qs, kFast },
    { u"flask-sqlalchemy"_qs, { 5243.8, 4300.1, 6100.0, 5500.9, 5070.3 } },
    { u"flask-sqlite3"_qs, kFlask },
    { u"django-drf"_qs, { 3332.8, 2900.4, 3800.0, 3400.1, 3231.6 } },
};

void expectRelative(double actual, double expected, double tolerance = 1e-10)
{
    EXPECT_NEAR(actual, expected, tolerance * std::abs(expected)) << "expected " << expected;
}

QStringList lettersOf(const QList<StackLetters>& display)
{
    QStringList out;
    for (const auto& s : display)
        out << s.letters;
    return out;
}

QList<int> ranksOf(const QList<StackLetters>& display)
{
    QList<int> out;
    for (const auto& s : display)
        out << s.rank;
    return out;
}

PairComparison pair(const QString& a, const QString& b, bool different)
{
    PairComparison p;
    p.a = a;
    p.b = b;
    p.verdict = different ? Verdict::ABetter : Verdict::Indistinguishable;
    return p;
}

StackAggregate row(const QString& scenario, const QString& stack, Metric metric, const QList<double>& values)
{
    StackAggregate r;
    r.scenarioId = scenario;
    r.figure = metric == Metric::Rps ? 1 : 5;
    r.stack = stack;
    r.metric = metric;
    r.values = values;
    r.stats = describe(values);
    r.failed = values.isEmpty();
    return r;
}

const QByteArray kPlan = R"({
  "format": "stackbench-plan", "version": 1, "name": "compare-test",
  "stacks": [{"stack": "fastapi-sqlite3"}, {"stack": "django-drf"}],
  "scenarios": [{"id": "hello", "figure": 1, "metric": "rps", "executor": "constant-vus", "vus": 2,
                 "duration": "1s", "request": {"method": "GET", "path": "/hello"}}],
  "procedure": {"settle_s": 0, "seed_count": 10, "idle_s": 0, "gap_s": 0, "repetitions": 3,
                "transport": "socket", "timeout_s": 5}
})";

/// A results folder of Figure 1 with three repetitions per stack at the given req/s.
void writeFolder(const QString& dir, const QList<double>& fast, const QList<double>& django)
{
    RunManifest m;
    m.plan = parsePlan(kPlan).plan.value();
    m.startedAt = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
    ResultsWriter w(dir, m);
    ASSERT_EQ(w.writeManifest(), QString());
    for (const auto& [stack, values] :
        { std::pair { u"fastapi-sqlite3"_qs, fast }, std::pair { u"django-drf"_qs, django } }) {
        for (int rep = 1; rep <= int(values.size()); ++rep) {
            ScenarioRecord r;
            r.repetition = rep;
            r.stack = stack;
            r.scenarioId = u"hello"_qs;
            r.figure = 1;
            r.metric = Metric::Rps;
            r.summary.requests = 1000;
            r.summary.statusCounts = { { 200, 1000 } };
            r.summary.rps = values[rep - 1];
            r.summary.latency.mean = 1;
            ASSERT_EQ(w.write(r), QString());
        }
    }
}

} // namespace

// python: res = scipy.stats.ttest_ind(a, b, equal_var=False); res.statistic, res.pvalue, res.df
// ratio interval, the same formula in NumPy/SciPy:
//   ta = a.var(ddof=1) / (len(a) * a.mean()**2); tb = b.var(ddof=1) / (len(b) * b.mean()**2)
//   v = ta + tb; df = v**2 / (ta**2 / (len(a) - 1) + tb**2 / (len(b) - 1))
//   h = stats.t.ppf(0.975, df) * np.sqrt(v); r = a.mean() / b.mean(); r * np.exp(-h), r * np.exp(h)
// Coverage of that interval, simulated once (40,000 draws each, normal and log-normal data, CV 5–40 %,
// true ratio 1.4): 0.955–0.979 with 2 + 2 values, 0.941–0.970 with 3 + 3, 0.939–0.966 with 5 + 5.
TEST(CompareSamples, WelchAndRatioAgainstScipy)
{
    const auto c = compareSamples(kFast, kFlask, true);
    expectRelative(c.t, 10.368709764198353);
    expectRelative(c.df, 5.273210499324768);
    expectRelative(c.p, 0.00010490674050693759, 1e-8);
    expectRelative(c.ratio, 1.461947850706866);
    expectRelative(c.ratioLow, 1.3510928644163114);
    expectRelative(c.ratioHigh, 1.581898309491673);
    EXPECT_EQ(c.verdict, Verdict::ABetter);

    const auto reversed = compareSamples(kFlask, kFast, true);
    expectRelative(reversed.p, 0.00010490674050693759, 1e-8);
    expectRelative(reversed.ratioLow, 0.6321518861230341);
    expectRelative(reversed.ratioHigh, 0.7401415745260503);
    EXPECT_EQ(reversed.verdict, Verdict::BBetter);
    EXPECT_EQ(compareSamples(kFlask, kFast, false).verdict, Verdict::ABetter); // as if they were ms
}

TEST(CompareSamples, SmallUnequalSamples)
{
    const auto c = compareSamples({ 101, 140, 95 }, { 90, 150 }, false);
    expectRelative(c.t, -0.24131879096270464);
    expectRelative(c.df, 1.4555317814342121);
    expectRelative(c.p, 0.8388784347439964, 1e-8);
    expectRelative(c.ratio, 0.9333333333333333);
    expectRelative(c.ratioLow, 0.1794101835991568, 1e-8);
    expectRelative(c.ratioHigh, 4.855416195645681, 1e-8);
    EXPECT_EQ(c.verdict, Verdict::Indistinguishable);

    const auto d = compareSamples({ 10, 12, 14 }, { 11, 12, 13, 12.5 }, true);
    expectRelative(d.p, 0.9265615241154892, 1e-8);
    expectRelative(d.df, 2.5524520491515035);
    expectRelative(d.ratioLow, 0.6890552751378388);
    expectRelative(d.ratioHigh, 1.421493688330215);
}

TEST(CompareSamples, NotAvailableWithOneValueASide)
{
    const auto c = compareSamples({ 100 }, { 90, 95 }, true);
    expectRelative(c.ratio, 100.0 / 92.5);
    EXPECT_FALSE(c.testAvailable());
    EXPECT_FALSE(c.ratioCiAvailable());
    EXPECT_EQ(c.verdict, Verdict::Indistinguishable);
    EXPECT_TRUE(std::isnan(compareSamples({}, { 1, 2 }, true).ratio));
}

TEST(CompareSamples, ConstantSamples)
{
    // SciPy gives p = 0 for [5, 5, 5] against [6, 6, 6] and NaN for two equal constants; here 1.
    const auto same = compareSamples({ 5, 5, 5 }, { 5, 5, 5 }, true);
    EXPECT_EQ(same.p, 1);
    EXPECT_EQ(same.verdict, Verdict::Indistinguishable);
    EXPECT_DOUBLE_EQ(same.ratioLow, 1);
    EXPECT_DOUBLE_EQ(same.ratioHigh, 1);
    const auto apart = compareSamples({ 5, 5, 5 }, { 6, 6, 6 }, true);
    EXPECT_EQ(apart.p, 0);
    EXPECT_EQ(apart.verdict, Verdict::BBetter);
}

TEST(CompareSamples, RatioIntervalIsPositiveWhereMeansAreClose)
{
    const auto c = compareSamples({ 1, 30 }, { 2, 40 }, true);
    ASSERT_TRUE(c.ratioCiAvailable());
    EXPECT_GT(c.ratioLow, 0);
    EXPECT_LT(c.ratioLow, c.ratio);
    EXPECT_GT(c.ratioHigh, c.ratio);
    EXPECT_TRUE(std::isfinite(c.ratioHigh));
}

// python: statsmodels.stats.multitest.multipletests(p, method='holm')[1]
TEST(Holm, AgainstStatsmodels)
{
    const QList<double> adjusted = holmAdjust({ 0.01, 0.04, 0.03, 0.005, 0.2, 0.04 });
    const QList<double> expected = { 0.05, 0.12, 0.12, 0.03, 0.2, 0.12 };
    ASSERT_EQ(adjusted.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        EXPECT_NEAR(adjusted[i], expected[i], 1e-15) << i;
    EXPECT_EQ(holmAdjust({ 0.5, 0.6, 0.001 }), (QList<double> { 1.0, 1.0, 0.003 }));
    EXPECT_TRUE(holmAdjust({}).isEmpty());
}

TEST(Holm, NotAvailableValuesStayOutOfTheFamily)
{
    const QList<double> adjusted = holmAdjust({ 0.01, SampleComparison::NaN, 0.04 });
    EXPECT_DOUBLE_EQ(adjusted[0], 0.02);
    EXPECT_TRUE(std::isnan(adjusted[1]));
    EXPECT_DOUBLE_EQ(adjusted[2], 0.04);
}

// python: for each pair (i < j): scipy.stats.ttest_ind(x[i], x[j], equal_var=False).pvalue; then
// statsmodels.stats.multitest.multipletests(ps, method='holm')[1]
TEST(ComparePairs, FigureAgainstScipyAndStatsmodels)
{
    const auto pairs = comparePairs(kFigure1, true, 1);
    const QList<double> p = { 0.22346404529434374, 0.011654753735357423, 0.013230443870506809,
        0.0005048260152950266, 0.00024893744981712074, 0.00010490674050693759, 7.159573652249627e-07,
        0.9611330668511264, 0.0012199229427737894, 1.6138419316639693e-05 };
    const QList<double> holm = { 0.4469280905886875, 0.04661901494142969, 0.04661901494142969,
        0.00302895609177016, 0.0017425621487198453, 0.0008392539240555007, 7.159573652249626e-06,
        0.9611330668511264, 0.006099614713868947, 0.00014524577384975723 };
    ASSERT_EQ(pairs.size(), 10);
    EXPECT_EQ(pairs[0].a, u"fastapi-sqlalchemy"_qs);
    EXPECT_EQ(pairs[0].b, u"fastapi-sqlite3"_qs);
    EXPECT_EQ(pairs[9].a, u"flask-sqlite3"_qs);
    EXPECT_EQ(pairs[9].b, u"django-drf"_qs);
    for (qsizetype k = 0; k < pairs.size(); ++k) {
        SCOPED_TRACE(k);
        EXPECT_EQ(pairs[k].figure, 1);
        expectRelative(pairs[k].test.p, p[k], 1e-8);
        expectRelative(pairs[k].pHolm, holm[k], 1e-8);
        const bool indistinguishable = k == 0 || k == 7; // p_holm above 0.05
        EXPECT_EQ(pairs[k].verdict, indistinguishable ? Verdict::Indistinguishable : Verdict::ABetter);
    }
}

TEST(LetterDisplay, FigureBestFirst)
{
    const auto rps = letterDisplay(kFigure1, comparePairs(kFigure1, true), true);
    EXPECT_EQ(lettersOf(rps), (QStringList { u"a"_qs, u"a"_qs, u"b"_qs, u"b"_qs, u"c"_qs }));
    EXPECT_EQ(ranksOf(rps), (QList<int> { 1, 1, 2, 2, 3 }));
    EXPECT_EQ(rps[4].stack, u"django-drf"_qs);

    // The same numbers read as milliseconds: lowest is best, so Django gets "a".
    const auto ms = letterDisplay(kFigure1, comparePairs(kFigure1, false), false);
    EXPECT_EQ(lettersOf(ms), (QStringList { u"c"_qs, u"c"_qs, u"b"_qs, u"b"_qs, u"a"_qs }));
    EXPECT_EQ(ranksOf(ms), (QList<int> { 3, 3, 2, 2, 1 }));
}

// Worked by hand with Piepho's (2004) insert-and-absorb steps. Means A > B > C > D; significant, in
// the order given: D–B, D–A, A–C. Start {ABCD}. D–B splits it into {ACD}, {ABC}. D–A splits {ACD}
// into {CD}, {AC}; {AC} ⊂ {ABC} is absorbed. A–C splits {ABC} into {BC}, {AB}. Sorted best first:
// {AB} = a, {BC} = b, {CD} = c, so A "a", B "ab", C "bc", D "c". (In the order A–C, A–D, B–D the
// intermediate columns differ, the result does not.)
TEST(LetterDisplay, HandWorkedStaircase)
{
    const QList<NamedSample> samples = { { u"D"_qs, { 10, 11 } }, { u"B"_qs, { 30, 31 } },
        { u"A"_qs, { 40, 41 } }, { u"C"_qs, { 20, 21 } } };
    const QList<PairComparison> pairs
        = { pair(u"D"_qs, u"B"_qs, true), pair(u"D"_qs, u"A"_qs, true), pair(u"D"_qs, u"C"_qs, false),
              pair(u"B"_qs, u"A"_qs, false), pair(u"B"_qs, u"C"_qs, false), pair(u"A"_qs, u"C"_qs, true) };
    const auto display = letterDisplay(samples, pairs, true);
    EXPECT_EQ(lettersOf(display), (QStringList { u"c"_qs, u"ab"_qs, u"a"_qs, u"bc"_qs }));
    EXPECT_EQ(ranksOf(display), (QList<int> { 3, 1, 1, 2 }));
}

TEST(LetterDisplay, AllOrNothingDifferent)
{
    const QList<NamedSample> samples
        = { { u"x"_qs, { 1, 2 } }, { u"y"_qs, { 3, 4 } }, { u"z"_qs, { 5, 6 } } };
    const auto same = letterDisplay(samples, {}, true);
    EXPECT_EQ(lettersOf(same), (QStringList { u"a"_qs, u"a"_qs, u"a"_qs }));
    EXPECT_EQ(ranksOf(same), (QList<int> { 1, 1, 1 }));
    const QList<PairComparison> all
        = { pair(u"x"_qs, u"y"_qs, true), pair(u"x"_qs, u"z"_qs, true), pair(u"y"_qs, u"z"_qs, true) };
    const auto apart = letterDisplay(samples, all, true);
    EXPECT_EQ(lettersOf(apart), (QStringList { u"c"_qs, u"b"_qs, u"a"_qs }));
    EXPECT_EQ(ranksOf(apart), (QList<int> { 3, 2, 1 }));
    EXPECT_TRUE(letterDisplay({}, {}, true).isEmpty());
}

// The display's defining property over random relations: two stacks share a letter iff their pair is
// not significantly different, and the best stack carries "a".
TEST(LetterDisplay, SharesALetterIffIndistinguishable)
{
    std::mt19937 random(2004);
    for (int round = 0; round < 300; ++round) {
        const int n = 2 + int(random() % 7);
        QList<NamedSample> samples;
        for (int i = 0; i < n; ++i)
            samples.append({ QString::number(i), { double(random() % 1000), double(random() % 1000) } });
        QList<PairComparison> pairs;
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                pairs << pair(samples[i].stack, samples[j].stack, random() % 2);
        const auto display = letterDisplay(samples, pairs, true);
        for (const auto& p : pairs) {
            const QString& x = display[p.a.toInt()].letters;
            const QString& y = display[p.b.toInt()].letters;
            const bool share = std::any_of(x.cbegin(), x.cend(), [&y](QChar c) { return y.contains(c); });
            ASSERT_EQ(share, p.verdict == Verdict::Indistinguishable)
                << round << ": " << qPrintable(x + u' ' + y);
        }
        qsizetype best = 0;
        for (qsizetype i = 1; i < n; ++i)
            best = describe(samples[i].values).mean > describe(samples[best].values).mean ? i : best;
        ASSERT_TRUE(display[best].letters.startsWith(u'a')) << round;
        ASSERT_EQ(display[best].rank, 1) << round;
    }
}

// python: scipy.stats.kendalltau(x, y).statistic (variant 'b', the default)
TEST(KendallTauB, AgainstScipyWithTies)
{
    EXPECT_NEAR(kendallTauB({ 1, 2, 3, 4, 5 }, { 5, 6, 7, 8, 7 }), 0.7378647873726218, 1e-14);
    // The paper's Figure 1 means (4417, 4783, 2700, 2700, 1660: Flask tied) against ours.
    EXPECT_NEAR(kendallTauB({ 4417, 4783, 2700, 2700, 1660 }, { 6991.1, 7642.6, 5243.8, 5234.1, 3332.8 }),
        0.9486832980505138, 1e-14);
    EXPECT_NEAR(kendallTauB({ 1, 2, 3 }, { 3, 2, 1 }), -1.0, 1e-15);
    EXPECT_NEAR(kendallTauB({ 1, 1, 2, 2, 3 }, { 1, 2, 1, 2, 3 }), 0.49999999999999994, 1e-14);
}

TEST(KendallTauB, UndefinedCases)
{
    EXPECT_TRUE(std::isnan(kendallTauB({ 1, 2 }, { 1, 2, 3 })));
    EXPECT_TRUE(std::isnan(kendallTauB({ 1 }, { 1 })));
    EXPECT_TRUE(std::isnan(kendallTauB({ 2, 2, 2 }, { 1, 2, 3 })));
}

// python: p = [scipy.stats.ttest_ind(after, before, equal_var=False).pvalue for each row];
// statsmodels.stats.multitest.multipletests(p, method='holm')[1]
TEST(CompareResultSets, ImprovedRegressedWithinNoise)
{
    Aggregates before, after;
    before.rows = { row(u"hello"_qs, u"fastapi"_qs, Metric::Rps, kFlask),
        row(u"create"_qs, u"fastapi"_qs, Metric::MeanMs, { 10, 12, 14 }),
        row(u"hello"_qs, u"django"_qs, Metric::Rps, kFast),
        row(u"create"_qs, u"django"_qs, Metric::MeanMs, { 20, 21, 22 }),
        row(u"hello"_qs, u"flask"_qs, Metric::Rps, {}) };
    after.rows = { row(u"hello"_qs, u"fastapi"_qs, Metric::Rps, kFast),
        row(u"create"_qs, u"fastapi"_qs, Metric::MeanMs, { 11, 12, 13, 12.5 }),
        row(u"hello"_qs, u"django"_qs, Metric::Rps, kFlask),
        row(u"create"_qs, u"django"_qs, Metric::MeanMs, { 10, 11, 12 }),
        row(u"hello"_qs, u"flask"_qs, Metric::Rps, { 1, 2 }),
        row(u"hello"_qs, u"bottle"_qs, Metric::Rps, { 1, 2 }) };
    const auto changes = compareResultSets(before, after);
    ASSERT_EQ(changes.size(), 4); // flask failed before, bottle is new
    const QList<double> holm
        = { 0.00041962696202775036, 0.9265615241154892, 0.00041962696202775036, 0.0005104334988838536 };
    const QList<Change> expected
        = { Change::Improved, Change::WithinNoise, Change::Regressed, Change::Improved };
    for (qsizetype k = 0; k < changes.size(); ++k) {
        SCOPED_TRACE(k);
        expectRelative(changes[k].pHolm, holm[k], 1e-8);
        EXPECT_EQ(changes[k].change, expected[k]);
    }
    EXPECT_EQ(changes[0].figure, 1);
    EXPECT_EQ(changes[1].scenarioId, u"create"_qs);
    expectRelative(changes[0].test.ratio, 1.461947850706866); // after / before
}

TEST(ComparisonJson, PairHasTheDocumentedShape)
{
    PairComparison p;
    p.figure = 1;
    p.a = u"fastapi-sqlite3"_qs;
    p.b = u"flask-sqlite3"_qs;
    p.test.ratio = 1.42;
    p.test.ratioLow = 1.30;
    p.test.ratioHigh = 1.55;
    p.test.p = 0.0004;
    p.pHolm = 0.003;
    p.verdict = Verdict::ABetter;
    const QJsonObject expected = QJsonDocument::fromJson(R"({"figure": 1, "a": "fastapi-sqlite3",
        "b": "flask-sqlite3", "ratio": 1.42, "ratio_ci": [1.30, 1.55], "p": 0.0004, "p_holm": 0.003,
        "verdict": "a_better"})")
                                     .object();
    ASSERT_FALSE(expected.isEmpty());
    EXPECT_EQ(toJson(p), expected);

    p.test = SampleComparison {};
    p.pHolm = SampleComparison::NaN;
    p.verdict = Verdict::Indistinguishable;
    const QJsonObject missing = toJson(p);
    EXPECT_TRUE(missing.value(u"ratio"_qs).isNull());
    EXPECT_TRUE(missing.value(u"ratio_ci"_qs).isNull());
    EXPECT_TRUE(missing.value(u"p"_qs).isNull());
    EXPECT_TRUE(missing.value(u"p_holm"_qs).isNull());
    EXPECT_EQ(missing.value(u"verdict"_qs).toString(), u"indistinguishable"_qs);
    EXPECT_EQ(toString(Verdict::BBetter), u"b_better"_qs);
}

TEST(ComparisonJson, TauAndChange)
{
    EXPECT_EQ(tauToJson(1, 0.8), QJsonDocument::fromJson(R"({"figure": 1, "tau_b": 0.8})").object());
    EXPECT_TRUE(tauToJson(2, SampleComparison::NaN).value(u"tau_b"_qs).isNull());

    RowChange c;
    c.figure = 1;
    c.scenarioId = u"hello"_qs;
    c.stack = u"fastapi-sqlite3"_qs;
    c.test.ratio = 0.91;
    c.test.ratioLow = 0.85;
    c.test.ratioHigh = 0.97;
    c.test.p = 0.002;
    c.pHolm = 0.01;
    c.change = Change::Regressed;
    EXPECT_EQ(toJson(c),
        QJsonDocument::fromJson(R"({"figure": 1, "scenario": "hello", "stack": "fastapi-sqlite3",
        "ratio": 0.91, "ratio_ci": [0.85, 0.97], "p": 0.002, "p_holm": 0.01, "verdict": "regressed"})")
            .object());
    EXPECT_EQ(toString(Change::WithinNoise), u"within_noise"_qs);
}

TEST(CompareFolders, BeforeAndAfterOnDisk)
{
    QTemporaryDir before, after;
    writeFolder(before.path(), { 100, 101, 102 }, { 200, 202, 204 });
    writeFolder(after.path(), { 150, 151, 152 }, { 200, 203, 201 });
    const FolderComparison c = compareFolders(before.path(), after.path());
    ASSERT_TRUE(c.ok()) << qPrintable(c.unreadable.join(u", "_qs) + u'\n' + formatProblems(c.problems));
    EXPECT_TRUE(c.problems.isEmpty()) << qPrintable(formatProblems(c.problems));
    ASSERT_EQ(c.changes.size(), 2);
    EXPECT_EQ(c.changes[0].stack, u"fastapi-sqlite3"_qs);
    EXPECT_EQ(c.changes[0].change, Change::Improved);
    EXPECT_EQ(c.changes[1].change, Change::WithinNoise);
    EXPECT_EQ(c.count(Change::Regressed), 0);
    const QStringList lines = describeChanges(c.changes);
    ASSERT_EQ(lines.size(), 2);
    EXPECT_TRUE(lines[0].startsWith(u"Figure 1  hello  fastapi-sqlite3  improved  after/before 1.495 ["_qs))
        << qPrintable(lines[0]);
    const QJsonObject json = toJson(c);
    EXPECT_EQ(json.value(u"improved"_qs).toInt(), 1);
    EXPECT_EQ(json.value(u"within_noise"_qs).toInt(), 1);
    EXPECT_EQ(json.value(u"changes"_qs).toArray().size(), 2);

    const FolderComparison reversed = compareFolders(after.path(), before.path());
    EXPECT_EQ(reversed.changes[0].change, Change::Regressed);
    EXPECT_EQ(reversed.count(Change::Regressed), 1);
}

TEST(CompareFolders, UnreadableFolder)
{
    QTemporaryDir before, empty;
    writeFolder(before.path(), { 100, 101, 102 }, { 200, 202, 204 });
    const FolderComparison c = compareFolders(before.path(), empty.path());
    EXPECT_FALSE(c.ok());
    EXPECT_EQ(c.unreadable, QStringList { empty.path() });
    EXPECT_TRUE(c.changes.isEmpty());
}

// Issue 12, part 4: per figure, Kendall's τ-b between our means and the paper's, and the lines
// `report` prints with ranks and letters.
TEST(PaperAgreement, TauPerFigureAndReportLines)
{
    Aggregates a;
    const auto row = [](int figure, const QString& stack, QList<double> values) {
        StackAggregate r;
        r.figure = figure;
        r.metric = Metric::Rps;
        r.stack = stack;
        r.label = stack;
        r.values = values;
        r.stats = describe(values);
        return r;
    };
    a.rows << row(1, u"x"_qs, { 300, 301, 299 }) << row(1, u"y"_qs, { 200, 201, 199 })
           << row(1, u"z"_qs, { 100, 101, 99 }) << row(2, u"x"_qs, { 1, 2, 3 })
           << row(2, u"y"_qs, { 5, 6, 7 }) << row(2, u"z"_qs, { 9, 10, 11 });
    judgeFigures(a);
    agreeWithPaper(a, [](int figure, const QString& stack) {
        const double rank = stack == u"x" ? 3 : stack == u"y" ? 2 : 1;
        return figure == 1 ? rank * 10 : rank; // figure 2: our order is the paper's reversed
    });
    EXPECT_DOUBLE_EQ(a.paperAgreement.value(1), 1.0);
    EXPECT_DOUBLE_EQ(a.paperAgreement.value(2), -1.0);
    EXPECT_EQ(a.rows[0].letters, u"a"_qs);
    EXPECT_EQ(a.rows[2].letters, u"c"_qs);
    const QStringList lines = verdictLines(a);
    ASSERT_EQ(lines.size(), 2);
    EXPECT_EQ(lines[0],
        u"Figure 1 (req/s, higher is better; τ-b vs paper 1.00): 1 a  x 300.0 · 2 b  y 200.0 · 3 c  z 100.0"_qs);
    EXPECT_TRUE(
        lines[1].startsWith(u"Figure 2 (req/s, higher is better; τ-b vs paper -1.00): 1 a  z 10.0"_qs))
        << qPrintable(lines[1]);
}
