#pragma once

#include "cache/auditlog.h"
#include "cache/inventorystore.h"
#include "model/error.h"
#include "model/types.h"

#include <QObject>

namespace Virtumancer {

/// Reads the mirror for the GUI's models on a thread of its own (moved there by its owner),
/// so not even a slow read ever runs on the GUI thread. Answers with value types.
class MirrorReader : public QObject
{
    Q_OBJECT
public:
    explicit MirrorReader(QString dataDir);
    ~MirrorReader() override;

public Q_SLOTS:
    void loadAll();
    /// Re-reads these VMs of one host; those no longer mirrored come back in `removed`.
    void reload(const QString &hostId, const QStringList &uuids);
    /// Audit events matching query (newest first); auditLoaded() answers with the same tag.
    void loadAudit(quint64 tag, const Virtumancer::AuditQuery &query);
    /// One host's record with its mirrored networks and pools; hostLoaded() answers.
    void loadHost(const QString &hostId);
    /// One VM's domain XML (the rows of loadAll/reload carry none); domainXmlLoaded() answers.
    void loadDomainXml(const QString &hostId, const QString &uuid);
    /// One host's volumes (pool volumes and disk paths outside pools); volumesLoaded() answers.
    void loadVolumes(const QString &hostId);

Q_SIGNALS:
    void allLoaded(const QList<Virtumancer::HostRecord> &hosts,
                   const QList<Virtumancer::InventoryStore::DomainRow> &rows);
    void reloaded(const QString &hostId, const QList<Virtumancer::InventoryStore::DomainRow> &rows,
                  const QStringList &removed);
    void auditLoaded(quint64 tag, const QList<Virtumancer::AuditEvent> &events);
    void hostLoaded(const Virtumancer::HostRecord &host,
                    const QList<Virtumancer::NetworkInfo> &networks,
                    const QList<Virtumancer::PoolInfo> &pools);
    void domainXmlLoaded(const QString &hostId, const QString &uuid, const QString &xml);
    void volumesLoaded(const QString &hostId,
                       const QList<Virtumancer::InventoryStore::VolumeRow> &volumes);
    void failed(const Virtumancer::Error &error);

private:
    QString m_dataDir;
};

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::AuditQuery)
