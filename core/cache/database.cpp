#include "database.h"

#include "logging.h"
#include "sqlscript.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QtEndian>

#include <utility>

namespace Virtumancer {

namespace {

constexpr int busyTimeoutMs = 5000;
constexpr QFileDevice::Permissions ownerDirPermissions
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr QFileDevice::Permissions ownerFilePermissions
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QString sqlError(const QSqlError &error)
{
    return error.text().trimmed();
}

std::unexpected<Error> cacheError(const QString &what, const QSqlError &error)
{
    return makeError(ErrorCode::Cache, what + QStringLiteral(": ") + sqlError(error));
}

QString timestamp()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
}

/// A free name in dir: base, else base-2, base-3, ...
QString freePath(const QDir &dir, const QString &base)
{
    QString candidate = dir.filePath(base);
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = dir.filePath(base + QLatin1Char('-') + QString::number(n));
    return candidate;
}

QString canonicalDir(const QString &dir)
{
    return QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
}

/// Creates dir (0700) if it does not exist; an existing directory keeps its mode.
Result<> ensureDir(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isDir())
            return makeError(ErrorCode::Cache,
                             QStringLiteral("%1 exists and is not a directory").arg(path));
        return {};
    }
    if (!QDir().mkpath(path))
        return makeError(ErrorCode::Cache, QStringLiteral("cannot create directory %1").arg(path));
    if (!QFile::setPermissions(path, ownerDirPermissions))
        return makeError(ErrorCode::Cache,
                         QStringLiteral("cannot set permissions 0700 on %1").arg(path));
    return {};
}

Result<> ensureDataDirs(const QString &dataDir)
{
    for (const QString &dir : {dataDir, QString(dataDir + QStringLiteral("/logs")),
                               QString(dataDir + QStringLiteral("/backups"))}) {
        if (auto r = ensureDir(dir); !r)
            return r;
    }
    return {};
}

/// The DB file and its WAL companions are private to the user, whatever the umask.
void restrictFilePermissions(const QString &dbPath)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        const QString path = dbPath + suffix;
        if (QFileInfo::exists(path) && !QFile::setPermissions(path, ownerFilePermissions))
            qCWarning(lcCache) << "cannot set permissions 0600 on" << path;
    }
}

/// Creates an empty file with mode 0600 (SQLite treats a zero-length file as a new database, and
/// gives its -wal/-shm files the same mode).
bool createPrivateFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerFilePermissions);
}

QString uniqueConnectionName(const QString &purpose)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("virtumancer-%1-%2").arg(purpose).arg(counter.fetchAndAddRelaxed(1));
}

Result<> exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return cacheError(sql, q.lastError());
    return {};
}

/// Applied to every connection, before anything else runs on it.
Result<> applyConnectionPragmas(QSqlDatabase &db)
{
    for (const QString &pragma :
         {QStringLiteral("PRAGMA busy_timeout=%1").arg(busyTimeoutMs),
          QStringLiteral("PRAGMA foreign_keys=ON"), QStringLiteral("PRAGMA synchronous=NORMAL"),
          // A full sync of a big host writes several MB; checkpointing inside its commit would
          // stall the sync. Host workers checkpoint after each sync instead (see HostSession);
          // this threshold is only the safety net.
          QStringLiteral("PRAGMA wal_autocheckpoint=16384")}) {
        if (auto r = exec(db, pragma); !r)
            return r;
    }
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        return cacheError(QStringLiteral("PRAGMA journal_mode=WAL"), q.lastError());
    if (!q.next() || q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive))
        qCWarning(lcCache) << db.databaseName() << "did not switch to WAL mode";
    return {};
}

Result<int> userVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return cacheError(QStringLiteral("cannot read the schema version"), q.lastError());
    return q.value(0).toInt();
}

