#include "hdrcodec.h"

#include <QByteArray>
#include <QtEndian>
#include <bit>
#include <limits>
#include <zlib.h>

// The format is HdrHistogram's V2 encoding, as written by AbstractHistogram.encodeIntoByteBuffer()
// and encodeIntoCompressedByteBuffer() and read by decodeFromCompressedByteBuffer() in HdrHistogram
// (Java, github.com/HdrHistogram/HdrHistogram), with ZigZagEncoding's LEB128-64b9B varints.
namespace {
constexpr quint32 V2Cookie = 0x1c849303;
constexpr quint32 V2CompressedCookie = 0x1c849304;
constexpr quint32 WordSizeFlag = 0x10; ///< HdrHistogram sets it; readers ignore these bits
constexpr qsizetype HeaderSize = 40;
constexpr qsizetype WrapperSize = 8;
constexpr int MaxVarintBytes = 9;
constexpr int SignificantDigits = 3;

quint32 cookieBase(quint32 cookie)
{
    return cookie & ~0xf0u;
}

/// No payload of ours needs more than 9 bytes per bucket: a stream that inflates past this is garbage
/// (or a zip bomb), and is refused before it costs memory.
qsizetype maxUncompressedSize()
{
    return HeaderSize + qsizetype(MaxVarintBytes) * Histogram::bucketCount();
}

qsizetype maxBase64Size()
{
    const auto bound = qsizetype(compressBound(uLong(maxUncompressedSize()))) + WrapperSize;
    return (bound + 2) / 3 * 4;
}

template<typename T> void putBigEndian(QByteArray& out, T value)
{
    char bytes[sizeof(T)];
    qToBigEndian(value, bytes);
    out.append(bytes, qsizetype(sizeof(T)));
}

template<typename T> T bigEndianAt(QByteArrayView bytes, qsizetype at)
{
    return qFromBigEndian<T>(bytes.data() + at);
}

/// ZigZag, then LEB128 of at most 9 bytes: the 9th carries the last 8 bits whole.
void putVarint(QByteArray& out, qint64 value)
{
    quint64 v = (quint64(value) << 1) ^ quint64(value >> 63);
    for (int i = 0; i < MaxVarintBytes - 1 && v >= 0x80; ++i) {
        out.append(char((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.append(char(v));
}

bool readVarint(QByteArrayView p, qsizetype& at, qint64* value)
{
    quint64 v = 0;
    for (int i = 0; i < MaxVarintBytes; ++i) {
        if (at >= p.size())
            return false;
        const auto byte = quint8(p[at++]);
        if (i == MaxVarintBytes - 1) {
            v |= quint64(byte) << 56;
            break;
        }
        v |= quint64(byte & 0x7f) << (7 * i);
        if (!(byte & 0x80))
            break;
    }
    *value = qint64(v >> 1) ^ -qint64(v & 1);
    return true;
}

/// The counts from index 0 to the last non-empty one; a run of n > 1 empty buckets is written as -n.
QByteArray payload(const Histogram& h)
{
    QByteArray out;
    const int end = h.usedLength();
    for (int i = 0; i < end;) {
        const qint64 count = h.countAtIndex(i++);
        qint64 zeros = count == 0 ? 1 : 0;
        while (zeros && i < end && h.countAtIndex(i) == 0) {
            ++zeros;
            ++i;
        }
        putVarint(out, zeros > 1 ? -zeros : count);
    }
    return out;
}

QByteArray uncompressed(const Histogram& h)
{
    const QByteArray counts = payload(h);
    QByteArray out;
    out.reserve(HeaderSize + counts.size());
    putBigEndian<quint32>(out, V2Cookie | WordSizeFlag);
    putBigEndian<qint32>(out, qint32(counts.size()));
    putBigEndian<qint32>(out, 0); // normalizingIndexOffset
    putBigEndian<qint32>(out, SignificantDigits);
    putBigEndian<qint64>(out, Histogram::LowestValue);
    putBigEndian<qint64>(out, Histogram::HighestValue);
    putBigEndian<quint64>(out, std::bit_cast<quint64>(1.0)); // integerToDoubleValueConversionRatio
    return out + counts;
}

QByteArray deflate(const QByteArray& in)
{
    auto size = compressBound(uLong(in.size()));
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    const int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size,
        reinterpret_cast<const Bytef*>(in.constData()), uLong(in.size()), Z_DEFAULT_COMPRESSION);
    Q_ASSERT(rc == Z_OK); // compressBound() leaves room enough; memory aside, nothing else fails
    out.resize(rc == Z_OK ? qsizetype(size) : 0);
    return out;
}

/// Reads the encoding step by step; the first failure is kept as the sentence for the caller.
class Decoder
{
public:
    std::optional<Histogram> decode(QStringView text);
    QString error() const { return m_error; }

private:
    bool fail(const QString& why);
    std::nullopt_t failed(const QString& why);
    std::optional<QByteArray> compressed(QStringView text);
    std::optional<QByteArray> inflate(QByteArrayView z);
    bool checkCookie(quint32 cookie, quint32 expected, const char16_t* where);
    bool header(QByteArrayView raw);
    bool counts(QByteArrayView payload, Histogram& h);
    bool addCount(qint64 index, qint64 count, Histogram& h);

    QString m_error;
    qint64 m_total = 0;
};

bool Decoder::fail(const QString& why)
{
    if (m_error.isEmpty())
        m_error = why;
    return false;
}

std::nullopt_t Decoder::failed(const QString& why)
{
    fail(why);
    return std::nullopt;
}

std::optional<Histogram> Decoder::decode(QStringView text)
{
    const auto z = compressed(text);
    const auto raw = z ? inflate(*z) : std::nullopt;
    if (!raw || !header(*raw))
        return std::nullopt;
    Histogram h;
    if (!counts(QByteArrayView(*raw).sliced(HeaderSize), h))
        return std::nullopt;
    return h;
}

/// Base64 to the zlib stream, through the wrapper's cookie and length.
std::optional<QByteArray> Decoder::compressed(QStringView text)
{
    if (text.size() > maxBase64Size())
        return failed(u"%1 characters, more than any histogram needs"_qs.arg(text.size()));
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return failed(u"not base64"_qs);
    const QByteArray bytes = *decoded;
    if (bytes.size() < WrapperSize)
        return failed(u"%1 bytes, too short for an HdrHistogram"_qs.arg(bytes.size()));
    if (!checkCookie(bigEndianAt<quint32>(bytes, 0), V2CompressedCookie, u"the compressed encoding"))
        return std::nullopt;
    const auto length = bigEndianAt<qint32>(bytes, 4);
    if (length != bytes.size() - WrapperSize)
        return failed(u"the compressed length says %1 bytes but %2 follow"_qs.arg(length).arg(
            bytes.size() - WrapperSize));
    return bytes.sliced(WrapperSize);
}

bool Decoder::checkCookie(quint32 cookie, quint32 expected, const char16_t* where)
{
    const quint32 base = cookieBase(cookie);
    if (base == expected)
        return true;
    if (base == 0x1c849301 || base == 0x1c849302 || base == 0x1c849308 || base == 0x1c849309)
        return fail(u"an older HdrHistogram encoding (V0 or V1), which Stackbench does not read"_qs);
    if (base == V2Cookie && expected == V2CompressedCookie)
        return fail(u"an uncompressed HdrHistogram encoding; Stackbench reads the compressed one"_qs);
    return fail(u"not %1 of an HdrHistogram (cookie 0x%2)"_qs.arg(QString::fromUtf16(where))
                    .arg(cookie, 8, 16, QChar(u'0')));
}

std::optional<QByteArray> Decoder::inflate(QByteArrayView z)
{
    QByteArray out(maxUncompressedSize() + 1, Qt::Uninitialized);
    z_stream s {};
    if (inflateInit(&s) != Z_OK)
        return failed(u"zlib could not start"_qs);
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
    s.avail_in = uInt(z.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = uInt(out.size());
    const int rc = ::inflate(&s, Z_FINISH);
    const QString message = s.msg ? QString::fromLatin1(s.msg) : QString();
    const bool full = s.avail_out == 0, leftover = s.avail_in != 0;
    out.resize(out.size() - qsizetype(s.avail_out));
    inflateEnd(&s);
    if (rc == Z_STREAM_END && !leftover)
        return out;
    if (rc == Z_STREAM_END)
        return failed(u"bytes follow the end of the zlib stream"_qs);
    if (full)
        return failed(
            u"inflates to more than %1 bytes, more than any histogram needs"_qs.arg(maxUncompressedSize()));
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT)
        return failed(u"corrupt zlib data (%1)"_qs.arg(message));
    return failed(u"the zlib stream is cut short"_qs);
}

bool Decoder::header(QByteArrayView raw)
{
    if (raw.size() < HeaderSize)
        return fail(u"the header is cut short (%1 of %2 bytes)"_qs.arg(raw.size()).arg(HeaderSize));
    if (!checkCookie(bigEndianAt<quint32>(raw, 0), V2Cookie, u"the V2 encoding"))
        return false;
    const auto length = bigEndianAt<qint32>(raw, 4);
    if (length != raw.size() - HeaderSize)
        return fail(
            u"the payload length says %1 bytes but %2 follow"_qs.arg(length).arg(raw.size() - HeaderSize));
    if (const auto offset = bigEndianAt<qint32>(raw, 8); offset != 0)
        return fail(u"normalizingIndexOffset %1 is not supported (only 0)"_qs.arg(offset));
    if (const auto digits = bigEndianAt<qint32>(raw, 12); digits != SignificantDigits)
        return fail(
            u"%1 significant digits; Stackbench's histograms have %2"_qs.arg(digits).arg(SignificantDigits));
    if (const auto lowest = bigEndianAt<qint64>(raw, 16); lowest != Histogram::LowestValue)
        return fail(
            u"lowestDiscernibleValue %1; Stackbench's is %2"_qs.arg(lowest).arg(Histogram::LowestValue));
    if (const auto highest = bigEndianAt<qint64>(raw, 24); highest < 2 * Histogram::LowestValue)
        return fail(u"highestTrackableValue %1 is below 2"_qs.arg(highest));
    return true;
}

bool Decoder::counts(QByteArrayView payload, Histogram& h)
{
    qsizetype at = 0;
    qint64 index = 0;
    while (at < payload.size()) {
        qint64 v = 0;
        const qsizetype start = at;
        if (!readVarint(payload, at, &v))
            return fail(u"a count is cut short at byte %1 of the payload"_qs.arg(start));
        if (v < 0) {
            const quint64 zeros = quint64(-(v + 1)) + 1; // -v without overflow at INT64_MIN
            if (zeros > quint64(std::numeric_limits<qint32>::max()))
                return fail(u"a run of %1 empty buckets, more than HdrHistogram allows"_qs.arg(zeros));
            index += qint64(zeros);
        } else if (!addCount(index++, v, h)) {
            return false;
        }
    }
    return true;
}

bool Decoder::addCount(qint64 index, qint64 count, Histogram& h)
{
    if (count == 0)
        return true;
    if (index >= Histogram::bucketCount())
        return fail(u"a count at bucket %1, past 60 s (the last bucket is %2)"_qs.arg(index).arg(
            Histogram::bucketCount() - 1));
    if (count > std::numeric_limits<qint64>::max() - m_total)
        return fail(u"the total count overflows"_qs);
    m_total += count;
    h.addCountAtIndex(int(index), count);
    return true;
}
} // namespace

namespace hdrcodec {
QString encode(const Histogram& h)
{
    const QByteArray z = deflate(uncompressed(h));
    QByteArray out;
    putBigEndian<quint32>(out, V2CompressedCookie | WordSizeFlag);
    putBigEndian<qint32>(out, qint32(z.size()));
    return QString::fromLatin1(QByteArray(out + z).toBase64());
}

std::optional<Histogram> decode(QStringView text, QString* error)
{
    Decoder d;
    auto h = d.decode(text);
    if (error)
        *error = d.error();
    return h;
}
} // namespace hdrcodec
