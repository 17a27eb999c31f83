#include "segment.h"

#include <QRegularExpression>
#include <algorithm>
#include <numeric>

Fraction Fraction::of(qint64 num, qint64 den)
{
    const qint64 g = std::gcd(num, den);
    return g > 1 ? Fraction { num / g, den / g } : Fraction { num, den };
}

std::optional<Fraction> Fraction::parse(const QString& raw)
{
    const QString text = raw.trimmed();
    static const QRegularExpression Ratio(u"^(\\d{1,7})/(\\d{1,7})$"_qs);
    static const QRegularExpression Decimal(u"^(\\d)(?:\\.(\\d{1,6}))?$"_qs);
    static const QRegularExpression Percent(u"^(\\d{1,3})(?:\\.(\\d{1,4}))?%$"_qs);
    std::optional<Fraction> f;
    if (const auto m = Ratio.match(text); m.hasMatch()) {
        const qint64 den = m.captured(2).toLongLong();
        if (den > 0 && den <= MaxDenominator)
            f = of(m.captured(1).toLongLong(), den);
    } else if (const auto d = Decimal.match(text); d.hasMatch()) {
        const QString decimals = d.captured(2);
        qint64 den = 1;
        for (qsizetype i = 0; i < decimals.size(); ++i)
            den *= 10;
        f = of(d.captured(1).toLongLong() * den + (decimals.isEmpty() ? 0 : decimals.toLongLong()), den);
    } else if (const auto p = Percent.match(text); p.hasMatch()) {
        const QString decimals = p.captured(2);
        qint64 den = 100;
        for (qsizetype i = 0; i < decimals.size(); ++i)
            den *= 10;
        const qint64 scale = den / 100;
        f = of(p.captured(1).toLongLong() * scale + (decimals.isEmpty() ? 0 : decimals.toLongLong()), den);
    }
    if (!f || f->den > MaxDenominator || f->num < 0 || f->num > f->den)
        return std::nullopt;
    return f;
}

QString Fraction::toString() const
{
    if (num == 0)
        return u"0"_qs;
    if (num == den)
        return u"1"_qs;
    return QString::number(num) + u'/' + QString::number(den);
}

std::optional<ExecutionSegment> ExecutionSegment::parse(const QString& raw, QString* error)
{
    const QString text = raw.trimmed();
    const auto fail = [&](const QString& why) -> std::optional<ExecutionSegment> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (text.isEmpty())
        return ExecutionSegment {};
    const QStringList parts = text.split(u':');
    if (parts.size() > 2)
        return fail(u"\"%1\" is not a segment: write FROM:TO, e.g. 1/3:2/3"_qs.arg(text));
    const auto from = parts.size() == 2 ? Fraction::parse(parts[0]) : std::optional(Fraction {});
    const auto to = Fraction::parse(parts.last());
    if (!from || !to)
        return fail(u"\"%1\" is not a segment: its ends are fractions (1/3), decimals (0.5) or percentages "
                    "(50%) from 0 to 1"_qs.arg(text));
    if (!(*from < *to))
        return fail(u"the segment \"%1\" is empty: its start must be below its end"_qs.arg(text));
    return ExecutionSegment { *from, *to };
}

ExecutionSegment ExecutionSegment::part(int k, int n)
{
    return { Fraction::of(k - 1, n), Fraction::of(k, n) };
}

QString ExecutionSegment::toString() const
{
    return from.toString() + u':' + to.toString();
}

std::optional<SegmentSequence> SegmentSequence::parse(const QString& raw, QString* error)
{
    const QString text = raw.trimmed();
    const auto fail = [&](const QString& why) -> std::optional<SegmentSequence> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (text.isEmpty())
        return around(ExecutionSegment {});
    QList<Fraction> points;
    for (const QString& part : text.split(u',')) {
        const auto f = Fraction::parse(part);
        if (!f)
            return fail(u"\"%1\" in the sequence is not a fraction, decimal or percentage from 0 to 1"_qs.arg(
                part.trimmed()));
        if (!points.isEmpty() && !(points.last() < *f))
            return fail(u"the sequence \"%1\" must rise: %2 does not follow %3"_qs.arg(
                text, f->toString(), points.last().toString()));
        points << *f;
    }
    if (points.size() < 2)
        return fail(u"a sequence needs at least two points, e.g. 0,1/2,1"_qs);
    if (!(points.first() == Fraction {}))
        points.prepend(Fraction {});
    if (!(points.last() == Fraction { 1, 1 }))
        points.append(Fraction { 1, 1 });
    SegmentSequence s;
    for (qsizetype i = 1; i < points.size(); ++i)
        s.m_segments << ExecutionSegment { points[i - 1], points[i] };
    if (!s.stripe())
        return fail(
            u"the sequence \"%1\" needs a common denominator above %2; use simpler fractions"_qs.arg(text)
                .arg(MaxLcd));
    return s;
}

