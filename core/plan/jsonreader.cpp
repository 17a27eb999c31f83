#include "jsonreader.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>
#include <cctype>
#include <cmath>

QString JsonProblem::toString() const
{
    QString s;
    if (!file.isEmpty())
        s += file + u": "_qs;
    if (!path.isEmpty())
        s += path + u": "_qs;
    return s + reason;
}

QString formatProblems(const JsonProblems& problems)
{
    QStringList lines;
    for (const auto& p : problems)
        lines << p.toString();
    return lines.join(u'\n');
}

JsonReader::JsonReader(QString file)
    : m_file(std::move(file))
{
}

std::optional<QJsonObject> JsonReader::parseObject(const QByteArray& bytes)
{
    if (bytes.trimmed().isEmpty()) {
        problem({}, u"the file is empty"_qs);
        return std::nullopt;
    }
    if (bytes.size() > MaxDocumentBytes) {
        problem({},
            u"the file is %1 bytes, larger than the %2 bytes allowed"_qs.arg(bytes.size())
                .arg(MaxDocumentBytes));
        return std::nullopt;
    }
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        const qsizetype offset = std::clamp<qsizetype>(error.offset, 0, bytes.size());
        const QByteArray before = bytes.left(offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
        // Qt names the error by what it expected, so judge truncation by where it stopped: at the end.
        qsizetype last = bytes.size() - 1;
        while (last > 0 && std::isspace(static_cast<unsigned char>(bytes.at(last))))
            --last;
        const bool truncated = offset >= last;
        problem({},
            u"%1 JSON at line %2, column %3 (offset %4): %5"_qs
                .arg(truncated ? u"truncated or malformed"_qs : u"malformed"_qs)
                .arg(line)
                .arg(column)
                .arg(offset)
                .arg(error.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        problem({}, u"the top level must be a JSON object, not an array"_qs);
        return std::nullopt;
    }
    return doc.object();
}

void JsonReader::problem(const QString& path, const QString& reason)
{
    m_problems.append({ m_file, path, reason });
}

void JsonReader::checkKeys(const QJsonObject& o, const QString& path, const QStringList& allowed)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key().startsWith(u'_') || allowed.contains(it.key()))
            continue;
        problem(join(path, it.key()), u"unknown key; expected one of: "_qs + allowed.join(u", "_qs));
    }
}

std::optional<QString> JsonReader::string(
    const QJsonObject& o, const QString& path, const QString& key, Need need)
{
    const auto v = o.value(key);
    if (v.isUndefined()) {
        if (need == Required)
            problem(join(path, key), u"is required but missing (a string)"_qs);
        return std::nullopt;
    }
    return stringValue(v, join(path, key));
}

std::optional<qint64> JsonReader::integer(
    const QJsonObject& o, const QString& path, const QString& key, Need need, qint64 min, qint64 max)
{
    const auto v = o.value(key);
    if (v.isUndefined()) {
        if (need == Required)
            problem(join(path, key), u"is required but missing (%1)"_qs.arg(integerRule(min, max).mid(8)));
        return std::nullopt;
    }
    return integerValue(v, join(path, key), min, max);
}

std::optional<double> JsonReader::number(
    const QJsonObject& o, const QString& path, const QString& key, Need need, double min, double max)
{
    const auto v = o.value(key);
    if (v.isUndefined()) {
        if (need == Required)
            problem(join(path, key), u"is required but missing (%1)"_qs.arg(numberRule(min, max).mid(8)));
        return std::nullopt;
    }
    return numberValue(v, join(path, key), min, max);
}

