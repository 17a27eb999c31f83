#include "affinity.h"

#include <QObject>
#include <QStringList>
#include <cerrno>
#include <cstring>
#include <sched.h>

namespace {
QString cpuList(const QList<int>& cpus)
{
    QStringList parts;
    for (int c : cpus)
        parts << QString::number(c);
    return parts.join(u',');
}
} // namespace

QString setThreadAffinity(qint64 tid, const QList<int>& cpus)
{
    if (cpus.isEmpty())
        return {};
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu : cpus) {
        if (cpu < 0 || cpu >= CPU_SETSIZE)
            return QObject::tr("CPU %1 cannot be named (0 to %2)").arg(cpu).arg(CPU_SETSIZE - 1);
        CPU_SET(cpu, &set);
    }
    if (::sched_setaffinity(pid_t(tid), sizeof set, &set) != 0)
        return QObject::tr("cannot pin thread %1 to CPUs %2: %3")
            .arg(tid)
            .arg(cpuList(cpus))
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    return {};
}
