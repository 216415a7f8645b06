#include "console/vncsession.h"

#include <QElapsedTimer>
#include <QtEndian>
#include <QList>
#include <QLoggingCategory>
#include <QMetaObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rfb/rfbclient.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Virtumancer {

namespace {

Q_LOGGING_CATEGORY(lcVnc, "virtumancer.core.console", QtInfoMsg)

constexpr int maxWheelNotches = 64;
constexpr int maxDirtyRects = 64; ///< more rects in one update: use their bounding rect
/// Input waiting for the VNC thread at the most (it waits while reconnecting, on a password
/// prompt, or on a server that stopped reading): newer events beyond this are dropped.
constexpr size_t maxQueuedCommands = 4096;

// RFB pointer button mask bits.
constexpr int buttonLeft = 1;
constexpr int buttonMiddle = 2;
constexpr int buttonRight = 4;
constexpr int wheelUp = 8;
constexpr int wheelDown = 16;
constexpr int wheelLeft = 32;
constexpr int wheelRight = 64;

int buttonMask(Qt::MouseButtons buttons)
{
    int mask = 0;
    if (buttons & Qt::LeftButton)
        mask |= buttonLeft;
    if (buttons & Qt::MiddleButton)
        mask |= buttonMiddle;
    if (buttons & Qt::RightButton)
        mask |= buttonRight;
    return mask;
}

/// True for AF_UNIX and loopback TCP: bandwidth is free there, so raw beats any compression.
bool isLocalSocket(int fd)
{
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0
        && addr.ss_family == AF_UNIX)
        return true;
    len = sizeof(addr);
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
        return false;
    if (addr.ss_family == AF_INET) {
        const auto *in = reinterpret_cast<const sockaddr_in *>(&addr);
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (addr.ss_family == AF_INET6) {
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(&addr);
        if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
            return true;
        return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127;
    }
    return false;
}

struct Command
{
    enum class Type { Key, Pointer, DesktopSize, CutText };
    Type type = Type::Key;
    quint32 keysym = 0;
    quint32 scancode = 0;
    bool down = false;
    QPoint pos;
    int buttonMask = 0;
    bool motion = false; ///< a pointer event that changes no button
    QSize size;
    QByteArray text;
};

/// Wipes a secret before its memory goes back to the allocator.
void wipe(QByteArray &secret)
{
    if (!secret.isEmpty())
        std::memset(secret.data(), 0, size_t(secret.size()));
    secret.clear();
}

/// Copies count pixels, setting the alpha byte RFB leaves at 0 (Format_RGB32 wants 0xff).
/// This runs over every changed pixel of every frame, so it uses SSE2 where it can (GCC's -O2
/// cost model does not vectorise the plain loop).
void copyOpaque(quint32 *dst, const quint32 *src, int count)
{
    int i = 0;
#ifdef __SSE2__
    const __m128i alpha = _mm_set1_epi32(int(0xff000000u));
    for (; i + 4 <= count; i += 4) {
        const __m128i px = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + i));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + i), _mm_or_si128(px, alpha));
    }
#endif
    for (; i < count; ++i)
        dst[i] = src[i] | 0xff000000u;
}

int s_clientDataTag; ///< its address tags our pointer in rfbClientSetClientData

} // namespace

class VncSession::Private
{
public:
    Private(VncSession *q, std::unique_ptr<GraphicsSocketSource> source)
        : q(q)
        , source(std::move(source))
        , framebuffer(q->m_framebuffer)
        , wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
    {}
    ~Private()
    {
        if (wakeFd >= 0)
            ::close(wakeFd);
    }

    /// HandshakeFailed: the socket opened but the RFB handshake broke off (a server restarting
    /// its display); Failed: no socket, or the server refused us for good.
    enum class Outcome { Connected, Failed, HandshakeFailed, AuthFailed, Stopped };

    VncSession *const q;
    std::unique_ptr<GraphicsSocketSource> const source;
    std::shared_ptr<ConsoleFramebuffer> const framebuffer;
    int const wakeFd;

    // Owner thread.
    Options options;
    std::thread thread;

