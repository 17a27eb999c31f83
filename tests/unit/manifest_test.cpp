// The stack manifest: parsing, validation messages with JSON paths, placeholders.
#include "stacks/stackmanifest.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace {

const QByteArray kValid = R"({
  "version": 1,
  "stacks": [
    {"name": "flask-sqlite3", "label": "Flask + sqlite3", "directory": "flask-sqlite3",
     "command": ["{venv}/bin/gunicorn", "app:app", "--bind", "127.0.0.1:{port}"],
     "env": {"STACKBENCH_DB": "{db}"}, "packages": ["flask", "gunicorn"]},
    {"name": "django-drf", "label": "Django + DRF", "directory": "django-drf",
     "command": ["{venv}/bin/gunicorn", "project.wsgi:application"]}
  ],
  "seed": {"command": ["{venv}/bin/python", "{stacks}/seed.py", "--db", "{db}", "--count", "{count}"]}
})";

/// Parses `json` and returns the errors (empty when it is valid).
QStringList errorsOf(const QByteArray& json)
{
    QStringList errors;
    const auto m = StackManifest::parse(json, u"/srv/stacks"_qs, &errors);
    EXPECT_EQ(m.has_value(), errors.isEmpty());
    return errors;
}

/// A valid manifest with `stacks[0]` replaced by `stack`.
QByteArray withStack(const QByteArray& stack)
{
    return R"({"version": 1, "stacks": [)" + stack + R"(], "seed": {"command": ["seed"]}})";
}

bool containsLine(const QStringList& errors, const QString& line)
{
    return errors.contains(line);
}

TEST(ManifestTest, ParsesTheDocumentedFormat)
{
    QStringList errors;
    const auto m = StackManifest::parse(kValid, u"/srv/stacks"_qs, &errors);
    ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
    EXPECT_EQ(m->version, 1);
    ASSERT_EQ(m->stacks.size(), 2);
    const StackDefinition& s = m->stacks[0];
    EXPECT_EQ(s.name, u"flask-sqlite3");
    EXPECT_EQ(s.label, u"Flask + sqlite3");
    EXPECT_EQ(s.directory, u"flask-sqlite3");
    EXPECT_EQ(s.command.size(), 4);
    EXPECT_EQ(s.env.value(u"STACKBENCH_DB"_qs), u"{db}");
    EXPECT_EQ(s.packages, (QStringList { u"flask"_qs, u"gunicorn"_qs }));
    EXPECT_TRUE(m->stacks[1].env.isEmpty());
    EXPECT_TRUE(m->stacks[1].packages.isEmpty());
    EXPECT_EQ(m->seedCommand.size(), 6);
    EXPECT_EQ(m->directory, u"/srv/stacks");
    EXPECT_EQ(m->workingDirectory(s), u"/srv/stacks/flask-sqlite3");
}

TEST(ManifestTest, FindsStacksByName)
{
    const auto m = StackManifest::parse(kValid, u"/srv/stacks"_qs, nullptr);
    ASSERT_TRUE(m.has_value());
    ASSERT_NE(m->find(u"django-drf"_qs), nullptr);
    EXPECT_EQ(m->find(u"django-drf"_qs)->label, u"Django + DRF");
    EXPECT_EQ(m->find(u"nope"_qs), nullptr);
    EXPECT_EQ(m->names(), (QStringList { u"flask-sqlite3"_qs, u"django-drf"_qs }));
}

TEST(ManifestTest, RejectsAShellStringCommand)
{
    const auto errors = errorsOf(withStack(
        R"({"name": "a", "label": "A", "directory": "a", "command": "gunicorn app:app --bind 0.0.0.0:80"})"));
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors[0].startsWith(u"stacks[0].command: must be a non-empty array of strings"_qs))
        << errors[0].toStdString();
    EXPECT_TRUE(errors[0].contains(u"not a shell string"_qs));
}

