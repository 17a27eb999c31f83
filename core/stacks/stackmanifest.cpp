#include "stackmanifest.h"

#include "common/resources.h"
#include "common/stackparams.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace {

const QRegularExpression& placeholderPattern()
{
    static const QRegularExpression re(u"\\{([A-Za-z_][A-Za-z0-9_]*)\\}"_qs);
    return re;
}

/// Collects errors while walking the document; each carries its JSON path.
class Validator
{
public:
    explicit Validator(QStringList* errors)
        : m_errors(errors)
    {
    }

    void error(const QString& path, const QString& reason) { m_errors->append(path + u": "_qs + reason); }
    bool ok() const { return m_errors->isEmpty(); }

    QString requireString(const QJsonObject& o, const QString& key, const QString& path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            error(path, u"is missing"_qs);
        else if (!v.isString() || v.toString().trimmed().isEmpty())
            error(path, u"must be a non-empty string"_qs);
        return v.toString();
    }

    /// An argument list: a non-empty array of strings whose placeholders are all known.
    QStringList requireCommand(const QJsonObject& o, const QString& key, const QString& path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            error(path, u"is missing"_qs);
            return {};
        }
        const QString shape = u"must be a non-empty array of strings"_qs;
        if (v.isString()) {
            error(path, shape + u" (an argument list, not a shell string)"_qs);
            return {};
        }
        if (!v.isArray() || v.toArray().isEmpty()) {
            error(path, shape);
            return {};
        }
        QStringList args;
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString itemPath = path + u'[' + QString::number(i) + u']';
            if (!a.at(i).isString()) {
                error(itemPath, u"must be a string"_qs);
                continue;
            }
            args << a.at(i).toString();
            checkPlaceholders(args.last(), itemPath);
        }
        if (!args.isEmpty() && args.first().isEmpty())
            error(path + u"[0]"_qs, u"the program must not be empty"_qs);
        return args;
    }

    QStringList optionalStringArray(const QJsonObject& o, const QString& key, const QString& path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return {};
        if (!v.isArray()) {
            error(path, u"must be an array of strings"_qs);
            return {};
        }
        QStringList out;
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (a.at(i).isString())
                out << a.at(i).toString();
            else
                error(path + u'[' + QString::number(i) + u']', u"must be a string"_qs);
        }
        return out;
    }

    QMap<QString, QString> optionalEnv(const QJsonObject& o, const QString& path)
    {
        const QJsonValue v = o.value(u"env"_qs);
        QMap<QString, QString> env;
        if (v.isUndefined())
            return env;
        if (!v.isObject()) {
            error(path, u"must be an object mapping variable names to strings"_qs);
            return env;
        }
        const QJsonObject e = v.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            const QString keyPath = path + u'.' + it.key();
            if (it.key().isEmpty() || it.key().contains(u'='))
                error(keyPath, u"is not a valid environment variable name"_qs);
            else if (!it.value().isString())
                error(keyPath, u"must be a string"_qs);
            else {
                env.insert(it.key(), it.value().toString());
                checkPlaceholders(it.value().toString(), keyPath);
            }
        }
        return env;
    }

    QMap<QString, QString> optionalParams(const QJsonObject& o, const QString& path)
    {
        const QJsonValue v = o.value(u"params"_qs);
        QMap<QString, QString> params;
        if (v.isUndefined())
            return params;
        if (!v.isObject()) {
            error(path, u"must be an object mapping parameter names to their default values"_qs);
            return params;
        }
        const QJsonObject p = v.toObject();
        for (auto it = p.begin(); it != p.end(); ++it) {
            const QString keyPath = path + u'.' + it.key();
            if (!isValidParamName(it.key()) || knownPlaceholders().contains(it.key()))
                error(keyPath,
                    u"is not a valid parameter name (lower-case letters, digits and '_', starting with a "
                    "letter, and none of "_qs
                        + knownPlaceholders().join(u", "_qs) + u')');
            else if (const auto text = paramValueText(it.value()))
                params.insert(it.key(), *text);
            else
                error(keyPath, u"must be a string or a number (the default value)"_qs);
        }
        return params;
    }

    /// The names checkPlaceholders() accepts beside knownPlaceholders(): the stack's parameters.
    void setParams(QStringList names) { m_params = std::move(names); }

    void checkPlaceholders(const QString& arg, const QString& path)
    {
        auto it = placeholderPattern().globalMatch(arg);
        while (it.hasNext()) {
            const QString name = it.next().captured(1);
            if (!knownPlaceholders().contains(name) && !m_params.contains(name))
                error(path,
                    u"unknown placeholder {"_qs + name + u"} (known: "_qs
                        + (knownPlaceholders() + m_params).join(u", "_qs) + u')');
        }
    }