    // Shared between the owner and the VNC thread.
    std::atomic<quint64> generation{0}; ///< bumped by start()/stop(): older posts are dropped
    std::atomic<bool> stopRequested{false};
    std::atomic<bool> canResize{false};
    std::atomic<int> reconnects{0};
    std::atomic<bool> accepting{false}; ///< input is queued only while a thread runs

    std::mutex doneMutex;
    std::condition_variable doneCondition;
    bool threadDone = true; ///< guarded by doneMutex; false while run() is running

    std::mutex socketMutex;
    int shutdownFd = -1; ///< a dup of the connection's socket, for stop() to shut it down

    std::mutex commandMutex;
    std::deque<Command> commands;
    int lastPointerMask = 0; ///< of the last pointer command queued

    std::mutex passwordMutex;
    std::condition_variable passwordCondition;
    std::optional<QByteArray> password; ///< in memory only; reused by transparent reconnects

    mutable std::mutex infoMutex;
    QString activeEncodings;

    // VNC thread only.
    Options runOptions;
    QByteArray encodingsString; ///< libvncclient keeps a pointer to it
    rfbClient *client = nullptr;
    std::vector<quint32> clientBuffer; ///< what libvncclient decodes into
    QSize clientSize;
    std::vector<QRect> dirtyRects;
    bool reconnecting = false;
    bool authFailureLogged = false;
    bool noPasswordLogged = false;
    bool passwordSent = false;      ///< GetPassword answered this handshake
    bool qemuEncodingsSent = false; ///< this connection re-sent SetEncodings for QEMU
    int compressLevel = -1;         ///< as asked for this connection
    int qualityLevel = -1;          ///< -1: no JPEG
    QString refusal;                ///< why we refused the server (framebuffer too large); fatal
    QString lastLibraryMessage;

    static thread_local Private *s_current; ///< the session whose thread this is, for logging

    static Private *fromClient(rfbClient *cl)
    {
        auto *d = static_cast<Private *>(rfbClientGetClientData(cl, &s_clientDataTag));
        Q_ASSERT(d);
        return d;
    }

    /// Runs f on the owner's thread unless the session was stopped or restarted meanwhile.
    template<typename F> void post(quint64 gen, F f)
    {
        QMetaObject::invokeMethod(
            q,
            [this, gen, f = std::move(f)] {
                if (gen == generation.load())
                    f();
            },
            Qt::QueuedConnection);
    }
    void postState(quint64 gen, ConsoleState state, const QString &message = {})
    {
        post(gen, [this, state, message] { q->publishState(state, message); });
    }

    void wake()
    {
        const quint64 one = 1;
        [[maybe_unused]] const ssize_t n = ::write(wakeFd, &one, sizeof(one));
    }

    void enqueue(Command command)
    {
        {
            std::lock_guard lock(commandMutex);
            if (!accepting)
                return;
            if (command.type == Command::Type::Pointer) {
                // Pure motion (buttons unchanged) replaces the motion still waiting to be sent;
                // a press or release is never merged, so it happens where the user clicked.
                command.motion = command.buttonMask == lastPointerMask;
                lastPointerMask = command.buttonMask;
                if (command.motion && !commands.empty()
                    && commands.back().type == Command::Type::Pointer && commands.back().motion) {
                    commands.back().pos = command.pos;
                    return;
                }
            }
            if (commands.size() >= maxQueuedCommands)
                return;
            commands.push_back(std::move(command));
        }
        wake();
    }

    void stopThread()
    {
        ++generation;
        accepting = false;
        stopRequested = true;
        {
            std::lock_guard lock(socketMutex);
            if (shutdownFd >= 0)
                ::shutdown(shutdownFd, SHUT_RDWR);
        }
        {
            std::lock_guard lock(passwordMutex);
        }
        passwordCondition.notify_all();
        wake();
        if (thread.joinable()) {
            // The thread may be inside source->openSocket() (a libvirt round trip): cancel
            // it, again until the thread is out, in case it entered just after a cancel.
            std::unique_lock lock(doneMutex);
            while (!threadDone) {
                source->cancel();
                doneCondition.wait_for(lock, std::chrono::milliseconds(50));
            }
            lock.unlock();
            thread.join();
        }
        std::lock_guard lock(commandMutex);
        commands.clear();
        lastPointerMask = 0;
    }

    void clearPassword()
    {
        std::lock_guard lock(passwordMutex);
        if (password)
            wipe(*password);
        password.reset();
    }

