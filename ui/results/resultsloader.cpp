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
    c.figures = compareResults({ { a, dirA }, { b, dirB } }, &c.problems, options);
    c.verdicts = compareFolders(dirA, dirB, options);
    return c;
}
