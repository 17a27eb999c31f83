#include "comparison.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace {
constexpr double NaN = SampleComparison::NaN;

/// Two variance terms (s²/n) combined: their sum, and its Welch–Satterthwaite degrees of freedom.
struct PooledTerms
{
    double variance = 0;
    double df = NaN;
};

PooledTerms satterthwaite(double termA, qsizetype nA, double termB, qsizetype nB)
{
    PooledTerms t;
    t.variance = termA + termB;
    const double denominator = termA * termA / double(nA - 1) + termB * termB / double(nB - 1);
    if (denominator > 0)
        t.df = t.variance * t.variance / denominator;
    return t;
}

Verdict direction(double meanA, double meanB, bool higherIsBetter)
{
    if (meanA == meanB)
        return Verdict::Indistinguishable;
    return (meanA > meanB) == higherIsBetter ? Verdict::ABetter : Verdict::BBetter;
}

Verdict verdictOf(double p, double alpha, double meanA, double meanB, bool higherIsBetter)
{
    return p < alpha ? direction(meanA, meanB, higherIsBetter) : Verdict::Indistinguishable;
}

void welchTest(const Statistics& a, const Statistics& b, SampleComparison& c)
{
    const PooledTerms terms
        = satterthwaite(a.stddev * a.stddev / double(a.n), a.n, b.stddev * b.stddev / double(b.n), b.n);
    if (terms.variance == 0) { // both samples constant: the means are known exactly
        c.p = a.mean == b.mean ? 1 : 0;
        return;
    }
    c.t = (a.mean - b.mean) / std::sqrt(terms.variance);
    c.df = terms.df;
    c.p = 2 * studentTCdf(-std::abs(c.t), c.df);
}

/// The delta method on the log scale: see compareSamples() in the header.
void ratioInterval(const Statistics& a, const Statistics& b, double alpha, SampleComparison& c)
{
    if (!(a.mean > 0 && b.mean > 0))
        return;
    const PooledTerms terms = satterthwaite(a.stddev * a.stddev / (double(a.n) * a.mean * a.mean), a.n,
        b.stddev * b.stddev / (double(b.n) * b.mean * b.mean), b.n);
    const double half
        = terms.variance == 0 ? 0 : studentTQuantile(1 - alpha / 2, terms.df) * std::sqrt(terms.variance);
    c.ratioLow = c.ratio * std::exp(-half);
    c.ratioHigh = c.ratio * std::exp(half);
}

/// A letter of the compact letter display: which samples (by index) carry it.
using LetterColumn = QList<bool>;

/// Sample indices, best mean first; samples without values last; ties keep their order.
QList<qsizetype> bestFirst(const QList<NamedSample>& samples, bool higherIsBetter)
{
    QList<double> means;
    for (const auto& s : samples)
        means << (s.values.isEmpty() ? NaN : describe(s.values).mean);
    QList<qsizetype> order(samples.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](qsizetype x, qsizetype y) {
        if (std::isnan(means[x]) || std::isnan(means[y]))
            return !std::isnan(means[x]) && std::isnan(means[y]);
        return higherIsBetter ? means[x] > means[y] : means[x] < means[y];
    });
    return order;
}

bool isSubset(const LetterColumn& inner, const LetterColumn& outer)
{
    for (qsizetype k = 0; k < inner.size(); ++k)
        if (inner[k] && !outer[k])
            return false;
    return true;
}

/// Piepho's insert step for a significant pair (i, j): every column holding both is split into a
/// copy without i and a copy without j.
void insertPair(QList<LetterColumn>& columns, qsizetype i, qsizetype j)
{
    QList<LetterColumn> next;
    for (const LetterColumn& c : columns) {
        if (!c[i] || !c[j]) {
            next << c;
            continue;
        }
        LetterColumn withoutI = c, withoutJ = c;
        withoutI[i] = false;
        withoutJ[j] = false;
        next << withoutI << withoutJ;
    }
    columns = next;
}

