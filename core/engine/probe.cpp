#include "probe.h"

#include <QCoroAbstractSocket>
#include <QTcpSocket>

QCoro::Task<QString> probeConnect(const QUrl& url, std::chrono::milliseconds timeout)
{
    QTcpSocket socket;
    const int port = url.port(url.scheme() == u"https" ? 443 : 80);
    co_await qCoro(socket).connectToHost(url.host(), quint16(port), QIODevice::ReadWrite, QAbstractSocket::AnyIPProtocol, timeout);
    if (socket.state() == QAbstractSocket::ConnectedState) {
        socket.abort();
        co_return QString();
    }
    const QString reason = socket.error() == QAbstractSocket::UnknownSocketError
        ? u"no connection within %1 ms"_qs.arg(timeout.count())
        : socket.errorString();
    co_return reason;
}
