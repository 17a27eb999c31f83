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

using namespace UiUtil;

namespace {
/// The label without its parameters: "Flask + sqlite3 (threads=4, workers=2)" → "Flask + sqlite3".
QString stackLabel(const ConfigResult& c)
{
    const qsizetype open = c.label.lastIndexOf(u" ("_qs);
    return open > 0 && c.label.endsWith(u')') && !c.params.isEmpty() ? c.label.left(open) : c.label;
}

/// Rows in the order a reader scans them: fewer workers first, then fewer threads, then the rest.
bool rowBefore(const QMap<QString, QString>& a, const QMap<QString, QString>& b)
{
    const auto number = [](const QMap<QString, QString>& p, const QString& key) {
        return p.value(key).toInt(); // absent: 0, before any set value
    };
    const auto key = [&](const QMap<QString, QString>& p) {
        return std::make_tuple(number(p, u"workers"_qs), number(p, u"threads"_qs), paramsKey(p));
    };
    return key(a) < key(b);
}
} // namespace

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

QString ConfigGrid::rowTitle(const QMap<QString, QString>& params)
{
    QStringList parts;
    if (params.contains(u"workers"_qs))
        parts << tr("%1 w").arg(params.value(u"workers"_qs));
    if (params.contains(u"threads"_qs))
        parts << tr("%1 t").arg(params.value(u"threads"_qs));
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        if (it.key() != u"workers"_qs && it.key() != u"threads"_qs)
            parts << it.key() + u'=' + it.value();
    return parts.isEmpty() ? tr("defaults") : parts.join(u" × "_qs);
}

QStringList ConfigGrid::scenarios() const
{
    QStringList out;
    if (!m_bestScenario.isEmpty())
        out << m_bestScenario;
    for (const ConfigResult& c : m_configs)
        if (!out.contains(c.scenario))
            out << c.scenario;
    return m_configs.isEmpty() ? QStringList() : out;
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
    QStringList columns; // stacks, in the order they come
    QList<QMap<QString, QString>> rows; // configurations
    for (const ConfigResult& c : m_configs) {
        if (c.scenario != scenario)
            continue;
        if (!columns.contains(c.stack))
            columns << c.stack;
        if (!rows.contains(c.params))
            rows << c.params;
    }
    std::sort(rows.begin(), rows.end(), rowBefore);

    m_table->clear();
    m_table->setRowCount(int(rows.size()));
    m_table->setColumnCount(int(columns.size()));
    QStringList headers;
    for (const auto& params : rows)
        headers << rowTitle(params);
    m_table->setVerticalHeaderLabels(headers);

    QMap<QString, double> stackMax;
    for (const ConfigResult& c : m_configs)
        if (c.scenario == scenario)
            stackMax[c.stack] = std::max(stackMax.value(c.stack), c.rps);
    const QLocale locale(QLocale::English, QLocale::UnitedStates);
    const QColor heat = palette().color(QPalette::Highlight);
    QStringList stackLabels(columns.size());
    for (qsizetype i = 0; i < m_configs.size(); ++i) {
        const ConfigResult& c = m_configs.at(i);
        if (c.scenario != scenario)
            continue;
        const int row = int(rows.indexOf(c.params));
        const int column = int(columns.indexOf(c.stack));
        stackLabels[column] = stackLabel(c);
        const ConfigStanding& standing = standings.at(i);
        QString text = locale.toString(c.rps, 'f', 0);
        if (c.rpsCiKnown)
            text += u" ±"_qs + locale.toString((c.rpsHi - c.rpsLo) / 2, 'f', 0);
        if (standing.rank == ConfigStanding::Best)
            text += u" ★"_qs;
        else if (standing.rank == ConfigStanding::Tied)
            text += u" ≈"_qs;
        if (c.flaggedRepetitions > 0)
            text += u" ⚑%1"_qs.arg(c.flaggedRepetitions);
        auto* item = new QTableWidgetItem(text);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        // The share of the stack's best, as the tint's strength: a heat map whose text stays readable.
        const double share = stackMax.value(c.stack) > 0 ? c.rps / stackMax.value(c.stack) : 0;
        QColor tint = heat;
        tint.setAlphaF(float(0.08 + 0.47 * std::clamp(share, 0.0, 1.0)));
        item->setBackground(tint);
        item->setData(Qt::UserRole, share);
        QStringList values;
        for (double v : c.rpsValues)
            values << locale.toString(v, 'f', 0);
        QStringList tip { tr("%1 in %2: %3 req/s").arg(c.label, c.scenario, locale.toString(c.rps, 'f', 1)) };
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
            tip << tr("slower than the best (Welch, Holm-adjusted p %1)").arg(standing.pVsBest, 0, 'g', 2);
        item->setToolTip(tip.join(u'\n'));
        m_table->setItem(row, column, item);
    }
    m_table->setHorizontalHeaderLabels(stackLabels);
    m_table->verticalHeader()->setVisible(true);
    m_table->resizeColumnsToContents();
    m_note->setText(scenario == m_bestScenario
            ? tr("req/s ± half the 95 % interval; ★ best per stack, ≈ not measurably slower (Welch, "
                 "Holm-adjusted p ≥ 0.05), ⚑ flagged repetitions; darker: nearer the stack's best")
            : tr("req/s ± half the 95 % interval; the best (★, ≈) is chosen in %1; ⚑ flagged "
                 "repetitions; darker: nearer the stack's best")
                  .arg(m_bestScenario));
}
