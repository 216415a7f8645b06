#pragma once

#include "cache/auditlog.h"
#include "model/error.h"
#include "model/types.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QSet>
#include <QSqlDatabase>

#include <memory>

namespace Virtumancer {

/// One change the store applied to the mirror, as reported to watchers (CLI `watch`, models).
struct ChangeRecord
{
    enum class Kind { Vm, Network, Pool, Volume, Host };
    enum class Action { Added, Changed, Removed };
    QString hostId;
    Kind kind = Kind::Vm;
    Action action = Action::Changed;
    QString id; ///< uuid (vm/network/pool) or path (volume)
    QString name;
    QStringList fields; ///< mirrored columns that changed (Changed only)
    qint64 tsMs = 0;
};
QString changeKindName(ChangeRecord::Kind kind);
QString changeActionName(ChangeRecord::Action action);

struct ApplyReport
{
    qint64 rowsWritten = 0; ///< rows inserted, updated or deleted, audit rows included
    QList<ChangeRecord> changes;
};

/// Applies what a host reports to the mirror: diff against the cached rows, then one transaction
/// of inserts, updates and deletes. Unchanged objects write nothing (no updated_at bump).
///
/// Observed changes that the app did not make are recorded as INFO audit events with the
/// field-level difference (drift). Callers name the VMs whose state change they caused
/// (expectedStateChanges) so their own lifecycle actions are not reported as drift.
/// Thread: use from the thread that owns db (the host's worker).
class InventoryStore
{
public:
    explicit InventoryStore(QSqlDatabase db);

    struct Options
    {
        QSet<QString> expectedStateChanges; ///< uuids whose state change we caused
        bool auditDrift = true;
        /// uuid → fields (domainDifference's names; "*" for all) our own edits changed in a
        /// running VM's persistent config only: they show when the VM stops, and are not drift.
        QHash<QString, QStringList> expectedConfigChanges;
    };

    /// A full sync applied while it streams in: one transaction from begin() to finish(), so a
    /// host's mirror can be written while its domains are still being read and parsed. Nothing
    /// is committed unless finish() succeeds; destroying an unfinished writer rolls back.
    /// Use from one thread (the one that owns db).
    class SnapshotWriter
    {
    public:
        SnapshotWriter(QSqlDatabase db, const QString &hostId, Options options);
        ~SnapshotWriter();
        /// Everything but the domains: these are the whole truth for the host.
        Result<> begin(const QList<NetworkInfo> &networks, const QList<PoolInfo> &pools,
                       const QList<VolumeInfo> &poolVolumes);
        Result<> add(const QList<DomainInfo> &domains);
        /// Removes what was not seen (domains, unreferenced disk paths outside pools), commits.
        Result<ApplyReport> finish();

    private:
        struct State;
        std::unique_ptr<State> d;
    };

    /// Full sync: the snapshot is the whole truth for hostId (begin + add + finish).
    Result<ApplyReport> applySnapshot(const QString &hostId, const HostSnapshot &snapshot,
                                      const Options &options);
    Result<ApplyReport> applySnapshot(const QString &hostId, const HostSnapshot &snapshot)
    {
        return applySnapshot(hostId, snapshot, Options{});
    }

    /// Incremental: one domain (re)fetched after an event.
    Result<ApplyReport> applyDomain(const QString &hostId, const DomainInfo &domain,
                                    const Options &options);
    Result<ApplyReport> removeDomain(const QString &hostId, const QString &uuid,
                                     const Options &options);
    Result<ApplyReport> applyNetwork(const QString &hostId, const NetworkInfo &network);
    Result<ApplyReport> removeNetwork(const QString &hostId, const QString &uuid);
    /// A pool and its complete volume list.
    Result<ApplyReport> applyPool(const QString &hostId, const PoolInfo &pool,
                                  const QList<VolumeInfo> &volumes);
    Result<ApplyReport> removePool(const QString &hostId, const QString &uuid);

    // Reads (any thread, through that thread's connection).
    Result<QList<DomainInfo>> domains(const QString &hostId = {});
    Result<QList<NetworkInfo>> networks(const QString &hostId = {});
    Result<QList<PoolInfo>> pools(const QString &hostId = {});

    struct VolumeRow
    {
        QString hostId;
        QString poolName;
        VolumeInfo volume;
        QString status;         ///< derived: available, attached, in-use
        QStringList attachedTo;    ///< VM names
        QStringList attachedUuids; ///< the same VMs' uuids, in the same order
    };
    enum class Order { ByHostAndPath, Unsorted };
    /// Every volume of a host (all hosts when hostId is empty), with its derived status.
    Result<QList<VolumeRow>> volumes(const QString &hostId = {},
                                     Order order = Order::ByHostAndPath);

    /// A mirrored VM with its host, the user's tags on it, and its mirror timestamps.
    struct DomainRow
    {
        QString hostId;
        DomainInfo domain;
        QStringList tags; ///< sorted by name
        qint64 createdAt = 0;
        qint64 updatedAt = 0;
    };
    /// Whether a DomainRow read carries the domain XML (the GUI's rows do not: at 10,000 VMs
    /// it would be most of the window's memory; the details window reads it on its own).
    enum class Xml { Include, Omit };
    Result<QList<DomainRow>> domainRows(const QString &hostId = {}, Xml xml = Xml::Include);
    Result<QList<DomainRow>> findDomains(const QString &hostId, const QString &uuidOrName);
    /// The rows of these VMs of one host (those still mirrored; the others are gone).
    Result<QList<DomainRow>> domainRows(const QString &hostId, const QStringList &uuids,
                                        Xml xml = Xml::Include);
    /// One VM's mirrored XML; NotFound if the VM is not mirrored.
    Result<QString> domainXml(const QString &hostId, const QString &uuid);
    /// The CLI's VM argument: a uuid, a name, or HOST/name. NotFound when nothing matches;
    /// Ambiguous (message lists every candidate as host/name (uuid)) when several do.
    Result<DomainRow> resolveDomain(const QString &spec);

    /// Adds and removes the user's tags on VMs of one host, in one transaction (tags are keyed
    /// by host and uuid, so they outlive re-mirroring). A tag is 1 to 64 characters without
    /// whitespace or commas (InvalidArgument otherwise, nothing written). Returns a Changed
    /// record (field "tags") for each VM whose tags did change; tags left on no VM are dropped.
    Result<QList<ChangeRecord>> editTags(const QString &hostId, const QStringList &uuids,
                                         const QStringList &add, const QStringList &remove);
    /// Whether name is a valid tag; if not, why (for the user).
    static Result<> validateTag(const QString &name);

private:
    Result<QList<DomainRow>> readDomainRows(const QString &filter, const QVariantList &binds,
                                            Xml xml = Xml::Include);
    struct Private;
    QSqlDatabase m_db;
};

/// Field-level difference between two views of the same domain, for drift audit and watch.
/// Keys are column names; values are {"from": old, "to": new}.
QJsonObject domainDifference(const DomainInfo &before, const DomainInfo &after);

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::ChangeRecord)
Q_DECLARE_METATYPE(Virtumancer::ApplyReport)
Q_DECLARE_METATYPE(Virtumancer::InventoryStore::DomainRow)
