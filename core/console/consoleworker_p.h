#pragma once

// Internal: the libvirt side of consoles, run on the host's worker thread (HostSession) with
// its connection. Included only by .cpp files of core/connection and core/console.

#include "connection/hostsession.h"
#include "connection/libvirt_p.h"
#include "model/error.h"

#include <QByteArray>
#include <QMutex>
#include <QString>

#include <memory>

namespace Virtumancer {

class SerialConsole;

/// State one SerialConsole connection shares with the host's worker (which opens the stream)
/// and libvirt's event-loop thread (where the stream's callbacks read, write and close it).
/// The owner thread never calls libvirt: write() and stop() queue bytes or a close here and
/// wake the loop thread through a pipe. Everything below is guarded by mutex.
struct SerialConsoleLink
{
    SerialConsoleLink();
    ~SerialConsoleLink();

    QMutex mutex;
    SerialConsole *owner = nullptr; ///< cleared (under mutex) before the owner dies or restarts
    quint64 generation = 0;         ///< the owner's connection count when this one started
    QString vmName;
    virStreamPtr stream = nullptr; ///< set by the worker; from then on used on the loop thread
    int wakePipe[2] = {-1, -1};
    int wakeWatch = -1;
    QByteArray out; ///< typed bytes not sent yet
    bool writableWatched = false;
    bool closeRequested = false; ///< stop(): the loop thread closes the stream
    bool closed = false;         ///< the stream is gone (or never came)

    /// Any thread: wakes the loop thread (write() and stop()); no libvirt call.
    void wake();
};

namespace ConsoleWorker {

/// On the worker: the VM by uuid, and its name in *name, if it runs. NotFound: no such VM;
/// NotRunning: the VM is off.
Result<Libvirt::DomainHandle> runningDomain(virConnectPtr conn, const QString &uuid,
                                            QString *name);

/// Whether libvirt can hand sockets over this host URI's transport: only over a UNIX socket
/// (qemu:///system, qemu+unix://). Other transports never try virDomainOpenGraphicsFD.
bool transportPassesFds(const QString &hostUri);

/// On the worker: a socket from virDomainOpenGraphicsFD; for driver+ssh:// hosts (no fd
/// passing) a socket of an `ssh -W` tunnel through the libvirt connection's SSH master
/// (SshTunnel, viaSsh set); otherwise the address and port to connect to instead (hostUri
/// decides what is reachable).
/// NotFound: no such VM or no graphics device at index; NotRunning: the VM is off.
Result<GraphicsEndpoint> openGraphics(virConnectPtr conn, const QString &hostUri,
                                      const QString &uuid, int index, bool skipAuth);

/// On the worker: virDomainOpenConsole into a new non-blocking stream owned by link from then
/// on (read and closed on libvirt's event-loop thread). Announces Connected to link's owner
/// before any data. NotRunning: the VM is off.
Result<> openSerial(virConnectPtr conn, const QString &uuid, const QString &device,
                    const std::shared_ptr<SerialConsoleLink> &link);

} // namespace ConsoleWorker

} // namespace Virtumancer
