#pragma once

#include <QHash>
#include <QImage>
#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QTimer;

namespace Virtumancer {

class ConsoleSession;
struct ConsoleFramebuffer;

/// Shows a ConsoleSession's framebuffer and sends it the user's keyboard and mouse.
///
/// Painting: on frameUpdated() the view takes the framebuffer's pending region and repaints
/// only those rects (mapped through the current scale); paintEvent() draws only its region,
/// under the framebuffer's mutex, so a frame is never shown half-written. HiDPI aware: in 1:1
/// one guest pixel is one device pixel.
///
/// Input: keys go to the guest as X11 keysyms (Tab and Alt included while the view has focus),
/// the pointer in framebuffer pixels, the wheel in notches. While the keyboard is grabbed every
/// key goes to the guest and a hint says how to get out: pressing Ctrl+Alt releases the grab.
/// Lives on the GUI thread and never blocks (the session queues input for its own thread).
class ConsoleView : public QWidget
{
    Q_OBJECT
public:
    enum class ScaleMode {
        Fit,         ///< whole picture in the widget, aspect kept, centred
        OneToOne,    ///< a guest pixel per device pixel (minimum size = the picture's)
        ResizeGuest, ///< asks the guest for the widget's size (debounced); fits meanwhile
    };
    Q_ENUM(ScaleMode)

    explicit ConsoleView(QWidget *parent = nullptr);
    ~ConsoleView() override;

    /// The session to show and drive; not owned (it may be deleted: the view then goes blank).
    void setSession(ConsoleSession *session);
    ConsoleSession *session() const { return m_session; }

    void setScaleMode(ScaleMode mode);
    ScaleMode scaleMode() const { return m_scaleMode; }

    /// Grabs (or releases) the keyboard, and the mouse when the guest's pointer is relative.
    void setKeyboardGrabbed(bool grabbed);
    bool isKeyboardGrabbed() const { return m_keyboardGrabbed; }
    /// The "Press Ctrl+Alt to release" overlay.
    QLabel *grabHint() const { return m_grabHint; }

    /// False after the session said the guest draws a relative pointer: the local cursor is
    /// hidden and the pointer is grabbed on click.
    bool isPointerAbsolute() const { return m_absolutePointer; }

    QSize framebufferSize() const { return m_fbSize; }
    /// Where the picture is drawn, in widget (logical) coordinates.
    QRectF imageRect() const;
    /// Device pixels per guest pixel (1 in 1:1).
    qreal scale() const;
    /// A widget position in framebuffer pixels, clamped to the picture.
    QPoint toFramebuffer(QPointF widgetPos) const;
    /// A framebuffer rect in widget coordinates (rounded outwards).
    QRect toWidget(const QRect &framebufferRect) const;
    /// A copy of the current picture (screenshots).
    QImage screenshot() const;

    QSize sizeHint() const override;

Q_SIGNALS:
    void keyboardGrabChanged(bool grabbed);
    void framebufferResized(QSize size);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    bool focusNextPrevChild(bool next) override;

private:
    void handleFrameUpdated();
    void handleFrameResized(QSize size);
    void handleAbsolutePointer(bool absolute);
    void requestGuestResize();
    void releaseKeys();
    void updateMinimumSize();
    void updateCursor();
    void placeGrabHint();
    void sendPointer(QPointF widgetPos, Qt::MouseButtons buttons);

    QPointer<ConsoleSession> m_session;
    std::shared_ptr<ConsoleFramebuffer> m_framebuffer;
    QSize m_fbSize;
    ScaleMode m_scaleMode = ScaleMode::Fit;
    bool m_keyboardGrabbed = false;
    bool m_mouseGrabbed = false;
    bool m_absolutePointer = true;
    /// Keys the guest saw go down and not yet up, by the key's identity (native scan code, or
    /// Qt key): released with the keysym they were pressed with, whatever the modifiers now.
    struct HeldKey
    {
        quint32 keysym = 0;
        quint32 scancode = 0;
    };
    QHash<quint64, HeldKey> m_heldKeys;
    QPoint m_wheelRemainder; ///< eighths of a degree not yet a whole notch
    QSize m_requestedGuestSize;
    QTimer *m_resizeTimer;
    QLabel *m_grabHint;
};

} // namespace Virtumancer
