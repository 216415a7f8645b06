#pragma once

#include "model/error.h"

#include <QImage>
#include <QMutex>
#include <QObject>
#include <QRegion>
#include <QSize>

#include <memory>

namespace Virtumancer {

/// Where a console is in its life. The window shows each one differently.
enum class ConsoleState {
    Idle,         ///< not started
    Connecting,   ///< opening the socket, handshake, authentication
    Connected,    ///< frames arrive
    AuthFailed,   ///< the server refused the password (or none was given)
    Disconnected, ///< the server went away (VM stopped, host lost) or stop() was called
    Failed,       ///< could not connect at all; the message says why
};

/// Hands out connected sockets to one VM's graphics server. Implementations: libvirt's
/// virDomainOpenGraphicsFD through the host's worker (with a listen address/port fallback), or
/// a plain TCP connection (tests, benchmarks). VNC asks once per (re)connection, SPICE once per
/// channel.
class GraphicsSocketSource
{
public:
    virtual ~GraphicsSocketSource() = default;
    /// Blocks the calling thread (a console thread, never the GUI thread) until a connected
    /// socket is ready or the attempt failed. The caller owns the returned fd.
    virtual Result<int> openSocket() = 0;
    /// Thread-safe: makes an openSocket() in progress on another thread return Cancelled
    /// promptly (a session's stop() calls it before joining its thread, so a host that is
    /// slow to answer cannot hold stop() up).
    virtual void cancel() {}
    /// True when sockets from this source skip the server's own password check (libvirt's
    /// VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH).
    virtual bool skipsAuth() const { return false; }
};

/// The picture a console shows, shared between the session's thread (writer) and the view
/// (reader). The session copies each finished update into image under mutex and adds it to
/// pending; it signals ConsoleSession::frameUpdated() only when pending was empty, so a busy
/// GUI thread gets one wake-up per paint, not one per update, and never sees half a frame.
struct ConsoleFramebuffer
{
    mutable QMutex mutex;
    QImage image;    ///< Format_RGB32; replaced (not resized in place) when the size changes
    QRegion pending; ///< changed since the view last took it

    /// More rects than this in pending collapse into their bounding rect: a view that falls
    /// behind then repaints a larger area once instead of the region growing without bound.
    static constexpr int maxPendingRects = 256;

    /// The session's side, with mutex held: adds what changed; true when pending was empty
    /// before (the session then signals frameUpdated()).
    bool addPendingLocked(const QRegion &changed)
    {
        const bool wasEmpty = pending.isEmpty();
        pending += changed;
        if (pending.rectCount() > maxPendingRects)
            pending = pending.boundingRect();
        return wasEmpty;
    }

    /// The view's side: takes and clears what changed.
    QRegion takePending()
    {
        QMutexLocker lock(&mutex);
        return std::exchange(pending, QRegion());
    }
};

/// One graphical console connection (VNC or SPICE). The object lives on the thread that
/// created it (the GUI thread); the protocol runs on a thread of its own, so nothing here
/// blocks the caller. Signals are queued to the owner's thread. Input methods are thread-safe
/// and never block: they queue the event for the protocol thread.
class ConsoleSession : public QObject
{
    Q_OBJECT
public:
    enum class Protocol { Vnc, Spice };
    using QObject::QObject;

    virtual Protocol protocol() const = 0;
    /// Starts connecting. A session can be started again after Disconnected/Failed/AuthFailed
    /// (a reconnect: a new socket from the same source, the same framebuffer object).
    virtual void start() = 0;
    /// Ends the connection and joins the protocol thread (bounded: the thread only ever waits
    /// on its sockets, which this closes). State becomes Disconnected. Idempotent.
    virtual void stop() = 0;

    ConsoleState state() const { return m_state; }
    /// Why the last Failed/AuthFailed/Disconnected happened, in words for the user.
    QString stateMessage() const { return m_stateMessage; }
    std::shared_ptr<ConsoleFramebuffer> framebuffer() const { return m_framebuffer; }

    /// The password for the server's own authentication, when passwordRequired() asked for it
    /// (an empty string gives up: AuthFailed).
    virtual void setPassword(const QString &password) = 0;

    /// keysym: X11 keysym (see keysym.h). scancode: the physical key as a PC XT (set 1) make
    /// code in QEMU's one-number "qnum" form, as scancodeForKeyEvent() gives it: keys with the
    /// 0xe0 prefix have bit 7 set (Up = 0xc8, Right Ctrl = 0x9d); 0 when unknown (the session
    /// then goes by the keysym). Both sessions also take the two-byte form 0xe0XX.
    virtual void sendKey(quint32 keysym, quint32 scancode, bool down) = 0;
    /// Presses keysyms in order and releases them in reverse (Ctrl+Alt+Del and friends).
    void sendKeyCombination(const QList<quint32> &keysyms);
    /// pos in framebuffer pixels; buttons as Qt reports them.
    virtual void sendPointer(QPoint pos, Qt::MouseButtons buttons) = 0;
    /// One wheel notch per unit: dy > 0 is away from the user (up), dx > 0 is right.
    virtual void sendWheel(QPoint pos, int dx, int dy, Qt::MouseButtons buttons) = 0;

    /// Whether requestGuestResize() can work now (SPICE with the guest agent; VNC servers with
    /// the ExtendedDesktopSize extension).
    virtual bool canResizeGuest() const { return false; }
    virtual void requestGuestResize(QSize size) { Q_UNUSED(size); }
    /// Offers text to the guest's clipboard (SPICE with the agent); no-op elsewhere.
    virtual void setClipboardText(const QString &text) { Q_UNUSED(text); }

Q_SIGNALS:
    void stateChanged(Virtumancer::ConsoleState state, const QString &message);
    /// The framebuffer image was replaced with one of this size (connect, guest resolution).
    void frameResized(QSize size);
    /// framebuffer()->pending became non-empty: take it and repaint.
    void frameUpdated();
    /// The server wants a password; answer with setPassword().
    void passwordRequired();
    /// The guest's clipboard changed (SPICE).
    void clipboardReceived(const QString &text);
    /// true: the guest follows the absolute pointer (tablet, SPICE client mode); false: the
    /// guest draws its own relative pointer and the view should grab the mouse.
    void absolutePointerChanged(bool absolute);

protected:
    /// For implementations: sets state and message and emits stateChanged() on the owner's
    /// thread. Callable from any thread.
    void publishState(ConsoleState state, const QString &message = {});

    std::shared_ptr<ConsoleFramebuffer> m_framebuffer = std::make_shared<ConsoleFramebuffer>();

private:
    ConsoleState m_state = ConsoleState::Idle;
    QString m_stateMessage;
};

QString consoleStateName(ConsoleState state);

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::ConsoleState)
