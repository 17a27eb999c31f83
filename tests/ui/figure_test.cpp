// Figures: the paper reference, the chart builder, the model, the view and the exporters.
#include "figures/figurechart.h"
#include "figures/figureexport.h"
#include "figures/figuremodel.h"
#include "figures/figureview.h"
#include "figures/paperreference.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QGraphicsScene>
#include <QImage>
#include <QPalette>
#include <QTemporaryDir>
#include <csignal>
#include <gtest/gtest.h>
#include <memory>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace {

FigureBar bar(const QString& stack, double value, double ciLow, double ciHigh)
{
    FigureBar b;
    b.stack = stack;
    b.value = value;
    b.ciLow = ciLow;
    b.ciHigh = ciHigh;
    return b;
}

/// Three stacks, the first one far taller than the other two.
FigureData oneTallBar()
{
    FigureData d;
    d.number = 1;
    d.title = u"GET request test results."_qs;
    d.unit = u"req/s"_qs;
    d.higherIsBetter = true;
    d.subtitle = u"Test CPU (2 cores) · 2025-05-01 · 5 repetitions"_qs;
    d.bars = { bar(u"fastapi-sqlite3"_qs, 9000, 8800, 9200), bar(u"flask-sqlite3"_qs, 500, 480, 520),
        bar(u"django-drf"_qs, 400, 390, 410) };
    return d;
}

FigureData flagged()
{
    FigureData d = oneTallBar();
    d.bars[1] = bar(u"flask-sqlite3"_qs, 5000, 4900, 5100);
    d.bars[1].clientBound = true;
    d.bars[2].failed = true;
    return d;
}

FigureData compared()
{
    FigureData d = oneTallBar();
    d.bars = { bar(u"fastapi-sqlite3"_qs, 4000, 3900, 4100), bar(u"flask-sqlite3"_qs, 2500, 2400, 2600) };
    d.bars[0].series = u"run A"_qs;
    d.bars[1].series = u"run A"_qs;
    FigureBar b0 = d.bars[0];
    FigureBar b1 = d.bars[1];
    b0.series = b1.series = u"run B"_qs;
    b0.value = 3000;
    b1.value = 1500;
    b0.ciLow = b0.ciHigh = b1.ciLow = b1.ciHigh = 0;
    d.bars << b0 << b1;
    return d;
}

/// A chart laid out exactly as the exporter lays it out, to learn where its bars are.
struct LaidOutChart
{
    QGraphicsScene scene;
    FigureChart* chart;
    LaidOutChart(const FigureData& data, QSize size, bool withPaper)
        : chart(buildFigureChart(data, exportFigureTheme(size), withPaper))
    {
        scene.addItem(chart);
        chart->layoutNow(QSizeF(size));
    }
};

bool near(QColor a, QColor b, int tolerance = 8)
{
    return qAbs(a.red() - b.red()) <= tolerance && qAbs(a.green() - b.green()) <= tolerance
        && qAbs(a.blue() - b.blue()) <= tolerance;
}

int countColour(const QImage& image, QRect area, QColor colour, int tolerance = 8)
{
    int n = 0;
    area = area.intersected(image.rect());
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            n += near(image.pixelColor(x, y), colour, tolerance) ? 1 : 0;
    }
    return n;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Not a global: the theme reads the application font, which needs the QApplication.
QColor barColour()
{
    return exportFigureTheme().seriesColor(0);
}

} // namespace

