#include "vnctestserver.h"

#include <QMutex>

#include <rfb/rfb.h>
extern "C" {
#include <rfb/rfbregion.h> // no extern "C" of its own
}

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace Virtumancer::Test {

namespace {

void quietLog(const char *, ...) {}

struct ClientCounters
{
    qint64 updatesSent = 0;
    qint64 requestsReceived = 0;
};

} // namespace

class VncTestServer::Private
{
public:
    // Fixed at construction.
    int deferMs = 0;
    QByteArray password;
    std::vector<char *> passwordList; // NULL-terminated, for rfbCheckPasswordByList

    // Server thread only (after construction).
    rfbScreenInfoPtr screen = nullptr;
    QImage fb;    // Format_RGBX8888: R,G,B,X bytes = the screen's 32-bit format (shifts 0/8/16)
    QImage base;  // generation 0 at fb's size
    QImage spare; // streaming: the other frame, showing generation spareGen
    int spareGen = -1;
    int spareGenPainted = -1;
    std::map<rfbClientPtr, ClientCounters> counters;
    int tcpListenFd = -1;
    bool streaming = false;

    // Shared, under mutex.
    mutable std::mutex mutex;
    mutable std::condition_variable changed; // events, clients, counters, commands done
    quint64 epoch = 0;
    std::deque<std::function<void()>> commands;
    quint64 commandsPosted = 0;
    quint64 commandsDone = 0;
    bool stopping = false;
    bool threadGone = false;
    bool accepting = true;
    int clients = 0;
    int accepted = 0;
    int generation = 0;
    QSize size;
    QImage snapshot; // Format_RGB32 copy of fb, made when image() asks after a change
    bool snapshotValid = true;
    std::map<rfbClientPtr, int> clientFds; // our dup of each client's socket (for shutdown())
    QList<KeyEvent> keys;
    QList<PointerEvent> pointers;
    QList<QByteArray> cutTexts;
    qint64 goneUpdatesSent = 0;
    qint64 goneRequests = 0;
    qint64 updatesSent = 0;
    qint64 requestsReceived = 0;
    int tcpPort = -1;

    int wakeFds[2] = {-1, -1};
    std::thread thread;
    clockid_t threadClock = 0;
    std::atomic<bool> haveThreadClock{false};
    std::atomic<double> finalCpu{-1};

    static Private *of(rfbClientPtr cl) { return static_cast<Private *>(cl->screen->screenData); }

    void bump() // mutex held
    {
        ++epoch;
        changed.notify_all();
    }
    void wake()
    {
        const char c = 1;
        [[maybe_unused]] const ssize_t n = ::write(wakeFds[1], &c, 1);
    }

    /// Runs fn on the server thread and waits until it ran (false when the server is gone).
    bool run(std::function<void()> fn)
    {
        std::unique_lock lock(mutex);
        if (stopping || threadGone)
            return false;
        commands.push_back(std::move(fn));
        const quint64 ticket = ++commandsPosted;
        lock.unlock();
        wake();
        lock.lock();
        changed.wait(lock, [&] { return commandsDone >= ticket || threadGone; });
        return commandsDone >= ticket;
    }
    /// Queues fn for the server thread without waiting.
    bool post(std::function<void()> fn)
    {
        {
            std::lock_guard lock(mutex);
            if (stopping || threadGone)
                return false;
            commands.push_back(std::move(fn));
            ++commandsPosted;
        }
        wake();
        return true;
    }

    // --- server thread ---

    /// Generation 0 of the pattern at the current size; every generation adds a constant to
    /// each channel (mod 256), so a new full frame is one byte-wise add over the frame.
    void makeBase()
    {
        base = QImage(fb.size(), QImage::Format_RGBX8888);
        spareGen = -1;
        for (int y = 0; y < base.height(); ++y) {
            uchar *line = base.scanLine(y);
            for (int x = 0; x < base.width(); ++x) {
                const QRgb c = VncTestServer::expectedPixel(x, y, 0);
                line[4 * x] = uchar(qRed(c));
                line[4 * x + 1] = uchar(qGreen(c));
                line[4 * x + 2] = uchar(qBlue(c));
                line[4 * x + 3] = 0xff;
            }
        }
    }
    void paintPattern(int gen) { paintPattern(fb, gen); }
    void paintPattern(QImage &target, int gen)
    {
        if (base.size() != target.size())
            makeBase();
        // Every channel of expectedPixel() is its generation-0 value plus gen * a constant.
        const QRgb p0 = VncTestServer::expectedPixel(0, 0, 0);
        const QRgb pg = VncTestServer::expectedPixel(0, 0, gen);
        // Added to R,G,B,X bytes in memory (a little-endian quint32), X unchanged.
        const quint32 add = quint32((qRed(pg) - qRed(p0)) & 0xff)
                            | quint32((qGreen(pg) - qGreen(p0)) & 0xff) << 8
                            | quint32((qBlue(pg) - qBlue(p0)) & 0xff) << 16;
        const auto *src = reinterpret_cast<const quint32 *>(base.constBits());
        auto *dst = reinterpret_cast<quint32 *>(target.bits());
        const qsizetype n = target.sizeInBytes() / 4;
        // Byte-wise addition without carries between bytes (SWAR).
        for (qsizetype i = 0; i < n; ++i) {
            const quint32 a = src[i];
            dst[i] = ((a & 0x7f7f7f7fu) + (add & 0x7f7f7f7fu)) ^ ((a ^ add) & 0x80808080u);
        }
    }
    void publishImage() // server thread, after fb changed
    {
        std::lock_guard lock(mutex);
        snapshotValid = false;
        size = fb.size();
        bump();
    }
    void takeSnapshot() // server thread
    {
        QImage copy = fb.convertToFormat(QImage::Format_RGB32);
        std::lock_guard lock(mutex);
        snapshot = std::move(copy);
        snapshotValid = true;
    }
    void newFrame() // server thread
    {
        int gen = 0;
        {
            std::lock_guard lock(mutex);
            gen = ++generation;
        }
        spareGen = -1;
        paintPattern(gen);
        rfbMarkRectAsModified(screen, 0, 0, fb.width(), fb.height());
        publishImage();
    }
    /// Streaming: swaps in a second, precomputed buffer, so a frame costs the server only its
    /// sending. The frames alternate between two generations.
    void streamFrame() // server thread
    {
        if (spareGen < 0 || spare.size() != fb.size()) {
            spare = QImage(fb.size(), QImage::Format_RGBX8888);
            spareGenPainted = -1;
            std::lock_guard lock(mutex);
            spareGen = generation + 1;
        }
        if (spareGenPainted != spareGen) {
            paintPattern(spare, spareGen);
            spareGenPainted = spareGen;
        }
        std::swap(fb, spare);
        screen->frameBuffer = reinterpret_cast<char *>(fb.bits());
        {
            std::lock_guard lock(mutex);
            spareGen = std::exchange(generation, spareGen);
        }
        spareGenPainted = spareGen;
        rfbMarkRectAsModified(screen, 0, 0, fb.width(), fb.height());
        publishImage();
    }

    void acceptFd(int fd) // server thread: hands a connected socket to libvncserver
    {
        bool ok = false;
        {
            std::lock_guard lock(mutex);
            ok = accepting && !stopping;
        }
        if (!ok) {
            ::close(fd);
            return;
        }
        // rfbNewClient waits 100 ms for a WebSocket handshake, then sends the version.
        rfbNewClient(screen, fd);
    }

    void closeAll() // server thread
    {
        rfbClientIteratorPtr it = rfbGetClientIterator(screen);
        while (rfbClientPtr cl = rfbClientIteratorNext(it))
            rfbCloseClient(cl);
        rfbReleaseClientIterator(it);
        // rfbProcessEvents reaps closed clients (clientGoneHook).
        rfbProcessEvents(screen, 0);
    }

    void refreshCounters() // server thread
    {
        qint64 sent = 0, requests = 0;
        rfbClientIteratorPtr it = rfbGetClientIterator(screen);
        while (rfbClientPtr cl = rfbClientIteratorNext(it)) {
            ClientCounters &c = counters[cl];
            c.updatesSent = rfbStatGetMessageCountSent(cl, rfbFramebufferUpdate);
            c.requestsReceived = rfbStatGetMessageCountRcvd(cl, rfbFramebufferUpdateRequest);
            sent += c.updatesSent;
            requests += c.requestsReceived;
        }
        rfbReleaseClientIterator(it);
        std::lock_guard lock(mutex);
        sent += goneUpdatesSent;
        requests += goneRequests;
        if (sent != updatesSent || requests != requestsReceived) {
            updatesSent = sent;
            requestsReceived = requests;
            bump();
        }
    }

    /// Streaming: a client waits for an update and nothing is pending → a new full frame.
    void feedStream() // server thread
    {
        bool hungry = false;
        rfbClientIteratorPtr it = rfbGetClientIterator(screen);
        while (rfbClientPtr cl = rfbClientIteratorNext(it)) {
            if (cl->sock != RFB_INVALID_SOCKET && !cl->onHold
                && cl->state == rfbClientRec::RFB_NORMAL && !sraRgnEmpty(cl->requestedRegion)
                && !FB_UPDATE_PENDING(cl))
                hungry = true;
        }
        rfbReleaseClientIterator(it);
        if (hungry)
            streamFrame();
    }

    void loop()
    {
        threadClockInit();
        for (;;) {
            // Commands first: scripted changes, new connections, drops.
            std::deque<std::function<void()>> todo;
            bool stop = false;
            {
                std::lock_guard lock(mutex);
                todo.swap(commands);
                stop = stopping;
            }
            for (auto &fn : todo) {
                fn();
                std::lock_guard lock(mutex);
                ++commandsDone;
                bump();
            }
            if (stop)
                break;
            if (streaming)
                feedStream();

            // Wait for the wake pipe, the TCP listener or a client's bytes.
            std::vector<pollfd> fds;
            fds.push_back({wakeFds[0], POLLIN, 0});
            if (tcpListenFd >= 0)
                fds.push_back({tcpListenFd, POLLIN, 0});
            const size_t firstClient = fds.size();
            bool pending = false;
            rfbClientIteratorPtr it = rfbGetClientIterator(screen);
            while (rfbClientPtr cl = rfbClientIteratorNext(it)) {
                if (cl->sock != RFB_INVALID_SOCKET)
                    fds.push_back({cl->sock, POLLIN, 0});
                pending |= cl->sock != RFB_INVALID_SOCKET && !cl->onHold && FB_UPDATE_PENDING(cl)
                           && !sraRgnEmpty(cl->requestedRegion);
            }
            rfbReleaseClientIterator(it);
            // A deferred update is sent by a later rfbProcessEvents once the delay passed.
            const int timeout = pending ? (deferMs > 0 ? deferMs : 0) : -1;
            if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR)
                break;
            if (fds[0].revents & POLLIN) {
                char buf[64];
                while (::read(wakeFds[0], buf, sizeof buf) > 0) {
                }
            }
            if (tcpListenFd >= 0 && (fds[1].revents & POLLIN)) {
                const int fd = ::accept4(tcpListenFd, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0)
                    acceptFd(fd);
            }
            bool clientReady = false;
            for (size_t i = firstClient; i < fds.size(); ++i)
                clientReady |= fds[i].revents != 0;
            // Reads at most one message per ready client, then sends what is due.
            if (clientReady || pending || fds[0].revents)
                rfbProcessEvents(screen, 0);
            refreshCounters();
        }
        closeAll();
        refreshCounters();
        takeSnapshot();
        finalCpu = cpuSeconds();
    }

    double cpuSeconds() const
    {
        timespec ts{};
        if (!haveThreadClock || ::clock_gettime(threadClock, &ts) != 0)
            return 0;
        return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
    }

    void threadClockInit()
    {
        clockid_t id;
        if (pthread_getcpuclockid(pthread_self(), &id) == 0) {
            threadClock = id;
            haveThreadClock = true;
        }
    }

    // --- libvncserver callbacks (server thread) ---

    static enum rfbNewClientAction newClient(rfbClientPtr cl)
    {
        Private *d = of(cl);
        cl->clientGoneHook = clientGone;
        std::lock_guard lock(d->mutex);
        d->clientFds[cl] = ::fcntl(cl->sock, F_DUPFD_CLOEXEC, 0);
        ++d->clients;
        ++d->accepted;
        d->bump();
        return RFB_CLIENT_ACCEPT;
    }
    static void clientGone(rfbClientPtr cl)
    {
        Private *d = of(cl);
        const qint64 sent = rfbStatGetMessageCountSent(cl, rfbFramebufferUpdate);
        const qint64 requests = rfbStatGetMessageCountRcvd(cl, rfbFramebufferUpdateRequest);
        d->counters.erase(cl);
        std::lock_guard lock(d->mutex);
        if (auto it = d->clientFds.find(cl); it != d->clientFds.end()) {
            if (it->second >= 0)
                ::close(it->second);
            d->clientFds.erase(it);
        }
        --d->clients;
        d->goneUpdatesSent += sent;
        d->goneRequests += requests;
        d->bump();
    }
    static void keyEvent(rfbBool down, rfbKeySym keysym, rfbClientPtr cl)
    {
        Private *d = of(cl);
        std::lock_guard lock(d->mutex);
        d->keys.append(KeyEvent{quint32(keysym), bool(down)});
        d->bump();
    }
    static void pointerEvent(int buttonMask, int x, int y, rfbClientPtr cl)
    {
        Private *d = of(cl);
        std::lock_guard lock(d->mutex);
        d->pointers.append(PointerEvent{QPoint(x, y), buttonMask});
        d->bump();
    }
    static void cutText(char *text, int len, rfbClientPtr cl)
    {
        Private *d = of(cl);
        std::lock_guard lock(d->mutex);
        d->cutTexts.append(QByteArray(text, len));
        d->bump();
    }
};

