#pragma once

#include "actions/domainaction.h"
#include "cache/inventorystore.h"
#include "connection/credentials.h"
#include "connection/hostsession.h"
#include "model/error.h"
#include "model/types.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QThread;

namespace Virtumancer {

class CredentialStore;
class StatsStore;

/// Owns every HostSession (one worker thread each) and is the GUI's and CLI's single door to
/// them. Lives on the main thread and never blocks it: every request is queued to the host's
/// worker and answered by a signal.
class ConnectionManager : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionManager(QString dataDir, SessionSettings settings = {},
                               QObject *parent = nullptr);
    ~ConnectionManager() override;

    /// Creates a session per row of the hosts table (no connection yet). Reads only.
    Result<> loadHosts();
    /// Adds a session for a host row that was just inserted.
    void addHost(const HostRecord &host);
    /// Inserts a new host row off the calling thread (the GUI never writes SQLite itself),
    /// then adds its session; hostAdded() answers, with the record or the error (duplicate id
    /// or URI, bad id).
    void createHost(const QString &id, const QString &uri, const QString &displayName,
                    bool autoconnect);
    /// Stops and forgets the session (the caller removes the row). Never waits: a worker
    /// stuck in libvirt finishes (or is abandoned at shutdown) on its own.
    void removeHost(const QString &hostId);
    /// Forgets a host for good, off the calling thread: stops its session, deletes its row
    /// (and so its mirror), its keyring entry, and audits it. hostForgotten() answers.
    void forgetHost(const QString &hostId);
    /// Changes a host's URI, name and autoconnect off the calling thread, audited; a changed
    /// URI restarts the session (reconnecting if it was connected). hostEdited() answers.
    void editHost(const QString &hostId, const QString &uri, const QString &displayName,
                  bool autoconnect);
    /// Adds and removes tags on VMs of one host, off the calling thread, audited; the VMs'
    /// rows are announced through changesApplied() like any other change. tagsEdited() answers.
    void editTags(const QString &hostId, const QStringList &uuids, const QStringList &add,
                  const QStringList &remove);

    QStringList hostIds() const;
    QString dataDir() const { return m_dataDir; }
    bool hasHost(const QString &hostId) const { return m_sessions.contains(hostId); }
    HostState state(const QString &hostId) const;
    std::shared_ptr<StatsStore> stats() const { return m_stats; }
    CredentialStore *credentialStore() const { return m_credentials; }

    /// Connects (reading stored credentials from the keyring first) and full-syncs.
    void connectHost(const QString &hostId);
    /// Connects with credentials the user just gave; remember → keyring on success.
    void connectHost(const QString &hostId, const Credentials &credentials, bool remember);
    /// Every host with autoconnect set and auto-reconnect not disabled.
    void connectAutoconnectHosts();
    void disconnectHost(const QString &hostId);
    void syncHost(const QString &hostId);
    /// Queues a lifecycle action on the host's worker; the answer is actionFinished(jobId, ...).
    quint64 runAction(const QString &hostId, const QString &uuid, DomainAction action);
    /// Queues a storage pool or network operation on the host's worker; the answer is
    /// inventoryJobFinished(jobId, ...), after the mirror has been updated and the job audited.
    quint64 runInventoryJob(const QString &hostId, const InventoryRequest &request);
    /// Queues a change to a VM's settings or devices on the host's worker; the answer is
    /// domainEditFinished(jobId, ...), after the job is audited and the VM re-read from libvirt.
    quint64 runDomainEdit(const QString &hostId, const DomainEditRequest &request);
    /// Queues a volume upload or download on the host (checked by its worker, streamed on a
    /// thread and connection of its own); progress comes as volumeTransferProgress(jobId, ...),
    /// the answer as volumeTransferFinished(jobId, ...), after the audit (and, for an upload,
    /// the pool's re-read).
    quint64 runVolumeTransfer(const QString &hostId, const VolumeTransferRequest &request);
    /// Cancels a transfer started by runVolumeTransfer(); it still answers (Cancelled).
    void cancelVolumeTransfer(const QString &hostId, quint64 jobId);

    /// Consoles: asks the host's worker for a socket to the VM's index-th graphics server
    /// (virDomainOpenGraphicsFD; skipAuth: VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH), or for the
    /// listen address to connect to when libvirt cannot hand one over. done is called exactly
    /// once: on the worker, or on this thread when there is no such host or its worker stopped
    /// before answering (NotFound, Cancelled). Whoever receives an fd owns it.
    /// Call on this object's thread (LibvirtGraphicsSource posts here from console threads).
    void openGraphicsSocket(const QString &hostId, const QString &uuid, int index, bool skipAuth,
                            std::function<void(Result<GraphicsEndpoint>)> done);
    /// Consoles: opens the VM's character console into link's stream on the host's worker
    /// (SerialConsole); done as for openGraphicsSocket().
    void openSerialConsole(const QString &hostId, const QString &uuid, const QString &device,
                           std::shared_ptr<SerialConsoleLink> link,
                           std::function<void(Result<>)> done);

