#include "volumefeed.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "connection/connectionmanager.h"
#include "model/volumelistmodel.h"

#include <QDateTime>
#include <QThread>

namespace Virtumancer {

VolumeFeed::VolumeFeed(const QString &dataDir, ConnectionManager *manager, VolumeListModel *model,
                       QObject *parent)
    : QObject(parent)
    , m_dataDir(dataDir)
    , m_manager(manager)
    , m_model(model)
    , m_thread(new QThread(this))
    , m_reader(new QObject)
{
    registerCoreMetaTypes();
    m_thread->setObjectName(QStringLiteral("volume-reader"));
    m_reader->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
    m_thread->start();
    if (!m_manager)
        return;

    connect(m_manager, &ConnectionManager::changesApplied, this,
            [this](const QString &hostId, const QList<ChangeRecord> &changes) {
                // VMs too: a disk attached or detached, or a VM started, changes a volume's
                // derived status; an unreferenced disk outside any pool disappears with it.
                for (const ChangeRecord &c : changes) {
                    if (c.kind != ChangeRecord::Kind::Network
                        && c.kind != ChangeRecord::Kind::Host) {
                        reload(hostId);
                        return;
                    }
                }
            });
    connect(m_manager, &ConnectionManager::syncFinished, this,
            [this](const QString &hostId, const SyncReport &, const Error &error) {
                if (error.code != ErrorCode::None)
                    return;
                m_model->setHostStale(hostId, false, QDateTime::currentMSecsSinceEpoch());
                reload(hostId);
            });
    connect(m_manager, &ConnectionManager::inventoryJobFinished, this,
            [this](quint64, const QString &hostId) { reload(hostId); });
    connect(m_manager, &ConnectionManager::hostStateChanged, this,
            [this](const QString &hostId, HostState state) {
                if (state == HostState::Connected || m_model->isHostStale(hostId))
                    return; // live after its sync; a stale host keeps its "as of"
                m_model->setHostStale(hostId, true, QDateTime::currentMSecsSinceEpoch());
            });
    connect(m_manager, &ConnectionManager::hostForgotten, this,
            [this](const QString &hostId, const Error &error) {
                if (error.code != ErrorCode::None)
                    return;
                m_pools.remove(hostId);
                m_model->removeHost(hostId);
            });
}

VolumeFeed::~VolumeFeed()
{
    m_thread->quit();
    m_thread->wait(); // a cache read is short; nothing here waits on a host
}

void VolumeFeed::start()
{
    // The read runs on m_thread with that thread's own cache connection; the answer is queued
    // back to this object (dropped with it if it is gone: ~QObject removes posted events, and
    // the destructor waits for the read first).
    QMetaObject::invokeMethod(m_reader, [this, dataDir = m_dataDir] {
        QSqlDatabase db = Database::connection(dataDir);
        InventoryStore store(db);
        auto hosts = HostRepository(db).list();
        Result<QList<InventoryStore::VolumeRow>> rows
            = hosts ? store.volumes({}, InventoryStore::Order::Unsorted)
                    : std::unexpected(hosts.error());
        QHash<QString, QList<PoolInfo>> pools;
        for (const HostRecord &h : hosts.value_or(QList<HostRecord>{})) {
            auto hostPools = store.pools(h.id);
            if (!hostPools) {
                rows = std::unexpected(hostPools.error());
                break;
            }
            pools.insert(h.id, *hostPools);
        }
        QMetaObject::invokeMethod(
            this,
            [this, hosts, pools, rows] {
                if (!rows) {
                    Q_EMIT failed(rows.error());
                    return;
                }
                handleLoaded(*hosts, pools, *rows);
            },
            Qt::QueuedConnection);
    });
}

void VolumeFeed::reload(const QString &hostId)
{
    if (m_inFlight.contains(hostId)) {
        m_again.insert(hostId);
        return;
    }
    m_inFlight.insert(hostId);
    QMetaObject::invokeMethod(m_reader, [this, dataDir = m_dataDir, hostId] {
        QSqlDatabase db = Database::connection(dataDir);
        InventoryStore store(db);
        auto pools = store.pools(hostId);
        auto rows = pools ? store.volumes(hostId, InventoryStore::Order::Unsorted)
                          : std::unexpected(pools.error());
        QMetaObject::invokeMethod(
            this,
            [this, hostId, pools, rows] {
                if (!rows) {
                    m_inFlight.remove(hostId);
                    m_again.remove(hostId);
                    Q_EMIT failed(rows.error());
                    return;
                }
                handleReloaded(hostId, *pools, *rows);
            },
            Qt::QueuedConnection);
    });
}

void VolumeFeed::handleLoaded(const QList<HostRecord> &hosts,
                              const QHash<QString, QList<PoolInfo>> &pools,
                              const QList<InventoryStore::VolumeRow> &rows)
{
    m_pools = pools;
    // Flagged before the rows arrive, so a host's flag is not a dataChanged over its rows.
    for (const HostRecord &h : hosts) {
        const bool live = m_manager && m_manager->hasHost(h.id)
                          && m_manager->state(h.id) == HostState::Connected;
        m_model->setHostStale(h.id, !live, h.lastSyncAt);
    }
    m_model->setRows(rows);
    m_loaded = true;
    Q_EMIT loaded(int(rows.size()));
}

void VolumeFeed::handleReloaded(const QString &hostId, const QList<PoolInfo> &pools,
                                const QList<InventoryStore::VolumeRow> &rows)
{
    m_inFlight.remove(hostId);
    m_pools.insert(hostId, pools);
    m_model->setHostRows(hostId, rows);
    Q_EMIT applied(hostId);
    if (m_again.remove(hostId))
        reload(hostId);
}

} // namespace Virtumancer
