#include "inventorystore.h"

#include "cache/database.h"
#include "cache/sqlitestatement_p.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <map>

// Debug output is opt-in: QT_LOGGING_RULES="virtumancer.*.debug=true".
Q_LOGGING_CATEGORY(lcInventory, "virtumancer.core.inventory", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace Virtumancer {

QString changeKindName(ChangeRecord::Kind kind)
{
    switch (kind) {
    case ChangeRecord::Kind::Vm:
        return QStringLiteral("vm");
    case ChangeRecord::Kind::Network:
        return QStringLiteral("network");
    case ChangeRecord::Kind::Pool:
        return QStringLiteral("pool");
    case ChangeRecord::Kind::Volume:
        return QStringLiteral("volume");
    case ChangeRecord::Kind::Host:
        return QStringLiteral("host");
    }
    return {};
}

QString changeActionName(ChangeRecord::Action action)
{
    switch (action) {
    case ChangeRecord::Action::Added:
        return QStringLiteral("added");
    case ChangeRecord::Action::Changed:
        return QStringLiteral("changed");
    case ChangeRecord::Action::Removed:
        return QStringLiteral("removed");
    }
    return {};
}

namespace {

/// Qt binds a null QString as SQL NULL; our text columns are NOT NULL DEFAULT '' and an absent
/// value is the empty string. Every bind in this file goes through here.
template<typename T> void bind(QSqlQuery &q, const T &value)
{
    q.addBindValue(value);
}
void bind(QSqlQuery &q, const QString &value)
{
    static const QString empty(u""_s);
    q.addBindValue(value.isNull() ? empty : value);
}

QJsonObject fromTo(const QJsonValue &from, const QJsonValue &to)
{
    return QJsonObject{{QStringLiteral("from"), from}, {QStringLiteral("to"), to}};
}

QJsonArray diskSummary(const QList<DiskInfo> &disks)
{
    QJsonArray a;
    for (const DiskInfo &d : disks)
        a.append(QString(d.deviceName + QLatin1Char('=') + d.sourcePath));
    return a;
}

QJsonArray portSummary(const QList<PortInfo> &ports)
{
    QJsonArray a;
    for (const PortInfo &p : ports)
        a.append(QString(p.macAddress + QLatin1Char('@') + p.sourceName));
    return a;
}

QJsonArray graphicsSummary(const QList<GraphicsInfo> &graphics)
{
    QJsonArray a;
    for (const GraphicsInfo &g : graphics)
        a.append(QString(g.type + QLatin1Char(':') + QString::number(g.port)));
    return a;
}

template<typename T, typename KeyFn> bool sameByKey(const QList<T> &a, const QList<T> &b, KeyFn key)
{
    if (a.size() != b.size())
        return false;
    QHash<QString, const T *> index;
    for (const T &x : a)
        index.insert(key(x), &x);
    for (const T &y : b) {
        const T *x = index.value(key(y));
        if (!x || !(*x == y))
            return false;
    }
    return true;
}

QString diskKey(const DiskInfo &d)
{
    return d.deviceName;
}
QString portKey(const PortInfo &p)
{
    return p.macAddress;
}

/// The configuration part of devices: without what the hypervisor assigns at run time.
QList<GraphicsInfo> runtimeFree(QList<GraphicsInfo> graphics)
{
    for (GraphicsInfo &g : graphics) {
        if (g.autoport) {
            g.port = -1;
            g.tlsPort = -1;
        }
    }
    return graphics;
}
QList<PortInfo> runtimeFree(QList<PortInfo> ports)
{
    for (PortInfo &p : ports)
        p.targetDev.clear();
    return ports;
}

} // namespace

QJsonObject domainDifference(const DomainInfo &a, const DomainInfo &b)
{
    QJsonObject diff;
    auto text = [&diff](const char *column, const QString &x, const QString &y) {
        if (x != y)
            diff.insert(QLatin1String(column), fromTo(x, y));
    };
    auto number = [&diff](const char *column, qint64 x, qint64 y) {
        if (x != y)
            diff.insert(QLatin1String(column), fromTo(double(x), double(y)));
    };
    auto flag = [&diff](const char *column, bool x, bool y) {
        if (x != y)
            diff.insert(QLatin1String(column), fromTo(x, y));
    };
    text("name", a.name, b.name);
    text("title", a.title, b.title);
    text("description", a.description, b.description);
    number("vcpu_count", a.vcpuCount, b.vcpuCount);
    number("memory_bytes", a.memoryBytes, b.memoryBytes);
    number("current_memory_bytes", a.currentMemoryBytes, b.currentMemoryBytes);
    if (a.state != b.state)
        diff.insert(QStringLiteral("state"),
                    fromTo(domainStateName(a.state), domainStateName(b.state)));
    flag("persistent", a.persistent, b.persistent);
    flag("autostart", a.autostart, b.autostart);
    text("os_type", a.osType, b.osType);
    text("arch", a.arch, b.arch);
    text("machine", a.machine, b.machine);
    text("cpu_model", a.cpuModel, b.cpuModel);
    text("cpu_topology_json", a.cpuTopologyJson, b.cpuTopologyJson);
    if (!sameByKey(a.disks, b.disks, diskKey))
        diff.insert(QStringLiteral("disks"), fromTo(diskSummary(a.disks), diskSummary(b.disks)));
    if (!sameByKey(a.ports, b.ports, portKey))
        diff.insert(QStringLiteral("ports"), fromTo(portSummary(a.ports), portSummary(b.ports)));
    if (a.graphics != b.graphics)
        diff.insert(QStringLiteral("graphics"),
                    fromTo(graphicsSummary(a.graphics), graphicsSummary(b.graphics)));
    return diff;
}

// The transaction-scoped machinery: cached prepared statements, the row counter, and the
// id maps that resolve disks to volumes and ports to networks.
struct InventoryStore::Private
{
    QSqlDatabase db;
    QString hostId;
    qint64 now = nowMs();
    ApplyReport report;
    std::map<QString, QSqlQuery> queries;
    std::map<QString, std::unique_ptr<SqliteStatement>> statements;
    QHash<QString, qint64> volumeIdByPath;
    QHash<QString, qint64> networkIdByName;
    QHash<QString, qint64> poolIdByUuid;
    QHash<QString, QString> volumePathByPoolVolume; ///< "pool/volume" → path

    explicit Private(QSqlDatabase d, QString host)
        : db(std::move(d))
        , hostId(std::move(host))
    {}

    /// A cached QSqlQuery, for the few statements whose result rows we read (RETURNING).
    QSqlQuery &query(const QString &sql)
    {
        auto it = queries.find(sql);
        if (it == queries.end()) {
            QSqlQuery q(db);
            q.setForwardOnly(true);
            if (!q.prepare(sql))
                qCWarning(lcInventory) << "prepare failed:" << q.lastError().text() << sql;
            it = queries.emplace(sql, std::move(q)).first;
        }
        return it->second;
    }

    /// Prepares once per transaction, binds args in order, runs, counts the changed rows.
    template<typename... Args> Result<> run(const QString &sql, const Args &...args)
    {
        auto changed = exec(sql, args...);
        if (!changed)
            return std::unexpected(changed.error());
        return {};
    }
    /// run() for an INSERT whose new row id the caller needs.
    template<typename... Args> Result<qint64> insert(const QString &sql, const Args &...args)
    {
        auto changed = exec(sql, args...);
        if (!changed)
            return std::unexpected(changed.error());
        return statement(sql).lastInsertRowId();
    }

    SqliteStatement &statement(const QString &sql)
    {
        auto it = statements.find(sql);
        if (it == statements.end())
            it = statements.emplace(sql, std::make_unique<SqliteStatement>(sqliteHandle(db), sql))
                     .first;
        return *it->second;
    }
    template<typename... Args> Result<int> exec(const QString &sql, const Args &...args)
    {
        SqliteStatement &s = statement(sql);
        int index = 0;
        (s.bind(++index, args), ...);
        auto changed = s.exec();
        if (changed)
            report.rowsWritten += *changed;
        return changed;
    }

    void change(ChangeRecord::Kind kind, ChangeRecord::Action action, const QString &id,
                const QString &name, QStringList fields = {})
    {
        report.changes.append(ChangeRecord{hostId, kind, action, id, name, fields, now});
    }

    Result<> audit(const QString &action, const QString &message, const QJsonObject &details,
                   const QList<AuditObject> &objects)
    {
        AuditEvent e;
        e.level = AuditLevel::Info;
        e.component = QStringLiteral("sync");
        e.hostId = hostId;
        e.action = action;
        e.message = message;
        e.details = details;
        e.objects = objects;
        e.tsMs = now;
        auto r = AuditLog(db).write(e);
        if (!r)
            return std::unexpected(r.error());
        report.rowsWritten += 1 + objects.size();
        return {};
    }

    /// BEGIN IMMEDIATE: the transaction reads before it writes, and several host workers write
    /// to the same file; taking the write lock up front makes a concurrent writer wait out
    /// busy_timeout instead of failing with SQLITE_BUSY when this one upgrades its lock.
    Result<> begin()
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return makeError(ErrorCode::Cache, q.lastError().text());
        return {};
    }
    Result<ApplyReport> commit()
    {
        queries.clear();
        statements.clear();
        QSqlQuery q(db);
        QElapsedTimer t;
        t.start();
        const bool ok = q.exec(QStringLiteral("COMMIT"));
        qCDebug(lcInventory) << "commit took" << t.nsecsElapsed() / 1e6 << "ms";
        if (!ok) {
            const QString error = q.lastError().text();
            rollback();
            return makeError(ErrorCode::Cache, error);
        }
        return std::move(report);
    }
    void rollback()
    {
        queries.clear();
        statements.clear();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    }

    // ---- loads ---------------------------------------------------------------------------
    struct CachedVm
    {
        qint64 id = 0;
        DomainInfo info;
        QHash<QString, qint64> diskIds; ///< device_name → row id
        QHash<QString, qint64> diskVolumeIds;
        QHash<QString, qint64> portIds; ///< mac → row id
        QHash<QString, qint64> portNetworkIds;
        QList<qint64> graphicsIds; ///< by ordinal
    };

    Result<QHash<QString, CachedVm>> loadVms(const QString &onlyUuid = {});
    Result<> loadNetworkIds();
    Result<> loadVolumeIds();

    // ---- writes --------------------------------------------------------------------------
    Result<> upsertVm(const DomainInfo &d, CachedVm *cached, const InventoryStore::Options &o);
    Result<> deleteVm(const CachedVm &cached, const InventoryStore::Options &o);
    Result<> writeDisks(qint64 vmId, const DomainInfo &d, const CachedVm *cached);
    Result<> writePorts(qint64 vmId, const DomainInfo &d, const CachedVm *cached);
    Result<> writeGraphics(qint64 vmId, const DomainInfo &d, const CachedVm *cached);
    Result<> syncNetworks(const QList<NetworkInfo> &networks, bool complete);
    Result<> syncPools(const QList<PoolInfo> &pools, bool complete);
    /// The complete volume list of the pools in poolScope (volumes outside pools untouched).
    Result<> syncVolumes(const QList<VolumeInfo> &volumes, const QSet<QString> &poolScope);
    Result<> ensureOutsideVolumes(const QList<DomainInfo> &domains);

    QString resolveDiskPath(const DiskInfo &disk) const
    {
        if (!disk.sourcePool.isEmpty())
            return volumePathByPoolVolume.value(
                disk.sourcePool + QLatin1Char('/') + disk.sourceVolume, disk.sourcePath);
        return disk.sourcePath;
    }
};

namespace {
constexpr const char *vmColumns
    = "id, uuid, name, title, description, vcpu_count, memory_bytes, current_memory_bytes, "
      "state, state_reason, persistent, autostart, os_type, arch, machine, cpu_model, "
      "cpu_topology_json, domain_xml, created_at, updated_at, host_id";

DomainInfo readVm(const SqliteStatement &q)
{
    DomainInfo d;
    d.uuid = q.text(1);
    d.name = q.text(2);
    d.title = q.text(3);
    d.description = q.text(4);
    d.vcpuCount = q.int32(5);
    d.memoryBytes = q.int64(6);
    d.currentMemoryBytes = q.int64(7);
    d.state = static_cast<DomainState>(q.int32(8));
    d.stateReason = q.int32(9);
    d.persistent = q.boolean(10);
    d.autostart = q.boolean(11);
    d.osType = q.text(12);
    d.arch = q.text(13);
    d.machine = q.text(14);
    d.cpuModel = q.text(15);
    d.cpuTopologyJson = q.text(16);
    d.domainXml = q.text(17);
    return d;
}

/// A read statement on db's own SQLite handle with binds (strings and integers) applied. The
/// bound strings are not copied: binds must outlive the statement's use.
std::unique_ptr<SqliteStatement> readStatement(QSqlDatabase &db, const QString &sql,
                                               const QVariantList &binds)
{
    auto st = std::make_unique<SqliteStatement>(sqliteHandle(db), sql);
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant &b = binds.at(i);
        if (b.typeId() == QMetaType::QString)
            st->bind(i + 1, *static_cast<const QString *>(b.constData()));
        else
            st->bind(i + 1, b);
    }
    return st;
}

constexpr const char *networkColumns = "uuid, name, bridge_name, mode, active, autostart, "
                                       "persistent, ipv4_address, dhcp_start, dhcp_end";
/// A networks row selected with networkColumns starting at column first.
NetworkInfo readNetwork(const QSqlQuery &q, int first)
{
    NetworkInfo n;
    n.uuid = q.value(first).toString();
    n.name = q.value(first + 1).toString();
    n.bridgeName = q.value(first + 2).toString();
    n.mode = q.value(first + 3).toString();
    n.active = q.value(first + 4).toBool();
    n.autostart = q.value(first + 5).toBool();
    n.persistent = q.value(first + 6).toBool();
    n.ipv4Address = q.value(first + 7).toString();
    n.dhcpStart = q.value(first + 8).toString();
    n.dhcpEnd = q.value(first + 9).toString();
    return n;
}

constexpr const char *poolColumns = "uuid, name, type, target_path, capacity_bytes, "
                                    "allocation_bytes, available_bytes, active, autostart";
/// A storage_pools row selected with poolColumns starting at column first.
PoolInfo readPool(const QSqlQuery &q, int first)
{
    PoolInfo p;
    p.uuid = q.value(first).toString();
    p.name = q.value(first + 1).toString();
    p.type = q.value(first + 2).toString();
    p.targetPath = q.value(first + 3).toString();
    p.capacityBytes = q.value(first + 4).toLongLong();
    p.allocationBytes = q.value(first + 5).toLongLong();
    p.availableBytes = q.value(first + 6).toLongLong();
    p.active = q.value(first + 7).toBool();
    p.autostart = q.value(first + 8).toBool();
    return p;
}

/// Reads the child rows (disks, ports, graphics) of the VMs selected by vmFilter into sink.
/// vmFilter "1" (every VM) reads the child tables alone: joining the VM rows only to accept
/// them all would visit every VM row's pages (domain XML included) once per child. Disks and
/// NICs come in id (insertion) order, which is each VM's order: a scan, not a sort.
template<typename Sink>
Result<> readChildren(QSqlDatabase &db, const QString &vmFilter, const QVariantList &binds,
                      Sink &&sink)
{
    const bool all = vmFilter == QLatin1String("1");
    const auto join = [&](const char *child) {
        return all ? QString()
                   : QStringLiteral("JOIN virtual_machines vm ON vm.id = %1.vm_id WHERE %2 ")
                         .arg(QLatin1String(child), vmFilter);
    };
    const QString diskSql
        = QStringLiteral(
              "SELECT d.vm_id, d.id, d.device_name, d.device, d.bus_type, d.source_path, d.format, "
              "d.readonly, d.boot_order, d.volume_id FROM disk_attachments d %1ORDER BY d.id")
              .arg(join("d"));
    const QString portSql
        = QStringLiteral(
              "SELECT p.vm_id, p.id, p.mac_address, p.model_name, p.source_type, p.source_name, "
              "p.port_group, p.target_dev, b.network_id FROM ports p "
              "LEFT JOIN port_bindings b ON b.port_id = p.id %1ORDER BY p.id")
              .arg(join("p"));
    const QString gfxSql
        = QStringLiteral(
              "SELECT g.vm_id, g.id, g.type, g.model_name, g.vram_kib, g.listen_address, g.port, "
              "g.tls_port, g.autoport, g.has_password FROM graphics_devices g %1"
              "ORDER BY g.vm_id, g.ordinal")
              .arg(join("g"));
    auto run = [&](const QString &sql, auto &&row) -> Result<> {
        const auto q = readStatement(db, sql, all ? QVariantList() : binds);
        while (q->next())
            row(*q);
        return q->status();
    };
    if (auto r = run(diskSql,
                     [&](const SqliteStatement &q) {
                         DiskInfo d;
                         d.deviceName = q.text(2);
                         d.device = q.text(3);
                         d.busType = q.text(4);
                         d.sourcePath = q.text(5);
                         d.format = q.text(6);
                         d.readonly = q.boolean(7);
                         d.bootOrder = q.int32(8);
                         sink.disk(q.int64(0), q.int64(1), d, q.isNull(9) ? 0 : q.int64(9));
                     });
        !r)
        return r;
    if (auto r = run(portSql,
                     [&](const SqliteStatement &q) {
                         PortInfo p;
                         p.macAddress = q.text(2);
                         p.modelName = q.text(3);
                         p.sourceType = q.text(4);
                         p.sourceName = q.text(5);
                         p.portGroup = q.text(6);
                         p.targetDev = q.text(7);
                         sink.port(q.int64(0), q.int64(1), p, q.isNull(8) ? 0 : q.int64(8));
                     });
        !r)
        return r;
    return run(gfxSql, [&](const SqliteStatement &q) {
        GraphicsInfo g;
        g.type = q.text(2);
        g.modelName = q.text(3);
        g.vramKib = q.int64(4);
        g.listenAddress = q.text(5);
        g.port = q.int32(6);
        g.tlsPort = q.int32(7);
        g.autoport = q.boolean(8);
        g.hasPassword = q.boolean(9);
        sink.graphics(q.int64(0), q.int64(1), g);
    });
}

/// The source-less parts of a DiskInfo we store (sourceType/pool/volume are XML-only details).
DiskInfo storedDisk(const DiskInfo &d, const QString &resolvedPath)
{
    DiskInfo s;
    s.deviceName = d.deviceName;
    s.device = d.device;
    s.busType = d.busType;
    s.sourcePath = resolvedPath;
    s.format = d.format;
    s.readonly = d.readonly;
    s.bootOrder = d.bootOrder;
    return s;
}

} // namespace

