#pragma once

#include <QString>
#include <cstddef>
#include <cstdint>

/// The bodies of the fuzz targets, shared by the libFuzzer executables (fuzzer_main.cpp) and the
/// corpus regression test in the normal suite (tests/unit/fuzz_corpus_test.cpp).
///
/// Each takes any bytes and must neither crash nor trip a sanitizer. Beyond that, each checks the
/// parser's own contract (a rejection lists at least one problem, what is accepted survives a save
/// and reload unchanged, the body cap holds...) and returns the broken rule as a sentence, or an empty
/// string when all held. No Qt application object is needed.
namespace fuzz {
/// parsePlan() on the bytes as a plan file.
QString plan(const uint8_t* data, size_t size);
/// The results folder readers on the bytes as one file of a folder: RunManifest::fromJson and
/// ScenarioRecord::fromJson (which decodes the record's HdrHistogram strings, so the decoder is
/// fuzzed too), then the folder-level code (file naming, aggregates, CSV, resume) on what they
/// accepted.
QString results(const uint8_t* data, size_t size);
/// HttpResponseParser on the bytes as a response stream. data[0] picks the options (bit 0: keep
/// headers and body; bits 1-2: the body cap), data[1] seeds the split into pieces (0: one piece);
/// the rest is what the server sent, parsed as consecutive responses until a failure or the end,
/// which counts as the server closing the connection.
QString httpResponse(const uint8_t* data, size_t size);
} // namespace fuzz
