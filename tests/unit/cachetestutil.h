#pragma once

#include "cache/database.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <gtest/gtest.h>

namespace Virtumancer::Test {

/// A private ":memory:" connection migrated to the latest schema, removed on destruction.
class MemoryCache
{
public:
    MemoryCache()
        : m_name(QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(QStringLiteral(":memory:"));
        m_ok = m_db.open() && QSqlQuery(m_db).exec(QStringLiteral("PRAGMA foreign_keys=ON"))
               && Database::migrate(m_db).has_value();
    }
    ~MemoryCache()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    MemoryCache(const MemoryCache &) = delete;
    MemoryCache &operator=(const MemoryCache &) = delete;

    bool isOk() const { return m_ok; }
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
    bool m_ok = false;
};

/// The first column of the first row of sql, or an invalid QVariant (and a test failure).
inline QVariant scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        ADD_FAILURE() << "query failed: " << sql.toStdString() << ": "
                      << q.lastError().text().toStdString();
        return {};
    }
    return q.value(0);
}

inline bool execSql(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        ADD_FAILURE() << "exec failed: " << sql.toStdString() << ": "
                      << q.lastError().text().toStdString();
        return false;
    }
    return true;
}

/// total_changes() of the connection: rows inserted, updated or deleted so far.
inline qint64 totalChanges(QSqlDatabase db)
{
    return scalar(db, QStringLiteral("SELECT total_changes()")).toLongLong();
}

} // namespace Virtumancer::Test
