#include "hostsession.h"

#include "actions/devicexml.h"
#include "actions/domainactions_p.h"
#include "actions/domainedits_p.h"
#include "actions/inventoryactions_p.h"
#include "cache/auditlog.h"
#include "cache/database.h"
#include "cache/hostrepository.h"
#include "cache/inventoryusage.h"
#include "connection/connecterrors.h"
#include "connection/eventloop.h"
#include "connection/libvirt_p.h"
#include "console/consoleworker_p.h"
#include "sync/batchqueue_p.h"
#include "sync/hostfetcher_p.h"
#include "sync/releasememory.h"
#include "sync/statsstore.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QThread>

#include <cstring>
#include <optional>
#include <thread>

// Debug output is opt-in: QT_LOGGING_RULES="virtumancer.*.debug=true".
Q_LOGGING_CATEGORY(lcSession, "virtumancer.core.session", QtInfoMsg)

namespace Virtumancer {

using namespace Libvirt;

// Shared between the session (worker thread) and libvirt's event-loop thread. Callbacks post
// to the session only while it is set; the session clears it (under the mutex) before it dies,
// so a callback already running on the event thread cannot reach a deleted object.
struct HostSession::EventGuard
{
    QMutex mutex;
    HostSession *session = nullptr;
};

namespace {

/// Guards live until the process exits. libvirt frees callback data (through the free callback)
/// only from its event loop some time after deregistration, and not at all once that loop has
/// stopped; a registry that never shrinks gives every callback a valid guard without relying on
/// that timing. One small object per session ever created.
HostSession::EventGuard *newGuard()
{
    static QMutex mutex;
    static std::vector<std::unique_ptr<HostSession::EventGuard>> guards;
    QMutexLocker lock(&mutex);
    guards.push_back(std::make_unique<HostSession::EventGuard>());
    return guards.back().get();
}

HostSession::EventGuard &guardOf(void *opaque)
{
    return *static_cast<HostSession::EventGuard *>(opaque);
}

} // namespace

// Trampolines: run on libvirt's event-loop thread; copy what they need and post it to the
// worker, through the guard, if the session still lives.
namespace EventTrampolines {
template<typename T> void post(void *opaque, const char *slot, const char *type, const T &value)
{
    HostSession::EventGuard &g = guardOf(opaque);
    QMutexLocker lock(&g.mutex);
    if (HostSession *s = g.session)
        QMetaObject::invokeMethod(s, slot, Qt::QueuedConnection, QArgument<T>(type, value));
}
/// Posts the uuid libvirt's getter writes (domain, network or pool) to slot.
template<typename Object, typename Getter>
void postUuid(void *opaque, const char *slot, Object object, Getter getUuid)
{
    char buf[VIR_UUID_STRING_BUFLEN];
    if (getUuid(object, buf) == 0)
        post(opaque, slot, "QString", QString::fromLatin1(buf).toLower());
}
void postDomain(virDomainPtr dom, void *opaque)
{
    postUuid(opaque, "handleDomainEvent", dom, virDomainGetUUIDString);
}
int lifecycle(virConnectPtr, virDomainPtr dom, int, int, void *opaque)
{
    postDomain(dom, opaque);
    return 0;
}
void generic(virConnectPtr, virDomainPtr dom, void *opaque)
{
    postDomain(dom, opaque);
}
void device(virConnectPtr, virDomainPtr dom, const char *, void *opaque)
{
    postDomain(dom, opaque);
}
void metadata(virConnectPtr, virDomainPtr dom, int, const char *, void *opaque)
{
    postDomain(dom, opaque);
}
void tray(virConnectPtr, virDomainPtr dom, const char *, int, void *opaque)
{
    postDomain(dom, opaque);
}
void balloon(virConnectPtr, virDomainPtr dom, unsigned long long, void *opaque)
{
    postDomain(dom, opaque);
}
void network(virConnectPtr, virNetworkPtr net, int, int, void *opaque)
{
    postUuid(opaque, "handleNetworkEvent", net, virNetworkGetUUIDString);
}
void poolLifecycle(virConnectPtr, virStoragePoolPtr pool, int, int, void *opaque)
{
    postUuid(opaque, "handlePoolEvent", pool, virStoragePoolGetUUIDString);
}
void poolRefresh(virConnectPtr, virStoragePoolPtr pool, void *opaque)
{
    postUuid(opaque, "handlePoolEvent", pool, virStoragePoolGetUUIDString);
}
void closed(virConnectPtr, int reason, void *opaque)
{
    post(opaque, "handleConnectionClosed", "int", reason);
}
} // namespace EventTrampolines

/// The open connection and its callback registrations; closing it deregisters everything
/// first so no callback outlives it.
struct HostSession::Connection
{
    virConnectPtr conn = nullptr;
    QList<int> domainCallbacks;
    QList<int> networkCallbacks;
    QList<int> poolCallbacks;
    bool closeCallback = false;
    qint64 nodeMemoryBytes = -1; ///< read once per connection (-1 = not yet, 0 = unknown)

    ~Connection()
    {
        for (int id : std::as_const(domainCallbacks))
            virConnectDomainEventDeregisterAny(conn, id);
        for (int id : std::as_const(networkCallbacks))
            virConnectNetworkEventDeregisterAny(conn, id);
        for (int id : std::as_const(poolCallbacks))
            virConnectStoragePoolEventDeregisterAny(conn, id);
        if (closeCallback)
            virConnectUnregisterCloseCallback(conn, EventTrampolines::closed);
        virResetLastError();
        virConnectClose(conn);
    }
};

namespace {

QString closeReasonText(int reason)
{
    switch (reason) {
    case VIR_CONNECT_CLOSE_REASON_ERROR:
        return QStringLiteral("connection closed after an I/O error");
    case VIR_CONNECT_CLOSE_REASON_EOF:
        return QStringLiteral("connection closed by the host");
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
        return QStringLiteral("host stopped answering keepalives");
    default:
        return QStringLiteral("connection closed");
    }
}

} // namespace

HostSession::HostSession(HostRecord host, QString dataDir, std::shared_ptr<StatsStore> stats,
                         SessionSettings settings)
    : m_host(std::move(host))
    , m_dataDir(std::move(dataDir))
    , m_stats(std::move(stats))
    , m_settings(settings)
    , m_guard(newGuard())
    , m_reconnectTimer(new QTimer(this))
    , m_reconcileTimer(new QTimer(this))
    , m_statsTimer(new QTimer(this))
    , m_flushTimer(new QTimer(this))
{
    m_guard->session = this;
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &HostSession::connectNow);
    connect(m_reconcileTimer, &QTimer::timeout, this, &HostSession::sync);
    connect(m_statsTimer, &QTimer::timeout, this, &HostSession::sampleStats);
    // Events arrive in bursts (a bulk start touches many domains, one domain emits several
    // events); refetch each object once per burst.
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(0);
    connect(m_flushTimer, &QTimer::timeout, this, &HostSession::flushPendingEvents);
}

HostSession::~HostSession()
{
    {
        QMutexLocker lock(&m_guard->mutex);
        m_guard->session = nullptr;
    }
    m_conn.reset();
    m_credentials.clear();
    Database::closeThreadConnection(m_dataDir);
}

