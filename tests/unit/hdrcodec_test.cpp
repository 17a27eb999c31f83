// HdrHistogram's compressed V2 encoding: the counts layout against HdrHistogram's own index formula,
// round trips, a string written by HdrHistogram_py (an independent implementation), merging decoded
// histograms, and garbage that must give an error, never a crash.
#include "metrics/hdrcodec.h"

#include <QByteArray>
#include <QtEndian>
#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <utility>

namespace {
constexpr double Quantiles[] = { 0, 1, 25, 50, 75, 90, 99, 99.9, 99.99, 100 };

/// HdrHistogram's countsArrayIndex() for lowestDiscernibleValue 1 and 3 significant digits, written
/// from AbstractHistogram.java: subBucketHalfCountMagnitude 10, leadingZeroCountBase 53, mask 2047.
int hdrCountsIndex(qint64 v)
{
    const int bucketIndex = 53 - std::countl_zero(quint64(v) | 2047u);
    const auto subBucketIndex = int(v >> bucketIndex);
    return ((bucketIndex + 1) << 10) + subBucketIndex - 1024;
}

Histogram recordAll(const std::vector<qint64>& values)
{
    Histogram h;
    for (qint64 v : values)
        h.record(v);
    return h;
}

std::vector<qint64> logUniform(size_t n, double lo, double hi, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> exponent(std::log(lo), std::log(hi));
    std::vector<qint64> out(n);
    for (qint64& v : out)
        v = qint64(std::exp(exponent(rng)));
    return out;
}

std::vector<qint64> normalAround(size_t n, double mean, double sd, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> dist(mean, sd);
    std::vector<qint64> out(n);
    for (qint64& v : out)
        v = std::max<qint64>(1, qint64(dist(rng)));
    return out;
}

Histogram decodeOrFail(const QString& text)
{
    QString error;
    const auto h = hdrcodec::decode(text, &error);
    EXPECT_TRUE(h.has_value()) << qPrintable(error);
    EXPECT_TRUE(error.isEmpty()) << qPrintable(error);
    return h.value_or(Histogram {});
}

void expectSameCounts(const Histogram& a, const Histogram& b)
{
    ASSERT_EQ(a.count(), b.count());
    ASSERT_EQ(a.usedLength(), b.usedLength());
    for (int i = 0; i < Histogram::bucketCount(); ++i)
        ASSERT_EQ(a.countAtIndex(i), b.countAtIndex(i)) << "bucket " << i;
}

/// Every figure of `decoded` in the same bucket as the original's (its min and max are bucket bounds).
void expectRoundTrip(const Histogram& original)
{
    const QString text = hdrcodec::encode(original);
    EXPECT_TRUE(text.startsWith(u"HISTFAAA"_qs)) << qPrintable(text.left(16));
    const Histogram decoded = decodeOrFail(text);
    expectSameCounts(decoded, original);
    for (double q : Quantiles)
        EXPECT_EQ(Histogram::indexOf(decoded.percentile(q)), Histogram::indexOf(original.percentile(q)))
            << "p" << q;
    EXPECT_EQ(Histogram::indexOf(decoded.min()), Histogram::indexOf(original.min()));
    EXPECT_EQ(Histogram::indexOf(decoded.max()), Histogram::indexOf(original.max()));
    EXPECT_FALSE(decoded.exactMoments());
    EXPECT_NEAR(decoded.mean(), original.mean(), original.mean() * 0.001 + 1);
    EXPECT_NEAR(decoded.stddev(), original.stddev(), original.stddev() * 0.01 + 1);
}

// --- building encodings by hand, with Qt's qCompress (zlib) rather than the codec's own deflate ---

void putVarint(QByteArray& out, qint64 value)
{
    quint64 v = (quint64(value) << 1) ^ quint64(value >> 63);
    for (int i = 0; i < 8 && v >= 0x80; ++i, v >>= 7)
        out.append(char((v & 0x7f) | 0x80));
    out.append(char(v));
}

template<typename T> void put(QByteArray& out, T v)
{
    char b[sizeof(T)];
    qToBigEndian(v, b);
    out.append(b, qsizetype(sizeof(T)));
}

struct Header
{
    quint32 cookie = 0x1c849313;
    qint32 offset = 0;
    qint32 digits = 3;
    qint64 lowest = 1;
    qint64 highest = 60'000'000;
    qint32 lengthDelta = 0; ///< added to the true payload length
};

QByteArray uncompressed(const QByteArray& payload, const Header& h = {})
{
    QByteArray out;
    put<quint32>(out, h.cookie);
    put<qint32>(out, qint32(payload.size()) + h.lengthDelta);
    put<qint32>(out, h.offset);
    put<qint32>(out, h.digits);
    put<qint64>(out, h.lowest);
    put<qint64>(out, h.highest);
    put<quint64>(out, std::bit_cast<quint64>(1.0));
    return out + payload;
}

QString wrapped(const QByteArray& zlibStream, quint32 cookie = 0x1c849314, qint32 lengthDelta = 0)
{
    QByteArray out;
    put<quint32>(out, cookie);
    put<qint32>(out, qint32(zlibStream.size()) + lengthDelta);
    return QString::fromLatin1(QByteArray(out + zlibStream).toBase64());
}

QByteArray zlib(const QByteArray& raw)
{
    return qCompress(raw).mid(4); // qCompress prefixes the uncompressed size
}

QString encoded(const QByteArray& payload, const Header& h = {})
{
    return wrapped(zlib(uncompressed(payload, h)));
}

QByteArray varints(std::initializer_list<qint64> values)
{
    QByteArray out;
    for (qint64 v : values)
        putVarint(out, v);
    return out;
}

QString errorOf(const QString& text)
{
    QString error;
    const auto h = hdrcodec::decode(text, &error);
    EXPECT_FALSE(h.has_value()) << "decoded " << qPrintable(text.left(40));
    EXPECT_FALSE(error.isEmpty());
    return error;
}
} // namespace

