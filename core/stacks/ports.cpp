#include "ports.h"

#include <QHostAddress>
#include <QTcpServer>

namespace ports {

bool isFree(quint16 port)
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, port);
}

quint16 pick(quint16 preferred)
{
    if (preferred != 0 && isFree(preferred))
        return preferred;
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

} // namespace ports