void HostSession::setState(HostState state, const Error &error)
{
    m_host.state = state;
    HostRepository repo(Database::connection(m_dataDir));
    if (auto r = repo.setState(m_host.id, state, error.message); !r)
        qCWarning(lcSession) << m_host.id << "cannot record state:" << r.error().message;
    Q_EMIT stateChanged(m_host.id, state, error);
}

void HostSession::setTaskState(const QString &task)
{
    HostRepository repo(Database::connection(m_dataDir));
    if (auto r = repo.setTaskState(m_host.id, task); !r)
        qCWarning(lcSession) << m_host.id << "cannot record task state:" << r.error().message;
}

void HostSession::open(const Credentials &credentials)
{
    m_userClosed = false;
    m_backoffAttempt = 0;
    m_reconnectTimer->stop();
    if (!credentials.isEmpty())
        m_credentials = credentials;
    if (m_host.autoReconnectDisabled) {
        m_host.autoReconnectDisabled = false;
        HostRepository(Database::connection(m_dataDir)).setAutoReconnectDisabled(m_host.id, false);
    }
    if (m_conn) {
        sync();
        return;
    }
    connectNow();
}

void HostSession::connectNow()
{
    if (m_conn)
        return;
    LibvirtEventLoop::ensureStarted();
    setState(HostState::Connecting);
    setTaskState(QStringLiteral("connecting"));

    QList<CredentialPrompt> missing;
    QElapsedTimer openTimer;
    openTimer.start();
    virConnectPtr conn = openAuth(m_host.uri, m_credentials, &missing);
    qCDebug(lcSession) << m_host.id << "open took" << openTimer.elapsed() << "ms";
    if (!conn) {
        Error error = explainConnectionError(m_host.uri, lastError(ErrorCode::ConnectionFailed));
        setTaskState({});
        if (!missing.isEmpty() && error.code != ErrorCode::HostKeyUnknown) {
            error.code = ErrorCode::CredentialsRequired;
            error.message = QStringLiteral("credentials needed: ") + error.message;
            setState(HostState::Error, error);
            Q_EMIT credentialsRequested(m_host.id, missing, error);
            return; // no automatic retry: only the user can supply these
        }
        if (error.code == ErrorCode::AuthFailed) {
            m_credentials.clear();
            setState(HostState::Error, error);
            Q_EMIT credentialsRequested(m_host.id, {}, error);
            return;
        }
        setState(HostState::Error, error);
        if (error.code == ErrorCode::HostKeyChanged || error.code == ErrorCode::HostKeyUnknown)
            return; // no automatic retry: a host key is the user's decision
        scheduleReconnect();
        return;
    }
    m_conn = std::make_unique<Connection>();
    m_conn->conn = conn;
    m_backoffAttempt = 0;
    m_cancel.store(false);
    if (virConnectSetKeepAlive(conn, m_settings.keepaliveIntervalS, m_settings.keepaliveCount) < 0)
        virResetLastError(); // drivers without keepalive (test, local) are not an error
    registerEvents();
    HostRepository(Database::connection(m_dataDir)).markConnected(m_host.id);
    setState(HostState::Connected);
    if (!m_credentials.isEmpty())
        Q_EMIT credentialsAccepted(m_host.id, m_credentials);
    if (m_stats && m_settings.statsIntervalMs > 0)
        m_statsTimer->start(m_settings.statsIntervalMs);
    if (m_settings.syncOnConnect)
        fullSync(true);
    else
        setTaskState({});
}

void HostSession::registerEvents()
{
    virConnectPtr conn = m_conn->conn;
    void *guard = m_guard;
    struct DomainEvent
    {
        int id;
        virConnectDomainEventGenericCallback cb;
    };
    const DomainEvent domainEvents[] = {
        {VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(EventTrampolines::lifecycle)},
        {VIR_DOMAIN_EVENT_ID_REBOOT, VIR_DOMAIN_EVENT_CALLBACK(EventTrampolines::generic)},
        {VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, VIR_DOMAIN_EVENT_CALLBACK(EventTrampolines::device)},
        {VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, VIR_DOMAIN_EVENT_CALLBACK(EventTrampolines::device)},
        {VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
         VIR_DOMAIN_EVENT_CALLBACK(EventTrampolines::metadata)},
        {VIR_DOMAIN_EVENT_ID_TRAY_CHANGE, VIR_DOMAIN_EVENT_CALLBACK(EventTrampolines::tray)},
        {VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE, VIR_DOMAIN_EVENT_CALLBACK(EventTrampolines::balloon)},
    };
    m_eventsSupported = m_settings.useEvents;
    for (const DomainEvent &e : domainEvents) {
        if (!m_eventsSupported)
            break;
        const int id = virConnectDomainEventRegisterAny(conn, nullptr, e.id, e.cb, guard, nullptr);
        if (id < 0) {
            const Error err = lastError();
            if (e.id == VIR_DOMAIN_EVENT_ID_LIFECYCLE) {
                qCInfo(lcSession) << m_host.id
                                  << "has no domain events, polling instead:" << err.message;
                m_eventsSupported = false;
            }
            continue;
        }
        m_conn->domainCallbacks.append(id);
    }
    const int networkId = virConnectNetworkEventRegisterAny(
        conn, nullptr, VIR_NETWORK_EVENT_ID_LIFECYCLE,
        VIR_NETWORK_EVENT_CALLBACK(EventTrampolines::network), guard, nullptr);
    if (networkId < 0)
        virResetLastError(); // hosts without a network driver
    else
        m_conn->networkCallbacks.append(networkId);
    struct PoolEvent
    {
        int id;
        virConnectStoragePoolEventGenericCallback cb;
    };
    const PoolEvent poolEvents[] = {
        {VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
         VIR_STORAGE_POOL_EVENT_CALLBACK(EventTrampolines::poolLifecycle)},
        {VIR_STORAGE_POOL_EVENT_ID_REFRESH,
         VIR_STORAGE_POOL_EVENT_CALLBACK(EventTrampolines::poolRefresh)},
    };
    for (const PoolEvent &e : poolEvents) {
        const int id
            = virConnectStoragePoolEventRegisterAny(conn, nullptr, e.id, e.cb, guard, nullptr);
        if (id < 0) {
            virResetLastError();
            continue;
        }
        m_conn->poolCallbacks.append(id);
    }
    if (virConnectRegisterCloseCallback(conn, EventTrampolines::closed, guard, nullptr) == 0)
        m_conn->closeCallback = true;
    else
        virResetLastError(); // local drivers never close on their own
    m_reconcileTimer->start(m_eventsSupported ? m_settings.reconcileIntervalMs
                                              : m_settings.pollIntervalMs);
}

void HostSession::teardown()
{
    m_statsTimer->stop();
    m_reconcileTimer->stop();
    m_flushTimer->stop();
    m_pendingDomains.clear();
    m_pendingNetworks.clear();
    m_pendingPools.clear();
    m_conn.reset();
    if (m_stats)
        m_stats->clearHost(m_host.id);
}

