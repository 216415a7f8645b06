#include "domainlistmodel.h"

#include "sync/statsstore.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <functional>

namespace Virtumancer {

DomainListModel::DomainListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int DomainListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DomainListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DomainListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QCoreApplication::translate("DomainListModel", "Name");
    case StateColumn:
        return QCoreApplication::translate("DomainListModel", "State");
    case HostColumn:
        return QCoreApplication::translate("DomainListModel", "Host");
    case VcpusColumn:
        return QCoreApplication::translate("DomainListModel", "vCPUs");
    case MemoryColumn:
        return QCoreApplication::translate("DomainListModel", "Memory");
    case CpuUsageColumn:
        return QCoreApplication::translate("DomainListModel", "CPU usage");
    case MemoryUsageColumn:
        return QCoreApplication::translate("DomainListModel", "Memory usage");
    case TagsColumn:
        return QCoreApplication::translate("DomainListModel", "Tags");
    default:
        return {};
    }
}

QHash<int, QByteArray> DomainListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(UuidRole, "uuid");
    names.insert(HostRole, "host");
    names.insert(StateRole, "state");
    names.insert(DomainRole, "domain");
    names.insert(TagsRole, "tags");
    names.insert(StaleRole, "stale");
    names.insert(AsOfRole, "asOf");
    names.insert(SortRole, "sortValue");
    names.insert(SparklineRole, "sparkline");
    names.insert(SparklineMaxRole, "sparklineMax");
    return names;
}

QVariant DomainListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InventoryStore::DomainRow &row = m_rows.at(index.row());
    const DomainInfo &d = row.domain;
    if (index.column() == CpuUsageColumn || index.column() == MemoryUsageColumn) {
        if (QVariant usage = usageData(row, index.column(), role); usage.isValid())
            return usage;
    }
    switch (role) {
    case UuidRole:
        return d.uuid;
    case HostRole:
        return row.hostId;
    case StateRole:
        return int(d.state);
    case DomainRole:
        return QVariant::fromValue(d);
    case TagsRole:
        return row.tags;
    case StaleRole:
        return !m_liveHosts.contains(row.hostId);
    case AsOfRole:
        return m_asOf.value(row.hostId);
    case SortRole:
        switch (index.column()) {
        case StateColumn:
            return int(d.state);
        case VcpusColumn:
            return d.vcpuCount;
        case MemoryColumn:
            return d.memoryBytes;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return d.name;
        case StateColumn:
            return domainStateName(d.state);
        case HostColumn:
            return row.hostId;
        case VcpusColumn:
            return d.vcpuCount;
        case MemoryColumn:
            return QLocale().formattedDataSize(d.memoryBytes, 1, QLocale::DataSizeIecFormat);
        case TagsColumn:
            return row.tags.join(QStringLiteral(", "));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == NameColumn && !d.title.isEmpty())
            return d.title;
        return {};
    default:
        return {};
    }
}

QVariant DomainListModel::usageData(const InventoryStore::DomainRow &row, int column,
                                    int role) const
{
    if (role != Qt::DisplayRole && role != SortRole && role != SparklineRole
        && role != SparklineMaxRole)
        return {};
    const bool cpu = column == CpuUsageColumn;
    if (role == SparklineMaxRole)
        return cpu ? 100.0 : double(qMax<qint64>(row.domain.memoryBytes, 1));
    // Stats exist only for running domains of connected hosts; a stale row shows none.
    const QList<StatsSample> samples = m_stats && m_liveHosts.contains(row.hostId)
                                           ? m_stats->samples(row.hostId, row.domain.uuid)
                                           : QList<StatsSample>{};
    const auto value = [cpu](const StatsSample &s) {
        return cpu ? s.cpuPercent : double(s.memoryBytes);
    };
    const double latest = samples.isEmpty() ? -1 : value(samples.constLast());
    switch (role) {
    case SparklineRole: {
        QList<double> values;
        const qsizetype first = qMax<qsizetype>(0, samples.size() - SparklineSamples);
        values.reserve(samples.size() - first);
        for (qsizetype i = first; i < samples.size(); ++i)
            values.append(value(samples.at(i)));
        return QVariant::fromValue(values);
    }
    case SortRole:
        return latest;
    default: // DisplayRole
        if (latest < 0)
            return QString();
        if (cpu)
            return QString(QLocale().toString(latest, 'f', 0) + QStringLiteral(" %"));
        return QLocale().formattedDataSize(qint64(latest), 1, QLocale::DataSizeIecFormat);
    }
}

