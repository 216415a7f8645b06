#pragma once

#include "model/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

namespace Virtumancer {

enum class AuditLevel { Audit, Info, Warn, Error };
QString auditLevelName(AuditLevel level); // AUDIT, INFO, WARN, ERROR

struct AuditObject
{
    QString type; ///< host, vm, network, pool, volume
    QString id;   ///< uuid for vm/network/pool, path for volume, slug for host
    friend bool operator==(const AuditObject &, const AuditObject &) = default;
};

/// One row of audit_events with its linked objects.
struct AuditEvent
{
    QString id; ///< time-sortable (ULID-style, 26 chars Crockford base32)
    qint64 tsMs = 0;
    AuditLevel level = AuditLevel::Audit;
    QString component; ///< actions, sync, connection, ...
    QString actor;     ///< local user name
    QString hostId;
    QString action; ///< vm.start, vm.destroy, vm.drift, host.add, ...
    QString message;
    QJsonObject details;
    bool ok = true; ///< outcome
    QString error;
    QList<AuditObject> objects;
};

struct AuditQuery
{
    QString objectId; ///< any object type
    QString hostId;
    qint64 sinceMs = 0; ///< inclusive; 0 = no bound
    qint64 untilMs = 0; ///< inclusive; 0 = no bound
    int limit = 100;    ///< newest first (ts_ms, then id); <= 0 = no limit
};

/// The append-only audit log (mvirt's "audit everything"). Writers fill id/tsMs/actor when empty.
class AuditLog
{
public:
    explicit AuditLog(QSqlDatabase db);

    /// Inserts the event and its objects. Joins the caller's open transaction if there is one.
    Result<QString> write(AuditEvent event);
    Result<QList<AuditEvent>> query(const AuditQuery &query);

    static QString newId(qint64 tsMs); ///< ULID-style, monotonic within a process
    static QString currentActor();     ///< the local user name

private:
    QSqlDatabase m_db;
};

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::AuditEvent)