TEST(PaperReference, HoldsThePapersSevenFigures)
{
    ASSERT_TRUE(paperReference().isValid());
    EXPECT_EQ(paperReference().figures.size(), 7);
    EXPECT_EQ(paperReference().stacks.size(), 5);
    EXPECT_DOUBLE_EQ(paperReferenceValue(1, u"fastapi-sqlmodel"_qs), 4417);
    EXPECT_DOUBLE_EQ(paperReferenceValue(2, u"django-drf"_qs), 1551);
    EXPECT_DOUBLE_EQ(paperReferenceValue(3, u"flask-sqlite3"_qs), 28.2);
    EXPECT_DOUBLE_EQ(paperReferenceValue(6, u"flask-sqlite3"_qs), 109.9);
    EXPECT_DOUBLE_EQ(paperReferenceValue(7, u"fastapi-sqlite3"_qs), 9.0);
    EXPECT_DOUBLE_EQ(paperReferenceValue(1, u"flask-sqlalchemy"_qs), 2700);
    EXPECT_TRUE(paperReferenceIsApproximate(1, u"flask-sqlalchemy"_qs));
    EXPECT_FALSE(paperReferenceIsApproximate(2, u"flask-sqlalchemy"_qs));
    EXPECT_EQ(paperReferenceValue(1, u"no-such-stack"_qs), -1);
    EXPECT_EQ(paperReferenceValue(8, u"django-drf"_qs), -1);
    EXPECT_EQ(paperFigure(8), nullptr);
    ASSERT_NE(paperFigure(3), nullptr);
    EXPECT_EQ(paperFigure(3)->title, u"Average response time for fetching all records."_qs);
    EXPECT_EQ(paperFigure(3)->unit, u"ms"_qs);
    EXPECT_FALSE(paperFigure(3)->higherIsBetter);
    EXPECT_EQ(paperFigure(1)->unit, u"req/s"_qs);
    EXPECT_FALSE(paperFigure(1)->note.isEmpty());
    EXPECT_EQ(paperLegend(), u"Paper (i7-8750H)"_qs);
    EXPECT_EQ(paperStackLabel(u"django-drf"_qs), u"Django + DRF"_qs);
}

TEST(PaperReference, RejectsGarbage)
{
    QString error;
    EXPECT_FALSE(parsePaperReference("{not json", &error).isValid());
    EXPECT_FALSE(error.isEmpty());
}

TEST(FigureChart, FillsGapsFromThePaperAndLabelsBars)
{
    FigureData d = flagged();
    d.title.clear();
    LaidOutChart c(d, QSize(800, 500), true);
    EXPECT_EQ(c.chart->fullTitle(), u"Figure 1: GET request test results."_qs);
    EXPECT_EQ(c.chart->figure().bars.at(0).label, u"FastAPI + sqlite3"_qs);
    EXPECT_DOUBLE_EQ(c.chart->figure().bars.at(0).paperValue, 4783);
    EXPECT_EQ(c.chart->barLabelText(0), u"9,000"_qs);
    EXPECT_TRUE(c.chart->barLabelText(1).startsWith(u"⚠"_qs));
    EXPECT_EQ(c.chart->barLabelText(2), u"failed"_qs);
    EXPECT_TRUE(c.chart->barRect(2).isEmpty());
    EXPECT_FALSE(c.chart->barRect(1).isEmpty());
    EXPECT_EQ(formatFigureValue(168.8, u"ms"_qs), u"168.8"_qs);
    EXPECT_EQ(formatFigureValue(4417.4, u"req/s"_qs), u"4,417"_qs);
}

TEST(FigureChart, GroupsBarsPerResultSetSideBySide)
{
    LaidOutChart c(compared(), QSize(800, 500), false);
    EXPECT_EQ(c.chart->categories().size(), 2);
    EXPECT_EQ(c.chart->seriesNames(), (QStringList { u"run A"_qs, u"run B"_qs }));
    const QRectF a0 = c.chart->barRect(0); // fastapi, run A
    const QRectF b0 = c.chart->barRect(2); // fastapi, run B
    const QRectF a1 = c.chart->barRect(1); // flask, run A
    ASSERT_FALSE(a0.isEmpty());
    EXPECT_NEAR(a0.right(), b0.left(), 1.0); // adjacent within the group
    EXPECT_LT(b0.right(), a1.left()); // groups are apart
    EXPECT_GT(a0.height(), b0.height()); // 4000 vs 3000
}