private:
    QStringList* m_errors;
    QStringList m_params;
};

bool validName(const QString& name)
{
    static const QRegularExpression re(u"^[A-Za-z0-9][A-Za-z0-9._-]*$"_qs);
    return re.match(name).hasMatch();
}

bool validDirectory(const QString& dir)
{
    if (dir.isEmpty() || QDir::isAbsolutePath(dir))
        return false;
    const QStringList parts = dir.split(u'/');
    return !parts.contains(u".."_qs);
}

std::optional<StackDefinition> parseStack(const QJsonValue& value, const QString& path, Validator& v)
{
    if (!value.isObject()) {
        v.error(path, u"must be an object"_qs);
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    StackDefinition s;
    s.name = v.requireString(o, u"name"_qs, path + u".name"_qs);
    if (!s.name.isEmpty() && !validName(s.name))
        v.error(path + u".name"_qs, u"may only hold letters, digits, '.', '_' and '-'"_qs);
    s.label = v.requireString(o, u"label"_qs, path + u".label"_qs);
    s.directory = v.requireString(o, u"directory"_qs, path + u".directory"_qs);
    if (!s.directory.isEmpty() && !validDirectory(s.directory))
        v.error(path + u".directory"_qs, u"must be a relative path inside the manifest's directory"_qs);
    s.params = v.optionalParams(o, path + u".params"_qs);
    v.setParams(s.params.keys());
    s.command = v.requireCommand(o, u"command"_qs, path + u".command"_qs);
    s.env = v.optionalEnv(o, path + u".env"_qs);
    v.setParams({});
    s.packages = v.optionalStringArray(o, u"packages"_qs, path + u".packages"_qs);
    return s;
}

} // namespace

const QStringList& knownPlaceholders()
{
    static const QStringList names { u"venv"_qs, u"stacks"_qs, u"port"_qs, u"db"_qs, u"count"_qs };
    return names;
}

