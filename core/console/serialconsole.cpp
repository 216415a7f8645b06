#include "console/serialconsole.h"

#include "connection/connectionmanager.h"
#include "console/consoleworker_p.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSerial, "virtumancer.core.console.serial", QtInfoMsg)

namespace Virtumancer {

using namespace Libvirt;

namespace {

constexpr int streamReadEvents
    = VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP;

std::shared_ptr<SerialConsoleLink> &linkOf(void *opaque)
{
    return *static_cast<std::shared_ptr<SerialConsoleLink> *>(opaque);
}

void freeLink(void *opaque)
{
    delete static_cast<std::shared_ptr<SerialConsoleLink> *>(opaque);
}

} // namespace

/// The owner's side of a link, reached only through SerialConsoleLink::owner under its mutex.
struct SerialConsole::Private
{
    QPointer<ConnectionManager> manager;
    QString hostId;
    QString uuid;
    QString device;
    std::shared_ptr<SerialConsoleLink> link; ///< the current connection (null when none)
    quint64 generation = 0;                  ///< of the current link
};

SerialConsoleLink::SerialConsoleLink()
{
    if (::pipe2(wakePipe, O_NONBLOCK | O_CLOEXEC) < 0)
        wakePipe[0] = wakePipe[1] = -1;
}

SerialConsoleLink::~SerialConsoleLink()
{
    // Last reference: every libvirt registration holding one has been freed, so nothing polls
    // the pipe any more.
    for (int fd : wakePipe) {
        if (fd >= 0)
            ::close(fd);
    }
}

void SerialConsoleLink::wake()
{
    const char c = 1;
    if (wakePipe[1] >= 0) {
        const ssize_t n = ::write(wakePipe[1], &c, 1); // a full pipe is awake anyway
        Q_UNUSED(n);
    }
}

namespace {

/// Loop thread, link->mutex held: posts a change of state to the owner (if it still listens).
void postState(SerialConsoleLink &link, ConsoleState state, const QString &message);
void postData(SerialConsoleLink &link, const QByteArray &bytes);

/// Loop thread (or the worker before the callbacks are registered), mutex held: ends the stream.
void closeLocked(SerialConsoleLink &link, bool abort)
{
    if (link.closed)
        return;
    link.closed = true;
    if (link.stream) {
        virStreamEventRemoveCallback(link.stream);
        if (abort)
            virStreamAbort(link.stream);
        else
            virStreamFinish(link.stream);
        virStreamFree(link.stream);
        virResetLastError();
        link.stream = nullptr;
    }
    if (link.wakeWatch >= 0) {
        virEventRemoveHandle(link.wakeWatch);
        link.wakeWatch = -1;
    }
}

/// Loop thread, mutex held: sends what was typed; watches for writability while some is left.
void flushLocked(SerialConsoleLink &link)
{
    while (!link.out.isEmpty() && link.stream) {
        const int n = virStreamSend(link.stream, link.out.constData(), size_t(link.out.size()));
        if (n == -2)
            break; // EAGAIN: wait until writable
        if (n < 0) {
            const Error e = lastError(ErrorCode::Libvirt, QStringLiteral("console write"));
            closeLocked(link, true);
            postState(link, ConsoleState::Disconnected, e.message);
            return;
        }
        link.out.remove(0, n);
    }
    if (!link.stream)
        return;
    const bool want = !link.out.isEmpty();
    if (want != link.writableWatched) {
        link.writableWatched = want;
        virStreamEventUpdateCallback(link.stream,
                                     streamReadEvents | (want ? VIR_STREAM_EVENT_WRITABLE : 0));
    }
}

void postState(SerialConsoleLink &link, ConsoleState state, const QString &message)
{
    if (SerialConsole *owner = link.owner) {
        QMetaObject::invokeMethod(owner, "handleLinkState", Qt::QueuedConnection,
                                  Q_ARG(quint64, link.generation),
                                  Q_ARG(Virtumancer::ConsoleState, state), Q_ARG(QString, message));
    }
}

void postData(SerialConsoleLink &link, const QByteArray &bytes)
{
    if (SerialConsole *owner = link.owner)
        QMetaObject::invokeMethod(owner, "handleLinkData", Qt::QueuedConnection,
                                  Q_ARG(quint64, link.generation), Q_ARG(QByteArray, bytes));
}

/// libvirt's event-loop thread: the guest wrote, the stream closed, or it can take more bytes.
void streamEvent(virStreamPtr stream, int events, void *opaque)
{
    const std::shared_ptr<SerialConsoleLink> link = linkOf(opaque);
    QMutexLocker lock(&link->mutex);
    if (link->closed || link->stream != stream)
        return;
    bool ended = false;
    QString why;
    if (events & VIR_STREAM_EVENT_READABLE) {
        QByteArray bytes;
        char buf[4096];
        for (;;) {
            const int n = virStreamRecv(stream, buf, sizeof buf);
            if (n > 0) {
                bytes.append(buf, n);
                continue;
            }
            if (n == 0) {
                ended = true;
                why = QStringLiteral("the console closed");
            } else if (n != -2) {
                ended = true;
                why = lastError(ErrorCode::Libvirt, QStringLiteral("console read")).message;
            }
            break;
        }
        if (!bytes.isEmpty())
            postData(*link, bytes);
    }
    if (!ended && (events & (VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR))) {
        ended = true;
        why = (events & VIR_STREAM_EVENT_ERROR) ? QStringLiteral("the console stream failed")
                                                : QStringLiteral("the console closed");
    }
    if (ended) {
        closeLocked(*link, true);
        postState(*link, ConsoleState::Disconnected, why);
        return;
    }
    if (events & VIR_STREAM_EVENT_WRITABLE)
        flushLocked(*link);
}

/// libvirt's event-loop thread: write() or stop() on the owner's thread woke us.
void wakeEvent(int, int fd, int, void *opaque)
{
    char buf[64];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
    const std::shared_ptr<SerialConsoleLink> link = linkOf(opaque);
    QMutexLocker lock(&link->mutex);
    if (link->closed)
        return;
    if (link->closeRequested) {
        closeLocked(*link, true);
        return;
    }
    flushLocked(*link);
}

} // namespace

// ---- worker side -----------------------------------------------------------------------------

Result<> ConsoleWorker::openSerial(virConnectPtr conn, const QString &uuid, const QString &device,
                                   const std::shared_ptr<SerialConsoleLink> &link)
{
    QString name;
    Result<DomainHandle> running = runningDomain(conn, uuid, &name);
    if (!running)
        return std::unexpected(running.error());
    const DomainHandle dom = std::move(*running);
    if (link->wakePipe[0] < 0)
        return makeError(ErrorCode::Libvirt, QStringLiteral("cannot create a pipe: %1")
                                                 .arg(QString::fromLocal8Bit(strerror(errno))));

    virStreamPtr stream = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    if (!stream)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("VM %1").arg(name)));
    const QByteArray dev = device.toUtf8();
    if (virDomainOpenConsole(dom.get(), device.isEmpty() ? nullptr : dev.constData(), stream,
                             VIR_DOMAIN_CONSOLE_FORCE)
        < 0) {
        Error e = lastError(ErrorCode::Libvirt,
                            QStringLiteral("cannot open the console of VM %1").arg(name));
        virStreamFree(stream);
        return std::unexpected(e);
    }

    QMutexLocker lock(&link->mutex);
    link->vmName = name;
    link->stream = stream;
    if (link->closeRequested || !link->owner) { // stop() came first
        closeLocked(*link, true);
        return makeError(ErrorCode::Cancelled, QStringLiteral("console stopped"));
    }
    if (virStreamEventAddCallback(stream, streamReadEvents, streamEvent,
                                  new std::shared_ptr<SerialConsoleLink>(link), freeLink)
        < 0) {
        Error e = lastError(ErrorCode::Libvirt, QStringLiteral("VM %1's console").arg(name));
        closeLocked(*link, true);
        return std::unexpected(e);
    }
    link->wakeWatch = virEventAddHandle(link->wakePipe[0], VIR_EVENT_HANDLE_READABLE, wakeEvent,
                                        new std::shared_ptr<SerialConsoleLink>(link), freeLink);
    if (link->wakeWatch < 0) {
        Error e = lastError(ErrorCode::Libvirt, QStringLiteral("VM %1's console").arg(name));
        closeLocked(*link, true);
        return std::unexpected(e);
    }
    // Before any data: the callbacks post under this same mutex, so the owner sees Connected
    // first.
    postState(*link, ConsoleState::Connected, {});
    if (!link->out.isEmpty())
        link->wake();
    return {};
}