void DomainListModel::statsUpdated(const QString &hostId)
{
    emitHostChanged(hostId, CpuUsageColumn, MemoryUsageColumn,
                    {Qt::DisplayRole, SortRole, SparklineRole});
}

int DomainListModel::rowOf(const QString &hostId, const QString &uuid) const
{
    return m_index.value(key(hostId, uuid), -1);
}

const InventoryStore::DomainRow *DomainListModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

void DomainListModel::setRows(const QList<InventoryStore::DomainRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    m_index.clear();
    reindexFrom(0);
    endResetModel();
}

void DomainListModel::reindexFrom(int row)
{
    // at(), not []: the rows handed to setRows() are still shared with the reader's signal,
    // and a non-const access would deep-copy all of them.
    m_index.reserve(m_rows.size());
    for (int i = row; i < m_rows.size(); ++i)
        m_index.insert(key(m_rows.at(i).hostId, m_rows.at(i).domain.uuid), i);
}

void DomainListModel::removeRowsAt(QList<int> rows)
{
    // From the bottom up, a contiguous run at a time: the rows still to go keep their numbers,
    // a host's rows (usually one run) cost one removal signal, and the index is shifted in
    // place (no key rebuilt), so it is right again whenever a signal goes out.
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
            m_index.remove(key(m_rows.at(r).hostId, m_rows.at(r).domain.uuid));
        m_rows.remove(first, count);
        for (auto it = m_index.begin(); it != m_index.end(); ++it) {
            if (it.value() > last)
                it.value() -= count;
        }
        endRemoveRows();
    }
}

void DomainListModel::applyRows(const QString &hostId, const QList<InventoryStore::DomainRow> &rows,
                                const QStringList &removed)
{
    QList<int> gone;
    for (const QString &uuid : removed) {
        if (const int row = rowOf(hostId, uuid); row >= 0)
            gone.append(row);
    }
    removeRowsAt(gone);
    QList<InventoryStore::DomainRow> added;
    for (const InventoryStore::DomainRow &r : rows) {
        const int row = rowOf(hostId, r.domain.uuid);
        if (row < 0) {
            added.append(r);
            continue;
        }
        InventoryStore::DomainRow &current = m_rows[row];
        // updatedAt too: a change only in the XML (which rows do not carry) still moves it,
        // and the details window re-reads the XML on it.
        if (current.domain == r.domain && current.tags == r.tags && current.updatedAt == r.updatedAt)
            continue; // nothing a view shows changed: no repaint
        current = r;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_rows += added;
    reindexFrom(first);
    endInsertRows();
}

void DomainListModel::removeHost(const QString &hostId)
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

void DomainListModel::setHostStale(const QString &hostId, bool stale, qint64 asOfMs)
{
    const bool wasStale = !m_liveHosts.contains(hostId);
    if (wasStale == stale && m_asOf.value(hostId) == asOfMs)
        return;
    if (stale)
        m_liveHosts.remove(hostId);
    else
        m_liveHosts.insert(hostId);
    m_asOf.insert(hostId, asOfMs);
    emitHostChanged(hostId, 0, ColumnCount - 1, {StaleRole, AsOfRole});
}

void DomainListModel::emitHostChanged(const QString &hostId, int firstColumn, int lastColumn,
                                      const QList<int> &roles)
{
    // One dataChanged per contiguous run of the host's rows.
    int runStart = -1;
    for (int row = 0; row <= m_rows.size(); ++row) {
        const bool inHost = row < m_rows.size() && m_rows[row].hostId == hostId;
        if (inHost && runStart < 0)
            runStart = row;
        if (!inHost && runStart >= 0) {
            Q_EMIT dataChanged(index(runStart, firstColumn), index(row - 1, lastColumn), roles);
            runStart = -1;
        }
    }
}

} // namespace Virtumancer
