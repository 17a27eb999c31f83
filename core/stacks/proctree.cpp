#include "proctree.h"

#include "engine/affinity.h"

#include <QHash>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace {

/// Reads a small /proc file into buf (NUL-terminated); returns the length or -1.
ssize_t readSmallFile(const char* path, char* buf, size_t size)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = ::read(fd, buf, size - 1);
    ::close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return n;
}

std::optional<ProcStat> parseStat(qint64 pid, const char* text)
{
    // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    //  cutime cstime priority nice threads itrealvalue starttime ..."; comm may hold spaces and ')'.
    const char* close = std::strrchr(text, ')');
    if (!close || close[1] == '\0')
        return std::nullopt;
    ProcStat s;
    s.pid = pid;
    const char* p = close + 2;
    s.state = *p;
    char* end = nullptr;
    unsigned long long fields[20] = {};
    p += 1;
    for (int i = 1; i < 20; ++i) { // fields after state: index 1 = ppid ... 19 = starttime
        fields[i] = std::strtoull(p, &end, 10);
        if (end == p)
            return std::nullopt;
        p = end;
    }
    s.ppid = qint64(fields[1]);
    s.pgid = qint64(fields[2]);
    s.cpuTicks = quint64(fields[11] + fields[12]);
    s.startTime = quint64(fields[19]);
    return s;
}

} // namespace

namespace proc {

std::optional<ProcStat> readStat(qint64 pid, const char* procRoot)
{
    char path[512];
    std::snprintf(path, sizeof path, "%s/%lld/stat", procRoot, static_cast<long long>(pid));
    char buf[1024];
    if (readSmallFile(path, buf, sizeof buf) <= 0)
        return std::nullopt;
    return parseStat(pid, buf);
}

QList<ProcStat> readAllStats(const char* procRoot)
{
    QList<ProcStat> out;
    DIR* dir = ::opendir(procRoot);
    if (!dir)
        return out;
    while (const dirent* e = ::readdir(dir)) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        char* end = nullptr;
        const long long pid = std::strtoll(e->d_name, &end, 10);
        if (*end != '\0')
            continue;
        if (auto s = readStat(pid, procRoot))
            out.append(*s);
    }
    ::closedir(dir);
    return out;
}

QList<ProcStat> tree(qint64 root, const QList<ProcStat>& all)
{
    QMultiHash<qint64, qsizetype> children;
    qsizetype rootIndex = -1;
    for (qsizetype i = 0; i < all.size(); ++i) {
        children.insert(all[i].ppid, i);
        if (all[i].pid == root)
            rootIndex = i;
    }
    QList<ProcStat> out;
    if (rootIndex < 0)
        return out;
    out.append(all[rootIndex]);
    for (qsizetype next = 0; next < out.size(); ++next) {
        for (auto it = children.constFind(out[next].pid);
             it != children.constEnd() && it.key() == out[next].pid; ++it)
            out.append(all[*it]);
    }
    return out;
}

QList<ProcStat> tree(qint64 root)
{
    return tree(root, readAllStats());
}

QList<qint64> treePids(qint64 root)
{
    QList<qint64> pids;
    for (const auto& s : tree(root))
        pids.append(s.pid);
    return pids;
}

bool isAlive(qint64 pid, quint64 startTime)
{
    const auto s = readStat(pid);
    return s && !s->isDead() && (startTime == 0 || s->startTime == startTime);
}

qint64 residentBytes(qint64 pid, const char* procRoot)
{
    char path[512];
    std::snprintf(path, sizeof path, "%s/%lld/statm", procRoot, static_cast<long long>(pid));
    char buf[256];
    if (readSmallFile(path, buf, sizeof buf) <= 0)
        return 0;
    char* end = nullptr;
    std::strtoull(buf, &end, 10); // size
    const unsigned long long resident = std::strtoull(end, nullptr, 10);
    return qint64(resident) * pageSize();
}

QByteArray readSmall(const char* path, qsizetype limit)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    QByteArray out;
    char buf[8192];
    while (out.size() < limit) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        out.append(buf, qsizetype(n));
    }
    ::close(fd);
    return out;
}

QString pinTree(qint64 root, const QList<int>& cpus)
{
    for (qint64 pid : treePids(root)) {
        char path[64];
        std::snprintf(path, sizeof path, "/proc/%lld/task", static_cast<long long>(pid));
        DIR* dir = ::opendir(path);
        if (!dir)
            continue; // gone meanwhile
        QString error;
        while (const dirent* e = ::readdir(dir)) {
            if (e->d_name[0] < '1' || e->d_name[0] > '9')
                continue;
            error = setThreadAffinity(std::strtoll(e->d_name, nullptr, 10), cpus);
            if (!error.isEmpty())
                break;
        }
        ::closedir(dir);
        if (!error.isEmpty())
            return error;
    }
    return {};
}

qint64 clockTicksPerSecond()
{
    static const qint64 ticks = ::sysconf(_SC_CLK_TCK);
    return ticks > 0 ? ticks : 100;
}

qint64 pageSize()
{
    static const qint64 size = ::sysconf(_SC_PAGESIZE);
    return size > 0 ? size : 4096;
}

} // namespace proc
