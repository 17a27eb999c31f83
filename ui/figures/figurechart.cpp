#include "figurechart.h"

#include "paperreference.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBrush>
#include <QFontMetricsF>
#include <QGraphicsEllipseItem>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPainterPath>
#include <QPen>
#include <QScatterSeries>
#include <QTextDocument>
#include <QTextOption>
#include <QValueAxis>
#include <cmath>

namespace {

// Above the series (z 4-5 in Qt Charts' presenter), below nothing that matters.
constexpr qreal OverlayZ = 20;
constexpr qreal GroupWidth = 0.72; // fraction of a category the bars of one stack take
constexpr int TargetTicks = 5;

double niceStep(double raw)
{
    if (!(raw > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / magnitude;
    const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * magnitude;
}

/// Decimals that show every tick of @p step exactly: 0 for 50, 1 for 2.5, 2 for 0.25.
int decimalsFor(double step)
{
    for (int d = 0; d < 6; ++d) {
        const double scaled = step * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * scaled)
            return d;
    }
    return 6;
}

/// Plain repetition dots: the text colour, half transparent, so they read over any bar colour.
QColor dotColor(const FigureTheme& t)
{
    QColor c = t.text;
    c.setAlpha(150);
    return c;
}

QString escapeHtml(const QString& s)
{
    return s.toHtmlEscaped();
}

QString yAxisTitle(const FigureData& data)
{
    const PaperFigure* paper = paperFigure(data.number);
    QString metric;
    if (paper && paper->unit == data.unit)
        metric = paper->metricLabel;
    else if (data.unit == u"req/s"_qs)
        metric = u"Requests per second"_qs;
    else if (data.unit == u"ms"_qs)
        metric = u"Mean response time"_qs;
    return metric.isEmpty() ? data.unit : metric + u" ("_qs + data.unit + u')';
}

QGraphicsTextItem* centredTextItem(QGraphicsItem* parent)
{
    auto* item = new QGraphicsTextItem(parent);
    QTextOption option(Qt::AlignHCenter);
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    item->document()->setDefaultTextOption(option);
    item->document()->setDocumentMargin(0);
    return item;
}

/// The paper's marks, and their legend lines: solid, or dashed where the paper is approximate.
QPen paperPen(const FigureTheme& t, bool approximate)
{
    const QFont f = t.labelFont();
    const qreal px = f.pixelSize() > 0 ? f.pixelSize() : QFontMetricsF(f).height() * 0.75;
    QPen pen(t.paper, qMax(2.5, px / 4.5), Qt::SolidLine, Qt::FlatCap);
    if (approximate)
        pen.setDashPattern({ 2.0, 1.5 }); // short enough to show in a legend marker
    return pen;
}

QFont italic(QFont f)
{
    f.setItalic(true);
    f.setBold(false);
    return f;
}

} // namespace

QString formatFigureValue(double value, const QString& unit)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    int decimals = 1;
    if (unit == u"req/s"_qs || std::abs(value) >= 1000)
        decimals = 0;
    else if (std::abs(value) < 1 && value != 0)
        decimals = 2;
    return english.toString(value, 'f', decimals);
}

FigureData withPaperDefaults(FigureData data)
{
    const PaperFigure* paper = paperFigure(data.number);
    if (paper) {
        if (data.title.isEmpty())
            data.title = paper->title;
        if (data.unit.isEmpty()) {
            data.unit = paper->unit;
            data.higherIsBetter = paper->higherIsBetter;
        }
    }
    for (FigureBar& bar : data.bars) {
        if (bar.label.isEmpty())
            bar.label = paperStackLabel(bar.stack);
        if (bar.paperValue < 0 && paper && paper->unit == data.unit)
            bar.paperValue = paperReferenceValue(data.number, bar.stack);
    }
    return data;
}

FigureChart* buildFigureChart(const FigureData& data, const FigureTheme& theme, bool withPaper)
{
    return new FigureChart(data, theme, withPaper);
}

FigureChart::FigureChart(
    const FigureData& data, const FigureTheme& theme, bool withPaper, QGraphicsItem* parent)
    : QChart(parent)
    , m_data(withPaperDefaults(data))
    , m_theme(theme)
    , m_withPaper(withPaper)
{
    setAnimationOptions(QChart::NoAnimation);
    setBackgroundRoundness(0);
    // "6,000" on the axis, like the bar labels. Set before any axis exists.
    setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    setLocalizeNumbers(true);
    collectCategories();
    buildBars();
    buildAxes();
    buildLegendEntries();
    buildOverlays();
    applyTheme();
    connect(this, &QChart::plotAreaChanged, this, &FigureChart::layoutOverlays);
    connect(this, &QGraphicsWidget::geometryChanged, this, &FigureChart::layoutChrome);
}

