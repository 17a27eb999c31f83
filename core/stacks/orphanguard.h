#pragma once

#include <QtGlobal>

/// A tiny forked process that SIGKILLs a stack's process group if Stackbench dies without
/// disarming it. It covers what PR_SET_PDEATHSIG (launch::configureChild()) cannot: that reaches
/// only the direct child, and grandchildren such as gunicorn's and uvicorn's workers do not watch
/// their parent. The guard waits on a pipe whose write end only Stackbench holds (O_CLOEXEC): end of
/// file without a byte written first means Stackbench is gone.
///
/// Move-only; destroying an armed guard disarms it. Use it from one thread.
class OrphanGuard
{
public:
    OrphanGuard() = default;
    /// Forks a guard for process group @p pgid; the guard is unarmed when pipe() or fork() fails.
    explicit OrphanGuard(qint64 pgid);
    OrphanGuard(OrphanGuard&& other) noexcept;
    OrphanGuard& operator=(OrphanGuard&& other) noexcept;
    OrphanGuard(const OrphanGuard&) = delete;
    OrphanGuard& operator=(const OrphanGuard&) = delete;
    ~OrphanGuard();

    bool isArmed() const { return m_pid > 0; }
    /// Lets the guard exit without killing anything and reaps it (SIGKILL after 1 s).
    void disarm();

private:
    qint64 m_pid = 0;
    int m_fd = -1; ///< the pipe's write end
};