/// Piepho's absorb step: a column contained in another one is redundant (of equal ones, the later).
void absorb(QList<LetterColumn>& columns)
{
    for (qsizetype i = 0; i < columns.size();) {
        bool redundant = false;
        for (qsizetype j = 0; j < columns.size() && !redundant; ++j)
            redundant = j != i && isSubset(columns[i], columns[j]) && (j < i || columns[i] != columns[j]);
        if (redundant)
            columns.removeAt(i);
        else
            ++i;
    }
}

/// Columns in letter order: compared as the best-first positions of their members.
void sortColumns(QList<LetterColumn>& columns, const QList<qsizetype>& order)
{
    const auto key = [&order](const LetterColumn& c) {
        QList<qsizetype> positions;
        for (qsizetype pos = 0; pos < order.size(); ++pos)
            if (c[order[pos]])
                positions << pos;
        return positions;
    };
    std::stable_sort(columns.begin(), columns.end(),
        [&key](const LetterColumn& x, const LetterColumn& y) { return key(x) < key(y); });
}

QString letterName(qsizetype k)
{
    if (k < 26)
        return QString(QChar(u'a' + char16_t(k)));
    if (k < 52)
        return QString(QChar(u'A' + char16_t(k - 26)));
    return u"{%1}"_qs.arg(k);
}

QJsonValue orNull(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QJsonValue intervalJson(const SampleComparison& c)
{
    return c.ratioCiAvailable() ? QJsonValue(QJsonArray { c.ratioLow, c.ratioHigh })
                                : QJsonValue(QJsonValue::Null);
}

QJsonObject comparisonJson(int figure, const SampleComparison& c, double pHolm, const QString& verdict)
{
    return { { u"figure"_qs, figure }, { u"ratio"_qs, orNull(c.ratio) }, { u"ratio_ci"_qs, intervalJson(c) },
        { u"p"_qs, orNull(c.p) }, { u"p_holm"_qs, orNull(pHolm) }, { u"verdict"_qs, verdict } };
}
} // namespace

QString toString(Verdict verdict)
{
    switch (verdict) {
    case Verdict::ABetter:
        return u"a_better"_qs;
    case Verdict::BBetter:
        return u"b_better"_qs;
    case Verdict::Indistinguishable:
        break;
    }
    return u"indistinguishable"_qs;
}

QString toString(Change change)
{
    switch (change) {
    case Change::Improved:
        return u"improved"_qs;
    case Change::Regressed:
        return u"regressed"_qs;
    case Change::WithinNoise:
        break;
    }
    return u"within_noise"_qs;
}

SampleComparison compareSamples(
    const QList<double>& a, const QList<double>& b, bool higherIsBetter, double alpha)
{
    SampleComparison c;
    if (a.isEmpty() || b.isEmpty())
        return c;
    const Statistics sa = describe(a), sb = describe(b);
    c.meanA = sa.mean;
    c.meanB = sb.mean;
    if (sb.mean != 0)
        c.ratio = sa.mean / sb.mean;
    if (sa.n < 2 || sb.n < 2)
        return c;
    welchTest(sa, sb, c);
    ratioInterval(sa, sb, alpha, c);
    c.verdict = verdictOf(c.p, alpha, sa.mean, sb.mean, higherIsBetter);
    return c;
}

QList<double> holmAdjust(const QList<double>& p)
{
    QList<qsizetype> order;
    for (qsizetype i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i]))
            order << i;
    std::stable_sort(order.begin(), order.end(), [&p](qsizetype x, qsizetype y) { return p[x] < p[y]; });
    QList<double> adjusted(p.size(), NaN);
    double running = 0;
    for (qsizetype k = 0; k < order.size(); ++k) {
        running = std::max(running, std::min(1.0, double(order.size() - k) * p[order[k]]));
        adjusted[order[k]] = running;
    }
    return adjusted;
}

QList<PairComparison> comparePairs(
    const QList<NamedSample>& samples, bool higherIsBetter, int figure, double alpha)
{
    QList<PairComparison> pairs;
    for (qsizetype i = 0; i < samples.size(); ++i)
        for (qsizetype j = i + 1; j < samples.size(); ++j)
            pairs.append({ .figure = figure,
                .a = samples[i].stack,
                .b = samples[j].stack,
                .test = compareSamples(samples[i].values, samples[j].values, higherIsBetter, alpha) });
    QList<double> p;
    for (const auto& pair : pairs)
        p << pair.test.p;
    const QList<double> adjusted = holmAdjust(p);
    for (qsizetype k = 0; k < pairs.size(); ++k) {
        PairComparison& pair = pairs[k];
        pair.pHolm = adjusted[k];
        pair.verdict = verdictOf(pair.pHolm, alpha, pair.test.meanA, pair.test.meanB, higherIsBetter);
    }
    return pairs;
}

