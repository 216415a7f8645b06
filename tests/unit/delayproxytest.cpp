// The WAN tests' delay proxy against an echo server on loopback: every byte arrives, in order,
// on the connection it was sent on; an end of stream passes through; stop() breaks every open
// connection at once (both ends) and drops what was still queued; start() listens again on the
// same port. How long the delay really is, is measured by bench_wan, not asserted here.

#include "common/delayproxy.h"
#include "common/testutil.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <random>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Virtumancer::Test;
using namespace std::chrono_literals;

namespace {

constexpr int ioTimeoutMs = 10000;

/// A listening socket on 127.0.0.1 (ephemeral port unless given); -1 on failure.
int listenOn(int port, int *boundPort)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || listen(fd, 64) != 0
        || getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        ::close(fd);
        return -1;
    }
    *boundPort = ntohs(addr.sin_port);
    return fd;
}

/// connect() to 127.0.0.1:port: the fd, or -errno.
int connectLocal(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        const int err = errno;
        ::close(fd);
        return -err;
    }
    return fd;
}

/// One read with a timeout: bytes read, 0 at end of stream, -errno on error, -ETIMEDOUT when
/// nothing came in time.
ssize_t readSome(int fd, char *buf, size_t size, int timeoutMs = ioTimeoutMs)
{
    pollfd p{fd, POLLIN, 0};
    const int r = poll(&p, 1, timeoutMs);
    if (r == 0)
        return -ETIMEDOUT;
    const ssize_t n = recv(fd, buf, size, 0);
    return n < 0 ? -errno : n;
}

/// Reads until size bytes or the stream ends/fails/times out; what it got.
QByteArray readUpTo(int fd, qsizetype size)
{
    QByteArray out;
    char buf[65536];
    while (out.size() < size) {
        const ssize_t n = readSome(fd, buf, std::min<size_t>(sizeof buf, size - out.size()));
        if (n <= 0)
            break;
        out.append(buf, n);
    }
    return out;
}

bool writeAllBytes(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = send(fd, bytes.constData() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

QByteArray randomBytes(qsizetype size, unsigned seed)
{
    std::mt19937 gen(seed);
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char(gen() & 0xff);
    return out;
}

/// Echoes every connection back until its end of stream, then closes it; counts what it saw.
class EchoServer
{
public:
    EchoServer()
    {
        m_listen = listenOn(0, &m_port);
        m_thread = std::thread([this] { acceptLoop(); });
    }
    ~EchoServer()
    {
        shutdown(m_listen, SHUT_RDWR); // wakes accept()
        m_thread.join();
        ::close(m_listen);
        for (auto &t : m_connections)
            t.join();
    }
    int port() const { return m_port; }
    /// Waits until n connections have ended on the server side (EOF or error).
    bool waitEnded(int n, int timeoutMs = ioTimeoutMs)
    {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                             [&] { return m_ended >= n; });
    }
    int accepted() const { return m_accepted.load(); }
    qint64 bytesReceived() const { return m_bytes.load(); }

private:
    void acceptLoop()
    {
        for (;;) {
            const int fd = accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0)
                return;
            ++m_accepted;
            m_connections.emplace_back([this, fd] { echo(fd); });
        }
    }
    void echo(int fd)
    {
        char buf[32768];
        for (;;) {
            const ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            m_bytes += n;
            if (!writeAllBytes(fd, QByteArray(buf, n)))
                break;
        }
        ::close(fd);
        std::lock_guard lock(m_mutex);
        ++m_ended;
        m_cv.notify_all();
    }

    int m_listen = -1;
    int m_port = 0;
    std::thread m_thread;
    std::vector<std::thread> m_connections; ///< touched by the accept thread only, until joined
    std::atomic<int> m_accepted{0};
    std::atomic<qint64> m_bytes{0};
    std::mutex m_mutex;
    std::condition_variable m_cv;
    int m_ended = 0;
};

class DelayProxyTest : public ::testing::Test
{
protected:
    EchoServer m_echo;
};

