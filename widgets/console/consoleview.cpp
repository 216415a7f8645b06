#include "consoleview.h"

#include "console/consolesession.h"
#include "console/keysym.h"

#include <QFocusEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QTimer>
#include <QWheelEvent>

#include <cmath>

namespace Virtumancer {

namespace {

constexpr int guestResizeDelayMs = 300; ///< a window drag settles before the guest is asked
constexpr int wheelNotch = 120;         ///< eighths of a degree per notch (QWheelEvent)

/// A 3×3 dot: the guest draws its own pointer into the picture, so an arrow would double it;
/// the dot still shows where the host's pointer is.
QCursor dotCursor()
{
    QPixmap pixmap(5, 5);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.fillRect(1, 1, 3, 3, Qt::black);
    painter.fillRect(2, 2, 1, 1, Qt::white);
    painter.end();
    return QCursor(pixmap, 2, 2);
}

bool isModifierKeysym(quint32 keysym)
{
    return keysym == Keysym::ControlL || keysym == Keysym::ControlR || keysym == Keysym::AltL
           || keysym == Keysym::AltR;
}

} // namespace

ConsoleView::ConsoleView(QWidget *parent)
    : QWidget(parent)
    , m_resizeTimer(new QTimer(this))
    , m_grabHint(new QLabel(tr("Press Ctrl+Alt to release"), this))
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);          // paintEvent fills every pixel of its region
    setAttribute(Qt::WA_InputMethodEnabled, false); // keys, not composed text, go to the guest
    setCursor(dotCursor());
    m_resizeTimer->setSingleShot(true);
    m_resizeTimer->setInterval(guestResizeDelayMs);
    connect(m_resizeTimer, &QTimer::timeout, this, &ConsoleView::requestGuestResize);
    m_grabHint->setObjectName(QStringLiteral("grabHint"));
    m_grabHint->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_grabHint->setStyleSheet(
        QStringLiteral("QLabel { background: rgba(0, 0, 0, 170); color: white; "
                       "border-radius: 4px; padding: 4px 10px; }"));
    m_grabHint->hide();
}

ConsoleView::~ConsoleView()
{
    // The guest must not keep a key pressed that it will never see released.
    releaseKeys();
}

void ConsoleView::setSession(ConsoleSession *session)
{
    if (m_session == session)
        return;
    releaseKeys();
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_framebuffer = session ? session->framebuffer() : nullptr;
    m_requestedGuestSize = {};
    m_absolutePointer = true;
    if (session) {
        connect(session, &ConsoleSession::frameUpdated, this, &ConsoleView::handleFrameUpdated);
        connect(session, &ConsoleSession::frameResized, this, &ConsoleView::handleFrameResized);
        connect(session, &ConsoleSession::absolutePointerChanged, this,
                &ConsoleView::handleAbsolutePointer);
        connect(session, &QObject::destroyed, this, [this] {
            m_framebuffer.reset();
            m_heldKeys.clear();
            m_fbSize = {};
            updateMinimumSize();
            update();
        });
        QSize size;
        {
            QMutexLocker lock(&m_framebuffer->mutex);
            size = m_framebuffer->image.size();
        }
        m_framebuffer->takePending(); // the whole picture is painted below anyway
        m_fbSize = size;
    } else {
        m_fbSize = {};
    }
    updateMinimumSize();
    updateCursor();
    updateGeometry();
    update();
}

void ConsoleView::setScaleMode(ScaleMode mode)
{
    if (m_scaleMode == mode)
        return;
    m_scaleMode = mode;
    m_requestedGuestSize = {};
    updateMinimumSize();
    updateGeometry();
    update();
    if (mode == ScaleMode::ResizeGuest)
        m_resizeTimer->start();
}

qreal ConsoleView::scale() const
{
    if (m_fbSize.isEmpty())
        return 1.0;
    if (m_scaleMode == ScaleMode::OneToOne)
        return 1.0;
    const qreal dpr = devicePixelRatioF();
    return qMin(width() * dpr / m_fbSize.width(), height() * dpr / m_fbSize.height());
}

