#include "console/libvirtgraphicssource.h"

#include "connection/connectionmanager.h"
#include "connection/sshtransport.h"
#include "console/consoleworker_p.h"
#include "console/sshtunnel.h"
#include "console/tcpsocketsource.h"
#include "sync/xmlparsers.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkInterface>
#include <QScopeGuard>
#include <QSysInfo>
#include <QThread>
#include <QUrl>
#include <QWaitCondition>

#include <optional>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcGraphicsSource, "virtumancer.core.console.source", QtInfoMsg)

namespace Virtumancer {

using namespace Libvirt;

namespace {

bool isLoopbackName(const QString &address)
{
    if (address.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress a(address);
    return !a.isNull() && a.isLoopback();
}

bool isAnyAddress(const QString &address)
{
    const QHostAddress a(address);
    return !a.isNull()
           && (a == QHostAddress(QHostAddress::AnyIPv4) || a == QHostAddress(QHostAddress::AnyIPv6)
               || a == QHostAddress(QHostAddress::Any));
}

/// The host part of a libvirt URI ("" for local URIs such as qemu:///system, test:///default).
QString uriHost(const QString &uri)
{
    return QUrl(uri).host();
}

/// Whether a libvirt URI points at this machine: no host part, or a host name or address of
/// this machine.
bool uriIsLocal(const QString &uri)
{
    const QString host = uriHost(uri);
    if (host.isEmpty() || isLoopbackName(host))
        return true;
    if (host.compare(QSysInfo::machineHostName(), Qt::CaseInsensitive) == 0
        || host.section(u'.', 0, 0).compare(QSysInfo::machineHostName(), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress a(host);
    if (a.isNull())
        return false;
    const QList<QHostAddress> mine = QNetworkInterface::allAddresses();
    return std::any_of(mine.cbegin(), mine.cend(),
                       [&a](const QHostAddress &m) { return m.isEqual(a); });
}

} // namespace

bool ConsoleWorker::transportPassesFds(const QString &hostUri)
{
    // driver[+transport]://[host]/path: without a transport, a host part means TLS and no host
    // part the local UNIX socket. Only a UNIX socket carries fds (SCM_RIGHTS).
    const QUrl url(hostUri);
    const QString transport = url.scheme().section(u'+', 1);
    if (transport.isEmpty())
        return url.host().isEmpty();
    return transport.compare(QLatin1String("unix"), Qt::CaseInsensitive) == 0;
}

// ---- worker side -----------------------------------------------------------------------------

Result<DomainHandle> ConsoleWorker::runningDomain(virConnectPtr conn, const QString &uuid,
                                                  QString *name)
{
    DomainHandle dom(virDomainLookupByUUIDString(conn, uuid.toLatin1().constData()));
    if (!dom)
        return std::unexpected(lastError(ErrorCode::NotFound, QStringLiteral("VM %1").arg(uuid)));
    *name = QString::fromUtf8(virDomainGetName(dom.get()));
    const int active = virDomainIsActive(dom.get());
    if (active < 0)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("VM %1").arg(*name)));
    if (active == 0)
        return makeError(ErrorCode::NotRunning, QStringLiteral("VM %1 is not running").arg(*name));
    return dom;
}

Result<GraphicsEndpoint> ConsoleWorker::openGraphics(virConnectPtr conn, const QString &hostUri,
                                                     const QString &uuid, int index, bool skipAuth)
{
    QString name;
    Result<DomainHandle> running = runningDomain(conn, uuid, &name);
    if (!running)
        return std::unexpected(running.error());
    const DomainHandle dom = std::move(*running);

    GraphicsEndpoint endpoint;
    Error fdError;
    if (transportPassesFds(hostUri)) {
        const int fd = virDomainOpenGraphicsFD(dom.get(), unsigned(index),
                                               skipAuth ? VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH : 0);
        if (fd >= 0) {
            endpoint.fd = fd;
            return endpoint;
        }
        fdError = lastError();
    } else {
        // Asked anyway, libvirt's client waits for an fd that cannot come through an ssh/tls/
        // tcp stream and closes the whole host connection ("client socket is closed", seen
        // over qemu+ssh): never try.
        fdError.message = QStringLiteral("the %1 transport cannot pass sockets")
                              .arg(QUrl(hostUri).scheme().section(u'+', 1));
    }
    endpoint.fdError = fdError.message;

    // libvirt could not hand a socket over (a driver without it, such as the test driver, a
    // transport that cannot pass fds, a read-only connection): look at the live definition for
    // the listen address and port instead.
    CString xml(virDomainGetXMLDesc(dom.get(), 0));
    if (!xml)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("VM %1").arg(name)));
    const Result<DomainInfo> info = XmlParsers::parseDomain(QByteArrayView(xml.get()));
    if (!info)
        return std::unexpected(info.error());
    if (info->graphics.isEmpty())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("VM %1 has no graphics device").arg(name));
    if (index < 0 || index >= info->graphics.size())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("VM %1 has no graphics device #%2").arg(name).arg(index));
    const GraphicsInfo &g = info->graphics.at(index);
    if (Ssh::usesSystemSsh(hostUri)) {
        // Over ssh the console goes through the libvirt connection's own SSH connection: ssh
        // -W opens one more channel in its control master to the port on the host's side (no
        // second login, nothing exposed beyond the host's loopback).
        if (g.port <= 0)
            return makeError(ErrorCode::ConnectionFailed,
                             QStringLiteral("VM %1's %2 display on %3 has no plain TCP port (it "
                                            "listens on a UNIX socket or a TLS port only); a "
                                            "console over ssh needs the display to listen on a "
                                            "TCP address of the host, e.g. 127.0.0.1")
                                 .arg(name, g.type, uriHost(hostUri)));
        const Result<int> tunnel = SshTunnel::open(hostUri, g.listenAddress, g.port);
        if (!tunnel)
            return std::unexpected(tunnel.error());
        endpoint.fd = *tunnel;
        endpoint.viaSsh = true;
        endpoint.serverSpeaksFirst = g.type == QLatin1String("vnc");
        return endpoint;
    }
    if (g.port <= 0) {
        if (g.tlsPort > 0)
            return makeError(ErrorCode::ConnectionFailed,
                             QStringLiteral("VM %1's %2 display listens on a TLS port only; "
                                            "libvirt could not hand over the console socket: %3")
                                 .arg(name, g.type, fdError.message),
                             fdError.libvirtCode);
        return makeError(ErrorCode::ConnectionFailed,
                         QStringLiteral("VM %1's %2 display has no TCP port; libvirt could not "
                                        "hand over the console socket: %3")
                             .arg(name, g.type, fdError.message),
                         fdError.libvirtCode);
    }
    const QString listen = g.listenAddress;
    endpoint.port = g.port;
    if (uriIsLocal(hostUri)) {
        if (listen.isEmpty() || QHostAddress(listen) == QHostAddress(QHostAddress::AnyIPv4))
            endpoint.connectHost = QStringLiteral("127.0.0.1");
        else if (isAnyAddress(listen))
            endpoint.connectHost = QStringLiteral("localhost");
        else
            endpoint.connectHost = listen;
    } else if (listen.isEmpty() || isLoopbackName(listen)) {
        return makeError(ErrorCode::ConnectionFailed,
                         QStringLiteral("VM %1's %2 display on %3 listens on %4 only; libvirt "
                                        "could not hand over the console socket: %5")
                             .arg(name, g.type, uriHost(hostUri),
                                  listen.isEmpty() ? QStringLiteral("127.0.0.1") : listen,
                                  fdError.message),
                         fdError.libvirtCode);
    } else {
        endpoint.connectHost = isAnyAddress(listen) ? uriHost(hostUri) : listen;
    }
    return endpoint;
}