TEST_F(DelayProxyTest, ForwardsEveryByteInOrderBothWays)
{
    for (const auto delay : {0ms, 3ms}) {
        SCOPED_TRACE(delay.count());
        DelayProxy proxy(QStringLiteral("127.0.0.1"), m_echo.port(), delay);
        ASSERT_TRUE(proxy.start()) << proxy.errorString().toStdString();
        const int fd = connectLocal(proxy.port());
        ASSERT_GE(fd, 0) << strerror(-fd);
        // 4 MiB in uneven writes from another thread, read back while it is still sending:
        // both directions are busy at once and every chunk boundary is somewhere else.
        const QByteArray data = randomBytes(4 * 1024 * 1024, 7);
        std::thread writer([&] {
            std::mt19937 gen(11);
            qsizetype at = 0;
            while (at < data.size()) {
                const qsizetype n = std::min<qsizetype>(1 + gen() % 70000, data.size() - at);
                if (!writeAllBytes(fd, data.mid(at, n)))
                    break;
                at += n;
            }
        });
        const QByteArray back = readUpTo(fd, data.size());
        writer.join();
        ASSERT_EQ(back.size(), data.size());
        EXPECT_TRUE(back == data) << "bytes differ or came out of order";
        ::close(fd);
    }
}

TEST_F(DelayProxyTest, KeepsConcurrentConnectionsApart)
{
    DelayProxy proxy(QStringLiteral("127.0.0.1"), m_echo.port(), 2ms);
    ASSERT_TRUE(proxy.start());
    constexpr int count = 8;
    std::vector<int> fds;
    for (int i = 0; i < count; ++i) {
        fds.push_back(connectLocal(proxy.port()));
        ASSERT_GE(fds.back(), 0);
    }
    std::vector<QByteArray> sent;
    for (int i = 0; i < count; ++i) {
        sent.push_back(randomBytes(100000 + 1000 * i, 100 + i));
        ASSERT_TRUE(writeAllBytes(fds[i], sent[i]));
    }
    for (int i = 0; i < count; ++i) {
        const QByteArray back = readUpTo(fds[i], sent[i].size());
        EXPECT_TRUE(back == sent[i]) << "connection " << i;
        ::close(fds[i]);
    }
    EXPECT_EQ(proxy.acceptedCount(), count);
    EXPECT_EQ(m_echo.accepted(), count);
}

TEST_F(DelayProxyTest, EndOfStreamPassesThroughAfterTheData)
{
    DelayProxy proxy(QStringLiteral("127.0.0.1"), m_echo.port(), 5ms);
    ASSERT_TRUE(proxy.start());
    const int fd = connectLocal(proxy.port());
    ASSERT_GE(fd, 0);
    const QByteArray data = randomBytes(300000, 3);
    ASSERT_TRUE(writeAllBytes(fd, data));
    ASSERT_EQ(shutdown(fd, SHUT_WR), 0);
    // The echo server sees the end only after the data, echoes it and closes; the client
    // gets all of it, then the end of its stream.
    const QByteArray back = readUpTo(fd, data.size());
    EXPECT_TRUE(back == data);
    char byte;
    EXPECT_EQ(readSome(fd, &byte, 1), 0);
    ASSERT_TRUE(m_echo.waitEnded(1));
    EXPECT_EQ(m_echo.bytesReceived(), data.size());
    ::close(fd);
    // The pump ends with its connection.
    EXPECT_TRUE(waitUntil([&] { return proxy.openCount() == 0; }, ioTimeoutMs));
}

TEST_F(DelayProxyTest, StopBreaksEveryOpenConnectionAtBothEnds)
{
    DelayProxy proxy(QStringLiteral("127.0.0.1"), m_echo.port(), 2ms);
    ASSERT_TRUE(proxy.start());
    std::vector<int> fds;
    for (int i = 0; i < 3; ++i) {
        const int fd = connectLocal(proxy.port());
        ASSERT_GE(fd, 0);
        const QByteArray ping = QByteArray("ping ") + QByteArray::number(i);
        ASSERT_TRUE(writeAllBytes(fd, ping));
        ASSERT_EQ(readUpTo(fd, ping.size()), ping); // the link works
        fds.push_back(fd);
    }
    EXPECT_EQ(proxy.openCount(), 3);

    proxy.stop();
    EXPECT_FALSE(proxy.isRunning());
    EXPECT_EQ(proxy.openCount(), 0);
    for (int fd : fds) {
        char buf[16];
        const ssize_t n = readSome(fd, buf, sizeof buf);
        EXPECT_TRUE(n == 0 || n == -ECONNRESET) << "read gave " << n;
        ::close(fd);
    }
    // The server side lost them too (libvirtd drops its client).
    EXPECT_TRUE(m_echo.waitEnded(3));
}

