#pragma once

#include "model/error.h"
#include "model/types.h"

#include <QAbstractListModel>
#include <QHash>

namespace Virtumancer {

/// The hosts of the main window's host list: id, URI, connection state and last error, and
/// when the mirror was last confirmed. Fed by InventoryFeed (cache load, state signals).
class HostListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        HostIdRole = Qt::UserRole + 1,
        UriRole,
        StateRole, ///< int (HostState)
        LastErrorRole,
        LastSyncRole,    ///< qint64 ms
        DisplayNameRole, ///< the user's name for the host; may be empty
        AutoconnectRole, ///< bool
        SyncDoneRole,    ///< int: objects fetched so far by the running full sync; -1 = none runs
        SyncTotalRole,   ///< int: objects that sync fetches in all (0 = not known yet); -1 = none
    };
    Q_ENUM(Role)

    explicit HostListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setHosts(const QList<HostRecord> &hosts);
    void addHost(const HostRecord &host);
    /// The user's fields (name, URI, autoconnect) changed; the connection state stays.
    void updateHost(const HostRecord &host);
    void removeHost(const QString &hostId);
    /// Also AutoconnectRole etc.: the record as last loaded or edited.
    HostRecord host(const QString &hostId) const;
    void setHostState(const QString &hostId, HostState state, const QString &error);
    void setLastSync(const QString &hostId, qint64 ms);
    /// A full sync's progress (ConnectionManager::syncProgress); clearSyncProgress() when it
    /// ends (syncFinished, or the host left Connected).
    void setSyncProgress(const QString &hostId, int done, int total);
    void clearSyncProgress(const QString &hostId);
    int rowOf(const QString &hostId) const;
    QString hostIdAt(int row) const;

private:
    QList<HostRecord> m_hosts;
    QHash<QString, std::pair<int, int>> m_syncProgress; ///< host → (done, total) while syncing
};

} // namespace Virtumancer
