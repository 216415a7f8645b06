#include "inventoryusage.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace Virtumancer {

namespace {

// The states volume_status counts as "in-use" (schema_v1.sql).
const char runningStates[] = "(1, 2, 3, 4, 7)";

Result<QList<InventoryUsage::VmRef>> collect(QSqlQuery &q)
{
    if (!q.exec())
        return makeError(ErrorCode::Cache,
                         QStringLiteral("reading VM usage: %1").arg(q.lastError().text()));
    QList<InventoryUsage::VmRef> result;
    while (q.next())
        result.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toBool()});
    return result;
}

} // namespace

InventoryUsage::InventoryUsage(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<QList<InventoryUsage::VmRef>> InventoryUsage::poolUsers(const QString &hostId,
                                                               const QString &poolUuid,
                                                               const QString &poolName,
                                                               const QString &targetPath)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT vm.uuid, vm.name, MAX(vm.state IN %1) FROM disk_attachments d"
                             " JOIN virtual_machines vm ON vm.id = d.vm_id"
                             " LEFT JOIN volumes v ON v.id = d.volume_id"
                             " LEFT JOIN storage_pools p ON p.id = v.pool_id"
                             " WHERE vm.host_id = ? AND (p.uuid = ?"
                             "  OR (? <> '' AND substr(d.source_path, 1, length(?) + 1) = ? || '/')"
                             "  OR substr(d.source_path, 1, length(?) + 1) = ? || '/')"
                             " GROUP BY vm.id ORDER BY vm.name")
                  .arg(QLatin1String(runningStates)));
    for (const QString &value :
         {hostId, poolUuid, targetPath, targetPath, targetPath, poolName, poolName})
        q.addBindValue(value);
    return collect(q);
}

Result<QList<InventoryUsage::VmRef>> InventoryUsage::networkUsers(const QString &hostId,
                                                                  const QString &networkName)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT vm.uuid, vm.name, MAX(vm.state IN %1) FROM ports pt"
                             " JOIN virtual_machines vm ON vm.id = pt.vm_id"
                             " WHERE vm.host_id = ? AND pt.source_type = 'network'"
                             " AND pt.source_name = ?"
                             " GROUP BY vm.id ORDER BY vm.name")
                  .arg(QLatin1String(runningStates)));
    q.addBindValue(hostId);
    q.addBindValue(networkName);
    return collect(q);
}

QString InventoryUsage::nameList(const QList<VmRef> &vms, int max)
{
    QStringList names;
    for (qsizetype i = 0; i < vms.size() && i < max; ++i)
        names.append(QLatin1Char('"') + vms[i].name + QLatin1Char('"'));
    if (vms.size() > max)
        names.append(QStringLiteral("%1 more").arg(vms.size() - max));
    return names.join(QStringLiteral(", "));
}

} // namespace Virtumancer
