// Stackbench's HdrHistogram encoding against an independent implementation, HdrHistogram_py, both
// ways: Python decodes what this side encoded and checks this side's figures (count, every bucket,
// p50..p99.9, min, max, mean), and this side decodes what Python encoded and checks Python's. The
// script and its venv live in tests/tools/hdr (setup.sh, run by packaging/setup.sh). Skipped only
// when that venv is absent.
#include "metrics/hdrcodec.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <cmath>
#include <gtest/gtest.h>
#include <iomanip>
#include <iostream>
#include <random>
#include <utility>

namespace {
const QStringList Quantiles = { u"50"_qs, u"90"_qs, u"99"_qs, u"99.9"_qs };

QString venvPython()
{
    const QString venv = qEnvironmentVariableIsSet("STACKBENCH_HDR_VENV")
        ? qEnvironmentVariable("STACKBENCH_HDR_VENV")
        : QStringLiteral(STACKBENCH_SOURCE_DIR "/.venv-hdr");
    const QString python = venv + u"/bin/python"_qs;
    return QFileInfo(python).isExecutable() ? python : QString();
}

#define REQUIRE_VENV(python)                                                                                 \
    const QString python = venvPython();                                                                     \
    if (python.isEmpty())                                                                                    \
    GTEST_SKIP() << "HdrHistogram_py's venv is absent (.venv-hdr or $STACKBENCH_HDR_VENV): run "             \
                    "tests/tools/hdr/setup.sh, which packaging/setup.sh runs"

/// Runs hdr_interop.py; its output (both sides' numbers) is printed into the test's log.
int runScript(const QString& python, const QString& mode, const QString& file)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(python, { QStringLiteral(STACKBENCH_SOURCE_DIR "/tests/tools/hdr/hdr_interop.py"), mode, file });
    const bool finished = p.waitForFinished(120'000);
    std::cout << p.readAll().toStdString() << std::flush;
    if (!finished || p.exitStatus() != QProcess::NormalExit) {
        ADD_FAILURE() << "hdr_interop.py " << qPrintable(mode)
                      << " did not finish: " << qPrintable(p.errorString());
        return -1;
    }
    return p.exitCode();
}

QJsonArray bucketsOf(const Histogram& h)
{
    QJsonArray buckets;
    for (int i = 0; i < h.usedLength(); ++i)
        if (h.countAtIndex(i))
            buckets.append(QJsonArray { Histogram::lowestEquivalentValue(i), h.countAtIndex(i) });
    return buckets;
}

/// A case as hdr_interop.py reads it: the string and this side's figures.
QJsonObject caseOf(const QString& name, const Histogram& h)
{
    QJsonObject percentiles;
    for (const QString& q : Quantiles)
        percentiles.insert(q, h.percentile(q.toDouble()));
    return { { u"name"_qs, name }, { u"hdr"_qs, hdrcodec::encode(h) }, { u"count"_qs, h.count() },
        { u"buckets"_qs, bucketsOf(h) }, { u"percentiles"_qs, percentiles }, { u"min"_qs, h.min() },
        { u"max"_qs, h.max() }, { u"mean"_qs, h.mean() } };
}

/// Totals are multiples of 1000, where both sides' percentile ranks agree (see hdr_interop.py).
QJsonArray ourCases()
{
    std::mt19937_64 rng(12);
    std::normal_distribution<double> fast(1200, 150);
    std::lognormal_distribution<double> tail(10, 1.2);
    std::uniform_real_distribution<double> exponent(0, std::log(6e7));
    Histogram mixed, wide, top, counted;
    for (int i = 0; i < 30'000; ++i)
        mixed.record(qint64(i % 10 == 0 ? tail(rng) : fast(rng)));
    for (int i = 0; i < 10'000; ++i)
        wide.record(qint64(std::exp(exponent(rng))));
    for (int i = 0; i < 1000; ++i)
        top.record(Histogram::HighestValue);
    // A 6-byte and a 9-byte varint. Not past 2^62, where the 9th byte's 8th bit is used: HdrHistogram_py
    // 0.10.8 decodes such counts wrongly (its own encode/decode loses them), so that case is checked
    // the other way, where HdrHistogram_py encodes (and by HdrCodec.LargeCountsSurvive, byte by byte).
    counted.addCountAtIndex(100, qint64(1) << 40);
    counted.addCountAtIndex(3000, (qint64(1) << 58) + 12345);
    counted.addCountAtIndex(Histogram::bucketCount() - 1, 1000);
    return { caseOf(u"mixed"_qs, mixed), caseOf(u"wide"_qs, wide), caseOf(u"top"_qs, top),
        caseOf(u"counted"_qs, counted) };
}

bool writeJson(const QString& path, const QJsonArray& a)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(a).toJson()) > 0;
}

QJsonArray readJson(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).array() : QJsonArray {};
}