std::optional<bool> JsonReader::boolean(
    const QJsonObject& o, const QString& path, const QString& key, Need need)
{
    const auto v = o.value(key);
    if (v.isUndefined()) {
        if (need == Required)
            problem(join(path, key), u"is required but missing (true or false)"_qs);
        return std::nullopt;
    }
    if (!v.isBool()) {
        problem(join(path, key), u"must be true or false, not "_qs + typeName(v));
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<QJsonObject> JsonReader::object(
    const QJsonObject& o, const QString& path, const QString& key, Need need)
{
    const auto v = o.value(key);
    if (v.isUndefined()) {
        if (need == Required)
            problem(join(path, key), u"is required but missing (an object)"_qs);
        return std::nullopt;
    }
    return objectValue(v, join(path, key));
}

std::optional<QJsonArray> JsonReader::array(
    const QJsonObject& o, const QString& path, const QString& key, Need need)
{
    const auto v = o.value(key);
    if (v.isUndefined()) {
        if (need == Required)
            problem(join(path, key), u"is required but missing (an array)"_qs);
        return std::nullopt;
    }
    if (!v.isArray()) {
        problem(join(path, key), u"must be an array, not "_qs + typeName(v));
        return std::nullopt;
    }
    return v.toArray();
}

std::optional<QString> JsonReader::stringValue(const QJsonValue& v, const QString& path)
{
    if (!v.isString()) {
        problem(path, u"must be a string, not "_qs + typeName(v));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<qint64> JsonReader::integerValue(
    const QJsonValue& v, const QString& path, qint64 min, qint64 max)
{
    if (!v.isDouble()) {
        problem(path, integerRule(min, max) + u", not "_qs + typeName(v));
        return std::nullopt;
    }
    const double d = v.toDouble();
    // 2^63 is exactly representable; anything at or beyond it does not fit a qint64.
    constexpr double Limit = 9223372036854775808.0;
    if (!std::isfinite(d) || std::trunc(d) != d || d >= Limit || d < -Limit) {
        problem(path, integerRule(min, max) + u" (got "_qs + numberText(d) + u")"_qs);
        return std::nullopt;
    }
    const qint64 i = v.toInteger(qint64(d));
    if (i < min || i > max) {
        problem(path, integerRule(min, max) + u" (got "_qs + QString::number(i) + u")"_qs);
        return std::nullopt;
    }
    return i;
}

std::optional<double> JsonReader::numberValue(
    const QJsonValue& v, const QString& path, double min, double max)
{
    if (!v.isDouble()) {
        problem(path, numberRule(min, max) + u", not "_qs + typeName(v));
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < min || d > max) {
        problem(path, numberRule(min, max) + u" (got "_qs + numberText(d) + u")"_qs);
        return std::nullopt;
    }
    return d;
}

std::optional<QJsonObject> JsonReader::objectValue(const QJsonValue& v, const QString& path)
{
    if (!v.isObject()) {
        problem(path, u"must be an object, not "_qs + typeName(v));
        return std::nullopt;
    }
    return v.toObject();
}

QString JsonReader::join(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString JsonReader::index(const QString& path, qsizetype i)
{
    return path + u'[' + QString::number(i) + u']';
}

QString JsonReader::typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return u"null"_qs;
    case QJsonValue::Bool:
        return u"a boolean"_qs;
    case QJsonValue::Double:
        return u"a number"_qs;
    case QJsonValue::String:
        return u"a string"_qs;
    case QJsonValue::Array:
        return u"an array"_qs;
    case QJsonValue::Object:
        return u"an object"_qs;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_qs;
}

QString JsonReader::numberText(double d)
{
    return QString::number(d, 'g', 12);
}

QString JsonReader::integerRule(qint64 min, qint64 max) const
{
    constexpr auto Lowest = std::numeric_limits<qint64>::min();
    constexpr auto Highest = std::numeric_limits<qint64>::max();
    if (min == Lowest && max == Highest)
        return u"must be an integer"_qs;
    if (max == Highest)
        return u"must be an integer ≥ "_qs + QString::number(min);
    if (min == Lowest)
        return u"must be an integer ≤ "_qs + QString::number(max);
    return u"must be an integer from %1 to %2"_qs.arg(min).arg(max);
}

QString JsonReader::numberRule(double min, double max) const
{
    const bool lowOpen = std::isinf(min), highOpen = std::isinf(max);
    if (lowOpen && highOpen)
        return u"must be a number"_qs;
    if (highOpen)
        return u"must be a number ≥ "_qs + numberText(min);
    if (lowOpen)
        return u"must be a number ≤ "_qs + numberText(max);
    return u"must be a number from %1 to %2"_qs.arg(numberText(min), numberText(max));
}