void HostSession::close()
{
    m_userClosed = true;
    m_reconnectTimer->stop();
    stopVolumeTransfers();
    teardown();
    m_host.autoReconnectDisabled = true;
    HostRepository(Database::connection(m_dataDir)).setAutoReconnectDisabled(m_host.id, true);
    setTaskState({});
    setState(HostState::Disconnected);
}

void HostSession::shutdown()
{
    m_userClosed = true;
    m_reconnectTimer->stop();
    stopVolumeTransfers();
    const bool wasConnected = m_conn != nullptr;
    teardown();
    // A host whose last attempt failed keeps ERROR and its message: that is what the user
    // needs to see next time, not a bland DISCONNECTED.
    if (wasConnected || m_host.state == HostState::Connecting) {
        setTaskState({});
        setState(HostState::Disconnected);
    }
}

void HostSession::handleConnectionClosed(int reason)
{
    if (!m_conn)
        return;
    const Error error{ErrorCode::ConnectionFailed, 0, closeReasonText(reason)};
    qCInfo(lcSession) << m_host.id << error.message;
    // Until this moment events kept the mirror current: that is the "as of" time now.
    if (m_synced && m_eventsSupported)
        HostRepository(Database::connection(m_dataDir)).setLastSyncAt(m_host.id, nowMs());
    m_synced = false;
    teardown();
    setState(HostState::Disconnected, error);
    scheduleReconnect();
}

void HostSession::scheduleReconnect()
{
    if (m_userClosed || m_host.autoReconnectDisabled)
        return;
    const qint64 base = qMin<qint64>(m_settings.backoffMaxMs, qint64(m_settings.backoffInitialMs)
                                                                  << qMin(m_backoffAttempt, 16));
    // ±20 % jitter so many hosts lost together do not reconnect in lockstep.
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    const int delay = int(qMin<double>(m_settings.backoffMaxMs, base * jitter));
    ++m_backoffAttempt;
    qCInfo(lcSession) << m_host.id << "reconnecting in" << delay << "ms";
    m_reconnectTimer->start(delay);
}

InventoryStore::Options HostSession::storeOptions()
{
    InventoryStore::Options o;
    const qint64 now = nowMs();
    for (auto it = m_expected.begin(); it != m_expected.end();) {
        if (it.value() < now) {
            it = m_expected.erase(it);
        } else {
            o.expectedStateChanges.insert(it.key());
            ++it;
        }
    }
    o.expectedConfigChanges = m_pendingConfig;
    return o;
}

void HostSession::publish(const Result<ApplyReport> &report)
{
    if (!report) {
        qCWarning(lcSession) << m_host.id << "cache write failed:" << report.error().message;
        return;
    }
    if (!report->changes.isEmpty())
        Q_EMIT changesApplied(m_host.id, report->changes);
}

void HostSession::sync()
{
    fullSync(false);
}

namespace {

/// The third stage of a full sync: writes the mirror on its own thread (and its own cache
/// connection) while the worker is still fetching and the parser parsing. One transaction;
/// nothing is committed unless every stage succeeded.
class WriteStage
{
public:
    WriteStage(const QString &dataDir, const QString &hostId, InventoryStore::Options options,
               const HostSnapshot &inventory)
        : m_dataDir(dataDir)
        , m_hostId(hostId)
        , m_options(std::move(options))
        , m_inventory(inventory)
        , m_thread([this] { run(); })
    {}
    ~WriteStage() { abort(); }

    void push(QList<DomainInfo> batch) { m_queue.push(std::move(batch)); }
    /// Commits once everything pushed is written.
    Result<ApplyReport> finish()
    {
        join();
        return m_result;
    }
    /// Rolls back whatever was written.
    void abort()
    {
        m_abort.store(true);
        join();
    }
    double busySeconds() const { return m_busyNs / 1e9; }

private:
    void join()
    {
        if (m_thread.joinable()) {
            m_queue.close();
            m_thread.join();
        }
    }
    void run()
    {
        QElapsedTimer busy;
        {
            QSqlDatabase db = Database::connection(m_dataDir);
            InventoryStore::SnapshotWriter writer(db, m_hostId, m_options);
            busy.start();
            Result<> ok
                = writer.begin(m_inventory.networks, m_inventory.pools, m_inventory.volumes);
            m_busyNs += busy.nsecsElapsed();
            std::vector<QList<DomainInfo>> batches;
            while (m_queue.takeAll(&batches)) {
                busy.start();
                for (const QList<DomainInfo> &batch : batches) {
                    if (ok)
                        ok = writer.add(batch);
                }
                m_busyNs += busy.nsecsElapsed();
            }
            busy.start();
            if (!ok)
                m_result = std::unexpected(ok.error());
            else if (m_abort.load())
                m_result = makeError(ErrorCode::Cancelled, QStringLiteral("sync abandoned"));
            else
                m_result = writer.finish();
            m_busyNs += busy.nsecsElapsed();
            // The writer (and its copy of db) goes first: the thread's connection is closed
            // when the thread ends, and must not be in use then.
        }
    }

    const QString m_dataDir;
    const QString m_hostId;
    const InventoryStore::Options m_options;
    const HostSnapshot &m_inventory;
    BatchQueue<QList<DomainInfo>> m_queue;
    std::atomic<bool> m_abort{false};
    Result<ApplyReport> m_result = makeError(ErrorCode::Cancelled, QStringLiteral("not run"));
    qint64 m_busyNs = 0;
    std::thread m_thread; // last: starts after everything it uses is constructed
};

} // namespace

