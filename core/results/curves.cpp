#include "curves.h"

#include "comparison.h"

#include <QJsonArray>
#include <QLocale>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <tuple>

namespace {

bool qualifiesAsKnee(const CurvePoint& p, const CurveObjective& objective)
{
    if (p.repetitions <= 0 || p.errorRate != 0)
        return false;
    if (objective.sloP99Ms > 0)
        return p.latencyKnown && p.p99Ms <= objective.sloP99Ms;
    return true;
}

/// @p v rounded to @p decimals places; null when not finite.
QJsonValue rounded(double v, int decimals = 2)
{
    if (!std::isfinite(v))
        return QJsonValue(QJsonValue::Null);
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

/// @p v to @p digits significant digits; null when not finite.
QJsonValue significant(double v, int digits = 6)
{
    if (!std::isfinite(v))
        return QJsonValue(QJsonValue::Null);
    if (v == 0)
        return 0.0;
    const int magnitude = int(std::floor(std::log10(std::abs(v))));
    return rounded(v, digits - 1 - magnitude);
}

QJsonValue interval(bool known, double lo, double hi)
{
    return known ? QJsonValue(QJsonArray { rounded(lo), rounded(hi) }) : QJsonValue(QJsonValue::Null);
}

QJsonObject paramsJson(const QMap<QString, QString>& params)
{
    QJsonObject o;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

int positiveParam(const QMap<QString, QString>& params, const QString& key)
{
    bool ok = false;
    const int n = params.value(key).trimmed().toInt(&ok);
    return ok && n > 0 ? n : 1;
}

QString axisKey(const QString& axis)
{
    return axis.isEmpty() ? u"x"_qs : axis;
}

QJsonObject pointJson(const CurvePoint& p, const QString& key)
{
    const QJsonValue none(QJsonValue::Null);
    return { { key, rounded(p.x) }, { u"rps"_qs, rounded(p.rps) },
        { u"rps_ci"_qs, interval(p.rpsCiKnown, p.rpsLo, p.rpsHi) },
        { u"p50_ms"_qs, p.latencyKnown ? rounded(p.p50Ms) : none },
        { u"p99_ms"_qs, p.latencyKnown ? rounded(p.p99Ms) : none },
        { u"error_rate"_qs, significant(p.errorRate) }, { u"repetitions"_qs, p.repetitions } };
}

QJsonValue markJson(const std::optional<CurvePoint>& p, const QString& key)
{
    if (!p)
        return QJsonValue(QJsonValue::Null);
    return QJsonObject { { key, rounded(p->x) }, { u"rps"_qs, rounded(p->rps) } };
}

QJsonObject seriesJson(const CurveSeries& s)
{
    const QString key = axisKey(s.axis);
    QJsonArray points;
    for (const CurvePoint& p : s.points)
        points.append(pointJson(p, key));
    return { { u"stack"_qs, s.stack }, { u"label"_qs, s.label }, { u"scenario"_qs, s.scenario },
        { u"axis"_qs, key }, { u"params"_qs, paramsJson(s.params) }, { u"points"_qs, points },
        { u"knee"_qs, markJson(s.knee, key) }, { u"plateau"_qs, markJson(s.plateau, key) } };
}

QJsonObject configJson(const ConfigResult& c, const ConfigStanding& standing)
{
    QJsonArray values;
    for (double v : c.rpsValues)
        values.append(rounded(v));
    const QJsonValue rank = standing.rank == ConfigStanding::Best ? QJsonValue(u"best"_qs)
        : standing.rank == ConfigStanding::Tied                   ? QJsonValue(u"tied"_qs)
                                                                  : QJsonValue(QJsonValue::Null);
    return { { u"stack"_qs, c.stack }, { u"label"_qs, c.label }, { u"scenario"_qs, c.scenario },
        { u"params"_qs, paramsJson(c.params) }, { u"rps"_qs, rounded(c.rps) },
        { u"rps_ci"_qs, interval(c.rpsCiKnown, c.rpsLo, c.rpsHi) }, { u"rps_values"_qs, values },
        { u"flagged_repetitions"_qs, c.flaggedRepetitions },
        { u"flags"_qs, QJsonArray::fromStringList(c.flags) }, { u"rank"_qs, rank },
        { u"p_vs_best"_qs, rounded(standing.pVsBest, 4) } };
}

/// Whether @p a is the better of two configurations under bestConfigs()'s rule; an exact tie
/// (the same params) keeps the earlier one, which the caller holds as @p b.
bool betterConfig(const ConfigResult& a, const ConfigResult& b)
{
    if (a.rps != b.rps)
        return a.rps > b.rps;
    const int sizeA = configSize(a.params), sizeB = configSize(b.params);
    if (sizeA != sizeB)
        return sizeA < sizeB;
    return paramsKey(a.params) < paramsKey(b.params);
}

} // namespace

qsizetype kneeIndex(const QList<CurvePoint>& points, const CurveObjective& objective)
{
    qsizetype best = -1;
    for (qsizetype i = 0; i < points.size(); ++i) {
        // Strictly greater: among equal throughputs the first, lowest-load point stays.
        if (qualifiesAsKnee(points.at(i), objective) && (best < 0 || points.at(i).rps > points.at(best).rps))
            best = i;
    }
    return best;
}

qsizetype plateauIndex(const QList<CurvePoint>& points, double gain)
{
    // From the end: the most any point after i reached.
    QList<double> laterMax(points.size(), -qInf());
    for (qsizetype i = points.size() - 2; i >= 0; --i)
        laterMax[i] = std::max(laterMax.at(i + 1), points.at(i + 1).rps);
    for (qsizetype i = 0; i + 1 < points.size(); ++i) {
        const double rps = points.at(i).rps;
        if (rps > 0 && laterMax.at(i) < rps * (1 + gain))
            return i;
    }
    return -1;
}

void analyseCurve(CurveSeries& series, const CurveObjective& objective)
{
    const qsizetype knee = kneeIndex(series.points, objective);
    const qsizetype plateau = plateauIndex(series.points, objective.plateauGain);
    series.knee = knee >= 0 ? std::optional(series.points.at(knee)) : std::nullopt;
    series.plateau = plateau >= 0 ? std::optional(series.points.at(plateau)) : std::nullopt;
}

// QMap iterates its keys sorted.
QString paramsKey(const QMap<QString, QString>& params)
{
    QStringList parts;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        parts.append(QString(it.key() + u'=' + it.value()));
    return parts.join(u',');
}

int configSize(const QMap<QString, QString>& params)
{
    return positiveParam(params, u"workers"_qs) * positiveParam(params, u"threads"_qs);
}

QMap<QString, ConfigResult> bestConfigs(const QList<ConfigResult>& results, const QString& scenario)
{
    QMap<QString, ConfigResult> best;
    for (const ConfigResult& r : results) {
        if (r.scenario != scenario)
            continue;
        const auto it = best.constFind(r.stack);
        if (it == best.constEnd() || betterConfig(r, *it))
            best.insert(r.stack, r);
    }
    return best;
}

QList<ConfigStanding> rankConfigs(const QList<ConfigResult>& results, const QString& scenario, double alpha)
{
    const QMap<QString, ConfigResult> best = bestConfigs(results, scenario);
    QList<ConfigStanding> standings(results.size());
    QMap<QString, QList<qsizetype>> challengers; // per stack, indices into results
    QList<double> rawP(results.size(), std::numeric_limits<double>::quiet_NaN());
    for (qsizetype i = 0; i < results.size(); ++i) {
        const ConfigResult& r = results.at(i);
        const auto b = best.constFind(r.stack);
        if (r.scenario != scenario || b == best.constEnd())
            continue;
        if (r.params == b->params) {
            standings[i].rank = ConfigStanding::Best;
            continue;
        }
        rawP[i] = compareSamples(r.rpsValues, b->rpsValues, true, alpha).p;
        challengers[r.stack] << i;
    }
    for (const QList<qsizetype>& indices : std::as_const(challengers)) {
        QList<double> p;
        for (qsizetype i : indices)
            p << rawP.at(i);
        const QList<double> adjusted = holmAdjust(p);
        for (qsizetype k = 0; k < indices.size(); ++k) {
            ConfigStanding& s = standings[indices.at(k)];
            s.pVsBest = adjusted.at(k);
            if (!std::isnan(s.pVsBest) && s.pVsBest >= alpha)
                s.rank = ConfigStanding::Tied;
        }
    }
    return standings;
}

namespace {
/// Rows in the order a reader scans them: fewer workers first, then fewer threads, then the rest.
bool rowBefore(const QMap<QString, QString>& a, const QMap<QString, QString>& b)
{
    const auto key = [](const QMap<QString, QString>& p) {
        // An absent parameter reads 0: before any value set.
        return std::make_tuple(p.value(u"workers"_qs).toInt(), p.value(u"threads"_qs).toInt(), paramsKey(p));
    };
    return key(a) < key(b);
}
} // namespace

QString ConfigLayout::rowTitle(const QMap<QString, QString>& params)
{
    QStringList parts;
    if (params.contains(u"workers"_qs))
        parts << params.value(u"workers"_qs) + u" w"_qs;
    if (params.contains(u"threads"_qs))
        parts << params.value(u"threads"_qs) + u" t"_qs;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (it.key() == u"workers"_qs || it.key() == u"threads"_qs)
            continue;
        // A flag parameter ("reuse_port": "--reuse-port" or "") reads as the flag or its absence.
        if (it.value().isEmpty())
            parts << u"no "_qs + it.key();
        else if (it.value().startsWith(u'-'))
            parts << it.value();
        else
            parts << it.key() + u'=' + it.value();
    }
    return parts.isEmpty() ? u"defaults"_qs : parts.join(u" × "_qs);
}

QString configCellText(const ConfigResult& c, const ConfigStanding& standing)
{
    const QLocale locale(QLocale::English, QLocale::UnitedStates); // "7,121", as on the figures
    QString text = locale.toString(c.rps, 'f', 0);
    if (c.rpsCiKnown)
        text += u" ±"_qs + locale.toString((c.rpsHi - c.rpsLo) / 2, 'f', 0);
    if (standing.rank == ConfigStanding::Best)
        text += u" ★"_qs;
    else if (standing.rank == ConfigStanding::Tied)
        text += u" ≈"_qs;
    if (c.flaggedRepetitions > 0)
        text += u" ⚑%1"_qs.arg(c.flaggedRepetitions);
    return text;
}

QStringList configScenarios(const QList<ConfigResult>& configs, const QString& first)
{
    QStringList out;
    if (configs.isEmpty())
        return out;
    if (!first.isEmpty())
        out << first;
    for (const ConfigResult& c : configs)
        if (!out.contains(c.scenario))
            out << c.scenario;
    return out;
}

ConfigLayout layoutConfigs(const QList<ConfigResult>& configs, const QString& scenario)
{
    ConfigLayout l;
    for (const ConfigResult& c : configs) {
        if (c.scenario != scenario)
            continue;
        if (!l.stacks.contains(c.stack)) {
            l.stacks << c.stack;
            l.stackLabels << (c.stackLabel.isEmpty() ? c.label : c.stackLabel);
            l.stackMax << 0.0;
        }
        if (!l.rows.contains(c.params))
            l.rows << c.params;
    }
    std::sort(l.rows.begin(), l.rows.end(), rowBefore);
    l.cells = QList<QList<qsizetype>>(l.rows.size(), QList<qsizetype>(l.stacks.size(), -1));
    for (qsizetype i = 0; i < configs.size(); ++i) {
        const ConfigResult& c = configs.at(i);
        if (c.scenario != scenario)
            continue;
        const qsizetype column = l.stacks.indexOf(c.stack);
        l.cells[l.rows.indexOf(c.params)][column] = i;
        l.stackMax[column] = std::max(l.stackMax.at(column), c.rps);
    }
    return l;
}

void Curves::analyse()
{
    for (CurveSeries& s : series)
        analyseCurve(s, objective);
}

QJsonObject Curves::toJson() const
{
    QJsonArray stacks;
    for (const CurveSeries& s : series)
        stacks.append(seriesJson(s));

    const QString scenario = !configScenario.isEmpty() ? configScenario
        : configs.isEmpty()                            ? QString()
                                                       : configs.first().scenario;
    const QList<ConfigStanding> standings = rankConfigs(configs, scenario);
    QMap<QString, QJsonArray> tied;
    QJsonArray all;
    for (qsizetype i = 0; i < configs.size(); ++i) {
        all.append(configJson(configs.at(i), standings.at(i)));
        if (standings.at(i).rank == ConfigStanding::Tied)
            tied[configs.at(i).stack].append(paramsJson(configs.at(i).params));
    }
    QJsonObject best;
    const QMap<QString, ConfigResult> chosen = bestConfigs(configs, scenario);
    for (auto it = chosen.cbegin(); it != chosen.cend(); ++it) {
        const ConfigResult& c = it.value();
        best.insert(it.key(),
            QJsonObject { { u"params"_qs, paramsJson(c.params) }, { u"rps"_qs, rounded(c.rps) },
                { u"scenario"_qs, c.scenario }, { u"label"_qs, c.label },
                { u"rps_ci"_qs, interval(c.rpsCiKnown, c.rpsLo, c.rpsHi) },
                { u"size"_qs, configSize(c.params) }, { u"tied"_qs, tied.value(it.key()) } });
    }

    const QJsonObject objectiveJson { { u"slo_p99_ms"_qs,
                                          objective.sloP99Ms > 0 ? rounded(objective.sloP99Ms)
                                                                 : QJsonValue(QJsonValue::Null) },
        { u"plateau_gain"_qs, objective.plateauGain } };
    return { { u"format"_qs, u"stackbench-curves"_qs }, { u"version"_qs, 1 }, { u"stacks"_qs, stacks },
        { u"best_config"_qs, best }, { u"configs"_qs, all }, { u"objective"_qs, objectiveJson } };
}
