#include "procsignals.h"

#include <QSet>
#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace proc {

namespace {
    /// The port after the last ':' of "0100007F:1F90" (hex).
    std::optional<quint16> portOf(const QByteArray& address)
    {
        const qsizetype colon = address.lastIndexOf(':');
        if (colon < 0)
            return std::nullopt;
        bool ok = false;
        const uint port = address.mid(colon + 1).toUInt(&ok, 16);
        return ok && port <= 0xFFFF ? std::optional(quint16(port)) : std::nullopt;
    }

    std::string path(const char* procRoot, const char* rest)
    {
        return std::string(procRoot) + rest;
    }
} // namespace

QList<TcpSocket> parseTcpTable(const QByteArray& text)
{
    QList<TcpSocket> out;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0 is the header
        const QList<QByteArray> f = lines[i].simplified().split(' ');
        if (f.size() < 10 || !f[0].endsWith(':'))
            continue;
        const auto local = portOf(f[1]);
        const auto remote = portOf(f[2]);
        bool okState = false, okInode = false;
        const int state = f[3].toInt(&okState, 16);
        const quint64 inode = f[9].toULongLong(&okInode);
        if (local && remote && okState && okInode)
            out.append({ *local, *remote, state, inode });
    }
    return out;
}

namespace {
    /// One dump of TCP sockets of `family` in `states` over NETLINK_SOCK_DIAG; false if refused.
    bool diagDump(int fd, quint8 family, quint32 states, QList<TcpSocket>* out)
    {
        struct
        {
            nlmsghdr header;
            inet_diag_req_v2 request;
        } message {};
        message.header.nlmsg_len = sizeof message;
        message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        message.request.sdiag_family = family;
        message.request.sdiag_protocol = IPPROTO_TCP;
        message.request.idiag_states = states;
        if (::send(fd, &message, sizeof message, 0) != ssize_t(sizeof message))
            return false;
        alignas(nlmsghdr) char buffer[32768];
        for (;;) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                return false;
            int left = int(n);
            for (auto* h = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
                if (h->nlmsg_type == NLMSG_DONE)
                    return true;
                if (h->nlmsg_type == NLMSG_ERROR)
                    return false;
                const auto* m = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
                out->append({ ntohs(m->id.idiag_sport), ntohs(m->id.idiag_dport), int(m->idiag_state),
                    m->idiag_inode });
            }
        }
    }

    std::optional<QList<TcpSocket>> diagSockets(quint32 states)
    {
        const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (fd < 0)
            return std::nullopt;
        QList<TcpSocket> out;
        const bool ok = diagDump(fd, AF_INET, states, &out) && diagDump(fd, AF_INET6, states, &out);
        ::close(fd);
        return ok ? std::optional(out) : std::nullopt;
    }
} // namespace

QList<TcpSocket> readTcpSockets(const char* procRoot, quint32 states)
{
    if (std::strcmp(procRoot, kProcRoot) == 0)
        if (auto viaNetlink = diagSockets(states))
            return *viaNetlink;
    QList<TcpSocket> all;
    for (const char* file : { "/net/tcp", "/net/tcp6" })
        for (const TcpSocket& s : parseTcpTable(readSmall(path(procRoot, file).c_str(), 16 << 20)))
            if (s.state < 32 && (states & (1u << s.state)))
                all.append(s);
    return all;
}

QList<quint64> socketInodes(qint64 pid, const char* procRoot)
{
    QList<quint64> out;
    char dirPath[512];
    std::snprintf(dirPath, sizeof dirPath, "%s/%lld/fd", procRoot, static_cast<long long>(pid));
    DIR* dir = ::opendir(dirPath);
    if (!dir)
        return out;
    while (const dirent* e = ::readdir(dir)) {
        if (e->d_name[0] == '.')
            continue;
        char target[128];
        const ssize_t n = ::readlinkat(::dirfd(dir), e->d_name, target, sizeof target - 1);
        if (n <= 0)
            continue;
        target[n] = '\0';
        if (std::strncmp(target, "socket:[", 8) == 0)
            out.append(std::strtoull(target + 8, nullptr, 10));
    }
    ::closedir(dir);
    return out;
}