Result<QHash<QString, InventoryStore::Private::CachedVm>>
InventoryStore::Private::loadVms(const QString &onlyUuid)
{
    QHash<QString, CachedVm> vms;
    QHash<qint64, CachedVm *> byId;
    QString filter = QStringLiteral("vm.host_id = ?");
    QVariantList binds{hostId};
    if (!onlyUuid.isEmpty()) {
        filter += QStringLiteral(" AND vm.uuid = ?");
        binds.append(onlyUuid);
    }
    {
        const auto q = readStatement(
            db,
            QStringLiteral("SELECT %1 FROM virtual_machines vm WHERE %2")
                .arg(QLatin1String(vmColumns), filter),
            binds);
        while (q->next()) {
            CachedVm vm;
            vm.id = q->int64(0);
            vm.info = readVm(*q);
            vms.insert(vm.info.uuid, vm);
        }
        if (auto r = q->status(); !r)
            return std::unexpected(r.error());
    }
    for (CachedVm &vm : vms)
        byId.insert(vm.id, &vm);

    struct Sink
    {
        QHash<qint64, CachedVm *> &byId;
        void disk(qint64 vmId, qint64 id, const DiskInfo &d, qint64 volumeId)
        {
            if (CachedVm *vm = byId.value(vmId)) {
                vm->info.disks.append(d);
                vm->diskIds.insert(d.deviceName, id);
                vm->diskVolumeIds.insert(d.deviceName, volumeId);
            }
        }
        void port(qint64 vmId, qint64 id, const PortInfo &p, qint64 networkId)
        {
            if (CachedVm *vm = byId.value(vmId)) {
                vm->info.ports.append(p);
                vm->portIds.insert(p.macAddress, id);
                vm->portNetworkIds.insert(p.macAddress, networkId);
            }
        }
        void graphics(qint64 vmId, qint64 id, const GraphicsInfo &g)
        {
            if (CachedVm *vm = byId.value(vmId)) {
                vm->info.graphics.append(g);
                vm->graphicsIds.append(id);
            }
        }
    } sink{byId};
    if (auto r = readChildren(db, filter, binds, sink); !r)
        return std::unexpected(r.error());
    return vms;
}