TEST(FigureExport, PngHasTheRequestedPixelsAndTheBars)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(u"figure1.png"_qs);
    const QSize size(800, 500);
    QString error;
    ASSERT_TRUE(exportFigure(oneTallBar(), path, size, 2.0, ExportFormat::Png, false, &error))
        << qPrintable(error);

    QImage image(path);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(1600, 1000));

    // Not blank: the background is white, and a fair share of pixels is not.
    EXPECT_TRUE(near(image.pixelColor(2, 2), Qt::white));
    int inked = 0;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4)
            inked += near(image.pixelColor(x, y), Qt::white, 12) ? 0 : 1;
    }
    EXPECT_GT(inked, (image.width() / 4) * (image.height() / 4) / 20);

    // Independent of the layout code: the tall bar puts far more bar colour in the left third.
    const int third = image.width() / 3;
    const int left = countColour(image, QRect(0, 0, third, image.height()), barColour());
    const int right = countColour(image, QRect(2 * third, 0, third, image.height()), barColour());
    EXPECT_GT(left, 20 * qMax(1, right)) << left << " vs " << right;

    // Where the chart says the bars are, the pixels are the bar colour.
    LaidOutChart c(oneTallBar(), size, false);
    const QRectF tall = c.chart->barRect(0);
    const QRectF shortBar = c.chart->barRect(2);
    ASSERT_GT(tall.height(), 0.6 * c.chart->plotArea().height());
    ASSERT_LT(shortBar.height(), 0.1 * c.chart->plotArea().height());
    const qreal scale = 2.0;
    // A column a quarter into the bar (clear of the whisker at its centre), top 15% to bottom 5%.
    const int x = qRound((tall.left() + tall.width() / 4) * scale);
    for (qreal f = 0.15; f <= 0.95; f += 0.05) {
        const int y = qRound((tall.top() + tall.height() * f) * scale);
        EXPECT_TRUE(near(image.pixelColor(x, y), barColour()))
            << "at " << x << "," << y << " got " << qPrintable(image.pixelColor(x, y).name());
    }
    // Above the short bar, at the tall bar's mid-height: background, not bar.
    const QPoint above(
        qRound((shortBar.left() + shortBar.width() / 4) * scale), qRound(tall.center().y() * scale));
    EXPECT_FALSE(near(image.pixelColor(above), barColour()));
    EXPECT_TRUE(near(image.pixelColor(above), Qt::white, 40));
}

TEST(FigureExport, FailedBarsDrawNoBarAndClientBoundBarsAreHatched)
{
    const QSize size(800, 500);
    const QImage image = renderFigure(flagged(), size, 1.0, true);
    EXPECT_EQ(image.size(), size);
    LaidOutChart c(flagged(), size, true);
    const QRectF plot = c.chart->plotArea();
    const QRectF tall = c.chart->barRect(0);
    // The failed bar's slot (third category) holds no bar colour between axis and mid-plot.
    const qreal slot = tall.width();
    const QRectF failedSlot(
        tall.left() + 2 * plot.width() / 3, plot.center().y(), slot, plot.bottom() - plot.center().y() - 2);
    EXPECT_EQ(countColour(image, failedSlot.toRect(), barColour()), 0);
    // The client-bound bar is hatched (light lines across its fill) and outlined in the warning
    // colour; a plain bar is solid.
    const QRectF hatched = c.chart->barRect(1);
    ASSERT_GT(hatched.height(), 20);
    const QRect inside = hatched.adjusted(4, 4, -4, -4).toRect();
    EXPECT_GT(countColour(image, inside, Qt::white, 40), inside.width() * inside.height() / 20);
    const QRect plain = tall.adjusted(4, tall.height() / 2, -4, -4).toRect();
    EXPECT_EQ(countColour(image, plain, Qt::white, 40), 0);
    const QPoint leftEdge(qRound(hatched.left()), qRound(hatched.center().y()));
    EXPECT_GT(
        countColour(image, QRect(leftEdge - QPoint(1, 4), QSize(3, 9)), exportFigureTheme().warning, 30), 0);
}

