#pragma once

#include "actions/domainaction.h"
#include "actions/domainedit.h"
#include "actions/inventoryaction.h"
#include "actions/volumetransfer.h"
#include "cache/inventorystore.h"
#include "connection/credentials.h"
#include "model/error.h"
#include "model/types.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <memory>

namespace Virtumancer {

class StatsStore;

/// What a full sync did.
struct SyncReport
{
    int domains = 0;
    int networks = 0;
    int pools = 0;
    int volumes = 0;
    qint64 rowsWritten = 0;
    double seconds = 0;      ///< total
    double fetchSeconds = 0; ///< libvirt calls + parsing
    double parseSeconds = 0; ///< XML parsing alone (part of fetchSeconds)
    double writeSeconds = 0; ///< diff + transaction
    int maxInFlight = 0;     ///< most libvirt XML fetches that were in flight at once
};

/// Tunables of a session; defaults from DESIGN §3/§5.
struct SessionSettings
{
    int reconcileIntervalMs = 5 * 60 * 1000;
    int pollIntervalMs = 10 * 1000; ///< reconcile interval when the driver has no events
    int statsIntervalMs = 3000;     ///< 0 disables stats polling
    int backoffInitialMs = 1000;
    int backoffMaxMs = 60 * 1000;
    int keepaliveIntervalS = 5;
    int keepaliveCount = 3;
    bool syncOnConnect = true; ///< false for one-shot actions (the CLI's vm start)
    bool useEvents = true;     ///< false: poll every pollIntervalMs, as for drivers without events
    /// Most XML fetches in flight at once on the one connection (libvirt's remote client
    /// multiplexes concurrent calls); 1 = one call at a time. 64: bench_wan over a 50 ms round
    /// trip, 2,000 domains: 32 → 6.3 s, 64 → 4.0 s, 128 → 3.1 s (twice the threads).
    int fetchConcurrency = 64;
    /// The same for drivers that run inside this process (test:/// without a transport): their
    /// calls are CPU under the driver's locks, not round trips, so threads gain nothing there.
    int inProcessFetchConcurrency = 1;
};

/// A worker's answer to a graphics socket request: a connected fd libvirt handed over
/// (virDomainOpenGraphicsFD), or, when it could not, where the graphics server listens.
struct GraphicsEndpoint
{
    int fd = -1;         ///< >= 0: connected; the receiver owns it
    QString connectHost; ///< fd < 0: connect here (already resolved for this machine)
    int port = -1;
    QString fdError; ///< why libvirt handed no fd (for messages when the fallback fails)
    /// fd is an ssh -W tunnel to the listen port (driver+ssh:// hosts): no SKIPAUTH, the
    /// server asks for its own password.
    bool viaSsh = false;
    /// The server speaks first (VNC): the receiver may wait for its first bytes to tell a
    /// tunnel that could not connect (ssh's own message) from a slow one.
    bool serverSpeaksFirst = false;
};

struct SerialConsoleLink;

/// One host's worker: owns that host's virConnectPtr and makes every libvirt call for it, on
/// its own thread. Everything public is a slot meant to be invoked queued from another thread,
/// or a signal carrying value types.
///
/// Connection states (written to hosts.state):
///   DISCONNECTED → CONNECTING → CONNECTED → (closed by peer) DISCONNECTED → CONNECTING ...
///   CONNECTING → ERROR (open failed) → CONNECTING (after backoff, unless disabled)
/// A user disconnect sets auto_reconnect_disabled; an automatic reconnect never prompts for
/// credentials (it uses what the last successful open used).
class HostSession : public QObject
{
    Q_OBJECT
public:
    HostSession(HostRecord host, QString dataDir, std::shared_ptr<StatsStore> stats,
                SessionSettings settings = {});
    ~HostSession() override;