QRectF ConsoleView::imageRect() const
{
    if (m_fbSize.isEmpty())
        return {};
    const qreal dpr = devicePixelRatioF();
    const qreal s = scale();
    const QSizeF device(m_fbSize.width() * s, m_fbSize.height() * s);
    // Centred, with the offset on whole device pixels so 1:1 stays a plain copy.
    const qreal x = std::floor((width() * dpr - device.width()) / 2);
    const qreal y = std::floor((height() * dpr - device.height()) / 2);
    return QRectF(QPointF(x, y) / dpr, device / dpr);
}

QPoint ConsoleView::toFramebuffer(QPointF widgetPos) const
{
    const QRectF image = imageRect();
    if (image.isEmpty())
        return {};
    const qreal x = (widgetPos.x() - image.x()) * m_fbSize.width() / image.width();
    const qreal y = (widgetPos.y() - image.y()) * m_fbSize.height() / image.height();
    return QPoint(qBound(0, int(std::floor(x)), m_fbSize.width() - 1),
                  qBound(0, int(std::floor(y)), m_fbSize.height() - 1));
}

QRect ConsoleView::toWidget(const QRect &framebufferRect) const
{
    const QRectF image = imageRect();
    if (image.isEmpty())
        return {};
    const qreal sx = image.width() / m_fbSize.width();
    const qreal sy = image.height() / m_fbSize.height();
    const QRectF r(image.x() + framebufferRect.x() * sx, image.y() + framebufferRect.y() * sy,
                   framebufferRect.width() * sx, framebufferRect.height() * sy);
    // One pixel more on each side: smooth scaling blends neighbours into the edge pixels.
    return r.toAlignedRect().adjusted(-1, -1, 1, 1);
}

QImage ConsoleView::screenshot() const
{
    if (!m_framebuffer)
        return {};
    QMutexLocker lock(&m_framebuffer->mutex);
    return m_framebuffer->image.copy();
}

QSize ConsoleView::sizeHint() const
{
    if (m_fbSize.isEmpty())
        return QSize(800, 600);
    const qreal dpr = devicePixelRatioF();
    return QSize(int(std::ceil(m_fbSize.width() / dpr)), int(std::ceil(m_fbSize.height() / dpr)));
}

void ConsoleView::updateMinimumSize()
{
    // In 1:1 the picture sets the minimum, so a scroll area around the view scrolls it.
    setMinimumSize(m_scaleMode == ScaleMode::OneToOne && !m_fbSize.isEmpty() ? sizeHint()
                                                                             : QSize(0, 0));
}

void ConsoleView::handleFrameUpdated()
{
    if (!m_framebuffer)
        return;
    const QRegion changed = m_framebuffer->takePending();
    QSize size;
    {
        QMutexLocker lock(&m_framebuffer->mutex);
        size = m_framebuffer->image.size();
    }
    if (size != m_fbSize) { // frameResized() is still on its way: repaint it all now
        handleFrameResized(size);
        return;
    }
    QRegion dirty;
    for (const QRect &r : changed)
        dirty += toWidget(r);
    update(dirty);
}

void ConsoleView::handleFrameResized(QSize size)
{
    if (m_framebuffer) {
        // Everything is repainted: what was pending is taken too, so the session signals
        // frameUpdated() again for the next change (it does only when pending was empty).
        m_framebuffer->takePending();
        QMutexLocker lock(&m_framebuffer->mutex);
        size = m_framebuffer->image.size(); // the latest, whatever the signal carried
    }
    if (size == m_fbSize) {
        update();
        return;
    }
    m_fbSize = size;
    updateMinimumSize();
    updateGeometry();
    update();
    Q_EMIT framebufferResized(size);
}

void ConsoleView::handleAbsolutePointer(bool absolute)
{
    m_absolutePointer = absolute;
    if (absolute && m_mouseGrabbed && !m_keyboardGrabbed) {
        releaseMouse();
        m_mouseGrabbed = false;
    }
    updateCursor();
}

void ConsoleView::updateCursor()
{
    if (!m_absolutePointer && (m_mouseGrabbed || m_keyboardGrabbed))
        setCursor(Qt::BlankCursor); // the guest draws its own, relative pointer
    else
        setCursor(dotCursor());
}