TEST(FigureExport, ScaleOneAndSvgCarryTheTitle)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"figure1.svg"_qs);
    QString error;
    ASSERT_TRUE(exportFigure(oneTallBar(), path, QSize(1600, 1000), 2.0, ExportFormat::Svg, true, &error))
        << qPrintable(error);
    const QByteArray svg = readAll(path);
    EXPECT_TRUE(svg.contains("<svg"));
    EXPECT_TRUE(svg.contains("GET request test results.")) << svg.left(400).constData();
    EXPECT_TRUE(svg.contains("viewBox=\"0 0 1600 1000\""));
}

TEST(FigureExport, MissingFolderFailsWithAMessage)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"no/such/folder/figure1.png"_qs);
    QString error;
    EXPECT_FALSE(exportFigure(oneTallBar(), path, QSize(400, 300), 1, ExportFormat::Png, false, &error));
    EXPECT_TRUE(error.contains(u"does not exist"_qs)) << qPrintable(error);
    EXPECT_TRUE(error.contains(u"figure1.png"_qs)) << qPrintable(error);
    EXPECT_FALSE(QFile::exists(path));

    // A file where the folder should be.
    writeFile(dir.filePath(u"plain-file"_qs), "x");
    error.clear();
    EXPECT_FALSE(exportFigure(oneTallBar(), dir.filePath(u"plain-file/figure1.png"_qs), QSize(400, 300), 1,
        ExportFormat::Png, false, &error));
    EXPECT_FALSE(error.isEmpty());
}

TEST(FigureExport, ReadOnlyFolderFailsAndKeepsTheOldFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"figure1.png"_qs);
    writeFile(path, "previous");
    const auto readOnly = QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup
        | QFile::ReadOther | QFile::ExeOther;
    ASSERT_TRUE(QFile::setPermissions(dir.path(), readOnly));
    // Root ignores permission bits; checking files as "nobody" (this thread only) enforces them.
    const bool root = ::geteuid() == 0;
    if (root)
        ::setfsuid(65534);
    QString error;
    const bool ok = exportFigure(oneTallBar(), path, QSize(400, 300), 1, ExportFormat::Png, false, &error);
    if (root)
        ::setfsuid(0);
    QFile::setPermissions(dir.path(), readOnly | QFile::WriteOwner);
    EXPECT_FALSE(ok);
    EXPECT_TRUE(error.contains(u"figure1.png"_qs)) << qPrintable(error);
    EXPECT_TRUE(error.contains(u"ermission"_qs)) << qPrintable(error);
    EXPECT_EQ(readAll(path), QByteArray("previous"));
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { u"figure1.png"_qs });
}

TEST(FigureExport, FullDiskFailsAndKeepsTheOldFile)
{
    // RLIMIT_FSIZE makes writes fail with EFBIG, as a full disk makes them fail with ENOSPC; it
    // holds for root too and touches nothing outside this process.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"figure1.png"_qs);
    writeFile(path, "previous");
    rlimit old {};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 2048;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    QString error;
    const bool ok = exportFigure(oneTallBar(), path, QSize(800, 500), 2, ExportFormat::Png, false, &error);
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);
    EXPECT_FALSE(ok);
    EXPECT_TRUE(error.contains(u"figure1.png"_qs)) << qPrintable(error);
    EXPECT_FALSE(error.endsWith(u"Unknown error"_qs)) << qPrintable(error); // names EFBIG/ENOSPC
    EXPECT_EQ(readAll(path), QByteArray("previous"));
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { u"figure1.png"_qs });
}

TEST(FigureExport, ReplacesAnExistingFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"figure1.png"_qs);
    writeFile(path, "previous");
    QString error;
    ASSERT_TRUE(exportFigure(oneTallBar(), path, QSize(400, 300), 1.5, ExportFormat::Png, false, &error));
    EXPECT_EQ(QImage(path).size(), QSize(600, 450));
}

TEST(FigureExport, RejectsAbsurdSizes)
{
    QTemporaryDir dir;
    QString error;
    EXPECT_FALSE(exportFigure(
        oneTallBar(), dir.filePath(u"f.png"_qs), QSize(0, 0), 1, ExportFormat::Png, false, &error));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_FALSE(exportFigure(
        oneTallBar(), dir.filePath(u"f.png"_qs), QSize(400, 300), 0, ExportFormat::Png, false, &error));
}

