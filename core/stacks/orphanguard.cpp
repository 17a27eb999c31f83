#include "orphanguard.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

namespace {
/// The guard's life in the forked child of a multi-threaded process: async-signal-safe calls only.
[[noreturn]] void guard(pid_t pgid, int readEnd)
{
    ::prctl(PR_SET_NAME, "stackbench-guard");
    struct sigaction action = {};
    action.sa_handler = SIG_DFL; // no inherited handler (Qt's, the CLI's) may run here
    for (int sig = 1; sig < NSIG; ++sig)
        ::sigaction(sig, &action, nullptr);
    action.sa_handler = SIG_IGN; // a terminal's Ctrl-C must not take the guard down first
    for (int sig : { SIGINT, SIGQUIT, SIGHUP, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU })
        ::sigaction(sig, &action, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(readEnd, 3);
    ::syscall(SYS_close_range, 4U, ~0U, 0U); // every other inherited descriptor
    const int devNull = ::open("/dev/null", O_RDWR);
    if (devNull >= 0) {
        ::dup2(devNull, 0);
        ::dup2(devNull, 1);
        ::dup2(devNull, 2);
        if (devNull > 3)
            ::close(devNull);
    }
    char c;
    ssize_t n;
    do {
        n = ::read(3, &c, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1)
        ::kill(-pgid, SIGKILL);
    ::_exit(0);
}
} // namespace

OrphanGuard::OrphanGuard(qint64 pgid)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return;
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return;
    }
    if (pid == 0)
        guard(pid_t(pgid), fds[0]);
    ::close(fds[0]);
    m_pid = pid;
    m_fd = fds[1];
}

OrphanGuard::OrphanGuard(OrphanGuard&& other) noexcept
    : m_pid(std::exchange(other.m_pid, 0))
    , m_fd(std::exchange(other.m_fd, -1))
{
}

OrphanGuard& OrphanGuard::operator=(OrphanGuard&& other) noexcept
{
    if (this != &other) {
        disarm();
        m_pid = std::exchange(other.m_pid, 0);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

OrphanGuard::~OrphanGuard()
{
    disarm();
}

void OrphanGuard::disarm()
{
    if (m_fd >= 0) {
        const char disarm = 'x';
        [[maybe_unused]] const auto n = ::write(m_fd, &disarm, 1);
        ::close(m_fd);
        m_fd = -1;
    }
    if (m_pid > 0) {
        int status = 0;
        for (int i = 0; i < 200 && ::waitpid(pid_t(m_pid), &status, WNOHANG) == 0; ++i)
            ::usleep(5'000);
        if (::waitpid(pid_t(m_pid), &status, WNOHANG) == 0) {
            ::kill(pid_t(m_pid), SIGKILL);
            ::waitpid(pid_t(m_pid), &status, 0);
        }
        m_pid = 0;
    }
}
