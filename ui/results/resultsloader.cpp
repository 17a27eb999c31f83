#include "resultsloader.h"

#include "figures/paperreference.h"
#include "results/comparison.h"

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
    return c;
}