// ---- console thread side ---------------------------------------------------------------------

/// One request's meeting point between the waiting console thread and the worker's answer.
/// A late answer (the waiter timed out or was cancelled) closes its fd instead of leaking it.
struct LibvirtGraphicsSource::Pending
{
    QMutex mutex;
    QWaitCondition answered;
    std::optional<Result<GraphicsEndpoint>> result;
    bool abandoned = false;
    bool cancelled = false;

    void deliver(Result<GraphicsEndpoint> r)
    {
        QMutexLocker lock(&mutex);
        if (abandoned) {
            if (r && r->fd >= 0)
                ::close(r->fd);
            return;
        }
        result = std::move(r);
        answered.wakeAll();
    }
};

void LibvirtGraphicsSource::cancel()
{
    QMutexLocker lock(&m_pendingMutex);
    for (const std::shared_ptr<Pending> &pending : std::as_const(m_pending)) {
        QMutexLocker pendingLock(&pending->mutex);
        pending->cancelled = true;
        pending->answered.wakeAll();
    }
}

LibvirtGraphicsSource::LibvirtGraphicsSource(ConnectionManager *manager, QString hostId,
                                             QString uuid, int graphicsIndex, bool skipAuth,
                                             int timeoutMs)
    : m_manager(manager)
    , m_hostId(std::move(hostId))
    , m_uuid(std::move(uuid))
    , m_graphicsIndex(graphicsIndex)
    , m_skipAuth(skipAuth)
    , m_timeoutMs(timeoutMs)
{}

