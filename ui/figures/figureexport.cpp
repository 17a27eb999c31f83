#include "figureexport.h"

#include "figurechart.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QThread>
#include <cerrno>

namespace {

/// A chart laid out at @p size in a scene of its own, ready to paint. Qt Charts lays a chart
/// out when its geometry is set; there is no event loop involved.
struct OffscreenChart
{
    QGraphicsScene scene;
    FigureChart* chart = nullptr;

    OffscreenChart(const FigureData& data, QSize size, bool withPaper, const FigureTheme* theme)
    {
        const FigureTheme t = theme ? *theme : exportFigureTheme(size);
        chart = buildFigureChart(data, t, withPaper);
        scene.addItem(chart); // the scene owns it
        scene.setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
        chart->layoutNow(QSizeF(size));
    }

    void paint(QPainter* painter, QSize size)
    {
        const QRectF rect(QPointF(0, 0), QSizeF(size));
        // QChart insets its own background a little; the page edge must not stay transparent.
        painter->fillRect(rect, chart->backgroundBrush().color());
        scene.render(painter, rect, rect, Qt::IgnoreAspectRatio);
    }
};

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

} // namespace

QString exportFormatSuffix(ExportFormat format)
{
    return format == ExportFormat::Svg ? u"svg"_qs : u"png"_qs;
}

QImage renderFigure(const FigureData& data, QSize size, qreal scale, bool withPaper, const FigureTheme* theme)
{
    OffscreenChart offscreen(data, size, withPaper, theme);
    const QSize pixels(qRound(size.width() * scale), qRound(size.height() * scale));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    // Record the intended resolution: 96 dpi at 1x, 192 dpi at 2x.
    const int dotsPerMeter = qRound(96.0 * scale / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    QPainter painter(&image);
    painter.setRenderHints(
        QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    offscreen.paint(&painter, size);
    painter.end();
    return image;
}

QByteArray renderFigureSvg(const FigureData& data, QSize size, bool withPaper, const FigureTheme* theme)
{
    OffscreenChart offscreen(data, size, withPaper, theme);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setResolution(96); // so the physical size matches a 1x PNG on screen
    generator.setTitle(offscreen.chart->fullTitle());
    generator.setDescription(data.subtitle);
    QPainter painter(&generator);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    offscreen.paint(&painter, size);
    painter.end();
    return buffer.data();
}

bool exportFigure(const FigureData& data, const QString& path, QSize size, qreal scale, ExportFormat format,
    bool withPaper, QString* error)
{
    if (!canRender(error) || !validSize(size, scale, error))
        return false;
    QByteArray bytes;
    if (format == ExportFormat::Svg) {
        bytes = renderFigureSvg(data, size, withPaper);
    } else {
        const QImage image = renderFigure(data, size, scale, withPaper);
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
