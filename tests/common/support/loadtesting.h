#pragma once

#include "engine/loadrunner.h"
#include "sanitizer.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <fstream>
#include <string>

/// Runs a spec to completion on a fresh LoadRunner in the calling thread's event loop.
inline LoadResult runSpec(const LoadSpec& spec, qint64* elapsedMs = nullptr)
{
    LoadRunner runner;
    QElapsedTimer timer;
    timer.start();
    LoadResult result = QCoro::waitFor(runLoad(runner, spec));
    if (elapsedMs)
        *elapsedMs = timer.elapsed();
    return result;
}

/// A spec for `path` on `base` with the given executor shape; callers adjust the rest.
inline LoadSpec specFor(const QUrl& base, const QString& path, ExecutorKind executor, int vus)
{
    LoadSpec s;
    s.baseUrl = base;
    s.request.path = path;
    s.executor = executor;
    s.vus = vus;
    return s;
}

/// This process's resident set, in KiB (for leak and memory-bound checks); under ASan without the
/// freed memory that waits in its quarantine.
inline long rssKb()
{
    purgeSanitizerQuarantine();
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}
