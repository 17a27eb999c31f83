#include "figureexport.h"

#include "figurechart.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QThread>
#include <cerrno>
#include <functional>

namespace {

/// A chart laid out at @p size in a scene of its own, ready to paint. Qt Charts lays a chart
/// out when its geometry is set; there is no event loop involved.
struct OffscreenChart
{
    QGraphicsScene scene;
    QChart* chart = nullptr;

    OffscreenChart(QChart* built, QSize size)
        : chart(built)
    {
        scene.addItem(chart); // the scene owns it
        scene.setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
        chart->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
        // Margins that follow wrapped titles and labels can invalidate the layout once more.
        for (int pass = 0; pass < 4 && chart->layout() && !chart->layout()->isActivated(); ++pass)
            chart->layout()->activate();
    }

    void paint(QPainter* painter, QSize size)
    {
        const QRectF rect(QPointF(0, 0), QSizeF(size));
        // QChart insets its own background a little; the page edge must not stay transparent.
        painter->fillRect(rect, chart->backgroundBrush().color());
        scene.render(painter, rect, rect, Qt::IgnoreAspectRatio);
    }

    QImage image(QSize size, qreal scale)
    {
        const QSize pixels(qRound(size.width() * scale), qRound(size.height() * scale));
        QImage out(pixels, QImage::Format_ARGB32_Premultiplied);
        out.setDevicePixelRatio(scale);
        // Record the intended resolution: 96 dpi at 1x, 192 dpi at 2x.
        const int dotsPerMeter = qRound(96.0 * scale / 0.0254);
        out.setDotsPerMeterX(dotsPerMeter);
        out.setDotsPerMeterY(dotsPerMeter);
        QPainter painter(&out);
        painter.setRenderHints(
            QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
        paint(&painter, size);
        painter.end();
        return out;
    }

    QByteArray svg(QSize size, const QString& title, const QString& description)
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setResolution(96); // so the physical size matches a 1x PNG on screen
        generator.setTitle(title);
        generator.setDescription(description);
        QPainter painter(&generator);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        paint(&painter, size);
        painter.end();
        return buffer.data();
    }
};

FigureTheme themeFor(QSize size, const FigureTheme* theme)
{
    return theme ? *theme : exportFigureTheme(size);
}

QString describe(const QString& path, const QString& reason)
{
    return u"Cannot write "_qs + QDir::toNativeSeparators(path) + u": "_qs + reason;
}

/// QSaveFile often reports a failed write or commit as "Unknown error"; errno, read right after
/// the failing call, names the cause ("No space left on device").
QString failureReason(const QSaveFile& file, int savedErrno)
{
    const QString reason = file.errorString();
    if (!reason.isEmpty() && reason != u"Unknown error"_qs)
        return reason;
    if (savedErrno != 0)
        return qt_error_string(savedErrno);
    return u"write failed (is the disk full?)"_qs;
}

bool writeAtomically(const QString& path, const QByteArray& bytes, QString* error)
{
    const QFileInfo dirInfo(QFileInfo(path).absolutePath());
    if (!dirInfo.exists()) {
        if (error)
            *error = describe(path,
                u"the folder "_qs + QDir::toNativeSeparators(dirInfo.filePath()) + u" does not exist"_qs);
        return false;
    }
    if (!dirInfo.isDir()) {
        if (error)
            *error = describe(path, QDir::toNativeSeparators(dirInfo.filePath()) + u" is not a folder"_qs);
        return false;
    }
    QSaveFile file(path);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = describe(path, failureReason(file, errno));
        return false;
    }
    if (file.write(bytes) != bytes.size()) {
        const int savedErrno = errno;
        if (error)
            *error = describe(path, failureReason(file, savedErrno));
        file.cancelWriting();
        return false;
    }
    // commit() flushes and fsyncs: a full disk usually shows up here.
    errno = 0;
    if (!file.commit()) {
        if (error)
            *error = describe(path, failureReason(file, errno));
        return false;
    }
    return true;
}