TEST(ManifestTest, RejectsEmptyAndNonStringCommands)
{
    EXPECT_TRUE(
        containsLine(errorsOf(withStack(R"({"name": "a", "label": "A", "directory": "a", "command": []})")),
            u"stacks[0].command: must be a non-empty array of strings"_qs));
    EXPECT_TRUE(containsLine(
        errorsOf(withStack(R"({"name": "a", "label": "A", "directory": "a", "command": ["x", 2]})")),
        u"stacks[0].command[1]: must be a string"_qs));
    EXPECT_TRUE(containsLine(errorsOf(withStack(R"({"name": "a", "label": "A", "directory": "a"})")),
        u"stacks[0].command: is missing"_qs));
}

TEST(ManifestTest, ReportsEveryProblemWithItsPath)
{
    const QByteArray json = R"({
      "version": 2,
      "stacks": [
        {"name": "ok", "label": "OK", "directory": "ok", "command": ["run"]},
        {"name": "", "label": 3, "directory": "../escape", "command": ["run"], "env": {"PORT": 80}},
        {"name": "ok", "label": "Dup", "directory": "/abs", "command": ["run", "{prot}"], "packages": "flask"},
        "not an object"
      ],
      "seed": {"command": "python seed.py"}
    })";
    const QStringList errors = errorsOf(json);
    const QStringList expected {
        u"version: must be 1 (the only version this build reads)"_qs,
        u"stacks[1].name: must be a non-empty string"_qs,
        u"stacks[1].label: must be a non-empty string"_qs,
        u"stacks[1].directory: must be a relative path inside the manifest's directory"_qs,
        u"stacks[1].env.PORT: must be a string"_qs,
        u"stacks[2].directory: must be a relative path inside the manifest's directory"_qs,
        u"stacks[2].command[1]: unknown placeholder {prot} (known: venv, stacks, port, db, count)"_qs,
        u"stacks[2].packages: must be an array of strings"_qs,
        u"stacks[2].name: duplicates the name 'ok'"_qs,
        u"stacks[3]: must be an object"_qs,
        u"seed.command: must be a non-empty array of strings (an argument list, not a shell string)"_qs,
    };
    for (const QString& e : expected)
        EXPECT_TRUE(errors.contains(e)) << "missing: " << e.toStdString() << "\ngot:\n"
                                        << errors.join(u'\n').toStdString();
    EXPECT_EQ(errors.size(), expected.size()) << errors.join(u'\n').toStdString();
}

TEST(ManifestTest, RejectsTopLevelProblems)
{
    EXPECT_TRUE(errorsOf("[1, 2]").contains(u"(root): must be an object"_qs));
    EXPECT_TRUE(errorsOf(R"({"version": 1})").contains(u"stacks: is missing"_qs));
    EXPECT_TRUE(errorsOf(R"({"version": 1})").contains(u"seed: is missing"_qs));
    EXPECT_TRUE(errorsOf(R"({"stacks": [], "seed": {}})").contains(u"version: is missing"_qs));
    EXPECT_TRUE(errorsOf(R"({"version": 1, "stacks": [], "seed": {}})")
                    .contains(u"stacks: must be a non-empty array of stack objects"_qs));
    EXPECT_TRUE(
        errorsOf(R"({"version": 1, "stacks": [], "seed": {}})").contains(u"seed.command: is missing"_qs));
    const QStringList syntax = errorsOf(R"({"version": 1,)");
    ASSERT_EQ(syntax.size(), 1);
    EXPECT_TRUE(syntax[0].startsWith(u"(root): not valid JSON: "_qs)) << syntax[0].toStdString();
    EXPECT_TRUE(syntax[0].contains(u"at offset"_qs));
}

TEST(ManifestTest, LoadNamesTheFileInEachError)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(u"stacks.json"_qs);
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(withStack(R"({"name": "a", "label": "A", "directory": "a", "command": "sh -c x"})"));
    f.close();
    QStringList errors;
    EXPECT_FALSE(StackManifest::load(path, &errors).has_value());
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors[0].startsWith(path + u": stacks[0].command: "_qs)) << errors[0].toStdString();

    EXPECT_FALSE(StackManifest::load(dir.filePath(u"missing.json"_qs), &errors).has_value());
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors[0].contains(u"cannot read the stack manifest"_qs));
}