    QString hostId() const { return m_host.id; }
    /// Thread-safe: makes a running sync give up at its next libvirt call boundary.
    void requestCancel() { m_cancel.store(true); }
    /// Thread-safe: cancels a volume transfer (also one still queued to this worker).
    void cancelVolumeTransfer(quint64 jobId);
    /// Consoles (core/console), on this worker: a graphics socket for the VM's index-th
    /// <graphics> (virDomainOpenGraphicsFD, else the listen address to connect to).
    Result<GraphicsEndpoint> openGraphics(const QString &uuid, int index, bool skipAuth);
    /// On this worker: opens the VM's character console (device: alias, empty = the first)
    /// into link's non-blocking stream.
    Result<> openSerialConsole(const QString &uuid, const QString &device,
                               const std::shared_ptr<SerialConsoleLink> &link);

public Q_SLOTS:
    /// Opens the connection (no-op when connected), then runs a full sync.
    void open(const Virtumancer::Credentials &credentials);
    /// Closes by user request: no automatic reconnect until the next open().
    void close();
    /// Closes because the app is exiting: no reconnect, but auto_reconnect_disabled untouched.
    void shutdown();
    /// Full resync while connected (reconcile). Writes nothing when nothing changed — not even
    /// task_state, which only connects and the initial sync record.
    void sync();
    void runAction(quint64 jobId, const QString &uuid, Virtumancer::DomainAction action);
    /// A storage pool or network operation: usage checked against the mirror (delete), done
    /// with libvirt, the object re-read into the mirror (events may not come), audited.
    void runInventoryJob(quint64 jobId, const Virtumancer::InventoryRequest &request);
    /// A change to a VM's settings or devices (DomainEditRequest): checked against the VM's
    /// current definition, done with libvirt, audited as request.actionName(); the VM is then
    /// re-read from libvirt into the mirror (disks, and so the volumes' derived status).
    void runDomainEdit(quint64 jobId, const Virtumancer::DomainEditRequest &request);
    /// Uploads a local file into a volume or downloads one: checked against the mirror (a
    /// volume a running VM uses), then run by a VolumeTransfer on its own thread and
    /// connection, so this worker stays free for events, syncs and other jobs meanwhile.
    /// Audited; after an upload the volume's pool is re-read.
    void runVolumeTransfer(quint64 jobId, const Virtumancer::VolumeTransferRequest &request);

Q_SIGNALS:
    void stateChanged(const QString &hostId, Virtumancer::HostState state,
                      const Virtumancer::Error &error);
    /// libvirt asked for credentials we do not hold: ask the user, then open() again.
    void credentialsRequested(const QString &hostId,
                              const QList<Virtumancer::CredentialPrompt> &prompts,
                              const Virtumancer::Error &error);
    /// Emitted after an open() with credentials succeeded (the caller may store them).
    void credentialsAccepted(const QString &hostId, const Virtumancer::Credentials &credentials);
    void syncProgress(const QString &hostId, int done, int total);
    void syncFinished(const QString &hostId, const Virtumancer::SyncReport &report,
                      const Virtumancer::Error &error);
    void changesApplied(const QString &hostId, const QList<Virtumancer::ChangeRecord> &changes);
    void actionFinished(quint64 jobId, const QString &hostId, const QString &uuid,
                        Virtumancer::DomainAction action, const Virtumancer::Error &error);
    /// objectId is the pool's or network's uuid or the volume's path (empty when a create
    /// failed before libvirt gave one); action is InventoryRequest::actionName().
    void inventoryJobFinished(quint64 jobId, const QString &hostId, const QString &objectId,
                              const QString &action, const Virtumancer::Error &error);
    void statsSampled(const QString &hostId);
    /// Answers runDomainEdit(); result is meaningful only when error.code is None.
    void domainEditFinished(quint64 jobId, const QString &hostId, const QString &uuid,
                            const QString &action, const Virtumancer::DomainEditResult &result,
                            const Virtumancer::Error &error);
    /// Emitted from the transfer's thread, throttled (≤ 10/s); the last one has done == total.
    void volumeTransferProgress(quint64 jobId, qint64 bytesDone, qint64 bytesTotal);
    void volumeTransferFinished(quint64 jobId, const QString &hostId, const QString &volumePath,
                                const QString &action,
                                const Virtumancer::VolumeTransferReport &report,
                                const Virtumancer::Error &error);

private:
    // Invoked (queued) from libvirt's event-loop thread through the guard.
    Q_INVOKABLE void handleDomainEvent(const QString &uuid);
    Q_INVOKABLE void handleNetworkEvent(const QString &uuid);
    Q_INVOKABLE void handlePoolEvent(const QString &uuid);
    Q_INVOKABLE void handleConnectionClosed(int reason);

    void connectNow();
    void fullSync(bool recordTask);
    void teardown();
    void registerEvents();
    void scheduleReconnect();
    void setState(HostState state, const Error &error = {});
    void setTaskState(const QString &task);
    void flushPendingEvents();
    /// auditDrift false: the change is ours (already audited), not drift.
    void refreshDomain(const QString &uuid, bool auditDrift = true);
    void refreshNetwork(const QString &uuid);
    void refreshPool(const QString &uuid);
    /// Refuses (InvalidArgument naming the VMs) to delete a pool or network in use.
    Result<> checkUnused(const InventoryRequest &request, const QString &name);
    /// Refuses (InvalidArgument naming the VMs) to delete a volume the mirror does not show
    /// as available.
    Result<> checkVolumeUnused(const QString &path, const QString &name);
    void runVolumeJob(quint64 jobId, const InventoryRequest &request);
    void finishVolumeTransfer(quint64 jobId, const VolumeTransferRequest &request,
                              const VolumeTransferReport &report, const Error &error);
    /// Cancels every running transfer and waits for each a bounded time (close, shutdown).
    void stopVolumeTransfers();
    void sampleStats();
    void sampleHostStats();
    void publish(const Result<ApplyReport> &report);
    InventoryStore::Options storeOptions();

public:
    struct EventGuard; ///< implementation detail shared with libvirt's event thread

private:
    HostRecord m_host;
    QString m_dataDir;
    std::shared_ptr<StatsStore> m_stats;
    SessionSettings m_settings;
    struct Connection;
    std::unique_ptr<Connection> m_conn;
    EventGuard *m_guard;       ///< lives as long as the process (see newGuard() in the .cpp)
    Credentials m_credentials; ///< what the last successful open used; memory only
    bool m_userClosed = false;
    bool m_eventsSupported = false;
    bool m_synced = false;
    int m_backoffAttempt = 0;
    std::atomic<bool> m_cancel{false};
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_reconcileTimer = nullptr;
    QTimer *m_statsTimer = nullptr;
    QTimer *m_flushTimer = nullptr;
    QSet<QString> m_pendingDomains;
    QSet<QString> m_pendingNetworks;
    QSet<QString> m_pendingPools;
    QHash<QString, qint64> m_expected; ///< uuid → until (ms): state changes we caused
    /// uuid → fields our edits put into a running VM's config only (InventoryStore::Options::
    /// expectedConfigChanges), until the VM is seen stopped.
    QHash<QString, QStringList> m_pendingConfig;
    /// Running volume transfers, and cancels that arrived before their job started. Written by
    /// this worker, read by cancelVolumeTransfer() from any thread: guarded by the mutex.
    QMutex m_transfersMutex;
    QHash<quint64, std::shared_ptr<VolumeTransfer>> m_transfers;
    QSet<quint64> m_cancelledTransfers;
    quint64 m_lastTransferJob = 0; ///< job ids grow: a cancel for one up to this came too late
};

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::SyncReport)
