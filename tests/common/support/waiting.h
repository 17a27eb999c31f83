#pragma once

#include <QCoroTask>
#include <QCoroTimer>
#include <chrono>
#include <functional>

/// Polls @p done every @p interval, with the calling thread's event loop running in between, until
/// it holds or @p timeout passes; true when it held. For outcomes no signal announces: a process
/// tree, a file on disk, a counter the TestServer's own thread keeps. When a signal announces the
/// outcome, wait on a QSignalSpy instead. Never sleep and then assert that nothing happened: wait
/// for the outcome that proves the event was handled, then assert.
inline bool waitUntil(const std::function<bool()>& done,
    std::chrono::milliseconds timeout = std::chrono::seconds(10),
    std::chrono::milliseconds interval = std::chrono::milliseconds(20))
{
    auto loop = [&]() -> QCoro::Task<bool> {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            if (std::chrono::steady_clock::now() >= end)
                co_return false;
            co_await QCoro::sleepFor(interval);
        }
        co_return true;
    };
    return QCoro::waitFor(loop());
}