TEST(ManifestTest, LoadResolvesTheManifestDirectory)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QFile f(dir.filePath(u"stacks.json"_qs));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(kValid);
    f.close();
    QStringList errors;
    const auto m = StackManifest::load(f.fileName(), &errors);
    ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
    EXPECT_EQ(m->path, QFileInfo(f.fileName()).absoluteFilePath());
    EXPECT_EQ(m->directory, QFileInfo(dir.path()).absoluteFilePath());
}

TEST(ManifestTest, TheShippedManifestIsValid)
{
    const QString path = StackManifest::defaultPath();
    if (!QFileInfo::exists(path))
        GTEST_SKIP() << "no manifest at " << path.toStdString();
    QStringList errors;
    const auto m = StackManifest::load(path, &errors);
    ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
    for (const QString& name : { u"fastapi-sqlmodel"_qs, u"fastapi-sqlite3"_qs, u"flask-sqlalchemy"_qs,
             u"flask-sqlite3"_qs, u"django-drf"_qs }) {
        const StackDefinition* s = m->find(name);
        ASSERT_NE(s, nullptr) << name.toStdString();
        EXPECT_TRUE(QFileInfo(m->workingDirectory(*s)).isDir()) << name.toStdString();
        EXPECT_TRUE(s->command.join(u' ').contains(u"{port}"_qs)) << name.toStdString();
        EXPECT_TRUE(s->command.join(u' ').contains(u"127.0.0.1"_qs))
            << "binds loopback only: " << name.toStdString();
    }
}

TEST(ManifestTest, SubstitutesPlaceholdersPerArgument)
{
    const QHash<QString, QString> values { { u"venv"_qs, u"/v e n v"_qs }, { u"port"_qs, u"8123"_qs },
        { u"db"_qs, u"/tmp/x;rm -rf.db"_qs } };
    QStringList missing;
    const QStringList out
        = substitutePlaceholders({ u"{venv}/bin/gunicorn"_qs, u"--bind"_qs, u"127.0.0.1:{port}"_qs,
                                     u"{db}"_qs, u"{count}"_qs, u"{port}{port}"_qs, u"{}"_qs },
            values, &missing);
    EXPECT_EQ(out,
        (QStringList { u"/v e n v/bin/gunicorn"_qs, u"--bind"_qs, u"127.0.0.1:8123"_qs,
            u"/tmp/x;rm -rf.db"_qs, u"{count}"_qs, u"81238123"_qs, u"{}"_qs }));
    EXPECT_EQ(missing, QStringList { u"count"_qs });
}

TEST(ManifestTest, ShellQuoteIsForDisplayOnly)
{
    EXPECT_EQ(shellQuote({ u"/usr/bin/python"_qs, u"-c"_qs, u"print('hi')"_qs, u"a b"_qs }),
        u"/usr/bin/python -c 'print('\\''hi'\\'')' 'a b'"_qs);
}

TEST(ManifestTest, DefaultPathsFollowTheEnvironment)
{
    const QByteArray savedVenv = qgetenv("STACKBENCH_VENV");
    const QByteArray savedManifest = qgetenv("STACKBENCH_MANIFEST");
    qputenv("STACKBENCH_VENV", "/opt/venv");
    qputenv("STACKBENCH_MANIFEST", "/etc/stacks.json");
    EXPECT_EQ(StackManifest::defaultVenv(), u"/opt/venv");
    EXPECT_EQ(StackManifest::defaultPath(), u"/etc/stacks.json");
    qunsetenv("STACKBENCH_VENV");
    qunsetenv("STACKBENCH_MANIFEST");
    EXPECT_EQ(StackManifest::defaultVenv(), QStringLiteral(STACKBENCH_SOURCE_DIR) + u"/.venv"_qs);
    EXPECT_EQ(StackManifest::defaultPath(),
        QStringLiteral(STACKBENCH_SOURCE_DIR) + u"/resources/stacks/stacks.json"_qs);
    if (!savedVenv.isNull())
        qputenv("STACKBENCH_VENV", savedVenv);
    if (!savedManifest.isNull())
        qputenv("STACKBENCH_MANIFEST", savedManifest);
}

} // namespace

