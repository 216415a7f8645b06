#pragma once

#include "console/consolesession.h"

#include <memory>

namespace Virtumancer {

/// A VNC console (libvncclient). The RFB client runs on a thread of its own that waits in
/// poll() on the server socket and a wake-up fd; input from any thread is queued and sent by
/// that thread. Each finished framebuffer update is copied into framebuffer()->image (whole
/// updates only, under its mutex), so the view never blocks this thread and never sees half a
/// frame.
///
/// States: Idle → Connecting → Connected → Disconnected (server gone, stop()), or Connecting →
/// Failed / AuthFailed. A Connected session whose connection drops (QEMU's guest resolution
/// change makes libvncclient 0.9.14 drop it: DESIGN §7) reconnects at once with a fresh socket
/// and stays Connected; only a failed reconnect, or more than maxQuickReconnects drops within
/// quickReconnectWindowMs, ends in Disconnected.
class VncSession : public ConsoleSession
{
    Q_OBJECT
public:
    struct Options
    {
        /// libvncclient encodings, space-separated in preference order ("tight", "raw copyrect",
        /// ...). Empty: by socket — AF_UNIX or loopback TCP get "raw copyrect", anything else
        /// "tight zrle zlib copyrect hextile raw".
        QString encodings;
        int compressLevel = -1; ///< 0..9 for tight/zlib; -1: by socket (local 1, remote 6)
        int qualityLevel = -1;  ///< JPEG quality 0..9 for tight; -1: by socket (remote 8)
    };

    static constexpr int maxQuickReconnects = 3;
    static constexpr int quickReconnectWindowMs = 2000;
    /// Framebuffers larger than this (either side) or than maxFramebufferBytes are refused.
    static constexpr int maxFramebufferSide = 16384;
    static constexpr qint64 maxFramebufferBytes = 512LL * 1024 * 1024;

    /// source: where sockets come from (one per connection and reconnection); owned.
    explicit VncSession(std::unique_ptr<GraphicsSocketSource> source, QObject *parent = nullptr);
    /// Stops the thread (without emitting stateChanged).
    ~VncSession() override;

    /// Takes effect at the next start().
    void setOptions(const Options &options);
    Options options() const;
    /// The encodings the current connection asked for (after the by-socket choice).
    QString activeEncodings() const;
    /// Reconnects that kept the session Connected (the QEMU resize trap, tests).
    int transparentReconnects() const;

    Protocol protocol() const override { return Protocol::Vnc; }
    void start() override;
    void stop() override;
    void setPassword(const QString &password) override;

    /// scancode (XT set 1, 0 if unknown; an 0xe0-prefixed key either as 0xe0XX or in QEMU's
    /// "qnum" form 0x80|XX) goes out with QEMU's extended key event when the server supports
    /// it; the keysym alone otherwise.
    void sendKey(quint32 keysym, quint32 scancode, bool down) override;
    void sendPointer(QPoint pos, Qt::MouseButtons buttons) override;
    void sendWheel(QPoint pos, int dx, int dy, Qt::MouseButtons buttons) override;

    /// True once the server announced a screen layout through ExtendedDesktopSize that
    /// libvncclient accepts (QEMU's does not: screen id 0).
    bool canResizeGuest() const override;
    void requestGuestResize(QSize size) override;
    /// Latin-1 only (RFB's ClientCutText); other characters become '?'.
    void setClipboardText(const QString &text) override;

private:
    class Private;
    std::unique_ptr<Private> const d;
};

} // namespace Virtumancer