    // --- VNC thread ---------------------------------------------------------------------

    void run(quint64 gen);
    Outcome connectOnce(QString *message);
    QString serve();
    bool sendQueued();
    bool sendEncodingsForQemu();
    void closeClient();

    bool allocateClientBuffer(rfbClient *cl);
    void frameBufferUpdated(int x, int y, int w, int h);
    void frameBufferUpdateFinished(quint64 gen);
    char *passwordFor(quint64 gen);

    void noteLibraryMessage(const char *line)
    {
        lastLibraryMessage = QString::fromLocal8Bit(line);
        if (lastLibraryMessage.contains(QLatin1String("authentication failed"), Qt::CaseInsensitive)
            || lastLibraryMessage.contains(QLatin1String("Authentication failure")))
            authFailureLogged = true;
        if (lastLibraryMessage.contains(QLatin1String("Reading password failed")))
            noPasswordLogged = true;
    }

    quint64 runGeneration = 0;

    // libvncclient's C callbacks: static trampolines to the session in the client data.
    static void logLine(bool error, const char *format, va_list args);
    static void clientLog(const char *format, ...);
    static void clientErr(const char *format, ...);
    static void installLogHandlers();
    static rfbBool mallocFrameBufferHook(rfbClient *cl);
    static void gotFrameBufferUpdateHook(rfbClient *cl, int x, int y, int w, int h);
    static void finishedFrameBufferUpdateHook(rfbClient *cl);
    static char *getPasswordHook(rfbClient *cl);
    static void gotCutTextHook(rfbClient *cl, const char *text, int length);
};

thread_local VncSession::Private *VncSession::Private::s_current = nullptr;

// libvncclient logs through two global function pointers; route both to our category at
// debug level, and let the session on this thread see the text (auth failures, last error).
void VncSession::Private::logLine(bool error, const char *format, va_list args)
{
    char line[1024];
    std::vsnprintf(line, sizeof(line), format, args);
    size_t len = std::strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    if (error)
        qCDebug(lcVnc).noquote() << "libvncclient error:" << QString::fromLocal8Bit(line);
    else
        qCDebug(lcVnc).noquote() << "libvncclient:" << QString::fromLocal8Bit(line);
    if (Private *d = s_current)
        d->noteLibraryMessage(line);
}

void VncSession::Private::clientLog(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    logLine(false, format, args);
    va_end(args);
}

void VncSession::Private::clientErr(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    logLine(true, format, args);
    va_end(args);
}

void VncSession::Private::installLogHandlers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        rfbClientLog = clientLog;
        rfbClientErr = clientErr;
    });
}

rfbBool VncSession::Private::mallocFrameBufferHook(rfbClient *cl)
{
    return fromClient(cl)->allocateClientBuffer(cl) ? TRUE : FALSE;
}

void VncSession::Private::gotFrameBufferUpdateHook(rfbClient *cl, int x, int y, int w, int h)
{
    fromClient(cl)->frameBufferUpdated(x, y, w, h);
}

void VncSession::Private::finishedFrameBufferUpdateHook(rfbClient *cl)
{
    Private *d = fromClient(cl);
    d->frameBufferUpdateFinished(d->runGeneration);
}

char *VncSession::Private::getPasswordHook(rfbClient *cl)
{
    Private *d = fromClient(cl);
    return d->passwordFor(d->runGeneration);
}

void VncSession::Private::gotCutTextHook(rfbClient *cl, const char *text, int length)
{
    Private *d = fromClient(cl);
    const QString clip = QString::fromLatin1(text, qMax(0, length));
    d->post(d->runGeneration, [d, clip] { Q_EMIT d->q->clipboardReceived(clip); });
}

