#pragma once

#include "model/error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace Virtumancer {

/// Which mirrored VMs use a storage pool or a virtual network: what pool and network deletion
/// checks before touching libvirt. Reads only; use from the thread that owns db.
class InventoryUsage
{
public:
    explicit InventoryUsage(QSqlDatabase db);

    struct VmRef
    {
        QString uuid;
        QString name;
        bool running = false; ///< running, blocked, paused, shutting down or pmsuspended
    };

    /// VMs with a disk on a volume of the pool (the volume row's pool, or a source path below
    /// targetPath — what an inactive pool, whose volumes libvirt cannot list, still holds —
    /// or a type='volume' disk naming the pool). Sorted by name.
    Result<QList<VmRef>> poolUsers(const QString &hostId, const QString &poolUuid,
                                   const QString &poolName, const QString &targetPath);
    /// VMs with a NIC on the network (by name: that is how a domain refers to it).
    Result<QList<VmRef>> networkUsers(const QString &hostId, const QString &networkName);

    /// "a, b and 3 more" for a refusal message.
    static QString nameList(const QList<VmRef> &vms, int max = 5);

private:
    QSqlDatabase m_db;
};

} // namespace Virtumancer
