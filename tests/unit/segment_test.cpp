// Issue 17, part 1: execution segments with k6's semantics. The vectors are k6's own (grafana/k6,
// lib/execution_segment_test.go: TestSequenceLCD, TestGetStripedOffsets, TestNewExecutionTuple),
// copied as numbers; the property tests check that segments together cover a whole exactly.
#include "engine/segment.h"

#include <gtest/gtest.h>
#include <random>

namespace {
SegmentSequence sequence(const char* text)
{
    QString error;
    const auto s = SegmentSequence::parse(QString::fromLatin1(text), &error);
    EXPECT_TRUE(s.has_value()) << text << ": " << qPrintable(error);
    return s.value_or(SegmentSequence::even(1));
}

ExecutionSegment segment(const char* text)
{
    QString error;
    const auto s = ExecutionSegment::parse(QString::fromLatin1(text), &error);
    EXPECT_TRUE(s.has_value()) << text << ": " << qPrintable(error);
    return s.value_or(ExecutionSegment {});
}
} // namespace

TEST(Segment, ParsesK6Notation)
{
    EXPECT_EQ(segment("1/3:2/3").toString(), u"1/3:2/3"_qs);
    EXPECT_EQ(segment("0.5:0.75").toString(), u"1/2:3/4"_qs);
    EXPECT_EQ(segment("50%:75%").toString(), u"1/2:3/4"_qs);
    EXPECT_EQ(segment("2/4:75%").toString(), u"1/2:3/4"_qs);
    EXPECT_EQ(segment("1/5").toString(), u"0:1/5"_qs) << "a single value is the end of a first segment";
    EXPECT_EQ(segment("").toString(), u"0:1"_qs);
    EXPECT_EQ(ExecutionSegment::part(2, 3).toString(), u"1/3:2/3"_qs);
    QString error;
    EXPECT_FALSE(ExecutionSegment::parse(u"2/3:1/3"_qs, &error));
    EXPECT_TRUE(error.contains(u"below its end"_qs)) << qPrintable(error);
    EXPECT_FALSE(ExecutionSegment::parse(u"0:1.5"_qs, &error));
    EXPECT_FALSE(ExecutionSegment::parse(u"a:b"_qs, &error));
    EXPECT_FALSE(SegmentSequence::parse(u"0,1/2,1/3,1"_qs, &error));
    EXPECT_TRUE(error.contains(u"must rise"_qs)) << qPrintable(error);
}

TEST(Segment, LcdAsK6)
{
    EXPECT_EQ(sequence("0,0.3,0.5,0.6,0.7,0.8,0.9,1").lcd(), 10);
    EXPECT_EQ(sequence("0,0.1,0.5,0.6,0.7,0.8,0.9,1").lcd(), 10);
    EXPECT_EQ(sequence("0,0.2,0.5,0.6,0.7,0.8,0.9,1").lcd(), 10);
    EXPECT_EQ(sequence("0,1/3,5/6").lcd(), 6);
    EXPECT_EQ(sequence("0,1/3,4/7").lcd(), 21);
}