Result<> InventoryStore::Private::loadNetworkIds()
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT name, id FROM networks WHERE host_id = ?"));
    bind(q, hostId);
    if (!q.exec())
        return makeError(ErrorCode::Cache, q.lastError().text());
    networkIdByName.clear();
    while (q.next())
        networkIdByName.insert(q.value(0).toString(), q.value(1).toLongLong());
    return {};
}

Result<> InventoryStore::Private::loadVolumeIds()
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT v.path, v.id, v.name, p.name FROM volumes v "
                             "LEFT JOIN storage_pools p ON p.id = v.pool_id WHERE v.host_id = ?"));
    bind(q, hostId);
    if (!q.exec())
        return makeError(ErrorCode::Cache, q.lastError().text());
    volumeIdByPath.clear();
    volumePathByPoolVolume.clear();
    while (q.next()) {
        volumeIdByPath.insert(q.value(0).toString(), q.value(1).toLongLong());
        if (!q.value(3).isNull())
            volumePathByPoolVolume.insert(q.value(3).toString() + QLatin1Char('/')
                                              + q.value(2).toString(),
                                          q.value(0).toString());
    }
    return {};
}

Result<> InventoryStore::Private::upsertVm(const DomainInfo &d, CachedVm *cached,
                                           const InventoryStore::Options &o)
{
    // What we would read back: disks carry their resolved path, nothing XML-only.
    DomainInfo stored = d;
    stored.disks.clear();
    for (const DiskInfo &disk : d.disks)
        stored.disks.append(storedDisk(disk, resolveDiskPath(disk)));

    const bool isNew = cached == nullptr;
    QStringList changedFields;
    QJsonObject drift;
    bool childLinksChanged = false;
    if (!isNew) {
        drift = domainDifference(cached->info, stored);
        changedFields = drift.keys();
        if (cached->info.domainXml != stored.domainXml)
            changedFields.append(QStringLiteral("domain_xml"));
        for (const DiskInfo &disk : stored.disks) {
            if (cached->diskVolumeIds.value(disk.deviceName)
                != volumeIdByPath.value(disk.sourcePath))
                childLinksChanged = true;
        }
        for (const PortInfo &p : stored.ports) {
            const qint64 want = p.sourceType == QLatin1String("network")
                                    ? networkIdByName.value(p.sourceName)
                                    : 0;
            if (cached->portNetworkIds.value(p.macAddress) != want)
                childLinksChanged = true;
        }
        if (changedFields.isEmpty() && !childLinksChanged)
            return {};
    }

    qint64 vmId = 0;
    const bool rowChanged = isNew || !changedFields.isEmpty();
    if (isNew) {
        auto inserted = insert(
            QStringLiteral(
                "INSERT INTO virtual_machines (host_id, uuid, name, title, description, "
                "vcpu_count, "
                "memory_bytes, current_memory_bytes, state, state_reason, persistent, autostart, "
                "os_type, arch, machine, cpu_model, cpu_topology_json, domain_xml, created_at, "
                "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
            hostId, d.uuid, d.name, d.title, d.description, d.vcpuCount, d.memoryBytes,
            d.currentMemoryBytes, int(d.state), d.stateReason, d.persistent, d.autostart, d.osType,
            d.arch, d.machine, d.cpuModel, d.cpuTopologyJson, d.domainXml, now, now);
        if (!inserted)
            return std::unexpected(inserted.error());
        vmId = *inserted;
    } else {
        vmId = cached->id;
        if (rowChanged) {
            if (auto r = run(
                    QStringLiteral(
                        "UPDATE virtual_machines SET name=?, title=?, description=?, vcpu_count=?, "
                        "memory_bytes=?, current_memory_bytes=?, state=?, state_reason=?, "
                        "persistent=?, "
                        "autostart=?, os_type=?, arch=?, machine=?, cpu_model=?, "
                        "cpu_topology_json=?, "
                        "domain_xml=?, updated_at=? WHERE id=?"),
                    d.name, d.title, d.description, d.vcpuCount, d.memoryBytes,
                    d.currentMemoryBytes, int(d.state), d.stateReason, d.persistent, d.autostart,
                    d.osType, d.arch, d.machine, d.cpuModel, d.cpuTopologyJson, d.domainXml, now,
                    vmId);
                !r)
                return r;
        }
    }
    if (auto r = writeDisks(vmId, stored, cached); !r)
        return r;
    if (auto r = writePorts(vmId, stored, cached); !r)
        return r;
    if (auto r = writeGraphics(vmId, stored, cached); !r)
        return r;

    if (isNew) {
        change(ChangeRecord::Kind::Vm, ChangeRecord::Action::Added, d.uuid, d.name);
    } else if (!changedFields.isEmpty()) {
        change(ChangeRecord::Kind::Vm, ChangeRecord::Action::Changed, d.uuid, d.name,
               changedFields);
    }

    if (o.auditDrift && !isNew && !drift.isEmpty()) {
        // Our own lifecycle actions change state; only what we did not cause is drift. Values
        // the hypervisor assigns at run time (console ports, tap devices, the balloon) follow
        // from the state and are mirrored, but are not configuration drift.
        if (o.expectedStateChanges.contains(d.uuid))
            drift.remove(QStringLiteral("state"));
        const QStringList ours = o.expectedConfigChanges.value(d.uuid);
        for (const QString &field : ours.contains(QStringLiteral("*")) ? drift.keys() : ours)
            if (field != QLatin1String("state"))
                drift.remove(field);
        drift.remove(QStringLiteral("current_memory_bytes"));
        if (drift.contains(QStringLiteral("graphics"))
            && runtimeFree(cached->info.graphics) == runtimeFree(stored.graphics))
            drift.remove(QStringLiteral("graphics"));
        if (drift.contains(QStringLiteral("ports"))
            && sameByKey(runtimeFree(cached->info.ports), runtimeFree(stored.ports), portKey))
            drift.remove(QStringLiteral("ports"));
        if (!drift.isEmpty()) {
            QStringList parts;
            for (auto it = drift.begin(); it != drift.end(); ++it) {
                const QJsonObject ft = it.value().toObject();
                auto show = [](const QJsonValue &v) {
                    if (v.isArray())
                        return QString::fromUtf8(
                            QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
                    return v.toVariant().toString();
                };
                parts.append(it.key() + QLatin1Char(' ') + show(ft.value(QLatin1String("from")))
                             + QStringLiteral(" → ") + show(ft.value(QLatin1String("to"))));
            }
            if (auto r = audit(QStringLiteral("vm.drift"),
                               QStringLiteral("%1 changed outside Virtumancer: %2")
                                   .arg(d.name, parts.join(QStringLiteral(", "))),
                               drift, {AuditObject{QStringLiteral("vm"), d.uuid}});
                !r)
                return r;
        }
    }
    if (cached)
        cached->info = stored;
    return {};
}

Result<> InventoryStore::Private::writeDisks(qint64 vmId, const DomainInfo &d,
                                             const CachedVm *cached)
{
    QHash<QString, const DiskInfo *> old;
    if (cached) {
        for (const DiskInfo &disk : cached->info.disks)
            old.insert(disk.deviceName, &disk);
    }
    QSet<QString> seen;
    for (const DiskInfo &disk : d.disks) {
        if (disk.deviceName.isEmpty() || seen.contains(disk.deviceName))
            continue; // libvirt guarantees unique targets; be defensive about odd XML
        seen.insert(disk.deviceName);
        const qint64 volumeId = volumeIdByPath.value(disk.sourcePath);
        const DiskInfo *prev = old.value(disk.deviceName);
        const QVariant volumeBind
            = volumeId ? QVariant(volumeId) : QVariant(QMetaType::fromType<qint64>());
        if (prev) {
            if (*prev == disk && cached->diskVolumeIds.value(disk.deviceName) == volumeId)
                continue;
            if (auto r
                = run(QStringLiteral("UPDATE disk_attachments SET volume_id=?, source_path=?, "
                                     "device=?, bus_type=?, "
                                     "format=?, readonly=?, boot_order=?, updated_at=? WHERE id=?"),
                      volumeBind, disk.sourcePath, disk.device, disk.busType, disk.format,
                      disk.readonly, disk.bootOrder, now, cached->diskIds.value(disk.deviceName));
                !r)
                return r;
        } else {
            if (auto r
                = run(QStringLiteral(
                          "INSERT INTO disk_attachments (vm_id, volume_id, source_path, device, "
                          "device_name, bus_type, format, readonly, boot_order, size_bytes, "
                          "created_at, "
                          "updated_at) VALUES (?,?,?,?,?,?,?,?,?,"
                          "COALESCE((SELECT capacity_bytes FROM volumes WHERE id = ?), 0),?,?)"),
                      vmId, volumeBind, disk.sourcePath, disk.device, disk.deviceName, disk.busType,
                      disk.format, disk.readonly, disk.bootOrder, volumeBind, now, now);
                !r)
                return r;
        }
    }
    if (cached) {
        for (auto it = cached->diskIds.begin(); it != cached->diskIds.end(); ++it) {
            if (seen.contains(it.key()))
                continue;
            if (auto r = run(QStringLiteral("DELETE FROM disk_attachments WHERE id=?"), it.value());
                !r)
                return r;
        }
    }
    return {};
}

Result<> InventoryStore::Private::writePorts(qint64 vmId, const DomainInfo &d,
                                             const CachedVm *cached)
{
    QHash<QString, const PortInfo *> old;
    if (cached) {
        for (const PortInfo &p : cached->info.ports)
            old.insert(p.macAddress, &p);
    }
    QSet<QString> seen;
    for (const PortInfo &p : d.ports) {
        if (p.macAddress.isEmpty() || seen.contains(p.macAddress))
            continue; // duplicate MACs inside one VM: keep the first (libvirt rejects these)
        seen.insert(p.macAddress);
        const qint64 networkId
            = p.sourceType == QLatin1String("network") ? networkIdByName.value(p.sourceName) : 0;
        const PortInfo *prev = old.value(p.macAddress);
        qint64 portId = 0;
        bool bindingKnown = false;
        if (prev) {
            portId = cached->portIds.value(p.macAddress);
            bindingKnown = cached->portNetworkIds.value(p.macAddress) == networkId;
            if (!(*prev == p)) {
                if (auto r = run(QStringLiteral("UPDATE ports SET model_name=?, source_type=?, "
                                                "source_name=?, port_group=?, "
                                                "target_dev=?, updated_at=? WHERE id=?"),
                                 p.modelName, p.sourceType, p.sourceName, p.portGroup, p.targetDev,
                                 now, portId);
                    !r)
                    return r;
            }
        } else {
            auto inserted = insert(
                QStringLiteral(
                    "INSERT INTO ports (vm_id, mac_address, model_name, source_type, source_name, "
                    "port_group, target_dev, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)"),
                vmId, p.macAddress, p.modelName, p.sourceType, p.sourceName, p.portGroup,
                p.targetDev, now, now);
            if (!inserted)
                return std::unexpected(inserted.error());
            portId = *inserted;
            bindingKnown = networkId == 0;
        }
        if (!bindingKnown) {
            if (auto r = run(QStringLiteral("DELETE FROM port_bindings WHERE port_id=?"), portId);
                !r)
                return r;
            if (networkId) {
                if (auto r
                    = run(QStringLiteral(
                              "INSERT INTO port_bindings (port_id, network_id) VALUES (?,?)"),
                          portId, networkId);
                    !r)
                    return r;
            }
        }
    }
    if (cached) {
        for (auto it = cached->portIds.begin(); it != cached->portIds.end(); ++it) {
            if (seen.contains(it.key()))
                continue;
            if (auto r = run(QStringLiteral("DELETE FROM ports WHERE id=?"), it.value()); !r)
                return r;
        }
    }
    return {};
}

Result<> InventoryStore::Private::writeGraphics(qint64 vmId, const DomainInfo &d,
                                                const CachedVm *cached)
{
    const QList<GraphicsInfo> none;
    const QList<GraphicsInfo> &old = cached ? cached->info.graphics : none;
    if (old == d.graphics)
        return {};
    for (qsizetype i = 0; i < d.graphics.size(); ++i) {
        const GraphicsInfo &g = d.graphics.at(i);
        if (i < old.size() && old.at(i) == g)
            continue;
        if (auto r
            = run(QStringLiteral(
                      "INSERT INTO graphics_devices (vm_id, ordinal, type, model_name, vram_kib, "
                      "listen_address, port, tls_port, autoport, has_password, created_at, "
                      "updated_at) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (vm_id, ordinal) DO UPDATE SET "
                      "type=excluded.type, model_name=excluded.model_name, "
                      "vram_kib=excluded.vram_kib, "
                      "listen_address=excluded.listen_address, port=excluded.port, "
                      "tls_port=excluded.tls_port, autoport=excluded.autoport, "
                      "has_password=excluded.has_password, updated_at=excluded.updated_at"),
                  vmId, int(i), g.type, g.modelName, g.vramKib, g.listenAddress, g.port, g.tlsPort,
                  g.autoport, g.hasPassword, now, now);
            !r)
            return r;
    }
    if (old.size() > d.graphics.size()) {
        return run(QStringLiteral("DELETE FROM graphics_devices WHERE vm_id=? AND ordinal>=?"),
                   vmId, int(d.graphics.size()));
    }
    return {};
}

Result<> InventoryStore::Private::deleteVm(const CachedVm &cached, const InventoryStore::Options &o)
{
    if (auto r = run(QStringLiteral("DELETE FROM virtual_machines WHERE id=?"), cached.id); !r)
        return r;
    change(ChangeRecord::Kind::Vm, ChangeRecord::Action::Removed, cached.info.uuid,
           cached.info.name);
    if (o.auditDrift && !o.expectedStateChanges.contains(cached.info.uuid)) {
        return audit(QStringLiteral("vm.removed"),
                     QStringLiteral("%1 disappeared from the host outside Virtumancer")
                         .arg(cached.info.name),
                     QJsonObject{{QStringLiteral("name"), cached.info.name}},
                     {AuditObject{QStringLiteral("vm"), cached.info.uuid}});
    }
    return {};
}

Result<> InventoryStore::Private::syncNetworks(const QList<NetworkInfo> &networks, bool complete)
{
    QHash<QString, std::pair<qint64, NetworkInfo>> cached;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT id, %1 FROM networks WHERE host_id = ?")
                      .arg(QLatin1String(networkColumns)));
        bind(q, hostId);
        if (!q.exec())
            return makeError(ErrorCode::Cache, q.lastError().text());
        while (q.next()) {
            const NetworkInfo n = readNetwork(q, 1);
            cached.insert(n.uuid, {q.value(0).toLongLong(), n});
        }
    }
    QSet<QString> seen;
    for (const NetworkInfo &n : networks) {
        seen.insert(n.uuid);
        auto it = cached.find(n.uuid);
        if (it != cached.end() && it->second == n)
            continue;
        if (it == cached.end()) {
            // A network redefined under the same name gets a new uuid: the old row goes first.
            if (auto r
                = run(QStringLiteral("DELETE FROM networks WHERE host_id=? AND name=? AND uuid<>?"),
                      hostId, n.name, n.uuid);
                !r)
                return r;
        }
        if (auto r = run(
                QStringLiteral(
                    "INSERT INTO networks (host_id, uuid, name, bridge_name, mode, active, "
                    "autostart, "
                    "persistent, ipv4_address, dhcp_start, dhcp_end, created_at, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (host_id, uuid) DO UPDATE SET "
                    "name=excluded.name, bridge_name=excluded.bridge_name, mode=excluded.mode, "
                    "active=excluded.active, autostart=excluded.autostart, "
                    "persistent=excluded.persistent, ipv4_address=excluded.ipv4_address, "
                    "dhcp_start=excluded.dhcp_start, dhcp_end=excluded.dhcp_end, "
                    "updated_at=excluded.updated_at"),
                hostId, n.uuid, n.name, n.bridgeName, n.mode, n.active, n.autostart, n.persistent,
                n.ipv4Address, n.dhcpStart, n.dhcpEnd, now, now);
            !r)
            return r;
        change(ChangeRecord::Kind::Network,
               it == cached.end() ? ChangeRecord::Action::Added : ChangeRecord::Action::Changed,
               n.uuid, n.name);
    }
    if (complete) {
        for (auto it = cached.begin(); it != cached.end(); ++it) {
            if (seen.contains(it.key()))
                continue;
            if (auto r = run(QStringLiteral("DELETE FROM networks WHERE id=?"), it->first); !r)
                return r;
            change(ChangeRecord::Kind::Network, ChangeRecord::Action::Removed, it.key(),
                   it->second.name);
        }
    }
    return loadNetworkIds();
}

