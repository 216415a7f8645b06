// Fuzz target: hostile VNC server messages fed to VncSession (libvncclient on its own thread).
//
// A socketpair stands for the connection. A "server" thread writes a valid handshake prefix
// (chosen by the first input byte) followed by the rest of the input, then half-closes, and
// reads and discards whatever the client sends. The session must reach Disconnected, Failed or
// AuthFailed within a timeout, without crashing: a hang aborts (libFuzzer saves the input).
//
// First byte: bits 0-1 the handshake —
//   0: RFB 3.8, security None, ServerInit 64×48 32 bpp true colour
//   1: RFB 3.8, VNC authentication (the fixed challenge below); the input then starts with
//      the SecurityResult
//   2: nothing: the input is the whole server stream, version string included
//   3: RFB 3.3, security None, ServerInit 64×48 16 bpp (RGB565)
// bits 2-3 the encodings the session asks for — 0: its default, 1: "tight zrle zlib copyrect
// hextile raw", 2: "raw", 3: "ultra zywrle trle zlibhex corre rre copyrect".
//
// Built twice: with libFuzzer (scripts/fuzz.sh) and with fuzzdriver.cpp's main (the
// VncFuzzSmoke test: seeds and deterministic mutations).

#include "vncfuzz.h"

#include "console/vncsession.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

using namespace Virtumancer;

namespace {

/// Hands out the one socket of this run; later (re)connections fail like a VM that is gone.
class OneSocketSource : public GraphicsSocketSource
{
public:
    explicit OneSocketSource(int fd)
        : m_fd(fd)
    {}
    ~OneSocketSource() override
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Result<int> openSocket() override
    {
        if (m_fd < 0)
            return makeError(ErrorCode::ConnectionFailed, QStringLiteral("fuzz: no more sockets"));
        return std::exchange(m_fd, -1);
    }

private:
    int m_fd;
};

void put16(QByteArray &b, quint16 v)
{
    b.append(char(v >> 8));
    b.append(char(v & 0xff));
}

void put32(QByteArray &b, quint32 v)
{
    put16(b, quint16(v >> 16));
    put16(b, quint16(v & 0xffff));
}

/// ServerInit: size, pixel format, name.
QByteArray serverInit(int bpp)
{
    QByteArray b;
    put16(b, 64);
    put16(b, 48);
    if (bpp == 32) {
        b.append(char(32)).append(char(24)).append(char(0)).append(char(1)); // bpp depth BE TC
        put16(b, 255);
        put16(b, 255);
        put16(b, 255);
        b.append(char(16)).append(char(8)).append(char(0)); // shifts
    } else {
        b.append(char(16)).append(char(16)).append(char(0)).append(char(1));
        put16(b, 31);
        put16(b, 63);
        put16(b, 31);
        b.append(char(11)).append(char(5)).append(char(0));
    }
    b.append(3, '\0'); // padding
    put32(b, 4);
    b.append("fuzz");
    return b;
}

QByteArray handshakePrefix(int variant)
{
    QByteArray b;
    switch (variant) {
    case 0:
        b.append("RFB 003.008\n");
        b.append(char(1)).append(char(1)); // one security type: None
        put32(b, 0);                       // SecurityResult OK
        b.append(serverInit(32));
        break;
    case 1:
        b.append("RFB 003.008\n");
        b.append(char(1)).append(char(2)); // VNC authentication
        b.append("0123456789abcdef");      // challenge; the input continues with the result
        break;
    case 2:
        break;
    default:
        b.append("RFB 003.003\n");
        put32(b, 1); // None
        b.append(serverInit(16));
        break;
    }
    return b;
}

QString encodingsFor(int variant)
{
    switch (variant) {
    case 1:
        return QStringLiteral("tight zrle zlib copyrect hextile raw");
    case 2:
        return QStringLiteral("raw");
    case 3:
        return QStringLiteral("ultra zywrle trle zlibhex corre rre copyrect");
    default:
        return {};
    }
}

/// The server side: writes stream, half-closes, drains the client until it closes or stopFd
/// becomes readable.
void serve(int fd, const QByteArray &stream, int stopFd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    qsizetype written = 0;
    bool halfClosed = false;
    char sink[4096];
    for (;;) {
        if (!halfClosed && written == stream.size()) {
            ::shutdown(fd, SHUT_WR);
            halfClosed = true;
        }
        pollfd fds[2] = {{fd, short(POLLIN | (halfClosed ? 0 : POLLOUT)), 0}, {stopFd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents)
            break;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::read(fd, sink, sizeof sink);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
                break; // the client closed
        }
        if (!halfClosed && (fds[0].revents & POLLOUT)) {
            const ssize_t n = ::send(fd, stream.constData() + written,
                                     size_t(stream.size() - written), MSG_NOSIGNAL);
            if (n > 0)
                written += n;
            else if (n < 0 && errno != EAGAIN && errno != EINTR)
                break;
        }
    }
    ::close(fd);
}

bool terminal(ConsoleState s)
{
    return s == ConsoleState::Disconnected || s == ConsoleState::Failed
           || s == ConsoleState::AuthFailed;
}

} // namespace

