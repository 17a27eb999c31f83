#include "configgrid.h"

#include "common/uiutil.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

using namespace UiUtil;

ConfigGrid::ConfigGrid(QWidget* parent)
    : QWidget(parent)
    , m_scenario(new QComboBox)
    , m_note(new QLabel)
    , m_table(new QTableWidget)
{
    m_scenario->setToolTip(tr("The scenario whose throughput per configuration is shown"));
    m_note->setWordWrap(true);
    auto* top = new QHBoxLayout;
    auto* label = new QLabel(tr("Configurations in &scenario:"));
    label->setBuddy(m_scenario);
    top->addWidget(label);
    top->addWidget(m_scenario);
    top->addWidget(m_note, 1);
    setupTableView(m_table, false);
    m_table->setToolTip(tr("Throughput per configuration; hover a cell for its repetitions, flags and "
                           "its test against the best"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(
        false); // the last stack's column is as wide as it needs
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    connect(m_scenario, &QComboBox::currentTextChanged, this, [this] { fill(); });
}

QStringList ConfigGrid::scenarios() const
{
    return configScenarios(m_configs, m_bestScenario);
}

void ConfigGrid::setConfigs(const QList<ConfigResult>& configs, const QString& bestScenario)
{
    assertGuiThread(this);
    m_configs = configs;
    m_bestScenario = bestScenario;
    const QSignalBlocker block(m_scenario);
    m_scenario->clear();
    m_scenario->addItems(scenarios());
    m_scenario->setEnabled(m_scenario->count() > 1);
    fill();
}

void ConfigGrid::showScenario(const QString& scenario)
{
    m_scenario->setCurrentText(scenario);
}

void ConfigGrid::fill()
{
    const QString scenario = m_scenario->currentText();
    const QList<ConfigStanding> standings = rankConfigs(m_configs, m_bestScenario);
    const ConfigLayout layout = layoutConfigs(m_configs, scenario);
    m_table->clear();
    m_table->setRowCount(int(layout.rows.size()));
    m_table->setColumnCount(int(layout.stacks.size()));
    QStringList rowTitles;
    for (const auto& params : layout.rows)
        rowTitles << ConfigLayout::rowTitle(params);
    m_table->setVerticalHeaderLabels(rowTitles);
    m_table->setHorizontalHeaderLabels(layout.stackLabels);

    const QLocale locale(QLocale::English, QLocale::UnitedStates);
    const QColor heat = palette().color(QPalette::Highlight);
    for (int row = 0; row < layout.rows.size(); ++row) {
        for (int column = 0; column < layout.stacks.size(); ++column) {
            const qsizetype i = layout.cells.at(row).at(column);
            if (i < 0)
                continue;
            const ConfigResult& c = m_configs.at(i);
            const ConfigStanding& standing = standings.at(i);
            auto* item = new QTableWidgetItem(configCellText(c, standing));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            // The share of the stack's best as the tint's strength: a heat map whose text stays readable.
            const double max = layout.stackMax.at(column);
            QColor tint = heat;
            tint.setAlphaF(float(0.08 + 0.47 * std::clamp(max > 0 ? c.rps / max : 0.0, 0.0, 1.0)));
            item->setBackground(tint);
            QStringList values;
            for (double v : c.rpsValues)
                values << locale.toString(v, 'f', 0);
            QStringList tip {
                tr("%1 in %2: %3 req/s").arg(c.label, c.scenario, locale.toString(c.rps, 'f', 1))
            };
            if (c.rpsCiKnown)
                tip << tr("95 % interval %1 – %2")
                           .arg(locale.toString(c.rpsLo, 'f', 1), locale.toString(c.rpsHi, 'f', 1));
            tip << tr("repetitions used: %1").arg(values.join(u", "_qs));
            if (c.flaggedRepetitions > 0)
                tip << tr("%n repetition(s) flagged: %1", nullptr, c.flaggedRepetitions)
                           .arg(c.flags.join(u", "_qs));
            if (standing.rank == ConfigStanding::Best)
                tip << tr("★ the stack's best configuration");
            else if (standing.rank == ConfigStanding::Tied)
                tip << tr("≈ not measurably slower than the best (Welch, Holm-adjusted p %1)")
                           .arg(standing.pVsBest, 0, 'f', 2);
            else if (!std::isnan(standing.pVsBest))
                tip << tr("slower than the best (Welch, Holm-adjusted p %1)")
                           .arg(standing.pVsBest, 0, 'g', 2);
            item->setToolTip(tip.join(u'\n'));
            m_table->setItem(row, column, item);
        }
    }
    m_table->verticalHeader()->setVisible(true);
    m_table->resizeColumnsToContents();
    m_note->setText(scenario == m_bestScenario
            ? tr("req/s ± half the 95 % interval; ★ best per stack, ≈ not measurably slower (Welch, "
                 "Holm-adjusted p ≥ 0.05), ⚑ flagged repetitions; darker: nearer the stack's best")
            : tr("req/s ± half the 95 % interval; the best (★, ≈) is chosen in %1; ⚑ flagged "
                 "repetitions; darker: nearer the stack's best")
                  .arg(m_bestScenario));
}
