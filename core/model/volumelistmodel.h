#pragma once

#include "cache/inventorystore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

namespace Virtumancer {

/// Every mirrored volume of every host, one row each, for the volume registry (through a
/// VolumeFilterProxy). Disks whose path lies outside any pool are rows too (empty pool). Lives
/// on the GUI thread; it is fed value types read from the cache on another thread (VolumeFeed)
/// and never touches SQLite or libvirt itself.
///
/// A host's rows are stale until the host is confirmed live (connected and synced): views grey
/// them and explain StaleRole/AsOfRole ("as of <last sync>"), as the VM table does.
class VolumeListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        CapacityColumn,
        AllocationColumn,
        FormatColumn,
        StatusColumn, ///< derived: available, attached, in-use
        PathColumn,
        HostColumn,
        PoolColumn,
        AttachmentsColumn, ///< how many VMs; their names in the tooltip
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        PathRole = Qt::UserRole + 1, ///< the volume's identity within its host
        HostRole,
        PoolRole, ///< pool name; empty outside any pool
        PoolUuidRole,
        StatusRole,     ///< QString: available, attached, in-use
        AttachedToRole, ///< QStringList: VM names
        CapacityRole,   ///< qint64 bytes
        AllocationRole, ///< qint64 bytes
        FormatRole,
        StaleRole, ///< bool: the host has not confirmed this row
        AsOfRole,  ///< qint64 ms: when the host's mirror was last confirmed (0 = never)
        SortRole,  ///< a sortable value for the column (numbers for sizes and counts)
    };
    Q_ENUM(Role)

    explicit VolumeListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Replaces everything (first load).
    void setRows(const QList<InventoryStore::VolumeRow> &rows);
    /// A host's complete volume list as the mirror has it now: new paths are inserted, known
    /// ones updated in place (only when something differs), the others removed.
    void setHostRows(const QString &hostId, const QList<InventoryStore::VolumeRow> &rows);
    /// Drops every row of a host (host removed from the app).
    void removeHost(const QString &hostId);

    /// Marks a host's rows stale or live; asOfMs is its last confirmed sync.
    void setHostStale(const QString &hostId, bool stale, qint64 asOfMs);
    bool isHostStale(const QString &hostId) const { return !m_liveHosts.contains(hostId); }
    qint64 hostAsOf(const QString &hostId) const { return m_asOf.value(hostId); }

    int rowOf(const QString &hostId, const QString &path) const;
    const InventoryStore::VolumeRow *rowAt(int row) const;

    static bool isAvailable(const InventoryStore::VolumeRow &row)
    {
        return row.status == QLatin1String("available");
    }

private:
    static QString key(const QString &hostId, const QString &path)
    {
        return hostId + QLatin1Char('\n') + path;
    }
    void removeRowsAt(QList<int> rows);
    void reindex();

    QList<InventoryStore::VolumeRow> m_rows;
    QHash<QString, int> m_index; ///< host\npath → row
    QSet<QString> m_liveHosts;
    QHash<QString, qint64> m_asOf;
};

} // namespace Virtumancer
