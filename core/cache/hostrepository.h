#pragma once

#include "model/error.h"
#include "model/types.h"

#include <QList>
#include <QSqlDatabase>
#include <QVariant>

namespace Virtumancer {

/// Reads and writes the hosts table. Stateless: every call takes the caller's thread connection.
class HostRepository
{
public:
    explicit HostRepository(QSqlDatabase db);

    /// Inserts a host; id must be a slug ([A-Za-z0-9._-]+), uri unique. InvalidArgument on a
    /// duplicate id or uri, with a message naming the existing host.
    Result<HostRecord> add(const QString &id, const QString &uri, const QString &displayName,
                           bool autoconnect);
    Result<QList<HostRecord>> list();
    Result<HostRecord> find(const QString &id); ///< NotFound if absent
    Result<> remove(const QString &id);         ///< cascades to everything mirrored
    /// Changes what the user chose for a host (the id stays: it keys the mirror and keyring).
    /// InvalidArgument for an empty URI or one another host uses; NotFound if absent.
    Result<HostRecord> edit(const QString &id, const QString &uri, const QString &displayName,
                            bool autoconnect);

    Result<> setState(const QString &id, HostState state, const QString &lastError = {});
    Result<> setTaskState(const QString &id, const QString &taskState);
    Result<> setAutoReconnectDisabled(const QString &id, bool disabled);
    /// Records a successful connect (last_connected_at = now, state CONNECTED, last_error '').
    Result<> markConnected(const QString &id);
    /// Writes node facts; touches updated_at only when a value changed.
    Result<> setNodeInfo(const QString &id, const NodeInfo &node);
    Result<> setLastSyncAt(const QString &id, qint64 ms);

    /// Suggests a free slug for a URI ("demo", "test-default", "qemu-host1"...).
    Result<QString> suggestId(const QString &uri);

private:
    struct Assignment
    {
        QString column;
        QVariant value;
    };
    /// Writes the assignments (and updated_at) only if one of them changes the row.
    Result<> update(const QString &id, const QList<Assignment> &assignments);

    QSqlDatabase m_db;
};

} // namespace Virtumancer
