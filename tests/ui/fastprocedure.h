#pragma once

#include "plan/plan.h"

/// A procedure that goes straight to the scenarios: no settling, seeding, warm-up or idling, a
/// short gap, one repetition and no conformance check, for GUI tests that finish in seconds.
inline Procedure fastProcedure()
{
    Procedure p;
    p.settleS = 0;
    p.seedCount = 0;
    p.warmup.reset();
    p.idleS = 0;
    p.gapS = 0.1;
    p.repetitions = 1;
    p.verify = false;
    return p;
}
