#include "distribution.h"

#include <algorithm>
#include <cmath>

QList<SpectrumPoint> percentileSpectrum(const Histogram& h, int perDecade)
{
    QList<SpectrumPoint> out;
    if (h.count() == 0 || perDecade < 1)
        return out;
    // Beyond 1 - 1/count every percentile is the maximum: the spectrum stops there.
    const double lastX = std::min(5.0, std::log10(std::max(1.0, double(h.count()))));
    const int steps = int(std::floor(lastX * perDecade + 1e-9));
    for (int i = 0; i <= steps; ++i) {
        const double x = double(i) / perDecade;
        const double q = 1 - std::pow(10.0, -x);
        out.append({ q, x, double(h.percentile(100 * q)) / 1000.0 });
    }
    if (out.last().x < lastX || out.last().ms < double(h.max()) / 1000.0)
        out.append({ 1 - std::pow(10.0, -lastX), lastX, double(h.percentile(100)) / 1000.0 });
    return out;
}

QList<LatencyBin> latencyBins(const Histogram& h, int bins)
{
    QList<LatencyBin> out;
    if (h.count() == 0 || bins < 1)
        return out;
    const double lo = double(std::max<qint64>(1, h.min()));
    const double hi = double(std::max<qint64>(h.max(), qint64(lo))) + 1; // the maximum falls inside
    const double step = std::log(hi / lo) / bins;
    for (int b = 0; b < bins; ++b)
        out.append({ lo * std::exp(step * b) / 1000.0, lo * std::exp(step * (b + 1)) / 1000.0, 0 });
    out.last().toMs = hi / 1000.0;
    // Each bucket of the histogram goes where its values' middle falls.
    for (int i = 0; i < h.usedLength(); ++i) {
        const qint64 n = h.countAtIndex(i);
        if (n == 0)
            continue;
        const double mid
            = (double(Histogram::lowestEquivalentValue(i)) + double(Histogram::highestEquivalentValue(i)))
            / 2;
        const double clamped = std::clamp(mid, lo, hi - 1e-9);
        const int b = std::clamp(int(std::floor(std::log(clamped / lo) / step)), 0, bins - 1);
        out[b].count += n;
    }
    return out;
}