void ConsoleView::requestGuestResize()
{
    if (m_scaleMode != ScaleMode::ResizeGuest || !m_session || !m_session->canResizeGuest())
        return;
    const QSize device = (QSizeF(size()) * devicePixelRatioF()).toSize();
    if (device.isEmpty() || device == m_requestedGuestSize || device == m_fbSize)
        return;
    m_requestedGuestSize = device;
    m_session->requestGuestResize(device);
}

void ConsoleView::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    const QRectF image = imageRect();
    const QRegion region = event->region();
    const QRegion outside = region - image.toAlignedRect();
    for (const QRect &r : outside)
        painter.fillRect(r, Qt::black);
    if (!m_framebuffer || image.isEmpty()) {
        if (!image.isEmpty())
            painter.fillRect(image.toAlignedRect() & event->rect(), Qt::black);
        return;
    }
    const qreal s = scale();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, s < 1.0);
    const qreal sx = m_fbSize.width() / image.width();
    const qreal sy = m_fbSize.height() / image.height();
    QMutexLocker lock(&m_framebuffer->mutex);
    if (m_framebuffer->image.size() != m_fbSize) {
        // Replaced since the last frameResized(): the queued signal repaints everything.
        lock.unlock();
        for (const QRect &r : region &image.toAlignedRect())
            painter.fillRect(r, Qt::black);
        return;
    }
    for (const QRect &r : region) {
        const QRectF clipped = QRectF(r) & image;
        if (clipped.isEmpty())
            continue;
        // The source pixels under this rect (plus a margin for the smooth filter), drawn to
        // exactly where they belong in the whole picture: the same result as drawing it all.
        QRectF source((clipped.x() - image.x()) * sx, (clipped.y() - image.y()) * sy,
                      clipped.width() * sx, clipped.height() * sy);
        source = QRectF(source.toAlignedRect().adjusted(-1, -1, 1, 1))
                 & QRectF(QPointF(0, 0), QSizeF(m_fbSize));
        const QRectF target(image.x() + source.x() / sx, image.y() + source.y() / sy,
                            source.width() / sx, source.height() / sy);
        painter.save();
        painter.setClipRect(r);
        painter.drawImage(target, m_framebuffer->image, source);
        painter.restore();
    }
}

void ConsoleView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeGrabHint();
    if (m_scaleMode == ScaleMode::ResizeGuest)
        m_resizeTimer->start();
}

void ConsoleView::placeGrabHint()
{
    m_grabHint->adjustSize();
    m_grabHint->move((width() - m_grabHint->width()) / 2, 8);
}

void ConsoleView::setKeyboardGrabbed(bool grabbed)
{
    if (m_keyboardGrabbed == grabbed)
        return;
    m_keyboardGrabbed = grabbed;
    if (grabbed) {
        setFocus(Qt::OtherFocusReason);
        grabKeyboard();
        if (!m_absolutePointer && !m_mouseGrabbed) {
            grabMouse();
            m_mouseGrabbed = true;
        }
        placeGrabHint();
        m_grabHint->show();
        m_grabHint->raise();
    } else {
        releaseKeyboard();
        if (m_mouseGrabbed) {
            releaseMouse();
            m_mouseGrabbed = false;
        }
        m_grabHint->hide();
    }
    updateCursor();
    Q_EMIT keyboardGrabChanged(grabbed);
}

bool ConsoleView::event(QEvent *event)
{
    switch (event->type()) {
    case QEvent::ShortcutOverride:
        // Every key goes to the guest while the view has focus: no window shortcut or
        // mnemonic takes Alt+F or Ctrl+W away from it.
        event->accept();
        return true;
    case QEvent::KeyPress:
        // Tab and Backtab would move the focus (QWidget::event); they are the guest's.
        keyPressEvent(static_cast<QKeyEvent *>(event));
        return true;
    case QEvent::KeyRelease:
        keyReleaseEvent(static_cast<QKeyEvent *>(event));
        return true;
    default:
        return QWidget::event(event);
    }
}

bool ConsoleView::focusNextPrevChild(bool next)
{
    Q_UNUSED(next);
    return false; // Tab belongs to the guest
}