QRgb VncTestServer::expectedPixel(int x, int y, int generation)
{
    // Every channel depends on x, y and the generation, so a misplaced rect, a stale frame or a
    // swapped channel all show.
    const int r = (x * 3 + y + generation * 37) & 0xff;
    const int g = (y * 5 + (x >> 2) + generation * 91) & 0xff;
    const int b = ((x ^ y) + generation * 53) & 0xff;
    return qRgb(r, g, b);
}

QImage VncTestServer::expectedImage(QSize size, int generation)
{
    QImage img(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < size.width(); ++x)
            line[x] = expectedPixel(x, y, generation);
    }
    return img;
}

VncTestServer::VncTestServer(QSize size, const QByteArray &password, int deferUpdateTimeMs)
    : d(std::make_unique<Private>())
{
    static std::once_flag quiet;
    std::call_once(quiet, [] {
        // VIRTUMANCER_VNCSERVER_LOG=1 keeps libvncserver's chatter (one TCP_NODELAY complaint
        // per socketpair connection, handshake lines) for debugging.
        if (!qEnvironmentVariableIsSet("VIRTUMANCER_VNCSERVER_LOG")) {
            rfbLog = quietLog;
            rfbErr = quietLog;
        }
    });

    d->deferMs = deferUpdateTimeMs;
    d->password = password;
    d->fb = QImage(size, QImage::Format_RGBX8888);
    d->paintPattern(0);
    d->size = size;
    d->snapshot = d->fb.convertToFormat(QImage::Format_RGB32);

    int argc = 0;
    d->screen = rfbGetScreen(&argc, nullptr, size.width(), size.height(), 8, 3, 4);
    rfbScreenInfoPtr s = d->screen;
    s->screenData = d.get();
    s->frameBuffer = reinterpret_cast<char *>(d->fb.bits());
    s->desktopName = "virtumancer-test";
    s->alwaysShared = TRUE;
    s->deferUpdateTime = deferUpdateTimeMs;
    s->deferPtrUpdateTime = 0; // every pointer event reaches ptrAddEvent, none coalesced
    // No listener of libvncserver's own: connections come from connectClient() and listenTcp().
    s->autoPort = FALSE;
    s->port = 0;
    s->ipv6port = 0;
    s->httpPort = 0;
    // No server-drawn cursor: the pixels clients see are exactly the framebuffer's.
    s->cursor = nullptr;
    s->newClientHook = Private::newClient;
    s->kbdAddEvent = Private::keyEvent;
    s->ptrAddEvent = Private::pointerEvent;
    s->setXCutText = Private::cutText;
    if (!password.isEmpty()) {
        d->passwordList = {d->password.data(), nullptr};
        s->authPasswdData = d->passwordList.data();
        s->passwordCheck = rfbCheckPasswordByList;
    }
    rfbInitServer(s); // ignores SIGPIPE (ignoreSIGPIPE defaults to TRUE)

    if (::pipe2(d->wakeFds, O_CLOEXEC | O_NONBLOCK) != 0)
        qFatal("VncTestServer: pipe2 failed");
    d->thread = std::thread([p = d.get()] {
        p->loop();
        std::lock_guard lock(p->mutex);
        p->threadGone = true;
        p->bump();
    });
}

