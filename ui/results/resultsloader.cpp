#include "resultsloader.h"

#include "figures/paperreference.h"
#include "results/comparison.h"
#include "results/sweepcurves.h"

#include <QDir>
#include <QFileInfo>

LoadedResults loadResultsSet(const QString& dir, const AggregateOptions& options)
{
    LoadedResults r;
    r.dir = QDir(dir).absolutePath();
    if (!QFileInfo(dir).isDir()) {
        r.error = QObject::tr("%1 is not a folder").arg(QDir::toNativeSeparators(dir));
        return r;
    }
    r.folder = loadResults(r.dir);
    if (!r.folder.manifest) {
        r.error = r.folder.problems.isEmpty()
            ? QObject::tr("%1 is not a results folder (no manifest.json)").arg(QDir::toNativeSeparators(dir))
            : r.folder.problems.first().toString();
        return r;
    }
    r.aggregates = aggregate(r.folder, options);
    agreeWithPaper(r.aggregates, paperReferenceValue);
    r.figures = figureData(r.aggregates);
    r.curves = sweepCurves(r.folder, r.aggregates);
    return r;
}

ComparedResults compareResultSets(const QString& dirA, const QString& dirB, const AggregateOptions& options)
{
    ComparedResults c;
    QString a = QFileInfo(dirA).fileName();
    QString b = QFileInfo(dirB).fileName();
    if (a == b) {
        a += u" (A)"_qs;
        b += u" (B)"_qs;
    }
    c.names = { a, b };
    // Each folder is read once: the verdicts' aggregates also make the grouped figures.
    c.verdicts = compareFolders(dirA, dirB, options);
    c.problems = c.verdicts.problems;
    QList<std::pair<QString, Aggregates>> sets;
    if (c.verdicts.before)
        sets.append({ a, *c.verdicts.before });
    if (c.verdicts.after)
        sets.append({ b, *c.verdicts.after });
    c.figures = comparisonFigures(sets);
    // Two sweeps compare as curves side by side: one chart, both sets' lines.
    const QList<std::pair<QString, QString>> dirs = { { a, dirA }, { b, dirB } };
    for (const auto& [name, dir] : dirs) {
        const ResultsFolder folder = loadResults(dir);
        Curves one = sweepCurves(folder, aggregate(folder, options));
        for (CurveSeries& s : one.series)
            s.label = name + u" · "_qs + s.label;
        for (ConfigResult& r : one.configs) {
            r.stack = name + u" · "_qs + r.stack; // the best configuration is per set and stack
            r.label = name + u" · "_qs + r.label;
        }
        c.curves.series << one.series;
        c.curves.configs << one.configs;
        c.curves.objective = one.objective;
        if (c.curves.configScenario.isEmpty())
            c.curves.configScenario = one.configScenario;
    }
    return c;
}
