// `stackbench report`: renders the seven figures (and CSV/JSON) from a results folder.
#include "commands.h"
#include "figures/curveexport.h"
#include "figures/figureexport.h"
#include "figures/paperreference.h"
#include "report/htmlreport.h"
#include "results/aggregate.h"
#include "results/atomicfile.h"
#include "results/comparison.h"
#include "results/export.h"
#include "results/resultsfolder.h"
#include "results/sweepcurves.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonDocument>
#include <QTextStream>
#include <cstdio>

namespace {
/// Percentiles of every request, from the merged histograms: a mean of per-repetition p99s is not one.
void printPooledPercentiles(QTextStream& out, const Aggregates& aggregates)
{
    out << "latency percentiles of all requests, pooled over the repetitions used (n/a: a repetition "
           "has no histogram, as in results written before format 3):\n";
    for (const QString& line : pooledPercentileLines(aggregates))
        out << "  " << line << '\n';
}

/// Each load sweep's knee and plateau, and each stack's best configuration, one line each.
void printCurves(QTextStream& out, const Curves& curves)
{
    const auto at = [](const CurveSeries& s, const std::optional<CurvePoint>& p) {
        return p ? u"%1 %2 (%3 req/s)"_qs.arg(p->x).arg(s.axis).arg(p->rps, 0, 'f', 1) : u"none"_qs;
    };
    if (!curves.series.isEmpty())
        out << "load sweeps (knee: the most req/s with p99 within "
            << (curves.objective.sloP99Ms > 0 ? QString::number(curves.objective.sloP99Ms) + u" ms"_qs
                                              : u"any latency"_qs)
            << " and no errors; plateau: the first load after which no more load adds 5 %):\n";
    for (const CurveSeries& s : curves.series)
        out << "  " << s.label << " · " << s.scenario << ": knee " << at(s, s.knee) << ", plateau "
            << at(s, s.plateau) << '\n';
    const auto best = bestConfigs(curves.configs, curves.configScenario);
    if (!best.isEmpty())
        out << "best configuration per stack in " << curves.configScenario
            << " (tied: not measurably slower, Welch's t-test, Holm-adjusted p >= 0.05):\n";
    const QList<ConfigStanding> standings = rankConfigs(curves.configs, curves.configScenario);
    for (auto it = best.cbegin(); it != best.cend(); ++it) {
        QStringList tied;
        for (qsizetype i = 0; i < curves.configs.size(); ++i)
            if (standings.at(i).rank == ConfigStanding::Tied && curves.configs.at(i).stack == it.key())
                tied << paramsKey(curves.configs.at(i).params);
        out << "  " << it.value().label << ": " << QString::number(it.value().rps, 'f', 1) << " req/s"
            << (tied.isEmpty() ? QString() : u"; tied: "_qs + tied.join(u", "_qs)) << '\n';
    }
}

/// Per swept scenario, its three charts: curves-SCENARIO-throughput|latency|errors.EXT.
bool exportCurves(const Curves& curves, const QString& dir, QSize size, qreal scale, ExportFormat format,
    QString* error, QStringList* written)
{
    QMap<QString, QList<CurveSeries>> byScenario;
    for (const CurveSeries& s : curves.series)
        byScenario[s.scenario] << s;
    for (auto it = byScenario.cbegin(); it != byScenario.cend(); ++it)
        if (!exportCurveCharts(
                it.value(), dir + u"/curves-"_qs + it.key(), size, scale, format, error, written))
            return false;
    return true;
}

int runReport(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        u"Writes figure1..figure7 (and results.csv, aggregates.json) for a results folder."_qs);
    p.addHelpOption();
    const QCommandLineOption results(
        u"results"_qs, u"The results folder written by `stackbench run`."_qs, u"DIR"_qs);
    const QCommandLineOption out(
        u"out"_qs, u"Where to write the figures (created if missing)."_qs, u"DIR"_qs);
    const QCommandLineOption size(
        u"size"_qs, u"Figure size in logical pixels (default 1600x1000)."_qs, u"WxH"_qs, u"1600x1000"_qs);
    const QCommandLineOption scale(
        u"scale"_qs, u"Device pixel ratio for PNG (default 1; 2 for HiDPI)."_qs, u"S"_qs, u"1"_qs);
    const QCommandLineOption format(u"format"_qs,
        u"png (default) or svg figures, or html: one self-contained report.html instead of the figures."_qs,
        u"F"_qs, u"png"_qs);
    const QCommandLineOption withPaper(u"with-paper"_qs, u"Overlay the paper's reference values."_qs);
    const QCommandLineOption excludeFlagged(u"exclude-flagged"_qs,
        u"Leave out repetitions flagged imbalanced, noisy, io-stalled or client-bound (the figures say so)."_qs);
    p.addOptions({ results, out, size, scale, format, withPaper, excludeFlagged });
    if (const QString error = parseArguments(p, u"report"_qs, args); !error.isEmpty())
        return usageError(error);
    if (!p.isSet(results) || !p.isSet(out))
        return usageError(u"report needs --results DIR and --out DIR"_qs);
    const QStringList wh = p.value(size).split(u'x');
    bool okW = false, okH = false, okScale = false;
    const QSize logical = wh.size() == 2 ? QSize(wh[0].toInt(&okW), wh[1].toInt(&okH)) : QSize();
    const double factor = p.value(scale).toDouble(&okScale);
    if (!okW || !okH || logical.width() < 100 || logical.height() < 100 || logical.width() > 10000
        || logical.height() > 10000)
        return usageError(u"--size must look like 1600x1000 (each side 100..10000)"_qs);
    if (!okScale || factor < 0.5 || factor > 4)
        return usageError(u"--scale must be a number from 0.5 to 4"_qs);
    const QString fmt = p.value(format).toLower();
    if (fmt != u"png" && fmt != u"svg" && fmt != u"html")
        return usageError(u"--format must be png, svg or html"_qs);

