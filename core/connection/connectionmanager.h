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
    /// Stops and forgets the session (the caller removes the row).
    void removeHost(const QString &hostId);

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
    void statsSampled(const QString &hostId);

private:
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
    QString m_dataDir;
    SessionSettings m_settings;
    std::shared_ptr<StatsStore> m_stats;
    CredentialStore *m_credentials;
    QHash<QString, Entry> m_sessions;
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
