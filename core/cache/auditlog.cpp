#include "auditlog.h"

#include "cache/database.h"

#include <QJsonDocument>
#include <QMutex>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <pwd.h>
#include <unistd.h>

namespace Virtumancer {

namespace {

std::unexpected<Error> dbError(const QString &what, const QSqlQuery &q)
{
    return makeError(ErrorCode::Cache,
                     what + QStringLiteral(": ") + q.lastError().text().trimmed());
}

QString bindable(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

AuditLevel levelFromName(const QString &name)
{
    if (name == QLatin1String("INFO"))
        return AuditLevel::Info;
    if (name == QLatin1String("WARN"))
        return AuditLevel::Warn;
    if (name == QLatin1String("ERROR"))
        return AuditLevel::Error;
    return AuditLevel::Audit;
}

constexpr char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The last id handed out, so ids of one process sort in call order.
struct IdState
{
    QMutex mutex;
    qint64 ms = -1;
    unsigned __int128 random = 0; // 80 significant bits
};

IdState &idState()
{
    static IdState state;
    return state;
}

constexpr unsigned __int128 randomMask = (static_cast<unsigned __int128>(1) << 80) - 1;

/// Runs body inside a savepoint: its own transaction when none is open, else nested in the
/// caller's (SQLite starts a transaction for a SAVEPOINT outside one; RELEASE then commits it).
template<typename F> auto inSavepoint(QSqlDatabase &db, F body) -> decltype(body())
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SAVEPOINT audit_write")))
        return dbError(QStringLiteral("cannot start the audit write"), q);
    auto result = body();
    if (!result) {
        q.exec(QStringLiteral("ROLLBACK TO audit_write"));
        q.exec(QStringLiteral("RELEASE audit_write"));
        return result;
    }
    if (!q.exec(QStringLiteral("RELEASE audit_write"))) {
        auto error = dbError(QStringLiteral("cannot commit the audit write"), q);
        q.exec(QStringLiteral("ROLLBACK TO audit_write"));
        q.exec(QStringLiteral("RELEASE audit_write"));
        return error;
    }
    return result;
}

} // namespace

QString auditLevelName(AuditLevel level)
{
    switch (level) {
    case AuditLevel::Audit:
        return QStringLiteral("AUDIT");
    case AuditLevel::Info:
        return QStringLiteral("INFO");
    case AuditLevel::Warn:
        return QStringLiteral("WARN");
    case AuditLevel::Error:
        return QStringLiteral("ERROR");
    }
    return QStringLiteral("AUDIT");
}

AuditLog::AuditLog(QSqlDatabase db)
    : m_db(std::move(db))
{}

QString AuditLog::newId(qint64 tsMs)
{
    // ULID: 48-bit millisecond timestamp + 80 random bits, 26 Crockford base32 characters.
    // Within a process ids increase strictly: a call in the same (or an earlier) millisecond
    // increments the previous random part instead of drawing a new one.
    qint64 ms = qBound<qint64>(0, tsMs, (qint64(1) << 48) - 1);
    unsigned __int128 random = 0;
    {
        IdState &state = idState();
        QMutexLocker lock(&state.mutex);
        if (ms <= state.ms) {
            ms = state.ms;
            random = (state.random + 1) & randomMask;
            if (random == 0) // 2^80 ids in one millisecond: borrow the next one
                ++ms;
        } else {
            quint32 words[3];
            QRandomGenerator::system()->fillRange(words);
            random = (static_cast<unsigned __int128>(words[0] & 0xffff) << 64)
                     | (static_cast<unsigned __int128>(words[1]) << 32) | words[2];
        }
        state.ms = ms;
        state.random = random;
    }

    const unsigned __int128 value = (static_cast<unsigned __int128>(ms) << 80) | random;
    QString id(26, Qt::Uninitialized);
    for (int i = 25; i >= 0; --i)
        id[i] = QLatin1Char(crockford[static_cast<int>((value >> ((25 - i) * 5)) & 0x1f)]);
    return id;
}

QString AuditLog::currentActor()
{
    static const QString actor = [] {
        for (const char *var : {"USER", "LOGNAME"}) {
            const QString name = qEnvironmentVariable(var);
            if (!name.isEmpty())
                return name;
        }
        if (const passwd *pw = getpwuid(geteuid()); pw && pw->pw_name)
            return QString::fromLocal8Bit(pw->pw_name);
        return QString::number(geteuid());
    }();
    return actor;
}

Result<QString> AuditLog::write(AuditEvent event)
{
    if (event.tsMs == 0)
        event.tsMs = nowMs();
    if (event.id.isEmpty())
        event.id = newId(event.tsMs);
    if (event.actor.isEmpty())
        event.actor = currentActor();
    if (event.action.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("an audit event needs an action"));

    return inSavepoint(m_db, [&]() -> Result<QString> {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral(
            "INSERT INTO audit_events (id, ts_ms, level, component, actor, host_id, action,"
            " message, details_json, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(event.id);
        q.addBindValue(event.tsMs);
        q.addBindValue(auditLevelName(event.level));
        q.addBindValue(bindable(event.component));
        q.addBindValue(bindable(event.actor));
        q.addBindValue(bindable(event.hostId));
        q.addBindValue(event.action);
        q.addBindValue(bindable(event.message));
        q.addBindValue(
            QString::fromUtf8(QJsonDocument(event.details).toJson(QJsonDocument::Compact)));
        q.addBindValue(event.ok ? QStringLiteral("ok") : QStringLiteral("failed"));
        q.addBindValue(bindable(event.error));
        if (!q.exec())
            return dbError(QStringLiteral("cannot write audit event %1").arg(event.action), q);

        QSqlQuery o(m_db);
        o.prepare(QStringLiteral("INSERT OR IGNORE INTO audit_objects (event_id, object_type, "
                                 "object_id) VALUES (?, ?, ?)"));
        for (const AuditObject &object : std::as_const(event.objects)) {
            o.addBindValue(event.id);
            o.addBindValue(bindable(object.type));
            o.addBindValue(bindable(object.id));
            if (!o.exec())
                return dbError(QStringLiteral("cannot link audit event %1").arg(event.action), o);
        }
        return event.id;
    });
}

Result<QList<AuditEvent>> AuditLog::query(const AuditQuery &query)
{
    QStringList where;
    QVariantList binds;
    if (!query.objectId.isEmpty()) {
        where.append(QStringLiteral("EXISTS (SELECT 1 FROM audit_objects o WHERE o.event_id = e.id"
                                    " AND o.object_id = ?)"));
        binds.append(query.objectId);
    }
    if (!query.hostId.isEmpty()) {
        where.append(QStringLiteral("e.host_id = ?"));
        binds.append(query.hostId);
    }
    if (query.sinceMs > 0) {
        where.append(QStringLiteral("e.ts_ms >= ?"));
        binds.append(query.sinceMs);
    }
    if (query.untilMs > 0) {
        where.append(QStringLiteral("e.ts_ms <= ?"));
        binds.append(query.untilMs);
    }
    QString sql = QStringLiteral("SELECT e.id, e.ts_ms, e.level, e.component, e.actor, e.host_id,"
                                 " e.action, e.message, e.details_json, e.outcome, e.error"
                                 " FROM audit_events e");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY e.ts_ms DESC, e.id DESC LIMIT ?");
    binds.append(query.limit > 0 ? query.limit : -1);

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &value : std::as_const(binds))
        q.addBindValue(value);
    if (!q.exec())
        return dbError(QStringLiteral("cannot read the audit log"), q);
    QList<AuditEvent> events;
    while (q.next()) {
        AuditEvent e;
        e.id = q.value(0).toString();
        e.tsMs = q.value(1).toLongLong();
        e.level = levelFromName(q.value(2).toString());
        e.component = q.value(3).toString();
        e.actor = q.value(4).toString();
        e.hostId = q.value(5).toString();
        e.action = q.value(6).toString();
        e.message = q.value(7).toString();
        e.details = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
        e.ok = q.value(9).toString() != QLatin1String("failed");
        e.error = q.value(10).toString();
        events.append(std::move(e));
    }
    if (q.lastError().isValid())
        return dbError(QStringLiteral("cannot read the audit log"), q);

    QSqlQuery o(m_db);
    o.setForwardOnly(true);
    o.prepare(QStringLiteral("SELECT object_type, object_id FROM audit_objects WHERE event_id = ?"
                             " ORDER BY rowid"));
    for (AuditEvent &e : events) {
        o.addBindValue(e.id);
        if (!o.exec())
            return dbError(QStringLiteral("cannot read audit objects"), o);
        while (o.next())
            e.objects.append({o.value(0).toString(), o.value(1).toString()});
    }
    return events;
}

} // namespace Virtumancer
