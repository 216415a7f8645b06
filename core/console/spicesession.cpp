#include "console/spicesession.h"

#include "console/glibloop.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <spice-client.h>
#include <spice/vd_agent.h>
#include <unistd.h>

// Debug output is opt-in: QT_LOGGING_RULES="virtumancer.*.debug=true".
Q_LOGGING_CATEGORY(lcSpice, "virtumancer.core.spice", QtInfoMsg)

namespace Virtumancer {

// How long stop() waits for the GLib thread to take the connection down. Teardown never
// blocks (spice-glib is asynchronous), so this is only reached when that thread is stuck.
static constexpr int stopTimeoutMs = 3000;
// How long a new primary surface may stay unmarked before its updates are shown anyway.
static constexpr guint unmarkedHoldMs = 500;
// Wheel notches sent for one event at the most (as VncSession).
static constexpr int maxWheelNotches = 64;

/// What the GLib side and the owner share: the framebuffer, the owner (cleared when it dies,
/// under mutex, so no event is ever posted to a dead object), and read-mostly facts.
struct SpiceBridge
{
    QMutex mutex;
    SpiceSession *owner = nullptr; ///< guarded by mutex
    std::shared_ptr<ConsoleFramebuffer> framebuffer;
    QStringList socketRequests; ///< guarded by mutex
    int socketsHandedOut = 0;   ///< guarded by mutex
    std::atomic<bool> agentConnected{false};

    /// Runs fn on the owner's thread, if the owner still lives then and the event comes from
    /// its current connection. Callable from any thread.
    void post(quint64 generation, std::function<void(SpiceSession *)> fn)
    {
        QMutexLocker lock(&mutex);
        if (!owner)
            return;
        SpiceSession *target = owner;
        QMetaObject::invokeMethod(
            target,
            [target, generation, fn = std::move(fn)] {
                if (target->m_generation == generation)
                    fn(target);
            },
            Qt::QueuedConnection);
    }
};

namespace {

/// Converts rows of a SPICE primary surface into a Format_RGB32 image (alpha forced to 0xff,
/// as RGB32 requires).
void copyRect(const uchar *src, int srcStride, int format, QImage &dst, const QRect &r)
{
    for (int y = r.top(); y <= r.bottom(); ++y) {
        auto *out = reinterpret_cast<quint32 *>(dst.scanLine(y)) + r.left();
        const uchar *row = src + qsizetype(y) * srcStride;
        switch (format) {
        case SPICE_SURFACE_FMT_32_xRGB:
        case SPICE_SURFACE_FMT_32_ARGB: {
            const auto *in = reinterpret_cast<const quint32 *>(row) + r.left();
            for (int x = 0; x < r.width(); ++x)
                out[x] = in[x] | 0xff000000u;
            break;
        }
        case SPICE_SURFACE_FMT_16_555: {
            const auto *in = reinterpret_cast<const quint16 *>(row) + r.left();
            for (int x = 0; x < r.width(); ++x) {
                const quint32 p = in[x];
                const quint32 red = (p >> 10) & 0x1f, green = (p >> 5) & 0x1f, blue = p & 0x1f;
                out[x] = 0xff000000u | ((red << 3 | red >> 2) << 16)
                         | ((green << 3 | green >> 2) << 8) | (blue << 3 | blue >> 2);
            }
            break;
        }
        case SPICE_SURFACE_FMT_16_565: {
            const auto *in = reinterpret_cast<const quint16 *>(row) + r.left();
            for (int x = 0; x < r.width(); ++x) {
                const quint32 p = in[x];
                const quint32 red = (p >> 11) & 0x1f, green = (p >> 5) & 0x3f, blue = p & 0x1f;
                out[x] = 0xff000000u | ((red << 3 | red >> 2) << 16)
                         | ((green << 2 | green >> 4) << 8) | (blue << 3 | blue >> 2);
            }
            break;
        }
        default:
            return;
        }
    }
}

bool supportedFormat(int format)
{
    return format == SPICE_SURFACE_FMT_32_xRGB || format == SPICE_SURFACE_FMT_32_ARGB
           || format == SPICE_SURFACE_FMT_16_555 || format == SPICE_SURFACE_FMT_16_565;
}

int spiceButtonMask(Qt::MouseButtons buttons)
{
    int mask = 0;
    if (buttons & Qt::LeftButton)
        mask |= SPICE_MOUSE_BUTTON_MASK_LEFT;
    if (buttons & Qt::MiddleButton)
        mask |= SPICE_MOUSE_BUTTON_MASK_MIDDLE;
    if (buttons & Qt::RightButton)
        mask |= SPICE_MOUSE_BUTTON_MASK_RIGHT;
    if (buttons & Qt::BackButton)
        mask |= SPICE_MOUSE_BUTTON_MASK_SIDE;
    if (buttons & Qt::ForwardButton)
        mask |= SPICE_MOUSE_BUTTON_MASK_EXTRA;
    return mask;
}

struct ButtonMap
{
    int mask;
    int button;
};
constexpr std::array<ButtonMap, 5> buttonMap{{
    {SPICE_MOUSE_BUTTON_MASK_LEFT, SPICE_MOUSE_BUTTON_LEFT},
    {SPICE_MOUSE_BUTTON_MASK_MIDDLE, SPICE_MOUSE_BUTTON_MIDDLE},
    {SPICE_MOUSE_BUTTON_MASK_RIGHT, SPICE_MOUSE_BUTTON_RIGHT},
    {SPICE_MOUSE_BUTTON_MASK_SIDE, SPICE_MOUSE_BUTTON_SIDE},
    {SPICE_MOUSE_BUTTON_MASK_EXTRA, SPICE_MOUSE_BUTTON_EXTRA},
}};

QString channelTypeName(SpiceChannel *channel)
{
    int type = 0;
    g_object_get(channel, "channel-type", &type, nullptr);
    return QString::fromUtf8(spice_channel_type_to_string(type));
}

/// Adds fn to the GLib thread's queue even when called on that thread (for work that must not
/// run inside the spice-glib callback that asked for it).
void deferOnGlib(std::function<void()> fn)
{
    g_idle_add_full(
        G_PRIORITY_DEFAULT,
        [](gpointer data) -> gboolean {
            (*static_cast<std::function<void()> *>(data))();
            return G_SOURCE_REMOVE;
        },
        new std::function<void()>(std::move(fn)),
        [](gpointer data) { delete static_cast<std::function<void()> *>(data); });
}

} // namespace

/// The GLib side of one connection: the spice-glib session and its channels. Lives on the GLib
/// thread; every member is touched only there. Its signal handlers get the raw pointer as user
/// data, which stays valid because teardown() disconnects them before the last reference can go.
class SpiceClient : public std::enable_shared_from_this<SpiceClient>
{
public:
    SpiceClient(quint64 generation, std::shared_ptr<SpiceBridge> bridge,
                std::shared_ptr<GraphicsSocketSource> source, QByteArray password, bool hasPassword)
        : m_generation(generation)
        , m_bridge(std::move(bridge))
        , m_source(std::move(source))
        , m_password(std::move(password))
        , m_hasPassword(hasPassword)
    {}
    ~SpiceClient() { m_password.fill('\0'); }