Result<> InventoryStore::Private::syncPools(const QList<PoolInfo> &pools, bool complete)
{
    QHash<QString, std::pair<qint64, PoolInfo>> cached;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT id, %1 FROM storage_pools WHERE host_id = ?")
                      .arg(QLatin1String(poolColumns)));
        bind(q, hostId);
        if (!q.exec())
            return makeError(ErrorCode::Cache, q.lastError().text());
        while (q.next()) {
            const PoolInfo p = readPool(q, 1);
            cached.insert(p.uuid, {q.value(0).toLongLong(), p});
        }
    }
    poolIdByUuid.clear();
    QSet<QString> seen;
    for (const PoolInfo &p : pools) {
        seen.insert(p.uuid);
        auto it = cached.find(p.uuid);
        if (it != cached.end()) {
            poolIdByUuid.insert(p.uuid, it->first);
            if (it->second == p)
                continue;
        }
        if (auto r = run(
                QStringLiteral(
                    "INSERT INTO storage_pools (host_id, uuid, name, type, target_path, "
                    "capacity_bytes, "
                    "allocation_bytes, available_bytes, active, autostart, created_at, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (host_id, uuid) DO UPDATE SET "
                    "name=excluded.name, type=excluded.type, target_path=excluded.target_path, "
                    "capacity_bytes=excluded.capacity_bytes, "
                    "allocation_bytes=excluded.allocation_bytes, "
                    "available_bytes=excluded.available_bytes, active=excluded.active, "
                    "autostart=excluded.autostart, updated_at=excluded.updated_at"),
                hostId, p.uuid, p.name, p.type, p.targetPath, p.capacityBytes, p.allocationBytes,
                p.availableBytes, p.active, p.autostart, now, now);
            !r)
            return r;
        if (it == cached.end()) {
            QSqlQuery idq(db);
            idq.prepare(QStringLiteral("SELECT id FROM storage_pools WHERE host_id=? AND uuid=?"));
            bind(idq, hostId);
            bind(idq, p.uuid);
            if (!idq.exec() || !idq.next())
                return makeError(ErrorCode::Cache, idq.lastError().text());
            poolIdByUuid.insert(p.uuid, idq.value(0).toLongLong());
        }
        change(ChangeRecord::Kind::Pool,
               it == cached.end() ? ChangeRecord::Action::Added : ChangeRecord::Action::Changed,
               p.uuid, p.name);
    }
    if (complete) {
        for (auto it = cached.begin(); it != cached.end(); ++it) {
            if (seen.contains(it.key()))
                continue;
            if (auto r = run(QStringLiteral("DELETE FROM storage_pools WHERE id=?"), it->first); !r)
                return r;
            change(ChangeRecord::Kind::Pool, ChangeRecord::Action::Removed, it.key(),
                   it->second.name);
        }
    }
    return {};
}

