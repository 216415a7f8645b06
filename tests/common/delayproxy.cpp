#include "delayproxy.h"

#include <QByteArray>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Virtumancer::Test {

namespace {

using Clock = std::chrono::steady_clock;

void setNonBlocking(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void setNoDelay(int fd)
{
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/// A blocking connect to host:port (numeric or resolvable); -1 on failure.
int connectTo(const QString &host, int port)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    if (getaddrinfo(host.toUtf8().constData(), QByteArray::number(port).constData(), &hints,
                    &found)
        != 0)
        return -1;
    int fd = -1;
    for (addrinfo *a = found; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        ::close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    return fd;
}

/// Bytes read from one socket at some time, due on the other at that time + delay. An empty
/// chunk with eof set carries the reader's end of stream (forwarded as shutdown(SHUT_WR)).
struct Chunk
{
    Clock::time_point due;
    QByteArray bytes;
    bool eof = false;
};

/// One direction of a forwarded connection.
struct Direction
{
    int from = -1;
    int to = -1;
    std::deque<Chunk> queue;
    qsizetype offset = 0;   ///< bytes of queue.front() already written
    bool readEof = false;   ///< from has ended its stream
    bool writeShut = false; ///< the end of stream reached to
    bool blocked = false;   ///< a due chunk waits for to to become writable

    bool done() const { return writeShut; }
};

/// Moves every due byte of d to its destination, as far as the socket takes it. False on a
/// fatal error (the peer went away).
bool flushDue(Direction &d, Clock::time_point now)
{
    d.blocked = false;
    while (!d.queue.empty() && d.queue.front().due <= now) {
        Chunk &c = d.queue.front();
        if (c.eof) {
            shutdown(d.to, SHUT_WR);
            d.writeShut = true;
            d.queue.pop_front();
            continue;
        }
        const ssize_t n = send(d.to, c.bytes.constData() + d.offset, c.bytes.size() - d.offset,
                               MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                d.blocked = true;
                return true;
            }
            if (errno == EINTR)
                continue;
            return false;
        }
        d.offset += n;
        if (d.offset == c.bytes.size()) {
            d.queue.pop_front();
            d.offset = 0;
        }
    }
    return true;
}

/// Reads what from has now into d's queue, due after delay. False on a fatal error.
bool readInto(Direction &d, Clock::time_point now, std::chrono::milliseconds delay)
{
    static constexpr qsizetype readSize = 64 * 1024;
    QByteArray buffer(readSize, Qt::Uninitialized);
    const ssize_t n = recv(d.from, buffer.data(), readSize, MSG_DONTWAIT);
    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    if (n == 0) {
        d.readEof = true;
        d.queue.push_back(Chunk{now + delay, {}, true});
        return true;
    }
    buffer.truncate(n);
    d.queue.push_back(Chunk{now + delay, std::move(buffer), false});
    return true;
}

/// Forwards between client and server until both streams ended, either side failed, or
/// stopFd became readable; then closes both.
void pump(int client, int server, int stopFd, const std::atomic<qint64> &delayMs)
{
    Direction up;
    up.from = client;
    up.to = server;
    Direction down;
    down.from = server;
    down.to = client;
    for (;;) {
        Clock::time_point now = Clock::now();
        if (!flushDue(up, now) || !flushDue(down, now))
            break;
        if (up.done() && down.done())
            break;

        // Per socket: read while its stream lasts; wait for writability only when a due
        // chunk is stuck. A socket with nothing to wait for stays out of the set (a
        // fully shut-down socket reports POLLHUP forever).
        const short clientEvents = short((up.readEof ? 0 : POLLIN) | (down.blocked ? POLLOUT : 0));
        const short serverEvents = short((down.readEof ? 0 : POLLIN) | (up.blocked ? POLLOUT : 0));
        pollfd fds[3] = {{stopFd, POLLIN, 0},
                         {clientEvents ? client : -1, clientEvents, 0},
                         {serverEvents ? server : -1, serverEvents, 0}};

        // Sleep until the next chunk falls due (chunks stuck on a full socket wait for POLLOUT).
        std::optional<Clock::time_point> wake;
        for (const Direction *d : {&up, &down}) {
            if (!d->blocked && !d->queue.empty()
                && (!wake || d->queue.front().due < *wake))
                wake = d->queue.front().due;
        }
        timespec timeout{};
        timespec *timeoutPtr = nullptr;
        if (wake) {
            const auto ns = std::max<qint64>(
                0, std::chrono::duration_cast<std::chrono::nanoseconds>(*wake - now).count());
            timeout.tv_sec = ns / 1000000000;
            timeout.tv_nsec = ns % 1000000000;
            timeoutPtr = &timeout;
        }
        const int ready = ppoll(fds, 3, timeoutPtr, nullptr);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[0].revents)
            break; // stop(): the link is lost, queued bytes with it
        if ((fds[1].revents | fds[2].revents) & (POLLERR | POLLNVAL))
            break;
        now = Clock::now();
        const auto delay = std::chrono::milliseconds(delayMs.load());
        if ((fds[1].revents & (POLLIN | POLLHUP)) && !up.readEof && !readInto(up, now, delay))
            break;
        if ((fds[2].revents & (POLLIN | POLLHUP)) && !down.readEof && !readInto(down, now, delay))
            break;
    }
    ::close(client);
    ::close(server);
}

} // namespace