void FigureChart::layoutNow(const QSizeF& size)
{
    setGeometry(QRectF(QPointF(0, 0), size));
    // Margins follow the wrapped title and labels, which can invalidate the layout once more.
    for (int pass = 0; pass < 4 && layout() && !layout()->isActivated(); ++pass)
        layout()->activate();
}

FigureChart::~FigureChart() = default;

void FigureChart::collectCategories()
{
    for (const FigureBar& bar : std::as_const(m_data.bars)) {
        if (!m_categories.contains(bar.stack))
            m_categories.append(bar.stack);
        if (!m_seriesNames.contains(bar.series))
            m_seriesNames.append(bar.series);
        m_barCategory.append(int(m_categories.indexOf(bar.stack)));
        m_barSet.append(int(m_seriesNames.indexOf(bar.series)));
    }
    m_paperByCategory.fill(-1, m_categories.size());
    m_paperApproximate.fill(false, m_categories.size());
    for (int i = 0; i < m_data.bars.size(); ++i) {
        const FigureBar& bar = m_data.bars.at(i);
        const int c = m_barCategory.at(i);
        if (bar.paperValue >= 0 && m_paperByCategory.at(c) < 0) {
            m_paperByCategory[c] = bar.paperValue;
            m_paperApproximate[c] = paperReferenceIsApproximate(m_data.number, bar.stack);
        }
    }
}

void FigureChart::buildBars()
{
    m_series = new QBarSeries(this);
    m_series->setBarWidth(GroupWidth);
    const bool anyCi = std::any_of(m_data.bars.cbegin(), m_data.bars.cend(),
        [](const FigureBar& b) { return !b.failed && b.ciAvailable; });
    for (int s = 0; s < m_seriesNames.size(); ++s) {
        const QString& name = m_seriesNames.at(s);
        auto* set = new QBarSet(!name.isEmpty() ? name
                : anyCi                         ? u"Mean, 95% CI"_qs
                                                : u"Mean (95% CI n/a: one repetition)"_qs);
        for (int c = 0; c < m_categories.size(); ++c) {
            const int i = barIndex(c, s);
            const bool drawn = i >= 0 && !m_data.bars.at(i).failed;
            set->append(drawn ? qMax(0.0, m_data.bars.at(i).value) : 0.0);
        }
        m_series->append(set);
    }
    // Labels are our own items: Qt's cannot say "failed" or "⚠" per bar.
    m_series->setLabelsVisible(false);
    addSeries(m_series);
}

void FigureChart::buildAxes()
{
    m_axisX = new QBarCategoryAxis(this);
    m_axisX->append(m_categories);
    m_axisX->setLabelsVisible(false);
    m_axisX->setGridLineVisible(false);
    addAxis(m_axisX, Qt::AlignBottom);
    m_series->attachAxis(m_axisX);

    m_axisY = new QValueAxis(this);
    addAxis(m_axisY, Qt::AlignLeft);
    m_series->attachAxis(m_axisY);

    setYTicks(TargetTicks);
    m_axisY->setMinorTickCount(0);
    m_axisY->setTitleText(yAxisTitle(m_data));
    if (m_data.bars.isEmpty()) {
        // An empty 0-1 scale would only suggest data; the "No data" note says it all.
        m_axisY->setLabelsVisible(false);
        m_axisY->setTitleVisible(false);
        m_axisX->setVisible(false); // with no categories it paints a stray dot
    }
}

void FigureChart::setYTicks(int intervals)
{
    const double top = axisMax();
    const double step = niceStep(top / qMax(1, intervals)); // so at most `intervals` steps
    const int ticks = qMax(1, int(std::ceil(top / step - 1e-9)));
    if (m_axisY->tickCount() == ticks + 1 && qFuzzyCompare(m_axisY->max(), step * ticks))
        return;
    m_axisY->setRange(0, step * ticks);
    m_axisY->setTickCount(ticks + 1);
    m_axisY->setLabelFormat(u"%."_qs + QString::number(decimalsFor(step)) + u'f');
}

