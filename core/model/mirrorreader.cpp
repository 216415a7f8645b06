#include "mirrorreader.h"

#include "cache/database.h"
#include "cache/hostrepository.h"

#include "sync/releasememory.h"

#include <QSet>

namespace Virtumancer {

namespace {

/// A batch at least this big leaves enough freed memory behind to be worth handing back.
constexpr qsizetype bigBatch = 256;

} // namespace

MirrorReader::MirrorReader(QString dataDir)
    : m_dataDir(std::move(dataDir))
{}

MirrorReader::~MirrorReader() = default;

void MirrorReader::loadAll()
{
    QSqlDatabase db = Database::connection(m_dataDir);
    auto hosts = HostRepository(db).list();
    if (!hosts) {
        Q_EMIT failed(hosts.error());
        return;
    }
    auto rows = InventoryStore(db).domainRows({}, InventoryStore::Xml::Omit);
    if (!rows) {
        Q_EMIT failed(rows.error());
        return;
    }
    Q_EMIT allLoaded(*hosts, *rows);
}

void MirrorReader::reload(const QString &hostId, const QStringList &uuids)
{
    auto rows = InventoryStore(Database::connection(m_dataDir))
                    .domainRows(hostId, uuids, InventoryStore::Xml::Omit);
    if (!rows) {
        Q_EMIT failed(rows.error());
        return;
    }
    QSet<QString> found;
    for (const auto &r : std::as_const(*rows))
        found.insert(r.domain.uuid);
    QStringList removed;
    for (const QString &u : uuids) {
        if (!found.contains(u))
            removed.append(u);
    }
    Q_EMIT reloaded(hostId, *rows, removed);
    if (uuids.size() >= bigBatch) // a host's first sync, or a reconcile that changed much
        releaseFreedMemory();
}


void MirrorReader::loadAudit(quint64 tag, const AuditQuery &query)
{
    auto events = AuditLog(Database::connection(m_dataDir)).query(query);
    if (!events) {
        Q_EMIT failed(events.error());
        return;
    }
    Q_EMIT auditLoaded(tag, *events);
}

void MirrorReader::loadDomainXml(const QString &hostId, const QString &uuid)
{
    auto xml = InventoryStore(Database::connection(m_dataDir)).domainXml(hostId, uuid);
    if (!xml) {
        Q_EMIT failed(xml.error());
        return;
    }
    Q_EMIT domainXmlLoaded(hostId, uuid, *xml);
}

void MirrorReader::loadHost(const QString &hostId)
{
    QSqlDatabase db = Database::connection(m_dataDir);
    auto host = HostRepository(db).find(hostId);
    if (!host) {
        Q_EMIT failed(host.error());
        return;
    }
    InventoryStore store(db);
    auto networks = store.networks(hostId);
    auto pools = networks ? store.pools(hostId) : std::unexpected(networks.error());
    if (!pools) {
        Q_EMIT failed(pools.error());
        return;
    }
    Q_EMIT hostLoaded(*host, *networks, *pools);
}

void MirrorReader::loadVolumes(const QString &hostId)
{
    auto volumes = InventoryStore(Database::connection(m_dataDir)).volumes(hostId);
    if (!volumes) {
        Q_EMIT failed(volumes.error());
        return;
    }
    Q_EMIT volumesLoaded(hostId, *volumes);
}

} // namespace Virtumancer