QMap<QString, QString> StackDefinition::paramsWith(const QMap<QString, QString>& overrides) const
{
    QMap<QString, QString> out = params;
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

std::optional<StackManifest> StackManifest::parse(
    const QByteArray& json, const QString& directory, QStringList* errors)
{
    QStringList local;
    QStringList* errs = errors ? errors : &local;
    errs->clear();
    Validator v(errs);

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        v.error(u"(root)"_qs,
            u"not valid JSON: "_qs + parseError.errorString() + u" at offset "_qs
                + QString::number(parseError.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        v.error(u"(root)"_qs, u"must be an object"_qs);
        return std::nullopt;
    }
    const QJsonObject root = doc.object();

    StackManifest m;
    m.directory = QDir::cleanPath(QDir(directory).absolutePath());
    const QJsonValue version = root.value(u"version"_qs);
    if (version.isUndefined())
        v.error(u"version"_qs, u"is missing"_qs);
    else if (!version.isDouble() || version.toDouble() != 1.0)
        v.error(u"version"_qs, u"must be 1 (the only version this build reads)"_qs);

    const QJsonValue stacks = root.value(u"stacks"_qs);
    if (stacks.isUndefined())
        v.error(u"stacks"_qs, u"is missing"_qs);
    else if (!stacks.isArray() || stacks.toArray().isEmpty())
        v.error(u"stacks"_qs, u"must be a non-empty array of stack objects"_qs);
    QSet<QString> seen;
    const QJsonArray list = stacks.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = u"stacks["_qs + QString::number(i) + u']';
        auto s = parseStack(list.at(i), path, v);
        if (!s)
            continue;
        if (!s->name.isEmpty() && seen.contains(s->name))
            v.error(path + u".name"_qs, u"duplicates the name '"_qs + s->name + u"'"_qs);
        seen.insert(s->name);
        m.stacks.append(*s);
    }

    const QJsonValue seed = root.value(u"seed"_qs);
    if (seed.isUndefined())
        v.error(u"seed"_qs, u"is missing"_qs);
    else if (!seed.isObject())
        v.error(u"seed"_qs, u"must be an object with a \"command\" array"_qs);
    else
        m.seedCommand = v.requireCommand(seed.toObject(), u"command"_qs, u"seed.command"_qs);

    if (!v.ok())
        return std::nullopt;
    return m;
}

std::optional<StackManifest> StackManifest::load(const QString& path, QStringList* errors)
{
    QStringList local;
    QStringList* errs = errors ? errors : &local;
    errs->clear();
    const QString file = QFileInfo(path.isEmpty() ? defaultPath() : path).absoluteFilePath();
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        errs->append(file + u": cannot read the stack manifest: "_qs + f.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = f.readAll();
    auto m = parse(bytes, QFileInfo(file).absolutePath(), errs);
    if (!m) {
        for (QString& e : *errs)
            e = file + u": "_qs + e;
        return std::nullopt;
    }
    m->path = file;
    m->sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    return m;
}

QString StackManifest::defaultPath()
{
    QString env = qEnvironmentVariable("STACKBENCH_MANIFEST");
    if (!env.isEmpty())
        return env;
    return Resources::bundledManifest();
}

QString StackManifest::defaultVenv()
{
    const QString env = qEnvironmentVariable("STACKBENCH_VENV");
    if (!env.isEmpty())
        return QDir(env).absolutePath();
    // A checkout (a developer build) keeps it beside resources/; an installed Stackbench, whose share
    // directory may well be writable by root, in the user's data directory.
    QString inRoot = Resources::inRoot(u".venv");
    const QString root = Resources::root();
    const bool checkout = !root.isEmpty()
        && (QFileInfo::exists(root + u"/.git"_qs) || QFileInfo::exists(root + u"/CMakeLists.txt"_qs));
    if (QFileInfo::exists(inRoot) || checkout)
        return inRoot;
    QString data = qEnvironmentVariable("XDG_DATA_HOME");
    if (data.isEmpty() || !QDir::isAbsolutePath(data))
        data = QDir::homePath() + u"/.local/share"_qs;
    return QDir::cleanPath(data + u"/stackbench/venv"_qs);
}

const StackDefinition* StackManifest::find(const QString& name) const
{
    for (const auto& s : stacks)
        if (s.name == name)
            return &s;
    return nullptr;
}

QStringList StackManifest::names() const
{
    QStringList out;
    for (const auto& s : stacks)
        out << s.name;
    return out;
}

QString StackManifest::workingDirectory(const StackDefinition& stack) const
{
    return QDir::cleanPath(directory + u'/' + stack.directory);
}

QString substitutePlaceholders(
    const QString& arg, const QHash<QString, QString>& values, QStringList* missing)
{
    QString out;
    qsizetype last = 0;
    auto it = placeholderPattern().globalMatch(arg);
    while (it.hasNext()) {
        const auto match = it.next();
        out += QStringView(arg).mid(last, match.capturedStart() - last);
        const QString name = match.captured(1);
        const auto value = values.constFind(name);
        if (value != values.constEnd()) {
            out += *value;
        } else {
            out += match.captured(0);
            if (missing && !missing->contains(name))
                missing->append(name);
        }
        last = match.capturedEnd();
    }
    out += QStringView(arg).mid(last);
    return out;
}

QStringList substitutePlaceholders(
    const QStringList& args, const QHash<QString, QString>& values, QStringList* missing)
{
    QStringList out;
    out.reserve(args.size());
    for (const QString& a : args)
        out << substitutePlaceholders(a, values, missing);
    return out;
}

QStringList substituteCommand(
    const QStringList& args, const QHash<QString, QString>& values, QStringList* missing)
{
    QStringList out;
    out.reserve(args.size());
    for (const QString& a : args) {
        const auto whole = placeholderPattern().match(a);
        if (whole.hasMatch() && whole.capturedLength() == a.size() && values.value(whole.captured(1)) == u""
            && values.contains(whole.captured(1)))
            continue; // a flag parameter that is off
        out << substitutePlaceholders(a, values, missing);
    }
    return out;
}

QString shellQuote(const QStringList& args)
{
    static const QRegularExpression safe(u"^[A-Za-z0-9_@%+=:,./-]+$"_qs);
    QStringList quoted;
    for (const QString& a : args) {
        if (safe.match(a).hasMatch())
            quoted << a;
        else
            quoted << u'\'' + QString(a).replace(u"'"_qs, u"'\\''"_qs) + u'\'';
    }
    return quoted.join(u' ');
}
