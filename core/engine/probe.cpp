#include "probe.h"

#include "clock.h"

#include <QCoroSignal>
#include <QTcpSocket>

QCoro::Task<QString> probeConnect(const QUrl& url, std::chrono::milliseconds timeout)
{
    QTcpSocket socket;
    const int port = url.port(url.scheme() == u"https" ? 443 : 80);
    socket.connectToHost(url.host(), quint16(port));
    // Wait on the state itself: a refused connection ends at once, not at the timeout.
    const qint64 deadline = nowNs() + std::chrono::nanoseconds(timeout).count();
    while (socket.state() != QAbstractSocket::ConnectedState
        && socket.state() != QAbstractSocket::UnconnectedState) {
        const auto left = std::chrono::milliseconds(std::max<qint64>(0, (deadline - nowNs()) / 1'000'000));
        const auto changed = co_await qCoro(&socket, &QAbstractSocket::stateChanged, left);
        if (!changed.has_value())
            break;
    }
    if (socket.state() == QAbstractSocket::ConnectedState) {
        socket.abort();
        co_return QString();
    }
    const bool timedOut = socket.state() != QAbstractSocket::UnconnectedState;
    const QString reason
        = timedOut ? u"no connection within %1 ms"_qs.arg(timeout.count()) : socket.errorString();
    socket.abort();
    co_return reason;
}
