#include "sweeptext.h"

#include "common/stackparams.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SweepText", text);
}

/// "k=a,b; l=c" split into keys and their comma-separated values, in the order written.
std::optional<QList<std::pair<QString, QStringList>>> splitAxes(const QString& text, QString* error)
{
    QList<std::pair<QString, QStringList>> out;
    QStringList seen;
    for (const QString& rawPart : text.split(u';', Qt::SkipEmptyParts)) {
        const QString part = rawPart.trimmed();
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf(u'=');
        if (eq <= 0) {
            *error = tr("\"%1\" is not name=value; separate entries with ';'").arg(part);
            return std::nullopt;
        }
        const QString key = part.left(eq).trimmed();
        if (seen.contains(key)) {
            *error = tr("%1 is given twice").arg(key);
            return std::nullopt;
        }
        seen << key;
        QStringList values;
        for (const QString& v : part.mid(eq + 1).split(u','))
            values << v.trimmed();
        out.append({ key, values });
    }
    return out;
}
} // namespace

QString paramsText(const QMap<QString, QString>& params)
{
    QStringList parts;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(u"; "_qs);
}

std::optional<QMap<QString, QString>> parseParamsText(const QString& text, QString* error)
{
    const auto axes = splitAxes(text, error);
    if (!axes)
        return std::nullopt;
    QMap<QString, QString> out;
    for (const auto& [key, values] : *axes) {
        if (values.size() != 1) {
            *error = tr("%1 has several values; sweep it instead").arg(key);
            return std::nullopt;
        }
        out.insert(key, values.first());
    }
    return out;
}

QString sweepText(const QMap<QString, QStringList>& axes)
{
    QStringList parts;
    for (auto it = axes.cbegin(); it != axes.cend(); ++it)
        parts << it.key() + u'=' + it.value().join(u',');
    return parts.join(u"; "_qs);
}

std::optional<QMap<QString, QStringList>> parseSweepText(const QString& text, QString* error)
{
    const auto axes = splitAxes(text, error);
    if (!axes)
        return std::nullopt;
    QMap<QString, QStringList> out;
    for (const auto& [key, values] : *axes)
        out.insert(key, values);
    return out;
}

QString loadSweepText(const QMap<QString, QList<double>>& axes)
{
    QStringList parts;
    for (auto it = axes.cbegin(); it != axes.cend(); ++it) {
        QStringList values;
        for (double v : it.value())
            values << shortestNumberText(v);
        parts << it.key() + u'=' + values.join(u',');
    }
    return parts.join(u"; "_qs);
}

std::optional<QMap<QString, QList<double>>> parseLoadSweepText(const QString& text, QString* error)
{
    const auto axes = splitAxes(text, error);
    if (!axes)
        return std::nullopt;
    QMap<QString, QList<double>> out;
    for (const auto& [key, values] : *axes) {
        QList<double> numbers;
        for (const QString& v : values) {
            bool ok = false;
            const double n = v.toDouble(&ok);
            if (!ok) {
                *error = tr("%1: \"%2\" is not a number").arg(key, v);
                return std::nullopt;
            }
            numbers << n;
        }
        out.insert(key, numbers);
    }
    return out;
}
