// Renders sample figures for people to look at: the seven exports with the paper, an SVG read back,
// two compared result sets, a figure view in dark and light, and the Results grid.
//   build/tests/tools/figure_samples /tmp/figures
// The data is made up but plausible for a 2-core machine; it is not a measurement. Not a test: it
// asserts nothing about the pictures, so it is not registered with ctest (tests/ui/figure_test.cpp
// checks the figures).
#include "figures/figureexport.h"
#include "figures/figureview.h"
#include "figures/paperreference.h"

#include <QApplication>
#include <QDir>
#include <QGridLayout>
#include <QPainter>
#include <QPalette>
#include <QSvgRenderer>
#include <cstdio>

namespace {

/// Made-up means per figure and stack, in the paper's stack order.
const double sampleMeans[7][5] = {
    { 3560, 4120, 2310, 2420, 1395 }, // req/s
    { 3010, 3390, 1890, 1935, 1280 }, // req/s
    { 182.4, 61.7, 74.9, 25.3, 81.2 }, // ms
    { 6.9, 2.2, 9.1, 4.6, 14.8 },
    { 88.1, 71.3, 121.4, 104.9, 96.2 },
    { 91.0, 74.8, 101.3, 112.6, 115.4 },
    { 9.6, 8.1, 11.0, 8.8, 12.3 },
};

FigureData sampleFigure(int number, const QString& series = {}, double factor = 1.0)
{
    const PaperFigure* paper = paperFigure(number);
    FigureData d;
    d.number = number;
    d.title = paper->title;
    d.unit = paper->unit;
    d.higherIsBetter = paper->higherIsBetter;
    d.subtitle = u"AMD EPYC 7B13, 2 cores · Linux 6.1 · 2025-06-14 · 5 repetitions · socket transport"_qs;
    const QList<QString> stacks = paperReference().stacks;
    for (int s = 0; s < stacks.size(); ++s) {
        FigureBar b;
        b.stack = stacks.at(s);
        b.label = paperStackLabel(b.stack);
        b.series = series;
        b.value = sampleMeans[number - 1][s] * factor;
        const double half = b.value * (0.025 + 0.01 * s);
        b.ciLow = b.value - half;
        b.ciHigh = b.value + half;
        b.paperValue = paperReferenceValue(number, b.stack);
        d.bars.append(b);
    }
    return d;
}

/// Each sample set writes its files into @p dir and returns what went wrong, or an empty string.
QString allSevenWithThePaper(const QString& dir)
{
    QList<FigureData> figures;
    for (int n = 1; n <= 7; ++n)
        figures.append(sampleFigure(n));
    figures[0].bars[1].clientBound = true; // FastAPI + sqlite3 hello: client saturated
    figures[4].bars[4].failed = true; // Django create: crashed
    QString error;
    if (!exportAllFigures(figures, dir, QSize(1600, 1000), 2, ExportFormat::Png, true, &error))
        return error;
    if (!exportFigure(
            figures[2], dir + u"/figure3.svg"_qs, QSize(1600, 1000), 1, ExportFormat::Svg, true, &error))
        return error;
    // Read the SVG back with Qt's renderer so it can be looked at as a PNG.
    QSvgRenderer svg(dir + u"/figure3.svg"_qs);
    if (!svg.isValid())
        return u"figure3.svg: Qt's SVG renderer cannot read it"_qs;
    QImage back(QSize(1600, 1000), QImage::Format_ARGB32);
    back.fill(Qt::transparent);
    QPainter painter(&back);
    svg.render(&painter);
    painter.end();
    if (!back.save(dir + u"/figure3-svg-rendered.png"_qs))
        return u"cannot write figure3-svg-rendered.png"_qs;
    if (!exportFigure(
            figures[3], dir + u"/figure4-small.png"_qs, QSize(480, 320), 1, ExportFormat::Png, true, &error))
        return error;
    return {};
}

QString comparedResultSets(const QString& dir)
{
    for (int n : { 1, 3 }) {
        FigureData a = sampleFigure(n, u"2025-06-14 (socket)"_qs);
        const FigureData b = sampleFigure(n, u"2025-06-15 (QNAM)"_qs, n == 1 ? 0.78 : 1.12);
        a.bars.append(b.bars);
        QString error;
        if (!exportFigure(a, dir + u"/compare-figure%1.png"_qs.arg(n), QSize(1600, 1000), 1,
                ExportFormat::Png, true, &error))
            return error;
        if (!exportFigure(a, dir + u"/compare-figure%1-small.png"_qs.arg(n), QSize(480, 320), 1,
                ExportFormat::Png, true, &error))
            return error;
    }
    return {};
}

QString darkAndLightViews(const QString& dir)
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2d, 0x2d, 0x30));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    for (bool isDark : { true, false }) {
        FigureView view;
        if (isDark)
            view.setPalette(dark);
        view.resize(720, 450);
        view.setPaperVisible(true);
        FigureData d = sampleFigure(3);
        d.bars[0].clientBound = true;
        d.bars[3].failed = true;
        view.setFigure(d);
        view.show();
        QApplication::processEvents();
        const QString name = isDark ? u"view-dark-figure3.png"_qs : u"view-light-figure3.png"_qs;
        if (!view.grab().save(dir + u'/' + name))
            return u"cannot write "_qs + name;
    }
    return {};
}

QString resultsGrid(const QString& dir)
{
    QList<FigureData> figures;
    for (int n = 1; n <= 6; ++n) // Figure 7 stays empty: "No data"
        figures.append(sampleFigure(n));
    QWidget page;
    auto* grid = new QGridLayout(&page);
    const QList<FigureView*> views = buildFigureViews(figures, true, &page);
    for (int i = 0; i < views.size(); ++i)
        grid->addWidget(views.at(i), i / 3, i % 3);
    page.resize(1280, 900);
    page.show();
    QApplication::processEvents();
    if (!page.grab().save(dir + u"/view-grid-light.png"_qs))
        return u"cannot write view-grid-light.png"_qs;
    return {};
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: figure_samples OUT_DIR\n");
        return 2;
    }
    const QString dir = QDir(args.at(1)).absolutePath();
    if (!QDir().mkpath(dir)) {
        std::fprintf(stderr, "figure_samples: cannot create %s\n", qPrintable(dir));
        return 1;
    }
    const std::pair<const char*, QString (*)(const QString&)> samples[] = {
        { "all seven with the paper", allSevenWithThePaper },
        { "compared result sets", comparedResultSets },
        { "dark and light views", darkAndLightViews },
        { "results grid", resultsGrid },
    };
    int failures = 0;
    for (const auto& [name, render] : samples) {
        if (const QString error = render(dir); !error.isEmpty()) {
            std::fprintf(stderr, "figure_samples: %s: %s\n", name, qPrintable(error));
            ++failures;
        }
    }
    std::printf("figure_samples: %s\n", qPrintable(dir));
    return failures == 0 ? 0 : 1;
}
