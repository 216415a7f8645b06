#include "hostlistmodel.h"

#include <QCoreApplication>

namespace Virtumancer {

HostListModel::HostListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int HostListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hosts.size());
}

QVariant HostListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HostRecord &h = m_hosts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return h.displayName.isEmpty() ? h.id : h.displayName;
    case Qt::ToolTipRole:
        return h.lastError.isEmpty() ? h.uri : h.uri + QLatin1Char('\n') + h.lastError;
    case HostIdRole:
        return h.id;
    case UriRole:
        return h.uri;
    case StateRole:
        return int(h.state);
    case LastErrorRole:
        return h.lastError;
    case LastSyncRole:
        return h.lastSyncAt;
    case DisplayNameRole:
        return h.displayName;
    case AutoconnectRole:
        return h.autoconnect;
    case SyncDoneRole:
        return m_syncProgress.value(h.id, {-1, -1}).first;
    case SyncTotalRole:
        return m_syncProgress.value(h.id, {-1, -1}).second;
    default:
        return {};
    }
}

void HostListModel::setHosts(const QList<HostRecord> &hosts)
{
    beginResetModel();
    m_hosts = hosts;
    // Nothing is connected in a process that just started, whatever the cache last said.
    for (HostRecord &h : m_hosts)
        h.state = HostState::Disconnected;
    endResetModel();
}

void HostListModel::addHost(const HostRecord &host)
{
    if (rowOf(host.id) >= 0)
        return;
    beginInsertRows({}, int(m_hosts.size()), int(m_hosts.size()));
    m_hosts.append(host);
    m_hosts.last().state = HostState::Disconnected;
    endInsertRows();
}

void HostListModel::updateHost(const HostRecord &host)
{
    const int row = rowOf(host.id);
    if (row < 0)
        return;
    HostRecord &h = m_hosts[row];
    h.displayName = host.displayName;
    h.uri = host.uri;
    h.autoconnect = host.autoconnect;
    Q_EMIT dataChanged(index(row, 0), index(row, 0));
}

void HostListModel::removeHost(const QString &hostId)
{
    const int row = rowOf(hostId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_hosts.removeAt(row);
    m_syncProgress.remove(hostId);
    endRemoveRows();
}

HostRecord HostListModel::host(const QString &hostId) const
{
    const int row = rowOf(hostId);
    return row >= 0 ? m_hosts.at(row) : HostRecord{};
}

int HostListModel::rowOf(const QString &hostId) const
{
    for (int i = 0; i < m_hosts.size(); ++i) {
        if (m_hosts[i].id == hostId)
            return i;
    }
    return -1;
}

QString HostListModel::hostIdAt(int row) const
{
    return row >= 0 && row < m_hosts.size() ? m_hosts[row].id : QString();
}

void HostListModel::setHostState(const QString &hostId, HostState state, const QString &error)
{
    const int row = rowOf(hostId);
    if (row < 0)
        return;
    HostRecord &h = m_hosts[row];
    if (h.state == state && h.lastError == error)
        return;
    h.state = state;
    h.lastError = error;
    Q_EMIT dataChanged(index(row), index(row));
}

void HostListModel::setLastSync(const QString &hostId, qint64 ms)
{
    const int row = rowOf(hostId);
    if (row < 0 || m_hosts[row].lastSyncAt == ms)
        return;
    m_hosts[row].lastSyncAt = ms;
    Q_EMIT dataChanged(index(row), index(row), {LastSyncRole});
}

void HostListModel::setSyncProgress(const QString &hostId, int done, int total)
{
    const int row = rowOf(hostId);
    if (row < 0)
        return;
    const std::pair<int, int> value{qMax(0, done), qMax(0, total)};
    auto it = m_syncProgress.find(hostId);
    if (it != m_syncProgress.end() && *it == value)
        return;
    m_syncProgress.insert(hostId, value);
    Q_EMIT dataChanged(index(row), index(row), {SyncDoneRole, SyncTotalRole});
}

void HostListModel::clearSyncProgress(const QString &hostId)
{
    if (!m_syncProgress.remove(hostId))
        return;
    const int row = rowOf(hostId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row), {SyncDoneRole, SyncTotalRole});
}

} // namespace Virtumancer