VncTestServer::~VncTestServer()
{
    stop();
    if (d->screen)
        rfbScreenCleanup(d->screen);
    if (d->tcpListenFd >= 0)
        ::close(d->tcpListenFd);
    ::close(d->wakeFds[0]);
    ::close(d->wakeFds[1]);
}

QSize VncTestServer::size() const
{
    std::lock_guard lock(d->mutex);
    return d->size;
}

int VncTestServer::generation() const
{
    std::lock_guard lock(d->mutex);
    return d->generation;
}

QImage VncTestServer::image() const
{
    bool valid = false;
    {
        std::lock_guard lock(d->mutex);
        valid = d->snapshotValid;
    }
    // Copied on the server thread, between updates (never half a change). After stop() the
    // thread made a last copy.
    if (!valid)
        d->run([p = d.get()] { p->takeSnapshot(); });
    std::lock_guard lock(d->mutex);
    return d->snapshot;
}

void VncTestServer::fillRect(const QRect &rect, QRgb colour)
{
    d->run([p = d.get(), rect, colour] {
        const QRect r = rect.intersected(p->fb.rect());
        if (r.isEmpty())
            return;
        for (int y = r.top(); y <= r.bottom(); ++y) {
            uchar *line = p->fb.scanLine(y);
            for (int x = r.left(); x <= r.right(); ++x) {
                line[4 * x] = uchar(qRed(colour));
                line[4 * x + 1] = uchar(qGreen(colour));
                line[4 * x + 2] = uchar(qBlue(colour));
                line[4 * x + 3] = 0xff;
            }
        }
        rfbMarkRectAsModified(p->screen, r.left(), r.top(), r.right() + 1, r.bottom() + 1);
        p->publishImage();
    });
}