TEST(ManifestTest, StackParametersHaveDefaultsAndArePlaceholders)
{
    QStringList errors;
    const auto m = StackManifest::parse(withStack(R"({"name": "s", "label": "S", "directory": "s",
        "params": {"workers": 2, "worker_class": "gthread", "reuse_port": ""},
        "command": ["gunicorn", "--workers", "{workers}", "-k", "{worker_class}", "{reuse_port}", "--bind", "127.0.0.1:{port}"],
        "env": {"W": "{workers}"}})"),
        u"/srv/stacks"_qs, &errors);
    ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
    const StackDefinition& s = m->stacks[0];
    EXPECT_EQ(s.params,
        (QMap<QString, QString> { { u"workers"_qs, u"2"_qs }, { u"worker_class"_qs, u"gthread"_qs },
            { u"reuse_port"_qs, u""_qs } }));
    const QMap<QString, QString> run = s.paramsWith({ { u"workers"_qs, u"4"_qs } });
    EXPECT_EQ(run.value(u"workers"_qs), u"4"_qs);
    EXPECT_EQ(run.value(u"worker_class"_qs), u"gthread"_qs);

    QHash<QString, QString> values { { u"port"_qs, u"8000"_qs } };
    for (auto it = run.cbegin(); it != run.cend(); ++it)
        values.insert(it.key(), it.value());
    EXPECT_EQ(substituteCommand(s.command, values),
        (QStringList { u"gunicorn"_qs, u"--workers"_qs, u"4"_qs, u"-k"_qs, u"gthread"_qs, u"--bind"_qs,
            u"127.0.0.1:8000"_qs }))
        << "an empty flag parameter leaves no empty argument";
    values.insert(u"reuse_port"_qs, u"--reuse-port"_qs);
    EXPECT_TRUE(substituteCommand(s.command, values).contains(u"--reuse-port"_qs));
    QStringList missing;
    EXPECT_EQ(substituteCommand({ u"{nothing}"_qs }, values, &missing), QStringList { u"{nothing}"_qs });
    EXPECT_EQ(missing, QStringList { u"nothing"_qs }) << "an unknown placeholder is never dropped";
}

TEST(ManifestTest, StackParameterProblemsHaveTheirPaths)
{
    const QStringList errors = errorsOf(withStack(R"({"name": "s", "label": "S", "directory": "s",
        "params": {"Workers": 2, "port": "1", "threads": [2]},
        "command": ["gunicorn", "{other}"]})"));
    EXPECT_TRUE(errors.contains(
        u"stacks[0].params.Workers: is not a valid parameter name (lower-case letters, "
        "digits and '_', starting with a letter, and none of venv, stacks, port, db, count)"_qs))
        << errors.join(u'\n').toStdString();
    EXPECT_TRUE(std::any_of(errors.cbegin(), errors.cend(), [](const QString& e) {
        return e.startsWith(u"stacks[0].params.port: is not a valid parameter name"_qs);
    })) << "a parameter may not shadow a built-in placeholder";
    EXPECT_TRUE(
        errors.contains(u"stacks[0].params.threads: must be a string or a number (the default value)"_qs));
    EXPECT_TRUE(std::any_of(errors.cbegin(), errors.cend(), [](const QString& e) {
        return e.startsWith(u"stacks[0].command[1]: unknown placeholder {other}"_qs);
    }));
}

TEST(ManifestTest, TheShippedStacksDeclareWorkers)
{
    QStringList errors;
    const auto m = StackManifest::load(StackManifest::defaultPath(), &errors);
    ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
    for (const StackDefinition& s : m->stacks) {
        EXPECT_EQ(s.params.value(u"workers"_qs), u"2"_qs)
            << "the paper's 2 workers: " << s.name.toStdString();
        EXPECT_TRUE(s.params.contains(u"reuse_port"_qs)) << s.name.toStdString();
        if (!s.command.contains(u"uvicorn.workers.UvicornWorker"_qs)) {
            EXPECT_EQ(s.params.value(u"threads"_qs), u"2"_qs)
                << "the paper's 2 threads: " << s.name.toStdString();
        }
    }
}
