#include "figuregrid.h"

#include "common/uiutil.h"
#include "figures/figuremodel.h"
#include "figures/figureview.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QShortcut>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace UiUtil;

namespace {
// Four columns from 1200 px: the seven figures then fit two rows, so 1280 x 800 needs no scrolling.
constexpr int MinFigureWidth = 300;
} // namespace

FigureGrid::FigureGrid(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
{
    m_stack->addWidget(buildGridPage());
    m_stack->addWidget(buildDetailPage());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

QWidget* FigureGrid::buildGridPage()
{
    auto* inner = new QWidget;
    m_grid = new QGridLayout(inner);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(6);
    m_views = buildFigureViews({}, m_paper, inner);
    for (FigureView* view : std::as_const(m_views)) {
        view->setToolTip(
            tr("Click to enlarge, then click a bar for its scenario in detail; right-click to copy or "
               "export"));
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        view->setCursor(Qt::PointingHandCursor);
        view->setMinimumHeight(240);
        connect(view, &FigureView::clicked, this, &FigureGrid::enlarge);
        connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint& pos) {
            showContextMenu(view->figure().number, view->mapToGlobal(pos));
        });
    }
    reflow();
    auto* scroll = new QScrollArea;
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

QWidget* FigureGrid::buildDetailPage()
{
    auto* page = new QWidget;
    auto* back = new QPushButton(icon(u"back"_qs), tr("&Back to all figures"));
    back->setToolTip(tr("Return to the grid of seven figures (Esc)"));
    auto* copy = new QToolButton;
    copy->setIcon(icon(u"copy"_qs));
    copy->setText(tr("Copy"));
    copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    copy->setToolTip(tr("Copy this figure to the clipboard as an image"));
    auto* exportButton = new QToolButton;
    exportButton->setIcon(icon(u"export"_qs));
    exportButton->setText(tr("Export…"));
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    exportButton->setToolTip(tr("Export this figure as PNG or SVG"));
    m_detailTitle = new QLabel;
    auto* bar = new QHBoxLayout;
    bar->addWidget(back);
    bar->addWidget(m_detailTitle, 1);
    bar->addWidget(copy);
    bar->addWidget(exportButton);
    m_large = new FigureView(page);
    m_large->setToolTip(tr("Hover a bar for its mean, confidence interval and paper value; click it for its "
                           "scenario in detail"));
    connect(m_large, &FigureView::barClicked, this, [this](int number, int bar) {
        const QList<FigureBar>& bars = m_large->figure().bars;
        if (bar < bars.size() && bars.at(bar).series.isEmpty()) // not while comparing two sets
            Q_EMIT drillDownRequested(number, bars.at(bar).stack);
    });
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_large, 1);
    connect(back, &QPushButton::clicked, this, [this] { enlarge(0); });
    connect(copy, &QToolButton::clicked, this, [this] { Q_EMIT copyRequested(m_enlarged); });
    connect(exportButton, &QToolButton::clicked, this, [this] { Q_EMIT exportRequested(m_enlarged); });
    auto* esc
        = new QShortcut(QKeySequence(Qt::Key_Escape), page, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(esc, &QShortcut::activated, this, [this] { enlarge(0); });
    return page;
}

void FigureGrid::setFigures(const QList<FigureData>& figures)
{
    assertGuiThread(this);
    for (FigureView* view : std::as_const(m_views)) {
        const int number = int(m_views.indexOf(view)) + 1;
        FigureData data;
        data.number = number;
        for (const FigureData& f : figures)
            if (f.number == number)
                data = f;
        view->setFigure(data);
    }
}

QList<FigureData> FigureGrid::figures() const
{
    QList<FigureData> out;
    for (FigureView* view : m_views)
        out.append(view->figure());
    return out;
}

FigureData FigureGrid::figure(int number) const
{
    if (number < 1 || number > m_views.size())
        return {};
    return m_views.at(number - 1)->figure();
}

void FigureGrid::setPaperVisible(bool visible)
{
    m_paper = visible;
    for (FigureView* view : std::as_const(m_views))
        view->setPaperVisible(visible);
    m_large->setPaperVisible(visible);
}

void FigureGrid::enlarge(int number)
{
    assertGuiThread(this);
    if (number < 0 || number > m_views.size())
        return;
    m_enlarged = number;
    if (number == 0) {
        m_large->setModel(nullptr);
        m_stack->setCurrentIndex(0);
    } else {
        m_large->setModel(m_views.at(number - 1)->model());
        m_detailTitle->setText(tr("Figure %1").arg(number));
        m_stack->setCurrentIndex(1);
        m_large->setFocus();
    }
    Q_EMIT enlargedChanged(number);
}

void FigureGrid::showContextMenu(int number, const QPoint& globalPos)
{
    QMenu menu(this);
    menu.addAction(tr("&Enlarge"), this, [this, number] { enlarge(number); });
    if (const FigureView* view = m_views.value(number - 1); view && !view->figure().bars.isEmpty()) {
        QMenu* details = menu.addMenu(tr("Scenario in &detail"));
        for (const FigureBar& bar : view->figure().bars)
            if (bar.series.isEmpty()) // not while comparing two sets
                details->addAction(bar.label, this,
                    [this, number, stack = bar.stack] { Q_EMIT drillDownRequested(number, stack); });
        details->setEnabled(!details->isEmpty());
    }
    menu.addAction(
        icon(u"copy"_qs), tr("&Copy to clipboard"), this, [this, number] { Q_EMIT copyRequested(number); });
    menu.addAction(
        icon(u"export"_qs), tr("E&xport…"), this, [this, number] { Q_EMIT exportRequested(number); });
    menu.exec(globalPos);
}

void FigureGrid::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    reflow();
}

void FigureGrid::reflow()
{
    const int columns = std::clamp(width() / MinFigureWidth, 1, 4);
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (FigureView* view : std::as_const(m_views))
        m_grid->removeWidget(view);
    for (int i = 0; i < m_views.size(); ++i)
        m_grid->addWidget(m_views.at(i), i / columns, i % columns);
    for (int c = 0; c < 4; ++c)
        m_grid->setColumnStretch(c, c < columns ? 1 : 0);
}