/// Removes a connection this code opened; the QSqlDatabase handle must be gone first.
void dropConnection(const QString &name)
{
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

/// A private connection for one step of initialize(), removed when this goes out of scope.
class ScopedConnection
{
public:
    explicit ScopedConnection(const QString &purpose)
        : m_purpose(purpose)
    {
        reset();
    }
    ~ScopedConnection() { close(); }
    ScopedConnection(const ScopedConnection &) = delete;
    ScopedConnection &operator=(const ScopedConnection &) = delete;

    QSqlDatabase &db() { return m_db; }
    /// Closes the connection and starts a new, not yet opened one.
    void reset()
    {
        close();
        m_name = uniqueConnectionName(m_purpose);
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    }
    void close()
    {
        if (m_name.isEmpty())
            return;
        m_db = QSqlDatabase();
        dropConnection(m_name);
        m_name.clear();
    }

private:
    QString m_purpose;
    QString m_name;
    QSqlDatabase m_db;
};

bool looksCorrupt(const QSqlError &error)
{
    // SQLITE_NOTADB (26) and SQLITE_CORRUPT (11), by code and by message.
    const QString code = error.nativeErrorCode();
    const QString text = error.text();
    return code == QLatin1String("26") || code == QLatin1String("11")
           || text.contains(QLatin1String("not a database"), Qt::CaseInsensitive)
           || text.contains(QLatin1String("malformed"), Qt::CaseInsensitive);
}

/// Reads what the 100-byte SQLite header says, without opening the file through SQLite.
struct HeaderProbe
{
    QString corruptReason; ///< non-empty: not an SQLite database at all
    int userVersion = 0;
};

HeaderProbe probeHeader(const QString &path)
{
    HeaderProbe probe;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        probe.corruptReason = QStringLiteral("cannot be read: %1").arg(file.errorString());
        return probe;
    }
    const QByteArray header = file.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (header.size() < 100 || !header.startsWith(magic)) {
        probe.corruptReason = QStringLiteral("not an SQLite database");
        return probe;
    }
    probe.userVersion = qFromBigEndian<qint32>(header.constData() + 60);
    return probe;
}

QString newerMessage(const QString &path, int found, int latest)
{
    return QStringLiteral("%1 was written by a newer Virtumancer (schema %2, this build knows %3);"
                          " it was left untouched")
        .arg(QDir::toNativeSeparators(path))
        .arg(found)
        .arg(latest);
}

/// The user-owned part of a host row, salvaged from a corrupt file.
struct SalvagedHost
{
    QString id;
    QString displayName;
    QString uri;
    bool autoconnect = true;
    bool autoReconnectDisabled = false;
    qint64 createdAt = 0;
};

bool readHosts(QSqlDatabase &db, QList<SalvagedHost> *hosts)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT * FROM hosts")))
        return false;
    const QSqlRecord rec = q.record();
    const int idCol = rec.indexOf(QStringLiteral("id"));
    const int uriCol = rec.indexOf(QStringLiteral("uri"));
    if (idCol < 0 || uriCol < 0)
        return false;
    const int nameCol = rec.indexOf(QStringLiteral("display_name"));
    const int autoCol = rec.indexOf(QStringLiteral("autoconnect"));
    const int noReconnectCol = rec.indexOf(QStringLiteral("auto_reconnect_disabled"));
    const int createdCol = rec.indexOf(QStringLiteral("created_at"));
    // Rows read before a damaged page are kept: take what can be had.
    while (q.next()) {
        SalvagedHost h;
        h.id = q.value(idCol).toString();
        h.uri = q.value(uriCol).toString();
        if (h.id.isEmpty() || h.uri.isEmpty())
            continue;
        if (nameCol >= 0)
            h.displayName = q.value(nameCol).toString();
        if (autoCol >= 0)
            h.autoconnect = q.value(autoCol).toBool();
        if (noReconnectCol >= 0)
            h.autoReconnectDisabled = q.value(noReconnectCol).toBool();
        if (createdCol >= 0)
            h.createdAt = q.value(createdCol).toLongLong();
        hosts->append(h);
    }
    if (q.lastError().isValid())
        qCDebug(lcCache) << "reading hosts from the corrupt copy stopped early:"
                         << sqlError(q.lastError());
    return true;
}