TEST_F(DelayProxyTest, StopDropsBytesStillOnTheWire)
{
    DelayProxy proxy(QStringLiteral("127.0.0.1"), m_echo.port(), 60s);
    ASSERT_TRUE(proxy.start());
    const int fd = connectLocal(proxy.port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(writeAllBytes(fd, QByteArray(1000, 'x')));
    ASSERT_TRUE(waitUntil([&] { return proxy.openCount() == 1; }, ioTimeoutMs));
    proxy.stop(); // long before those bytes fall due
    char buf[16];
    const ssize_t n = readSome(fd, buf, sizeof buf);
    EXPECT_TRUE(n == 0 || n == -ECONNRESET) << "read gave " << n;
    ASSERT_TRUE(m_echo.waitEnded(1));
    EXPECT_EQ(m_echo.bytesReceived(), 0);
    ::close(fd);
}

TEST_F(DelayProxyTest, StartAgainListensOnTheSamePort)
{
    DelayProxy proxy(QStringLiteral("127.0.0.1"), m_echo.port(), 1ms);
    ASSERT_TRUE(proxy.start());
    const int port = proxy.port();
    ASSERT_GT(port, 0);
    EXPECT_FALSE(proxy.start()) << "a running proxy cannot start twice";

    // Leave a connection behind in TIME_WAIT on the port, as a lost link does.
    int fd = connectLocal(port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(writeAllBytes(fd, "a"));
    ASSERT_EQ(readUpTo(fd, 1), QByteArray("a"));
    proxy.stop();
    ::close(fd);
    EXPECT_EQ(connectLocal(port), -ECONNREFUSED) << "the link is down";

    ASSERT_TRUE(proxy.start()) << proxy.errorString().toStdString();
    EXPECT_EQ(proxy.port(), port);
    fd = connectLocal(port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(writeAllBytes(fd, "back"));
    EXPECT_EQ(readUpTo(fd, 4), QByteArray("back"));
    ::close(fd);
    EXPECT_EQ(proxy.acceptedCount(), 2);
    EXPECT_EQ(m_echo.accepted(), 2);
}

TEST_F(DelayProxyTest, StartsOnAGivenPort)
{
    int free = 0;
    const int probe = listenOn(0, &free);
    ASSERT_GE(probe, 0);
    ::close(probe);
    DelayProxy proxy(QStringLiteral("127.0.0.1"), m_echo.port(), 0ms);
    ASSERT_TRUE(proxy.start(free)) << proxy.errorString().toStdString();
    EXPECT_EQ(proxy.port(), free);
    const int fd = connectLocal(free);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(writeAllBytes(fd, "given"));
    EXPECT_EQ(readUpTo(fd, 5), QByteArray("given"));
    ::close(fd);

    // A port someone else holds: a clear failure, not a silent other port.
    DelayProxy other(QStringLiteral("127.0.0.1"), m_echo.port(), 0ms);
    EXPECT_FALSE(other.start(free));
    EXPECT_FALSE(other.errorString().isEmpty());
    EXPECT_FALSE(other.isRunning());
}

TEST_F(DelayProxyTest, UnreachableTargetClosesTheAcceptedConnection)
{
    int deadPort = 0;
    const int probe = listenOn(0, &deadPort);
    ASSERT_GE(probe, 0);
    ::close(probe); // nothing listens there now
    DelayProxy proxy(QStringLiteral("127.0.0.1"), deadPort, 1ms);
    ASSERT_TRUE(proxy.start());
    const int fd = connectLocal(proxy.port());
    ASSERT_GE(fd, 0);
    char buf[4];
    const ssize_t n = readSome(fd, buf, sizeof buf);
    EXPECT_TRUE(n == 0 || n == -ECONNRESET) << "read gave " << n;
    EXPECT_EQ(proxy.acceptedCount(), 1);
    EXPECT_EQ(proxy.openCount(), 0);
    ::close(fd);
}

} // namespace
