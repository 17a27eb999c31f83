#pragma once

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>
#include <type_traits>
#include <utility>

/// Runs @p work on the global thread pool and hands its result to @p done on the GUI thread, unless
/// @p receiver has been destroyed by then (the result is dropped).
///
/// Contract: @p work runs in another thread, so it must only use the values it captured (plain
/// structs, paths), never the receiver or any widget. @p done runs in the main thread. The result is
/// delivered through the application object, so a receiver dying at any point is safe.
template<typename Receiver, typename Work, typename Done>
void runInBackground(Receiver* receiver, Work work, Done done)
{
    using Result = std::invoke_result_t<Work>;
    QPointer<Receiver> guard(receiver);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)]() mutable {
        Result result = work();
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, done = std::move(done), result = std::move(result)]() mutable {
                if (guard)
                    done(std::move(result));
            },
            Qt::QueuedConnection);
    });
}