void FigureChart::fitYTicks()
{
    // Qt hides axis labels that would overlap, which leaves an uneven scale ("0, 5,000, 7,500"):
    // a short plot gets fewer round steps instead. The change relayouts the chart (synchronously),
    // so it is made only when labels would collide or there is clearly room for more: the new
    // layout cannot flip it back.
    if (m_fittingTicks)
        return;
    const qreal labelPx = QFontMetricsF(m_theme.axisFont()).height();
    const qreal height = plotArea().height();
    const int intervals = qMax(1, m_axisY->tickCount() - 1);
    const int wanted = qBound(1, int(height / (labelPx * 1.8)), TargetTicks);
    const bool collide = height / intervals < labelPx * 1.5;
    const bool roomForMore = wanted > intervals && height / wanted >= labelPx * 2.2;
    if (!collide && !roomForMore)
        return;
    m_fittingTicks = true;
    setYTicks(wanted);
    m_fittingTicks = false;
}

double FigureChart::axisMax() const
{
    double top = 0;
    for (const FigureBar& bar : m_data.bars) {
        if (!bar.failed)
            top = qMax(top, qMax(bar.value, bar.ciHigh));
        for (const FigureDot& dot : bar.dots)
            top = qMax(top, dot.value);
    }
    if (m_withPaper) {
        for (double p : m_paperByCategory)
            top = qMax(top, p);
    }
    // Headroom for the value labels above the tallest bar.
    return top > 0 ? top * 1.14 : 1.0;
}

void FigureChart::buildLegendEntries()
{
    // An empty legend still paints a stray dot.
    legend()->setVisible(!m_data.bars.isEmpty());
    legend()->setAlignment(Qt::AlignTop);

    bool anyApproximate = false;
    bool anyPaper = false;
    for (int c = 0; c < m_categories.size(); ++c) {
        anyPaper = anyPaper || m_paperByCategory.at(c) >= 0;
        anyApproximate = anyApproximate || m_paperApproximate.at(c);
    }
    if (m_withPaper && anyPaper) {
        // Empty series only for their legend entries; the marks themselves are overlay items.
        const auto addLegendLine = [this](const QString& name, bool approximate) {
            auto* line = new QLineSeries(this);
            line->setName(name);
            line->setProperty("approximate", approximate);
            addSeries(line);
            line->attachAxis(m_axisX);
            line->attachAxis(m_axisY);
        };
        addLegendLine(paperLegend(), false);
        if (anyApproximate)
            addLegendLine(paperApproximateLegend(), true);
    }
    bool anyClientBound = false;
    for (const FigureBar& bar : m_data.bars)
        anyClientBound = anyClientBound || (bar.clientBound && !bar.failed);
    bool anyDots = false, anyDoubt = false;
    for (const FigureBar& bar : m_data.bars) {
        anyDots = anyDots || !bar.dots.isEmpty();
        for (const FigureDot& dot : bar.dots)
            anyDoubt = anyDoubt || dot.flagged || dot.outlier;
    }
    const auto addLegendDot = [this](const QString& name, const char* role) {
        auto* dot = new QScatterSeries(this);
        dot->setName(name);
        dot->setProperty("dotRole", QByteArray(role));
        dot->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        addSeries(dot);
        dot->attachAxis(m_axisX);
        dot->attachAxis(m_axisY);
    };
    if (anyDots)
        addLegendDot(u"repetition"_qs, "plain");
    if (anyDoubt)
        addLegendDot(u"flagged or outlier"_qs, "flagged");
    if (anyClientBound) {
        auto* warn = new QScatterSeries(this);
        warn->setName(u"⚠ possibly client-bound"_qs);
        warn->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        addSeries(warn);
        warn->attachAxis(m_axisX);
        warn->attachAxis(m_axisY);
    }
}