/// Reads the hosts table of a corrupt copy, read-only; tolerates any failure.
QList<SalvagedHost> salvageHosts(const QString &path)
{
    QList<SalvagedHost> hosts;
    {
        ScopedConnection c(QStringLiteral("salvage"));
        c.db().setDatabaseName(path);
        c.db().setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (c.db().open() && readHosts(c.db(), &hosts))
            return hosts;
    }
    // A WAL file that cannot be used read-only: read the main file alone.
    hosts.clear();
    ScopedConnection c(QStringLiteral("salvage"));
    c.db().setDatabaseName(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded)
                           + QStringLiteral("?immutable=1"));
    c.db().setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
    if (!c.db().open() || !readHosts(c.db(), &hosts))
        qCDebug(lcCache) << "no hosts could be recovered from" << path;
    return hosts;
}

Result<int> insertSalvagedHosts(QSqlDatabase &db, const QList<SalvagedHost> &hosts)
{
    if (hosts.isEmpty())
        return 0;
    if (auto r = exec(db, QStringLiteral("BEGIN IMMEDIATE")); !r)
        return std::unexpected(r.error());
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO hosts (id, display_name, uri, autoconnect, auto_reconnect_disabled,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    const qint64 now = nowMs();
    int inserted = 0;
    for (const SalvagedHost &h : hosts) {
        q.addBindValue(h.id);
        q.addBindValue(h.displayName.isNull() ? QStringLiteral("") : h.displayName);
        q.addBindValue(h.uri);
        q.addBindValue(h.autoconnect ? 1 : 0);
        q.addBindValue(h.autoReconnectDisabled ? 1 : 0);
        q.addBindValue(h.createdAt > 0 ? h.createdAt : now);
        q.addBindValue(now);
        if (!q.exec()) {
            const QSqlError error = q.lastError();
            exec(db, QStringLiteral("ROLLBACK"));
            return cacheError(QStringLiteral("cannot restore recovered hosts"), error);
        }
        inserted += q.numRowsAffected() > 0 ? 1 : 0;
    }
    if (auto r = exec(db, QStringLiteral("COMMIT")); !r)
        return std::unexpected(r.error());
    return inserted;
}

/// Moves path and its -wal/-shm aside; returns the new path of the main file.
Result<QString> moveAside(const QString &path, const QDir &backups)
{
    const QString target
        = freePath(backups, QFileInfo(path).fileName() + QStringLiteral(".corrupt-") + timestamp());
    if (!QFile::rename(path, target))
        return makeError(
            ErrorCode::CacheCorrupt,
            QStringLiteral("%1 is corrupt and could not be moved to %2")
                .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(target)));
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (QFileInfo::exists(path + suffix) && !QFile::rename(path + suffix, target + suffix)) {
            qCWarning(lcCache) << "cannot move" << path + suffix << "aside; removing it";
            QFile::remove(path + suffix);
        }
    }
    QFile::setPermissions(target, ownerFilePermissions);
    return target;
}

/// A consistent copy of the open database (WAL content included) into backups/, mode 0600.
Result<QString> backup(QSqlDatabase &db, const QString &path, int fromVersion, const QDir &backups)
{
    const QString target
        = freePath(backups, QFileInfo(path).fileName() + QStringLiteral(".v")
                                + QString::number(fromVersion) + QLatin1Char('-') + timestamp());
    // VACUUM INTO fills an existing empty file and keeps its mode, so the copy is never readable
    // by others, not even for a moment.
    if (!createPrivateFile(target))
        return makeError(ErrorCode::Cache,
                         QStringLiteral("cannot create the backup %1").arg(target));
    QSqlQuery q(db);
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(target);
    if (!q.exec()) {
        const QSqlError error = q.lastError();
        QFile::remove(target);
        return cacheError(QStringLiteral("cannot back up %1 to %2").arg(path, target), error);
    }
    QFile::setPermissions(target, ownerFilePermissions);
    return target;
}

Result<bool> hasSchemaObjects(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next())
        return cacheError(QStringLiteral("cannot read the schema"), q.lastError());
    return q.value(0).toLongLong() > 0;
}

/// Per-thread connections: closed and removed when the thread ends.
// Trivially destructible, so it stays readable until the thread is gone: Qt emits an adopted
// thread's finished() from its own TLS cleanup, after thread_local objects were destroyed.
thread_local bool t_connectionsAlive = false;