TEST(FigureExport, RefusesToRunOffTheGuiThread)
{
    QTemporaryDir dir;
    bool ok = true;
    QString error;
    std::thread worker([&] {
        ok = exportFigure(oneTallBar(), dir.filePath(u"figure1.png"_qs), QSize(400, 300), 1,
            ExportFormat::Png, false, &error);
    });
    worker.join();
    EXPECT_FALSE(ok);
    EXPECT_TRUE(error.contains(u"GUI thread"_qs)) << qPrintable(error);
    EXPECT_FALSE(QFile::exists(dir.filePath(u"figure1.png"_qs)));
}

TEST(FigureExport, AllSevenFigures)
{
    QList<FigureData> figures;
    for (int n = 1; n <= 7; ++n) {
        FigureData d = oneTallBar();
        d.number = n;
        d.title.clear();
        d.unit.clear();
        figures << d;
    }
    QTemporaryDir dir;
    QString error;
    QStringList written;
    ASSERT_TRUE(
        exportAllFigures(figures, dir.path(), QSize(640, 400), 1, ExportFormat::Png, true, &error, &written))
        << qPrintable(error);
    ASSERT_EQ(written.size(), 7);
    for (int n = 1; n <= 7; ++n) {
        const QImage image(dir.filePath(u"figure%1.png"_qs.arg(n)));
        EXPECT_EQ(image.size(), QSize(640, 400)) << n;
        EXPECT_GT(countColour(image, image.rect(), barColour()), 1000) << n;
    }
}

TEST(FigureModel, WrapsOneFigure)
{
    FigureModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.columnCount(), int(FigureModel::NUM_COLUMNS));
    int resets = 0;
    QObject::connect(&model, &QAbstractItemModel::modelReset, [&] { ++resets; });
    model.setData(flagged());
    EXPECT_EQ(resets, 1);
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.rowCount(model.index(0, 0)), 0);
    EXPECT_EQ(model.index(0, FigureModel::ValueColumn).data().toString(), u"9,000"_qs);
    EXPECT_DOUBLE_EQ(model.index(0, FigureModel::ValueColumn).data(FigureModel::SortRole).toDouble(), 9000);
    EXPECT_EQ(model.index(2, FigureModel::StatusColumn).data().toString(), u"failed"_qs);
    EXPECT_TRUE(model.index(2, 0).data(FigureModel::FailedRole).toBool());
    EXPECT_TRUE(model.index(1, 0).data(FigureModel::ClientBoundRole).toBool());
    EXPECT_TRUE(model.index(2, FigureModel::ValueColumn).data().toString().isEmpty());
    EXPECT_FALSE(model.index(3, 0).isValid());
    EXPECT_EQ(model.headerData(FigureModel::ValueColumn, Qt::Horizontal).toString(), u"Mean (req/s)"_qs);

    // Every setData() is a full reset, to more rows, to none.
    model.setData(compared());
    EXPECT_EQ(resets, 2);
    ASSERT_EQ(model.rowCount(), 4);
    EXPECT_EQ(model.index(3, FigureModel::SeriesColumn).data().toString(), u"run B"_qs);
    EXPECT_DOUBLE_EQ(model.index(3, FigureModel::ValueColumn).data(FigureModel::SortRole).toDouble(), 1500);
    model.setData(FigureData());
    EXPECT_EQ(resets, 3);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_FALSE(model.index(0, 0).isValid());
    EXPECT_EQ(model.headerData(FigureModel::ValueColumn, Qt::Horizontal).toString(), u"Mean"_qs);
}

