#pragma once

#include "cache/inventorystore.h"
#include "model/types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

#include <memory>

namespace Virtumancer {

class StatsStore;

/// Every mirrored VM of every host, one row each, for the main window's VM view (through a
/// DomainFilterProxy). Lives on the GUI thread; it is fed value types (rows read from the cache
/// by a MirrorReader on another thread) and never touches SQLite or libvirt itself.
///
/// A host's rows are stale until the host has synced in this process: the mirror may be old.
/// Views grey them and show StaleRole/AsOfRole ("as of <last sync>").
class DomainListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StateColumn,
        HostColumn,
        VcpusColumn,
        MemoryColumn,
        CpuUsageColumn,    ///< latest CPU % with a sparkline of the recent samples
        MemoryUsageColumn, ///< latest guest memory with a sparkline
        TagsColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        UuidRole = Qt::UserRole + 1,
        HostRole,
        StateRole,  ///< int (DomainState)
        DomainRole, ///< DomainInfo
        TagsRole,   ///< QStringList
        StaleRole,  ///< bool: the host has not confirmed this row since start-up
        AsOfRole,   ///< qint64 ms: when the host's mirror was last confirmed (0 = never)
        SortRole,   ///< a sortable value for the column (numbers for numbers)
        SparklineRole,    ///< QList<double>: recent samples of a usage column, oldest first
        SparklineMaxRole, ///< double: the value at the top of the sparkline (100 %, memory size)
    };
    Q_ENUM(Role)

    explicit DomainListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Replaces everything (start-up load).
    void setRows(const QList<InventoryStore::DomainRow> &rows);
    /// Applies a host's fresh rows: new ones are inserted, known ones updated in place (only
    /// when something differs), and the uuids in removed dropped.
    void applyRows(const QString &hostId, const QList<InventoryStore::DomainRow> &rows,
                   const QStringList &removed);
    /// Drops every row of a host (host removed from the app).
    void removeHost(const QString &hostId);
    /// Where the usage columns read their samples (the ConnectionManager's store); may be null.
    void setStatsStore(std::shared_ptr<StatsStore> stats) { m_stats = std::move(stats); }
    std::shared_ptr<StatsStore> statsStore() const { return m_stats; }
    /// A host's stats were sampled: repaints its usage cells (only those).
    void statsUpdated(const QString &hostId);
    /// How many recent samples a sparkline shows.
    static constexpr int SparklineSamples = 40;

    /// Marks a host's rows stale (not confirmed since start) or live; asOfMs is its last sync.
    void setHostStale(const QString &hostId, bool stale, qint64 asOfMs);

    bool isHostStale(const QString &hostId) const { return !m_liveHosts.contains(hostId); }
    qint64 hostAsOf(const QString &hostId) const { return m_asOf.value(hostId); }

    int rowOf(const QString &hostId, const QString &uuid) const;
    const InventoryStore::DomainRow *rowAt(int row) const;

private:
    static QString key(const QString &hostId, const QString &uuid)
    {
        return hostId + QLatin1Char('/') + uuid;
    }
    /// Removes these rows (any order), one beginRemoveRows() per contiguous run.
    void removeRowsAt(QList<int> rows);
    void reindexFrom(int row);
    void emitHostChanged(const QString &hostId, int firstColumn, int lastColumn,
                         const QList<int> &roles);
    QVariant usageData(const InventoryStore::DomainRow &row, int column, int role) const;

    QList<InventoryStore::DomainRow> m_rows;
    QHash<QString, int> m_index; ///< host/uuid → row
    QSet<QString> m_liveHosts;   ///< hosts confirmed since start-up
    QHash<QString, qint64> m_asOf;
    std::shared_ptr<StatsStore> m_stats;
};

} // namespace Virtumancer
