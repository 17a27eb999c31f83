#pragma once

#include "results/aggregate.h"
#include "results/comparison.h"
#include "results/curves.h"

/// One results folder read and aggregated: what the Results page shows.
struct LoadedResults
{
    QString dir;
    ResultsFolder folder;
    Aggregates aggregates;
    QList<FigureData> figures;
    Curves curves; ///< of its sweeps (sweepCurves()); empty without one
    QString error; ///< set when nothing usable was found

    bool ok() const { return error.isEmpty(); }
};

/// Reads, aggregates and turns into figures the results folder @p dir. Pure I/O and arithmetic on
/// values: safe to call from a worker thread (the Results page does).
LoadedResults loadResultsSet(const QString& dir, const AggregateOptions& options = {});

/// Two result sets as grouped figures, named after their folders. Worker-thread safe.
struct ComparedResults
{
    QStringList names;
    QList<FigureData> figures;
    JsonProblems problems;
    FolderComparison verdicts; ///< the second set against the first, row by row, with warnings
    /// Both sets' curves in one, each series and configuration labelled "<set> · <label>"; empty
    /// when neither has a sweep.
    Curves curves;
};
ComparedResults compareResultSets(
    const QString& dirA, const QString& dirB, const AggregateOptions& options = {});