QList<StackLetters> letterDisplay(
    const QList<NamedSample>& samples, const QList<PairComparison>& pairs, bool higherIsBetter)
{
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < samples.size(); ++i)
        index.insert(samples[i].stack, i);
    QList<LetterColumn> columns;
    if (!samples.isEmpty())
        columns << LetterColumn(samples.size(), true);
    for (const PairComparison& pair : pairs) {
        if (pair.verdict == Verdict::Indistinguishable || !index.contains(pair.a) || !index.contains(pair.b))
            continue;
        insertPair(columns, index.value(pair.a), index.value(pair.b));
        absorb(columns);
    }
    sortColumns(columns, bestFirst(samples, higherIsBetter));
    QList<StackLetters> out;
    for (qsizetype i = 0; i < samples.size(); ++i) {
        StackLetters s { samples[i].stack, {}, 0 };
        for (qsizetype k = 0; k < columns.size(); ++k) {
            if (!columns[k][i])
                continue;
            s.rank = s.rank ? s.rank : int(k + 1);
            s.letters += letterName(k);
        }
        out << s;
    }
    return out;
}

double kendallTauB(const QList<double>& x, const QList<double>& y)
{
    if (x.size() != y.size() || x.size() < 2)
        return NaN;
    qint64 concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, pairs = 0;
    for (qsizetype i = 0; i < x.size(); ++i) {
        for (qsizetype j = i + 1; j < x.size(); ++j) {
            const double dx = x[i] - x[j], dy = y[i] - y[j];
            ++pairs;
            tiedX += dx == 0;
            tiedY += dy == 0;
            if (dx != 0 && dy != 0)
                ++((dx > 0) == (dy > 0) ? concordant : discordant);
        }
    }
    const double denominator = std::sqrt(double(pairs - tiedX) * double(pairs - tiedY));
    return denominator > 0 ? double(concordant - discordant) / denominator : NaN;
}

QList<RowChange> compareResultSets(const Aggregates& before, const Aggregates& after, double alpha)
{
    QList<RowChange> changes;
    for (const StackAggregate& now : after.rows) {
        const StackAggregate* then = before.find(now.scenarioId, now.stack);
        if (now.failed || !then || then->failed)
            continue;
        const bool higherIsBetter = now.metric == Metric::Rps;
        changes.append({ .scenarioId = now.scenarioId,
            .figure = now.figure,
            .stack = now.stack,
            .label = now.label,
            .scenarioTitle = now.scenarioTitle,
            .metric = now.metric,
            .test = compareSamples(now.values, then->values, higherIsBetter, alpha) });
    }
    QList<double> p;
    for (const auto& c : changes)
        p << c.test.p;
    const QList<double> adjusted = holmAdjust(p);
    for (qsizetype k = 0; k < changes.size(); ++k) {
        RowChange& c = changes[k];
        c.pHolm = adjusted[k];
        const Verdict v = verdictOf(c.pHolm, alpha, c.test.meanA, c.test.meanB, c.metric == Metric::Rps);
        c.change = v == Verdict::ABetter ? Change::Improved
            : v == Verdict::BBetter      ? Change::Regressed
                                         : Change::WithinNoise;
    }
    return changes;
}

QJsonObject toJson(const PairComparison& pair)
{
    QJsonObject o = comparisonJson(pair.figure, pair.test, pair.pHolm, toString(pair.verdict));
    o.insert(u"a"_qs, pair.a);
    o.insert(u"b"_qs, pair.b);
    return o;
}

QJsonObject tauToJson(int figure, double tauB)
{
    return { { u"figure"_qs, figure }, { u"tau_b"_qs, orNull(tauB) } };
}

