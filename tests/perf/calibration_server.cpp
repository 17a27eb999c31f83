// A calibration target for the load engine: an HTTP/1.1 keep-alive server on 127.0.0.1 that answers
// every request after a known service time, so a client's error is its reported mean minus that time.
//
//   calibration_server [PORT]        PORT 0 or absent: the kernel picks; "PORT <n>" goes to stdout
//
//   GET|POST|... /delay/N   200 {"message":"Hello, World!"} exactly N ms (decimals allowed) after the
//                           request's last byte arrived; /delay/0 answers at once
//   any other path          the same answer, at once
//   GET /stats              {"requests":..,"delayed":..,"late_us_mean":..,"late_us_max":..}: how late
//                           the delayed answers left, on average and at worst (timer wake-up jitter,
//                           which is the server's error, not the client's)
//   GET /stats/reset        zeroes those counters
//
// One thread, plain epoll, no library. Delays never hold up other connections: a connection whose
// answer is due later simply waits in a min-heap, and one timerfd (absolute CLOCK_MONOTONIC, with the
// thread's timer slack set to 1 ns) is armed for the earliest deadline. Requests on one connection
// are answered in order. Bodies need Content-Length. Ends on SIGINT or SIGTERM.
#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <queue>
#include <string>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr size_t MaxHead = 64 * 1024;
constexpr size_t MaxBody = 16 * 1024 * 1024;
const std::string Body = R"({"message":"Hello, World!"})";

volatile std::sig_atomic_t g_stop = 0;

long long nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

struct Connection
{
    bool open = false;
    unsigned serial = 0; ///< tells a reused fd from the connection a timer was set for
    std::string in;
    std::string out;
    bool waiting = false; ///< an answer is scheduled; parse nothing more until it is sent
    bool closeAfter = false;
};

struct Due
{
    long long at;
    int fd;
    unsigned serial;
    bool operator>(const Due& o) const { return at > o.at; }
};

struct Stats
{
    long long requests = 0;
    long long delayed = 0;
    long long lateNsSum = 0;
    long long lateNsMax = 0;
};

class Server
{
public:
    bool start(int port);
    void run();

private:
    void accept();
    void readable(int fd);
    void writable(int fd);
    void process(int fd);
    bool parseOne(int fd, long long* delayNs, std::string* path);
    void respond(int fd, const std::string& path);
    void flush(int fd);
    void close(int fd);
    void fireTimers();
    void armTimer();
    std::string statsBody();

    int m_listen = -1;
    int m_epoll = -1;
    int m_timer = -1;
    unsigned m_serial = 0;
    std::vector<Connection> m_conns;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> m_due;
    Stats m_stats;
};

bool Server::start(int port)
{
    m_listen = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(m_listen, 4096) != 0) {
        std::perror("calibration_server: bind/listen");
        return false;
    }
    socklen_t len = sizeof addr;
    getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    epoll_event ev {};
    ev.events = EPOLLIN;
    ev.data.fd = m_listen;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listen, &ev);
    ev.data.fd = m_timer;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timer, &ev);
    std::printf("PORT %d\n", ntohs(addr.sin_port));
    std::fflush(stdout);
    return true;
}

void Server::run()
{
    epoll_event events[256];
    while (!g_stop) {
        const int n = epoll_wait(m_epoll, events, 256, 500);
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_listen)
                accept();
            else if (fd == m_timer)
                fireTimers();
            else if (events[i].events & (EPOLLERR | EPOLLHUP))
                close(fd);
            else {
                if (events[i].events & EPOLLOUT)
                    writable(fd);
                if (events[i].events & EPOLLIN)
                    readable(fd);
            }
        }
    }
}

void Server::accept()
{
    for (;;) {
        const int fd = accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (size_t(fd) >= m_conns.size())
            m_conns.resize(size_t(fd) + 64);
        m_conns[size_t(fd)] = Connection {};
        m_conns[size_t(fd)].open = true;
        m_conns[size_t(fd)].serial = ++m_serial;
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    }
}

void Server::readable(int fd)
{
    char buf[16384];
    for (;;) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) {
            m_conns[size_t(fd)].in.append(buf, size_t(n));
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            close(fd);
            return;
        }
        break;
    }
    process(fd);
}

bool headerIs(const std::string& head, const char* name, const char* value)
{
    std::string lower(head);
    for (auto& c : lower)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    const std::string key = std::string("\r\n") + name + ":";
    const size_t at = lower.find(key);
    if (at == std::string::npos)
        return false;
    return value == nullptr || lower.find(value, at + key.size()) < lower.find("\r\n", at + key.size());
}

size_t contentLength(const std::string& head)
{
    std::string lower(head);
    for (auto& c : lower)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    const size_t at = lower.find("\r\ncontent-length:");
    return at == std::string::npos ? 0 : std::strtoull(lower.c_str() + at + 17, nullptr, 10);
}

