#pragma once

// Internal: a prepared SQLite statement driven through SQLite's own API on the connection Qt
// opened. Used for the mirror's bulk writes, where QSqlQuery's per-bind bookkeeping (a QVariant
// copy and a placeholder-name string per value) cost more than the insert itself, and for its
// bulk reads, where QSqlQuery's per-value QVariant and SQLite's UTF-16 conversion (with its own
// copy) of every text cost more than reading the rows.

#include "model/error.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

struct sqlite3;
struct sqlite3_stmt;

namespace Virtumancer {

/// The sqlite3 handle behind a QSQLITE connection (null for any other driver).
sqlite3 *sqliteHandle(const QSqlDatabase &db);

class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, const QString &sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    /// Binds by 1-based position. Text is bound without a copy: the QString must outlive
    /// exec(). A null QString binds as '' (our text columns are NOT NULL DEFAULT '').
    void bind(int index, const QString &value);
    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, bool value) { bind(index, qint64(value ? 1 : 0)); }
    /// A null QVariant binds NULL; anything else as an integer.
    void bind(int index, const QVariant &value);

    /// Runs to completion (no result rows expected); returns the rows it changed.
    Result<int> exec();
    qint64 lastInsertRowId() const;

    /// Steps to the next result row; false once there are no more or a step failed (status()
    /// tells which). Reset (for new binds) with reset().
    bool next();
    /// The outcome of the last next(): an error if a step failed or the statement did not
    /// prepare.
    Result<> status() const;
    void reset();
    /// Columns of the current row, 0-based. A NULL reads as a null QString / 0.
    QString text(int column) const;
    qint64 int64(int column) const;
    int int32(int column) const { return int(int64(column)); }
    bool boolean(int column) const { return int64(column) != 0; }
    bool isNull(int column) const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_prepareError;
    QString m_stepError;
};

} // namespace Virtumancer
