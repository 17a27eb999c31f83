#include "curvespanel.h"

#include "common/uiutil.h"
#include "configgrid.h"
#include "figures/curvechart.h"
#include "figures/curveexport.h"
#include "figures/figuretheme.h"

#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace UiUtil;

namespace {
const QList<CurveChartKind> Kinds
    = { CurveChartKind::Throughput, CurveChartKind::Latency, CurveChartKind::ErrorRate };

QString pointText(const CurveSeries& s, const std::optional<CurvePoint>& p)
{
    if (!p)
        return QObject::tr("none");
    return QObject::tr("%1 %2 · %3 req/s").arg(p->x).arg(s.axis).arg(p->rps, 0, 'f', 1);
}
} // namespace

CurvesPanel::CurvesPanel(QWidget* parent)
    : QWidget(parent)
    , m_scenario(new QComboBox)
    , m_summary(new QLabel)
    , m_legend(new QLabel)
    , m_table(new QTableWidget)
    , m_grid(new ConfigGrid)
{
    m_scenario->setToolTip(tr("The swept scenario whose curves are shown"));
    auto* exportButton = new QPushButton(tr("&Export curves…"));
    exportButton->setToolTip(tr("Write the three charts of this scenario as PNG or SVG"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Scenario:")));
    top->addWidget(m_scenario);
    top->addWidget(m_summary, 1);
    top->addWidget(exportButton);
    auto* charts = new QGridLayout;
    for (int i = 0; i < Kinds.size(); ++i) {
        auto* view = new QChartView;
        view->setRenderHint(QPainter::Antialiasing);
        view->setToolTip(curveChartTitle(Kinds[i])
            + tr(": one line per stack configuration; the red circle is its knee, the amber diamond its "
                 "plateau"));
        view->setMinimumSize(280, 220);
        m_views << view;
        charts->addWidget(view, 0, i);
    }
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({ tr("Stack"), tr("Scenario"), tr("Knee"), tr("Plateau") });
    setupTableView(m_table, false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(tr("Knee: the most req/s with p99 within the plan's objective and no errors. "
                           "Plateau: the first load after which no more load adds 5 % or more."));
    // What belongs to load sweeps, hidden for a folder that sweeps only configurations.
    m_loadSweep = new QWidget;
    auto* sweepLayout = new QVBoxLayout(m_loadSweep);
    sweepLayout->setContentsMargins(0, 0, 0, 0);
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    sweepLayout->addLayout(top);
    sweepLayout->addWidget(m_legend);
    sweepLayout->addLayout(charts, 3);
    sweepLayout->addWidget(m_table, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_loadSweep, 3);
    layout->addWidget(m_grid, 2);
    connect(m_scenario, &QComboBox::currentIndexChanged, this, &CurvesPanel::showScenario);
    connect(exportButton, &QPushButton::clicked, this, &CurvesPanel::exportDialog);
}

void CurvesPanel::setCurves(const Curves& curves)
{
    assertGuiThread(this);
    m_curves = curves;
    const QSignalBlocker block(m_scenario);
    m_scenario->clear();
    for (const QString& s : scenarios())
        m_scenario->addItem(s);
    m_scenario->setEnabled(m_scenario->count() > 1);
    showScenario();
    fillTable();
    m_grid->setConfigs(m_curves.configs, m_curves.configScenario);
    m_loadSweep->setVisible(!m_curves.series.isEmpty());
    m_grid->setVisible(!m_curves.configs.isEmpty());
}

QStringList CurvesPanel::scenarios() const
{
    QStringList out;
    for (const CurveSeries& s : m_curves.series)
        if (!out.contains(s.scenario))
            out << s.scenario;
    return out;
}

QList<CurveSeries> CurvesPanel::shownSeries() const
{
    QList<CurveSeries> out;
    for (const CurveSeries& s : m_curves.series)
        if (s.scenario == m_scenario->currentText())
            out << s;
    return out;
}

void CurvesPanel::showScenario()
{
    const QList<CurveSeries> shown = shownSeries();
    const FigureTheme theme = figureTheme(palette());
    for (int i = 0; i < Kinds.size(); ++i) {
        QChart* old = m_views[i]->chart();
        QChart* chart = buildCurveChart(shown, Kinds[i], theme);
        chart->legend()->hide(); // three charts side by side leave their legends no room for names
        m_views[i]->setChart(chart);
        delete old;
    }
    QStringList entries;
    for (int i = 0; i < shown.size(); ++i)
        entries << u"<span style=\"color:%1\">&#9644;</span>&nbsp;%2"_qs.arg(
            theme.seriesColor(i).name(), curveSeriesName(shown.at(i)).toHtmlEscaped());
    entries << u"<span style=\"color:%1\">&#9679;</span>&nbsp;%2"_qs.arg(theme.paper.name(), tr("knee"))
            << u"<span style=\"color:%1\">&#9670;</span>&nbsp;%2"_qs.arg(theme.warning.name(), tr("plateau"))
            << tr("latency: p50 dashed, p99 solid");
    m_legend->setText(entries.join(u" &nbsp;&nbsp; "_qs));
    m_summary->setText(m_curves.objective.sloP99Ms > 0
            ? tr("objective: p99 within %1 ms").arg(m_curves.objective.sloP99Ms)
            : tr("no latency objective (procedure.slo_p99_ms)"));
}

void CurvesPanel::fillTable()
{
    m_table->setRowCount(0);
    auto addRow = [this](const QStringList& cells) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    };
    for (const CurveSeries& s : m_curves.series)
        addRow({ s.label, s.scenario, pointText(s, s.knee), pointText(s, s.plateau) });
    m_table->resizeColumnsToContents();
}

void CurvesPanel::exportDialog()
{
    if (shownSeries().isEmpty())
        return;
    QSettings settings;
    const QString start = settings.value(u"results/curvesExportDir"_qs).toString()
        + u"/curves-%1.png"_qs.arg(m_scenario->currentText());
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export curves"), start, tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    settings.setValue(u"results/curvesExportDir"_qs, info.absolutePath());
    const ExportFormat format = info.suffix().toLower() == u"svg" ? ExportFormat::Svg : ExportFormat::Png;
    QStringList written;
    QString error;
    if (!exportCurveCharts(shownSeries(), info.absolutePath() + u'/' + info.completeBaseName(),
            QSize(1600, 1000), 1, format, &error, &written))
        Q_EMIT statusMessage(error);
    else
        Q_EMIT statusMessage(tr("Wrote %1").arg(written.join(u", "_qs)));
}
