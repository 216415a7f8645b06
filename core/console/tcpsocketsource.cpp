#include "console/tcpsocketsource.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Virtumancer {

namespace {

/// Connects one resolved address without blocking longer than timeoutMs (ECANCELED when
/// cancelled says so).
int connectOne(const addrinfo *ai, int timeoutMs, const std::function<bool()> &cancelled,
               int &err)
{
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                            ai->ai_protocol);
    if (fd < 0) {
        err = errno;
        return -1;
    }
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
        err = errno;
        ::close(fd);
        return -1;
    }
    pollfd p{fd, POLLOUT, 0};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    int ready = 0;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0)
            break;
        // Short slices only when someone may cancel.
        ready = ::poll(&p, 1, cancelled ? int(std::min<qint64>(left, 50)) : int(left));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready != 0)
            break;
        if (cancelled && cancelled()) {
            err = ECANCELED;
            ::close(fd);
            return -1;
        }
    }
    socklen_t len = sizeof(err);
    if (ready <= 0) {
        err = ready == 0 ? ETIMEDOUT : errno;
        ::close(fd);
        return -1;
    }
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
        ::close(fd);
        return -1;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

} // namespace

Result<int> connectTcp(const QString &host, int port, int timeoutMs,
                       const std::function<bool()> &cancelled)
{
    if (port <= 0 || port > 65535)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("no usable port for %1 (%2)").arg(host).arg(port));
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *list = nullptr;
    const QByteArray service = QByteArray::number(port);
    const int rc = ::getaddrinfo(host.toUtf8().constData(), service.constData(), &hints, &list);
    if (rc != 0)
        return makeError(ErrorCode::ConnectionFailed,
                         QStringLiteral("cannot resolve %1: %2")
                             .arg(host, QString::fromLocal8Bit(::gai_strerror(rc))));
    int err = 0;
    int fd = -1;
    for (const addrinfo *ai = list; ai && fd < 0 && err != ECANCELED; ai = ai->ai_next)
        fd = connectOne(ai, timeoutMs, cancelled, err);
    ::freeaddrinfo(list);
    if (fd < 0 && err == ECANCELED)
        return makeError(ErrorCode::Cancelled, QStringLiteral("console stopped"));
    if (fd < 0)
        return makeError(ErrorCode::ConnectionFailed,
                         QStringLiteral("cannot connect to %1 port %2: %3")
                             .arg(host)
                             .arg(port)
                             .arg(QString::fromLocal8Bit(std::strerror(err))));
    return fd;
}

} // namespace Virtumancer
