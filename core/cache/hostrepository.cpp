#include "hostrepository.h"

#include "cache/database.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

namespace Virtumancer {

namespace {

constexpr int maxIdLength = 64;

const QString selectColumns = QStringLiteral(
    "SELECT id, display_name, uri, state, task_state, auto_reconnect_disabled, autoconnect,"
    " last_error, last_connected_at, last_sync_at, hostname, hypervisor, hypervisor_version,"
    " libvirt_version, cpu_count, memory_bytes, created_at, updated_at FROM hosts");

std::unexpected<Error> dbError(const QString &what, const QSqlQuery &q)
{
    return makeError(ErrorCode::Cache,
                     what + QStringLiteral(": ") + q.lastError().text().trimmed());
}

HostRecord readRecord(const QSqlQuery &q)
{
    HostRecord h;
    h.id = q.value(0).toString();
    h.displayName = q.value(1).toString();
    h.uri = q.value(2).toString();
    h.state = hostStateFromName(q.value(3).toString());
    h.taskState = q.value(4).toString();
    h.autoReconnectDisabled = q.value(5).toBool();
    h.autoconnect = q.value(6).toBool();
    h.lastError = q.value(7).toString();
    h.lastConnectedAt = q.value(8).toLongLong();
    h.lastSyncAt = q.value(9).toLongLong();
    h.node.hostname = q.value(10).toString();
    h.node.hypervisor = q.value(11).toString();
    h.node.hypervisorVersion = q.value(12).toString();
    h.node.libvirtVersion = q.value(13).toString();
    h.node.cpuCount = q.value(14).toInt();
    h.node.memoryBytes = q.value(15).toLongLong();
    h.createdAt = q.value(16).toLongLong();
    h.updatedAt = q.value(17).toLongLong();
    return h;
}

/// Qt binds a null QString as SQL NULL; the columns are NOT NULL, and "x IS NOT NULL" would
/// make every no-change write look like a change.
QVariant bindable(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString && value.toString().isNull())
        return QStringLiteral("");
    return value;
}

bool isValidId(const QString &id)
{
    static const QRegularExpression slug(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return slug.match(id).hasMatch();
}

/// Lower-cases and replaces what a slug may not hold; empty when nothing usable is left.
QString slugify(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text.toLower()) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.'
                        || c == u'_' || c == u'-';
        if (ok)
            out.append(c);
        else if (!out.endsWith(u'-'))
            out.append(u'-');
    }
    while (out.startsWith(u'-') || out.startsWith(u'.'))
        out.remove(0, 1);
    while (out.endsWith(u'-') || out.endsWith(u'.'))
        out.chop(1);
    return out.left(maxIdLength - 4); // room for a "-NNN" suffix
}

QString baseIdForUri(const QString &uri)
{
    const QUrl url(uri.trimmed());
    const QString scheme = url.scheme().toLower();
    const QString driver = scheme.section(u'+', 0, 0);
    const QString host = url.host();
    const QString path = url.path();
    if (driver == QLatin1String("test")) {
        if (path.isEmpty() || path == QLatin1String("/default"))
            return QStringLiteral("test");
        const QString base = slugify(QFileInfo(path).completeBaseName());
        return base.isEmpty() ? QStringLiteral("test") : base;
    }
    if (!host.isEmpty()) {
        const QString slug = slugify(host);
        if (!slug.isEmpty())
            return slug;
    }
    if (!scheme.isEmpty() && host.isEmpty()) {
        if (path == QLatin1String("/system"))
            return QStringLiteral("local-system");
        if (path == QLatin1String("/session"))
            return QStringLiteral("local-session");
        return QStringLiteral("local");
    }
    return QStringLiteral("host");
}

} // namespace

HostRepository::HostRepository(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<HostRecord> HostRepository::add(const QString &id, const QString &uri,
                                       const QString &displayName, bool autoconnect)
{
    if (!isValidId(id))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("invalid host id \"%1\": use 1 to %2 letters, digits, '.', "
                                        "'_' or '-'")
                             .arg(id)
                             .arg(maxIdLength));
    if (uri.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the host URI is empty"));

    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, uri FROM hosts WHERE id = ? OR uri = ?"));
    q.addBindValue(id);
    q.addBindValue(uri);
    if (!q.exec())
        return dbError(QStringLiteral("cannot read hosts"), q);
    while (q.next()) {
        const QString existingId = q.value(0).toString();
        const QString existingUri = q.value(1).toString();
        if (existingId == id)
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("a host with id \"%1\" already exists (%2)")
                                 .arg(existingId, existingUri));
        return makeError(
            ErrorCode::InvalidArgument,
            QStringLiteral("host \"%1\" already uses the URI %2").arg(existingId, existingUri));
    }

    const qint64 now = nowMs();
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO hosts (id, display_name, uri, autoconnect,"
                                  " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(id);
    insert.addBindValue(bindable(displayName));
    insert.addBindValue(uri);
    insert.addBindValue(autoconnect ? 1 : 0);
    insert.addBindValue(now);
    insert.addBindValue(now);
    if (!insert.exec())
        return dbError(QStringLiteral("cannot add host \"%1\"").arg(id), insert);
    return find(id);
}

Result<QList<HostRecord>> HostRepository::list()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(selectColumns + QStringLiteral(" ORDER BY id")))
        return dbError(QStringLiteral("cannot list hosts"), q);
    QList<HostRecord> hosts;
    while (q.next())
        hosts.append(readRecord(q));
    return hosts;
}