void HostSession::fullSync(bool recordTask)
{
    if (!m_conn) {
        Q_EMIT syncFinished(m_host.id, {},
                            Error{ErrorCode::NotConnected, 0, QStringLiteral("not connected")});
        return;
    }
    if (recordTask)
        setTaskState(QStringLiteral("syncing"));
    QElapsedTimer total;
    total.start();
    SyncReport report;
    auto failed = [&](const Error &error) {
        if (recordTask)
            setTaskState({});
        Q_EMIT syncFinished(m_host.id, report, error);
        if (m_conn && virConnectIsAlive(m_conn->conn) == 0)
            handleConnectionClosed(VIR_CONNECT_CLOSE_REASON_ERROR);
    };

    // Three stages overlap: this thread and its fetch pool (up to `concurrency` calls in flight
    // on the one connection) make the libvirt calls, a parser thread parses, a writer thread
    // writes the mirror. Networks, pools and volumes come first so that disks and NICs can be
    // linked to them as domains stream in.
    const int concurrency = Fetch::effectiveConcurrency(
        m_host.uri, m_settings.fetchConcurrency, m_settings.inProcessFetchConcurrency);
    auto inventory
        = Fetch::inventory(m_conn->conn, &m_cancel, concurrency, &report.maxInFlight);
    if (!inventory) {
        failed(inventory.error());
        return;
    }
    std::optional<Result<ApplyReport>> applied;
    {
        WriteStage writer(m_dataDir, m_host.id, storeOptions(), *inventory);
        QElapsedTimer progressTick;
        progressTick.start();
        int domainsInFlight = 0;
        auto count = Fetch::domains(
            m_conn->conn, &m_cancel,
            [this, &progressTick](Fetch::Progress p) {
                if (p.done == p.total || progressTick.elapsed() >= 100) {
                    progressTick.restart();
                    Q_EMIT syncProgress(m_host.id, p.done, p.total);
                }
            },
            [&writer](QList<DomainInfo> batch) { writer.push(std::move(batch)); },
            &report.parseSeconds, concurrency, &domainsInFlight);
        report.fetchSeconds = total.nsecsElapsed() / 1e9;
        report.maxInFlight = std::max(report.maxInFlight, domainsInFlight);
        if (!count) {
            writer.abort(); // the previous complete mirror stays as it was
            failed(count.error());
            return;
        }
        report.domains = *count;
        applied = writer.finish();
        report.writeSeconds = writer.busySeconds();
    }
    QSqlDatabase db = Database::connection(m_dataDir);
    HostRepository repo(db);
    repo.setNodeInfo(m_host.id, inventory->node);
    if (!*applied) {
        failed(applied->error());
        return;
    }
    // Confirm the mirror: always after a change; otherwise at most once a minute, so an idle
    // reconcile writes nothing (events keep the mirror current in between).
    if ((*applied)->rowsWritten > 0 || nowMs() - m_host.lastSyncAt > 60 * 1000) {
        m_host.lastSyncAt = nowMs();
        repo.setLastSyncAt(m_host.id, m_host.lastSyncAt);
    }
    if (recordTask)
        setTaskState({});
    report.seconds = total.nsecsElapsed() / 1e9;
    report.networks = inventory->networks.size();
    report.pools = inventory->pools.size();
    report.volumes = inventory->volumes.size();
    report.rowsWritten = (*applied)->rowsWritten;
    m_synced = true;
    publish(*applied);
    Q_EMIT syncFinished(m_host.id, report, {});
    // Fold the WAL back into the file now, after the sync has been reported, rather than inside
    // a later commit (PASSIVE: never waits on readers).
    if (report.rowsWritten > 0)
        QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
    if (m_stats && m_settings.statsIntervalMs > 0)
        sampleStats();
    // Once this function's snapshot and pipeline are freed, give their memory back (a big
    // first sync leaves tens of MB free but resident otherwise).
    if (report.domains >= 256)
        QMetaObject::invokeMethod(this, &releaseFreedMemory, Qt::QueuedConnection);
}

void HostSession::handleDomainEvent(const QString &uuid)
{
    m_pendingDomains.insert(uuid);
    m_flushTimer->start();
}

void HostSession::handleNetworkEvent(const QString &uuid)
{
    m_pendingNetworks.insert(uuid);
    m_flushTimer->start();
}

void HostSession::handlePoolEvent(const QString &uuid)
{
    m_pendingPools.insert(uuid);
    m_flushTimer->start();
}

void HostSession::flushPendingEvents()
{
    if (!m_conn)
        return;
    const QSet<QString> domains = std::exchange(m_pendingDomains, {});
    for (const QString &uuid : domains)
        refreshDomain(uuid);

    for (const QString &uuid : std::exchange(m_pendingNetworks, {}))
        refreshNetwork(uuid);
    for (const QString &uuid : std::exchange(m_pendingPools, {}))
        refreshPool(uuid);
}

void HostSession::refreshNetwork(const QString &uuid)
{
    InventoryStore store(Database::connection(m_dataDir));
    NetworkHandle net(virNetworkLookupByUUIDString(m_conn->conn, uuid.toLatin1().constData()));
    if (!net) {
        const Error e = lastError();
        if (e.code == ErrorCode::NotFound)
            publish(store.removeNetwork(m_host.id, uuid));
        return;
    }
    auto info = Fetch::network(net.get());
    if (info)
        publish(store.applyNetwork(m_host.id, *info));
}

void HostSession::refreshPool(const QString &uuid)
{
    InventoryStore store(Database::connection(m_dataDir));
    PoolHandle pool(virStoragePoolLookupByUUIDString(m_conn->conn, uuid.toLatin1().constData()));
    if (!pool) {
        const Error e = lastError();
        if (e.code == ErrorCode::NotFound)
            publish(store.removePool(m_host.id, uuid));
        return;
    }
    // A pool of hundreds of volumes (an upload, a pool refresh) is read in parallel too.
    auto info = Fetch::pool(pool.get(),
                            Fetch::effectiveConcurrency(m_host.uri, m_settings.fetchConcurrency,
                                                        m_settings.inProcessFetchConcurrency));
    if (info)
        publish(store.applyPool(m_host.id, info->pool, info->volumes));
}

void HostSession::refreshDomain(const QString &uuid, bool auditDrift)
{
    InventoryStore store(Database::connection(m_dataDir));
    DomainHandle dom(virDomainLookupByUUIDString(m_conn->conn, uuid.toLatin1().constData()));
    if (!dom) {
        const Error e = lastError();
        if (e.code == ErrorCode::NotFound)
            publish(store.removeDomain(m_host.id, uuid, storeOptions()));
        else
            qCWarning(lcSession) << m_host.id << "cannot look up" << uuid << e.message;
        return;
    }
    auto info = Fetch::domain(dom.get());
    if (!info) {
        if (info.error().code == ErrorCode::NotFound)
            publish(store.removeDomain(m_host.id, uuid, storeOptions()));
        else
            qCWarning(lcSession) << m_host.id << "cannot read" << uuid << info.error().message;
        return;
    }
    InventoryStore::Options options = storeOptions();
    options.auditDrift = auditDrift;
    publish(store.applyDomain(m_host.id, *info, options));
    // Stopped, the VM shows its persistent config: what our edits left pending there is mirrored.
    if (info->state == DomainState::Shutoff || info->state == DomainState::Crashed)
        m_pendingConfig.remove(uuid);
}

void HostSession::runAction(quint64 jobId, const QString &uuid, DomainAction action)
{
    if (!m_conn) {
        Q_EMIT actionFinished(jobId, m_host.id, uuid, action,
                              Error{ErrorCode::NotConnected, 0,
                                    QStringLiteral("host %1 is not connected").arg(m_host.id)});
        return;
    }
    QSqlDatabase db = Database::connection(m_dataDir);
    QString name = uuid;
    if (auto rows = InventoryStore(db).findDomains(m_host.id, uuid); rows && !rows->isEmpty())
        name = rows->constFirst().domain.name;
    m_expected.insert(uuid, nowMs() + 60 * 1000);
    const auto result = Actions::perform(m_conn->conn, uuid, action);

    AuditEvent event;
    event.level = AuditLevel::Audit;
    event.component = QStringLiteral("actions");
    event.hostId = m_host.id;
    event.action = QStringLiteral("vm.") + domainActionName(action);
    event.message = QStringLiteral("%1 %2 on %3").arg(domainActionName(action), name, m_host.id);
    event.details = QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("uuid"), uuid}};
    event.ok = result.has_value();
    if (!result)
        event.error = result.error().message;
    event.objects
        = {AuditObject{QStringLiteral("vm"), uuid}, AuditObject{QStringLiteral("host"), m_host.id}};
    if (auto w = AuditLog(db).write(event); !w)
        qCWarning(lcSession) << "audit write failed:" << w.error().message;

    if (m_conn)
        refreshDomain(uuid); // the event will follow; the mirror need not wait for it
    Q_EMIT actionFinished(jobId, m_host.id, uuid, action, result ? Error{} : result.error());
}