Result<> InventoryStore::Private::syncVolumes(const QList<VolumeInfo> &volumes,
                                              const QSet<QString> &poolScope)
{
    struct Cached
    {
        qint64 id;
        qint64 poolId;
        VolumeInfo info;
    };
    QHash<QString, Cached> cached;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "SELECT v.id, v.pool_id, p.uuid, v.name, v.path, v.key, v.type, v.format, "
            "v.capacity_bytes, v.allocation_bytes, v.description FROM volumes v "
            "LEFT JOIN storage_pools p ON p.id = v.pool_id WHERE v.host_id = ?"));
        bind(q, hostId);
        if (!q.exec())
            return makeError(ErrorCode::Cache, q.lastError().text());
        while (q.next()) {
            VolumeInfo v;
            v.poolUuid = q.value(2).toString();
            v.name = q.value(3).toString();
            v.path = q.value(4).toString();
            v.key = q.value(5).toString();
            v.type = q.value(6).toString();
            v.format = q.value(7).toString();
            v.capacityBytes = q.value(8).toLongLong();
            v.allocationBytes = q.value(9).toLongLong();
            v.description = q.value(10).toString();
            const qint64 poolId = q.value(1).isNull() ? 0 : q.value(1).toLongLong();
            if (!poolScope.contains(v.poolUuid))
                continue;
            cached.insert(v.path, Cached{q.value(0).toLongLong(), poolId, v});
        }
    }
    QSet<QString> seen;
    for (const VolumeInfo &v : volumes) {
        if (v.path.isEmpty() || seen.contains(v.path))
            continue;
        seen.insert(v.path);
        auto it = cached.find(v.path);
        if (it != cached.end() && it->info == v)
            continue;
        const qint64 poolId = poolIdByUuid.value(v.poolUuid);
        if (auto r = run(
                QStringLiteral(
                    "INSERT INTO volumes (host_id, pool_id, name, path, key, type, format, "
                    "capacity_bytes, allocation_bytes, description, created_at, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (host_id, path) DO UPDATE SET "
                    "pool_id=excluded.pool_id, name=excluded.name, key=excluded.key, "
                    "type=excluded.type, "
                    "format=excluded.format, capacity_bytes=excluded.capacity_bytes, "
                    "allocation_bytes=excluded.allocation_bytes, description=excluded.description, "
                    "updated_at=excluded.updated_at"),
                hostId, poolId ? QVariant(poolId) : QVariant(QMetaType::fromType<qint64>()), v.name,
                v.path, v.key, v.type, v.format, v.capacityBytes, v.allocationBytes, v.description,
                now, now);
            !r)
            return r;
        change(ChangeRecord::Kind::Volume,
               it == cached.end() ? ChangeRecord::Action::Added : ChangeRecord::Action::Changed,
               v.path, v.name);
    }
    for (auto it = cached.begin(); it != cached.end(); ++it) {
        if (seen.contains(it.key()))
            continue;
        if (auto r = run(QStringLiteral("DELETE FROM volumes WHERE id=?"), it->id); !r)
            return r;
        change(ChangeRecord::Kind::Volume, ChangeRecord::Action::Removed, it.key(), it->info.name);
    }
    return loadVolumeIds();
}