bool canRender(QString* error)
{
    // QChart is a QGraphicsWidget: it needs a QApplication, and the thread that owns it.
    if (!qobject_cast<QApplication*>(QCoreApplication::instance())) {
        if (error)
            *error = u"Figure export needs a QApplication (headless: QT_QPA_PLATFORM=offscreen)"_qs;
        return false;
    }
    if (QThread::currentThread() != QCoreApplication::instance()->thread()) {
        if (error)
            *error = u"Figure export must run on the GUI thread"_qs;
        return false;
    }
    return true;
}

bool validSize(QSize size, qreal scale, QString* error)
{
    if (size.width() < 16 || size.height() < 16 || size.width() > 20000 || size.height() > 20000) {
        if (error)
            *error = u"Invalid figure size %1x%2"_qs.arg(size.width()).arg(size.height());
        return false;
    }
    if (!(scale >= 0.25 && scale <= 8)) {
        if (error)
            *error = u"Invalid scale factor %1 (allowed: 0.25 to 8)"_qs.arg(scale);
        return false;
    }
    return true;
}

/// Checks, renders (@p png or @p svg after @p format) and writes atomically: every export's path.
bool exportRendered(const QString& path, QSize size, qreal scale, ExportFormat format,
    const std::function<QImage()>& png, const std::function<QByteArray()>& svg, QString* error)
{
    if (!canRender(error) || !validSize(size, scale, error))
        return false;
    QByteArray bytes;
    if (format == ExportFormat::Svg) {
        bytes = svg();
    } else {
        const QImage image = png();
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG")) {
            if (error)
                *error = describe(path, u"PNG encoding failed"_qs);
            return false;
        }
    }
    return writeAtomically(path, bytes, error);
}

} // namespace

QString exportFormatSuffix(ExportFormat format)
{
    return format == ExportFormat::Svg ? u"svg"_qs : u"png"_qs;
}

QImage renderFigure(const FigureData& data, QSize size, qreal scale, bool withPaper, const FigureTheme* theme)
{
    OffscreenChart offscreen(buildFigureChart(data, themeFor(size, theme), withPaper), size);
    return offscreen.image(size, scale);
}

QByteArray renderFigureSvg(const FigureData& data, QSize size, bool withPaper, const FigureTheme* theme)
{
    FigureChart* chart = buildFigureChart(data, themeFor(size, theme), withPaper);
    OffscreenChart offscreen(chart, size);
    return offscreen.svg(size, chart->fullTitle(), data.subtitle);
}

bool exportFigure(const FigureData& data, const QString& path, QSize size, qreal scale, ExportFormat format,
    bool withPaper, QString* error)
{
    return exportRendered(
        path, size, scale, format, [&] { return renderFigure(data, size, scale, withPaper); },
        [&] { return renderFigureSvg(data, size, withPaper); }, error);
}

QImage renderChart(const ChartBuilder& build, QSize size, qreal scale, const FigureTheme* theme)
{
    OffscreenChart offscreen(build(themeFor(size, theme)), size);
    return offscreen.image(size, scale);
}

QByteArray renderChartSvg(const ChartBuilder& build, QSize size, const QString& title,
    const QString& description, const FigureTheme* theme)
{
    OffscreenChart offscreen(build(themeFor(size, theme)), size);
    return offscreen.svg(size, title.isEmpty() ? offscreen.chart->title() : title, description);
}

bool exportChart(const ChartBuilder& build, const QString& path, QSize size, qreal scale, ExportFormat format,
    const QString& title, const QString& description, QString* error)
{
    return exportRendered(
        path, size, scale, format, [&] { return renderChart(build, size, scale); },
        [&] { return renderChartSvg(build, size, title, description); }, error);
}

bool exportAllFigures(const QList<FigureData>& figures, const QString& dir, QSize size, qreal scale,
    ExportFormat format, bool withPaper, QString* error, QStringList* written)
{
    const QDir target(dir);
    for (int i = 0; i < figures.size(); ++i) {
        const int number = figures.at(i).number > 0 ? figures.at(i).number : i + 1;
        const QString path
            = target.filePath(u"figure"_qs + QString::number(number) + u'.' + exportFormatSuffix(format));
        if (!exportFigure(figures.at(i), path, size, scale, format, withPaper, error))
            return false;
        if (written)
            written->append(path);
    }
    return true;
}
