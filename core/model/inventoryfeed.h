#pragma once

#include "model/error.h"
#include "model/types.h"

#include <QObject>

class QThread;

namespace Virtumancer {

class ConnectionManager;
class DomainListModel;
class HostListModel;
class MirrorReader;

/// Keeps a DomainListModel in step with the mirror: loads the cache at start (rows stale until
/// their host syncs), then turns each batch of applied changes into a re-read of just those VMs
/// on the reader's thread, and host states into the stale flags. Lives on the GUI thread.
class InventoryFeed : public QObject
{
    Q_OBJECT
public:
    /// hosts may be null (no host list to keep).
    InventoryFeed(const QString &dataDir, ConnectionManager *manager, DomainListModel *model,
                  HostListModel *hosts = nullptr, QObject *parent = nullptr);
    ~InventoryFeed() override;

    /// Starts the initial load; loaded() follows.
    void start();
    bool isLoaded() const { return m_loaded; }

Q_SIGNALS:
    void loaded(int rows);
    /// A batch of re-read rows reached the model.
    void applied(const QString &hostId);
    void failed(const Virtumancer::Error &error);

private:
    ConnectionManager *m_manager;
    DomainListModel *m_model;
    HostListModel *m_hosts;
    QThread *m_thread;
    MirrorReader *m_reader; ///< lives on m_thread; deleted when it finishes
    bool m_loaded = false;
};

} // namespace Virtumancer
