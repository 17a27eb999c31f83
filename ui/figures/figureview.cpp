#include "figureview.h"

#include "common/constants.h"
#include "figurechart.h"
#include "figuremodel.h"
#include "paperreference.h"

#include <QBarSeries>
#include <QBarSet>
#include <QCursor>
#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QThread>
#include <QToolTip>

FigureView::FigureView(QWidget* parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setModel(new FigureModel(this));
}

FigureView::~FigureView()
{
    // The default model is a child and dies after this destructor: no rebuild from it then.
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
}

void FigureView::setModel(FigureModel* model)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_model == model)
        return;
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, &FigureView::rebuild);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &FigureView::rebuild);
        connect(m_model, &QObject::destroyed, this, [this] {
            m_model = nullptr;
            rebuild();
        });
    }
    rebuild();
}

void FigureView::setFigure(const FigureData& data)
{
    if (m_model)
        m_model->setData(data);
}

const FigureData& FigureView::figure() const
{
    static const FigureData empty;
    return m_model ? m_model->figure() : empty;
}

void FigureView::setPaperVisible(bool visible)
{
    if (m_withPaper == visible)
        return;
    m_withPaper = visible;
    rebuild();
}

void FigureView::setThemeOverride(const FigureTheme& theme)
{
    m_themeOverride = theme;
    rebuild();
}

void FigureView::clearThemeOverride()
{
    m_themeOverride.reset();
    rebuild();
}

FigureTheme FigureView::currentTheme() const
{
    if (m_themeOverride)
        return *m_themeOverride;
    FigureTheme theme = figureTheme(palette());
    theme.font = font();
    return theme;
}

FigureChart* FigureView::figureChart() const
{
    return qobject_cast<FigureChart*>(chart());
}

QSize FigureView::sizeHint() const
{
    return { 480, 320 };
}

QSize FigureView::minimumSizeHint() const
{
    return { 240, 180 };
}

void FigureView::rebuild()
{
    // setChart() itself can trigger a palette/style change on the viewport.
    if (m_rebuilding)
        return;
    m_rebuilding = true;
    QChart* old = chart();
    auto* chart = buildFigureChart(figure(), currentTheme(), m_withPaper);
    connect(chart->barSeries(), &QBarSeries::hovered, this, &FigureView::showToolTip);
    setChart(chart); // releases, but does not delete, the previous chart
    delete old;
    setBackgroundBrush(chart->backgroundBrush());
    setMinimumSize(minimumSizeHint()); // see resizeEvent()
    m_rebuilding = false;
}

void FigureView::showToolTip(bool status, int index, QBarSet* set)
{
    FigureChart* chart = figureChart();
    if (!status || !chart) {
        QToolTip::hideText();
        return;
    }
    const int bar = chart->barIndex(index, int(chart->barSeries()->barSets().indexOf(set)));
    if (bar >= 0)
        QToolTip::showText(QCursor::pos(), chart->barToolTip(bar), this);
}

int FigureView::barAt(const QPoint& viewportPos) const
{
    FigureChart* chart = figureChart();
    if (!chart)
        return -1;
    const QPointF at = chart->mapFromScene(mapToScene(viewportPos));
    for (int i = 0; i < figure().bars.size(); ++i)
        if (chart->barRect(i).contains(at))
            return i;
    return -1;
}

bool FigureView::viewportEvent(QEvent* event)
{
    // Qt's tooltip event arrives about a second after the hover: without an answer here it falls
    // through to the view, whose generic tooltip would replace the bar's.
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const int bar = barAt(help->pos()); bar >= 0) {
            QToolTip::showText(help->globalPos(), figureChart()->barToolTip(bar), viewport());
            event->accept();
            return true;
        }
    }
    return QChartView::viewportEvent(event);
}

void FigureView::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (!m_themeOverride
        && (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
            || event->type() == QEvent::ApplicationPaletteChange)) {
        rebuild();
    }
}

void FigureView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    // QChartView ratchets its minimum size up to whatever the chart needed at the narrowest size
    // it ever had (where titles wrap the most); in a grid that pins every view large for good.
    setMinimumSize(minimumSizeHint());
}

void FigureView::mousePressEvent(QMouseEvent* event)
{
    m_pressed = event->button() == Qt::LeftButton;
    QChartView::mousePressEvent(event);
}

void FigureView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_pressed && event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) {
        // The bar first: a grid enlarges on clicked(), and only a click on an enlarged figure's bar
        // opens its scenario.
        if (const int bar = barAt(event->position().toPoint()); bar >= 0)
            Q_EMIT barClicked(figure().number, bar);
        Q_EMIT clicked(figure().number);
    }
    m_pressed = false;
    QChartView::mouseReleaseEvent(event);
}

QList<FigureView*> buildFigureViews(const QList<FigureData>& figures, bool withPaper, QWidget* parent)
{
    QList<FigureView*> views;
    for (int number = 1; number <= Constants::FigureCount; ++number) {
        FigureData data;
        data.number = number;
        for (const FigureData& f : figures) {
            if (f.number == number)
                data = f;
        }
        auto* view = new FigureView(parent);
        view->setPaperVisible(withPaper);
        view->setFigure(data);
        views.append(view);
    }
    return views;
}
