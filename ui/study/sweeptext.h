#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

// Stack parameters and sweep axes as the Study page's fields write them: keys separated by ';',
// values by ',' ("workers=1,2,4; threads=1,2"). Only the shape is checked here; names and values
// are judged by the plan's rules, whose problems the form shows under the field.

/// "threads=2; workers=4"
QString paramsText(const QMap<QString, QString>& params);
/// The reverse; nullopt with `error` set when a part is not "key=value" or a key repeats.
std::optional<QMap<QString, QString>> parseParamsText(const QString& text, QString* error);

/// "threads=1,2; workers=1,2,4"
QString sweepText(const QMap<QString, QStringList>& axes);
std::optional<QMap<QString, QStringList>> parseSweepText(const QString& text, QString* error);

/// "vus=1,10,50": a scenario's load sweep.
QString loadSweepText(const QMap<QString, QList<double>>& axes);
/// The reverse; every value must be a number.
std::optional<QMap<QString, QList<double>>> parseLoadSweepText(const QString& text, QString* error);
