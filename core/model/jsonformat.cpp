#include "jsonformat.h"

#include <QDateTime>
#include <QTimeZone>

namespace Virtumancer::Json {

QString isoTime(qint64 ms)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

bool parseIsoTime(const QString &text, qint64 *ms)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (!d.isValid())
            return false;
        t = QDateTime(d, QTime(0, 0), Qt::UTC);
    }
    // A time without a zone designator is taken as UTC, like every time we print.
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    *ms = t.toMSecsSinceEpoch();
    return true;
}

QJsonObject domain(const InventoryStore::DomainRow &row)
{
    const DomainInfo &d = row.domain;
    QJsonArray disks;
    for (const DiskInfo &disk : d.disks) {
        disks.append(QJsonObject{
            {QStringLiteral("device_name"), disk.deviceName},
            {QStringLiteral("device"), disk.device},
            {QStringLiteral("bus_type"), disk.busType},
            {QStringLiteral("source_path"), disk.sourcePath},
            {QStringLiteral("format"), disk.format},
            {QStringLiteral("readonly"), disk.readonly},
            {QStringLiteral("boot_order"), disk.bootOrder},
        });
    }
    QJsonArray ports;
    for (const PortInfo &p : d.ports) {
        ports.append(QJsonObject{
            {QStringLiteral("mac_address"), p.macAddress},
            {QStringLiteral("model_name"), p.modelName},
            {QStringLiteral("source_type"), p.sourceType},
            {QStringLiteral("source_name"), p.sourceName},
            {QStringLiteral("port_group"), p.portGroup},
            {QStringLiteral("target_dev"), p.targetDev},
        });
    }
    QJsonArray graphics;
    for (const GraphicsInfo &g : d.graphics) {
        graphics.append(QJsonObject{
            {QStringLiteral("type"), g.type},
            {QStringLiteral("port"), g.port},
            {QStringLiteral("tls_port"), g.tlsPort},
            {QStringLiteral("listen_address"), g.listenAddress},
            {QStringLiteral("autoport"), g.autoport},
            {QStringLiteral("has_password"), g.hasPassword},
            {QStringLiteral("model_name"), g.modelName},
        });
    }
    return QJsonObject{
        {QStringLiteral("host"), row.hostId},
        {QStringLiteral("uuid"), d.uuid},
        {QStringLiteral("name"), d.name},
        {QStringLiteral("title"), d.title},
        {QStringLiteral("description"), d.description},
        {QStringLiteral("state"), domainStateName(d.state)},
        {QStringLiteral("state_reason"), d.stateReason},
        {QStringLiteral("vcpu_count"), d.vcpuCount},
        {QStringLiteral("memory_bytes"), double(d.memoryBytes)},
        {QStringLiteral("current_memory_bytes"), double(d.currentMemoryBytes)},
        {QStringLiteral("persistent"), d.persistent},
        {QStringLiteral("autostart"), d.autostart},
        {QStringLiteral("os_type"), d.osType},
        {QStringLiteral("arch"), d.arch},
        {QStringLiteral("machine"), d.machine},
        {QStringLiteral("cpu_model"), d.cpuModel},
        {QStringLiteral("tags"), QJsonArray::fromStringList(row.tags)},
        {QStringLiteral("disks"), disks},
        {QStringLiteral("ports"), ports},
        {QStringLiteral("graphics"), graphics},
        {QStringLiteral("created_at"), isoTime(row.createdAt)},
        {QStringLiteral("updated_at"), isoTime(row.updatedAt)},
    };
}

QJsonObject network(const QString &hostId, const NetworkInfo &n)
{
    return QJsonObject{
        {QStringLiteral("host"), hostId},
        {QStringLiteral("uuid"), n.uuid},
        {QStringLiteral("name"), n.name},
        {QStringLiteral("bridge_name"), n.bridgeName},
        {QStringLiteral("mode"), n.mode},
        {QStringLiteral("active"), n.active},
        {QStringLiteral("autostart"), n.autostart},
        {QStringLiteral("persistent"), n.persistent},
        {QStringLiteral("ipv4_address"), n.ipv4Address},
        {QStringLiteral("dhcp_start"), n.dhcpStart},
        {QStringLiteral("dhcp_end"), n.dhcpEnd},
    };
}

