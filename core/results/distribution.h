#pragma once

#include "metrics/histogram.h"

#include <QList>

/// One point of a latency percentile spectrum, as HdrHistogram plots them: the percentile q, its
/// position on the "1 / (1 − q)" log axis, and the latency there.
struct SpectrumPoint
{
    double q = 0; ///< 0..1
    double x = 0; ///< log10(1 / (1 − q)): 0 at 0 %, 1 at 90 %, 2 at 99 %, 3 at 99.9 %, ...
    double ms = 0;
};

/// The percentile spectrum of @p micros (HdrHistogram's outputPercentileDistribution() plotted the
/// usual way): `perDecade` points per tenfold step of 1/(1 − q), from q = 0 up to the highest
/// percentile the count can tell apart (1 − 1/count, at most 99.999 %), and the maximum as the last
/// point (at the x of 1 − 1/count). Each latency is Histogram::percentile(100 q), in ms, so the
/// spectrum says what the histogram says. Empty for an empty histogram.
QList<SpectrumPoint> percentileSpectrum(const Histogram& micros, int perDecade = 10);

/// One bar of a latency histogram: the requests whose latency fell in [fromMs, toMs).
struct LatencyBin
{
    double fromMs = 0, toMs = 0;
    qint64 count = 0;
};

/// The latencies of @p micros in `bins` bins of equal width on a log scale, from the minimum to the
/// maximum (one bin when they are equal); the counts add up to the histogram's. Empty when it is.
QList<LatencyBin> latencyBins(const Histogram& micros, int bins = 40);