namespace {
/// Disk sources that name a local file or device but belong to no pool are volumes too.
QList<VolumeInfo> outsideVolumes(const QList<DomainInfo> &domains,
                                 const QHash<QString, qint64> &known)
{
    QList<VolumeInfo> result;
    QSet<QString> seen;
    for (const DomainInfo &d : domains) {
        for (const DiskInfo &disk : d.disks) {
            if (disk.sourcePath.isEmpty() || !disk.sourcePool.isEmpty())
                continue;
            if (disk.sourceType != QLatin1String("file")
                && disk.sourceType != QLatin1String("block"))
                continue;
            if (known.contains(disk.sourcePath) || seen.contains(disk.sourcePath))
                continue;
            seen.insert(disk.sourcePath);
            VolumeInfo v;
            v.name = QFileInfo(disk.sourcePath).fileName();
            v.path = disk.sourcePath;
            v.type = disk.sourceType;
            v.format = disk.device == QLatin1String("cdrom") && disk.format == QLatin1String("raw")
                           ? QStringLiteral("iso")
                           : disk.format;
            result.append(v);
        }
    }
    return result;
}
} // namespace

Result<> InventoryStore::Private::ensureOutsideVolumes(const QList<DomainInfo> &domains)
{
    const QList<VolumeInfo> extra = outsideVolumes(domains, volumeIdByPath);
    if (extra.isEmpty())
        return {};
    for (const VolumeInfo &v : extra) {
        if (auto r = run(
                QStringLiteral(
                    "INSERT INTO volumes (host_id, pool_id, name, path, type, format, created_at, "
                    "updated_at) VALUES (?,NULL,?,?,?,?,?,?) ON CONFLICT (host_id, path) DO "
                    "NOTHING"),
                hostId, v.name, v.path, v.type, v.format, now, now);
            !r)
            return r;
        change(ChangeRecord::Kind::Volume, ChangeRecord::Action::Added, v.path, v.name);
    }
    return loadVolumeIds();
}

// ---- public ------------------------------------------------------------------------------

InventoryStore::InventoryStore(QSqlDatabase db)
    : m_db(std::move(db))
{}

struct InventoryStore::SnapshotWriter::State
{
    State(QSqlDatabase db, const QString &hostId, Options o)
        : p(std::move(db), hostId)
        , options(std::move(o))
    {}
    Private p;
    Options options;
    QHash<QString, Private::CachedVm> cached;
    QSet<QString> seen;
    bool open = false;

    Result<> fail(const Error &error)
    {
        if (open) {
            p.rollback();
            open = false;
            qCWarning(lcInventory) << "sync of" << p.hostId << "rolled back:" << error.message;
        }
        return std::unexpected(error);
    }
};

InventoryStore::SnapshotWriter::SnapshotWriter(QSqlDatabase db, const QString &hostId,
                                               Options options)
    : d(std::make_unique<State>(std::move(db), hostId, std::move(options)))
{}

InventoryStore::SnapshotWriter::~SnapshotWriter()
{
    if (d->open)
        d->p.rollback();
}

Result<> InventoryStore::SnapshotWriter::begin(const QList<NetworkInfo> &networks,
                                               const QList<PoolInfo> &pools,
                                               const QList<VolumeInfo> &poolVolumes)
{
    Private &p = d->p;
    if (auto r = p.begin(); !r)
        return r;
    d->open = true;
    if (auto r = p.syncNetworks(networks, true); !r)
        return d->fail(r.error());
    if (auto r = p.syncPools(pools, true); !r)
        return d->fail(r.error());
    // Pool volumes are complete here. Disk paths outside any pool are only known as domains
    // arrive: add() creates them, finish() drops the ones no disk references any more.
    QSet<QString> poolScope;
    for (const PoolInfo &pool : pools)
        poolScope.insert(pool.uuid);
    if (auto r = p.syncVolumes(poolVolumes, poolScope); !r)
        return d->fail(r.error());
    auto cached = p.loadVms();
    if (!cached)
        return d->fail(cached.error());
    d->cached = std::move(*cached);
    // The first sync of a host mirrors what exists: nothing there is drift.
    if (d->cached.isEmpty())
        d->options.auditDrift = false;
    return {};
}

Result<> InventoryStore::SnapshotWriter::add(const QList<DomainInfo> &domains)
{
    if (!d->open)
        return makeError(ErrorCode::Cache, QStringLiteral("snapshot writer is not open"));
    Private &p = d->p;
    if (auto r = p.ensureOutsideVolumes(domains); !r)
        return d->fail(r.error());
    for (const DomainInfo &dom : domains) {
        if (d->seen.contains(dom.uuid))
            continue;
        d->seen.insert(dom.uuid);
        auto it = d->cached.find(dom.uuid);
        if (auto r = p.upsertVm(dom, it == d->cached.end() ? nullptr : &*it, d->options); !r)
            return d->fail(r.error());
    }
    return {};
}

Result<ApplyReport> InventoryStore::SnapshotWriter::finish()
{
    if (!d->open)
        return makeError(ErrorCode::Cache, QStringLiteral("snapshot writer is not open"));
    Private &p = d->p;
    for (auto it = d->cached.begin(); it != d->cached.end(); ++it) {
        if (d->seen.contains(it.key()))
            continue;
        if (auto r = p.deleteVm(*it, d->options); !r)
            return std::unexpected(d->fail(r.error()).error());
    }
    QSqlQuery &orphans = p.query(QStringLiteral(
        "DELETE FROM volumes WHERE host_id = ? AND pool_id IS NULL AND id NOT IN "
        "(SELECT d.volume_id FROM disk_attachments d JOIN virtual_machines vm ON vm.id = d.vm_id "
        " WHERE vm.host_id = ? AND d.volume_id IS NOT NULL) RETURNING path, name"));
    bind(orphans, p.hostId);
    bind(orphans, p.hostId);
    if (!orphans.exec())
        return std::unexpected(
            d->fail(Error{ErrorCode::Cache, 0, orphans.lastError().text()}).error());
    while (orphans.next()) {
        ++p.report.rowsWritten;
        p.change(ChangeRecord::Kind::Volume, ChangeRecord::Action::Removed,
                 orphans.value(0).toString(), orphans.value(1).toString());
    }
    d->open = false;
    return p.commit();
}

Result<ApplyReport> InventoryStore::applySnapshot(const QString &hostId,
                                                  const HostSnapshot &snapshot,
                                                  const Options &options)
{
    SnapshotWriter writer(m_db, hostId, options);
    if (auto r = writer.begin(snapshot.networks, snapshot.pools, snapshot.volumes); !r)
        return std::unexpected(r.error());
    if (auto r = writer.add(snapshot.domains); !r)
        return std::unexpected(r.error());
    return writer.finish();
}

Result<ApplyReport> InventoryStore::applyDomain(const QString &hostId, const DomainInfo &domain,
                                                const Options &options)
{
    Private p(m_db, hostId);
    if (auto r = p.begin(); !r)
        return std::unexpected(r.error());
    auto run = [&]() -> Result<> {
        if (auto r = p.loadNetworkIds(); !r)
            return r;
        if (auto r = p.loadVolumeIds(); !r)
            return r;
        if (auto r = p.ensureOutsideVolumes({domain}); !r)
            return r;
        auto cached = p.loadVms(domain.uuid);
        if (!cached)
            return std::unexpected(cached.error());
        auto it = cached->find(domain.uuid);
        if (auto r = p.upsertVm(domain, it == cached->end() ? nullptr : &*it, options); !r)
            return r;
        if (it == cached->end() && options.auditDrift
            && !options.expectedStateChanges.contains(domain.uuid)) {
            return p.audit(QStringLiteral("vm.appeared"),
                           QStringLiteral("%1 was defined outside Virtumancer").arg(domain.name),
                           QJsonObject{{QStringLiteral("name"), domain.name}},
                           {AuditObject{QStringLiteral("vm"), domain.uuid}});
        }
        return {};
    };
    if (auto r = run(); !r) {
        p.rollback();
        return std::unexpected(r.error());
    }
    return p.commit();
}