TEST(HdrCodec, LayoutIsHdrHistogramsCountsIndex)
{
    std::vector<qint64> values = logUniform(20000, 1, 6e7, 7);
    for (qint64 v : { 1, 2, 1023, 1024, 2047, 2048, 2049, 4095, 4096, 1'000'000, 59'999'999, 60'000'000 })
        values.push_back(v);
    for (qint64 v : values) {
        ASSERT_EQ(Histogram::indexOf(v), hdrCountsIndex(v)) << v;
        const int i = Histogram::indexOf(v);
        EXPECT_LE(Histogram::lowestEquivalentValue(i), v);
        EXPECT_GE(Histogram::highestEquivalentValue(i), v);
    }
    EXPECT_EQ(Histogram::bucketCount(), hdrCountsIndex(60'000'000) + 1); // 17192 of HdrHistogram's 17408
    EXPECT_EQ(Histogram::highestEquivalentValue(Histogram::bucketCount() - 1), 60'030'975);
}

TEST(HdrCodec, RoundTrips)
{
    expectRoundTrip(recordAll(logUniform(50000, 1, 6e7, 1)));
    expectRoundTrip(recordAll(normalAround(10000, 2500, 300, 2)));
    expectRoundTrip(recordAll({ 1 }));
    expectRoundTrip(recordAll({ 60'000'000, 60'000'000, 1 }));
    expectRoundTrip(recordAll(logUniform(3, 100, 1e6, 3)));
}

TEST(HdrCodec, LargeCountsSurvive)
{
    // Counts past 2^55 take 9 varint bytes; past 2^62 the 9th carries 8 bits, not 7.
    Histogram h;
    h.addCountAtIndex(1500, (qint64(1) << 62) + 1);
    h.addCountAtIndex(1600, qint64(1) << 58);
    h.addCountAtIndex(17000, 3);
    h.addCountAtIndex(0, 1);
    const QString text = hdrcodec::encode(h);
    const Histogram d = decodeOrFail(text);
    expectSameCounts(d, h);
    EXPECT_EQ(d.min(), 0);
    EXPECT_EQ(d.percentile(50), 1500);
    // The payload's bytes, against this file's own writer: runs of empty buckets as negatives.
    const QByteArray wire = QByteArray::fromBase64(text.toLatin1());
    QByteArray sizeHint;
    put<quint32>(sizeHint, 1u << 16);
    const QByteArray raw = qUncompress(sizeHint + wire.mid(8));
    EXPECT_EQ(raw.mid(40).toHex(),
        varints({ 1, -1499, (qint64(1) << 62) + 1, -99, qint64(1) << 58, -15399, 3 }).toHex());
}