QJsonObject toJson(const RowChange& change)
{
    QJsonObject o = comparisonJson(change.figure, change.test, change.pHolm, toString(change.change));
    o.insert(u"scenario"_qs, change.scenarioId);
    o.insert(u"stack"_qs, change.stack);
    return o;
}

qsizetype FolderComparison::count(Change change) const
{
    return std::count_if(
        changes.cbegin(), changes.cend(), [change](const RowChange& c) { return c.change == change; });
}

FolderComparison compareFolders(
    const QString& beforeDir, const QString& afterDir, const AggregateOptions& options)
{
    FolderComparison out;
    const auto before = loadReadableResults(beforeDir, &out.problems);
    const auto after = loadReadableResults(afterDir, &out.problems);
    if (before)
        out.before = aggregate(*before, options);
    else
        out.unreadable << beforeDir;
    if (after)
        out.after = aggregate(*after, options);
    else
        out.unreadable << afterDir;
    if (!out.ok())
        return out;
    out.changes = compareResultSets(*out.before, *out.after);
    const bool same = QFileInfo(beforeDir).canonicalFilePath() == QFileInfo(afterDir).canonicalFilePath();
    out.warnings = comparabilityWarnings(*before->manifest, *after->manifest, same);
    return out;
}

QStringList comparabilityWarnings(const RunManifest& before, const RunManifest& after, bool sameFolder)
{
    QStringList w;
    if (sameFolder)
        w << u"both sides are the same results folder: every row is within noise by construction"_qs;
    const auto scenarios = [](const Plan& p) {
        QMap<QString, QJsonObject> byId;
        for (const auto& v : p.toJson()[u"scenarios"_qs].toArray()) {
            QJsonObject o = v.toObject();
            o.remove(u"title"_qs); // a title is a name, not the load
            byId.insert(o[u"id"_qs].toString(), o);
        }
        return byId;
    };
    const auto a = scenarios(before.plan), b = scenarios(after.plan);
    if (a.keys() != b.keys())
        w << u"the sets ran different scenarios (%1 against %2)"_qs.arg(
            a.keys().join(u", "_qs), b.keys().join(u", "_qs));
    QStringList changed;
    for (auto it = a.cbegin(); it != a.cend(); ++it)
        if (b.contains(it.key()) && b.value(it.key()) != it.value())
            changed << it.key();
    if (!changed.isEmpty())
        w << u"the load or request differs in %1"_qs.arg(changed.join(u", "_qs));
    if (before.plan.procedure.repetitions != after.plan.procedure.repetitions)
        w << u"%1 repetitions against %2"_qs.arg(before.plan.procedure.repetitions)
                 .arg(after.plan.procedure.repetitions);
    if (before.environment.machine() != after.environment.machine())
        w << u"different machines (%1 against %2)"_qs.arg(
            before.environment.machine(), after.environment.machine());
    if (before.transport != after.transport)
        w << u"different transports (%1 against %2)"_qs.arg(before.transport, after.transport);
    return w;
}

namespace {
QString describeChange(const RowChange& c)
{
    const QString where = c.figure ? u"Figure %1"_qs.arg(c.figure) : u"–"_qs;
    const QString ratio = std::isnan(c.test.ratio) ? u"n/a"_qs : QString::number(c.test.ratio, 'f', 3);
    const QString interval = c.test.ratioCiAvailable()
        ? u" [%1, %2]"_qs.arg(
            QString::number(c.test.ratioLow, 'f', 3), QString::number(c.test.ratioHigh, 'f', 3))
        : QString();
    const QString p = c.test.testAvailable()
        ? u"p %1  Holm %2"_qs.arg(QString::number(c.test.p, 'g', 2), QString::number(c.pHolm, 'g', 2))
        : u"p n/a (fewer than two repetitions)"_qs;
    return u"%1  %2  %3  %4  after/before %5%6  %7"_qs.arg(
        where, c.scenarioId, c.stack, toString(c.change), ratio, interval, p);
}
} // namespace

QStringList describeChanges(const QList<RowChange>& changes)
{
    QStringList lines;
    for (const RowChange& c : changes)
        lines << describeChange(c);
    return lines;
}