class ThreadConnections
{
public:
    ThreadConnections() { t_connectionsAlive = true; }
    ~ThreadConnections()
    {
        closeAll();
        t_connectionsAlive = false;
    }

    QString find(const QString &dbPath) const { return m_names.value(dbPath); }
    void add(const QString &dbPath, const QString &name)
    {
        m_names.insert(dbPath, name);
        hookThreadEnd();
    }
    void close(const QString &dbPath)
    {
        const QString name = m_names.take(dbPath);
        if (!name.isEmpty())
            dropConnection(name);
    }
    void closeAll()
    {
        const QHash<QString, QString> names = std::exchange(m_names, {});
        for (const QString &name : names)
            dropConnection(name);
    }

private:
    void hookThreadEnd();

    QHash<QString, QString> m_names; // database path -> connection name
    bool m_hooked = false;
};

thread_local ThreadConnections t_connections;

void closeThisThreadsConnections()
{
    if (t_connectionsAlive)
        t_connections.closeAll();
}

void ThreadConnections::hookThreadEnd()
{
    if (m_hooked)
        return;
    m_hooked = true;
    // thread_local destructors run after QThread::wait() has returned; close earlier, while the
    // thread finishes, so a joined QThread has no connection left. The main thread closes in
    // ~QCoreApplication, before Qt's own teardown.
    QThread *thread = QThread::currentThread();
    QCoreApplication *app = QCoreApplication::instance();
    if (app && thread == app->thread()) {
        qAddPostRoutine(closeThisThreadsConnections);
    } else if (thread && thread->eventDispatcher()) {
        // A QThread (it has an event dispatcher; threads Qt merely adopted do not, and for those
        // the thread_local destructor closes at thread exit — a connection to an adopted
        // thread's signal would keep Qt from freeing it).
        // Direct: runs in the finishing thread itself, the owner of the connections.
        QObject::connect(thread, &QThread::finished, thread, &closeThisThreadsConnections,
                         Qt::DirectConnection);
    }
}

QString connectionNameFor(const QString &dbPath)
{
    const QByteArray hash
        = QCryptographicHash::hash(dbPath.toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    return QStringLiteral("cache-") + QString::fromLatin1(hash) + QLatin1Char('-')
           + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
}

} // namespace

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

int Database::latestVersion()
{
    const QList<Migration> steps = migrations();
    return steps.isEmpty() ? 0 : steps.last().version;
}

QList<Database::Migration> Database::migrations()
{
    static const QList<Migration> steps = [] {
        QList<Migration> list;
        QFile schema(QStringLiteral(":/sql/schema_v1.sql"));
        if (!schema.open(QIODevice::ReadOnly)) {
            qCCritical(lcCache) << "the embedded schema :/sql/schema_v1.sql is missing";
            return list;
        }
        list.append({1, QString::fromUtf8(schema.readAll())});
        return list;
    }();
    return steps;
}

Result<QString> Database::resolveDataDir(const QString &overrideDir)
{
    QString dir = overrideDir;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("VIRTUMANCER_DATA_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        return makeError(ErrorCode::Cache,
                         QStringLiteral("no data directory: set VIRTUMANCER_DATA_DIR or use "
                                        "--data-dir"));
    dir = canonicalDir(dir);
    if (auto r = ensureDataDirs(dir); !r)
        return std::unexpected(r.error());
    return dir;
}

QString Database::databasePath(const QString &dataDir)
{
    return canonicalDir(dataDir) + QStringLiteral("/virtumancer.db");
}

Result<Database::OpenReport> Database::initialize(const QString &dataDir)
{
    return initialize(dataDir, migrations());
}