Result<HostRecord> HostRepository::find(const QString &id)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(selectColumns + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("cannot read host \"%1\"").arg(id), q);
    if (!q.next())
        return makeError(ErrorCode::NotFound, QStringLiteral("no host \"%1\"").arg(id));
    return readRecord(q);
}

Result<> HostRepository::remove(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM hosts WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("cannot remove host \"%1\"").arg(id), q);
    if (q.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("no host \"%1\"").arg(id));
    return {};
}

Result<HostRecord> HostRepository::edit(const QString &id, const QString &uri,
                                        const QString &displayName, bool autoconnect)
{
    if (uri.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the host URI is empty"));
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM hosts WHERE uri = ? AND id <> ?"));
    q.addBindValue(uri);
    q.addBindValue(id);
    if (!q.exec())
        return dbError(QStringLiteral("cannot read hosts"), q);
    if (q.next())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("host \"%1\" already uses the URI %2")
                             .arg(q.value(0).toString(), uri));
    if (auto existing = find(id); !existing)
        return std::unexpected(existing.error());
    auto updated = update(id, {{QStringLiteral("uri"), uri},
                               {QStringLiteral("display_name"), bindable(displayName)},
                               {QStringLiteral("autoconnect"), autoconnect ? 1 : 0}});
    if (!updated)
        return std::unexpected(updated.error());
    return find(id);
}

Result<> HostRepository::update(const QString &id, const QList<Assignment> &assignments)
{
    // "SET a = ?, ... WHERE id = ? AND (a IS NOT ? OR ...)": a write that changes nothing
    // matches no row, so it writes nothing (and leaves updated_at alone).
    QStringList sets;
    QStringList differs;
    for (const Assignment &a : assignments) {
        sets.append(a.column + QStringLiteral(" = ?"));
        differs.append(a.column + QStringLiteral(" IS NOT ?"));
    }
    sets.append(QStringLiteral("updated_at = ?"));
    QString sql = QStringLiteral("UPDATE hosts SET ") + sets.join(QStringLiteral(", "))
                  + QStringLiteral(" WHERE id = ?");
    sql += QStringLiteral(" AND (") + differs.join(QStringLiteral(" OR ")) + u')';

    QSqlQuery q(m_db);
    q.prepare(sql);
    for (const Assignment &a : assignments)
        q.addBindValue(bindable(a.value));
    q.addBindValue(nowMs());
    q.addBindValue(id);
    for (const Assignment &a : assignments)
        q.addBindValue(bindable(a.value));
    if (!q.exec())
        return dbError(QStringLiteral("cannot update host \"%1\"").arg(id), q);
    if (q.numRowsAffected() > 0)
        return {};
    // Nothing changed: either the values were already there, or there is no such host.
    QSqlQuery exists(m_db);
    exists.prepare(QStringLiteral("SELECT 1 FROM hosts WHERE id = ?"));
    exists.addBindValue(id);
    if (!exists.exec())
        return dbError(QStringLiteral("cannot read host \"%1\"").arg(id), exists);
    if (!exists.next())
        return makeError(ErrorCode::NotFound, QStringLiteral("no host \"%1\"").arg(id));
    return {};
}

Result<> HostRepository::setState(const QString &id, HostState state, const QString &lastError)
{
    return update(id, {{QStringLiteral("state"), hostStateName(state)},
                       {QStringLiteral("last_error"), lastError}});
}

Result<> HostRepository::setTaskState(const QString &id, const QString &taskState)
{
    return update(id, {{QStringLiteral("task_state"), taskState}});
}

Result<> HostRepository::setAutoReconnectDisabled(const QString &id, bool disabled)
{
    return update(id, {{QStringLiteral("auto_reconnect_disabled"), disabled ? 1 : 0}});
}

Result<> HostRepository::markConnected(const QString &id)
{
    return update(id, {{QStringLiteral("last_connected_at"), nowMs()},
                       {QStringLiteral("state"), hostStateName(HostState::Connected)},
                       {QStringLiteral("last_error"), QString()}});
}

Result<> HostRepository::setNodeInfo(const QString &id, const NodeInfo &node)
{
    return update(id, {{QStringLiteral("hostname"), node.hostname},
                       {QStringLiteral("hypervisor"), node.hypervisor},
                       {QStringLiteral("hypervisor_version"), node.hypervisorVersion},
                       {QStringLiteral("libvirt_version"), node.libvirtVersion},
                       {QStringLiteral("cpu_count"), node.cpuCount},
                       {QStringLiteral("memory_bytes"), node.memoryBytes}});
}

Result<> HostRepository::setLastSyncAt(const QString &id, qint64 ms)
{
    return update(id, {{QStringLiteral("last_sync_at"), ms}});
}

Result<QString> HostRepository::suggestId(const QString &uri)
{
    const QString base = baseIdForUri(uri);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id FROM hosts WHERE id = ? OR id LIKE ? ESCAPE '\\'"));
    QString pattern = base;
    pattern.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    q.addBindValue(base);
    q.addBindValue(QString(pattern + QStringLiteral("-%")));
    if (!q.exec())
        return dbError(QStringLiteral("cannot read hosts"), q);
    QSet<QString> taken;
    while (q.next())
        taken.insert(q.value(0).toString());
    if (!taken.contains(base))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate = base + u'-' + QString::number(n);
        if (!taken.contains(candidate))
            return candidate;
    }
}

} // namespace Virtumancer
