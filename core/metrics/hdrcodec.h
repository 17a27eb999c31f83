#pragma once

#include "histogram.h"

#include <QString>
#include <optional>

/// A Histogram as text in HdrHistogram's own format: the compressed V2 encoding, in base64. Strings
/// start with "HISTFAAA" and any HdrHistogram implementation (Java, C, Python, Go, JavaScript) reads
/// them, as HdrHistogram log files and `HistogramLogProcessor` do.
///
/// The format (HdrHistogram's AbstractHistogram.encodeIntoCompressedByteBuffer, V2), all big-endian:
/// the cookie 0x1c849314 (0x1c849304 | 0x10), the length of what follows, then a zlib stream of: the
/// cookie 0x1c849313 (0x1c849303 | 0x10), the payload length, normalizingIndexOffset (0), significant
/// digits (3), lowestDiscernibleValue (1), highestTrackableValue (60,000,000) and
/// integerToDoubleValueConversionRatio (1.0), then the payload: the counts from index 0 to the highest
/// non-empty one, each a ZigZag LEB128 varint of at most 9 bytes (the 9th carries 8 bits), where a
/// negative -n stands for n empty buckets in a row.
///
/// The format keeps counts only, so a decoded histogram has no exact running mean: its mean and
/// standard deviation are read off the buckets and its min and max are bucket bounds (see
/// Histogram::exactMoments()). Percentiles and merging are as exact as for the original.
namespace hdrcodec {
/// The base64 text of `h`; never empty (an empty histogram encodes too).
QString encode(const Histogram& h);

/// Reads what encode() (or another HdrHistogram implementation with lowestDiscernibleValue 1 and 3
/// significant digits) wrote. Any input is safe: garbage gives std::nullopt and a sentence in `error`
/// (bad base64, wrong cookie, a length that does not match, corrupt or oversized zlib data, a
/// truncated varint, counts past 60 s or a total that overflows).
std::optional<Histogram> decode(QStringView text, QString* error = nullptr);
} // namespace hdrcodec
