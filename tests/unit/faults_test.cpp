// Faulty servers: every run ends within its planned time plus the request timeout, counts the
// failure in the right class, and stays within a memory bound.
#include "loadtesting.h"
#include "testserver.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

struct Fault
{
    const char* name;
    const char16_t* path;
    qint64 ErrorCounts::*errorClass; ///< where the failures must be counted; nullptr: no errors
    bool closeEveryResponse = false;
    bool error500 = false;
    bool refuse = false; ///< the server is stopped first: every connection is refused
};

constexpr auto Planned = 1500ms;
constexpr auto Timeout = 1000ms;
} // namespace

class FaultTest : public ::testing::TestWithParam<Fault>
{
};

TEST_P(FaultTest, EndsInTimeAndCountsTheRightClass)
{
    const Fault& f = GetParam();
    TestServer::Options options;
    options.closeAfterEachResponse = f.closeEveryResponse;
    options.alwaysError500 = f.error500;
    TestServer server(options);
    ASSERT_TRUE(server.start());
    if (f.refuse)
        server.stop();
    LoadSpec s = specFor(server.baseUrl(), QString::fromUtf16(f.path), ExecutorKind::ConstantVus, 4);
    s.duration = Planned;
    s.timeout = Timeout;
    s.maxBodyBytes = 4 * 1024 * 1024;
    const long before = rssKb();
    qint64 elapsed = 0;
    const LoadResult r = runSpec(s, &elapsed);

    EXPECT_LE(elapsed, (Planned + Timeout).count() + 700) << f.name;
    EXPECT_GT(r.summary.requests, 0) << f.name;
    if (f.errorClass) {
        EXPECT_GT(r.summary.errors.*f.errorClass, 0) << f.name;
        EXPECT_EQ(r.summary.errors.*f.errorClass, r.summary.errors.total())
            << f.name << ": misclassified errors";
    } else {
        EXPECT_EQ(r.summary.errors.total(), 0) << f.name;
    }
    EXPECT_LT(rssKb() - before, 64 * 1024) << f.name << ": memory grew by more than 64 MB";
}

INSTANTIATE_TEST_SUITE_P(Servers, FaultTest,
    ::testing::Values(Fault { "refuses", u"/fast", &ErrorCounts::connect, false, false, true },
        Fault { "hangs", u"/hang", &ErrorCounts::timeout },
        Fault { "resets", u"/reset", &ErrorCounts::reset },
        Fault { "malformed", u"/garbage", &ErrorCounts::parse },
        Fault { "1MB headers", u"/big-headers?kb=1024", &ErrorCounts::parse },
        Fault { "endless chunked", u"/endless-chunked", &ErrorCounts::timeout },
        Fault { "500 everywhere", u"/fast", &ErrorCounts::http5xx, false, true },
        Fault { "closes keep-alive", u"/fast", nullptr, true },
        Fault { "slow", u"/slow?ms=2000", &ErrorCounts::timeout }),
    [](const auto& info) {
        std::string n = info.param.name;
        for (char& c : n)
            c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        return n;
    });