void VncTestServer::changeFullFrame()
{
    d->run([p = d.get()] { p->newFrame(); });
}

void VncTestServer::resize(QSize size)
{
    d->run([p = d.get(), size] {
        QImage old = std::move(p->fb);
        p->fb = QImage(size, QImage::Format_RGBX8888);
        int gen = 0;
        {
            std::lock_guard lock(p->mutex);
            gen = p->generation;
        }
        p->paintPattern(gen);
        rfbNewFramebuffer(p->screen, reinterpret_cast<char *>(p->fb.bits()), size.width(),
                          size.height(), 8, 3, 4);
        // rfbNewFramebuffer resets the format; keep no server cursor.
        p->screen->cursor = nullptr;
        p->publishImage();
    });
}

void VncTestServer::setStreaming(bool on)
{
    d->run([p = d.get(), on] { p->streaming = on; });
}

int VncTestServer::connectClient()
{
    {
        std::lock_guard lock(d->mutex);
        if (!d->accepting || d->stopping || d->threadGone)
            return -1;
    }
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    const int serverFd = sv[1];
    if (!d->post([p = d.get(), serverFd] { p->acceptFd(serverFd); })) {
        ::close(sv[0]);
        ::close(sv[1]);
        return -1;
    }
    return sv[0];
}

