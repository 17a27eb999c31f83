// Issue 16: the HTML report is one self-contained file (no URL of any kind, no script), holds the
// seven figures, the methodology, the warnings, every scenario's drill-down and the commands, and a
// real browser (Debian's headless Chromium) renders it to a non-blank page and a PDF without errors.
#include "report/htmlreport.h"
#include "report/svgchart.h"
#include "results/comparison.h"
#include "resultsfixture.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace {
QString reportOf(const QString& dir)
{
    const ResultsFolder folder = loadResults(dir);
    EXPECT_TRUE(folder.ok());
    Aggregates a = aggregate(folder);
    return QString::fromUtf8(htmlReport(folder, a, true));
}

/// Everything that would make the file depend on something else.
QStringList outsideReferences(const QString& html)
{
    QStringList found;
    static const QRegularExpression Refs(
        uR"((https?:|file:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}/|<script|<link\b|<img\b|\bsrc\s*=|@import|url\((?!#)))"_qs,
        QRegularExpression::CaseInsensitiveOption);
    auto it = Refs.globalMatch(html);
    while (it.hasNext())
        found << it.next().captured(0);
    return found;
}

int count(const QString& html, const QString& what)
{
    return int(html.count(what));
}
} // namespace

TEST(HtmlReport, IsSelfContainedAndComplete)
{
    QTemporaryDir dir;
    writeFiveStacks(dir.filePath(u"r"_qs));
    const QString html = reportOf(dir.filePath(u"r"_qs));
    ASSERT_TRUE(html.startsWith(u"<!DOCTYPE html>"_qs));
    EXPECT_EQ(outsideReferences(html), QStringList()) << "no network access and no external files";
    EXPECT_EQ(count(html, u"<figure class=\"figure\""_qs), 7) << "the seven figures";
    for (int i = 1; i <= 7; ++i)
        EXPECT_TRUE(html.contains(u"id=\"figure%1\""_qs.arg(i))) << i;
    EXPECT_GE(count(html, u"<svg"_qs), 7 + 7) << "figures, and a spectrum per scenario";
    for (const char* section :
        { "Methodology", "Warnings", "Numbers", "Comparisons", "Scenarios in detail", "Commands" })
        EXPECT_TRUE(html.contains(u"<h2>"_qs + QString::fromLatin1(section) + u"</h2>"_qs)) << section;
    for (const char* stack : { "FastAPI + SQLAlchemy", "Flask + sqlite3", "Django + DRF" })
        EXPECT_TRUE(html.contains(QString::fromUtf8(stack).toHtmlEscaped())) << stack;
    EXPECT_TRUE(html.contains(u"Williams balanced Latin square"_qs))
        << "the methodology says how the study ran";
    EXPECT_TRUE(html.contains(u"@media print"_qs));
}

TEST(HtmlReport, ASweepShowsItsCurves)
{
    QTemporaryDir dir;
    writeSweep(dir.filePath(u"s"_qs));
    const QString html = reportOf(dir.filePath(u"s"_qs));
    EXPECT_EQ(outsideReferences(html), QStringList());
    EXPECT_TRUE(html.contains(u"<h2>Curves</h2>"_qs));
    EXPECT_EQ(count(html, u"<figure class=\"curve\""_qs), 3)
        << "throughput, latency and errors of the one swept scenario";
    EXPECT_EQ(count(html, u"<figure class=\"figure\""_qs), 0) << "a sweep has no paper figure";
    EXPECT_TRUE(html.contains(u"class=\"series\""_qs)) << "its time series are drawn";
}

// A configuration sweep's scenario is a heat map: a row per configuration, the best marked.
TEST(HtmlReport, AConfigurationSweepIsAGrid)
{
    QTemporaryDir dir;
    writeSweep(dir.filePath(u"s"_qs), true);
    const QString html = reportOf(dir.filePath(u"s"_qs));
    EXPECT_EQ(outsideReferences(html), QStringList());
    EXPECT_TRUE(html.contains(u"<h3>Configurations</h3>"_qs));
    EXPECT_TRUE(html.contains(u"<h4>get-one</h4>"_qs));
    EXPECT_TRUE(html.contains(u"<tr><th>1 w</th>"_qs));
    EXPECT_TRUE(html.contains(u"<tr><th>2 w</th>"_qs));
    EXPECT_EQ(count(html, u" ★</td>"_qs), 1) << "one stack, one best";
    EXPECT_TRUE(html.contains(u"background: rgba(48, 140, 198, 0.55)"_qs)) << "the best is the darkest";
}