    /// Deletes a host's row and audits it on the calling thread: for the CLI, and for
    /// forgetHost()'s helper thread.
    static Result<> forgetHostRecord(const QString &dataDir, const QString &hostId,
                                     const QString &component);

    /// Edits tags and audits it on the calling thread: for the CLI, and for editTags()'s
    /// helper thread.
    static Result<QList<ChangeRecord>> editTagsRecord(const QString &dataDir, const QString &hostId,
                                                      const QStringList &uuids,
                                                      const QStringList &add,
                                                      const QStringList &remove,
                                                      const QString &component);

    /// Stops every worker: asks each to close, then waits at most timeoutMs in total. A worker
    /// stuck inside libvirt (a hung host) is abandoned, not waited for.
    void shutdown(int timeoutMs = 3000);

Q_SIGNALS:
    void hostAdded(const Virtumancer::HostRecord &host, const Virtumancer::Error &error);
    void hostStateChanged(const QString &hostId, Virtumancer::HostState state,
                          const Virtumancer::Error &error);
    void credentialsRequested(const QString &hostId,
                              const QList<Virtumancer::CredentialPrompt> &prompts,
                              const Virtumancer::Error &error);
    void syncProgress(const QString &hostId, int done, int total);
    void syncFinished(const QString &hostId, const Virtumancer::SyncReport &report,
                      const Virtumancer::Error &error);
    void changesApplied(const QString &hostId, const QList<Virtumancer::ChangeRecord> &changes);
    void actionFinished(quint64 jobId, const QString &hostId, const QString &uuid,
                        Virtumancer::DomainAction action, const Virtumancer::Error &error);
    void inventoryJobFinished(quint64 jobId, const QString &hostId, const QString &objectId,
                              const QString &action, const Virtumancer::Error &error);
    /// result.appliesAfterRestart: part of the change waits for the VM's next start.
    void domainEditFinished(quint64 jobId, const QString &hostId, const QString &uuid,
                            const QString &action, const Virtumancer::DomainEditResult &result,
                            const Virtumancer::Error &error);
    void statsSampled(const QString &hostId);
    void volumeTransferProgress(quint64 jobId, qint64 bytesDone, qint64 bytesTotal);
    void volumeTransferFinished(quint64 jobId, const QString &hostId, const QString &volumePath,
                                const QString &action,
                                const Virtumancer::VolumeTransferReport &report,
                                const Virtumancer::Error &error);
    void hostForgotten(const QString &hostId, const Virtumancer::Error &error);
    void hostEdited(const Virtumancer::HostRecord &host, const Virtumancer::Error &error);
    void tagsEdited(const QString &hostId, const Virtumancer::Error &error);

private:
    /// Queues a job on the host's worker through run(session, jobId); without such a host,
    /// answers noHost(jobId, NotFound) on this thread's next loop turn. Returns the job id.
    quint64 queueJob(const QString &hostId, const std::function<void(HostSession *, quint64)> &run,
                     const std::function<void(quint64, const Error &)> &noHost);

    struct Entry
    {
        QThread *thread = nullptr;
        QPointer<HostSession> session;
        HostState state = HostState::Disconnected;
        bool autoconnect = false;
        bool autoReconnectDisabled = false;
        bool rememberNext = false;
    };
    void stopEntry(Entry &entry);
    /// Runs work on a helper thread with its own cache connection, then done on this object's
    /// thread, unless this object is gone by then.
    void runLocal(std::function<void(const QString &dataDir)> work, std::function<void()> done);
    QString m_dataDir;
    SessionSettings m_settings;
    std::shared_ptr<StatsStore> m_stats;
    CredentialStore *m_credentials;
    QHash<QString, Entry> m_sessions;
    QList<QThread *> m_retired; ///< workers of removed hosts, still finishing
    quint64 m_nextJob = 1;
    /// Lets a helper thread reach this object only while it lives (cleared in the destructor).
    struct Guard
    {
        QMutex mutex;
        ConnectionManager *manager = nullptr;
    };
    std::shared_ptr<Guard> m_guard;
};

/// Registers the value types that cross threads in queued signals. Idempotent.
void registerCoreMetaTypes();

} // namespace Virtumancer
