#pragma once

#include <QtGlobal>
#include <chrono>

/// Monotonic nanoseconds (vDSO clock_gettime; cheap enough for per-request use).
inline qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