    bool isStopped() const { return m_stopped; }
    void open(int fd);
    void fail(ConsoleState state, const QString &message);
    void teardown();

    // Input and requests from the owner (queued here).
    void key(quint32 code, bool down);
    void pointer(QPoint pos, int buttonMask);
    void wheel(QPoint pos, int dy, int buttonMask);
    void resizeGuest(QSize size);
    void offerClipboard(const QByteArray &utf8);

private:
    void post(std::function<void(SpiceSession *)> fn)
    {
        m_bridge->post(m_generation, std::move(fn));
    }
    void publish(ConsoleState state, const QString &message = {})
    {
        post([state, message](SpiceSession *s) { s->publishState(state, message); });
    }
    void track(SpiceChannel *channel);
    void untrack(SpiceChannel *channel);
    void requestSocket(SpiceChannel *channel);
    void channelEvent(SpiceChannel *channel, SpiceChannelEvent event);
    void primaryCreate(int format, int width, int height, int stride, void *data);
    void invalidate(QRect rect);
    void setMarked(bool marked);
    void signalPending();
    void mouseModeChanged();
    void agentChanged();
    bool clipboardGrabbed(guint selection, const guint32 *types, guint ntypes);
    bool clipboardRequested(guint selection, guint type);
    void clipboardData(guint selection, guint type, const uchar *data, guint size);

    static void onChannelNew(::SpiceSession *, SpiceChannel *channel, gpointer self)
    {
        static_cast<SpiceClient *>(self)->track(channel);
    }
    static void onChannelDestroy(::SpiceSession *, SpiceChannel *channel, gpointer self)
    {
        static_cast<SpiceClient *>(self)->untrack(channel);
    }
    static void onOpenFd(SpiceChannel *channel, gint, gpointer self)
    {
        static_cast<SpiceClient *>(self)->requestSocket(channel);
    }
    static void onChannelEvent(SpiceChannel *channel, SpiceChannelEvent event, gpointer self)
    {
        static_cast<SpiceClient *>(self)->channelEvent(channel, event);
    }
    static void onPrimaryCreate(SpiceChannel *, gint format, gint width, gint height, gint stride,
                                gint, gpointer data, gpointer self)
    {
        static_cast<SpiceClient *>(self)->primaryCreate(format, width, height, stride, data);
    }
    static void onPrimaryDestroy(SpiceChannel *, gpointer self)
    {
        auto *c = static_cast<SpiceClient *>(self);
        qCDebug(lcSpice) << "primary surface destroyed";
        c->m_primary = nullptr;
    }
    static void onInvalidate(SpiceChannel *, gint x, gint y, gint w, gint h, gpointer self)
    {
        static_cast<SpiceClient *>(self)->invalidate(QRect(x, y, w, h));
    }
    static void onMark(SpiceChannel *, gint mark, gpointer self)
    {
        qCDebug(lcSpice) << "display mark" << mark;
        static_cast<SpiceClient *>(self)->setMarked(mark != 0);
    }
    static void onMouseUpdate(SpiceChannel *, gpointer self)
    {
        static_cast<SpiceClient *>(self)->mouseModeChanged();
    }
    static void onAgentUpdate(SpiceChannel *, gpointer self)
    {
        static_cast<SpiceClient *>(self)->agentChanged();
    }
    static gboolean onClipboardGrab(SpiceMainChannel *, guint selection, gpointer types,
                                    guint ntypes, gpointer self)
    {
        return static_cast<SpiceClient *>(self)->clipboardGrabbed(
            selection, static_cast<const guint32 *>(types), ntypes);
    }
    static gboolean onClipboardRequest(SpiceMainChannel *, guint selection, guint type,
                                       gpointer self)
    {
        return static_cast<SpiceClient *>(self)->clipboardRequested(selection, type);
    }
    static void onClipboardData(SpiceMainChannel *, guint selection, guint type, gpointer data,
                                guint size, gpointer self)
    {
        static_cast<SpiceClient *>(self)->clipboardData(selection, type,
                                                        static_cast<const uchar *>(data), size);
    }

