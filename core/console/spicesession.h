#pragma once

#include "console/consolesession.h"

#include <QByteArray>
#include <QMutex>
#include <QStringList>

#include <memory>

namespace Virtumancer {

class SpiceClient;
struct SpiceBridge;

/// A SPICE console through spice-client-glib.
///
/// Every spice-glib call runs on the process's GLib thread (GlibLoop): the display channel's
/// updates are copied there into framebuffer()->image (Format_RGB32) and coalesced through its
/// pending region; input, resize and clipboard requests are queued there and never block the
/// caller. Sockets come from the GraphicsSocketSource: one for the main channel, then a fresh
/// one for every other channel that asks ("open-fd"), each fetched on a short-lived thread of
/// its own so a slow host never stalls the GLib thread. Only the display (id 0) and inputs
/// channels are connected besides main; audio, cursor, USB and smartcard channels are not.
///
/// A new primary surface (connect, guest mode change) gives frameResized() at once, but
/// frameUpdated() only once the server marks it ready, i.e. has sent its whole picture (or
/// after 0.5 s without a mark): the first frame the owner hears of is complete, not the blank
/// surface spice-glib starts from.
///
/// Authentication: SPICE only tells a wrong or missing password after trying. Without a
/// password the first attempt that the server refuses emits passwordRequired() (state stays
/// Connecting); setPassword() then reconnects. A password that is refused gives AuthFailed.
class SpiceSession : public ConsoleSession
{
    Q_OBJECT
public:
    explicit SpiceSession(std::unique_ptr<GraphicsSocketSource> source, QObject *parent = nullptr);
    ~SpiceSession() override;

    Protocol protocol() const override { return Protocol::Spice; }
    void start() override;
    void stop() override;
    void setPassword(const QString &password) override;

    void sendKey(quint32 keysym, quint32 scancode, bool down) override;
    void sendPointer(QPoint pos, Qt::MouseButtons buttons) override;
    void sendWheel(QPoint pos, int dx, int dy, Qt::MouseButtons buttons) override;

    bool canResizeGuest() const override;
    void requestGuestResize(QSize size) override;
    void setClipboardText(const QString &text) override;

    /// Diagnostics (tests, logs): the channels, by SPICE type name ("display", "inputs", ...),
    /// that asked for a socket of their own in this connection, and how many of those asks were
    /// answered with one.
    QStringList socketRequests() const;
    int socketsHandedOut() const;

private:
    friend class SpiceClient;
    friend struct SpiceBridge;

    /// Ends the current connection on the GLib thread and waits (bounded) until it is gone.
    void shutdownClient();
    void handleAuthRefused(bool hadPassword);

    std::shared_ptr<GraphicsSocketSource> m_source;
    std::shared_ptr<SpiceBridge> m_bridge;
    /// The current connection (null when none).
    std::shared_ptr<SpiceClient> client() const;

    mutable QMutex m_clientMutex; ///< guards m_client: the input methods may come from any thread
    std::shared_ptr<SpiceClient> m_client; ///< the GLib side; used only through GlibLoop::invoke
    quint64 m_generation = 0; ///< events from an older connection than this are dropped
    QByteArray m_password;    ///< cleared on destruction; never logged
    bool m_hasPassword = false;
    bool m_awaitingPassword = false;
};

/// The SPICE key code (PC XT set 1; keys with the 0xe0 prefix as 0x100 | code) for an X11
/// keysym on a US layout, 0 when the key has none here (Pause, dead keys, non-US symbols).
quint32 spiceScancodeForKeysym(quint32 keysym);

/// The SPICE key code for a scancode as ConsoleSession::sendKey() takes it: QEMU's qnum form
/// (0xe0-prefixed keys with bit 7 set), or an explicit 0xe0XX / 0x1XX form.
quint32 spiceScancodeForXt(quint32 scancode);

} // namespace Virtumancer
