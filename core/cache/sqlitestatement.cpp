#include "sqlitestatement_p.h"

#include <QSqlDriver>

#include <sqlite3.h>

namespace Virtumancer {

sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant v = db.driver() ? db.driver()->handle() : QVariant();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

SqliteStatement::SqliteStatement(sqlite3 *db, const QString &sql)
    : m_db(db)
{
    if (!db) {
        m_prepareError = QStringLiteral("not an SQLite connection");
        return;
    }
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v3(db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT,
                           &m_stmt, nullptr)
        != SQLITE_OK) {
        m_prepareError = QString::fromUtf8(sqlite3_errmsg(db)) + QStringLiteral(": ") + sql;
        m_stmt = nullptr;
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bind(int index, const QString &value)
{
    if (!m_stmt)
        return;
    static const char16_t empty[] = u"";
    const void *text = value.isNull() ? static_cast<const void *>(empty) : value.utf16();
    sqlite3_bind_text16(m_stmt, index, text, int(value.size() * sizeof(char16_t)), SQLITE_STATIC);
}

void SqliteStatement::bind(int index, qint64 value)
{
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bind(int index, const QVariant &value)
{
    if (!m_stmt)
        return;
    if (value.isNull())
        sqlite3_bind_null(m_stmt, index);
    else
        sqlite3_bind_int64(m_stmt, index, value.toLongLong());
}

Result<int> SqliteStatement::exec()
{
    if (!m_stmt)
        return makeError(ErrorCode::Cache, m_prepareError);
    const int rc = sqlite3_step(m_stmt);
    sqlite3_reset(m_stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return makeError(ErrorCode::Cache, QString::fromUtf8(sqlite3_errmsg(m_db)));
    return sqlite3_changes(m_db);
}

qint64 SqliteStatement::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

bool SqliteStatement::next()
{
    if (!m_stmt)
        return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_stepError = QString::fromUtf8(sqlite3_errmsg(m_db));
    return false;
}

Result<> SqliteStatement::status() const
{
    if (!m_stmt)
        return makeError(ErrorCode::Cache, m_prepareError);
    if (!m_stepError.isEmpty())
        return makeError(ErrorCode::Cache, m_stepError);
    return {};
}

void SqliteStatement::reset()
{
    m_stepError.clear();
    if (m_stmt)
        sqlite3_reset(m_stmt);
}

QString SqliteStatement::text(int column) const
{
    // UTF-8 as stored: one conversion, straight into the QString.
    const auto *utf8 = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return utf8 ? QString::fromUtf8(utf8, sqlite3_column_bytes(m_stmt, column)) : QString();
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

} // namespace Virtumancer