QJsonObject toJson(const FolderComparison& comparison)
{
    QJsonArray changes;
    for (const RowChange& c : comparison.changes)
        changes.append(toJson(c));
    return { { u"format"_qs, u"stackbench-comparison"_qs }, { u"version"_qs, 1 }, { u"changes"_qs, changes },
        { u"improved"_qs, comparison.count(Change::Improved) },
        { u"regressed"_qs, comparison.count(Change::Regressed) },
        { u"within_noise"_qs, comparison.count(Change::WithinNoise) },
        { u"warnings"_qs, QJsonArray::fromStringList(comparison.warnings) } };
}

void judgeFigures(Aggregates& aggregates, double alpha)
{
    QMap<int, QList<qsizetype>> byFigure; // row indexes with data, in plan order
    for (qsizetype i = 0; i < aggregates.rows.size(); ++i) {
        const StackAggregate& row = aggregates.rows.at(i);
        if (row.figure != 0 && !row.failed && !row.values.isEmpty())
            byFigure[row.figure] << i;
    }
    for (auto it = byFigure.cbegin(); it != byFigure.cend(); ++it) {
        QList<NamedSample> samples;
        for (qsizetype i : it.value())
            samples << NamedSample { aggregates.rows.at(i).stack, aggregates.rows.at(i).values };
        const bool higherIsBetter = aggregates.rows.at(it.value().first()).metric == Metric::Rps;
        const QList<PairComparison> pairs = comparePairs(samples, higherIsBetter, it.key(), alpha);
        aggregates.comparisons << pairs;
        const QList<StackLetters> letters = letterDisplay(samples, pairs, higherIsBetter);
        for (qsizetype k = 0; k < letters.size(); ++k) {
            StackAggregate& row = aggregates.rows[it.value().at(k)];
            row.letters = letters.at(k).letters;
            row.rank = letters.at(k).rank;
        }
    }
}

void agreeWithPaper(Aggregates& aggregates, const std::function<double(int, const QString&)>& paperValue)
{
    QMap<int, std::pair<QList<double>, QList<double>>> byFigure;
    for (const StackAggregate& row : aggregates.rows) {
        const double paper = row.figure != 0 ? paperValue(row.figure, row.stack) : SampleComparison::NaN;
        if (row.failed || row.values.isEmpty() || !(paper > 0))
            continue;
        byFigure[row.figure].first << row.stats.mean;
        byFigure[row.figure].second << paper;
    }
    aggregates.paperAgreement.clear();
    for (auto it = byFigure.cbegin(); it != byFigure.cend(); ++it)
        aggregates.paperAgreement.insert(it.key(), kendallTauB(it.value().first, it.value().second));
}

QStringList verdictLines(const Aggregates& aggregates)
{
    QMap<int, QList<const StackAggregate*>> byFigure;
    for (const StackAggregate& row : aggregates.rows)
        if (row.figure != 0 && !row.letters.isEmpty())
            byFigure[row.figure] << &row;
    QStringList lines;
    for (auto it = byFigure.begin(); it != byFigure.end(); ++it) {
        auto& rows = it.value();
        // Best first: by rank, and within a rank by the mean in the figure's better direction.
        std::stable_sort(rows.begin(), rows.end(), [](auto* x, auto* y) {
            if (x->rank != y->rank)
                return x->rank < y->rank;
            return x->metric == Metric::Rps ? x->stats.mean > y->stats.mean : x->stats.mean < y->stats.mean;
        });
        const StackAggregate& first = *rows.first();
        QString head = u"Figure %1 (%2, %3"_qs.arg(it.key()).arg(unitOf(first.metric),
            first.metric == Metric::Rps ? u"higher is better"_qs : u"lower is better"_qs);
        if (const double tau = aggregates.paperAgreement.value(it.key(), SampleComparison::NaN);
            !std::isnan(tau))
            head += u"; τ-b vs paper %1"_qs.arg(tau, 0, 'f', 2);
        QStringList parts;
        for (const StackAggregate* r : rows)
            parts << u"%1 %2  %3 %4"_qs.arg(r->rank)
                         .arg(r->letters, r->label.isEmpty() ? r->stack : r->label)
                         .arg(r->stats.mean, 0, 'f', 1);
        lines << head + u"): "_qs + parts.join(u" · "_qs);
    }
    return lines;
}
