#pragma once

#include "model/types.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QFormLayout;
class QLabel;
class QTabWidget;
class QThread;
class QToolBar;
class QMenu;
class QTreeWidget;
class QTreeWidgetItem;

namespace Virtumancer {

class ConnectionManager;
class CreateNetworkDialog;
class CreatePoolDialog;
class MirrorReader;
class TimeSeriesGraph;
struct InventoryRequest;

/// Details of one host: what it says about itself (versions, CPUs, memory), live CPU and memory
/// graphs from the stats sampler, and its mirrored networks (with the VMs attached to each) and
/// storage pools (with a usage bar), which can be created from the toolbar or the lists'
/// context menus, and started, stopped, set to autostart and deleted from their context menus.
/// The mirror is read on a thread of its own and re-read when the host's sync or events change
/// it.
class HostDetailsWindow : public QWidget
{
    Q_OBJECT
public:
    /// Item data of the network and pool rows (column 0 unless noted).
    enum ItemRole {
        UuidRole = Qt::UserRole + 1,
        ActiveRole,
        AutostartRole,
        SortRole,       ///< any column: the value it sorts by when not its text (bytes, counts)
        CapacityRole,   ///< pool usage column: bytes (qint64)
        AllocationRole, ///< pool usage column: bytes
        AvailableRole,  ///< pool usage column: bytes
        UsageRole,      ///< pool usage column: allocation / capacity, 0..1; -1 when unknown
        WarningRole,    ///< pool usage column: usage above warningUsage
    };
    /// Pool columns.
    enum PoolColumn {
        PoolName,
        PoolState,
        PoolAutostart,
        PoolType,
        PoolPath,
        PoolUsage,
        PoolCapacity,
        PoolAllocation,
        PoolAvailable,
    };
    /// Network columns.
    enum NetworkColumn {
        NetName,
        NetState,
        NetAutostart,
        NetMode,
        NetBridge,
        NetIpv4,
        NetDhcp,
        NetVms,
    };
    /// A pool fuller than this shows its bar in the warning colour.
    static constexpr double warningUsage = 0.85;

    HostDetailsWindow(ConnectionManager *manager, const QString &hostId,
                      QWidget *parent = nullptr);
    ~HostDetailsWindow() override;

    QString hostId() const { return m_hostId; }
    QTabWidget *tabs() const { return m_tabs; }
    QString overviewValue(const QString &field) const;
    QTreeWidget *networkList() const { return m_networks; }
    QTreeWidget *poolList() const { return m_pools; }
    QList<TimeSeriesGraph *> graphs() const { return m_graphs; }
    /// The actions for a network or pool row (start, stop, refresh, autostart, delete), as its
    /// context menu shows them; each runs as a job on the host's worker.
    QMenu *objectMenu(QTreeWidget *list, QTreeWidgetItem *item);
    /// Jobs started from this window and not answered yet.
    int pendingJobs() const { return int(m_jobs.size()); }
    QToolBar *toolBar() const { return m_toolBar; }
    /// Opens (non-modal, deleted on close) the create dialog over the host's mirrored pools
    /// or networks as last loaded; returns it.
    CreatePoolDialog *openCreatePoolDialog();
    CreateNetworkDialog *openCreateNetworkDialog();

Q_SIGNALS:
    /// A (re)load of the mirror reached the window.
    void loaded();

private:
    void requestLoad();
    QMenu *newObjectMenu(QTreeWidget *list);
    void run(const InventoryRequest &request);
    void present(const HostRecord &host, const QList<NetworkInfo> &networks,
              const QList<PoolInfo> &pools);
    void refreshGraphs();
    void setValue(const QString &field, const QString &value);

    ConnectionManager *m_manager;
    QString m_hostId;
    QTabWidget *m_tabs;
    QFormLayout *m_form;
    QHash<QString, QLabel *> m_values;
    QTreeWidget *m_networks;
    QTreeWidget *m_pools;
    QList<TimeSeriesGraph *> m_graphs;
    QToolBar *m_toolBar;
    QList<PoolInfo> m_poolInfos;       ///< as last loaded, for the create dialogs
    QList<NetworkInfo> m_networkInfos;
    QHash<QString, QStringList> m_networkUsers; ///< network name -> VM names, as last loaded
    QThread *m_thread;
    MirrorReader *m_reader; ///< lives on m_thread
    qint64 m_memoryBytes = 0;
    QSet<quint64> m_jobs;
};

} // namespace Virtumancer