Result<ApplyReport> InventoryStore::removeDomain(const QString &hostId, const QString &uuid,
                                                 const Options &options)
{
    Private p(m_db, hostId);
    if (auto r = p.begin(); !r)
        return std::unexpected(r.error());
    auto cached = p.loadVms(uuid);
    if (!cached) {
        p.rollback();
        return std::unexpected(cached.error());
    }
    for (const auto &vm : std::as_const(*cached)) {
        if (auto r = p.deleteVm(vm, options); !r) {
            p.rollback();
            return std::unexpected(r.error());
        }
    }
    return p.commit();
}

Result<ApplyReport> InventoryStore::applyNetwork(const QString &hostId, const NetworkInfo &network)
{
    Private p(m_db, hostId);
    if (auto r = p.begin(); !r)
        return std::unexpected(r.error());
    if (auto r = p.syncNetworks({network}, false); !r) {
        p.rollback();
        return std::unexpected(r.error());
    }
    return p.commit();
}

Result<ApplyReport> InventoryStore::removeNetwork(const QString &hostId, const QString &uuid)
{
    Private p(m_db, hostId);
    if (auto r = p.begin(); !r)
        return std::unexpected(r.error());
    QSqlQuery &q
        = p.query(QStringLiteral("DELETE FROM networks WHERE host_id=? AND uuid=? RETURNING name"));
    bind(q, hostId);
    bind(q, uuid);
    if (!q.exec()) {
        const QString e = q.lastError().text();
        p.rollback();
        return makeError(ErrorCode::Cache, e);
    }
    while (q.next()) {
        ++p.report.rowsWritten;
        p.change(ChangeRecord::Kind::Network, ChangeRecord::Action::Removed, uuid,
                 q.value(0).toString());
    }
    return p.commit();
}

Result<ApplyReport> InventoryStore::applyPool(const QString &hostId, const PoolInfo &pool,
                                              const QList<VolumeInfo> &volumes)
{
    Private p(m_db, hostId);
    if (auto r = p.begin(); !r)
        return std::unexpected(r.error());
    auto run = [&]() -> Result<> {
        if (auto r = p.syncPools({pool}, false); !r)
            return r;
        const QSet<QString> scope{pool.uuid};
        return p.syncVolumes(volumes, scope);
    };
    if (auto r = run(); !r) {
        p.rollback();
        return std::unexpected(r.error());
    }
    return p.commit();
}

Result<ApplyReport> InventoryStore::removePool(const QString &hostId, const QString &uuid)
{
    Private p(m_db, hostId);
    if (auto r = p.begin(); !r)
        return std::unexpected(r.error());
    auto run = [&]() -> Result<> {
        QSqlQuery &vols = p.query(QStringLiteral(
            "DELETE FROM volumes WHERE pool_id = (SELECT id FROM storage_pools WHERE host_id=? "
            "AND uuid=?) RETURNING path, name"));
        bind(vols, hostId);
        bind(vols, uuid);
        if (!vols.exec())
            return makeError(ErrorCode::Cache, vols.lastError().text());
        while (vols.next()) {
            ++p.report.rowsWritten;
            p.change(ChangeRecord::Kind::Volume, ChangeRecord::Action::Removed,
                     vols.value(0).toString(), vols.value(1).toString());
        }
        QSqlQuery &q = p.query(
            QStringLiteral("DELETE FROM storage_pools WHERE host_id=? AND uuid=? RETURNING name"));
        bind(q, hostId);
        bind(q, uuid);
        if (!q.exec())
            return makeError(ErrorCode::Cache, q.lastError().text());
        while (q.next()) {
            ++p.report.rowsWritten;
            p.change(ChangeRecord::Kind::Pool, ChangeRecord::Action::Removed, uuid,
                     q.value(0).toString());
        }
        return {};
    };
    if (auto r = run(); !r) {
        p.rollback();
        return std::unexpected(r.error());
    }
    return p.commit();
}

// ---- reads -------------------------------------------------------------------------------

Result<QList<InventoryStore::DomainRow>> InventoryStore::domainRows(const QString &hostId, Xml xml)
{
    if (hostId.isEmpty())
        return readDomainRows(QStringLiteral("1"), {}, xml);
    return readDomainRows(QStringLiteral("vm.host_id = ?"), {hostId}, xml);
}

Result<QString> InventoryStore::domainXml(const QString &hostId, const QString &uuid)
{
    const auto q = readStatement(
        m_db,
        QStringLiteral("SELECT domain_xml FROM virtual_machines WHERE host_id = ? AND uuid = ?"),
        {hostId, uuid});
    if (q->next())
        return q->text(0);
    if (auto r = q->status(); !r)
        return std::unexpected(r.error());
    return makeError(ErrorCode::NotFound,
                     QStringLiteral("VM %1 is not mirrored on host %2").arg(uuid, hostId));
}

Result<QList<InventoryStore::DomainRow>> InventoryStore::domainRows(const QString &hostId,
                                                                    const QStringList &uuids,
                                                                    Xml xml)
{
    if (uuids.isEmpty())
        return QList<DomainRow>{};
    QStringList marks;
    QVariantList binds{hostId};
    for (const QString &u : uuids) {
        marks.append(QStringLiteral("?"));
        binds.append(u);
    }
    return readDomainRows(
        QStringLiteral("vm.host_id = ? AND vm.uuid IN (%1)").arg(marks.join(QLatin1Char(','))),
        binds, xml);
}

Result<QList<InventoryStore::DomainRow>> InventoryStore::findDomains(const QString &hostId,
                                                                     const QString &uuidOrName)
{
    QStringList where;
    QVariantList binds;
    if (!hostId.isEmpty()) {
        where.append(QStringLiteral("vm.host_id = ?"));
        binds.append(hostId);
    }
    if (!uuidOrName.isEmpty()) {
        where.append(QStringLiteral("(vm.uuid = ? OR vm.name = ?)"));
        binds.append(uuidOrName.toLower());
        binds.append(uuidOrName);
    }
    return readDomainRows(
        where.isEmpty() ? QStringLiteral("1") : where.join(QStringLiteral(" AND ")), binds);
}

Result<QList<InventoryStore::DomainRow>> InventoryStore::readDomainRows(const QString &filter,
                                                                        const QVariantList &binds,
                                                                        Xml xml)
{
    QList<DomainRow> rows;
    QHash<qint64, qsizetype> index;
    {
        QString columns = QLatin1String(vmColumns);
        if (xml == Xml::Omit)
            columns.replace(QLatin1String("domain_xml"), QLatin1String("NULL"));
        const auto q = readStatement(
            m_db,
            QStringLiteral("SELECT %1 FROM virtual_machines vm WHERE %2 ORDER BY vm.host_id, "
                           "vm.name COLLATE NOCASE")
                .arg(columns, filter),
            binds);
        while (q->next()) {
            DomainRow row;
            row.domain = readVm(*q);
            row.createdAt = q->int64(18);
            row.updatedAt = q->int64(19);
            row.hostId = q->text(20);
            index.insert(q->int64(0), rows.size());
            rows.append(std::move(row));
        }
        if (auto r = q->status(); !r)
            return std::unexpected(r.error());
    }
    struct Sink
    {
        QList<DomainRow> &rows;
        QHash<qint64, qsizetype> &index;
        DomainInfo *at(qint64 vmId)
        {
            auto it = index.constFind(vmId);
            return it == index.cend() ? nullptr : &rows[*it].domain;
        }
        void disk(qint64 vmId, qint64, const DiskInfo &d, qint64)
        {
            if (DomainInfo *x = at(vmId))
                x->disks.append(d);
        }
        void port(qint64 vmId, qint64, const PortInfo &p, qint64)
        {
            if (DomainInfo *x = at(vmId))
                x->ports.append(p);
        }
        void graphics(qint64 vmId, qint64, const GraphicsInfo &g)
        {
            if (DomainInfo *x = at(vmId))
                x->graphics.append(g);
        }
    } sink{rows, index};
    if (auto r = readChildren(m_db, filter, binds, sink); !r)
        return std::unexpected(r.error());

    // Tags are the user's, keyed by (host, uuid) so they outlive the VM row.
    const auto tags = readStatement(
        m_db,
        QStringLiteral("SELECT vm.id, t.name FROM virtual_machines vm "
                       "JOIN vm_tags vt ON vt.host_id = vm.host_id AND vt.vm_uuid = vm.uuid "
                       "JOIN tags t ON t.id = vt.tag_id WHERE %1 ORDER BY t.name")
            .arg(filter),
        binds);
    while (tags->next()) {
        auto it = index.constFind(tags->int64(0));
        if (it != index.cend())
            rows[*it].tags.append(tags->text(1));
    }
    if (auto r = tags->status(); !r)
        return std::unexpected(r.error());
    return rows;
}

