#include "mirrorreader.h"

#include "cache/database.h"
#include "cache/hostrepository.h"

#include <QSet>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Virtumancer {

namespace {

/// A batch at least this big leaves enough freed memory behind to be worth handing back.
constexpr qsizetype bigBatch = 256;

/// Hands freed heap memory back to the system. glibc keeps what a thread freed in that
/// thread's arena for reuse, and a full sync (fetch, parse pipeline, diff, write) and the big
/// reads after it leave tens of MB free but resident; malloc_trim releases the free pages of
/// every arena. Called on the reader's thread after the big re-read that follows a full sync,
/// so it costs the GUI thread nothing (not after the start-up load: its rows stay in use, and
/// the trim would only compete with the GUI thread showing them).
void releaseFreedMemory()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

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
    auto rows = InventoryStore(db).domainRows();
    if (!rows) {
        Q_EMIT failed(rows.error());
        return;
    }
    Q_EMIT allLoaded(*hosts, *rows);
}

void MirrorReader::reload(const QString &hostId, const QStringList &uuids)
{
    auto rows = InventoryStore(Database::connection(m_dataDir)).domainRows(hostId, uuids);
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

} // namespace Virtumancer