int VncTestServer::listenTcp()
{
    {
        std::lock_guard lock(d->mutex);
        if (d->tcpPort > 0)
            return d->tcpPort;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        ::close(fd);
        return -1;
    }
    const int port = ntohs(addr.sin_port);
    if (!d->run([p = d.get(), fd] { p->tcpListenFd = fd; })) {
        ::close(fd);
        return -1;
    }
    std::lock_guard lock(d->mutex);
    d->tcpPort = port;
    return port;
}

void VncTestServer::setAcceptingConnections(bool accept)
{
    std::lock_guard lock(d->mutex);
    d->accepting = accept;
}

void VncTestServer::dropClients()
{
    {
        // Unblocks the server thread if it is stuck writing to a client that does not read.
        std::lock_guard lock(d->mutex);
        for (const auto &[cl, fd] : d->clientFds)
            if (fd >= 0)
                ::shutdown(fd, SHUT_RDWR);
    }
    d->run([p = d.get()] { p->closeAll(); });
}

void VncTestServer::stop()
{
    {
        std::lock_guard lock(d->mutex);
        if (!d->stopping) {
            d->stopping = true;
            d->accepting = false;
            for (const auto &[cl, fd] : d->clientFds)
                if (fd >= 0)
                    ::shutdown(fd, SHUT_RDWR);
        }
    }
    d->wake();
    if (d->thread.joinable())
        d->thread.join();
    // Commands posted but never run (connectClient() racing with stop()) own server fds.
    std::lock_guard lock(d->mutex);
    d->commands.clear();
}