QHash<qint64, int> establishedByPid(const QList<qint64>& pids, quint16 port, const char* procRoot)
{
    QHash<quint64, qint64> owner; // socket inode -> first pid holding it
    for (qint64 pid : pids)
        for (quint64 inode : socketInodes(pid, procRoot))
            owner.insert(inode, owner.value(inode, pid)); // keeps the first owner
    QHash<qint64, int> counts;
    for (const TcpSocket& s : readTcpSockets(procRoot, 1u << TcpEstablished)) {
        if (s.state != TcpEstablished || s.localPort != port || s.inode == 0)
            continue;
        if (const auto it = owner.constFind(s.inode); it != owner.cend())
            ++counts[*it];
    }
    return counts;
}

std::optional<CpuTimes> parseCpuTimes(const QByteArray& text)
{
    if (!text.startsWith("cpu "))
        return std::nullopt;
    const qsizetype end = text.indexOf('\n');
    const QList<QByteArray> f = text.left(end < 0 ? text.size() : end).simplified().split(' ');
    if (f.size() < 9) // "cpu" and at least user .. steal
        return std::nullopt;
    quint64 v[8];
    for (int i = 0; i < 8; ++i) {
        bool ok = false;
        v[i] = f[i + 1].toULongLong(&ok);
        if (!ok)
            return std::nullopt;
    }
    return CpuTimes { v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7] };
}

std::optional<CpuTimes> readCpuTimes(const char* procRoot)
{
    return parseCpuTimes(readSmall(path(procRoot, "/stat").c_str(), 4096));
}

std::optional<Pressure> parsePressure(const QByteArray& text)
{
    // "some avg10=0.00 avg60=0.00 avg300=0.00 total=12345\nfull avg10=... total=0"
    Pressure p;
    bool some = false;
    for (const QByteArray& line : text.split('\n')) {
        const qsizetype at = line.indexOf("total=");
        if (at < 0)
            continue;
        bool ok = false;
        const quint64 total = line.mid(at + 6).trimmed().toULongLong(&ok);
        if (!ok)
            return std::nullopt;
        if (line.startsWith("some ")) {
            p.someUs = total;
            some = true;
        } else if (line.startsWith("full ")) {
            p.fullUs = total;
        }
    }
    return some ? std::optional(p) : std::nullopt;
}

std::optional<Pressure> readPressure(const char* resource, const char* procRoot)
{
    return parsePressure(readSmall((path(procRoot, "/pressure/") + resource).c_str(), 4096));
}

std::optional<std::array<double, 3>> readLoadAverage(const char* procRoot)
{
    const QList<QByteArray> f = readSmall(path(procRoot, "/loadavg").c_str(), 4096).simplified().split(' ');
    if (f.size() < 3)
        return std::nullopt;
    std::array<double, 3> out {};
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        out[size_t(i)] = f[i].toDouble(&ok);
        if (!ok)
            return std::nullopt;
    }
    return out;
}

qint64 meminfoKb(const QByteArray& text, const char* field)
{
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray& line : text.split('\n')) {
        if (!line.startsWith(key))
            continue;
        bool ok = false;
        const qint64 kb = line.mid(key.size()).simplified().split(' ').value(0).toLongLong(&ok);
        return ok ? kb : -1;
    }
    return -1;
}

bool anyTaskBlocked(qint64 pid, const char* procRoot)
{
    char dirPath[512];
    std::snprintf(dirPath, sizeof dirPath, "%s/%lld/task", procRoot, static_cast<long long>(pid));
    DIR* dir = ::opendir(dirPath);
    if (!dir)
        return false;
    bool blocked = false;
    while (const dirent* e = ::readdir(dir)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        const auto s = readStat(std::strtoll(e->d_name, nullptr, 10), dirPath);
        if (s && s->state == 'D') {
            blocked = true;
            break;
        }
    }
    ::closedir(dir);
    return blocked;
}

QString commandName(qint64 pid, const char* procRoot)
{
    char p[512];
    std::snprintf(p, sizeof p, "%s/%lld/comm", procRoot, static_cast<long long>(pid));
    return QString::fromUtf8(readSmall(p, 256).trimmed());
}

} // namespace proc