void VncSession::Private::run(quint64 gen)
{
    s_current = this;
    runGeneration = gen;
    // libvncclient writes with write(): a server that vanished must give EPIPE, not kill us.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    pthread_setname_np(pthread_self(), "vnc-session");

    QElapsedTimer clock;
    clock.start();
    QList<qint64> drops;
    // A drop while Connected is most likely QEMU's resize (DESIGN §7): reconnect at once;
    // the new ServerInit carries the new size. Give up when it keeps happening.
    const auto tooManyDrops = [&clock, &drops] {
        const qint64 now = clock.elapsed();
        drops.append(now);
        while (!drops.isEmpty() && now - drops.first() > quickReconnectWindowMs)
            drops.removeFirst();
        return drops.size() > maxQuickReconnects;
    };
    bool connectedOnce = false;
    while (!stopRequested) {
        reconnecting = connectedOnce;
        QString message;
        const Outcome outcome = connectOnce(&message);
        if (outcome == Outcome::Stopped || stopRequested)
            break;
        if (outcome == Outcome::HandshakeFailed && connectedOnce && !tooManyDrops()) {
            qCDebug(lcVnc) << "reconnect broke off:" << message << "- trying again";
            continue;
        }
        if (outcome != Outcome::Connected) {
            if (outcome == Outcome::AuthFailed) {
                clearPassword();
                postState(gen, ConsoleState::AuthFailed, message);
            } else if (connectedOnce) {
                postState(gen, ConsoleState::Disconnected,
                          QStringLiteral("the connection was lost and could not be opened "
                                         "again: %1")
                              .arg(message));
            } else {
                postState(gen, ConsoleState::Failed, message);
            }
            break;
        }
        if (connectedOnce) {
            ++reconnects;
        } else {
            connectedOnce = true;
            postState(gen, ConsoleState::Connected);
        }

        const QString why = serve();
        closeClient();
        if (stopRequested)
            break;
        if (!refusal.isEmpty()) {
            postState(gen, ConsoleState::Failed, refusal);
            break;
        }
        if (tooManyDrops()) {
            postState(gen, ConsoleState::Disconnected,
                      QStringLiteral("the server keeps closing the connection (%1)").arg(why));
            break;
        }
        qCDebug(lcVnc) << "connection dropped:" << why << "- reconnecting";
    }
    closeClient();
    canResize = false;
    s_current = nullptr;
    std::lock_guard lock(doneMutex);
    threadDone = true;
    doneCondition.notify_all();
}

VncSession::Private::Outcome VncSession::Private::connectOnce(QString *message)
{
    if (stopRequested)
        return Outcome::Stopped;
    const Result<int> socket = source->openSocket();
    if (!socket) {
        *message = socket.error().message;
        return stopRequested ? Outcome::Stopped : Outcome::Failed;
    }
    const int fd = *socket;

    const bool local = isLocalSocket(fd);
    QString encodings = runOptions.encodings.simplified();
    if (encodings.isEmpty())
        encodings = local ? QStringLiteral("raw copyrect")
                          : QStringLiteral("tight zrle zlib copyrect hextile raw");
    int compress = runOptions.compressLevel;
    if (compress < 0 || compress > 9)
        compress = local ? 1 : 6;
    int quality = runOptions.qualityLevel;
    if (quality < 0 || quality > 9)
        quality = local ? -1 : 8; // local: lossless
    {
        std::lock_guard lock(infoMutex);
        activeEncodings = encodings;
    }

    rfbClient *cl = rfbGetClient(8, 3, 4);
    if (!cl) {
        ::close(fd);
        *message = QStringLiteral("out of memory");
        return Outcome::Failed;
    }
    // The layout of QImage::Format_RGB32 (0xffRRGGBB as a native 32-bit word), so frames
    // reach the view without a conversion; only the alpha byte is set while copying.
    cl->format.bitsPerPixel = 32;
    cl->format.depth = 24;
    cl->format.trueColour = TRUE;
    cl->format.redMax = cl->format.greenMax = cl->format.blueMax = 255;
    cl->format.redShift = 16;
    cl->format.greenShift = 8;
    cl->format.blueShift = 0;
    cl->appData.requestedDepth = 24;
    cl->canHandleNewFBSize = TRUE;
    encodingsString = encodings.toLatin1();
    cl->appData.encodingsString = encodingsString.constData();
    cl->appData.compressLevel = compress;
    cl->appData.enableJPEG = quality >= 0 ? TRUE : FALSE;
    cl->appData.qualityLevel = qMax(quality, 0);
    cl->appData.useRemoteCursor = FALSE;
    cl->programName = "virtumancer";
    rfbClientSetClientData(cl, &s_clientDataTag, this);
    cl->MallocFrameBuffer = mallocFrameBufferHook;
    cl->GotFrameBufferUpdate = gotFrameBufferUpdateHook;
    cl->FinishedFrameBufferUpdate = finishedFrameBufferUpdateHook;
    cl->GetPassword = getPasswordHook;
    cl->GotXCutText = gotCutTextHook;
    // With listenSpecified libvncclient takes our fd as is (DESIGN §7).
    cl->sock = fd;
    cl->listenSpecified = TRUE;

    {
        std::lock_guard lock(socketMutex);
        shutdownFd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    }
    authFailureLogged = false;
    noPasswordLogged = false;
    passwordSent = false;
    qemuEncodingsSent = false;
    compressLevel = compress;
    qualityLevel = quality;
    refusal.clear();
    lastLibraryMessage.clear();
    if (stopRequested) {
        rfbClientCleanup(cl); // closes fd
        return Outcome::Stopped;
    }

    // On failure rfbInitClient has already freed cl and closed fd.
    if (!rfbInitClient(cl, nullptr, nullptr)) {
        {
            std::lock_guard lock(socketMutex);
            if (shutdownFd >= 0)
                ::close(shutdownFd);
            shutdownFd = -1;
        }
        if (stopRequested)
            return Outcome::Stopped;
        if (!refusal.isEmpty()) {
            *message = refusal;
            return Outcome::Failed;
        }
        // libvncclient says "VNC authentication failed" (refused, RFB 3.3/3.7), "VNC connection
        // failed: <server's reason>" right after the password (3.8) or "Reading password
        // failed" (our callback gave none).
        if (noPasswordLogged) {
            *message = QStringLiteral("no password was given");
            return Outcome::AuthFailed;
        }
        if (authFailureLogged
            || (passwordSent
                && lastLibraryMessage.startsWith(QLatin1String("VNC connection failed")))) {
            *message = QStringLiteral("the server refused the password");
            return Outcome::AuthFailed;
        }
        *message = lastLibraryMessage.isEmpty()
                       ? QStringLiteral("the VNC handshake failed")
                       : QStringLiteral("the VNC handshake failed: %1").arg(lastLibraryMessage);
        return Outcome::HandshakeFailed;
    }
    client = cl;
    qCDebug(lcVnc) << "connected," << cl->width << "x" << cl->height << "encodings" << encodings;
    return Outcome::Connected;
}