    const ResultsFolder folder = loadResults(p.value(results));
    if (!folder.manifest) {
        QTextStream err(stderr);
        err << "stackbench: " << p.value(results) << " is not a readable results folder:\n";
        for (const auto& problem : folder.problems)
            err << "  " << problem.toString() << '\n';
        return 1;
    }
    for (const auto& problem : folder.problems) // damaged files are left out, but said
        QTextStream(stderr) << "stackbench: warning: " << problem.toString() << '\n';

    const QString outDir = p.value(out);
    if (!QDir().mkpath(outDir))
        return failure(u"cannot create the folder "_qs + outDir);
    Aggregates aggregates = aggregate(folder, AggregateOptions { p.isSet(excludeFlagged) });
    agreeWithPaper(aggregates, paperReferenceValue);
    QString error;
    QStringList written;
    if (fmt == u"html") {
        const QString path = outDir + u"/report.html"_qs;
        if (const QString e = writeFileAtomically(path, htmlReport(folder, aggregates, p.isSet(withPaper)));
            !e.isEmpty())
            return failure(e);
        written << path;
    } else if (!exportAllFigures(figureData(aggregates), outDir, logical, factor,
                   fmt == u"svg" ? ExportFormat::Svg : ExportFormat::Png, p.isSet(withPaper), &error,
                   &written)) {
        return failure(error);
    }
    const QString csv = writeFileAtomically(outDir + u"/results.csv"_qs, resultsCsv(folder));
    const QString json = writeFileAtomically(outDir + u"/aggregates.json"_qs, aggregatesJson(aggregates));
    if (!csv.isEmpty() || !json.isEmpty())
        return failure(csv.isEmpty() ? json : csv);
    const Curves curves = sweepCurves(folder, aggregates);
    const bool swept = !curves.series.isEmpty() || !curves.configs.isEmpty();
    if (swept) {
        if (const QString e = writeFileAtomically(
                outDir + u"/curves.json"_qs, QJsonDocument(curves.toJson()).toJson(QJsonDocument::Indented));
            !e.isEmpty())
            return failure(e);
        if (fmt != u"html" // the report holds them
            && !exportCurves(curves, outDir, logical, factor,
                fmt == u"svg" ? ExportFormat::Svg : ExportFormat::Png, &error, &written))
            return failure(error);
    }
    QTextStream outText(stdout);
    for (const QString& f : written)
        outText << f << '\n';
    outText << outDir << "/results.csv\n" << outDir << "/aggregates.json\n";
    if (swept) {
        outText << outDir << "/curves.json\n";
        printCurves(outText, curves);
    }
    printPooledPercentiles(outText, aggregates);
    // Ranks and letters: bars sharing a letter are not significantly different (Welch, Holm, 5 %).
    QTextStream verdicts(stderr);
    for (const QString& line : verdictLines(aggregates))
        verdicts << line << '\n';
    // What a reader must know beside the bars: every outlier and flagged repetition with its cause.
    QTextStream notes(stderr);
    const QStringList lines = repetitionNotes(aggregates);
    if (!lines.isEmpty())
        notes << "repetitions to read with care (" << lines.size() << "):\n";
    for (const QString& line : lines)
        notes << "  " << line << '\n';
    if (aggregates.excludeFlagged)
        notes << aggregates.excludedCount() << " flagged repetition(s) excluded from the bars\n";
    return 0;
}

const bool registered = registerCommand(
    { u"report"_qs, u"render figures 1-7, CSV and JSON from a results folder"_qs, true, runReport });
} // namespace