void FigureChart::buildOverlays()
{
    for (int i = 0; i < m_data.bars.size(); ++i) {
        const FigureBar& bar = m_data.bars.at(i);
        BarOverlay o;
        o.label = new QGraphicsSimpleTextItem(barLabelText(i), this);
        o.label->setZValue(OverlayZ + 1);
        if (!bar.failed && bar.ciHigh > bar.ciLow) {
            o.whisker = new QGraphicsPathItem(this);
            o.whisker->setZValue(OverlayZ);
        }
        if (!bar.failed && bar.clientBound) {
            o.hatch = new QGraphicsRectItem(this);
            o.hatch->setZValue(OverlayZ - 1);
            o.hatch->setFlag(QGraphicsItem::ItemClipsChildrenToShape);
            o.hatchLines = new QGraphicsPathItem(o.hatch);
            o.hatchLines->setFlag(QGraphicsItem::ItemStacksBehindParent); // under the outline
        }
        for (const FigureDot& dot : bar.dots) {
            auto* item = new QGraphicsEllipseItem(this);
            item->setZValue(OverlayZ + 2);
            item->setToolTip(dot.note);
            o.dots.append(item);
        }
        m_overlays.append(o);
    }
    for (int c = 0; c < m_categories.size(); ++c) {
        QGraphicsLineItem* mark = nullptr;
        if (m_withPaper && m_paperByCategory.at(c) >= 0) {
            mark = new QGraphicsLineItem(this);
            mark->setZValue(OverlayZ + 0.5);
        }
        m_paperMarks.append(mark);
    }
    if (m_data.bars.isEmpty()) {
        m_emptyText = new QGraphicsSimpleTextItem(u"No data"_qs, this);
        m_emptyText->setZValue(OverlayZ);
    }
    m_titleItem = centredTextItem(this);
    m_titleItem->setZValue(OverlayZ);
    for (int c = 0; c < m_categories.size(); ++c) {
        const int i = int(m_barCategory.indexOf(c));
        QGraphicsTextItem* label = centredTextItem(this);
        label->setPlainText(
            m_data.bars.at(i).label.isEmpty() ? m_data.bars.at(i).stack : m_data.bars.at(i).label);
        label->setZValue(OverlayZ);
        m_categoryLabels.append(label);
    }
}

void FigureChart::applyTheme()
{
    const FigureTheme& t = m_theme;
    setBackgroundBrush(t.background);
    setBackgroundPen(Qt::NoPen);
    setPlotAreaBackgroundBrush(t.plotBackground);
    setPlotAreaBackgroundVisible(true);
    setMargins(QMargins(0, 0, 0, 0));
    // Our margins already hold the title and the category labels; Qt's default 9 px on every
    // side of the layout and legend would only add gaps between them.
    if (layout())
        layout()->setContentsMargins(0, 0, 0, 0);
    legend()->setContentsMargins(0, 0, 0, 0);

    m_titleItem->setFont(t.titleFont());
    m_titleItem->setDefaultTextColor(t.text);
    updateTexts();
    for (QGraphicsTextItem* label : std::as_const(m_categoryLabels)) {
        label->setFont(t.axisFont());
        label->setDefaultTextColor(t.text);
    }

    for (QAbstractAxis* axis :
        { static_cast<QAbstractAxis*>(m_axisX), static_cast<QAbstractAxis*>(m_axisY) }) {
        axis->setLabelsFont(t.axisFont());
        axis->setLabelsBrush(axis == m_axisX ? t.text : t.mutedText);
        axis->setTitleFont(t.axisFont());
        axis->setTitleBrush(t.text);
        axis->setLinePen(QPen(t.axisLine, 1));
        axis->setGridLinePen(QPen(t.grid, 1));
        axis->setShadesVisible(false);
    }

    const QList<QBarSet*> sets = m_series->barSets();
    for (int s = 0; s < sets.size(); ++s) {
        sets.at(s)->setColor(t.seriesColor(s));
        sets.at(s)->setBorderColor(t.seriesColor(s).darker(115));
        sets.at(s)->setLabelColor(t.text); // unused (labels are ours) but never white on white
    }

    legend()->setFont(t.axisFont());
    legend()->setLabelColor(t.text);
    legend()->setBrush(Qt::NoBrush);
    legend()->setPen(Qt::NoPen);
    for (QAbstractSeries* s : series()) {
        if (auto* line = qobject_cast<QLineSeries*>(s)) {
            line->setPen(paperPen(t, line->property("approximate").toBool()));
        } else if (auto* scatter = qobject_cast<QScatterSeries*>(s)) {
            const QByteArray role = scatter->property("dotRole").toByteArray();
            if (role == "plain") {
                scatter->setBrush(dotColor(t));
                scatter->setPen(Qt::NoPen);
            } else if (role == "flagged") {
                scatter->setBrush(t.warning);
                scatter->setPen(QPen(t.text, 1));
            } else {
                scatter->setBrush(QBrush(t.warning, Qt::BDiagPattern));
                scatter->setPen(QPen(t.warning, 1));
            }
        }
    }
    for (QLegendMarker* marker : legend()->markers()) {
        marker->setLabelBrush(t.text);
        marker->setShape(qobject_cast<QLineSeries*>(marker->series()) ? QLegend::MarkerShapeFromSeries
                                                                      : QLegend::MarkerShapeRectangle);
    }

    const qreal lineWidth = qMax(1.5, t.labelFont().pixelSize() / 9.0);
    for (int i = 0; i < m_overlays.size(); ++i) {
        const BarOverlay& o = m_overlays.at(i);
        const FigureBar& bar = m_data.bars.at(i);
        o.label->setFont(bar.failed ? italic(t.labelFont()) : t.labelFont());
        o.label->setBrush(bar.failed ? t.failed : bar.clientBound ? t.warning : t.text);
        if (o.whisker) {
            o.whisker->setPen(QPen(t.whisker, lineWidth, Qt::SolidLine, Qt::FlatCap));
            o.whisker->setBrush(Qt::NoBrush);
        }
        if (o.hatch) {
            o.hatch->setBrush(Qt::NoBrush);
            o.hatch->setPen(QPen(t.warning, lineWidth));
            o.hatchLines->setPen(QPen(t.dark ? t.background : QColor(Qt::white), lineWidth * 0.8));
        }
        for (int d = 0; d < o.dots.size(); ++d)
            styleDot(o.dots.at(d), bar.dots.at(d));
    }
    for (int c = 0; c < m_paperMarks.size(); ++c) {
        if (QGraphicsLineItem* mark = m_paperMarks.at(c)) {
            mark->setPen(paperPen(t, m_paperApproximate.at(c)));
        }
    }
    if (m_emptyText) {
        m_emptyText->setFont(italic(t.font));
        m_emptyText->setBrush(t.mutedText);
    }
}

