// The conformance check against each of the five real stacks, as `stackbench verify` runs it:
// start, seed 1500 records, check, stop. Also proves the check leaves the database as it was.
#include "engine/transport.h"
#include "stacks/conformance.h"
#include "stacks/stackmanifest.h"
#include "stacks/stackprocess.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

QList<qint64> listedIds(const QUrl& base)
{
    Transport::Options o;
    o.baseUrl = base;
    o.keepBodies = true;
    o.timeout = 30s;
    auto t = Transport::create(TransportKind::Socket, o);
    const HttpResponse r = QCoro::waitFor(t->send(HttpRequest { "GET", "/items/", {}, {} }));
    QList<qint64> ids;
    for (const auto& v : QJsonDocument::fromJson(r.body).array())
        ids << qint64(v[u"id"_qs].toDouble());
    std::sort(ids.begin(), ids.end());
    return ids;
}

class ConformanceStacks : public ::testing::TestWithParam<const char*>
{
};

TEST_P(ConformanceStacks, PassesEveryCheck)
{
    if (!QFileInfo(StackManifest::defaultVenv() + u"/bin/gunicorn"_qs).isExecutable())
        GTEST_SKIP() << "the stacks' venv is missing: run `bash packaging/setup.sh` or set STACKBENCH_VENV";
    QStringList errors;
    const auto m = StackManifest::load({}, &errors);
    ASSERT_TRUE(m.has_value()) << errors.join(u'\n').toStdString();
    const StackDefinition* def = m->find(QString::fromLatin1(GetParam()));
    ASSERT_NE(def, nullptr);

    StackProcess stack(*m, *def);
    ASSERT_TRUE(QCoro::waitFor(stack.start())) << stack.error().toStdString();
    const SeedResult seed = QCoro::waitFor(stack.seed(1500));
    ASSERT_TRUE(seed.ok) << seed.error.toStdString();
    const QList<qint64> before = listedIds(stack.baseUrl());
    ASSERT_EQ(before.size(), 1500);

    ConformanceOptions o;
    o.target = def->name;
    const ConformanceReport report = QCoro::waitFor(runConformance(stack.baseUrl(), o));
    EXPECT_TRUE(report.passed()) << report.toText(true).toStdString()
                                 << "log: " << stack.logPath().toStdString();
    EXPECT_GE(report.checks.size(), 30);
    EXPECT_EQ(listedIds(stack.baseUrl()), before) << "the check left the database dirty";
    EXPECT_EQ(stack.state(), StackProcess::State::Ready);
    QCoro::waitFor(stack.stop());
}

INSTANTIATE_TEST_SUITE_P(Stacks, ConformanceStacks,
    ::testing::Values(
        "fastapi-sqlmodel", "fastapi-sqlite3", "flask-sqlalchemy", "flask-sqlite3", "django-drf"),
    [](const auto& info) {
        std::string n = info.param;
        std::replace(n.begin(), n.end(), '-', '_');
        return n;
    });

} // namespace
