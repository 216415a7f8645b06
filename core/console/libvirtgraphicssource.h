#pragma once

#include "console/consolesession.h"

#include <QList>
#include <QMutex>
#include <QPointer>
#include <QString>

#include <atomic>
#include <memory>

namespace Virtumancer {

class ConnectionManager;

/// Sockets to a VM's graphics server through its host's libvirt connection: each openSocket()
/// queues virDomainOpenGraphicsFD on the host's worker (so a remote host needs no extra SSH
/// tunnel or open port) and waits for the answer on the calling console thread. Over
/// driver+ssh:// (no fd passing) the worker opens an `ssh -W` channel in the libvirt
/// connection's own SSH master instead (SshTunnel). When libvirt otherwise cannot hand
/// over an fd, it falls back to the listen address and port of the VM's live
/// definition (for a local host, or a remote one listening on more than loopback), and
/// otherwise fails with a message that says what to change. Errors: NotRunning (VM off),
/// NotFound (no such host, VM or graphics device), NotConnected, Timeout, Cancelled.
class LibvirtGraphicsSource : public GraphicsSocketSource
{
public:
    /// graphicsIndex: which <graphics> element of the VM (0 for the first).
    LibvirtGraphicsSource(ConnectionManager *manager, QString hostId, QString uuid,
                          int graphicsIndex = 0, bool skipAuth = true, int timeoutMs = 30000);
    Result<int> openSocket() override;
    void cancel() override;
    /// False after a socket came from the listen-address fallback: the server then asks for
    /// its own password.
    bool skipsAuth() const override { return m_skipAuth && !m_fellBack.load(); }

private:
    QPointer<ConnectionManager> m_manager;
    QString m_hostId;
    QString m_uuid;
    int m_graphicsIndex;
    bool m_skipAuth;
    int m_timeoutMs;
    std::atomic<bool> m_fellBack{false}; ///< the last socket came from the fallback
    struct Pending;
    QMutex m_pendingMutex;
    /// The requests openSocket() calls wait on (for cancel()): SPICE asks from several threads
    /// at once, one per channel.
    QList<std::shared_ptr<Pending>> m_pending;
};

} // namespace Virtumancer