QString FigureChart::fullTitle() const
{
    if (m_data.number <= 0 || m_data.title.startsWith(u"Figure"_qs))
        return m_data.title;
    return u"Figure "_qs + QString::number(m_data.number) + u": "_qs + m_data.title;
}

QString FigureChart::subtitleText() const
{
    const QString direction = m_data.higherIsBetter ? u"higher is better"_qs : u"lower is better"_qs;
    const QString agreement = m_withPaper && !std::isnan(m_data.paperTauB)
        ? u" · τ-b vs paper "_qs + QString::number(m_data.paperTauB, 'f', 2)
        : QString();
    if (m_compact || m_data.subtitle.isEmpty())
        return direction + agreement;
    return m_data.subtitle + u" · "_qs + direction + agreement;
}

void FigureChart::updateTexts()
{
    const QFont sub = m_theme.subtitleFont();
    const QString size = sub.pixelSize() > 0 ? QString::number(sub.pixelSize()) + u"px"_qs
                                             : QString::number(sub.pointSizeF()) + u"pt"_qs;
    m_titleItem->setHtml(u"<div style=\"font-weight:bold\">"_qs + escapeHtml(fullTitle())
        + u"</div><div style=\"font-size:"_qs + size + u"; font-weight:normal; color:"_qs
        + m_theme.mutedText.name() + u"\">"_qs + escapeHtml(subtitleText()) + u"</div>"_qs);
    m_axisY->setTitleText(m_compact ? m_data.unit : yAxisTitle(m_data));
}

qreal FigureChart::padding() const
{
    const QFont f = m_theme.font;
    return f.pixelSize() > 0 ? f.pixelSize() : QFontMetricsF(f).height() * 0.8;
}

void FigureChart::layoutChrome()
{
    const qreal pad = padding();
    const QRectF area = rect();
    // Thumbnails (the Results grid) keep the plot readable by dropping the machine line and
    // shortening the axis title to the unit; the enlarged figure and exports show everything.
    const bool compact = area.height() < 30 * pad;
    if (compact != m_compact) {
        m_compact = compact;
        updateTexts();
    }
    m_titleItem->setTextWidth(qMax<qreal>(10, area.width() - 2 * pad));
    m_titleItem->setPos(pad, pad * 0.8);
    // A first estimate of the category width; plotAreaChanged refines it.
    const QRectF plot = plotArea();
    const qreal estimate = plot.width() > 0 ? plot.width() : area.width() - 6 * pad;
    layoutCategoryLabels(estimate / qMax<qsizetype>(1, m_categories.size()));
    updateMargins();
}