Result<int> LibvirtGraphicsSource::openSocket()
{
    ConnectionManager *manager = m_manager.data();
    if (!manager)
        return makeError(ErrorCode::NotConnected, QStringLiteral("the connection manager is gone"));
    // The answer comes through the manager's thread: waiting on it from there would wait on
    // ourselves.
    if (QThread::currentThread() == manager->thread())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("LibvirtGraphicsSource::openSocket() called on the "
                                        "connection manager's thread"));

    QDeadlineTimer deadline(m_timeoutMs);
    auto pending = std::make_shared<Pending>();
    {
        QMutexLocker lock(&m_pendingMutex);
        m_pending.append(pending);
    }
    const auto forget = qScopeGuard([this, pending] {
        QMutexLocker lock(&m_pendingMutex);
        m_pending.removeOne(pending);
    });
    auto deliver = [pending](Result<GraphicsEndpoint> r) {
        pending->deliver(std::move(r));
    };
    // If the manager dies with this event still queued, the event (and with it the callback)
    // is dropped unrun; the timeout then ends the wait.
    QMetaObject::invokeMethod(
        manager,
        [manager, hostId = m_hostId, uuid = m_uuid, index = m_graphicsIndex, skipAuth = m_skipAuth,
         deliver] { manager->openGraphicsSocket(hostId, uuid, index, skipAuth, deliver); },
        Qt::QueuedConnection);

    std::optional<Result<GraphicsEndpoint>> result;
    bool cancelled = false;
    {
        QMutexLocker lock(&pending->mutex);
        QThread *self = QThread::currentThread();
        while (!pending->result) {
            // Short slices, so a console session's stop() (requestInterruption() on its
            // thread) ends the wait without waiting for the worker.
            if (deadline.hasExpired() || pending->cancelled
                || (self && self->isInterruptionRequested()))
                break;
            pending->answered.wait(&pending->mutex,
                                   QDeadlineTimer(qMin<qint64>(deadline.remainingTime(), 50)));
        }
        if (!pending->result) {
            pending->abandoned = true; // a late fd is closed by deliver()
            if (pending->cancelled || (self && self->isInterruptionRequested()))
                return makeError(ErrorCode::Cancelled, QStringLiteral("console stopped"));
            return makeError(ErrorCode::Timeout,
                             QStringLiteral("host %1 did not hand over the console socket "
                                            "within %2 s")
                                 .arg(m_hostId)
                                 .arg(m_timeoutMs / 1000.0));
        }
        result = std::move(pending->result);
        cancelled = pending->cancelled;
    }
    if (!*result)
        return std::unexpected(result->error());
    const GraphicsEndpoint &endpoint = **result;
    if (cancelled) { // cancel() came with the answer: do not connect any more
        if (endpoint.fd >= 0)
            ::close(endpoint.fd);
        return makeError(ErrorCode::Cancelled, QStringLiteral("console stopped"));
    }
    if (endpoint.fd >= 0 && endpoint.viaSsh && endpoint.serverSpeaksFirst) {
        // ssh -W connects after the fact: wait here (cancellable) for the server's greeting,
        // so a tunnel that failed says why (ssh's words) instead of a bare end of stream.
        QThread *self = QThread::currentThread();
        const Result<> greeted = SshTunnel::awaitFirstBytes(
            endpoint.fd, int(qMax<qint64>(1000, deadline.remainingTime())), [&pending, self] {
                QMutexLocker lock(&pending->mutex);
                return pending->cancelled || (self && self->isInterruptionRequested());
            });
        if (!greeted) {
            ::close(endpoint.fd);
            return std::unexpected(greeted.error());
        }
    }
    if (endpoint.fd >= 0) {
        m_fellBack.store(endpoint.viaSsh); // a tunnel reaches the server's own password check
        return endpoint.fd;
    }
    qCDebug(lcGraphicsSource) << "no fd from libvirt (" << endpoint.fdError << "); connecting to"
                              << endpoint.connectHost << endpoint.port;
    m_fellBack.store(true);
    // Still registered in m_pending: cancel() ends the connect attempt too.
    auto fd = connectTcp(endpoint.connectHost, endpoint.port,
                         int(qMax<qint64>(1000, deadline.remainingTime())), [&pending] {
                             QMutexLocker lock(&pending->mutex);
                             return pending->cancelled;
                         });
    if (!fd)
        return makeError(fd.error().code,
                         QStringLiteral("%1 (libvirt could not hand over the console socket: %2)")
                             .arg(fd.error().message, endpoint.fdError));
    return fd;
}

} // namespace Virtumancer