/// [[lowest value, count], ...] as numbers, so that 64-bit counts compare exactly.
QList<std::pair<qint64, qint64>> pairsOf(const QJsonArray& buckets)
{
    QList<std::pair<qint64, qint64>> out;
    for (const auto& b : buckets)
        out.append({ b.toArray().at(0).toInteger(), b.toArray().at(1).toInteger() });
    return out;
}

bool sameBucket(qint64 a, qint64 b)
{
    return Histogram::indexOf(a) == Histogram::indexOf(b);
}

/// Python's figures for one case against this side's decoding of Python's string.
void expectMatches(const QJsonObject& theirs)
{
    const QString name = theirs[u"name"_qs].toString();
    QString error;
    const auto h = hdrcodec::decode(theirs[u"hdr"_qs].toString(), &error);
    ASSERT_TRUE(h.has_value()) << qPrintable(name + u": "_qs + error);
    EXPECT_EQ(h->count(), theirs[u"count"_qs].toInteger()) << qPrintable(name);
    EXPECT_TRUE(pairsOf(bucketsOf(*h)) == pairsOf(theirs[u"buckets"_qs].toArray())) << qPrintable(name);
    const auto percentiles = theirs[u"percentiles"_qs].toObject();
    std::cout << qPrintable(name.leftJustified(10)) << " stackbench   count " << h->count();
    for (const QString& q : Quantiles) {
        const qint64 ours = h->percentile(q.toDouble()), python = percentiles[q].toInteger();
        std::cout << "  p" << qPrintable(q) << " " << ours;
        EXPECT_TRUE(sameBucket(ours, python)) << qPrintable(name) << " p" << qPrintable(q) << ": " << ours
                                              << " here, " << python << " in HdrHistogram_py";
    }
    std::cout << "  min " << h->min() << "  max " << h->max() << "  mean " << std::fixed
              << std::setprecision(3) << h->mean() << std::defaultfloat << '\n';
    EXPECT_TRUE(sameBucket(h->min(), theirs[u"min"_qs].toInteger())) << qPrintable(name);
    EXPECT_TRUE(sameBucket(h->max(), theirs[u"max"_qs].toInteger())) << qPrintable(name);
    const double mean = theirs[u"mean"_qs].toDouble();
    EXPECT_NEAR(h->mean(), mean, mean * 0.001 + 1) << qPrintable(name);
}
} // namespace

TEST(HdrInterop, HdrHistogramPyDecodesOurEncoding)
{
    REQUIRE_VENV(python);
    QTemporaryDir dir;
    const QString file = dir.filePath(u"stackbench-cases.json"_qs);
    ASSERT_TRUE(writeJson(file, ourCases()));
    EXPECT_EQ(runScript(python, u"decode"_qs, file), 0) << "HdrHistogram_py disagrees (see above)";
}

TEST(HdrInterop, WeDecodeHdrHistogramPysEncoding)
{
    REQUIRE_VENV(python);
    QTemporaryDir dir;
    const QString file = dir.filePath(u"python-cases.json"_qs);
    ASSERT_EQ(runScript(python, u"encode"_qs, file), 0);
    const QJsonArray cases = readJson(file);
    ASSERT_EQ(cases.size(), 5);
    for (const auto& c : cases)
        expectMatches(c.toObject());
}