TEST(HtmlReport, TwoSetsSideBySide)
{
    QTemporaryDir dir;
    writeFiveStacks(dir.filePath(u"before"_qs));
    writeFiveStacks(dir.filePath(u"after"_qs));
    const FolderComparison c = compareFolders(dir.filePath(u"before"_qs), dir.filePath(u"after"_qs));
    const QString html = QString::fromUtf8(htmlComparisonReport(c, { u"before"_qs, u"after"_qs }));
    EXPECT_EQ(outsideReferences(html), QStringList());
    EXPECT_EQ(count(html, u"<figure class=\"figure\""_qs), 7);
    EXPECT_TRUE(html.contains(u"<h1>after against before</h1>"_qs));
    EXPECT_TRUE(html.contains(u"within_noise"_qs)) << "every row's verdict";
}

TEST(SvgLineChart, DrawsEachSeriesAndEscapesNames)
{
    SvgLineChart c;
    c.title = u"<b>&"_qs;
    EXPECT_TRUE(QString::fromUtf8(c.toSvg()).contains(u"No data"_qs));
    c.series = { { u"a<b"_qs, { { 0, 1 }, { 1, 2 } } }, { u"c"_qs, { { 0, 3 }, { 1, 1 } }, true } };
    const QString svg = QString::fromUtf8(c.toSvg());
    EXPECT_EQ(count(svg, u"<polyline"_qs), 2);
    EXPECT_TRUE(svg.contains(u"a&lt;b"_qs));
    EXPECT_FALSE(svg.contains(u"<b>"_qs));
    EXPECT_TRUE(svg.contains(u"stroke-opacity=\"0.35\""_qs)) << "the faint one";
}

TEST(HtmlReport, RendersInChromium)
{
    QString chromium = QStandardPaths::findExecutable(u"chromium"_qs);
    if (chromium.isEmpty())
        GTEST_SKIP() << "no chromium: packaging/setup.sh installs it";
    QTemporaryDir dir;
    writeFiveStacks(dir.filePath(u"r"_qs));
    const QString path = dir.filePath(u"report.html"_qs);
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(reportOf(dir.filePath(u"r"_qs)).toUtf8());
    f.close();
    const QString url = u"file://"_qs + path;
    const QStringList common = { u"--headless"_qs, u"--no-sandbox"_qs, u"--disable-gpu"_qs,
        u"--no-first-run"_qs, u"--user-data-dir="_qs + dir.filePath(u"profile"_qs),
        u"--enable-logging=stderr"_qs, u"--v=0"_qs };
    auto run = [&](const QStringList& args, QByteArray* out, QByteArray* err) {
        QProcess p;
        p.start(chromium, common + args + QStringList { url });
        if (!p.waitForFinished(120'000)) {
            p.kill();
            p.waitForFinished();
            return false;
        }
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit;
    };
    QByteArray dom, log, ignored;
    ASSERT_TRUE(run({ u"--dump-dom"_qs }, &dom, &log));
    EXPECT_EQ(QString::fromUtf8(dom).count(u"<figure class=\"figure\""_qs), 7)
        << "the seven figures are in the DOM";
    for (const QByteArray& line : log.split('\n'))
        EXPECT_FALSE(line.contains("CONSOLE(") || line.contains("Failed to load resource")
            || line.contains("Uncaught"))
            << "the browser logged: " << line.constData();
    const QString png = dir.filePath(u"report.png"_qs);
    ASSERT_TRUE(run({ u"--screenshot="_qs + png, u"--window-size=1280,2400"_qs, u"--hide-scrollbars"_qs },
        &ignored, &log));
    const QImage shot(png);
    ASSERT_FALSE(shot.isNull()) << log.constData();
    int dark = 0; // text and chart strokes
    for (int y = 0; y < shot.height(); y += 4)
        for (int x = 0; x < shot.width(); x += 4)
            dark += qGray(shot.pixel(x, y)) < 128 ? 1 : 0;
    EXPECT_GT(dark, 2000) << "the page is not blank";
    const QString pdf = dir.filePath(u"report.pdf"_qs);
    ASSERT_TRUE(run({ u"--print-to-pdf="_qs + pdf, u"--no-pdf-header-footer"_qs }, &ignored, &log));
    QFile printed(pdf);
    ASSERT_TRUE(printed.open(QIODevice::ReadOnly)) << log.constData();
    EXPECT_TRUE(printed.read(5) == "%PDF-");
    EXPECT_GT(printed.size(), 20'000) << "several pages of figures";
    if (const QByteArray keep = qgetenv("STACKBENCH_REPORT_SHOT"); !keep.isEmpty())
        QFile::copy(png, QString::fromLocal8Bit(keep));
}
