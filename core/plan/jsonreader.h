#pragma once

#include "jsonproblem.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <limits>
#include <optional>

/// Reads values out of untrusted JSON while collecting every problem with its JSON path.
///
/// Contract: nothing here throws or asserts, whatever the input. A value that is missing, of the wrong
/// type or out of range is reported once (path + plain reason) and read as nullopt, so callers simply
/// skip it and go on looking for more problems. Used by the plan and results parsers.
class JsonReader
{
public:
    enum Need { Optional, Required };
    static constexpr qint64 MaxDocumentBytes = 64LL * 1024 * 1024;

    explicit JsonReader(QString file = {});

    /// Parses a whole document whose top level must be an object. On empty, oversized, malformed or
    /// truncated input, reports the problem (with line, column and offset) and returns nullopt.
    std::optional<QJsonObject> parseObject(const QByteArray& bytes);

    void problem(const QString& path, const QString& reason);
    /// Reports each key of `o` not in `allowed`. Keys starting with '_' are comments and always allowed.
    void checkKeys(const QJsonObject& o, const QString& path, const QStringList& allowed);

    std::optional<QString> string(
        const QJsonObject& o, const QString& path, const QString& key, Need need = Required);
    std::optional<qint64> integer(const QJsonObject& o, const QString& path, const QString& key, Need need,
        qint64 min = std::numeric_limits<qint64>::min(), qint64 max = std::numeric_limits<qint64>::max());
    std::optional<double> number(const QJsonObject& o, const QString& path, const QString& key, Need need,
        double min = -std::numeric_limits<double>::infinity(),
        double max = std::numeric_limits<double>::infinity());
    std::optional<bool> boolean(
        const QJsonObject& o, const QString& path, const QString& key, Need need = Optional);
    std::optional<QJsonObject> object(
        const QJsonObject& o, const QString& path, const QString& key, Need need = Required);
    std::optional<QJsonArray> array(
        const QJsonObject& o, const QString& path, const QString& key, Need need = Required);

    /// The same checks on a bare value (an array element); `path` names the value itself.
    std::optional<QString> stringValue(const QJsonValue& v, const QString& path);
    std::optional<qint64> integerValue(const QJsonValue& v, const QString& path,
        qint64 min = std::numeric_limits<qint64>::min(), qint64 max = std::numeric_limits<qint64>::max());
    std::optional<double> numberValue(const QJsonValue& v, const QString& path,
        double min = -std::numeric_limits<double>::infinity(),
        double max = std::numeric_limits<double>::infinity());
    std::optional<QJsonObject> objectValue(const QJsonValue& v, const QString& path);

    const JsonProblems& problems() const { return m_problems; }
    bool ok() const { return m_problems.isEmpty(); }
    qsizetype problemCount() const { return m_problems.size(); }
    const QString& file() const { return m_file; }

    /// `a.b`, or `b` when the parent path is empty.
    static QString join(const QString& path, const QString& key);
    /// `a[3]`.
    static QString index(const QString& path, qsizetype i);
    /// "a string", "a number", "an object", ... for messages.
    static QString typeName(const QJsonValue& v);
    /// Numbers as a person writes them: 3, 2.5, 1e+20.
    static QString numberText(double d);

private:
    QString integerRule(qint64 min, qint64 max) const;
    QString numberRule(double min, double max) const;

    QString m_file;
    JsonProblems m_problems;
};