TEST(HdrCodec, KnownAnswerFromHdrHistogramPy)
{
    // Written once by HdrHistogram_py 0.10.8 (tests/tools/hdr): HdrHistogram(1, 60000000, 3) with
    // record_value(1500, 600), (20000, 300), (250000, 90), (1000000, 9), (59000000, 1). It printed
    // total 1000, p50 1500, p90 20015, p99 250111, p99.9 1000447, p100 59015167 (the highest value
    // of each bucket) and mean 97407.232 (each bucket at low + width / 2).
    const Histogram h = decodeOrFail(
        u"HISTFAAAADJ4nJNpmSzMwMAgxAABzFCaEcyZ3M5g/wEisF18A2enzQ2W31ZbGP/KC52OZQIA1DcLEw=="_qs);
    EXPECT_EQ(h.count(), 1000);
    EXPECT_EQ(h.countAtIndex(Histogram::indexOf(1500)), 600);
    EXPECT_EQ(h.countAtIndex(Histogram::indexOf(20000)), 300);
    EXPECT_EQ(h.countAtIndex(Histogram::indexOf(59'000'000)), 1);
    // The same buckets; this side reports each bucket's middle: 20000..20015 -> 20007.
    const std::pair<double, qint64> expected[]
        = { { 50, 1500 }, { 90, 20007 }, { 99, 250'047 }, { 99.9, 1'000'191 }, { 100, 58'998'783 } };
    const qint64 theirs[] = { 1500, 20015, 250'111, 1'000'447, 59'015'167 };
    for (size_t i = 0; i < std::size(expected); ++i) {
        EXPECT_EQ(h.percentile(expected[i].first), expected[i].second) << "p" << expected[i].first;
        EXPECT_EQ(Histogram::indexOf(h.percentile(expected[i].first)), Histogram::indexOf(theirs[i]));
    }
    EXPECT_EQ(h.min(), 1500);
    EXPECT_EQ(h.max(), 59'015'167);
    EXPECT_NEAR(h.mean(), 97'407.232, 1.0); // 97406.832 here: bucket middles round down
}

TEST(HdrCodec, EmptyHistogram)
{
    const QString text = hdrcodec::encode(Histogram {});
    EXPECT_TRUE(text.startsWith(u"HISTFAAA"_qs));
    const Histogram d = decodeOrFail(text);
    EXPECT_EQ(d.count(), 0);
    EXPECT_EQ(d.percentile(99), 0);
    EXPECT_EQ(d.mean(), 0);
}

TEST(HdrCodec, MergedDecodedEqualsDecodedMerged)
{
    const Histogram a = recordAll(normalAround(4000, 800, 100, 11));
    const Histogram b = recordAll(logUniform(1000, 5000, 2e6, 12));
    Histogram pooled = decodeOrFail(hdrcodec::encode(a));
    pooled.merge(decodeOrFail(hdrcodec::encode(b)));
    Histogram merged = a;
    merged.merge(b);
    const Histogram decodedMerged = decodeOrFail(hdrcodec::encode(merged));

    expectSameCounts(pooled, decodedMerged);
    EXPECT_EQ(pooled.min(), decodedMerged.min());
    EXPECT_EQ(pooled.max(), decodedMerged.max());
    EXPECT_EQ(pooled.mean(), decodedMerged.mean());
    EXPECT_EQ(pooled.stddev(), decodedMerged.stddev());
    for (double q : Quantiles)
        EXPECT_EQ(pooled.percentile(q), decodedMerged.percentile(q)) << "p" << q;
    EXPECT_EQ(hdrcodec::encode(pooled), hdrcodec::encode(merged));
}

TEST(HdrCodec, DecodedCountsKeepRecordedMomentsApart)
{
    // Recorded values keep their exact mean until a decoded (bucket-only) histogram joins them.
    Histogram h = recordAll({ 1001, 1003, 1005 });
    EXPECT_TRUE(h.exactMoments());
    EXPECT_DOUBLE_EQ(h.mean(), 1003);
    h.merge(recordAll({ 2000 }));
    EXPECT_TRUE(h.exactMoments());
    h.merge(decodeOrFail(hdrcodec::encode(recordAll({ 5000 }))));
    EXPECT_FALSE(h.exactMoments());
    // Buckets 5000..5003 and single-µs ones below 2048: the middle of 5000..5003 is 5001.
    EXPECT_DOUBLE_EQ(h.mean(), (1001 + 1003 + 1005 + 2000 + 5001) / 5.0);
    EXPECT_EQ(h.max(), 5003);
    h.reset();
    EXPECT_TRUE(h.exactMoments());
}

TEST(HdrCodec, HandBuiltEncodingDecodes)
{
    // 3 at 1 µs, 4 empty buckets, 2 at 6 µs, one single empty bucket, 1 at 8 µs.
    const Histogram h = decodeOrFail(encoded(varints({ 0, 3, -4, 2, 0, 1 })));
    EXPECT_EQ(h.count(), 6);
    EXPECT_EQ(h.countAtIndex(1), 3);
    EXPECT_EQ(h.countAtIndex(6), 2);
    EXPECT_EQ(h.countAtIndex(8), 1);
    EXPECT_EQ(h.percentile(50), 1);
    EXPECT_EQ(h.percentile(100), 8);
    // Any cookie bits HdrHistogram ignores (the word-size nibble) are ignored here too.
    EXPECT_EQ(
        decodeOrFail(wrapped(zlib(uncompressed(varints({ 0, 3 }), { .cookie = 0x1c849393 })), 0x1c8493f4))
            .count(),
        3);
}

TEST(HdrCodec, GarbageGivesErrors)
{
    const auto contains = [](const QString& error, const char16_t* part) {
        EXPECT_TRUE(error.contains(QString::fromUtf16(part))) << qPrintable(error);
    };
    contains(errorOf({}), u"too short");
    contains(errorOf(u"HISTFAAA!!!!"_qs), u"not base64");
    contains(errorOf(u"HIST"_qs), u"too short");
    contains(errorOf(QString(300'000, u'A')), u"more than any histogram needs");
    contains(errorOf(wrapped(zlib(uncompressed({})), 0x12345678)), u"cookie 0x12345678");
    contains(errorOf(wrapped(zlib(uncompressed({})), 0x1c849312)), u"older HdrHistogram encoding");
    contains(
        errorOf(QString::fromLatin1(uncompressed({}).toBase64())), u"uncompressed HdrHistogram encoding");
    contains(errorOf(wrapped(zlib(uncompressed({})), 0x1c849314, 1)), u"compressed length says");
    contains(errorOf(wrapped("this is not zlib data")), u"corrupt zlib data");
    const QByteArray stream = zlib(uncompressed(varints({ 5, 6, 7 })));
    contains(errorOf(wrapped(stream.left(stream.size() - 6))), u"cut short");
    contains(errorOf(wrapped(stream + "xx")), u"follow the end of the zlib stream");
    contains(errorOf(wrapped(zlib(QByteArray(1'000'000, '\0')))), u"inflates to more than");
    contains(errorOf(wrapped(zlib(QByteArray(20, '\0')))), u"header is cut short");
    contains(errorOf(encoded({}, { .cookie = 0x1c849314 })), u"not the V2 encoding");
    contains(errorOf(encoded({}, { .offset = 3 })), u"normalizingIndexOffset 3");
    contains(errorOf(encoded({}, { .digits = 2 })), u"2 significant digits");
    contains(errorOf(encoded({}, { .lowest = 1000 })), u"lowestDiscernibleValue 1000");
    contains(errorOf(encoded({}, { .highest = 1 })), u"highestTrackableValue 1");
    contains(
        errorOf(encoded(varints({ 1 }), { .lengthDelta = 1 })), u"payload length says 2 bytes but 1 follow");
    contains(errorOf(encoded(QByteArray("\x02\x81", 2))), u"cut short at byte 1");
    contains(errorOf(encoded(varints({ -17192, 1 }))), u"bucket 17192, past 60 s");
    contains(errorOf(encoded(varints({ -3'000'000'000LL, 1 }))), u"more than HdrHistogram allows");
    contains(errorOf(encoded(varints({ std::numeric_limits<qint64>::min(), 1 }))),
        u"more than HdrHistogram allows");
    contains(errorOf(encoded(varints({ std::numeric_limits<qint64>::max(), 1 }))), u"total count overflows");
    // A run of empty buckets past the end is harmless (HdrHistogram's larger arrays end that way).
    EXPECT_TRUE(hdrcodec::decode(encoded(varints({ 1, -100'000 }))).has_value());
}

TEST(HdrCodec, NoInputCrashes)
{
    // Every single-character change and every cut of a real encoding decodes or gives an error.
    const QString text = hdrcodec::encode(recordAll(logUniform(500, 10, 1e6, 5)));
    const QString alphabet = u"AZaz09+/=-!"_qs;
    for (qsizetype i = 0; i < text.size(); ++i) {
        for (QChar c : alphabet) {
            QString mutated = text;
            mutated[i] = c;
            QString error;
            const auto h = hdrcodec::decode(mutated, &error);
            EXPECT_NE(h.has_value(), !error.isEmpty());
        }
        QString error;
        EXPECT_FALSE(hdrcodec::decode(text.left(i), &error).has_value());
    }
}