QString VncSession::Private::serve()
{
    while (!stopRequested) {
        if (!sendQueued())
            return lastLibraryMessage.isEmpty() ? QStringLiteral("sending to the server failed")
                                                : lastLibraryMessage;
        // libvncclient reads ahead into its own buffer (up to 8 KiB) that poll() cannot see:
        // drain that first or messages arrive late (DESIGN §7).
        if (client->buffered == 0) {
            pollfd fds[2] = {{client->sock, POLLIN, 0}, {wakeFd, POLLIN, 0}};
            const int ready = ::poll(fds, 2, -1);
            if (ready < 0) {
                if (errno == EINTR)
                    continue;
                return QStringLiteral("poll failed: %1")
                    .arg(QString::fromLocal8Bit(std::strerror(errno)));
            }
            if (fds[1].revents & POLLIN) {
                quint64 count;
                [[maybe_unused]] const ssize_t n = ::read(wakeFd, &count, sizeof(count));
            }
            if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
        }
        if (!HandleRFBServerMessage(client)) {
            if (!refusal.isEmpty())
                return refusal;
            return lastLibraryMessage.isEmpty() ? QStringLiteral("the server closed the connection")
                                                : lastLibraryMessage;
        }
        canResize = client->screen.width != 0 || client->screen.height != 0;
        // QEMU acknowledges its extended key event pseudo-encoding, so this is how we know it.
        if (!qemuEncodingsSent && SupportsClient2Server(client, rfbQemuEvent)) {
            qemuEncodingsSent = true;
            if (!sendEncodingsForQemu())
                return QStringLiteral("sending to the server failed");
        }
    }
    return QStringLiteral("stopped");
}