SegmentSequence SegmentSequence::even(int n)
{
    SegmentSequence s;
    for (int k = 1; k <= n; ++k)
        s.m_segments << ExecutionSegment::part(k, n);
    s.stripe();
    return s;
}

SegmentSequence SegmentSequence::around(const ExecutionSegment& segment)
{
    SegmentSequence s;
    if (!(segment.from == Fraction {}))
        s.m_segments << ExecutionSegment { Fraction {}, segment.from };
    s.m_segments << segment;
    if (!(segment.to == Fraction { 1, 1 }))
        s.m_segments << ExecutionSegment { segment.to, Fraction { 1, 1 } };
    s.stripe();
    return s;
}

qsizetype SegmentSequence::indexOf(const ExecutionSegment& segment) const
{
    return m_segments.indexOf(segment);
}

bool SegmentSequence::stripe()
{
    // The lengths over their common denominator.
    QList<Fraction> lengths;
    m_lcd = 1;
    for (const ExecutionSegment& s : m_segments) {
        const Fraction len
            = Fraction::of(s.to.num * s.from.den - s.from.num * s.to.den, s.to.den * s.from.den);
        lengths << len;
        m_lcd = std::lcm(m_lcd, len.den);
        if (m_lcd > MaxLcd)
            return false;
    }
    if (m_lcd * m_segments.size() > 10 * MaxLcd) // the striping walks LCD indexes times segments
        return false;
    QList<qint64> share; // how many of every LCD indexes each segment takes
    for (const Fraction& len : lengths)
        share << len.num * (m_lcd / len.den);
    // Largest shares choose first (ties in sequence order): they are the hardest to spread.
    QList<qsizetype> order(m_segments.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(
        order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return share[a] > share[b]; });
    m_positions = QList<QList<qint64>>(m_segments.size());
    // Each index goes to the first segment (in that order) that is due one: a segment that has taken
    // `taken` indexes is due its next at index taken * LCD / share, so its indexes lie as evenly apart
    // as its share allows.
    for (qint64 p = 0; p < m_lcd; ++p)
        for (qsizetype i : order)
            if (m_positions[i].size() < share[i] && p * share[i] >= qint64(m_positions[i].size()) * m_lcd) {
                m_positions[i] << p;
                break;
            }
    return true;
}

QList<qint64> SegmentSequence::stripeOffsets(qsizetype i) const
{
    const QList<qint64>& pos = m_positions.at(i);
    QList<qint64> gaps;
    for (qsizetype k = 1; k < pos.size(); ++k)
        gaps << pos[k] - pos[k - 1];
    gaps << pos.first() + m_lcd - pos.last();
    return gaps;
}

qint64 SegmentSequence::scale(qsizetype i, qint64 value) const
{
    if (value <= 0 || i >= m_positions.size())
        return 0;
    const QList<qint64>& pos = m_positions.at(i);
    const qint64 below = std::lower_bound(pos.cbegin(), pos.cend(), value % m_lcd) - pos.cbegin();
    return (value / m_lcd) * pos.size() + below;
}

bool SegmentSequence::owns(qsizetype i, qint64 index) const
{
    if (i >= m_positions.size())
        return false;
    const QList<qint64>& pos = m_positions.at(i);
    return index >= 0 && std::binary_search(pos.cbegin(), pos.cend(), index % m_lcd);
}

qint64 SegmentSequence::nthIndex(qsizetype i, qint64 n) const
{
    const QList<qint64>& pos = m_positions.at(i);
    if (pos.isEmpty())
        return n;
    return (n / pos.size()) * m_lcd + pos.at(n % pos.size());
}

QString SegmentSequence::toString() const
{
    if (m_segments.isEmpty())
        return {};
    QStringList points { m_segments.first().from.toString() };
    for (const ExecutionSegment& s : m_segments)
        points << s.to.toString();
    return points.join(u',');
}
