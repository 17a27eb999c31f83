#pragma once

#include <QtGlobal>

/// Free loopback port helpers (QTcpServer on 127.0.0.1).
namespace ports {
bool isFree(quint16 port);
/// `preferred` when it is free and non-zero, else one the kernel hands out for port 0.
quint16 pick(quint16 preferred = 0);
} // namespace ports