    const quint64 m_generation;
    const std::shared_ptr<SpiceBridge> m_bridge;
    const std::shared_ptr<GraphicsSocketSource> m_source;
    QByteArray m_password;
    const bool m_hasPassword;

    bool m_stopped = false;
    bool m_opened = false;   ///< the main channel got through the handshake
    bool m_finished = false; ///< a final state was published for this connection
    ::SpiceSession *m_session = nullptr;
    QList<SpiceChannel *> m_channels; ///< every channel we handle, one reference each
    SpiceMainChannel *m_main = nullptr;
    SpiceChannel *m_display = nullptr;
    SpiceInputsChannel *m_inputs = nullptr;

    // The display channel's primary surface (owned by spice-glib until primary-destroy).
    const uchar *m_primary = nullptr;
    int m_format = 0;
    int m_width = 0;
    int m_height = 0;
    int m_stride = 0;
    /// The server marks a new primary surface ready once it has sent its whole picture; until
    /// then (or a timeout) updates are collected in pending without waking the owner, so the
    /// first frame it sees is a complete one (not the blank surface spice-glib allocates).
    bool m_marked = false;
    quint64 m_surfaceSerial = 0;

    int m_mouseMode = 0;
    bool m_haveLastPos = false;
    QPoint m_lastPos;
    int m_buttonMask = 0;

