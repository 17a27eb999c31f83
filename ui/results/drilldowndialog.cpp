#include "drilldowndialog.h"

#include "common/uiutil.h"
#include "figures/figuretheme.h"
#include "results/atomicfile.h"
#include "results/distribution.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBuffer>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>
#include <functional>

using namespace UiUtil;

namespace {
/// What the Over time tab can show, and how to read it off a point (a list: one line per value).
struct Signal
{
    QString name, unit;
    std::function<QList<double>(const TimeSeries::Point&)> values;
    QStringList parts = {}; ///< what each of several values is, for the legend
    bool perWorker = false; ///< one value per worker
};

const QList<Signal>& signalsOverTime()
{
    static const QList<Signal> All = {
        { QObject::tr("Requests per second"), u"req/s"_qs,
            [](const TimeSeries::Point& p) { return QList<double> { p.rps }; } },
        { QObject::tr("p50 and p99 latency"), u"ms"_qs,
            [](const TimeSeries::Point& p) {
                return QList<double> { p.p50Ms, p.p99Ms };
            },
            { u"p50"_qs, u"p99"_qs } },
        { QObject::tr("Errors"), u"errors"_qs,
            [](const TimeSeries::Point& p) { return QList<double> { double(p.errors.total()) }; } },
        { QObject::tr("Active VUs"), u"VUs"_qs,
            [](const TimeSeries::Point& p) { return QList<double> { double(p.activeVus) }; } },
        { QObject::tr("Server and client CPU"), u"% of a core"_qs,
            [](const TimeSeries::Point& p) {
                return QList<double> { p.serverCpuPercent, p.clientCpuPercent };
            },
            { QObject::tr("server"), QObject::tr("client") } },
        { QObject::tr("Each worker's CPU"), u"% of a core"_qs,
            [](const TimeSeries::Point& p) { return p.workerCpuPercent; }, {}, true },
        { QObject::tr("CPU of everything else"), u"% of a core"_qs,
            [](const TimeSeries::Point& p) { return QList<double> { p.foreignCpuPercent }; } },
    };
    return All;
}

QChart* newChart(const QString& title)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

QValueAxis* valueAxis(const QString& title, Qt::Alignment where, QChart* chart)
{
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(u"%.4g"_qs);
    chart->addAxis(axis, where);
    return axis;
}

void attach(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}
} // namespace