Result<> HostSession::checkUnused(const InventoryRequest &request, const QString &name)
{
    InventoryUsage usage(Database::connection(m_dataDir));
    if (request.kind == InventoryRequest::Kind::Pool) {
        QString targetPath;
        if (auto pools = InventoryStore(Database::connection(m_dataDir)).pools(m_host.id)) {
            for (const PoolInfo &p : std::as_const(*pools)) {
                if (p.uuid == request.uuid)
                    targetPath = p.targetPath;
            }
        }
        auto users = usage.poolUsers(m_host.id, request.uuid, name, targetPath);
        if (!users)
            return std::unexpected(users.error());
        if (!users->isEmpty())
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("pool %1 is in use: volumes of it are attached to %2; "
                                            "detach them first")
                                 .arg(name, InventoryUsage::nameList(*users)));
        return {};
    }
    auto users = usage.networkUsers(m_host.id, name);
    if (!users)
        return std::unexpected(users.error());
    QList<InventoryUsage::VmRef> running;
    for (const InventoryUsage::VmRef &vm : std::as_const(*users)) {
        if (vm.running)
            running.append(vm);
    }
    if (!running.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("network %1 is in use by running VMs %2; stop them first")
                             .arg(name, InventoryUsage::nameList(running)));
    // The mirror may lag behind a VM started a moment ago; where libvirt counts the network's
    // ports (the network driver), it has the last word.
    if (const int ports = Actions::networkPortCount(m_conn->conn, request.uuid); ports > 0)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("network %1 is in use: libvirt reports %2 connected "
                                        "guest interface(s)")
                             .arg(name)
                             .arg(ports));
    return {};
}

Result<> HostSession::checkVolumeUnused(const QString &path, const QString &name)
{
    auto rows = InventoryStore(Database::connection(m_dataDir)).volumes(m_host.id);
    if (!rows)
        return std::unexpected(rows.error());
    for (const InventoryStore::VolumeRow &row : std::as_const(*rows)) {
        if (row.volume.path != path || row.status == QLatin1String("available"))
            continue;
        QStringList names;
        for (const QString &vm : row.attachedTo)
            names.append(QLatin1Char('"') + vm + QLatin1Char('"'));
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("volume %1 is %2: attached to %3; detach it first")
                             .arg(name, row.status, names.join(QStringLiteral(", "))));
    }
    return {};
}

void HostSession::runVolumeJob(quint64 jobId, const InventoryRequest &request)
{
    const QString action = request.actionName();
    const bool create = request.op == InventoryRequest::Op::Create;
    QString path = request.uuid;
    QString poolUuid = create ? request.volume.poolUuid : QString();
    const QString name = create ? request.volume.name : path.section(u'/', -1);
    QJsonObject details{{QStringLiteral("name"), name}};
    if (create) {
        details.insert(QStringLiteral("format"), request.volume.format);
        details.insert(QStringLiteral("capacity_bytes"), request.volume.capacityBytes);
        details.insert(QStringLiteral("backing_path"), request.volume.backingPath);
    } else if (request.op == InventoryRequest::Op::Resize) {
        details.insert(QStringLiteral("capacity_bytes"), request.capacityBytes);
    }

    Result<QString> result = [&]() -> Result<QString> {
        if (!m_conn)
            return makeError(ErrorCode::NotConnected,
                             QStringLiteral("host %1 is not connected").arg(m_host.id));
        if (!create) {
            auto pool = Actions::volumePoolUuid(m_conn->conn, path);
            if (!pool)
                return std::unexpected(pool.error());
            poolUuid = *pool;
            if (request.op == InventoryRequest::Op::Delete) {
                if (auto unused = checkVolumeUnused(path, name); !unused)
                    return std::unexpected(unused.error());
            }
        }
        return Actions::perform(m_conn->conn, request);
    }();
    if (result)
        path = *result;

    AuditEvent event;
    event.level = AuditLevel::Audit;
    event.component = QStringLiteral("actions");
    event.hostId = m_host.id;
    event.action = action;
    event.message = QStringLiteral("%1 volume %2 on %3")
                        .arg(action.section(u'.', 1), path.isEmpty() ? name : path, m_host.id);
    details.insert(QStringLiteral("path"), path);
    details.insert(QStringLiteral("pool_uuid"), poolUuid);
    event.details = details;
    event.ok = result.has_value();
    if (!result)
        event.error = result.error().message;
    if (!path.isEmpty())
        event.objects.append(AuditObject{QStringLiteral("volume"), path});
    if (!poolUuid.isEmpty())
        event.objects.append(AuditObject{QStringLiteral("pool"), poolUuid});
    event.objects.append(AuditObject{QStringLiteral("host"), m_host.id});
    if (auto w = AuditLog(Database::connection(m_dataDir)).write(event); !w)
        qCWarning(lcSession) << "audit write failed:" << w.error().message;

    // The pool's volumes are re-read whatever happened: libvirt sends no volume events.
    if (m_conn && !poolUuid.isEmpty())
        refreshPool(poolUuid);
    Q_EMIT inventoryJobFinished(jobId, m_host.id, path, action, result ? Error{} : result.error());
}

void HostSession::runInventoryJob(quint64 jobId, const InventoryRequest &request)
{
    if (request.kind == InventoryRequest::Kind::Volume) {
        runVolumeJob(jobId, request);
        return;
    }
    const QString action = request.actionName();
    const bool create = request.op == InventoryRequest::Op::Create;
    QString name = create ? (request.kind == InventoryRequest::Kind::Pool ? request.pool.name
                                                                          : request.network.name)
                          : request.uuid;
    QString uuid = request.uuid;
    QJsonObject details{{QStringLiteral("name"), name}};
    if (create && request.kind == InventoryRequest::Kind::Pool) {
        const QJsonObject pool = InventorySpecs::auditDetails(request.pool);
        for (auto it = pool.constBegin(); it != pool.constEnd(); ++it)
            details.insert(it.key(), it.value());
    } else if (create) {
        details.insert(QStringLiteral("mode"), request.network.mode);
        details.insert(QStringLiteral("ipv4"), QStringLiteral("%1/%2").arg(
                                                   request.network.ipv4Address)
                                                   .arg(request.network.prefix));
        details.insert(QStringLiteral("dhcp_start"), request.network.dhcpStart);
        details.insert(QStringLiteral("dhcp_end"), request.network.dhcpEnd);
        if (!request.network.bridgeName.isEmpty())
            details.insert(QStringLiteral("bridge"), request.network.bridgeName);
    } else if (request.op == InventoryRequest::Op::SetAutostart) {
        details.insert(QStringLiteral("autostart"), request.autostart);
    }

    Result<QString> result = [&]() -> Result<QString> {
        if (!m_conn)
            return makeError(ErrorCode::NotConnected,
                             QStringLiteral("host %1 is not connected").arg(m_host.id));
        if (!create) {
            auto known = Actions::inventoryObjectName(m_conn->conn, request.kind, request.uuid);
            if (!known)
                return std::unexpected(known.error());
            name = *known;
            details.insert(QStringLiteral("name"), name);
            if (request.op == InventoryRequest::Op::Delete) {
                if (auto unused = checkUnused(request, name); !unused)
                    return std::unexpected(unused.error());
            }
        }
        return Actions::perform(m_conn->conn, request);
    }();
    if (result)
        uuid = *result;

    AuditEvent event;
    event.level = AuditLevel::Audit;
    event.component = QStringLiteral("actions");
    event.hostId = m_host.id;
    event.action = action;
    event.message = QStringLiteral("%1 %2 %3 on %4")
                        .arg(action.section(u'.', 1), request.objectType(), name, m_host.id);
    details.insert(QStringLiteral("uuid"), uuid);
    event.details = details;
    event.ok = result.has_value();
    if (!result)
        event.error = result.error().message;
    if (!uuid.isEmpty())
        event.objects.append(AuditObject{request.objectType(), uuid});
    event.objects.append(AuditObject{QStringLiteral("host"), m_host.id});
    if (auto w = AuditLog(Database::connection(m_dataDir)).write(event); !w)
        qCWarning(lcSession) << "audit write failed:" << w.error().message;

    // Re-read what was touched even when it failed (a failed stop may still have changed
    // something): libvirt's test driver, and older daemons, send no event for some of these.
    if (m_conn && !uuid.isEmpty()) {
        if (request.kind == InventoryRequest::Kind::Pool)
            refreshPool(uuid);
        else
            refreshNetwork(uuid);
    }
    Q_EMIT inventoryJobFinished(jobId, m_host.id, uuid, action,
                                result ? Error{} : result.error());
}

