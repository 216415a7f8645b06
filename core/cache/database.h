#pragma once

#include "model/error.h"

#include <QSqlDatabase>
#include <QString>

namespace Virtumancer {

/// The SQLite cache: data-dir resolution, opening, versioned migrations, backups and recovery.
///
/// Thread rule (Qt SQL): a QSqlDatabase connection is used only by the thread that created it.
/// connection() hands each thread its own named connection to the same file; it is closed and
/// removed when that thread ends. WAL mode + busy_timeout keep readers from blocking on writers.
class Database
{
public:
    /// Schema version this build writes (PRAGMA user_version).
    static int latestVersion();

    struct OpenReport
    {
        int fromVersion = 0;     ///< user_version found (0 = new file)
        int toVersion = 0;       ///< user_version now
        QString backupPath;      ///< copy taken before migrating, if any
        QString corruptMovedTo;  ///< where a corrupt file was moved, if it was
        int recoveredHosts = 0;  ///< hosts salvaged from a corrupt file
        QString message;         ///< human-readable summary of anything unusual, else empty
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

    /// Closes this thread's connection now (normally done automatically at thread exit).
    static void closeThreadConnection(const QString &dataDir);

    /// Runs every migration on an already open connection (used for ":memory:" in tests).
    static Result<> migrate(QSqlDatabase &db);
};

/// Current time as Unix epoch milliseconds UTC — the unit of every timestamp in the cache.
qint64 nowMs();

} // namespace Virtumancer
