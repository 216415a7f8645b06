#pragma once

#include "console/consolesession.h"

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QPoint>
#include <QRect>
#include <QRgb>
#include <QSize>

#include <atomic>
#include <functional>
#include <memory>

namespace Virtumancer::Test {

/// A deterministic in-process VNC server (libvncserver) for console tests and benchmarks.
///
/// - 32-bit true colour; the framebuffer starts with expectedPixel(x, y, 0). No server-drawn
///   cursor, so clients see exactly these pixels.
/// - All libvncserver work happens on one thread of its own; the methods below are thread-safe.
///   The scripted changes (fillRect, changeFullFrame, resize) run on that thread and have been
///   applied (and marked modified for every client) when they return.
/// - Clients get a connected socket without any port: connectClient() makes a socketpair and
///   hands one end to the server. listenTcp() adds a loopback TCP listener for outside viewers.
/// - libvncserver waits 100 ms at every new connection for a WebSocket handshake (it peeks for
///   4 bytes the RFB client never sends first); the socketpair path does not avoid that, so a
///   connection's ServerInit arrives about 100 ms after connectClient().
/// - Keys and pointer events the server receives are recorded for assertions.
/// - Like any libvncserver server, the thread blocks while it writes an update larger than the
///   socket buffer (a 320×240 frame is 300 KiB) until the client reads it: the waits below
///   assume the clients keep reading on threads of their own (as VncSession does).
class VncTestServer
{
public:
    /// password non-empty: VNC authentication with that password (rfbCheckPasswordByList).
    /// deferUpdateTimeMs: libvncserver's delay before it sends a pending update (its own default
    /// is 5; 0 sends as soon as a client asks).
    explicit VncTestServer(QSize size = QSize(320, 240), const QByteArray &password = {},
                           int deferUpdateTimeMs = 0);
    /// stop().
    ~VncTestServer();
    VncTestServer(const VncTestServer &) = delete;
    VncTestServer &operator=(const VncTestServer &) = delete;

    /// The pixel at (x, y) of the full-frame pattern number generation (opaque, 0xffRRGGBB).
    static QRgb expectedPixel(int x, int y, int generation);
    /// The whole pattern as an image (Format_RGB32).
    static QImage expectedImage(QSize size, int generation);

    QSize size() const;
    /// Starts at 0; changeFullFrame() increments it.
    int generation() const;
    /// What the server shows now (Format_RGB32, a copy): the pattern plus fills and resizes.
    /// Copied on the server thread after a change (so it waits for that thread).
    QImage image() const;

    // Scripted changes; each marks the changed area modified so clients get an update.
    /// Fills rect (clipped to the framebuffer) with colour (alpha ignored).
    void fillRect(const QRect &rect, QRgb colour);
    /// Paints the next generation's pattern over the whole frame.
    void changeFullFrame();
    /// A new framebuffer of this size showing the current generation's pattern
    /// (rfbNewFramebuffer: clients that support it get a NewFBSize/ExtendedDesktopSize update).
    void resize(QSize size);
    /// On: whenever a client has asked for an update and none is pending, the server shows a
    /// new full frame — streams as fast as the clients take frames (benches). The frames
    /// alternate between the generation shown before and the next one (both precomputed: a
    /// frame costs the server only its encoding and sending); generation() says which one is
    /// shown.
    void setStreaming(bool on);

    // Connections.
    /// A connected socket to this server (the caller owns it), or -1 when the server refuses
    /// connections (setAcceptingConnections(false)) or was stopped.
    int connectClient();
    /// Starts a listener on 127.0.0.1 (a free port, once) and returns its port, or -1.
    int listenTcp();
    /// false: connectClient() returns -1 and TCP connections are closed at once.
    void setAcceptingConnections(bool accept);
    /// Closes every client connection; the server stays up and accepts new ones.
    void dropClients();
    /// The server disappears: every connection is closed, no new one is accepted, the thread
    /// ends. Idempotent.
    void stop();
    /// Clients connected (past the server's new-client hook, not yet gone).
    int clientCount() const;
    /// Connections accepted in total.
    int connectionsAccepted() const;

    // What the server received.
    struct KeyEvent
    {
        quint32 keysym = 0;
        bool down = false;
        friend bool operator==(const KeyEvent &, const KeyEvent &) = default;
    };
    struct PointerEvent
    {
        QPoint pos;
        int buttonMask
            = 0; ///< RFB: bit 0 left, 1 middle, 2 right, 3/4 wheel up/down, 5/6 left/right
        friend bool operator==(const PointerEvent &, const PointerEvent &) = default;
    };
    QList<KeyEvent> keyEvents() const;
    QList<PointerEvent> pointerEvents() const;
    /// ClientCutText messages (Latin-1 as sent).
    QList<QByteArray> cutTexts() const;
    void clearEvents();

    /// Framebuffer updates sent to all clients so far (gone ones included). Counted just after
    /// an update was written, so a client may hold it a moment before: waitForUpdatesSent().
    qint64 framebufferUpdatesSent() const;
    /// FramebufferUpdateRequests received from all clients so far.
    qint64 updateRequestsReceived() const;
    /// CPU time the server thread has used (encoding, pattern painting), in seconds.
    double serverCpuSeconds() const;

    // Waiting (blocks the calling thread on a condition variable; true when reached in time).
    bool waitForKeyEvents(int count, int timeoutMs = 5000) const;
    bool waitForPointerEvents(int count, int timeoutMs = 5000) const;
    bool waitForClients(int count, int timeoutMs = 5000) const;
    bool waitForUpdatesSent(qint64 count, int timeoutMs = 5000) const;
    /// Generic: pred is evaluated on the calling thread, again whenever the server records
    /// something (an event, a client coming or going, an update sent), until true or timeout.
    /// It may call the accessors above, e.g. waitFor([&] { return server.clientCount() == 0; }).
    bool waitFor(const std::function<bool()> &pred, int timeoutMs = 5000) const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

/// A GraphicsSocketSource that opens connections to a VncTestServer (socketpairs).
class TestServerSource : public GraphicsSocketSource
{
public:
    /// The server must outlive the source. skipAuth: report skipsAuth() (the server still asks
    /// for its password if it has one — use a server without password to model SKIPAUTH).
    explicit TestServerSource(VncTestServer *server, bool skipAuth = false)
        : m_server(server)
        , m_skipAuth(skipAuth)
    {}
    /// The socket, or ConnectionFailed when the server refuses or is stopped.
    Result<int> openSocket() override;
    bool skipsAuth() const override { return m_skipAuth; }
    /// How often openSocket() was called (reconnect tests).
    int socketsOpened() const { return m_opened.load(); }

private:
    VncTestServer *m_server;
    bool m_skipAuth;
    std::atomic<int> m_opened{0};
};

} // namespace Virtumancer::Test