namespace {

/// Records a volume transfer, through the calling thread's cache connection (the transfer's
/// own thread when it ran: so one cancelled at shutdown is recorded too).
void auditVolumeTransfer(QSqlDatabase db, const QString &hostId,
                         const VolumeTransferRequest &request, const VolumeTransferReport &report,
                         const Error &error)
{
    const bool upload = request.direction == VolumeTransferRequest::Direction::Upload;
    AuditEvent event;
    event.level = AuditLevel::Audit;
    event.component = QStringLiteral("actions");
    event.hostId = hostId;
    event.action = request.actionName();
    event.message = (upload ? QStringLiteral("upload %1 into volume %2 on %3: %4 bytes")
                            : QStringLiteral("download volume %2 on %3 into %1: %4 bytes"))
                        .arg(request.localPath, request.volumePath, hostId)
                        .arg(report.bytes);
    event.details = QJsonObject{
        {QStringLiteral("name"), request.volumePath.section(u'/', -1)},
        {QStringLiteral("path"), request.volumePath},
        {QStringLiteral("local_path"), request.localPath},
        {QStringLiteral("bytes"), report.bytes},
        {QStringLiteral("data_bytes"), report.dataBytes},
        {QStringLiteral("total_bytes"), report.totalBytes},
        {QStringLiteral("seconds"), report.seconds},
        {QStringLiteral("pool_uuid"), report.poolUuid},
        {QStringLiteral("force"), request.force},
    };
    event.ok = error.code == ErrorCode::None;
    event.error = error.message;
    if (!request.volumePath.isEmpty())
        event.objects.append(AuditObject{QStringLiteral("volume"), request.volumePath});
    if (!report.poolUuid.isEmpty())
        event.objects.append(AuditObject{QStringLiteral("pool"), report.poolUuid});
    event.objects.append(AuditObject{QStringLiteral("host"), hostId});
    if (auto w = AuditLog(db).write(event); !w)
        qCWarning(lcSession) << "audit write failed:" << w.error().message;
}

} // namespace

void HostSession::cancelVolumeTransfer(quint64 jobId)
{
    QMutexLocker lock(&m_transfersMutex);
    if (const std::shared_ptr<VolumeTransfer> transfer = m_transfers.value(jobId))
        transfer->cancel();
    else if (jobId > m_lastTransferJob)
        m_cancelledTransfers.insert(jobId); // still queued to this worker
}

void HostSession::runVolumeTransfer(quint64 jobId, const VolumeTransferRequest &request)
{
    bool cancelledEarly = false;
    {
        QMutexLocker lock(&m_transfersMutex);
        cancelledEarly = m_cancelledTransfers.remove(jobId);
        m_lastTransferJob = qMax(m_lastTransferJob, jobId);
    }
    const bool upload = request.direction == VolumeTransferRequest::Direction::Upload;
    Result<> ready = [&]() -> Result<> {
        if (cancelledEarly)
            return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled before it started"));
        if (!m_conn)
            return makeError(ErrorCode::NotConnected,
                             QStringLiteral("host %1 is not connected").arg(m_host.id));
        if (!request.volumePath.startsWith(u'/') || request.localPath.isEmpty())
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("a transfer needs a volume path and a local file"));
        // Writing under a running guest corrupts its disk; reading under it gives a copy that
        // may be inconsistent (the user may accept that: force).
        auto rows = InventoryStore(Database::connection(m_dataDir)).volumes(m_host.id);
        if (!rows)
            return std::unexpected(rows.error());
        for (const InventoryStore::VolumeRow &row : std::as_const(*rows)) {
            if (row.volume.path != request.volumePath || row.status != QLatin1String("in-use"))
                continue;
            if (!upload && request.force)
                break;
            QStringList names;
            for (const QString &vm : row.attachedTo)
                names.append(QLatin1Char('"') + vm + QLatin1Char('"'));
            return makeError(
                ErrorCode::InvalidArgument,
                QStringLiteral("volume %1 is in use by a running VM (attached to %2); %3")
                    .arg(request.volumePath, names.join(QStringLiteral(", ")),
                         upload ? QStringLiteral("stop the VM before uploading into it")
                                : QStringLiteral("stop the VM first, or force a copy that may "
                                                 "be inconsistent")));
        }
        return {};
    }();
    if (!ready) {
        const VolumeTransferReport report;
        auditVolumeTransfer(Database::connection(m_dataDir), m_host.id, request, report,
                            ready.error());
        Q_EMIT volumeTransferFinished(jobId, m_host.id, request.volumePath, request.actionName(),
                                      report, ready.error());
        return;
    }

    // The callbacks run on the transfer's thread and reach this session only through the
    // guard, which outlives it (see EventGuard).
    EventGuard *guard = m_guard;
    const QString hostId = m_host.id;
    const QString dataDir = m_dataDir;
    auto transfer = std::make_shared<VolumeTransfer>(
        m_host.uri, m_credentials, request,
        [guard, jobId](qint64 done, qint64 total) {
            QMutexLocker lock(&guard->mutex);
            if (HostSession *s = guard->session)
                Q_EMIT s->volumeTransferProgress(jobId, done, total);
        },
        [guard, jobId, hostId, dataDir, request](const VolumeTransferReport &report,
                                                 const Error &error) {
            auditVolumeTransfer(Database::connection(dataDir), hostId, request, report, error);
            Database::closeThreadConnection(dataDir);
            QMutexLocker lock(&guard->mutex);
            if (HostSession *s = guard->session)
                QMetaObject::invokeMethod(
                    s,
                    [s, jobId, request, report, error] {
                        s->finishVolumeTransfer(jobId, request, report, error);
                    },
                    Qt::QueuedConnection);
        });
    {
        QMutexLocker lock(&m_transfersMutex);
        m_transfers.insert(jobId, transfer);
    }
    transfer->start();
}