namespace Virtumancer::Fuzz {

int hangTimeoutMs()
{
    static const int ms = qEnvironmentVariableIntValue("VNCFUZZ_TIMEOUT_MS") > 0
                              ? qEnvironmentVariableIntValue("VNCFUZZ_TIMEOUT_MS")
                              : 10000;
    return ms;
}

void ensureApplication()
{
    if (QCoreApplication::instance())
        return;
    static int argc = 1;
    static char arg0[] = "vncfuzz";
    static char *argv[] = {arg0, nullptr};
    // Never destroyed: libFuzzer ends the process with exit().
    new QCoreApplication(argc, argv);
    ::signal(SIGPIPE, SIG_IGN);
}

ConsoleState runOne(const uint8_t *data, size_t size)
{
    ensureApplication();
    const int mode = size > 0 ? data[0] : 0;
    QByteArray stream = handshakePrefix(mode & 3);
    if (size > 1)
        stream.append(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    int sv[2];
    int stop[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0
        || ::pipe2(stop, O_CLOEXEC) != 0) {
        std::perror("vncfuzz: socketpair/pipe");
        std::abort();
    }
    std::thread server(serve, sv[1], stream, stop[0]);

    ConsoleState final = ConsoleState::Idle;
    {
        VncSession session(std::make_unique<OneSocketSource>(sv[0]));
        VncSession::Options options;
        options.encodings = encodingsFor((mode >> 2) & 3);
        session.setOptions(options);
        QEventLoop loop;
        bool timedOut = false;
        QObject::connect(&session, &ConsoleSession::passwordRequired, &session,
                         [&session] { session.setPassword(QStringLiteral("fuzz")); });
        QObject::connect(&session, &ConsoleSession::stateChanged, &loop,
                         [&loop](ConsoleState s, const QString &) {
                             if (terminal(s))
                                 loop.quit();
                         });
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
            timedOut = true;
            loop.quit();
        });
        timer.start(hangTimeoutMs());
        session.start();
        if (!terminal(session.state()))
            loop.exec();
        if (timedOut) {
            std::fprintf(stderr, "vncfuzz: the session hung in state %s for %d ms\n",
                         qPrintable(consoleStateName(session.state())), hangTimeoutMs());
            std::abort();
        }
        final = session.state();
        if (qEnvironmentVariableIsSet("VNCFUZZ_VERBOSE"))
            std::fprintf(stderr, "vncfuzz: %zu bytes, mode %d: %s (%s)\n", size, mode,
                         qPrintable(consoleStateName(final)), qPrintable(session.stateMessage()));
        session.stop();
    }
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(stop[1], &c, 1);
    server.join();
    ::close(stop[0]);
    ::close(stop[1]);
    return final;
}

} // namespace Virtumancer::Fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Virtumancer::Fuzz::runOne(data, size);
    return 0;
}
