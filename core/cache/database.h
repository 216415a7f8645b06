#pragma once

#include "model/error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace Virtumancer {

/// The SQLite cache: data-dir resolution, opening, versioned migrations, backups and recovery.
///
/// Thread rule (Qt SQL): a QSqlDatabase connection is used only by the thread that created it.
/// connection() hands each thread its own named connection to the same file; it is closed and
/// removed when that thread ends (a QThread: while it finishes, before wait() returns; the main
/// thread: in ~QCoreApplication; any other thread: at its exit). WAL mode + busy_timeout keep
/// readers from blocking on writers.
///
/// Never hand the returned QSqlDatabase (or a HostRepository/AuditLog/InventoryStore built on
/// it) to another thread, and do not keep copies beyond the thread's life: when the connection
/// is removed, surviving copies stop working (Qt warns "connection ... is still in use").
/// A write transaction that reads before it writes should start with "BEGIN IMMEDIATE" so that
/// it waits (busy_timeout) instead of failing with SQLITE_BUSY when another writer got ahead.
class Database
{
public:
    /// Schema version this build writes (PRAGMA user_version).
    static int latestVersion();

    struct OpenReport
    {
        int fromVersion = 0;    ///< user_version found (0 = new file)
        int toVersion = 0;      ///< user_version now
        QString backupPath;     ///< copy taken before migrating, if any
        QString corruptMovedTo; ///< where a corrupt file was moved, if it was
        int recoveredHosts = 0; ///< hosts salvaged from a corrupt file
        QString message;        ///< human-readable summary of anything unusual, else empty
    };

    /// Resolves the data dir: explicit override, else $VIRTUMANCER_DATA_DIR, else
    /// QStandardPaths::AppDataLocation. Creates it (and logs/, backups/) with mode 0700.
    static Result<QString> resolveDataDir(const QString &overrideDir = {});

    /// Path of virtumancer.db inside dataDir.
    static QString databasePath(const QString &dataDir);

    /// Opens (creating if needed) and migrates the DB file in dataDir. Call once per process
    /// before connection(). A newer-version DB → ErrorCode::CacheNewer, file untouched. A
    /// corrupt file is moved to backups/ (hosts recovered into the fresh DB when readable) and
    /// reported in OpenReport, not as an error. File mode 0600.
    static Result<OpenReport> initialize(const QString &dataDir);

    /// This thread's connection to the DB initialized from dataDir (opened on first use, with
    /// foreign_keys=ON, journal_mode=WAL, synchronous=NORMAL, busy_timeout).
    static QSqlDatabase connection(const QString &dataDir);

    /// Closes this thread's connection now (normally done automatically at thread exit). Only
    /// from the owning thread, after every copy of the handle is gone.
    static void closeThreadConnection(const QString &dataDir);

    /// Runs every migration on an already open connection (used for ":memory:" in tests).
    static Result<> migrate(QSqlDatabase &db);

    /// One forward-only step: the SQL script that takes the schema from version - 1 to version.
    struct Migration
    {
        int version = 0;
        QString sql;
    };
    /// The steps this build knows, in order (step 1 = schema_v1.sql from the :/sql resource).
    static QList<Migration> migrations();

    /// For tests: initialize() and migrate() with an explicit list of steps (versions 1..N, in
    /// order), so a test can stage an "older" database and then upgrade it.
    static Result<OpenReport> initialize(const QString &dataDir, const QList<Migration> &steps);
    static Result<> migrate(QSqlDatabase &db, const QList<Migration> &steps);
};

/// Current time as Unix epoch milliseconds UTC — the unit of every timestamp in the cache.
qint64 nowMs();

} // namespace Virtumancer