void HostSession::finishVolumeTransfer(quint64 jobId, const VolumeTransferRequest &request,
                                       const VolumeTransferReport &report, const Error &error)
{
    std::shared_ptr<VolumeTransfer> transfer;
    {
        QMutexLocker lock(&m_transfersMutex);
        transfer = m_transfers.take(jobId);
    }
    if (transfer)
        transfer->wait(1000); // it is past its last callback: only returning is left
    // libvirt sends no volume events: re-read the pool, whose volume changed (its allocation,
    // and for a qcow2 image its capacity). Done also after a failed upload, which may have
    // written part of the file.
    if (request.direction == VolumeTransferRequest::Direction::Upload && m_conn
        && !report.poolUuid.isEmpty())
        refreshPool(report.poolUuid);
    Q_EMIT volumeTransferFinished(jobId, m_host.id, request.volumePath, request.actionName(),
                                  report, error);
}

void HostSession::stopVolumeTransfers()
{
    QHash<quint64, std::shared_ptr<VolumeTransfer>> transfers;
    {
        QMutexLocker lock(&m_transfersMutex);
        transfers = std::exchange(m_transfers, {});
    }
    for (const std::shared_ptr<VolumeTransfer> &t : std::as_const(transfers))
        t->cancel();
    // A cancelled stream stops at its next chunk; one blocked on a host that stopped
    // answering is not waited for beyond this (its keepalive ends it later).
    QDeadlineTimer deadline(2000);
    for (const std::shared_ptr<VolumeTransfer> &t : std::as_const(transfers)) {
        if (!t->wait(int(qMax<qint64>(0, deadline.remainingTime()))))
            qCWarning(lcSession) << m_host.id << "a volume transfer did not stop in time";
    }
}

Result<GraphicsEndpoint> HostSession::openGraphics(const QString &uuid, int index, bool skipAuth)
{
    if (!m_conn)
        return makeError(ErrorCode::NotConnected,
                         QStringLiteral("host %1 is not connected").arg(m_host.id));
    return ConsoleWorker::openGraphics(m_conn->conn, m_host.uri, uuid, index, skipAuth);
}

Result<> HostSession::openSerialConsole(const QString &uuid, const QString &device,
                                        const std::shared_ptr<SerialConsoleLink> &link)
{
    if (!m_conn)
        return makeError(ErrorCode::NotConnected,
                         QStringLiteral("host %1 is not connected").arg(m_host.id));
    return ConsoleWorker::openSerial(m_conn->conn, uuid, device, link);
}

void HostSession::runDomainEdit(quint64 jobId, const DomainEditRequest &request)
{
    const QString action = request.actionName();
    const QString &uuid = request.uuid;
    if (request.op == DomainEditRequest::Op::ReadConfig) { // a read: nothing to audit or mirror
        const Result<DomainEditResult> read
            = m_conn ? Actions::perform(m_conn->conn, request)
                     : makeError(ErrorCode::NotConnected,
                                 QStringLiteral("host %1 is not connected").arg(m_host.id));
        Q_EMIT domainEditFinished(jobId, m_host.id, uuid, action, read ? *read : DomainEditResult{},
                                  read ? Error{} : read.error());
        return;
    }
    QString name = uuid;
    if (auto rows = InventoryStore(Database::connection(m_dataDir)).findDomains(m_host.id, uuid);
        rows && !rows->isEmpty())
        name = rows->constFirst().domain.name;

    const Result<DomainEditResult> result
        = m_conn ? Actions::perform(m_conn->conn, request)
                 : makeError(ErrorCode::NotConnected, QStringLiteral("host %1 is not "
                                                                     "connected")
                                                          .arg(m_host.id));
    // What the edit was about: the fields asked for, and for devices the image and target.
    QJsonObject details{{QStringLiteral("name"), name}, {QStringLiteral("uuid"), uuid}};
    QString volumePath;
    switch (request.op) {
    case DomainEditRequest::Op::Set: {
        // What was asked, so that a refused change says what it was.
        QJsonObject requested;
        if (request.vcpus)
            requested.insert(QStringLiteral("vcpu_count"), *request.vcpus);
        if (request.memoryBytes)
            requested.insert(QStringLiteral("current_memory_bytes"), double(*request.memoryBytes));
        if (request.maxMemoryBytes)
            requested.insert(QStringLiteral("memory_bytes"), double(*request.maxMemoryBytes));
        if (request.autostart)
            requested.insert(QStringLiteral("autostart"), *request.autostart);
        if (request.title)
            requested.insert(QStringLiteral("title"), *request.title);
        if (request.description)
            requested.insert(QStringLiteral("description"), *request.description);
        if (request.bootOrder)
            requested.insert(QStringLiteral("boot_order"),
                             QJsonArray::fromStringList(*request.bootOrder));
        details.insert(QStringLiteral("requested"), requested);
        if (result)
            details.insert(QStringLiteral("changes"), QJsonObject::fromVariantMap(result->changes));
        break;
    }
    case DomainEditRequest::Op::AttachDisk:
        volumePath = request.disk.sourcePath;
        details.insert(QStringLiteral("device"), request.disk.device);
        details.insert(QStringLiteral("bus"), request.disk.bus);
        break;
    case DomainEditRequest::Op::ChangeMedia:
        volumePath = request.mediaPath;
        break;
    case DomainEditRequest::Op::DetachDisk:
        if (auto rows
            = InventoryStore(Database::connection(m_dataDir)).findDomains(m_host.id, uuid);
            rows && !rows->isEmpty()) {
            for (const DiskInfo &disk : rows->constFirst().domain.disks) {
                if (disk.deviceName == request.targetDev)
                    volumePath = disk.sourcePath;
            }
        }
        break;
    case DomainEditRequest::Op::AttachDevice:
    case DomainEditRequest::Op::DetachDevice:
        // Never the secrets (a graphics password) the XML may carry: the log is on disk.
        details.insert(QStringLiteral("device_xml"), DeviceXml::withoutSecrets(request.deviceXml));
        break;
    case DomainEditRequest::Op::DefineXml: // the XML itself may hold secrets: only what changed
        if (result)
            details.insert(QStringLiteral("changes"), QJsonObject::fromVariantMap(result->changes));
        break;
    case DomainEditRequest::Op::ReadConfig:
        break;
    }
    const QString target = result && !result->targetDev.isEmpty() ? result->targetDev
                           : request.targetDev.isEmpty()          ? request.disk.targetDev
                                                                  : request.targetDev;
    if (!target.isEmpty())
        details.insert(QStringLiteral("target_dev"), target);
    if (!volumePath.isEmpty())
        details.insert(QStringLiteral("path"), volumePath);
    if (result) {
        details.insert(QStringLiteral("applies_after_restart"), result->appliesAfterRestart);
        if (!result->pendingFields.isEmpty())
            details.insert(QStringLiteral("pending_fields"),
                           QJsonArray::fromStringList(result->pendingFields));
        if (!result->note.isEmpty())
            details.insert(QStringLiteral("note"), result->note);
    }

    AuditEvent event;
    event.level = AuditLevel::Audit;
    event.component = QStringLiteral("actions");
    event.hostId = m_host.id;
    event.action = action;
    event.message = QStringLiteral("%1 %2 on %3").arg(action.section(u'.', 1), name, m_host.id);
    if (!target.isEmpty())
        event.message += QStringLiteral(" (%1%2)").arg(
            target, volumePath.isEmpty() ? QString() : QStringLiteral(": ") + volumePath);
    event.details = details;
    event.ok = result.has_value();
    if (!result)
        event.error = result.error().message;
    event.objects = {AuditObject{QStringLiteral("vm"), uuid}};
    if (!volumePath.isEmpty())
        event.objects.append(AuditObject{QStringLiteral("volume"), volumePath});
    event.objects.append(AuditObject{QStringLiteral("host"), m_host.id});
    if (auto w = AuditLog(Database::connection(m_dataDir)).write(event); !w)
        qCWarning(lcSession) << "audit write failed:" << w.error().message;

    // What waits in the config for the VM's next start will show when it stops: ours, not drift.
    if (result && result->appliesAfterRestart) {
        QStringList &fields = m_pendingConfig[uuid];
        for (const QString &field : result->pendingFields) {
            const QStringList mapped
                = field == QLatin1String("devices")
                      ? QStringList{QStringLiteral("disks"), QStringLiteral("ports"),
                                    QStringLiteral("graphics")}
                  : field == QLatin1String("definition") ? QStringList{QStringLiteral("*")}
                                                          : QStringList{field};
            for (const QString &f : mapped)
                if (!fields.contains(f))
                    fields.append(f);
        }
    }
    // The mirror follows libvirt, never the request: the VM is re-read (its disks link to the
    // volumes, whose status derives from them). A refused edit changed nothing there, so the
    // re-read writes nothing; the events libvirt sends afterwards find nothing new either.
    // What our own edit changed is audited above, not again as drift.
    if (m_conn)
        refreshDomain(uuid, !result.has_value());
    Q_EMIT domainEditFinished(jobId, m_host.id, uuid, action, result ? *result : DomainEditResult{},
                              result ? Error{} : result.error());
}

