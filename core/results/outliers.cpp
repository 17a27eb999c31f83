#include "outliers.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace outliers {

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

QList<double> modifiedZ(const QList<double>& values)
{
    const double m = median(values);
    QList<double> deviations;
    for (double v : values)
        deviations << std::abs(v - m);
    const double mad = median(deviations);
    QList<double> z;
    for (double v : values) {
        if (mad > 0)
            z << 0.6745 * (v - m) / mad;
        else
            z << (v == m ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), v - m));
    }
    return z;
}

QList<bool> flagOutliers(const QList<double>& values)
{
    QList<bool> out(values.size(), false);
    if (values.size() < 3)
        return out;
    const double m = median(values);
    const QList<double> z = modifiedZ(values);
    for (qsizetype i = 0; i < values.size(); ++i)
        out[i] = std::abs(z[i]) > ModifiedZLimit
            || (m != 0 && std::abs(values[i] - m) / std::abs(m) > RelativeLimit);
    return out;
}

namespace {
    QList<double> known(const QList<RepetitionNote>& notes, double RepetitionNote::*field)
    {
        QList<double> out;
        for (const auto& n : notes)
            if (n.*field >= 0)
                out << n.*field;
        return out;
    }

    bool differs(double value, double reference, double limit)
    {
        return value >= 0 && reference > 0 && std::abs(value - reference) / reference > limit;
    }

    QString flaggedPeers(const QList<RepetitionNote>& notes, const RepetitionNote& self)
    {
        QStringList reps, flags;
        qsizetype others = 0;
        for (const auto& n : notes) {
            if (n.repetition == self.repetition)
                continue;
            ++others;
            if (!n.flagged())
                continue;
            reps << QString::number(n.repetition);
            for (const QString& f : n.flags)
                if (!flags.contains(f))
                    flags << f;
        }
        if (reps.isEmpty() || 2 * reps.size() < others)
            return {};
        return u"unflagged, unlike reps %1 (%2): the median is theirs"_qs.arg(
            reps.join(u", "_qs), flags.join(u", "_qs));
    }
} // namespace

void explainOutliers(QList<RepetitionNote>& notes)
{
    const double cpuMedian = median(known(notes, &RepetitionNote::serverCpuPercent));
    const double costMedian = median(known(notes, &RepetitionNote::cpuMsPerRequest));
    for (RepetitionNote& n : notes) {
        n.context.clear();
        if (!n.outlier || n.flagged())
            continue;
        if (const QString peers = flaggedPeers(notes, n); !peers.isEmpty())
            n.context << peers;
        if (differs(n.serverCpuPercent, cpuMedian, 0.25))
            n.context << u"the server used %1 % of a core against a median of %2 %"_qs
                             .arg(n.serverCpuPercent, 0, 'f', 0)
                             .arg(cpuMedian, 0, 'f', 0);
        if (differs(n.cpuMsPerRequest, costMedian, 0.15))
            n.context
                << u"the server spent %1 ms of CPU per request against a median of %2 ms: the same work "
                   "ran at another speed, which steal, foreign CPU and pressure do not explain"_qs
                       .arg(n.cpuMsPerRequest, 0, 'f', 3)
                       .arg(costMedian, 0, 'f', 3);
        if (n.context.isEmpty())
            n.context
                << u"no measured cause: server CPU, its split, foreign CPU, steal and I/O were like the "
                   "other repetitions'"_qs;
    }
}

} // namespace outliers

QString RepetitionNote::describe(const QString& unit) const
{
    const int decimals = unit == u"req/s" ? 0 : 2;
    QString text = u"rep %1: %2 %3"_qs.arg(repetition).arg(value, 0, 'f', decimals).arg(unit);
    if (deviation != 0)
        text += u", %1 % %2 the median"_qs.arg(std::abs(deviation) * 100, 0, 'f', 0)
                    .arg(deviation > 0 ? u"above"_qs : u"below"_qs);
    if (outlier)
        text += u" (outlier)"_qs;
    if (!causes.isEmpty())
        text += u"; "_qs + causes.join(u"; "_qs);
    else if (!context.isEmpty())
        text += u"; "_qs + context.join(u"; "_qs);
    else if (outlier)
        text += u"; no measured cause"_qs;
    if (excluded)
        text += u" [excluded]"_qs;
    return text;
}