    QByteArray m_clipboardOut; ///< what we offered the guest (UTF-8)
};

void SpiceClient::open(int fd)
{
    m_session = spice_session_new();
    // We show pictures and send input; audio, USB redirection and smartcards are not ours.
    g_object_set(m_session, "enable-audio", FALSE, "enable-usbredir", FALSE, "enable-smartcard",
                 FALSE, nullptr);
    if (m_hasPassword)
        g_object_set(m_session, "password", m_password.constData(), nullptr);
    g_signal_connect(m_session, "channel-new", G_CALLBACK(onChannelNew), this);
    g_signal_connect(m_session, "channel-destroy", G_CALLBACK(onChannelDestroy), this);
    if (!spice_session_open_fd(m_session, fd)) {
        fail(ConsoleState::Failed, QStringLiteral("The SPICE session could not use the socket."));
        return;
    }
}

void SpiceClient::fail(ConsoleState state, const QString &message)
{
    if (m_finished || m_stopped)
        return;
    m_finished = true;
    publish(state, message);
    // Not from inside the spice-glib callback that reported it: take the session down next.
    deferOnGlib([self = shared_from_this()] { self->teardown(); });
}

void SpiceClient::teardown()
{
    if (m_stopped)
        return;
    m_stopped = true;
    for (SpiceChannel *channel : std::as_const(m_channels)) {
        g_signal_handlers_disconnect_by_data(channel, this);
        g_object_unref(channel);
    }
    m_channels.clear();
    m_main = nullptr;
    m_display = nullptr;
    m_inputs = nullptr;
    m_primary = nullptr;
    if (m_session) {
        g_signal_handlers_disconnect_by_data(m_session, this);
        spice_session_disconnect(m_session);
        g_object_unref(m_session);
        m_session = nullptr;
    }
    m_password.fill('\0');
    m_bridge->agentConnected = false;
}

void SpiceClient::track(SpiceChannel *channel)
{
    if (m_stopped)
        return;
    int id = 0;
    g_object_get(channel, "channel-id", &id, nullptr);
    bool connect = true;
    if (SPICE_IS_MAIN_CHANNEL(channel)) {
        m_main = SPICE_MAIN_CHANNEL(channel);
        connect = false; // spice_session_open_fd() opens it with our socket
        g_signal_connect(channel, "main-mouse-update", G_CALLBACK(onMouseUpdate), this);
        g_signal_connect(channel, "main-agent-update", G_CALLBACK(onAgentUpdate), this);
        g_signal_connect(channel, "main-clipboard-selection-grab", G_CALLBACK(onClipboardGrab),
                         this);
        g_signal_connect(channel, "main-clipboard-selection-request",
                         G_CALLBACK(onClipboardRequest), this);
        g_signal_connect(channel, "main-clipboard-selection", G_CALLBACK(onClipboardData), this);
    } else if (SPICE_IS_DISPLAY_CHANNEL(channel) && id == 0 && !m_display) {
        m_display = channel;
        g_signal_connect(channel, "display-primary-create", G_CALLBACK(onPrimaryCreate), this);
        g_signal_connect(channel, "display-primary-destroy", G_CALLBACK(onPrimaryDestroy), this);
        g_signal_connect(channel, "display-invalidate", G_CALLBACK(onInvalidate), this);
        g_signal_connect(channel, "display-mark", G_CALLBACK(onMark), this);
    } else if (SPICE_IS_INPUTS_CHANNEL(channel) && !m_inputs) {
        m_inputs = SPICE_INPUTS_CHANNEL(channel);
    } else {
        qCDebug(lcSpice) << "not connecting SPICE channel" << channelTypeName(channel) << id;
        return;
    }
    g_object_ref(channel);
    m_channels.append(channel);
    g_signal_connect(channel, "channel-event", G_CALLBACK(onChannelEvent), this);
    // Sessions opened from an fd have no address: every further channel asks for its socket
    // through "open-fd" and silently never connects without an answer.
    g_signal_connect(channel, "open-fd", G_CALLBACK(onOpenFd), this);
    if (connect && !spice_channel_connect(channel))
        qCWarning(lcSpice) << "SPICE channel" << channelTypeName(channel) << "did not start";
}

void SpiceClient::untrack(SpiceChannel *channel)
{
    if (!m_channels.removeOne(channel))
        return;
    if (channel == SPICE_CHANNEL(m_main))
        m_main = nullptr;
    if (channel == m_display) {
        m_display = nullptr;
        m_primary = nullptr;
    }
    if (channel == SPICE_CHANNEL(m_inputs))
        m_inputs = nullptr;
    g_signal_handlers_disconnect_by_data(channel, this);
    g_object_unref(channel);
}

void SpiceClient::requestSocket(SpiceChannel *channel)
{
    const QString type = channelTypeName(channel);
    {
        QMutexLocker lock(&m_bridge->mutex);
        m_bridge->socketRequests.append(type);
    }
    // The source may block for a while (libvirt through the host's worker): fetch the socket on
    // a thread of its own and hand it to the channel back here.
    g_object_ref(channel);
    std::thread([weak = weak_from_this(), source = m_source, channel, type] {
        Result<int> fd = source->openSocket();
        GlibLoop::invoke([weak, channel, fd, type] {
            auto self = weak.lock();
            if (self && !self->m_stopped && self->m_channels.contains(channel) && fd) {
                spice_channel_open_fd(channel, *fd);
                QMutexLocker lock(&self->m_bridge->mutex);
                ++self->m_bridge->socketsHandedOut;
            } else if (fd) {
                ::close(*fd);
            } else if (self && !self->m_stopped) {
                qCWarning(lcSpice).noquote()
                    << "no socket for the SPICE" << type << "channel:" << fd.error().message;
                if (channel == self->m_display)
                    self->fail(ConsoleState::Failed, fd.error().message);
            }
            g_object_unref(channel);
        });
    }).detach();
}

void SpiceClient::channelEvent(SpiceChannel *channel, SpiceChannelEvent event)
{
    if (m_stopped)
        return;
    const bool isMain = channel == SPICE_CHANNEL(m_main);
    const GError *error = spice_channel_get_error(channel);
    const QString detail = error ? QString::fromUtf8(error->message) : QString();
    switch (event) {
    case SPICE_CHANNEL_OPENED:
        if (isMain) {
            m_opened = true;
            publish(ConsoleState::Connected);
        }
        break;
    case SPICE_CHANNEL_ERROR_AUTH:
        if (m_finished)
            break;
        m_finished = true;
        post([hadPassword = m_hasPassword](SpiceSession *s) { s->handleAuthRefused(hadPassword); });
        deferOnGlib([self = shared_from_this()] { self->teardown(); });
        break;
    case SPICE_CHANNEL_CLOSED:
        if (isMain)
            fail(ConsoleState::Disconnected,
                 QStringLiteral("The SPICE server closed the connection."));
        break;
    case SPICE_CHANNEL_ERROR_CONNECT:
    case SPICE_CHANNEL_ERROR_TLS:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO:
        if (isMain) {
            // Once running, losing the main channel means the server went away (the VM
            // stopped, the host was lost); before that, we could not connect at all.
            const QString message
                = detail.isEmpty() ? QStringLiteral("The SPICE connection failed.") : detail;
            fail(m_opened ? ConsoleState::Disconnected : ConsoleState::Failed, message);
        } else {
            qCWarning(lcSpice).noquote()
                << "SPICE" << channelTypeName(channel) << "channel error" << int(event) << detail;
        }
        break;
    default:
        break;
    }
}

void SpiceClient::primaryCreate(int format, int width, int height, int stride, void *data)
{
    if (!supportedFormat(format)) {
        qCWarning(lcSpice) << "unsupported SPICE surface format" << format;
        m_primary = nullptr;
        return;
    }
    qCDebug(lcSpice) << "primary surface" << width << "x" << height << "format" << format;
    m_primary = static_cast<const uchar *>(data);
    m_format = format;
    m_width = width;
    m_height = height;
    m_stride = stride;
    QImage image(width, height, QImage::Format_RGB32);
    const QRect all(0, 0, width, height);
    copyRect(m_primary, stride, format, image, all);
    {
        QMutexLocker lock(&m_bridge->framebuffer->mutex);
        m_bridge->framebuffer->image = std::move(image);
        m_bridge->framebuffer->pending = all;
    }
    const QSize size(width, height);
    post([size](SpiceSession *s) { Q_EMIT s->frameResized(size); });
    // Wait for the server's mark (it follows the surface's first full picture); a server that
    // never sends one gets its frames shown after a short while all the same.
    m_marked = false;
    const quint64 serial = ++m_surfaceSerial;
    g_timeout_add_full(
        G_PRIORITY_DEFAULT, unmarkedHoldMs,
        [](gpointer data) -> gboolean {
            auto *hold = static_cast<std::pair<std::weak_ptr<SpiceClient>, quint64> *>(data);
            auto self = hold->first.lock();
            if (self && !self->m_stopped && self->m_surfaceSerial == hold->second
                && !self->m_marked)
                self->setMarked(true);
            return G_SOURCE_REMOVE;
        },
        new std::pair<std::weak_ptr<SpiceClient>, quint64>(weak_from_this(), serial),
        [](gpointer data) {
            delete static_cast<std::pair<std::weak_ptr<SpiceClient>, quint64> *>(data);
        });
}

void SpiceClient::setMarked(bool marked)
{
    m_marked = marked;
    if (marked)
        signalPending();
}

void SpiceClient::signalPending()
{
    bool any;
    {
        QMutexLocker lock(&m_bridge->framebuffer->mutex);
        any = !m_bridge->framebuffer->pending.isEmpty();
    }
    if (any)
        post([](SpiceSession *s) { Q_EMIT s->frameUpdated(); });
}

void SpiceClient::invalidate(QRect rect)
{
    if (!m_primary)
        return;
    rect &= QRect(0, 0, m_width, m_height);
    if (rect.isEmpty())
        return;
    bool wasEmpty;
    {
        QMutexLocker lock(&m_bridge->framebuffer->mutex);
        QImage &image = m_bridge->framebuffer->image;
        if (image.size() != QSize(m_width, m_height))
            return;
        copyRect(m_primary, m_stride, m_format, image, rect);
        wasEmpty = m_bridge->framebuffer->addPendingLocked(rect);
    }
    if (wasEmpty && m_marked)
        post([](SpiceSession *s) { Q_EMIT s->frameUpdated(); });
}

void SpiceClient::mouseModeChanged()
{
    int mode = 0;
    g_object_get(m_main, "mouse-mode", &mode, nullptr);
    if (mode == m_mouseMode)
        return;
    m_mouseMode = mode;
    m_haveLastPos = false;
    const bool absolute = mode == SPICE_MOUSE_MODE_CLIENT;
    post([absolute](SpiceSession *s) { Q_EMIT s->absolutePointerChanged(absolute); });
}

void SpiceClient::agentChanged()
{
    gboolean connected = FALSE;
    g_object_get(m_main, "agent-connected", &connected, nullptr);
    m_bridge->agentConnected = connected;
}

bool SpiceClient::clipboardGrabbed(guint selection, const guint32 *types, guint ntypes)
{
    if (selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD || !m_main)
        return false;
    for (guint i = 0; i < ntypes; ++i) {
        if (types[i] == VD_AGENT_CLIPBOARD_UTF8_TEXT) {
            spice_main_channel_clipboard_selection_request(m_main, selection,
                                                           VD_AGENT_CLIPBOARD_UTF8_TEXT);
            return true;
        }
    }
    return false;
}

bool SpiceClient::clipboardRequested(guint selection, guint type)
{
    if (selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD || type != VD_AGENT_CLIPBOARD_UTF8_TEXT
        || !m_main)
        return false;
    spice_main_channel_clipboard_selection_notify(
        m_main, selection, type, reinterpret_cast<const guchar *>(m_clipboardOut.constData()),
        size_t(m_clipboardOut.size()));
    return true;
}

void SpiceClient::clipboardData(guint selection, guint type, const uchar *data, guint size)
{
    if (selection != VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD || type != VD_AGENT_CLIPBOARD_UTF8_TEXT)
        return;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    post([text](SpiceSession *s) { Q_EMIT s->clipboardReceived(text); });
}

void SpiceClient::key(quint32 code, bool down)
{
    if (m_stopped || !m_inputs)
        return;
    if (down)
        spice_inputs_channel_key_press(m_inputs, code);
    else
        spice_inputs_channel_key_release(m_inputs, code);
}

void SpiceClient::pointer(QPoint pos, int buttonMask)
{
    if (m_stopped || !m_inputs)
        return;
    if (m_mouseMode == SPICE_MOUSE_MODE_CLIENT) {
        if (!m_haveLastPos || pos != m_lastPos)
            spice_inputs_channel_position(m_inputs, pos.x(), pos.y(), 0, m_buttonMask);
    } else if (m_haveLastPos && pos != m_lastPos) {
        // Server mode: the guest moves its own pointer by deltas.
        spice_inputs_channel_motion(m_inputs, pos.x() - m_lastPos.x(), pos.y() - m_lastPos.y(),
                                    m_buttonMask);
    }
    m_lastPos = pos;
    m_haveLastPos = true;
    for (const ButtonMap &b : buttonMap) {
        const bool was = m_buttonMask & b.mask, now = buttonMask & b.mask;
        if (was == now)
            continue;
        m_buttonMask ^= b.mask;
        if (now)
            spice_inputs_channel_button_press(m_inputs, b.button, m_buttonMask);
        else
            spice_inputs_channel_button_release(m_inputs, b.button, m_buttonMask);
    }
}

void SpiceClient::wheel(QPoint pos, int dy, int buttonMask)
{
    pointer(pos, buttonMask);
    if (m_stopped || !m_inputs)
        return;
    const int button = dy > 0 ? SPICE_MOUSE_BUTTON_UP : SPICE_MOUSE_BUTTON_DOWN;
    for (int i = 0; i < std::min(std::abs(dy), maxWheelNotches); ++i) {
        spice_inputs_channel_button_press(m_inputs, button, m_buttonMask);
        spice_inputs_channel_button_release(m_inputs, button, m_buttonMask);
    }
}

void SpiceClient::resizeGuest(QSize size)
{
    if (m_stopped || !m_main || !m_bridge->agentConnected || size.isEmpty())
        return;
    spice_main_channel_update_display_enabled(m_main, 0, TRUE, FALSE);
    spice_main_channel_update_display(m_main, 0, 0, 0, size.width(), size.height(), FALSE);
    spice_main_channel_send_monitor_config(m_main);
}

void SpiceClient::offerClipboard(const QByteArray &utf8)
{
    if (m_stopped || !m_main || !m_bridge->agentConnected)
        return;
    m_clipboardOut = utf8;
    guint32 types[] = {VD_AGENT_CLIPBOARD_UTF8_TEXT};
    spice_main_channel_clipboard_selection_grab(m_main, VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD,
                                                types, 1);
}

// ---------------------------------------------------------------------------------------------

SpiceSession::SpiceSession(std::unique_ptr<GraphicsSocketSource> source, QObject *parent)
    : ConsoleSession(parent)
    , m_source(std::move(source))
    , m_bridge(std::make_shared<SpiceBridge>())
{
    m_bridge->owner = this;
    m_bridge->framebuffer = m_framebuffer;
}

SpiceSession::~SpiceSession()
{
    {
        QMutexLocker lock(&m_bridge->mutex);
        m_bridge->owner = nullptr;
    }
    shutdownClient();
    m_password.fill('\0');
}

void SpiceSession::start()
{
    shutdownClient();
    GlibLoop::ensureRunning();
    ++m_generation;
    m_awaitingPassword = false;
    {
        QMutexLocker lock(&m_bridge->mutex);
        m_bridge->socketRequests.clear();
        m_bridge->socketsHandedOut = 0;
    }
    publishState(ConsoleState::Connecting);
    auto client = std::make_shared<SpiceClient>(m_generation, m_bridge, m_source, m_password,
                                                m_hasPassword);
    {
        QMutexLocker lock(&m_clientMutex);
        m_client = client;
    }
    // The first socket may take a while (libvirt through the host's worker): fetch it off both
    // the caller's and the GLib thread.
    std::thread([client, source = m_source] {
        Result<int> fd = source->openSocket();
        GlibLoop::invoke([client, fd] {
            // Stopped meanwhile (stop(), or a newer start()): nobody wants this socket.
            if (client->isStopped()) {
                if (fd)
                    ::close(*fd);
                return;
            }
            if (!fd) {
                client->fail(ConsoleState::Failed, fd.error().message);
                return;
            }
            client->open(*fd);
        });
    }).detach();
}

void SpiceSession::shutdownClient()
{
    ++m_generation;
    std::shared_ptr<SpiceClient> client;
    {
        QMutexLocker lock(&m_clientMutex);
        client = std::exchange(m_client, nullptr);
    }
    if (!client)
        return;
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> finished = done->get_future();
    GlibLoop::invoke([client, done] {
        client->teardown();
        done->set_value();
    });
    client.reset();
    // Socket requests still waiting on the host (the first one, or a channel's) end now rather
    // than keep their threads (and a late fd) around for the source's whole timeout; their
    // answers find the client stopped (queued after the teardown above).
    m_source->cancel();
    if (finished.wait_for(std::chrono::milliseconds(stopTimeoutMs)) != std::future_status::ready)
        qCWarning(lcSpice) << "the GLib thread did not end the SPICE connection in time";
}

void SpiceSession::stop()
{
    m_awaitingPassword = false;
    shutdownClient();
    publishState(ConsoleState::Disconnected);
}

void SpiceSession::setPassword(const QString &password)
{
    m_password.fill('\0');
    m_password = password.toUtf8();
    m_hasPassword = true;
    if (!m_awaitingPassword)
        return;
    m_awaitingPassword = false;
    if (password.isEmpty()) {
        publishState(ConsoleState::AuthFailed, QStringLiteral("No password was given."));
        return;
    }
    start();
}

void SpiceSession::handleAuthRefused(bool hadPassword)
{
    if (!hadPassword && !m_source->skipsAuth()) {
        m_awaitingPassword = true;
        Q_EMIT passwordRequired();
        return;
    }
    publishState(ConsoleState::AuthFailed,
                 QStringLiteral("The SPICE server did not accept the password."));
}

void SpiceSession::sendKey(quint32 keysym, quint32 scancode, bool down)
{
    const quint32 code = scancode ? spiceScancodeForXt(scancode) : spiceScancodeForKeysym(keysym);
    auto c = client();
    if (!code || !c)
        return;
    GlibLoop::invoke([client = std::move(c), code, down] { client->key(code, down); });
}

void SpiceSession::sendPointer(QPoint pos, Qt::MouseButtons buttons)
{
    auto c = client();
    if (!c)
        return;
    const int mask = spiceButtonMask(buttons);
    GlibLoop::invoke([client = std::move(c), pos, mask] { client->pointer(pos, mask); });
}

void SpiceSession::sendWheel(QPoint pos, int dx, int dy, Qt::MouseButtons buttons)
{
    // SPICE 0.42 has no horizontal wheel buttons.
    Q_UNUSED(dx);
    auto c = client();
    if (!c || dy == 0)
        return;
    const int mask = spiceButtonMask(buttons);
    GlibLoop::invoke([client = std::move(c), pos, dy, mask] { client->wheel(pos, dy, mask); });
}

bool SpiceSession::canResizeGuest() const
{
    return client() && m_bridge->agentConnected;
}

void SpiceSession::requestGuestResize(QSize size)
{
    auto c = client();
    if (!c)
        return;
    GlibLoop::invoke([client = std::move(c), size] { client->resizeGuest(size); });
}

void SpiceSession::setClipboardText(const QString &text)
{
    auto c = client();
    if (!c)
        return;
    GlibLoop::invoke(
        [client = std::move(c), utf8 = text.toUtf8()] { client->offerClipboard(utf8); });
}

std::shared_ptr<SpiceClient> SpiceSession::client() const
{
    QMutexLocker lock(&m_clientMutex);
    return m_client;
}

QStringList SpiceSession::socketRequests() const
{
    QMutexLocker lock(&m_bridge->mutex);
    return m_bridge->socketRequests;
}

int SpiceSession::socketsHandedOut() const
{
    QMutexLocker lock(&m_bridge->mutex);
    return m_bridge->socketsHandedOut;
}

// ---------------------------------------------------------------------------------------------

namespace {

struct KeyCode
{
    quint32 keysym;
    quint32 code; ///< XT set 1; 0x100 | code for the 0xe0-prefixed keys
};

// US layout. Shifted symbols map to their unshifted key: the view sends Shift separately.
constexpr KeyCode keyTable[] = {
    {' ', 0x39},     {'!', 0x02},  {'"', 0x28}, {'#', 0x04},     {'$', 0x05},  {'%', 0x06},
    {'&', 0x08},     {'\'', 0x28}, {'(', 0x0a}, {')', 0x0b},     {'*', 0x09},  {'+', 0x0d},
    {',', 0x33},     {'-', 0x0c},  {'.', 0x34}, {'/', 0x35},     {'0', 0x0b},  {'1', 0x02},
    {'2', 0x03},     {'3', 0x04},  {'4', 0x05}, {'5', 0x06},     {'6', 0x07},  {'7', 0x08},
    {'8', 0x09},     {'9', 0x0a},  {':', 0x27}, {';', 0x27},     {'<', 0x33},  {'=', 0x0d},
    {'>', 0x34},     {'?', 0x35},  {'@', 0x03}, {'[', 0x1a},     {'\\', 0x2b}, {']', 0x1b},
    {'^', 0x07},     {'_', 0x0c},  {'`', 0x29}, {'a', 0x1e},     {'b', 0x30},  {'c', 0x2e},
    {'d', 0x20},     {'e', 0x12},  {'f', 0x21}, {'g', 0x22},     {'h', 0x23},  {'i', 0x17},
    {'j', 0x24},     {'k', 0x25},  {'l', 0x26}, {'m', 0x32},     {'n', 0x31},  {'o', 0x18},
    {'p', 0x19},     {'q', 0x10},  {'r', 0x13}, {'s', 0x1f},     {'t', 0x14},  {'u', 0x16},
    {'v', 0x2f},     {'w', 0x11},  {'x', 0x2d}, {'y', 0x15},     {'z', 0x2c},  {'{', 0x1a},
    {'|', 0x2b},     {'}', 0x1b},  {'~', 0x29}, {0xfe03, 0x138}, // ISO_Level3_Shift (AltGr)
    {0xff08, 0x0e},                                              // BackSpace
    {0xff09, 0x0f},                                              // Tab
    {0xff0d, 0x1c},                                              // Return
    {0xff13, 0x146},                                             // Pause (QEMU's qnum 0xc6)
    {0xff14, 0x46},                                              // Scroll_Lock
    {0xff15, 0x137},                                             // Sys_Req
    {0xff1b, 0x01},                                              // Escape
    {0xff50, 0x147},                                             // Home
    {0xff51, 0x14b},                                             // Left
    {0xff52, 0x148},                                             // Up
    {0xff53, 0x14d},                                             // Right
    {0xff54, 0x150},                                             // Down
    {0xff55, 0x149},                                             // Prior
    {0xff56, 0x151},                                             // Next
    {0xff57, 0x14f},                                             // End
    {0xff61, 0x137},                                             // Print
    {0xff63, 0x152},                                             // Insert
    {0xff67, 0x15d},                                             // Menu
    {0xff7f, 0x45},                                              // Num_Lock
    {0xff8d, 0x11c},                                             // KP_Enter
    {0xff95, 0x47},                                              // KP_Home
    {0xff96, 0x4b},                                              // KP_Left
    {0xff97, 0x48},                                              // KP_Up
    {0xff98, 0x4d},                                              // KP_Right
    {0xff99, 0x50},                                              // KP_Down
    {0xff9a, 0x49},                                              // KP_Prior
    {0xff9b, 0x51},                                              // KP_Next
    {0xff9c, 0x4f},                                              // KP_End
    {0xff9d, 0x4c},                                              // KP_Begin
    {0xff9e, 0x52},                                              // KP_Insert
    {0xff9f, 0x53},                                              // KP_Delete
    {0xffaa, 0x37},                                              // KP_Multiply
    {0xffab, 0x4e},                                              // KP_Add
    {0xffac, 0x53},                                              // KP_Separator
    {0xffad, 0x4a},                                              // KP_Subtract
    {0xffae, 0x53},                                              // KP_Decimal
    {0xffaf, 0x135},                                             // KP_Divide
    {0xffb0, 0x52},                                              // KP_0
    {0xffb1, 0x4f},                                              // KP_1
    {0xffb2, 0x50},                                              // KP_2
    {0xffb3, 0x51},                                              // KP_3
    {0xffb4, 0x4b},                                              // KP_4
    {0xffb5, 0x4c},                                              // KP_5
    {0xffb6, 0x4d},                                              // KP_6
    {0xffb7, 0x47},                                              // KP_7
    {0xffb8, 0x48},                                              // KP_8
    {0xffb9, 0x49},                                              // KP_9
    {0xffbe, 0x3b},                                              // F1
    {0xffbf, 0x3c},                                              // F2
    {0xffc0, 0x3d},                                              // F3
    {0xffc1, 0x3e},                                              // F4
    {0xffc2, 0x3f},                                              // F5
    {0xffc3, 0x40},                                              // F6
    {0xffc4, 0x41},                                              // F7
    {0xffc5, 0x42},                                              // F8
    {0xffc6, 0x43},                                              // F9
    {0xffc7, 0x44},                                              // F10
    {0xffc8, 0x57},                                              // F11
    {0xffc9, 0x58},                                              // F12
    {0xffe1, 0x2a},                                              // Shift_L
    {0xffe2, 0x36},                                              // Shift_R
    {0xffe3, 0x1d},                                              // Control_L
    {0xffe4, 0x11d},                                             // Control_R
    {0xffe5, 0x3a},                                              // Caps_Lock
    {0xffe7, 0x15b},                                             // Meta_L
    {0xffe8, 0x15c},                                             // Meta_R
    {0xffe9, 0x38},                                              // Alt_L
    {0xffea, 0x138},                                             // Alt_R
    {0xffeb, 0x15b},                                             // Super_L
    {0xffec, 0x15c},                                             // Super_R
    {0xffff, 0x153},                                             // Delete
};

constexpr bool keyTableSorted()
{
    for (size_t i = 1; i < std::size(keyTable); ++i) {
        if (keyTable[i - 1].keysym >= keyTable[i].keysym)
            return false;
    }
    return true;
}
static_assert(keyTableSorted(), "keyTable must be sorted by keysym, without duplicates");

} // namespace

quint32 spiceScancodeForKeysym(quint32 keysym)
{
    // Upper-case letters are the same keys as their lower-case ones.
    if (keysym >= 'A' && keysym <= 'Z')
        keysym += 'a' - 'A';
    const auto it = std::lower_bound(std::begin(keyTable), std::end(keyTable), keysym,
                                     [](const KeyCode &k, quint32 v) { return k.keysym < v; });
    return it != std::end(keyTable) && it->keysym == keysym ? it->code : 0;
}

quint32 spiceScancodeForXt(quint32 scancode)
{
    if ((scancode & 0xff00) == 0xe000)
        return 0x100 | (scancode & 0x7f);
    if (scancode > 0xff)
        return scancode & 0x17f;
    if (scancode & 0x80)
        return 0x100 | (scancode & 0x7f);
    return scancode;
}

} // namespace Virtumancer
