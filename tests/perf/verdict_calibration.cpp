// Calibrates issue 12's verdicts against a server with known service times: how often two identical
// endpoints are declared different (false positives), and how often a 10 % longer service time is
// caught (power). Each trial runs REPS repetitions of each endpoint, alternating A B B A ..., takes
// each repetition's mean latency, and compares the two samples with compareSamples() (Welch's t-test,
// 5 %), exactly as a figure's pair is judged.
//
//   verdict_calibration BASE_URL PATH_A PATH_B [TRIALS=20] [REPS=5] [SECONDS=1] [VUS=10]
//
// Prints one line per trial and the count of each verdict. See verdict_calibration.sh.
#include "engine/loadrunner.h"
#include "results/comparison.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QTextStream>
#include <cstdio>

namespace {
struct Options
{
    QUrl base;
    QString pathA, pathB;
    int trials = 20, reps = 5, vus = 10;
    double seconds = 1;
};

QCoro::Task<double> meanLatencyMs(LoadRunner& runner, const Options& o, const QString& path)
{
    LoadSpec spec;
    spec.baseUrl = o.base;
    spec.request.path = path;
    spec.executor = ExecutorKind::ConstantVus;
    spec.vus = o.vus;
    spec.duration = std::chrono::milliseconds(qint64(o.seconds * 1000));
    const LoadResult r = co_await runLoad(runner, spec);
    if (!r.error.isEmpty() || r.summary.errors.total() != 0)
        std::fprintf(stderr, "%s: %s, %lld errors\n", qPrintable(path), qPrintable(r.error),
            static_cast<long long>(r.summary.errors.total()));
    co_return r.error.isEmpty() && r.summary.errors.total() == 0 ? r.summary.latency.mean : -1;
}

QCoro::Task<int> calibrate(Options o)
{
    LoadRunner runner;
    int verdicts[3] = {};
    for (int trial = 1; trial <= o.trials; ++trial) {
        QList<double> a, b;
        for (int rep = 0; rep < o.reps; ++rep) {
            const bool aFirst = rep % 2 == 0; // A B, B A, ...: drift favours neither
            const double first = co_await meanLatencyMs(runner, o, aFirst ? o.pathA : o.pathB);
            const double second = co_await meanLatencyMs(runner, o, aFirst ? o.pathB : o.pathA);
            if (first < 0 || second < 0) {
                std::fprintf(
                    stderr, "a load failed: is the server at %s running?\n", qPrintable(o.base.toString()));
                co_return 1;
            }
            (aFirst ? a : b) << first;
            (aFirst ? b : a) << second;
        }
        const SampleComparison c = compareSamples(a, b, false);
        ++verdicts[int(c.verdict)];
        std::printf("trial %2d  A %.3f ms  B %.3f ms  B/A %.4f [%.4f, %.4f]  p %.4f  %s\n", trial, c.meanA,
            c.meanB, 1 / c.ratio, 1 / c.ratioHigh, 1 / c.ratioLow, c.p, qPrintable(toString(c.verdict)));
        std::fflush(stdout);
    }
    std::printf("%s vs %s: %d trials of %d repetitions x %.1f s at %d VUs: a_better %d, b_better %d, "
                "indistinguishable %d\n",
        qPrintable(o.pathA), qPrintable(o.pathB), o.trials, o.reps, o.seconds, o.vus, verdicts[0],
        verdicts[1], verdicts[2]);
    co_return 0;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        std::fprintf(
            stderr, "usage: verdict_calibration BASE_URL PATH_A PATH_B [TRIALS] [REPS] [SECONDS] [VUS]\n");
        return 2;
    }
    Options o;
    o.base = QUrl(args.at(1));
    o.pathA = args.at(2);
    o.pathB = args.at(3);
    o.trials = args.size() > 4 ? args.at(4).toInt() : o.trials;
    o.reps = args.size() > 5 ? args.at(5).toInt() : o.reps;
    o.seconds = args.size() > 6 ? args.at(6).toDouble() : o.seconds;
    o.vus = args.size() > 7 ? args.at(7).toInt() : o.vus;
    return QCoro::waitFor(calibrate(o));
}