void FigureChart::layoutCategoryLabels(qreal categoryWidth)
{
    // Break between words, never inside one: shrink the font (to 70 % at most) until the longest
    // word fits its category. Below that, wrapping anywhere is the lesser evil.
    const qreal width = qMax<qreal>(8, categoryWidth - 4);
    QStringList words;
    for (QGraphicsTextItem* label : std::as_const(m_categoryLabels))
        words += label->toPlainText().split(u' ', Qt::SkipEmptyParts);
    const auto widestWord = [&words](const QFont& f) {
        const QFontMetricsF metrics(f);
        qreal widest = 0;
        for (const QString& word : std::as_const(words))
            widest = qMax(widest, metrics.horizontalAdvance(word));
        return widest + 2; // the text layout's own slack
    };
    // Glyphs snap to whole pixels, so measure each step rather than scale by the ratio.
    const QFont base = m_theme.axisFont();
    QFont font = base;
    const bool pixels = base.pixelSize() > 0;
    const qreal full = pixels ? base.pixelSize() : base.pointSizeF();
    for (qreal size = full; size >= full * 0.7 && widestWord(font) > width;) {
        size -= pixels ? 1.0 : 0.5;
        if (pixels)
            font.setPixelSize(qMax(6, int(size)));
        else
            font.setPointSizeF(qMax(5.0, size));
    }
    qreal height = 0;
    for (QGraphicsTextItem* label : std::as_const(m_categoryLabels)) {
        if (label->font() != font)
            label->setFont(font);
        label->setTextWidth(width);
        height = qMax(height, label->boundingRect().height());
    }
    m_categoryLabelsHeight = height;
}

void FigureChart::updateMargins()
{
    const qreal pad = padding();
    // The legend below brings its own padding.
    const int top = qCeil(pad * 0.8 + m_titleItem->boundingRect().height() + pad * 0.3);
    const int bottom = qCeil(m_categoryLabelsHeight + pad * 1.2);
    const QMargins wanted(qRound(pad * 1.2), top, qRound(pad * 1.8), bottom);
    if (margins() != wanted)
        setMargins(wanted);
}

QString FigureChart::barLabelText(int index) const
{
    const FigureBar& bar = m_data.bars.at(index);
    if (bar.failed)
        return u"failed"_qs;
    QString value = formatFigureValue(bar.value, m_data.unit);
    if (!bar.letters.isEmpty())
        value += u' ' + bar.letters;
    return bar.clientBound ? u"⚠ "_qs + value : value;
}

int FigureChart::barIndex(int category, int set) const
{
    for (int i = 0; i < m_barCategory.size(); ++i) {
        if (m_barCategory.at(i) == category && m_barSet.at(i) == set)
            return i;
    }
    return -1;
}

double FigureChart::paperValueForCategory(int category) const
{
    return m_withPaper ? m_paperByCategory.value(category, -1) : -1;
}

QString FigureChart::barToolTip(int index) const
{
    const FigureBar& bar = m_data.bars.at(index);
    QString tip = u"<b>"_qs + escapeHtml(bar.label) + u"</b>"_qs;
    if (!bar.series.isEmpty())
        tip += u" · "_qs + escapeHtml(bar.series);
    if (bar.failed) {
        tip += u"<br>failed: no valid data"_qs;
    } else {
        tip += u"<br>mean "_qs + formatFigureValue(bar.value, m_data.unit) + u' ' + m_data.unit;
        if (!bar.ciAvailable)
            tip += u"<br>95% CI n/a"_qs;
        else if (bar.ciHigh > bar.ciLow)
            tip += u"<br>95% CI "_qs + formatFigureValue(bar.ciLow, m_data.unit) + u" – "_qs
                + formatFigureValue(bar.ciHigh, m_data.unit);
    }
    if (bar.paperValue >= 0) {
        tip += u"<br>paper "_qs + formatFigureValue(bar.paperValue, m_data.unit);
        if (paperReferenceIsApproximate(m_data.number, bar.stack)) {
            tip += u" (approximate)"_qs;
            if (const PaperFigure* f = paperFigure(m_data.number); f && !f->note.isEmpty())
                tip += u"<br>"_qs + escapeHtml(f->note);
        }
    }
    if (!bar.letters.isEmpty())
        tip += u"<br>rank %1 · letters “%2”: bars sharing a letter are not significantly different "
               "(Welch's t-test, Holm-adjusted, 5 %)"_qs.arg(bar.rank)
                   .arg(escapeHtml(bar.letters));
    if (bar.clientBound && !bar.failed)
        tip += u"<br>⚠ the client may have limited this measurement"_qs;
    for (const FigureDot& dot : bar.dots)
        if (dot.flagged || dot.outlier)
            tip += u"<br>⚠ "_qs + escapeHtml(dot.note);
    return tip;
}

