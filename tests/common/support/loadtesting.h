#pragma once

#include "engine/loadrunner.h"

#include <QCoroTask>
#include <QElapsedTimer>

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