DrillDownDialog::DrillDownDialog(const ResultsFolder& folder, const Aggregates& aggregates,
    const QString& scenarioId, const QString& stack, QWidget* parent)
    : QDialog(parent)
    , m_folder(folder)
    , m_aggregates(aggregates)
    , m_scenario(scenarioId)
    , m_stack(stack)
    , m_tabs(new QTabWidget)
    , m_signal(new QComboBox)
    , m_repetition(new QComboBox)
{
    const StackAggregate* row = aggregates.find(scenarioId, stack);
    setWindowTitle(tr("%1 · %2").arg(row ? row->scenarioTitle : scenarioId, row ? row->label : stack));
    setAttribute(Qt::WA_DeleteOnClose);
    for (const Signal& s : signalsOverTime())
        m_signal->addItem(s.name);
    m_signal->setToolTip(tr("The signal to follow over the scenario's time"));
    m_repetition->addItem(tr("All repetitions"), 0);
    for (const ScenarioRecord* r : records(stack))
        m_repetition->addItem(tr("Repetition %1").arg(r->repetition), r->repetition);
    m_repetition->setToolTip(tr("Overlay every repetition, or show one"));
    for (int i = 0; i < 3; ++i) {
        auto* view = new QChartView;
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(640, 400);
        m_views << view;
    }
    auto* overTime = new QWidget;
    auto* controls = new QHBoxLayout;
    auto* show = new QLabel(tr("&Show:"));
    show->setBuddy(m_signal);
    controls->addWidget(show);
    controls->addWidget(m_signal);
    controls->addWidget(m_repetition);
    controls->addStretch();
    auto* overTimeLayout = new QVBoxLayout(overTime);
    overTimeLayout->addLayout(controls);
    overTimeLayout->addWidget(m_views[OverTime], 1);
    m_tabs->addTab(overTime, tr("Over &time"));
    m_tabs->addTab(m_views[Percentiles], tr("&Percentiles"));
    m_tabs->addTab(m_views[HistogramTab], tr("&Histogram"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton* exportButton = buttons->addButton(tr("&Export chart…"), QDialogButtonBox::ActionRole);
    exportButton->setToolTip(tr("Write the chart of this tab as PNG or SVG"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(exportButton, &QPushButton::clicked, this, &DrillDownDialog::exportDialog);
    connect(m_signal, &QComboBox::currentIndexChanged, this, &DrillDownDialog::buildOverTime);
    connect(m_repetition, &QComboBox::currentIndexChanged, this, &DrillDownDialog::buildOverTime);
    buildOverTime();
    buildPercentiles();
    buildHistogram();
    resize(900, 620);
}

QList<const ScenarioRecord*> DrillDownDialog::records(const QString& stack) const
{
    QList<const ScenarioRecord*> out;
    const StackAggregate* row = m_aggregates.find(m_scenario, stack);
    if (!row)
        return out;
    for (int rep : row->repetitions)
        if (const ScenarioRecord* r = m_folder.find(rep, stack, m_scenario))
            out << r;
    return out;
}

QChart* DrillDownDialog::chart(Tab tab) const
{
    return m_views.at(tab)->chart();
}

void DrillDownDialog::buildOverTime()
{
    const Signal& signal = signalsOverTime().at(std::max(0, m_signal->currentIndex()));
    const int only = m_repetition->currentData().toInt();
    QChart* chart = newChart(signal.name);
    QValueAxis* x = valueAxis(tr("seconds since the load started"), Qt::AlignBottom, chart);
    QValueAxis* y = valueAxis(signal.unit, Qt::AlignLeft, chart);
    double xMax = 0, yMax = 0;
    bool any = false;
    for (const ScenarioRecord* r : records(m_stack)) {
        if (only != 0 && r->repetition != only)
            continue;
        QList<QLineSeries*> lines;
        for (const TimeSeries::Point& p : r->series.points) {
            const QList<double> values = signal.values(p);
            for (qsizetype i = 0; i < values.size(); ++i) {
                if (values[i] < 0)
                    continue; // unknown
                while (lines.size() <= i) {
                    auto* line = new QLineSeries;
                    const qsizetype n = lines.size();
                    line->setName(signal.perWorker ? tr("rep %1 · worker %2").arg(r->repetition).arg(n + 1)
                            : n < signal.parts.size()
                            ? tr("rep %1 · %2").arg(r->repetition).arg(signal.parts.at(n))
                            : tr("rep %1").arg(r->repetition));
                    lines << line;
                }
                lines[i]->append(p.t, values[i]);
                xMax = std::max(xMax, p.t);
                yMax = std::max(yMax, values[i]);
            }
        }
        for (QLineSeries* line : lines) {
            attach(chart, line, x, y);
            any = true;
        }
    }
    niceAxis(x, 0, std::max(1.0, xMax));
    niceAxis(y, 0, std::max(1.0, yMax * 1.1));
    if (!any)
        chart->setTitle(
            signal.name + tr(" — not recorded (results written before format 5, or no server sampled)"));
    QChart* old = m_views[OverTime]->chart();
    m_views[OverTime]->setChart(chart);
    delete old;
}

void DrillDownDialog::buildPercentiles()
{
    QChart* chart = newChart(tr("Latency by percentile, every stack"));
    auto* x = new QCategoryAxis;
    x->setTitleText(tr("percentile"));
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const QStringList labels
        = { u"0 %"_qs, u"90 %"_qs, u"99 %"_qs, u"99.9 %"_qs, u"99.99 %"_qs, u"99.999 %"_qs };
    for (int i = 0; i < labels.size(); ++i)
        x->append(labels[i], i);
    chart->addAxis(x, Qt::AlignBottom);
    QValueAxis* y = valueAxis(tr("latency (ms)"), Qt::AlignLeft, chart);
    double xMax = 1, yMax = 1;
    for (const StackAggregate& row : m_aggregates.rows) {
        if (row.scenarioId != m_scenario || row.failed)
            continue;
        Histogram pooled;
        for (const ScenarioRecord* r : records(row.stack))
            if (const auto h = r->latencyHistogram())
                pooled.merge(*h);
        auto* line = new QLineSeries;
        line->setName(row.label);
        for (const SpectrumPoint& p : percentileSpectrum(pooled)) {
            line->append(p.x, p.ms);
            xMax = std::max(xMax, p.x);
            yMax = std::max(yMax, p.ms);
        }
        if (row.stack == m_stack) {
            QPen pen = line->pen();
            pen.setWidthF(3);
            line->setPen(pen);
        }
        attach(chart, line, x, y);
    }
    x->setRange(0, std::ceil(xMax));
    niceAxis(y, 0, yMax * 1.1);
    QChart* old = m_views[Percentiles]->chart();
    m_views[Percentiles]->setChart(chart);
    delete old;
}

void DrillDownDialog::buildHistogram()
{
    Histogram pooled;
    for (const ScenarioRecord* r : records(m_stack))
        if (const auto h = r->latencyHistogram())
            pooled.merge(*h);
    const QList<LatencyBin> bins = latencyBins(pooled, 30);
    QChart* chart = newChart(tr("Latency histogram"));
    auto* set = new QBarSet(tr("requests"));
    QStringList categories;
    for (const LatencyBin& b : bins) {
        *set << double(b.count);
        // QBarCategoryAxis drops a repeated label: narrow bins get more digits until theirs differ.
        QString label;
        for (int digits = 3; digits <= 9 && (label.isEmpty() || categories.contains(label)); ++digits)
            label = QString::number(b.fromMs, 'g', digits);
        while (categories.contains(label))
            label += u'\u200b';
        categories << label;
    }
    auto* series = new QBarSeries;
    series->append(set);
    series->setBarWidth(1.0);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(tr("latency from (ms), log-spaced bins"));
    x->setLabelsAngle(-60);
    chart->addAxis(x, Qt::AlignBottom);
    QValueAxis* y = valueAxis(tr("requests"), Qt::AlignLeft, chart);
    attach(chart, series, x, y);
    chart->legend()->hide();
    if (bins.isEmpty())
        chart->setTitle(tr("Latency histogram — not recorded (results written before format 3)"));
    QChart* old = m_views[HistogramTab]->chart();
    m_views[HistogramTab]->setChart(chart);
    delete old;
}

bool DrillDownDialog::exportChart(Tab tab, const QString& path, QSize size, QString* error) const
{
    QChart* c = chart(tab);
    const QSizeF before = c->size();
    c->resize(size);
    QByteArray bytes;
    if (QFileInfo(path).suffix().toLower() == u"svg") {
        QBuffer buffer(&bytes);
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(c->title());
        QPainter painter(&svg);
        c->scene()->render(&painter, QRectF(QPointF(0, 0), size), c->geometry());
    } else {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        c->scene()->render(&painter, QRectF(QPointF(0, 0), size), c->geometry());
        painter.end();
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
    }
    c->resize(before);
    const QString e = writeFileAtomically(path, bytes);
    if (error)
        *error = e;
    return e.isEmpty();
}

void DrillDownDialog::exportDialog()
{
    QSettings settings;
    const Tab tab = Tab(m_tabs->currentIndex());
    const QStringList names = { u"over-time"_qs, u"percentiles"_qs, u"histogram"_qs };
    const QString start = settings.value(u"results/drillExportDir"_qs).toString() + u'/' + m_scenario + u'-'
        + QString(m_stack).replace(u'@', u'-') + u'-' + names.value(tab) + u".png"_qs;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), start, tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    settings.setValue(u"results/drillExportDir"_qs, QFileInfo(path).absolutePath());
    QString error;
    if (!exportChart(tab, path, QSize(1600, 1000), &error))
        QMessageBox::warning(this, tr("Export chart"), error);
}
