#pragma once

#include "procsignals.h"
#include "results/preflight.h"

#include <QCoroTask>
#include <chrono>

/// Reads the machine over `window` (CPU use is a difference of two readings) and assesses it.
/// Never blocks the calling thread's event loop.
QCoro::Task<Preflight> runPreflight(std::chrono::milliseconds window = std::chrono::milliseconds(1000),
    const char* procRoot = proc::kProcRoot, const char* sysRoot = "/sys");