// ---- owner side ------------------------------------------------------------------------------

SerialConsole::SerialConsole(ConnectionManager *manager, QString hostId, QString uuid,
                             QString device, QObject *parent)
    : QObject(parent)
    , d(std::make_shared<Private>())
{
    d->manager = manager;
    d->hostId = std::move(hostId);
    d->uuid = std::move(uuid);
    d->device = std::move(device);
    if (manager) {
        // The stream would keep a closed connection alive: a host that goes away ends the
        // console too.
        connect(manager, &ConnectionManager::hostStateChanged, this,
                [this](const QString &id, HostState state, const Error &) {
                    if (id == d->hostId && state != HostState::Connected
                        && (m_state == ConsoleState::Connected
                            || m_state == ConsoleState::Connecting)) {
                        detach();
                        setState(ConsoleState::Disconnected,
                                 QStringLiteral("host %1 disconnected").arg(id));
                    }
                });
    }
}

SerialConsole::~SerialConsole()
{
    detach();
}

void SerialConsole::detach()
{
    std::shared_ptr<SerialConsoleLink> link = std::exchange(d->link, {});
    if (!link)
        return;
    QMutexLocker lock(&link->mutex);
    link->owner = nullptr;
    link->closeRequested = true;
    link->out.clear();
    link->wake();
}