QJsonObject pool(const QString &hostId, const PoolInfo &p)
{
    return QJsonObject{
        {QStringLiteral("host"), hostId},
        {QStringLiteral("uuid"), p.uuid},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("type"), p.type},
        {QStringLiteral("target_path"), p.targetPath},
        {QStringLiteral("capacity_bytes"), double(p.capacityBytes)},
        {QStringLiteral("allocation_bytes"), double(p.allocationBytes)},
        {QStringLiteral("available_bytes"), double(p.availableBytes)},
        {QStringLiteral("active"), p.active},
        {QStringLiteral("autostart"), p.autostart},
    };
}

QJsonObject volume(const InventoryStore::VolumeRow &row)
{
    const VolumeInfo &v = row.volume;
    QJsonArray attachments;
    for (qsizetype i = 0; i < row.attachedTo.size(); ++i)
        attachments.append(QJsonObject{{QStringLiteral("uuid"), row.attachedUuids.value(i)},
                                       {QStringLiteral("name"), row.attachedTo.at(i)}});
    return QJsonObject{
        {QStringLiteral("host"), row.hostId},
        {QStringLiteral("pool"), row.poolName},
        {QStringLiteral("name"), v.name},
        {QStringLiteral("path"), v.path},
        {QStringLiteral("key"), v.key},
        {QStringLiteral("type"), v.type},
        {QStringLiteral("format"), v.format},
        {QStringLiteral("capacity_bytes"), double(v.capacityBytes)},
        {QStringLiteral("allocation_bytes"), double(v.allocationBytes)},
        {QStringLiteral("status"), row.status},
        {QStringLiteral("attached_to"), QJsonArray::fromStringList(row.attachedTo)},
        {QStringLiteral("attachments"), attachments},
    };
}

QJsonObject host(const HostRecord &h)
{
    return QJsonObject{
        {QStringLiteral("id"), h.id},
        {QStringLiteral("display_name"), h.displayName},
        {QStringLiteral("uri"), h.uri},
        {QStringLiteral("state"), hostStateName(h.state)},
        {QStringLiteral("task_state"), h.taskState},
        {QStringLiteral("autoconnect"), h.autoconnect},
        {QStringLiteral("auto_reconnect_disabled"), h.autoReconnectDisabled},
        {QStringLiteral("last_error"), h.lastError},
        {QStringLiteral("last_connected_at"), isoTime(h.lastConnectedAt)},
        {QStringLiteral("last_sync_at"), isoTime(h.lastSyncAt)},
        {QStringLiteral("hostname"), h.node.hostname},
        {QStringLiteral("hypervisor"), h.node.hypervisor},
        {QStringLiteral("hypervisor_version"), h.node.hypervisorVersion},
        {QStringLiteral("libvirt_version"), h.node.libvirtVersion},
        {QStringLiteral("cpu_count"), h.node.cpuCount},
        {QStringLiteral("memory_bytes"), double(h.node.memoryBytes)},
        {QStringLiteral("created_at"), isoTime(h.createdAt)},
        {QStringLiteral("updated_at"), isoTime(h.updatedAt)},
    };
}

QJsonObject auditEvent(const AuditEvent &e)
{
    QJsonArray objects;
    for (const AuditObject &o : e.objects)
        objects.append(QJsonObject{{QStringLiteral("type"), o.type}, {QStringLiteral("id"), o.id}});
    return QJsonObject{
        {QStringLiteral("id"), e.id},
        {QStringLiteral("ts"), isoTime(e.tsMs)},
        {QStringLiteral("level"), auditLevelName(e.level)},
        {QStringLiteral("component"), e.component},
        {QStringLiteral("actor"), e.actor},
        {QStringLiteral("host"), e.hostId},
        {QStringLiteral("action"), e.action},
        {QStringLiteral("message"), e.message},
        {QStringLiteral("details"), e.details},
        {QStringLiteral("outcome"), e.ok ? QStringLiteral("ok") : QStringLiteral("failed")},
        {QStringLiteral("error"), e.error},
        {QStringLiteral("objects"), objects},
    };
}

QJsonObject change(const ChangeRecord &c)
{
    return QJsonObject{
        {QStringLiteral("ts"), isoTime(c.tsMs)},
        {QStringLiteral("host"), c.hostId},
        {QStringLiteral("kind"), changeKindName(c.kind)},
        {QStringLiteral("action"), changeActionName(c.action)},
        {QStringLiteral("id"), c.id},
        {QStringLiteral("name"), c.name},
        {QStringLiteral("fields"), QJsonArray::fromStringList(c.fields)},
    };
}

} // namespace Virtumancer::Json
