#include "transport.h"

#include "qnamtransport.h"
#include "sockettransport.h"

QByteArray HttpResponse::header(const QByteArray& name) const
{
    for (const auto& [k, v] : headers)
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

Outcome outcomeForStatus(int status)
{
    if (status >= 500)
        return Outcome::Http5xx;
    if (status >= 400)
        return Outcome::Http4xx;
    if (status >= 100)
        return Outcome::Ok;
    return Outcome::Parse;
}

std::unique_ptr<Transport> Transport::create(TransportKind kind, const Options& options)
{
    if (kind == TransportKind::Qnam)
        return std::make_unique<QnamTransport>(options);
    return std::make_unique<SocketTransport>(options);
}