void SerialConsole::start()
{
    if (m_state == ConsoleState::Connecting || m_state == ConsoleState::Connected)
        return;
    detach();
    ConnectionManager *manager = d->manager.data();
    if (!manager) {
        setState(ConsoleState::Failed, QStringLiteral("the connection manager is gone"));
        return;
    }
    auto link = std::make_shared<SerialConsoleLink>();
    link->owner = this;
    link->generation = ++d->generation;
    d->link = link;
    setState(ConsoleState::Connecting);
    // done runs on the worker (or here, for an unknown host): it reports failures only;
    // Connected comes from the worker through the link, ordered before any data.
    manager->openSerialConsole(d->hostId, d->uuid, d->device, link, [link](Result<> r) {
        if (r)
            return;
        QMutexLocker lock(&link->mutex);
        link->closed = true;
        postState(*link,
                  r.error().code == ErrorCode::Cancelled ? ConsoleState::Disconnected
                                                         : ConsoleState::Failed,
                  r.error().message);
    });
}

void SerialConsole::stop()
{
    const bool active = d->link != nullptr;
    detach();
    if (active || m_state == ConsoleState::Connecting || m_state == ConsoleState::Connected)
        setState(ConsoleState::Disconnected);
}

void SerialConsole::write(const QByteArray &bytes)
{
    if (m_state != ConsoleState::Connected || !d->link || bytes.isEmpty())
        return;
    QMutexLocker lock(&d->link->mutex);
    if (d->link->closed)
        return;
    d->link->out.append(bytes);
    d->link->wake();
}

void SerialConsole::handleLinkState(quint64 generation, Virtumancer::ConsoleState state,
                                    const QString &message)
{
    if (generation != d->generation || !d->link)
        return; // from a connection given up since
    if (state != ConsoleState::Connected)
        d->link.reset(); // the stream is already closed (or never opened)
    setState(state, message);
}

void SerialConsole::handleLinkData(quint64 generation, const QByteArray &bytes)
{
    if (generation == d->generation && m_state == ConsoleState::Connected)
        Q_EMIT dataReceived(bytes);
}

void SerialConsole::setState(ConsoleState state, const QString &message)
{
    if (state == m_state && message == m_stateMessage)
        return;
    m_state = state;
    m_stateMessage = message;
    qCDebug(lcSerial) << "console of" << d->uuid << consoleStateName(state) << message;
    Q_EMIT stateChanged(state, message);
}

} // namespace Virtumancer
