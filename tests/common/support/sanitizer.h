#pragma once
// What tests need to know about an ASan + UBSan build (STACKBENCH_SANITIZE=ON).

#if defined(__SANITIZE_ADDRESS__)
#define STACKBENCH_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STACKBENCH_TEST_ASAN 1
#endif
#endif

#ifdef STACKBENCH_TEST_ASAN
extern "C" void __sanitizer_purge_allocator(); // in libasan; GCC 12 ships no header that declares it
#endif

/// How many times slower code runs in this build than in a plain one. Bounds on time that only
/// measure speed (how responsive, how fast) scale by it; bounds that are behaviour, such as a run
/// ending within its planned time plus the request timeout, do not.
#ifdef STACKBENCH_TEST_ASAN
inline constexpr int SanitizerSlowdown = 3;
#else
inline constexpr int SanitizerSlowdown = 1;
#endif

/// Under ASan, freed memory waits in a quarantine (up to 256 MB) before it can be reused, and so
/// stays resident. Memory bounds measure live memory: drain the quarantine before reading the RSS.
inline void purgeSanitizerQuarantine()
{
#ifdef STACKBENCH_TEST_ASAN
    __sanitizer_purge_allocator();
#endif
}