TEST(FigureView, FollowsTheModelThePaperToggleAndThePalette)
{
    FigureView view;
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    view.resize(640, 400);
    view.setFigure(oneTallBar());
    ASSERT_NE(view.figureChart(), nullptr);
    EXPECT_EQ(view.figureChart()->figure().bars.size(), 3);
    EXPECT_FALSE(view.figureChart()->paperVisible());
    view.setPaperVisible(true);
    EXPECT_TRUE(view.figureChart()->paperVisible());

    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    view.setPalette(dark);
    EXPECT_TRUE(view.currentTheme().dark);
    EXPECT_LT(view.figureChart()->backgroundBrush().color().lightness(), 80);
    const QImage shot = view.grab().toImage();
    EXPECT_FALSE(shot.isNull());
    EXPECT_LT(shot.pixelColor(3, 3).lightness(), 80);
}

TEST(FigureView, BuildsAllSeven)
{
    FigureData fig3;
    fig3.number = 3;
    fig3.unit = u"ms"_qs;
    fig3.bars = { bar(u"django-drf"_qs, 70, 65, 75) };
    const QList<FigureView*> views = buildFigureViews({ fig3 }, true);
    ASSERT_EQ(views.size(), 7);
    for (int i = 0; i < 7; ++i)
        EXPECT_EQ(views.at(i)->figure().number, i + 1);
    EXPECT_EQ(views.at(2)->figure().bars.size(), 1);
    EXPECT_TRUE(views.at(0)->figure().bars.isEmpty());
    EXPECT_EQ(views.at(0)->figureChart()->fullTitle(), u"Figure 1: GET request test results."_qs);
    qDeleteAll(views);
}

TEST(FigureChart, DrawsEveryRepetitionAsADotAndMarksFlaggedOnes)
{
    FigureData d = oneTallBar();
    d.bars[0].dots = {
        { 1, 8900, false, false, false, u"rep 1: 8900 req/s"_qs },
        { 2, 9100, false, false, false, u"rep 2: 9100 req/s"_qs },
        { 3, 4500, true, true, false,
            u"rep 3: 4500 req/s, 50 % below the median (outlier); one of 2 workers held 50 of 50 connections"_qs }
    };
    d.bars[1].dots
        = { { 1, 12000, true, false, false, u"rep 1: 12000 req/s (outlier); no measured cause"_qs } };
    const QSize size(800, 500);
    LaidOutChart c(d, size, false);
    // Dots sit on their values, side by side within the bar, in repetition order.
    const QPointF p1 = c.chart->dotPosition(0, 0), p2 = c.chart->dotPosition(0, 1),
                  p3 = c.chart->dotPosition(0, 2);
    const QRectF bar0 = c.chart->barRect(0);
    EXPECT_LT(p1.x(), p2.x());
    EXPECT_LT(p2.x(), p3.x());
    EXPECT_GT(p1.x(), bar0.left());
    EXPECT_LT(p3.x(), bar0.right());
    EXPECT_NEAR(p3.y(), bar0.bottom() - bar0.height() * 4500 / 9000, 2);
    // A dot above every bar still fits: the axis grows to hold it.
    EXPECT_GT(c.chart->dotPosition(1, 0).y(), c.chart->plotArea().top());
    // The bar's tooltip names the flagged repetition and its cause; the dot carries its own.
    EXPECT_TRUE(c.chart->barToolTip(0).contains(u"one of 2 workers held 50 of 50 connections"_qs));
    EXPECT_FALSE(c.chart->barToolTip(0).contains(u"rep 1: 8900"_qs));
    QStringList tips;
    for (QGraphicsItem* item : c.scene.items())
        if (!item->toolTip().isEmpty())
            tips << item->toolTip();
    EXPECT_TRUE(tips.contains(d.bars[0].dots[2].note)) << qPrintable(tips.join(u'\n'));
    EXPECT_TRUE(tips.contains(d.bars[1].dots[0].note));
    // Rendered: the flagged dot is drawn in the warning colour where the chart says it is.
    const QImage image = renderFigure(d, size, 1.0, false);
    const QPoint at = p3.toPoint();
    EXPECT_GT(countColour(image, QRect(at - QPoint(2, 2), QSize(5, 5)), exportFigureTheme().warning, 40), 0);
}
