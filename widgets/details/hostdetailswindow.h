#pragma once

#include "model/types.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QFormLayout;
class QLabel;
class QTabWidget;
class QThread;
class QMenu;
class QTreeWidget;
class QTreeWidgetItem;

namespace Virtumancer {

class ConnectionManager;
class MirrorReader;
class TimeSeriesGraph;
struct InventoryRequest;

/// Details of one host: what it says about itself (versions, CPUs, memory), live CPU and memory
/// graphs from the stats sampler, and its mirrored networks and storage pools, which can be
/// started, stopped, set to autostart and deleted from their context menus. The
/// mirror is read on a thread of its own and re-read when the host's sync or events change it.
class HostDetailsWindow : public QWidget
{
    Q_OBJECT
public:
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

Q_SIGNALS:
    /// A (re)load of the mirror reached the window.
    void loaded();

private:
    enum ItemRole { UuidRole = Qt::UserRole + 1, ActiveRole, AutostartRole };
    void requestLoad();
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
    QThread *m_thread;
    MirrorReader *m_reader; ///< lives on m_thread
    qint64 m_memoryBytes = 0;
    QSet<quint64> m_jobs;
};

} // namespace Virtumancer