TEST(Segment, StripedOffsetsAsK6)
{
    struct Case
    {
        const char* seq;
        const char* seg;
        qint64 start;
        QList<qint64> offsets;
        qint64 lcd;
    };
    const QList<Case> cases = {
        { "0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0:0.3", 0, { 4, 3, 3 }, 10 },
        { "0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.3:0.5", 1, { 4, 6 }, 10 },
        { "0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.5:0.6", 2, { 10 }, 10 },
        { "0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.6:0.7", 3, { 10 }, 10 },
        { "0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.8:0.9", 8, { 10 }, 10 },
        { "0,0.3,0.5,0.6,0.7,0.8,0.9,1", "0.9:1", 9, { 10 }, 10 },
        { "0,0.2,0.5,0.6,0.7,0.8,0.9,1", "0.9:1", 9, { 10 }, 10 },
        { "0,0.2,0.5,0.6,0.7,0.8,0.9,1", "0:0.2", 1, { 4, 6 }, 10 },
        { "0,0.2,0.5,0.6,0.7,0.8,0.9,1", "0.6:0.7", 3, { 10 }, 10 },
        // not full sequences: filled out as k6 fills them
        { "0,0.2,0.5", "0:0.2", 3, { 6, 4 }, 10 },
        { "0,0.2,0.5", "0.2:0.5", 1, { 4, 2, 4 }, 10 },
        { "0,2/5,4/5", "0:2/5", 0, { 3, 2 }, 5 },
        { "0,2/5,4/5", "2/5:4/5", 1, { 3, 2 }, 5 },
        // no sequence: the segment alone, filled out
        { "", "0:0.2", 1, { 5 }, 5 },
        { "", "0:1/5", 1, { 5 }, 5 },
        { "", "0:2/10", 1, { 5 }, 5 },
        { "", "0:0.4", 1, { 2, 3 }, 5 },
        { "", "0:2/5", 1, { 2, 3 }, 5 },
        { "", "2/5:4/5", 1, { 3, 2 }, 5 },
        { "", "0:4/10", 1, { 2, 3 }, 5 },
        { "", "1/10:5/10", 1, { 2, 2, 4, 2 }, 10 },
    };
    for (const Case& c : cases) {
        const ExecutionSegment seg = segment(c.seg);
        const SegmentSequence seq = *c.seq ? sequence(c.seq) : SegmentSequence::around(seg);
        const qsizetype i = seq.indexOf(seg);
        ASSERT_GE(i, 0) << c.seq << " " << c.seg;
        EXPECT_EQ(seq.lcd(), c.lcd) << c.seq << " " << c.seg;
        EXPECT_EQ(seq.stripeStart(i), c.start) << c.seq << " " << c.seg;
        EXPECT_EQ(seq.stripeOffsets(i), c.offsets) << c.seq << " " << c.seg;
    }
}

TEST(Segment, ScalesIntegersAsK6)
{
    const SegmentSequence thirds = sequence("0,1/3,2/3,1");
    const QList<QList<std::pair<qint64, qint64>>> expected = {
        { { 50, 17 }, { 3, 1 }, { 2, 1 }, { 1, 1 }, { 0, 0 } },
        { { 50, 17 }, { 3, 1 }, { 2, 1 }, { 1, 0 }, { 0, 0 } },
        { { 50, 16 }, { 3, 1 }, { 2, 0 }, { 1, 0 }, { 0, 0 } },
    };
    for (qsizetype i = 0; i < 3; ++i)
        for (const auto& [value, scaled] : expected[i])
            EXPECT_EQ(thirds.scale(i, value), scaled) << "segment " << i << ", value " << value;
    const SegmentSequence whole = SegmentSequence::parse(QString()).value();
    EXPECT_EQ(whole.scale(0, 50), 50);
    EXPECT_EQ(whole.scale(0, 1), 1);
}

TEST(Segment, SegmentsCoverTheWholeWithoutOverlap)
{
    std::mt19937 random(20261128);
    for (int round = 0; round < 200; ++round) {
        // A random sequence of 1 to 9 segments over a denominator up to 60.
        const int den = std::uniform_int_distribution<int>(1, 60)(random);
        QList<int> cuts { 0, den };
        const int extra = std::uniform_int_distribution<int>(0, std::min(8, den - 1))(random);
        while (cuts.size() < 2 + extra) {
            const int c = std::uniform_int_distribution<int>(1, den - 1)(random);
            if (!cuts.contains(c))
                cuts << c;
        }
        std::sort(cuts.begin(), cuts.end());
        QStringList points;
        for (int c : cuts)
            points << QString::number(c) + u'/' + QString::number(den);
        const SegmentSequence seq = SegmentSequence::parse(points.join(u',')).value();
        for (qint64 value : { 0, 1, 2, 7, 59, 60, 61, 1000, 12345 }) {
            qint64 total = 0;
            for (qsizetype i = 0; i < seq.size(); ++i) {
                total += seq.scale(i, value);
                EXPECT_LE(seq.scale(i, value), seq.scale(i, value + 1)) << "never shrinks as the value grows";
            }
            EXPECT_EQ(total, value) << qPrintable(seq.toString());
        }
        for (qint64 index = 0; index < 3 * seq.lcd(); ++index) {
            int owners = 0;
            for (qsizetype i = 0; i < seq.size(); ++i)
                owners += seq.owns(i, index) ? 1 : 0;
            ASSERT_EQ(owners, 1) << "index " << index << " in " << qPrintable(seq.toString());
        }
    }
    const SegmentSequence three = SegmentSequence::even(3);
    EXPECT_EQ(three.toString(), u"0,1/3,2/3,1"_qs);
    EXPECT_EQ(three.scale(0, 1000) + three.scale(1, 1000) + three.scale(2, 1000), 1000);
}
