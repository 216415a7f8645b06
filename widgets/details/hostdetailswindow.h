#pragma once

#include "model/types.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;
class QTabWidget;
class QThread;
class QTreeWidget;

namespace Virtumancer {

class ConnectionManager;
class MirrorReader;
class TimeSeriesGraph;

/// Read-only details of one host: what it says about itself (versions, CPUs, memory), live CPU
/// and memory graphs from the stats sampler, and its mirrored networks and storage pools. The
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

Q_SIGNALS:
    /// A (re)load of the mirror reached the window.
    void loaded();

private:
    void requestLoad();
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
};

} // namespace Virtumancer
