#pragma once

#include <QList>
#include <QString>
#include <limits>

/// One repetition drawn as a dot over its bar.
struct FigureDot
{
    int repetition = 0;
    double value = 0;
    bool outlier = false;
    bool flagged = false; ///< something measured beside it casts doubt on it
    bool excluded = false; ///< left out of the bar
    QString note; ///< "rep 2: 2091 req/s, 61 % below the median; one of 2 workers held ..."
};

/// What one bar chart shows: the input to the ui's figure widgets and exporters, produced by the
/// results aggregation. Plain values only, so it crosses threads and is built in tests by hand.
struct FigureBar
{
    QString stack; ///< stack name, e.g. "fastapi-sqlite3"
    QString label; ///< display label, e.g. "FastAPI + sqlite3"
    QString series; ///< result-set name when comparing two sets; empty otherwise
    double value = 0; ///< mean across repetitions, in the figure's unit
    double ciLow = 0; ///< 95 % confidence interval, same unit
    double ciHigh = 0;
    bool ciAvailable = true; ///< false with one repetition: the interval shows as "n/a"
    double paperValue = -1; ///< the paper's reference value, or -1 when there is none
    bool clientBound = false; ///< the measurement may be limited by the client, not the server
    bool failed = false; ///< no valid data (e.g. the stack crashed); value is meaningless
    /// Compact letter display within the figure (bars sharing a letter are not significantly
    /// different) and the rank it gives; empty and 0 when comparing two result sets.
    QString letters {};
    int rank = 0;
    QList<FigureDot> dots {}; ///< every repetition with data, excluded ones included
};

struct FigureData
{
    int number = 0; ///< 1..7, the paper's figure number
    QString title; ///< the paper's caption, e.g. "GET /hello — requests per second"
    QString unit; ///< "req/s" or "ms"
    bool higherIsBetter = true;
    QString subtitle; ///< machine, date, repetitions
    double paperTauB = std::numeric_limits<double>::quiet_NaN(); ///< Kendall's τ-b against the paper
    QList<FigureBar> bars;
};
