#pragma once

#include "model/error.h"
#include "model/types.h"

#include <QAbstractListModel>

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
        LastSyncRole, ///< qint64 ms
    };
    Q_ENUM(Role)

    explicit HostListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setHosts(const QList<HostRecord> &hosts);
    void addHost(const HostRecord &host);
    void setHostState(const QString &hostId, HostState state, const QString &error);
    void setLastSync(const QString &hostId, qint64 ms);
    int rowOf(const QString &hostId) const;
    QString hostIdAt(int row) const;

private:
    QList<HostRecord> m_hosts;
};

} // namespace Virtumancer
