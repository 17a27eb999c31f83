#pragma once

#include <QList>
#include <QString>

/// Restricts thread `tid` (0: the calling thread) to `cpus` with sched_setaffinity. An empty list
/// does nothing. Returns an empty string, or the error in a sentence.
QString setThreadAffinity(qint64 tid, const QList<int>& cpus);
/// The calling thread; failures are ignored (the spec was validated against the machine's CPUs).
inline void pinThread(const QList<int>& cpus)
{
    [[maybe_unused]] const QString ignored = setThreadAffinity(0, cpus);
}
