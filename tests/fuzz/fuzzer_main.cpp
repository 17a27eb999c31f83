// The libFuzzer entry point of one target; FUZZ_TARGET names its body in targets.h.
#include "targets.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString broken = FUZZ_TARGET(data, size);
    if (!broken.isEmpty()) {
        std::fprintf(stderr, "contract broken: %s\n", qPrintable(broken));
        std::abort(); // libFuzzer saves the input as crash-<sha1>
    }
    return 0;
}
