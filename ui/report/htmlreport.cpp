#include "htmlreport.h"

#include "figures/curvechart.h"
#include "figures/figureexport.h"
#include "results/distribution.h"
#include "results/sweepcurves.h"
#include "stacks/stackmanifest.h"
#include "svgchart.h"

#include <QDateTime>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace {
const QSize FigureSize(900, 540);

const char* const Style = R"(
body { font: 15px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1000px; padding: 24px; }
h1 { font-size: 26px; margin-bottom: 4px; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 36px; }
h3 { margin-top: 24px; } .muted { color: #666; } nav ol { columns: 2; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } th { background: #f4f4f4; }
figure { margin: 16px 0; page-break-inside: avoid; break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #444; } pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 12px; white-space: pre-wrap; }
.warn { background: #fff6e0; border-left: 4px solid #e8a200; padding: 6px 10px; margin: 6px 0; }
.ok { color: #2a7a2a; } .bad { color: #b00020; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } nav { display: none; } h2 { page-break-after: avoid; break-after: avoid; }
  section { page-break-inside: auto; } a { color: inherit; text-decoration: none; } }
)";

QString esc(const QString& s)
{
    return htmlEscaped(s);
}

QString fixed(double v, int decimals)
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : u"n/a"_qs;
}

/// A figure's number as its unit wants it: whole req/s, ms with one decimal.
QString valueText(double v, Metric metric)
{
    return fixed(v, metric == Metric::Rps ? 0 : 1);
}

/// An SVG document as an element that can sit inside HTML: no XML declaration, no DOCTYPE, and no
/// namespace attributes (HTML knows SVG; and the report must not name any URL, not even those).
QString inlineSvg(const QByteArray& document)
{
    QString svg = QString::fromUtf8(document);
    const qsizetype start = svg.indexOf(u"<svg"_qs);
    if (start < 0)
        return {};
    svg = svg.mid(start);
    static const QRegularExpression Namespaces(uR"(\s+xmlns(:\w+)?="[^"]*")"_qs);
    svg.remove(Namespaces);
    static const QRegularExpression Comments(
        u"<!--.*?-->"_qs, QRegularExpression::DotMatchesEverythingOption);
    svg.remove(Comments);
    return svg;
}

QString table(const QStringList& headers, const QList<QStringList>& rows, const QList<int>& numeric = {})
{
    QString out = u"<table><thead><tr>"_qs;
    for (const QString& h : headers)
        out += u"<th>"_qs + esc(h) + u"</th>"_qs;
    out += u"</tr></thead><tbody>"_qs;
    for (const QStringList& row : rows) {
        out += u"<tr>"_qs;
        for (qsizetype c = 0; c < row.size(); ++c)
            out += (numeric.contains(int(c)) ? u"<td class=\"n\">"_qs : u"<td>"_qs) + esc(row[c])
                + u"</td>"_qs;
        out += u"</tr>"_qs;
    }
    return out + u"</tbody></table>"_qs;
}

QString header(const RunManifest& m)
{
    const Environment& e = m.environment;
    QString out = u"<h1>%1</h1>"_qs.arg(esc(m.plan.name));
    if (!m.plan.description.isEmpty())
        out += u"<p>%1</p>"_qs.arg(esc(m.plan.description));
    out += u"<p class=\"muted\">Started %1%2 · %3 · %4 · transport %5 · report generated %6 by Stackbench</p>"_qs
               .arg(esc(m.startedAt.toString(Qt::ISODate)),
                   m.finishedAt.isValid() ? esc(u", finished "_qs + m.finishedAt.toString(Qt::ISODate))
                                          : u" (unfinished)"_qs,
                   esc(e.machine()), esc(e.os.isEmpty() ? e.kernel : e.os + u", "_qs + e.kernel),
                   esc(m.transport), esc(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    QString stackbench = e.stackbenchVersion;
    if (!e.gitCommit.isEmpty())
        stackbench += u" ("_qs + e.gitCommit.left(12) + (e.gitDirty ? u", modified)"_qs : u")"_qs);
    QList<QStringList> versions { { u"Stackbench"_qs, stackbench }, { u"Qt"_qs, e.qtVersion } };
    for (auto it = e.versions.cbegin(); it != e.versions.cend(); ++it)
        versions << QStringList { it.key(), it.value() };
    return out + table({ u"Software"_qs, u"Version"_qs }, versions);
}

/// The procedure in words, in the manner of the paper's section 3.3.
QString methodology(const RunManifest& m)
{
    const Plan plan = m.expandedPlan();
    const Procedure& p = plan.procedure;
    QString steps;
    steps += u"For every repetition and every stack, Stackbench started the stack on a free loopback port "
             "with a fresh SQLite database, waited %1 s for it to settle"_qs.arg(p.settleS);
    if (p.seedCount > 0)
        steps += u", seeded %1 records"_qs.arg(p.seedCount);
    if (p.verify)
        steps += u", checked that it conforms to the API contract"_qs;
    if (p.warmup)
        steps += u", warmed it up with %1 VUs on %2 for %3 s then %4 sequential GET %5 requests (kept apart, "
                 u"never in a "
                 "figure)"_qs.arg(p.warmup->vus)
                     .arg(esc(p.warmup->path))
                     .arg(double(p.warmup->duration.count()) / 1000)
                     .arg(p.warmup->thenItemsRequests)
                     .arg(esc(p.warmup->thenPath));
    steps += u", idled %1 s, and ran the scenarios below in order with %2 s between them, then stopped the "
             u"stack "
             "and its whole process tree."_qs.arg(p.idleS)
                 .arg(p.gapS);
    QString reps = p.adaptive
        ? u"Repetitions: at least %1 and at most %2, until every bar's 95 % interval was within ±%3 % of its mean%4."_qs
              .arg(p.adaptive->min)
              .arg(p.repetitions)
              .arg(p.adaptive->targetCiPercent)
              .arg(m.convergence ? u" (%1 ran)"_qs.arg(m.convergence->repetitions) : QString())
        : u"Repetitions: %1."_qs.arg(p.repetitions);
    reps += u" The stacks ran in the order of a Williams balanced Latin square, so drift over time favours "
            u"none. "
            "Requests went over the %1 transport with a %2 s timeout."_qs.arg(esc(m.transport))
                .arg(p.timeoutS);
    QList<QStringList> stacks;
    for (const PlanStack& s : plan.stacks)
        stacks << QStringList { s.displayLabel(), s.id(),
            s.isExternal() ? s.url.toString() : u"stack manifest"_qs };
    QList<QStringList> scenarios;
    for (const Scenario& s : plan.scenarios)
        scenarios << QStringList { s.figure ? QString::number(s.figure) : QString(), s.id, s.title,
            toString(s.executor) + u": "_qs + describeLoad(s),
            QString::fromLatin1(s.request.method) + u' ' + s.request.path,
            QString::number(s.expectedStatus) };
    return u"<p>%1</p><p>%2</p><h3>Stacks</h3>%3<h3>Scenarios</h3>%4"_qs.arg(steps, reps,
        table({ u"Stack"_qs, u"Id"_qs, u"Started by"_qs }, stacks),
        table({ u"Figure"_qs, u"Id"_qs, u"Title"_qs, u"Executor and load"_qs, u"Request"_qs,
                  u"Expected status"_qs },
            scenarios));
}

QString warnings(const ResultsFolder& folder, const Aggregates& a)
{
    QStringList lines;
    const RunManifest& m = *folder.manifest;
    if (m.preflight)
        for (const QString& w : m.preflight->warnings)
            lines << u"Before the study: "_qs + w;
    for (const StackAggregate& row : a.rows) {
        for (const QString& f : row.failures)
            lines << u"%1 · %2: %3"_qs.arg(row.scenarioId, row.label, f);
        if (row.clientBound)
            lines << u"%1 · %2: client-bound in at least one repetition: the load generator, not the server, "
                     u"may "
                     "have set the pace"_qs.arg(row.scenarioId, row.label);
    }
    lines << repetitionNotes(a);
    if (m.convergence && !m.convergence->unconverged.isEmpty())
        lines << u"Not within the target after %1 repetitions: %2"_qs.arg(m.convergence->repetitions)
                     .arg(m.convergence->unconverged.join(u"; "_qs));
    for (const auto& p : folder.problems)
        lines << u"Unreadable: "_qs + p.toString();
    if (lines.isEmpty())
        return u"<p class=\"ok\">Nothing to warn about: no flagged, outlying or failed repetition.</p>"_qs;
    QString out;
    for (const QString& l : lines)
        out += u"<div class=\"warn\">"_qs + esc(l) + u"</div>"_qs;
    return out;
}

QString figures(const QList<FigureData>& figures, bool withPaper)
{
    QString out;
    for (const FigureData& f : figures)
        out += u"<figure class=\"figure\" id=\"figure%1\">%2<figcaption>Figure %1. %3</figcaption></figure>"_qs
                   .arg(QString::number(f.number), inlineSvg(renderFigureSvg(f, FigureSize, withPaper)),
                       esc(f.title));
    return out;
}

QString numbers(const Aggregates& a)
{
    QList<QStringList> rows;
    for (const StackAggregate& r : a.rows) {
        if (r.failed) {
            rows << QStringList { r.figure ? QString::number(r.figure) : QString(), r.scenarioId, r.label,
                u"failed"_qs };
            continue;
        }
        const QString unit = unitOf(r.metric);
        rows << QStringList { r.figure ? QString::number(r.figure) : QString(), r.scenarioId, r.label,
            valueText(r.stats.mean, r.metric) + u' ' + unit,
            r.stats.ciAvailable
                ? valueText(r.stats.ciLow, r.metric) + u" – "_qs + valueText(r.stats.ciHigh, r.metric)
                : u"n/a"_qs,
            fixed(100 * r.cv(), 0) + u" %"_qs, QString::number(r.stats.n), r.letters,
            r.rank ? QString::number(r.rank) : QString(),
            r.pooled.available ? fixed(r.pooled.p50Ms, 1) : u"n/a"_qs,
            r.pooled.available ? fixed(r.pooled.p99Ms, 1) : u"n/a"_qs, fixed(100 * r.errorRate, 2) + u" %"_qs,
            r.serverCpuPercent >= 0 ? fixed(r.serverCpuPercent, 0) + u" %"_qs : u"n/a"_qs };
    }
    return table(
        { u"Fig"_qs, u"Scenario"_qs, u"Stack"_qs, u"Mean"_qs, u"95 % CI"_qs, u"CV"_qs, u"n"_qs, u"Letters"_qs,
            u"Rank"_qs, u"p50 ms (pooled)"_qs, u"p99 ms (pooled)"_qs, u"Errors"_qs, u"Server CPU"_qs },
        rows, { 3, 4, 5, 6, 8, 9, 10, 11, 12 });
}

QString comparisons(const Aggregates& a)
{
    QList<QStringList> rows;
    for (const PairComparison& c : a.comparisons) {
        const SampleComparison& t = c.test;
        rows << QStringList { QString::number(c.figure), c.a, c.b, fixed(t.ratio, 2),
            t.ratioCiAvailable() ? fixed(t.ratioLow, 2) + u" – "_qs + fixed(t.ratioHigh, 2) : u"n/a"_qs,
            t.testAvailable() ? QString::number(t.p, 'g', 2) : u"n/a"_qs,
            std::isnan(c.pHolm) ? u"n/a"_qs : QString::number(c.pHolm, 'g', 2), toString(c.verdict) };
    }
    QString out = rows.isEmpty() ? u"<p class=\"muted\">No figure has two stacks to compare.</p>"_qs
                                 : table({ u"Fig"_qs, u"a"_qs, u"b"_qs, u"a / b"_qs, u"95 % CI"_qs,
                                             u"p (Welch)"_qs, u"p (Holm)"_qs, u"Verdict"_qs },
                                     rows, { 3, 4, 5, 6 });
    if (!a.paperAgreement.isEmpty()) {
        QList<QStringList> tau;
        for (auto it = a.paperAgreement.cbegin(); it != a.paperAgreement.cend(); ++it)
            tau << QStringList { QString::number(it.key()), fixed(it.value(), 2) };
        out += u"<h3>Agreement with the paper</h3><p>Kendall's τ-b between our means and the paper's, per "
               u"figure "
               "(1: the same ordering, −1: reversed).</p>"_qs
            + table({ u"Figure"_qs, u"τ-b"_qs }, tau, { 1 });
    }
    for (const QString& line : verdictLines(a))
        out += u"<p>"_qs + esc(line) + u"</p>"_qs;
    return out;
}

/// Per scenario with configurations (the one the best is chosen in first), a heat map: a column per
/// stack, a row per configuration, as the Curves tab's ConfigGrid.
QString configGrids(const Curves& c)
{
    const QList<ConfigStanding> standings = rankConfigs(c.configs, c.configScenario);
    QString out = u"<h3>Configurations</h3><p>req/s ± half the 95 % interval; ★ the stack's best in %1, "
                  u"≈ not measurably slower (Welch, Holm-adjusted p ≥ 0.05), ⚑ flagged repetitions; "
                  u"darker: nearer the stack's best.</p>"_qs.arg(esc(c.configScenario));
    for (const QString& scenario : configScenarios(c.configs, c.configScenario)) {
        const ConfigLayout layout = layoutConfigs(c.configs, scenario);
        if (layout.rows.isEmpty())
            continue;
        out += u"<h4>%1</h4><table><thead><tr><th></th>"_qs.arg(esc(scenario));
        for (const QString& label : layout.stackLabels)
            out += u"<th>"_qs + esc(label) + u"</th>"_qs;
        out += u"</tr></thead><tbody>"_qs;
        for (qsizetype row = 0; row < layout.rows.size(); ++row) {
            out += u"<tr><th>"_qs + esc(ConfigLayout::rowTitle(layout.rows.at(row))) + u"</th>"_qs;
            for (qsizetype column = 0; column < layout.stacks.size(); ++column) {
                const qsizetype i = layout.cells.at(row).at(column);
                if (i < 0) {
                    out += u"<td></td>"_qs;
                    continue;
                }
                const ConfigResult& r = c.configs.at(i);
                const double max = layout.stackMax.at(column);
                const double share = std::clamp(max > 0 ? r.rps / max : 0.0, 0.0, 1.0);
                QStringList values;
                for (double v : r.rpsValues)
                    values << fixed(v, 0);
                out += u"<td class=\"n\" style=\"background: rgba(48, 140, 198, %1)\" title=\"%2\">%3</td>"_qs
                           .arg(fixed(0.08 + 0.47 * share, 2),
                               esc(u"repetitions: "_qs + values.join(u", "_qs)
                                   + (r.flags.isEmpty() ? QString()
                                                        : u"; flagged: "_qs + r.flags.join(u", "_qs))),
                               esc(configCellText(r, standings.at(i))));
            }
            out += u"</tr>"_qs;
        }
        out += u"</tbody></table>"_qs;
    }
    return out;
}

QString curves(const Curves& c)
{
    QMap<QString, QList<CurveSeries>> byScenario;
    for (const CurveSeries& s : c.series)
        byScenario[s.scenario] << s;
    QString out;
    for (auto it = byScenario.cbegin(); it != byScenario.cend(); ++it) {
        out += u"<h3>%1</h3>"_qs.arg(esc(it.key()));
        for (CurveChartKind kind :
            { CurveChartKind::Throughput, CurveChartKind::Latency, CurveChartKind::ErrorRate })
            out += u"<figure class=\"curve\">%1<figcaption>%2</figcaption></figure>"_qs.arg(
                inlineSvg(renderCurveChartSvg(it.value(), kind, FigureSize)), esc(curveChartTitle(kind)));
        QList<QStringList> rows;
        for (const CurveSeries& s : it.value()) {
            const auto at = [&](const std::optional<CurvePoint>& p) {
                return p ? u"%1 %2 · %3 req/s"_qs.arg(p->x).arg(s.axis).arg(p->rps, 0, 'f', 1) : u"none"_qs;
            };
            rows << QStringList { s.label, at(s.knee), at(s.plateau) };
        }
        out += table({ u"Stack"_qs, u"Knee"_qs, u"Plateau"_qs }, rows);
    }
    if (!c.configs.isEmpty())
        out += configGrids(c);
    return out;
}

/// Per scenario: every stack's latency spectrum (pooled over its repetitions), and req/s and p99 over
/// time (each repetition faint, the first one bold).
QString drillDown(const ResultsFolder& folder, const Aggregates& a)
{
    QString out;
    QStringList scenarios;
    for (const StackAggregate& r : a.rows)
        if (!scenarios.contains(r.scenarioId))
            scenarios << r.scenarioId;
    for (const QString& scenario : scenarios) {
        SvgLineChart spectrum;
        spectrum.title = u"Latency by percentile: "_qs + scenario;
        spectrum.xLabel = u"percentile"_qs;
        spectrum.yLabel = u"latency (ms)"_qs;
        spectrum.xTicks = { 0, 1, 2, 3, 4, 5 };
        spectrum.xTickLabel = [](double x) {
            static const QStringList Labels
                = { u"0 %"_qs, u"90 %"_qs, u"99 %"_qs, u"99.9 %"_qs, u"99.99 %"_qs, u"99.999 %"_qs };
            return Labels.value(int(std::lround(x)));
        };
        SvgLineChart rps, p99;
        rps.title = u"Requests per second over time: "_qs + scenario;
        p99.title = u"p99 latency over time: "_qs + scenario;
        rps.xLabel = p99.xLabel = u"seconds since the load started"_qs;
        rps.yLabel = u"req/s"_qs;
        p99.yLabel = u"ms"_qs;
        for (const StackAggregate& row : a.rows) {
            if (row.scenarioId != scenario || row.failed)
                continue;
            Histogram pooled;
            bool anySeries = false;
            for (int rep : row.repetitions) {
                const ScenarioRecord* rec = folder.find(rep, row.stack, scenario);
                if (!rec)
                    continue;
                if (const auto h = rec->latencyHistogram())
                    pooled.merge(*h);
                if (rec->series.isEmpty())
                    continue;
                SvgLineChart::Series r { row.label, {}, anySeries };
                SvgLineChart::Series q { row.label, {}, anySeries };
                for (const TimeSeries::Point& p : rec->series.points) {
                    r.points << QPointF(p.t, p.rps);
                    q.points << QPointF(p.t, p.p99Ms);
                }
                rps.series << r;
                p99.series << q;
                anySeries = true;
            }
            SvgLineChart::Series s { row.label, {} };
            for (const SpectrumPoint& p : percentileSpectrum(pooled))
                s.points << QPointF(p.x, p.ms);
            spectrum.series << s;
        }
        out += u"<h3 id=\"scenario-%1\">%2</h3>"_qs.arg(esc(scenario), esc(scenario));
        out += u"<figure class=\"drill\">%1<figcaption>Every request of the repetitions used, per stack: the "
               u"latency "
               "below which that share of requests fell (HdrHistogram's percentile spectrum).</figcaption></figure>"_qs
                   .arg(QString::fromUtf8(spectrum.toSvg()));
        if (!rps.series.isEmpty())
            out += u"<figure class=\"drill\">%1%2<figcaption>Each repetition's course, 250 ms buckets "
                   u"(coarser for long "
                   "runs); the first repetition bold, the others faint.</figcaption></figure>"_qs.arg(
                       QString::fromUtf8(rps.toSvg()), QString::fromUtf8(p99.toSvg()));
    }
    return out;
}

QString commands(const RunManifest& m)
{
    if (m.commands.isEmpty())
        return u"<p class=\"muted\">No command was recorded (external targets only).</p>"_qs;
    QString out;
    for (auto it = m.commands.cbegin(); it != m.commands.cend(); ++it) {
        out += u"<h3>%1</h3><pre>"_qs.arg(esc(it.key()));
        for (const QStringList& c : it.value())
            out += esc(shellQuote(c)) + u'\n';
        out += u"</pre>"_qs;
    }
    return out;
}

QByteArray page(const QString& title, const QList<std::pair<QString, QString>>& sections, const QString& top)
{
    QString nav = u"<nav><ol>"_qs;
    for (const auto& [name, body] : sections)
        nav += u"<li><a href=\"#%1\">%2</a></li>"_qs.arg(
            QString(name).toLower().replace(u' ', u'-'), esc(name));
    nav += u"</ol></nav>"_qs;
    QString html
        = u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\"><title>%1</title><style>%2</style></head><body>"_qs
              .arg(esc(title), QString::fromLatin1(Style));
    html += top + nav;
    for (const auto& [name, body] : sections)
        html += u"<section id=\"%1\"><h2>%2</h2>%3</section>"_qs.arg(
            QString(name).toLower().replace(u' ', u'-'), esc(name), body);
    html += u"</body></html>\n"_qs;
    return html.toUtf8();
}
} // namespace

QByteArray htmlReport(const ResultsFolder& folder, const Aggregates& aggregates, bool withPaper)
{
    if (!folder.manifest)
        return {};
    const RunManifest& m = *folder.manifest;
    QList<std::pair<QString, QString>> sections;
    sections.append({ u"Methodology"_qs, methodology(m) });
    sections.append({ u"Warnings"_qs, warnings(folder, aggregates) });
    const QList<FigureData> figs = figureData(aggregates);
    if (!figs.isEmpty())
        sections.append({ u"Figures"_qs, figures(figs, withPaper) });
    sections.append({ u"Numbers"_qs, numbers(aggregates) });
    sections.append({ u"Comparisons"_qs, comparisons(aggregates) });
    const Curves c = sweepCurves(folder, aggregates);
    if (!c.series.isEmpty() || !c.configs.isEmpty())
        sections.append({ u"Curves"_qs, curves(c) });
    sections.append({ u"Scenarios in detail"_qs, drillDown(folder, aggregates) });
    sections.append({ u"Commands"_qs, commands(m) });
    return page(m.plan.name, sections, header(m));
}

QByteArray htmlComparisonReport(const FolderComparison& comparison, const QStringList& names)
{
    QList<std::pair<QString, QString>> sections;
    QString sets;
    const QList<std::optional<Aggregates>> both = { comparison.before, comparison.after };
    QList<std::pair<QString, Aggregates>> named;
    for (qsizetype i = 0; i < both.size(); ++i) {
        if (!both[i])
            continue;
        const Aggregates& a = *both[i];
        named.append({ names.value(i), a });
        sets += u"<h3>%1</h3><p>%2 · %3 · started %4 · %5 repetitions · transport %6</p>"_qs.arg(
            esc(names.value(i)), esc(a.planName), esc(a.machine), esc(a.startedAt.toString(Qt::ISODate)),
            QString::number(a.repetitions), esc(a.transport));
    }
    for (const QString& w : comparison.warnings)
        sets += u"<div class=\"warn\">"_qs + esc(w) + u"</div>"_qs;
    sections.append({ u"Result sets"_qs, sets });
    sections.append({ u"Figures"_qs, figures(comparisonFigures(named), false) });
    QList<QStringList> rows;
    for (const RowChange& c : comparison.changes)
        rows << QStringList { c.figure ? QString::number(c.figure) : QString(), c.scenarioId, c.label,
            valueText(c.test.meanB, c.metric), valueText(c.test.meanA, c.metric),
            std::isfinite(c.test.ratio) ? fixed(100 * (c.test.ratio - 1), 1) + u" %"_qs : u"n/a"_qs,
            std::isnan(c.pHolm) ? u"n/a"_qs : QString::number(c.pHolm, 'g', 2), toString(c.change) };
    sections.append({ u"Changes"_qs,
        table({ u"Fig"_qs, u"Scenario"_qs, u"Stack"_qs, names.value(0), names.value(1), u"Change"_qs,
                  u"p (Holm)"_qs, u"Verdict"_qs },
            rows, { 3, 4, 5, 6 }) });
    return page(u"%1 against %2"_qs.arg(names.value(1), names.value(0)), sections,
        u"<h1>%1 against %2</h1>"_qs.arg(esc(names.value(1)), esc(names.value(0))));
}