Result<Database::OpenReport> Database::initialize(const QString &dataDir,
                                                  const QList<Migration> &steps)
{
    if (steps.isEmpty())
        return makeError(ErrorCode::Cache, QStringLiteral("no schema migrations are available"));
    const int latest = steps.last().version;
    if (auto r = ensureDataDirs(canonicalDir(dataDir)); !r)
        return std::unexpected(r.error());
    const QString path = databasePath(dataDir);
    const QDir backups(canonicalDir(dataDir) + QStringLiteral("/backups"));
    OpenReport report;

    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return makeError(ErrorCode::Cache, QStringLiteral("%1 is not a file").arg(path));
    if (!info.exists() && !createPrivateFile(path))
        return makeError(ErrorCode::Cache, QStringLiteral("cannot create %1").arg(path));
    const bool hadContent = info.exists() && info.size() > 0;

    QString corruptReason;
    if (hadContent) {
        const HeaderProbe probe = probeHeader(path);
        corruptReason = probe.corruptReason;
        // Refuse a newer file before SQLite touches it: even setting WAL mode writes the header.
        if (corruptReason.isEmpty() && probe.userVersion > latest)
            return makeError(ErrorCode::CacheNewer, newerMessage(path, probe.userVersion, latest));
    }

    ScopedConnection conn(QStringLiteral("init"));
    QSqlDatabase &db = conn.db();
    db.setDatabaseName(path);
    int version = 0;
    if (corruptReason.isEmpty()) {
        if (!db.open())
            return cacheError(QStringLiteral("cannot open %1").arg(path), db.lastError());
        if (auto r = exec(db, QStringLiteral("PRAGMA busy_timeout=%1").arg(busyTimeoutMs)); !r)
            return std::unexpected(r.error());
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
            if (!looksCorrupt(q.lastError()))
                return cacheError(QStringLiteral("cannot read %1").arg(path), q.lastError());
            corruptReason = sqlError(q.lastError());
        } else {
            version = q.value(0).toInt();
        }
        q.finish();
        if (corruptReason.isEmpty() && version > latest) {
            conn.close();
            return makeError(ErrorCode::CacheNewer, newerMessage(path, version, latest));
        }
        if (corruptReason.isEmpty() && hadContent) {
            QSqlQuery check(db);
            // quick_check(1): stop at the first problem, one is enough to know.
            if (!check.exec(QStringLiteral("PRAGMA quick_check(1)")) || !check.next()) {
                if (!looksCorrupt(check.lastError()))
                    return cacheError(QStringLiteral("cannot check %1").arg(path),
                                      check.lastError());
                corruptReason = sqlError(check.lastError());
            } else if (check.value(0).toString() != QLatin1String("ok")) {
                corruptReason = check.value(0)
                                    .toString()
                                    .remove(QStringLiteral("*** in database main ***"))
                                    .trimmed()
                                    .section(u'\n', 0, 0);
            }
        }
    }

    QList<SalvagedHost> salvaged;
    if (!corruptReason.isEmpty()) {
        conn.close();
        qCDebug(lcCache) << path << "is corrupt:" << corruptReason;
        auto moved = moveAside(path, backups);
        if (!moved)
            return std::unexpected(moved.error());
        report.corruptMovedTo = *moved;
        salvaged = salvageHosts(*moved);
        if (!createPrivateFile(path))
            return makeError(ErrorCode::Cache, QStringLiteral("cannot create %1").arg(path));
        conn.reset();
        conn.db().setDatabaseName(path);
        if (!conn.db().open())
            return cacheError(QStringLiteral("cannot open %1").arg(path), conn.db().lastError());
        version = 0;
    }
    QSqlDatabase &live = conn.db();
    report.fromVersion = version;

    if (version < latest && corruptReason.isEmpty() && hadContent) {
        auto nonEmpty = version > 0 ? Result<bool>(true) : hasSchemaObjects(live);
        if (!nonEmpty)
            return std::unexpected(nonEmpty.error());
        if (*nonEmpty) {
            auto copy = backup(live, path, version, backups);
            if (!copy)
                return std::unexpected(copy.error());
            report.backupPath = *copy;
            qCDebug(lcCache) << "backed up" << path << "to" << *copy << "before migrating";
        }
    }

    if (auto r = applyConnectionPragmas(live); !r)
        return std::unexpected(r.error());
    if (auto r = migrate(live, steps); !r)
        return std::unexpected(r.error());

    if (!report.corruptMovedTo.isEmpty()) {
        auto restored = insertSalvagedHosts(live, salvaged);
        if (!restored)
            return std::unexpected(restored.error());
        report.recoveredHosts = *restored;
    }
    auto finalVersion = userVersion(live);
    if (!finalVersion)
        return std::unexpected(finalVersion.error());
    report.toVersion = *finalVersion;
    restrictFilePermissions(path);

    if (!report.corruptMovedTo.isEmpty()) {
        report.message = QStringLiteral("%1 was corrupt (%2); it was moved to %3 and a new cache "
                                        "was created; %4 host(s) recovered")
                             .arg(QDir::toNativeSeparators(path), corruptReason,
                                  QDir::toNativeSeparators(report.corruptMovedTo),
                                  QString::number(report.recoveredHosts));
    } else if (!report.backupPath.isEmpty()) {
        report.message = QStringLiteral("upgraded the cache from schema %1 to %2 (backup: %3)")
                             .arg(report.fromVersion)
                             .arg(report.toVersion)
                             .arg(QDir::toNativeSeparators(report.backupPath));
    }
    if (!report.message.isEmpty())
        qCDebug(lcCache).noquote() << report.message;
    return report;
}