namespace {
quint64 keyIdentity(const QKeyEvent &event)
{
    // The physical key when the platform says which one it was, else Qt's key code: a key is
    // released under the same identity even if Shift changed its text meanwhile.
    return event.nativeScanCode() != 0 ? (quint64(1) << 32) | event.nativeScanCode()
                                       : quint64(quint32(event.key()));
}
} // namespace

void ConsoleView::keyPressEvent(QKeyEvent *event)
{
    event->accept();
    if (!m_session)
        return;
    const quint64 id = keyIdentity(*event);
    HeldKey key;
    if (event->isAutoRepeat() && m_heldKeys.contains(id)) {
        key = m_heldKeys.value(id); // a repeat is another press of the same keysym
    } else {
        key.keysym = keysymForKeyEvent(*event);
        key.scancode = scancodeForKeyEvent(*event);
        if (key.keysym == 0 && key.scancode == 0)
            return;
        m_heldKeys.insert(id, key);
    }
    m_session->sendKey(key.keysym, key.scancode, true);

    if (m_keyboardGrabbed && isModifierKeysym(key.keysym)) {
        bool control = false;
        bool alt = false;
        for (const HeldKey &held : std::as_const(m_heldKeys)) {
            control |= held.keysym == Keysym::ControlL || held.keysym == Keysym::ControlR;
            alt |= held.keysym == Keysym::AltL || held.keysym == Keysym::AltR;
        }
        if (control && alt && m_heldKeys.size() == 2)
            setKeyboardGrabbed(false);
    }
}

void ConsoleView::keyReleaseEvent(QKeyEvent *event)
{
    event->accept();
    if (event->isAutoRepeat())
        return; // the guest repeats a held key itself; only the last release counts
    const auto it = m_heldKeys.constFind(keyIdentity(*event));
    if (it == m_heldKeys.cend())
        return;
    const HeldKey key = *it;
    m_heldKeys.erase(it);
    if (m_session)
        m_session->sendKey(key.keysym, key.scancode, false);
}

void ConsoleView::releaseKeys()
{
    const auto held = std::exchange(m_heldKeys, {});
    if (!m_session)
        return;
    for (const HeldKey &key : held)
        m_session->sendKey(key.keysym, key.scancode, false);
}

void ConsoleView::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    releaseKeys();
}

void ConsoleView::sendPointer(QPointF widgetPos, Qt::MouseButtons buttons)
{
    if (!m_session || m_fbSize.isEmpty())
        return;
    m_session->sendPointer(toFramebuffer(widgetPos), buttons);
}

void ConsoleView::mouseMoveEvent(QMouseEvent *event)
{
    event->accept();
    sendPointer(event->position(), event->buttons());
}

void ConsoleView::mousePressEvent(QMouseEvent *event)
{
    event->accept();
    setFocus(Qt::MouseFocusReason);
    if (!m_absolutePointer && !m_mouseGrabbed) {
        // A relative guest pointer can only follow a captured host pointer.
        grabMouse();
        m_mouseGrabbed = true;
        if (!m_keyboardGrabbed)
            setKeyboardGrabbed(true); // Ctrl+Alt releases both, as the hint says
        updateCursor();
    }
    sendPointer(event->position(), event->buttons());
}

void ConsoleView::mouseReleaseEvent(QMouseEvent *event)
{
    event->accept();
    sendPointer(event->position(), event->buttons());
}

void ConsoleView::mouseDoubleClickEvent(QMouseEvent *event)
{
    // The guest sees two clicks: the second press comes as a double-click event.
    mousePressEvent(event);
}

void ConsoleView::wheelEvent(QWheelEvent *event)
{
    event->accept();
    if (!m_session || m_fbSize.isEmpty())
        return;
    m_wheelRemainder += event->angleDelta();
    const int dy = m_wheelRemainder.y() / wheelNotch;
    const int left = m_wheelRemainder.x() / wheelNotch; // Qt: positive x is to the left
    if (dy == 0 && left == 0)
        return;
    m_wheelRemainder -= QPoint(left * wheelNotch, dy * wheelNotch);
    m_session->sendWheel(toFramebuffer(event->position()), -left, dy, event->buttons());
}

} // namespace Virtumancer
