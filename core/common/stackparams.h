#pragma once

#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>
#include <QString>
#include <optional>

// Stack parameters ("workers", "threads"...) and sweep values as plans and stack manifests both
// write them.

/// A number the shortest way that reads back exactly: "4", "12.5", "1e-05".
inline QString shortestNumberText(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

/// A parameter's name: a lower-case word, e.g. "workers" or "worker_class".
inline bool isValidParamName(const QString& name)
{
    static const QRegularExpression re(u"^[a-z][a-z0-9_]{0,31}$"_qs);
    return re.match(name).hasMatch();
}

/// A parameter's value as JSON gives it: a string, or a number written the shortest way ("4", "0.5").
/// nullopt for anything else (objects, arrays, booleans, null).
inline std::optional<QString> paramValueText(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        return shortestNumberText(d == 0 ? 0.0 : d); // -0 is 0
    }
    return std::nullopt;
}
