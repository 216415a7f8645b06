#include "volumelistmodel.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <functional>

namespace Virtumancer {

namespace {

QString byteSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

bool sameRow(const InventoryStore::VolumeRow &a, const InventoryStore::VolumeRow &b)
{
    return a.volume == b.volume && a.poolName == b.poolName && a.status == b.status
           && a.attachedTo == b.attachedTo && a.attachedUuids == b.attachedUuids;
}

} // namespace

VolumeListModel::VolumeListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int VolumeListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int VolumeListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VolumeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QCoreApplication::translate("VolumeListModel", "Name");
    case CapacityColumn:
        return QCoreApplication::translate("VolumeListModel", "Capacity");
    case AllocationColumn:
        return QCoreApplication::translate("VolumeListModel", "Allocation");
    case FormatColumn:
        return QCoreApplication::translate("VolumeListModel", "Format");
    case StatusColumn:
        return QCoreApplication::translate("VolumeListModel", "Status");
    case PathColumn:
        return QCoreApplication::translate("VolumeListModel", "Path");
    case HostColumn:
        return QCoreApplication::translate("VolumeListModel", "Host");
    case PoolColumn:
        return QCoreApplication::translate("VolumeListModel", "Pool");
    case AttachmentsColumn:
        return QCoreApplication::translate("VolumeListModel", "Attachments");
    default:
        return {};
    }
}

QHash<int, QByteArray> VolumeListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(HostRole, "host");
    names.insert(PoolRole, "pool");
    names.insert(PoolUuidRole, "poolUuid");
    names.insert(StatusRole, "status");
    names.insert(AttachedToRole, "attachedTo");
    names.insert(CapacityRole, "capacity");
    names.insert(AllocationRole, "allocation");
    names.insert(FormatRole, "format");
    names.insert(StaleRole, "stale");
    names.insert(AsOfRole, "asOf");
    names.insert(SortRole, "sortValue");
    return names;
}

QVariant VolumeListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InventoryStore::VolumeRow &row = m_rows.at(index.row());
    const VolumeInfo &v = row.volume;
    switch (role) {
    case PathRole:
        return v.path;
    case HostRole:
        return row.hostId;
    case PoolRole:
        return row.poolName;
    case PoolUuidRole:
        return v.poolUuid;
    case StatusRole:
        return row.status;
    case AttachedToRole:
        return row.attachedTo;
    case CapacityRole:
        return v.capacityBytes;
    case AllocationRole:
        return v.allocationBytes;
    case FormatRole:
        return v.format;
    case StaleRole:
        return !m_liveHosts.contains(row.hostId);
    case AsOfRole:
        return m_asOf.value(row.hostId);
    case SortRole:
        switch (index.column()) {
        case CapacityColumn:
            return v.capacityBytes;
        case AllocationColumn:
            return v.allocationBytes;
        case AttachmentsColumn:
            return int(row.attachedTo.size());
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return v.name;
        case CapacityColumn:
            return byteSize(v.capacityBytes);
        case AllocationColumn:
            return byteSize(v.allocationBytes);
        case FormatColumn:
            return v.format;
        case StatusColumn:
            return row.status;
        case PathColumn:
            return v.path;
        case HostColumn:
            return row.hostId;
        case PoolColumn:
            return row.poolName;
        case AttachmentsColumn:
            return int(row.attachedTo.size());
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == CapacityColumn || index.column() == AllocationColumn
            || index.column() == AttachmentsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if ((index.column() == AttachmentsColumn || index.column() == StatusColumn)
            && !row.attachedTo.isEmpty())
            return QCoreApplication::translate("VolumeListModel", "Attached to %1")
                .arg(row.attachedTo.join(QStringLiteral(", ")));
        if (index.column() == PoolColumn && row.poolName.isEmpty())
            return QCoreApplication::translate("VolumeListModel",
                                               "A disk outside any storage pool");
        return {};
    default:
        return {};
    }
}

int VolumeListModel::rowOf(const QString &hostId, const QString &path) const
{
    return m_index.value(key(hostId, path), -1);
}

const InventoryStore::VolumeRow *VolumeListModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

void VolumeListModel::setRows(const QList<InventoryStore::VolumeRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    reindex();
    endResetModel();
}

void VolumeListModel::reindex()
{
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_index.insert(key(m_rows.at(i).hostId, m_rows.at(i).volume.path), i);
}

void VolumeListModel::removeRowsAt(QList<int> rows)
{
    // Bottom up, a contiguous run at a time, so the rows still to go keep their numbers.
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (qsizetype i = 0; i < rows.size();) {
        const int last = rows.at(i);
        int first = last;
        for (++i; i < rows.size() && rows.at(i) == first - 1; ++i)
            first = rows.at(i);
        const int count = last - first + 1;
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            m_index.remove(key(m_rows.at(r).hostId, m_rows.at(r).volume.path));
        m_rows.remove(first, count);
        for (auto it = m_index.begin(); it != m_index.end(); ++it) {
            if (it.value() > last)
                it.value() -= count;
        }
        endRemoveRows();
    }
}

void VolumeListModel::setHostRows(const QString &hostId,
                                  const QList<InventoryStore::VolumeRow> &rows)
{
    QSet<QString> fresh;
    fresh.reserve(rows.size());
    for (const InventoryStore::VolumeRow &r : rows)
        fresh.insert(r.volume.path);
    QList<int> gone;
    for (int row = 0; row < m_rows.size(); ++row) {
        const InventoryStore::VolumeRow &r = m_rows.at(row);
        if (r.hostId == hostId && !fresh.contains(r.volume.path))
            gone.append(row);
    }
    removeRowsAt(gone);

    QList<InventoryStore::VolumeRow> added;
    for (const InventoryStore::VolumeRow &r : rows) {
        const int row = rowOf(hostId, r.volume.path);
        if (row < 0) {
            added.append(r);
            continue;
        }
        if (sameRow(m_rows.at(row), r))
            continue; // nothing a view shows changed: no repaint, no re-sort
        m_rows[row] = r;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_rows += added;
    for (int i = first; i < m_rows.size(); ++i)
        m_index.insert(key(m_rows.at(i).hostId, m_rows.at(i).volume.path), i);
    endInsertRows();
}

void VolumeListModel::removeHost(const QString &hostId)
{
    QList<int> gone;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).hostId == hostId)
            gone.append(row);
    }
    removeRowsAt(gone);
    m_liveHosts.remove(hostId);
    m_asOf.remove(hostId);
}

void VolumeListModel::setHostStale(const QString &hostId, bool stale, qint64 asOfMs)
{
    const bool wasStale = !m_liveHosts.contains(hostId);
    if (wasStale == stale && m_asOf.value(hostId) == asOfMs)
        return;
    if (stale)
        m_liveHosts.remove(hostId);
    else
        m_liveHosts.insert(hostId);
    m_asOf.insert(hostId, asOfMs);
    // One dataChanged per contiguous run of the host's rows.
    int runStart = -1;
    for (int row = 0; row <= m_rows.size(); ++row) {
        const bool inHost = row < m_rows.size() && m_rows.at(row).hostId == hostId;
        if (inHost && runStart < 0)
            runStart = row;
        if (!inHost && runStart >= 0) {
            Q_EMIT dataChanged(index(runStart, 0), index(row - 1, ColumnCount - 1),
                               {StaleRole, AsOfRole});
            runStart = -1;
        }
    }
}

} // namespace Virtumancer