QPointF FigureChart::dotPosition(int index, int dot) const
{
    if (plotArea().isEmpty() || index < 0 || index >= m_data.bars.size())
        return {};
    const FigureBar& bar = m_data.bars.at(index);
    if (dot < 0 || dot >= bar.dots.size())
        return {};
    // Spread side by side across the middle of the bar, in repetition order, so equal values
    // stay apart and the order of repetitions can be read.
    const qsizetype n = bar.dots.size();
    const double span = barHalfWidth() * 1.2;
    const double x = barCentreX(index) + (n > 1 ? (double(dot) / double(n - 1) - 0.5) * span : 0.0);
    return toChart(x, qMax(0.0, bar.dots.at(dot).value));
}

void FigureChart::layoutDots(int index)
{
    const BarOverlay& o = m_overlays.at(index);
    const qreal r = dotRadius();
    for (int d = 0; d < o.dots.size(); ++d) {
        const FigureDot& dot = m_data.bars.at(index).dots.at(d);
        const qreal radius = dot.flagged || dot.outlier ? r * 1.25 : r;
        const QPointF c = dotPosition(index, d);
        o.dots.at(d)->setRect(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius);
    }
}

qreal FigureChart::dotRadius() const
{
    return qMax(2.5, padding() * 0.28);
}

void FigureChart::styleDot(QGraphicsEllipseItem* item, const FigureDot& dot) const
{
    const FigureTheme& t = m_theme;
    const qreal width = qMax(1.0, padding() * 0.12);
    if (dot.excluded) {
        item->setBrush(Qt::NoBrush);
        item->setPen(QPen(t.mutedText, width, Qt::DotLine));
    } else if (dot.flagged) {
        item->setBrush(t.warning);
        item->setPen(QPen(t.text, width));
    } else if (dot.outlier) {
        item->setBrush(Qt::NoBrush); // unexplained: the warning colour's ring, not the paper's red
        item->setPen(QPen(t.warning, width * 1.8));
    } else {
        item->setBrush(dotColor(t));
        item->setPen(Qt::NoPen);
    }
}

double FigureChart::barCentreX(int index) const
{
    // Mirrors Qt Charts' BarChartItem::calculateLayout: set s of n spans
    // [c - w/2 + s/n * w, c - w/2 + (s+1)/n * w].
    const double n = qMax<qsizetype>(1, m_seriesNames.size());
    const double s = m_barSet.at(index);
    return m_barCategory.at(index) - GroupWidth / 2 + (s + 0.5) / n * GroupWidth;
}

double FigureChart::barHalfWidth() const
{
    return GroupWidth / qMax<qsizetype>(1, m_seriesNames.size()) / 2;
}

QPointF FigureChart::toChart(double x, double y) const
{
    // QChart::mapToPosition is not const, though it only reads.
    return const_cast<FigureChart*>(this)->mapToPosition(QPointF(x, y), m_series);
}

QRectF FigureChart::barRect(int index) const
{
    if (index < 0 || index >= m_data.bars.size() || m_data.bars.at(index).failed || plotArea().isEmpty())
        return {};
    const double x = barCentreX(index);
    const double w = barHalfWidth();
    return QRectF(toChart(x - w, qMax(0.0, m_data.bars.at(index).value)), toChart(x + w, 0)).normalized();
}

