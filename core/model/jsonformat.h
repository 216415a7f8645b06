#pragma once

#include "cache/auditlog.h"
#include "cache/inventorystore.h"
#include "model/types.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Virtumancer::Json {

/// ISO-8601 UTC with milliseconds ("2026-11-25T10:12:26.123Z"); empty for 0.
QString isoTime(qint64 ms);
/// Parses ISO-8601 (date, or date-time with Z/offset); false on bad input.
bool parseIsoTime(const QString &text, qint64 *ms);

/// The CLI's stable field names (DESIGN §8): host, uuid, name, state (word), vcpu_count,
/// memory_bytes, disks, ports, graphics, created_at, updated_at, plus the other mirrored columns.
QJsonObject domain(const InventoryStore::DomainRow &row);
QJsonObject network(const QString &hostId, const NetworkInfo &network);
QJsonObject pool(const QString &hostId, const PoolInfo &pool);
QJsonObject volume(const InventoryStore::VolumeRow &row);
QJsonObject host(const HostRecord &host);
QJsonObject auditEvent(const AuditEvent &event);
QJsonObject change(const ChangeRecord &change);

} // namespace Virtumancer::Json