bool VncSession::Private::sendQueued()
{
    std::deque<Command> batch;
    {
        std::lock_guard lock(commandMutex);
        batch.swap(commands);
    }
    for (Command &command : batch) {
        bool ok = true;
        switch (command.type) {
        case Command::Type::Key:
            // SendExtendedKeyEvent fails when the server lacks QEMU's extension: fall back.
            if (command.scancode == 0
                || !SendExtendedKeyEvent(client, command.keysym, command.scancode,
                                         command.down ? TRUE : FALSE))
                ok = SendKeyEvent(client, command.keysym, command.down ? TRUE : FALSE);
            break;
        case Command::Type::Pointer:
            ok = SendPointerEvent(client, qBound(0, command.pos.x(), 0xffff),
                                  qBound(0, command.pos.y(), 0xffff), command.buttonMask);
            break;
        case Command::Type::DesktopSize:
            if (client->screen.width != 0 || client->screen.height != 0)
                ok = SendExtDesktopSize(client, quint16(command.size.width()),
                                        quint16(command.size.height()));
            break;
        case Command::Type::CutText:
            ok = SendClientCutText(client, command.text.data(), int(command.text.size()));
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

/// QEMU announces guest resolution changes with ExtendedDesktopSize using screen id 0, which
/// libvncclient 0.9.14 ignores: the next update then either does not fit ("Rect too large",
/// the connection drops) or, when the guest got smaller, leaves a stale border. Without
/// ExtendedDesktopSize in our encodings QEMU falls back to the plain DesktopSize message that
/// libvncclient handles, so we send SetEncodings again without it. (Guest resizing through
/// SetDesktopSize is lost, but libvncclient cannot use it with QEMU anyway.)
bool VncSession::Private::sendEncodingsForQemu()
{
    static const std::pair<QLatin1String, qint32> known[] = {
        {QLatin1String("raw"), rfbEncodingRaw},
        {QLatin1String("copyrect"), rfbEncodingCopyRect},
        {QLatin1String("tight"), rfbEncodingTight},
        {QLatin1String("hextile"), rfbEncodingHextile},
        {QLatin1String("zlib"), rfbEncodingZlib},
        {QLatin1String("zlibhex"), rfbEncodingZlibHex},
        {QLatin1String("trle"), rfbEncodingTRLE},
        {QLatin1String("zrle"), rfbEncodingZRLE},
        {QLatin1String("zywrle"), rfbEncodingZYWRLE},
        {QLatin1String("corre"), rfbEncodingCoRRE},
        {QLatin1String("rre"), rfbEncodingRRE},
    };
    QList<qint32> encodings;
    bool compressed = false;
    bool tight = false;
    const QList<QByteArray> names = encodingsString.split(' ');
    for (const QByteArray &name : names) {
        for (const auto &[knownName, id] : known) {
            if (name.compare(QByteArray(knownName.data(), knownName.size()), Qt::CaseInsensitive)
                == 0) {
                encodings.append(id);
                tight = tight || id == rfbEncodingTight;
                compressed = compressed || id == rfbEncodingTight || id == rfbEncodingZlib
                             || id == rfbEncodingZlibHex;
            }
        }
    }
    if (compressed && compressLevel >= 0 && compressLevel <= 9)
        encodings.append(qint32(rfbEncodingCompressLevel0 + quint32(compressLevel)));
    if (tight && qualityLevel >= 0 && qualityLevel <= 9)
        encodings.append(qint32(rfbEncodingQualityLevel0 + quint32(qualityLevel)));
    encodings.append(qint32(rfbEncodingKeyboardLedState));
    encodings.append(qint32(rfbEncodingNewFBSize));
    if (tight)
        encodings.append(qint32(rfbEncodingLastRect));
    encodings.append(qint32(rfbEncodingQemuExtendedKeyEvent));

    QByteArray message(sz_rfbSetEncodingsMsg, '\0');
    message[0] = char(rfbSetEncodings);
    message[2] = char((encodings.size() >> 8) & 0xff);
    message[3] = char(encodings.size() & 0xff);
    for (qint32 id : encodings) {
        const quint32 be = qToBigEndian(quint32(id));
        message.append(reinterpret_cast<const char *>(&be), sizeof(be));
    }
    qCDebug(lcVnc) << "QEMU server: encodings again without ExtendedDesktopSize";
    return WriteToRFBServer(client, message.constData(), unsigned(message.size()));
}

void VncSession::Private::closeClient()
{
    {
        std::lock_guard lock(socketMutex);
        if (shutdownFd >= 0)
            ::close(shutdownFd);
        shutdownFd = -1;
    }
    if (!client)
        return;
    // libvncclient 0.9.14 allocates the cursor shape buffers for every cursor message (even
    // with useRemoteCursor off) and rfbClientCleanup() never frees them.
    std::free(client->rcSource);
    std::free(client->rcMask);
    client->rcSource = nullptr;
    client->rcMask = nullptr;
    rfbClientCleanup(client); // closes the socket; leaves frameBuffer (ours) alone
    client = nullptr;
    canResize = false;
}

bool VncSession::Private::allocateClientBuffer(rfbClient *cl)
{
    const int width = cl->width;
    const int height = cl->height;
    if (width <= 0 || height <= 0 || width > maxFramebufferSide || height > maxFramebufferSide
        || qint64(width) * height * 4 > maxFramebufferBytes) {
        refusal = QStringLiteral("the server announced a %1×%2 screen, which is outside what "
                                 "this viewer accepts (1 to %3 pixels a side, %4 MiB)")
                      .arg(width)
                      .arg(height)
                      .arg(maxFramebufferSide)
                      .arg(maxFramebufferBytes / (1024 * 1024));
        return false;
    }
    std::vector<quint32> buffer(size_t(width) * size_t(height));
    {
        // Same size as what the view shows (a transparent reconnect): start from that picture,
        // so nothing flashes while the first update comes in.
        QMutexLocker lock(&framebuffer->mutex);
        const QImage &image = framebuffer->image;
        if (image.width() == width && image.height() == height) {
            for (int y = 0; y < height; ++y)
                std::memcpy(buffer.data() + size_t(y) * width, image.constScanLine(y),
                            size_t(width) * 4);
        }
    }
    clientBuffer.swap(buffer);
    clientSize = QSize(width, height);
    cl->frameBuffer = reinterpret_cast<uint8_t *>(clientBuffer.data());
    dirtyRects.clear();
    return true;
}

void VncSession::Private::frameBufferUpdated(int x, int y, int w, int h)
{
    const QRect rect = QRect(x, y, w, h) & QRect(QPoint(0, 0), clientSize);
    if (!rect.isEmpty())
        dirtyRects.push_back(rect);
}

void VncSession::Private::frameBufferUpdateFinished(quint64 gen)
{
    if (dirtyRects.empty())
        return;
    QRegion region;
    if (dirtyRects.size() <= size_t(maxDirtyRects)) {
        for (const QRect &rect : dirtyRects)
            region += rect;
    } else {
        QRect bounds;
        for (const QRect &rect : dirtyRects)
            bounds |= rect;
        region = bounds;
    }
    dirtyRects.clear();

    bool resized = false;
    bool wasEmpty = false;
    {
        QMutexLocker lock(&framebuffer->mutex);
        QImage &image = framebuffer->image;
        if (image.size() != clientSize) {
            // A new picture: replaced, never resized in place (the view may hold a copy).
            image = QImage(clientSize, QImage::Format_RGB32);
            region = QRect(QPoint(0, 0), clientSize);
            framebuffer->pending = QRegion();
            resized = true;
        }
        const int stride = clientSize.width();
        for (const QRect &rect : region) {
            for (int y = rect.top(); y <= rect.bottom(); ++y) {
                copyOpaque(reinterpret_cast<quint32 *>(image.scanLine(y)) + rect.left(),
                           clientBuffer.data() + size_t(y) * stride + rect.left(), rect.width());
            }
        }
        wasEmpty = framebuffer->addPendingLocked(region);
    }
    if (resized) {
        const QSize size = clientSize;
        post(gen, [this, size] { Q_EMIT q->frameResized(size); });
    }
    if (wasEmpty) {
        // Not tied to the generation: pending is non-empty now, and only this signal makes the
        // view take it.
        QMetaObject::invokeMethod(
            q, [q = q] { Q_EMIT q->frameUpdated(); }, Qt::QueuedConnection);
    }
}

char *VncSession::Private::passwordFor(quint64 gen)
{
    std::unique_lock lock(passwordMutex);
    if (!password) {
        // Never ask during a transparent reconnect: the user would see a prompt for a drop
        // they should not notice. No stored password means the server changed its mind.
        if (reconnecting || stopRequested)
            return nullptr;
        post(gen, [this] { Q_EMIT q->passwordRequired(); });
        passwordCondition.wait(lock, [this] { return password.has_value() || stopRequested; });
        if (!password)
            return nullptr;
    }
    if (password->isEmpty())
        return nullptr;
    passwordSent = true;
    return ::strdup(password->constData()); // libvncclient frees it
}

// --- VncSession ------------------------------------------------------------------------------

VncSession::VncSession(std::unique_ptr<GraphicsSocketSource> source, QObject *parent)
    : ConsoleSession(parent)
    , d(std::make_unique<Private>(this, std::move(source)))
{
    Private::installLogHandlers();
}

VncSession::~VncSession()
{
    d->stopThread();
    d->clearPassword();
}

void VncSession::setOptions(const Options &options)
{
    d->options = options;
}

VncSession::Options VncSession::options() const
{
    return d->options;
}

QString VncSession::activeEncodings() const
{
    std::lock_guard lock(d->infoMutex);
    return d->activeEncodings;
}

int VncSession::transparentReconnects() const
{
    return d->reconnects.load();
}

void VncSession::start()
{
    if (state() == ConsoleState::Connecting || state() == ConsoleState::Connected)
        return;
    // A thread that ended by itself (server gone, failure) still needs joining.
    d->stopThread();
    if (d->wakeFd < 0) {
        publishState(ConsoleState::Failed, QStringLiteral("cannot create an eventfd"));
        return;
    }
    d->stopRequested = false;
    d->reconnects = 0;
    d->runOptions = d->options;
    const quint64 gen = ++d->generation;
    publishState(ConsoleState::Connecting);
    d->accepting = true;
    {
        std::lock_guard lock(d->doneMutex);
        d->threadDone = false;
    }
    d->thread = std::thread([d = d.get(), gen] { d->run(gen); });
}

void VncSession::stop()
{
    d->stopThread();
    publishState(ConsoleState::Disconnected);
}

void VncSession::setPassword(const QString &password)
{
    {
        std::lock_guard lock(d->passwordMutex);
        if (d->password)
            wipe(*d->password);
        d->password = password.toUtf8();
    }
    d->passwordCondition.notify_all();
}

void VncSession::sendKey(quint32 keysym, quint32 scancode, bool down)
{
    Command command;
    command.type = Command::Type::Key;
    command.keysym = keysym;
    // QEMU's extended key event wants "qnum": an 0xe0-prefixed key has bit 7 set instead.
    command.scancode = (scancode & 0xff00) == 0xe000 ? 0x80 | (scancode & 0x7f) : scancode;
    command.down = down;
    d->enqueue(std::move(command));
}

void VncSession::sendPointer(QPoint pos, Qt::MouseButtons buttons)
{
    Command command;
    command.type = Command::Type::Pointer;
    command.pos = pos;
    command.buttonMask = buttonMask(buttons);
    d->enqueue(std::move(command));
}

void VncSession::sendWheel(QPoint pos, int dx, int dy, Qt::MouseButtons buttons)
{
    const int held = buttonMask(buttons);
    auto notches = [this, pos, held](int count, int bit) {
        for (int i = 0; i < qMin(count, maxWheelNotches); ++i) {
            // RFB has no wheel event: a wheel notch is a press and release of buttons 4-7.
            Command press;
            press.type = Command::Type::Pointer;
            press.pos = pos;
            press.buttonMask = held | bit;
            d->enqueue(press);
            Command release = press;
            release.buttonMask = held;
            d->enqueue(std::move(release));
        }
    };
    notches(qAbs(dy), dy > 0 ? wheelUp : wheelDown);
    notches(qAbs(dx), dx > 0 ? wheelRight : wheelLeft);
}

bool VncSession::canResizeGuest() const
{
    return state() == ConsoleState::Connected && d->canResize.load();
}

void VncSession::requestGuestResize(QSize size)
{
    if (!size.isValid() || size.width() > 0xffff || size.height() > 0xffff)
        return;
    Command command;
    command.type = Command::Type::DesktopSize;
    command.size = size;
    d->enqueue(std::move(command));
}

void VncSession::setClipboardText(const QString &text)
{
    Command command;
    command.type = Command::Type::CutText;
    command.text = text.toLatin1();
    d->enqueue(std::move(command));
}

} // namespace Virtumancer