Result<> Database::migrate(QSqlDatabase &db)
{
    return migrate(db, migrations());
}

Result<> Database::migrate(QSqlDatabase &db, const QList<Migration> &steps)
{
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (steps.at(i).version != i + 1)
            return makeError(ErrorCode::Cache,
                             QStringLiteral("migration steps must be numbered 1..N in order"));
    }
    const int latest = steps.isEmpty() ? 0 : steps.last().version;
    auto current = userVersion(db);
    if (!current)
        return std::unexpected(current.error());
    if (*current > latest)
        return makeError(ErrorCode::CacheNewer, newerMessage(db.databaseName(), *current, latest));

    for (const Migration &step : steps) {
        if (step.version <= *current)
            continue;
        // IMMEDIATE takes the write lock up front (waiting up to busy_timeout), and the version
        // is read again under it: another process may have migrated meanwhile.
        if (auto r = exec(db, QStringLiteral("BEGIN IMMEDIATE")); !r)
            return r;
        auto rollback = [&db] {
            exec(db, QStringLiteral("ROLLBACK"));
        };
        current = userVersion(db);
        if (!current) {
            rollback();
            return std::unexpected(current.error());
        }
        if (*current >= step.version) {
            rollback();
            continue;
        }
        for (const QString &statement : splitSqlStatements(step.sql)) {
            QSqlQuery q(db);
            if (!q.exec(statement)) {
                const QSqlError error = q.lastError();
                rollback();
                return cacheError(QStringLiteral("migration to schema %1 failed at \"%2\"")
                                      .arg(step.version)
                                      .arg(statement.left(80)),
                                  error);
            }
        }
        if (auto r = exec(db, QStringLiteral("PRAGMA user_version=%1").arg(step.version)); !r) {
            rollback();
            return r;
        }
        if (auto r = exec(db, QStringLiteral("COMMIT")); !r) {
            rollback();
            return r;
        }
        qCDebug(lcCache) << db.databaseName() << "migrated to schema" << step.version;
        *current = step.version;
    }
    return {};
}

QSqlDatabase Database::connection(const QString &dataDir)
{
    const QString path = databasePath(dataDir);
    const QString existing = t_connections.find(path);
    if (!existing.isEmpty()) {
        QSqlDatabase db = QSqlDatabase::database(existing, false);
        if (db.isOpen())
            return db;
        t_connections.close(path); // closed behind our back: open afresh
    }

    const QString name = connectionNameFor(path);
    if (QSqlDatabase::contains(name)) {
        // Left by an ended thread whose id this thread now reuses.
        qCDebug(lcCache) << "removing stale connection" << name;
        QSqlDatabase::removeDatabase(name);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    t_connections.add(path, name);
    if (!db.open()) {
        qCWarning(lcCache) << "cannot open" << path << sqlError(db.lastError());
        return db;
    }
    if (auto r = applyConnectionPragmas(db); !r)
        qCWarning(lcCache) << "connection setup failed:" << r.error().message;
    restrictFilePermissions(path);
    return db;
}

void Database::closeThreadConnection(const QString &dataDir)
{
    t_connections.close(databasePath(dataDir));
}

} // namespace Virtumancer