struct DelayProxy::Pump
{
    std::thread thread;
    std::atomic<bool> finished{false};
};

DelayProxy::DelayProxy(QString targetHost, int targetPort, std::chrono::milliseconds oneWayDelay)
    : m_targetHost(std::move(targetHost))
    , m_targetPort(targetPort)
    , m_delayMs(oneWayDelay.count())
{}

DelayProxy::~DelayProxy()
{
    stop();
}

bool DelayProxy::start(int port)
{
    if (m_running) {
        m_error = QStringLiteral("already running");
        return false;
    }
    if (port == 0)
        port = m_port;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        m_error = QString::fromLocal8Bit(strerror(errno));
        return false;
    }
    // The connections stop() closed linger in TIME_WAIT on this port; rebinding must not wait.
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || listen(fd, 128) != 0
        || getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        m_error = QStringLiteral("127.0.0.1:%1: %2")
                      .arg(port)
                      .arg(QString::fromLocal8Bit(strerror(errno)));
        ::close(fd);
        return false;
    }
    if (pipe2(m_stopPipe, O_CLOEXEC) != 0) {
        m_error = QString::fromLocal8Bit(strerror(errno));
        ::close(fd);
        return false;
    }
    m_listenFd = fd;
    m_port = ntohs(addr.sin_port);
    m_running = true;
    m_error.clear();
    m_acceptThread = std::thread([this, fd, stopFd = m_stopPipe[0]] { acceptLoop(fd, stopFd); });
    return true;
}

void DelayProxy::stop()
{
    if (!m_running)
        return;
    const char byte = 's';
    // The pipe is never drained: every thread polling it wakes, now and later.
    while (write(m_stopPipe[1], &byte, 1) < 0 && errno == EINTR) {
    }
    m_acceptThread.join();
    ::close(m_listenFd);
    m_listenFd = -1;
    {
        std::lock_guard lock(m_pumpsMutex);
        for (auto &p : m_pumps)
            p->thread.join();
        m_pumps.clear();
    }
    ::close(m_stopPipe[0]);
    ::close(m_stopPipe[1]);
    m_stopPipe[0] = m_stopPipe[1] = -1;
    m_running = false;
}

void DelayProxy::reapFinished()
{
    std::lock_guard lock(m_pumpsMutex);
    for (auto it = m_pumps.begin(); it != m_pumps.end();) {
        if ((*it)->finished.load()) {
            (*it)->thread.join();
            it = m_pumps.erase(it);
        } else {
            ++it;
        }
    }
}

void DelayProxy::acceptLoop(int listenFd, int stopFd)
{
    for (;;) {
        pollfd fds[2] = {{stopFd, POLLIN, 0}, {listenFd, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (fds[0].revents)
            return;
        if (!(fds[1].revents & POLLIN))
            continue;
        const int client = accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        ++m_accepted;
        reapFinished();
        const int server = connectTo(m_targetHost, m_targetPort);
        if (server < 0) {
            ::close(client); // the target is down: so is the forwarded connection
            continue;
        }
        for (int fd : {client, server}) {
            setNonBlocking(fd);
            setNoDelay(fd);
        }
        auto p = std::make_unique<Pump>();
        Pump *raw = p.get();
        ++m_open;
        std::lock_guard lock(m_pumpsMutex);
        p->thread = std::thread([this, raw, client, server, stopFd] {
            pump(client, server, stopFd, m_delayMs);
            --m_open;
            raw->finished.store(true);
        });
        m_pumps.push_back(std::move(p));
    }
}

} // namespace Virtumancer::Test