void FigureChart::layoutOverlays()
{
    if (plotArea().isEmpty())
        return;
    fitYTicks();
    const qreal categoryPx = toChart(1, 0).x() - toChart(0, 0).x();
    const qsizetype sets = qMax<qsizetype>(1, m_seriesNames.size());
    const qreal slotPx = categoryPx / sets;
    const qreal capPx = qMin(slotPx * 0.18, 10.0);
    // A label may use its bar's share of the axis: the whole category for single bars, only the
    // bar's own width inside a group, whose neighbours touch it.
    const qreal labelRoom = sets > 1 ? categoryPx * GroupWidth / sets : categoryPx * 0.95;
    fitLabelFont(labelRoom);
    for (int i = 0; i < m_overlays.size(); ++i) {
        const BarOverlay& o = m_overlays.at(i);
        const FigureBar& bar = m_data.bars.at(i);
        const double x = barCentreX(i);
        double top = bar.failed ? 0 : qMax(0.0, bar.value);
        if (o.whisker) {
            const QPointF lo = toChart(x, qMax(0.0, bar.ciLow));
            const QPointF hi = toChart(x, bar.ciHigh);
            QPainterPath path;
            path.moveTo(lo.x() - capPx, lo.y());
            path.lineTo(lo.x() + capPx, lo.y());
            path.moveTo(lo);
            path.lineTo(hi);
            path.moveTo(hi.x() - capPx, hi.y());
            path.lineTo(hi.x() + capPx, hi.y());
            o.whisker->setPath(path);
            top = qMax(top, bar.ciHigh);
        }
        for (const FigureDot& dot : bar.dots) // the label goes above every repetition's dot
            top = qMax(top, dot.value);
        if (o.hatch) {
            const QRectF r = barRect(i);
            o.hatch->setRect(r);
            QPainterPath lines;
            const qreal step = qMax(4.0, padding() * 0.6);
            for (qreal x = r.left() - r.height(); x < r.right(); x += step) {
                lines.moveTo(x, r.bottom());
                lines.lineTo(x + r.height(), r.top());
            }
            o.hatchLines->setPath(lines);
        }
        QPointF anchor = toChart(x, top);
        if (!bar.dots.isEmpty())
            anchor.ry() -= dotRadius() * 1.25; // clear of the highest dot, not on it
        // Keep clear of the paper's mark when it sits just above the bar.
        const double paper = paperValueForCategory(m_barCategory.at(i));
        if (paper >= 0) {
            const qreal paperY = toChart(x, paper).y();
            const qreal labelH = QFontMetricsF(o.label->font()).height();
            if (paperY <= anchor.y() + 2 && paperY > anchor.y() - labelH - 6)
                anchor.setY(paperY - 2);
        }
        layoutLabel(i, anchor, labelRoom);
        layoutDots(i);
    }
    for (int c = 0; c < m_paperMarks.size(); ++c) {
        if (QGraphicsLineItem* mark = m_paperMarks.at(c)) {
            const double p = m_paperByCategory.at(c);
            const QPointF a = toChart(c - GroupWidth / 2 - 0.04, p);
            const QPointF b = toChart(c + GroupWidth / 2 + 0.04, p);
            mark->setLine(QLineF(a, b));
        }
    }
    if (m_emptyText) {
        const QRectF r = m_emptyText->boundingRect();
        m_emptyText->setPos(plotArea().center() - QPointF(r.width() / 2, r.height() / 2));
    }
    layoutCategoryLabels(categoryPx);
    const qreal tick = padding() * 0.4;
    for (int c = 0; c < m_categoryLabels.size(); ++c) {
        QGraphicsTextItem* label = m_categoryLabels.at(c);
        const QPointF at = toChart(c, 0);
        label->setPos(at.x() - label->textWidth() / 2, plotArea().bottom() + tick);
    }
    updateMargins(); // no-op unless the labels now wrap differently
}

void FigureChart::fitLabelFont(qreal room)
{
    // One size for all value labels: shrink to at most 75 % before standing any label upright.
    QFont font = m_theme.labelFont();
    const bool pixels = font.pixelSize() > 0;
    const qreal full = pixels ? font.pixelSize() : font.pointSizeF();
    const auto widest = [this](const QFont& f) {
        const QFontMetricsF metrics(f);
        qreal w = 0;
        for (int i = 0; i < m_overlays.size(); ++i) {
            if (!m_data.bars.at(i).failed)
                w = qMax(w, metrics.horizontalAdvance(m_overlays.at(i).label->text()));
        }
        return w;
    };
    for (qreal size = full; size > full * 0.75 && widest(font) > room * 0.98;) {
        size -= pixels ? 1.0 : 0.5;
        if (pixels)
            font.setPixelSize(int(size));
        else
            font.setPointSizeF(size);
    }
    for (int i = 0; i < m_overlays.size(); ++i) {
        if (!m_data.bars.at(i).failed && m_overlays.at(i).label->font() != font)
            m_overlays.at(i).label->setFont(font);
    }
}

void FigureChart::layoutLabel(int index, QPointF anchor, qreal slotWidth)
{
    QGraphicsSimpleTextItem* label = m_overlays.at(index).label;
    label->setRotation(0);
    QRectF r = label->boundingRect();
    const qreal gap = 3;
    if (r.width() <= slotWidth * 0.98 - 4) { // 4 px apart at least: two sets' labels never run together
        label->setPos(anchor.x() - r.width() / 2, anchor.y() - gap - r.height());
        return;
    }
    // Too wide for its bar: stand the label upright above the bar.
    label->setRotation(-90);
    label->setPos(anchor.x() - r.height() / 2, anchor.y() - gap);
}