// Takes one complete request off the connection's buffer. False when none is complete yet.
bool Server::parseOne(int fd, long long* delayNs, std::string* path)
{
    Connection& c = m_conns[size_t(fd)];
    const size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (c.in.size() > MaxHead)
            close(fd);
        return false;
    }
    const std::string head = c.in.substr(0, end + 2);
    const size_t length = contentLength(head);
    if (length > MaxBody) {
        close(fd);
        return false;
    }
    if (c.in.size() < end + 4 + length)
        return false;
    c.in.erase(0, end + 4 + length);
    const size_t sp1 = head.find(' ');
    const size_t sp2 = head.find(' ', sp1 + 1);
    *path = sp1 == std::string::npos || sp2 == std::string::npos ? "/" : head.substr(sp1 + 1, sp2 - sp1 - 1);
    c.closeAfter = headerIs(head, "connection", "close");
    *delayNs = 0;
    if (path->rfind("/delay/", 0) == 0)
        *delayNs = (long long)(std::strtod(path->c_str() + 7, nullptr) * 1e6);
    return true;
}

void Server::process(int fd)
{
    while (
        fd >= 0 && size_t(fd) < m_conns.size() && m_conns[size_t(fd)].open && !m_conns[size_t(fd)].waiting) {
        long long delayNs = 0;
        std::string path;
        if (!parseOne(fd, &delayNs, &path))
            return;
        ++m_stats.requests;
        if (delayNs <= 0) {
            respond(fd, path);
            continue;
        }
        m_conns[size_t(fd)].waiting = true;
        m_due.push({ nowNs() + delayNs, fd, m_conns[size_t(fd)].serial });
        armTimer();
    }
}

std::string Server::statsBody()
{
    const long long n = m_stats.delayed;
    char text[256];
    std::snprintf(text, sizeof text,
        R"({"requests":%lld,"delayed":%lld,"late_us_mean":%.3f,"late_us_max":%.3f})", m_stats.requests, n,
        n ? double(m_stats.lateNsSum) / double(n) / 1000.0 : 0.0, double(m_stats.lateNsMax) / 1000.0);
    return text;
}

void Server::respond(int fd, const std::string& path)
{
    std::string body = Body;
    if (path == "/stats") {
        body = statsBody();
    } else if (path == "/stats/reset") {
        m_stats = Stats {};
        body = R"({"reset":true})";
    }
    Connection& c = m_conns[size_t(fd)];
    c.out += "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ";
    c.out += std::to_string(body.size());
    c.out += c.closeAfter ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n";
    c.out += body;
    flush(fd);
}

void Server::flush(int fd)
{
    Connection& c = m_conns[size_t(fd)];
    while (!c.out.empty()) {
        const ssize_t n = write(fd, c.out.data(), c.out.size());
        if (n > 0) {
            c.out.erase(0, size_t(n));
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            epoll_event ev {};
            ev.events = EPOLLIN | EPOLLOUT;
            ev.data.fd = fd;
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
            return;
        }
        close(fd);
        return;
    }
    if (c.closeAfter)
        close(fd);
}

void Server::writable(int fd)
{
    flush(fd);
    if (size_t(fd) < m_conns.size() && m_conns[size_t(fd)].open && m_conns[size_t(fd)].out.empty()) {
        epoll_event ev {};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
    }
}

void Server::close(int fd)
{
    if (size_t(fd) >= m_conns.size() || !m_conns[size_t(fd)].open)
        return;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    m_conns[size_t(fd)] = Connection {};
}

void Server::fireTimers()
{
    uint64_t expirations = 0;
    [[maybe_unused]] const ssize_t n = read(m_timer, &expirations, sizeof expirations);
    long long now = nowNs();
    while (!m_due.empty() && m_due.top().at <= now) {
        const Due due = m_due.top();
        m_due.pop();
        if (size_t(due.fd) >= m_conns.size() || !m_conns[size_t(due.fd)].open
            || m_conns[size_t(due.fd)].serial != due.serial)
            continue;
        const long long late = now - due.at;
        ++m_stats.delayed;
        m_stats.lateNsSum += late;
        m_stats.lateNsMax = std::max(m_stats.lateNsMax, late);
        m_conns[size_t(due.fd)].waiting = false;
        respond(due.fd, "/delay");
        process(due.fd); // a request that arrived meanwhile
        now = nowNs();
    }
    armTimer();
}

void Server::armTimer()
{
    itimerspec spec {};
    if (!m_due.empty()) {
        const long long at = m_due.top().at;
        spec.it_value.tv_sec = at / 1'000'000'000LL;
        spec.it_value.tv_nsec = at % 1'000'000'000LL;
    }
    timerfd_settime(m_timer, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void onSignal(int)
{
    g_stop = 1;
}

} // namespace

int main(int argc, char** argv)
{
    const int port = argc > 1 ? std::atoi(argv[1]) : 0;
    if (port < 0 || port > 65535) {
        std::fprintf(stderr, "usage: calibration_server [PORT]\n");
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    Server server;
    if (!server.start(port))
        return 1;
    server.run();
    return 0;
}
