#pragma once

#include "cache/inventorystore.h"
#include "model/error.h"
#include "model/types.h"

#include <QHash>
#include <QObject>
#include <QSet>

class QThread;

namespace Virtumancer {

class ConnectionManager;
class VolumeListModel;

/// Keeps a VolumeListModel in step with the mirror: reads every host's volumes at start (on a
/// thread of its own: the GUI thread never touches SQLite), then re-reads a host's volumes when
/// its inventory changes (a finished sync, an inventory job, events on its VMs, pools or
/// volumes: attaching a disk changes a volume's derived status), and keeps the stale flags from
/// the hosts' states. Re-reads of one host are coalesced: while one is in flight, any number of
/// further changes cost one more. Lives on the GUI thread.
class VolumeFeed : public QObject
{
    Q_OBJECT
public:
    /// manager may be null (a plain mirror, as the benchmark reads it): then every row is stale.
    VolumeFeed(const QString &dataDir, ConnectionManager *manager, VolumeListModel *model,
               QObject *parent = nullptr);
    ~VolumeFeed() override;

    /// Starts the first load; loaded() follows.
    void start();
    /// Re-reads one host's volumes; applied() follows.
    void reload(const QString &hostId);
    bool isLoaded() const { return m_loaded; }
    /// Each host's mirrored pools, as of the last read (for the create dialog's choices).
    QHash<QString, QList<PoolInfo>> pools() const { return m_pools; }

Q_SIGNALS:
    void loaded(int rows);
    /// A host's re-read rows reached the model.
    void applied(const QString &hostId);
    void failed(const Virtumancer::Error &error);

private:
    void handleLoaded(const QList<HostRecord> &hosts, const QHash<QString, QList<PoolInfo>> &pools,
                      const QList<InventoryStore::VolumeRow> &rows);
    void handleReloaded(const QString &hostId, const QList<PoolInfo> &pools,
                        const QList<InventoryStore::VolumeRow> &rows);

    QString m_dataDir;
    ConnectionManager *m_manager;
    VolumeListModel *m_model;
    QThread *m_thread;
    QObject *m_reader; ///< lives on m_thread: the context its reads run in
    QHash<QString, QList<PoolInfo>> m_pools;
    QSet<QString> m_inFlight; ///< hosts with a re-read queued or running
    QSet<QString> m_again;    ///< hosts changed again while their re-read was in flight
    bool m_loaded = false;
};

} // namespace Virtumancer