namespace {

/// Adds a typed parameter that is a cumulative byte counter of one disk or interface
/// ("block.<n>.rd.bytes", "net.<n>.tx.bytes") to the matching total of the sample.
void addDeviceCounter(StatsSample &s, const virTypedParameter &p)
{
    const QLatin1StringView field(p.field);
    qint64 *total = nullptr;
    if (field.startsWith(QLatin1StringView("block."))) {
        if (field.endsWith(QLatin1StringView(".rd.bytes")))
            total = &s.diskReadBytes;
        else if (field.endsWith(QLatin1StringView(".wr.bytes")))
            total = &s.diskWriteBytes;
    } else if (field.startsWith(QLatin1StringView("net."))) {
        if (field.endsWith(QLatin1StringView(".rx.bytes")))
            total = &s.netRxBytes;
        else if (field.endsWith(QLatin1StringView(".tx.bytes")))
            total = &s.netTxBytes;
    }
    if (total)
        *total = qMax<qint64>(*total, 0) + qint64(p.value.ul);
}

} // namespace

void HostSession::sampleStats()
{
    if (!m_conn || !m_stats)
        return;
    sampleHostStats();
    virDomainStatsRecordPtr *records = nullptr;
    const int n = virConnectGetAllDomainStats(
        m_conn->conn,
        VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON
            | VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_BLOCK | VIR_DOMAIN_STATS_INTERFACE,
        &records, VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING);
    if (n < 0) {
        virResetLastError();
        Q_EMIT statsSampled(m_host.id);
        return;
    }
    const qint64 now = nowMs();
    QList<QString> running;
    running.reserve(n);
    for (int i = 0; i < n; ++i) {
        StatsSample s;
        s.tsMs = now;
        int vcpus = 1;
        for (int j = 0; j < records[i]->nparams; ++j) {
            const virTypedParameter &p = records[i]->params[j];
            if (qstrcmp(p.field, "cpu.time") == 0)
                s.cpuTimeNs = qint64(p.value.ul);
            else if (qstrcmp(p.field, "balloon.current") == 0)
                s.memoryBytes = qint64(p.value.ul) * 1024;
            else if (qstrcmp(p.field, "vcpu.current") == 0)
                vcpus = int(p.value.ui);
            else if (p.type == VIR_TYPED_PARAM_ULLONG)
                addDeviceCounter(s, p);
        }
        const QString uuid = Libvirt::domainUuid(records[i]->dom);
        running.append(uuid);
        m_stats->add(m_host.id, uuid, s, vcpus);
    }
    virDomainStatsRecordListFree(records);
    m_stats->retain(m_host.id, running);
    Q_EMIT statsSampled(m_host.id);
}

void HostSession::sampleHostStats()
{
    HostStatsSample s;
    s.tsMs = nowMs();
    // Two calls per interval: the node's cumulative CPU times and its free memory (the total
    // does not change while connected, so it is read once).
    virNodeCPUStats cpu[16];
    int ncpu = int(std::size(cpu));
    if (virNodeGetCPUStats(m_conn->conn, VIR_NODE_CPU_STATS_ALL_CPUS, cpu, &ncpu, 0) == 0) {
        qint64 busy = 0;
        qint64 total = 0;
        for (int i = 0; i < ncpu; ++i) {
            const qint64 v = qint64(cpu[i].value);
            if (qstrcmp(cpu[i].field, VIR_NODE_CPU_STATS_USER) == 0
                || qstrcmp(cpu[i].field, VIR_NODE_CPU_STATS_KERNEL) == 0) {
                busy += v;
                total += v;
            } else if (qstrcmp(cpu[i].field, VIR_NODE_CPU_STATS_IDLE) == 0
                       || qstrcmp(cpu[i].field, VIR_NODE_CPU_STATS_IOWAIT) == 0) {
                total += v;
            }
        }
        s.cpuBusyNs = busy;
        s.cpuTotalNs = total;
    } else {
        virResetLastError();
    }
    if (m_conn->nodeMemoryBytes < 0) {
        virNodeInfo info;
        m_conn->nodeMemoryBytes = virNodeGetInfo(m_conn->conn, &info) == 0
                                      ? qint64(info.memory) * 1024
                                      : 0;
    }
    const unsigned long long freeBytes = virNodeGetFreeMemory(m_conn->conn);
    if (freeBytes == 0)
        virResetLastError();
    if (m_conn->nodeMemoryBytes > 0 && freeBytes > 0) {
        s.memoryTotalBytes = m_conn->nodeMemoryBytes;
        s.memoryUsedBytes = qMax<qint64>(0, m_conn->nodeMemoryBytes - qint64(freeBytes));
    }
    m_stats->addHost(m_host.id, s);
}

} // namespace Virtumancer