int VncTestServer::clientCount() const
{
    std::lock_guard lock(d->mutex);
    return d->clients;
}

int VncTestServer::connectionsAccepted() const
{
    std::lock_guard lock(d->mutex);
    return d->accepted;
}

QList<VncTestServer::KeyEvent> VncTestServer::keyEvents() const
{
    std::lock_guard lock(d->mutex);
    return d->keys;
}

QList<VncTestServer::PointerEvent> VncTestServer::pointerEvents() const
{
    std::lock_guard lock(d->mutex);
    return d->pointers;
}

QList<QByteArray> VncTestServer::cutTexts() const
{
    std::lock_guard lock(d->mutex);
    return d->cutTexts;
}

void VncTestServer::clearEvents()
{
    std::lock_guard lock(d->mutex);
    d->keys.clear();
    d->pointers.clear();
    d->cutTexts.clear();
}

qint64 VncTestServer::framebufferUpdatesSent() const
{
    std::lock_guard lock(d->mutex);
    return d->updatesSent;
}

qint64 VncTestServer::updateRequestsReceived() const
{
    std::lock_guard lock(d->mutex);
    return d->requestsReceived;
}

double VncTestServer::serverCpuSeconds() const
{
    const double final = d->finalCpu;
    return final >= 0 ? final : d->cpuSeconds();
}

bool VncTestServer::waitFor(const std::function<bool()> &pred, int timeoutMs) const
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        quint64 seen = 0;
        {
            std::lock_guard lock(d->mutex);
            seen = d->epoch;
        }
        if (pred())
            return true;
        std::unique_lock lock(d->mutex);
        if (!d->changed.wait_until(lock, deadline, [&] { return d->epoch != seen; })) {
            lock.unlock();
            return pred();
        }
    }
}

bool VncTestServer::waitForKeyEvents(int count, int timeoutMs) const
{
    return waitFor([&] { return keyEvents().size() >= count; }, timeoutMs);
}

bool VncTestServer::waitForPointerEvents(int count, int timeoutMs) const
{
    return waitFor([&] { return pointerEvents().size() >= count; }, timeoutMs);
}

bool VncTestServer::waitForClients(int count, int timeoutMs) const
{
    return waitFor([&] { return clientCount() == count; }, timeoutMs);
}

bool VncTestServer::waitForUpdatesSent(qint64 count, int timeoutMs) const
{
    return waitFor([&] { return framebufferUpdatesSent() >= count; }, timeoutMs);
}

Result<int> TestServerSource::openSocket()
{
    ++m_opened;
    const int fd = m_server->connectClient();
    if (fd < 0)
        return makeError(ErrorCode::ConnectionFailed,
                         QStringLiteral("The test VNC server refuses connections"));
    return fd;
}

} // namespace Virtumancer::Test