Result<InventoryStore::DomainRow> InventoryStore::resolveDomain(const QString &spec)
{
    if (spec.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("no VM given"));
    auto rows = findDomains({}, spec);
    if (!rows)
        return std::unexpected(rows.error());
    // libvirt forbids '/' in domain names and host ids are slugs, so HOST/name is unambiguous.
    const qsizetype slash = spec.indexOf(QLatin1Char('/'));
    if (rows->isEmpty() && slash > 0) {
        rows = findDomains(spec.left(slash), spec.mid(slash + 1));
        if (!rows)
            return std::unexpected(rows.error());
    }
    if (rows->isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no VM matches \"%1\"").arg(spec));
    if (rows->size() > 1) {
        QStringList candidates;
        for (const DomainRow &r : std::as_const(*rows))
            candidates.append(
                QStringLiteral("%1/%2 (%3)").arg(r.hostId, r.domain.name, r.domain.uuid));
        return makeError(ErrorCode::Ambiguous,
                         QStringLiteral("\"%1\" matches %2 VMs; name one of: %3")
                             .arg(spec)
                             .arg(rows->size())
                             .arg(candidates.join(QStringLiteral(", "))));
    }
    return rows->constFirst();
}

Result<QList<DomainInfo>> InventoryStore::domains(const QString &hostId)
{
    auto rows = domainRows(hostId);
    if (!rows)
        return std::unexpected(rows.error());
    QList<DomainInfo> result;
    result.reserve(rows->size());
    for (const DomainRow &row : std::as_const(*rows))
        result.append(row.domain);
    return result;
}

Result<QList<NetworkInfo>> InventoryStore::networks(const QString &hostId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
                  "SELECT %1 FROM networks WHERE (? = '' OR host_id = ?) ORDER BY host_id, name")
                  .arg(QLatin1String(networkColumns)));
    bind(q, hostId);
    bind(q, hostId);
    if (!q.exec())
        return makeError(ErrorCode::Cache, q.lastError().text());
    QList<NetworkInfo> result;
    while (q.next())
        result.append(readNetwork(q, 0));
    return result;
}

Result<QList<PoolInfo>> InventoryStore::pools(const QString &hostId)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral(
            "SELECT %1 FROM storage_pools WHERE (? = '' OR host_id = ?) ORDER BY host_id, name")
            .arg(QLatin1String(poolColumns)));
    bind(q, hostId);
    bind(q, hostId);
    if (!q.exec())
        return makeError(ErrorCode::Cache, q.lastError().text());
    QList<PoolInfo> result;
    while (q.next())
        result.append(readPool(q, 0));
    return result;
}

Result<QList<InventoryStore::VolumeRow>> InventoryStore::volumes(const QString &hostId,
                                                                  Order order)
{
    // Through SQLite's own API, and sorted only when asked: at 20,000 volumes QSqlQuery's
    // QVariant per value and the ORDER BY cost more than the rows (the registry sorts anyway).
    // The few distinct hosts, pools, formats, types and statuses share one QString each.
    SqliteStatement q(
        sqliteHandle(m_db),
        QStringLiteral(
            "SELECT v.host_id, COALESCE(p.name, ''), COALESCE(p.uuid, ''), v.name, v.path, v.key, "
            "v.type, v.format, v.capacity_bytes, v.allocation_bytes, v.description, s.status, "
            "(SELECT group_concat(vm.uuid || char(9) || vm.name, char(10)) "
            " FROM disk_attachments d JOIN virtual_machines vm ON vm.id = d.vm_id "
            " WHERE d.volume_id = v.id) "
            "FROM volumes v LEFT JOIN storage_pools p ON p.id = v.pool_id "
            "JOIN volume_status s ON s.volume_id = v.id "
            "WHERE (?1 = '' OR v.host_id = ?1)")
            + (order == Order::ByHostAndPath ? QStringLiteral(" ORDER BY v.host_id, v.path")
                                             : QString()));
    q.bind(1, hostId);
    QHash<QString, QString> shared;
    const auto intern = [&shared](const QString &text) {
        auto it = shared.constFind(text);
        if (it == shared.cend())
            it = shared.insert(text, text);
        return *it;
    };
    QList<VolumeRow> rows;
    while (q.next()) {
        VolumeRow row;
        row.hostId = intern(q.text(0));
        row.poolName = intern(q.text(1));
        row.volume.poolUuid = intern(q.text(2));
        row.volume.name = q.text(3);
        row.volume.path = q.text(4);
        row.volume.key = q.text(5);
        row.volume.type = intern(q.text(6));
        row.volume.format = intern(q.text(7));
        row.volume.capacityBytes = q.int64(8);
        row.volume.allocationBytes = q.int64(9);
        row.volume.description = q.text(10);
        row.status = intern(q.text(11));
        if (!q.isNull(12)) {
            // "uuid<TAB>name" per VM: a uuid holds no tab, and libvirt refuses newlines in names.
            for (const QString &vm : q.text(12).split(QLatin1Char('\n'))) {
                row.attachedUuids.append(vm.section(QLatin1Char('\t'), 0, 0));
                row.attachedTo.append(vm.section(QLatin1Char('\t'), 1));
            }
        }
        rows.append(std::move(row));
    }
    if (auto status = q.status(); !status)
        return std::unexpected(status.error());
    return rows;
}

Result<> InventoryStore::validateTag(const QString &name)
{
    static const QRegularExpression bad(QStringLiteral("[\\s,]"));
    if (name.isEmpty() || name.size() > 64)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("a tag has 1 to 64 characters: \"%1\"").arg(name));
    if (name.contains(bad))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("a tag cannot contain spaces or commas: \"%1\"").arg(name));
    return {};
}

Result<QList<ChangeRecord>> InventoryStore::editTags(const QString &hostId,
                                                     const QStringList &uuids,
                                                     const QStringList &add,
                                                     const QStringList &remove)
{
    for (const QString &tag : add + remove) {
        if (auto valid = validateTag(tag); !valid)
            return std::unexpected(valid.error());
    }
    const auto fail = [this](const QSqlQuery &q) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        return makeError(ErrorCode::Cache, q.lastError().text());
    };
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return makeError(ErrorCode::Cache, q.lastError().text());
    const qint64 now = nowMs();
    QSet<QString> changed;
    QSqlQuery newTag(m_db);
    newTag.prepare(QStringLiteral("INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, ?)"));
    QSqlQuery tagOn(m_db);
    tagOn.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO vm_tags (tag_id, host_id, vm_uuid, created_at) "
        "SELECT id, ?, ?, ? FROM tags WHERE name = ?"));
    for (const QString &tag : add) {
        newTag.addBindValue(tag);
        newTag.addBindValue(now);
        if (!newTag.exec())
            return fail(newTag);
        for (const QString &uuid : uuids) {
            tagOn.addBindValue(hostId);
            tagOn.addBindValue(uuid);
            tagOn.addBindValue(now);
            tagOn.addBindValue(tag);
            if (!tagOn.exec())
                return fail(tagOn);
            if (tagOn.numRowsAffected() > 0)
                changed.insert(uuid);
        }
    }
    QSqlQuery tagOff(m_db);
    tagOff.prepare(QStringLiteral("DELETE FROM vm_tags WHERE host_id = ? AND vm_uuid = ? AND "
                                  "tag_id = (SELECT id FROM tags WHERE name = ?)"));
    for (const QString &tag : remove) {
        for (const QString &uuid : uuids) {
            tagOff.addBindValue(hostId);
            tagOff.addBindValue(uuid);
            tagOff.addBindValue(tag);
            if (!tagOff.exec())
                return fail(tagOff);
            if (tagOff.numRowsAffected() > 0)
                changed.insert(uuid);
        }
    }
    if (!remove.isEmpty()
        && !q.exec(QStringLiteral(
            "DELETE FROM tags WHERE id NOT IN (SELECT DISTINCT tag_id FROM vm_tags)")))
        return fail(q);
    if (!q.exec(QStringLiteral("COMMIT")))
        return fail(q);
    QList<ChangeRecord> records;
    for (const QString &uuid : uuids) {
        if (!changed.contains(uuid))
            continue;
        ChangeRecord c;
        c.hostId = hostId;
        c.kind = ChangeRecord::Kind::Vm;
        c.action = ChangeRecord::Action::Changed;
        c.id = uuid;
        c.fields = {QStringLiteral("tags")};
        c.tsMs = now;
        records.append(c);
    }
    return records;
}

} // namespace Virtumancer
