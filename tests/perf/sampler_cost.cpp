// What the resource sampler costs per reading, with and without the diagnostics (per-worker
// connections, machine counters, PSI, blocked tasks). Run against a live stack while load runs
// (tests/perf/sampler_cost.sh does that); prints CPU microseconds per reading and the share of a
// core at the sampler's 4 readings a second.
//
//   sampler_cost ROOT_PID PORT [READINGS]
#include "stacks/resourcesampler.h"

#include <QCoreApplication>
#include <cstdio>
#include <ctime>

namespace {
double cpuSeconds()
{
    timespec t {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

double perReadingUs(qint64 root, quint16 port, bool full, int readings)
{
    const double start = cpuSeconds();
    qint64 keep = 0;
    for (int i = 0; i < readings; ++i)
        keep += ResourceSampler::read(root, port, full).processes;
    const double us = (cpuSeconds() - start) * 1e6 / readings;
    return keep >= 0 ? us : -1;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: sampler_cost ROOT_PID PORT [READINGS]\n");
        return 2;
    }
    const qint64 root = QByteArray(argv[1]).toLongLong();
    const auto port = quint16(QByteArray(argv[2]).toUInt());
    const int readings = argc > 3 ? QByteArray(argv[3]).toInt() : 400;
    const auto r = ResourceSampler::read(root, port, true);
    int connections = 0;
    for (int c : r.connections)
        connections += c;
    const double basic = perReadingUs(root, port, false, readings);
    const double full = perReadingUs(root, port, true, readings);
    std::printf("tree processes %d, workers %lld, established connections %d\n", r.processes,
        static_cast<long long>(r.leaves.size()), connections);
    std::printf("%-22s %10s %14s\n", "reading", "CPU us", "% of a core at 4/s");
    std::printf("%-22s %10.1f %14.3f\n", "tree only (before)", basic, basic * 4 / 1e4);
    std::printf("%-22s %10.1f %14.3f\n", "with diagnostics", full, full * 4 / 1e4);
    std::printf("difference             %10.1f %14.3f\n", full - basic, (full - basic) * 4 / 1e4);
    return 0;
}
