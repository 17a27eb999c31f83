#pragma once

#include <QCoroTask>
#include <QUrl>
#include <chrono>

/// Opens (and closes) one TCP connection to the URL's host and port. Returns an empty string when
/// the target accepts connections, otherwise a one-line reason ("Connection refused", ...).
/// Used before a load so an unreachable target fails fast instead of producing a run of errors.
QCoro::Task<QString> probeConnect(
    const QUrl& url, std::chrono::milliseconds timeout = std::chrono::seconds(5));
