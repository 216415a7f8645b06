// Database: SQL script splitting, data-dir resolution, migrations, backups, refusal of newer
// files, corrupt-file recovery, file modes, per-thread connections, the volume_status view.

#include "cachetestutil.h"
#include "common/testutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "cache/sqlscript.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include <sys/stat.h>

using namespace Virtumancer;
using Virtumancer::Test::execSql;
using Virtumancer::Test::scalar;

namespace {

/// A test's own connection to a file, removed on destruction.
class FileConnection
{
public:
    explicit FileConnection(const QString &path, const QString &options = {})
        : m_name(QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(options);
        m_open = m_db.open();
    }
    ~FileConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_open; }
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
    bool m_open = false;
};

int fileMode(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

QSet<QString> schemaObjects(QSqlDatabase db, const QString &type)
{
    QSet<QString> names;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE "
                             "'sqlite_%'"));
    q.addBindValue(type);
    EXPECT_TRUE(q.exec()) << q.lastError().text().toStdString();
    while (q.next())
        names.insert(q.value(0).toString());
    return names;
}

QStringList backupFiles(const QString &dataDir)
{
    return QDir(dataDir + QStringLiteral("/backups")).entryList(QDir::Files, QDir::Name);
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

/// Schema steps for tests: the real step 1, plus a step 2 given as SQL.
QList<Database::Migration> stepsWith(const QString &step2)
{
    QList<Database::Migration> steps = Database::migrations();
    steps.append({2, step2});
    return steps;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// splitSqlStatements

TEST(SqlScript, SplitsPlainStatements)
{
    const QStringList s = splitSqlStatements(
        QStringLiteral("CREATE TABLE a (x);\n  INSERT INTO a VALUES (1) ;;\nSELECT 1"));
    ASSERT_EQ(s.size(), 3);
    EXPECT_EQ(s.at(0), QStringLiteral("CREATE TABLE a (x)"));
    EXPECT_EQ(s.at(1), QStringLiteral("INSERT INTO a VALUES (1)"));
    EXPECT_EQ(s.at(2), QStringLiteral("SELECT 1"));
}

TEST(SqlScript, SemicolonsInStringsIdentifiersAndCommentsDoNotSplit)
{
    const QString script = QStringLiteral(
        "-- leading comment; with a semicolon\n"
        "INSERT INTO t VALUES ('a;b', 'it''s; fine', \"col;x\", `q;`, [br;acket]); -- tail; c\n"
        "/* block; comment */ SELECT /* inner; */ 2;\n"
        "-- only a comment;\n"
        "   ;\n");
    const QStringList s = splitSqlStatements(script);
    ASSERT_EQ(s.size(), 2) << s.join(QStringLiteral(" | ")).toStdString();
    EXPECT_EQ(s.at(0), QStringLiteral("INSERT INTO t VALUES ('a;b', 'it''s; fine', \"col;x\", "
                                      "`q;`, [br;acket])"));
    EXPECT_EQ(s.at(1), QStringLiteral("SELECT /* inner; */ 2"));
}

TEST(SqlScript, TriggerBodiesStayWhole)
{
    const QString trigger = QStringLiteral(
        "CREATE TRIGGER t_audit AFTER UPDATE ON t\n"
        "BEGIN\n"
        "  INSERT INTO log VALUES (CASE WHEN new.x > 1 THEN 'big;' ELSE 'small' END);\n"
        "  UPDATE t SET y = CASE new.x WHEN 1 THEN 2 END; -- end; here\n"
        "END");
    const QString temp = QStringLiteral(
        "create temporary trigger tt before delete on t begin select raise(abort, 'no'); end");
    const QStringList s = splitSqlStatements(trigger + QStringLiteral(";\n") + temp
                                             + QStringLiteral(";\nCREATE TABLE after_it (x);"));
    ASSERT_EQ(s.size(), 3) << s.join(QStringLiteral(" | ")).toStdString();
    EXPECT_EQ(s.at(0), trigger);
    EXPECT_EQ(s.at(1), temp);
    EXPECT_EQ(s.at(2), QStringLiteral("CREATE TABLE after_it (x)"));
}

TEST(SqlScript, CreateWithoutTriggerSplitsNormally)
{
    const QStringList s = splitSqlStatements(
        QStringLiteral("CREATE TEMP TABLE x (a); CREATE VIEW v AS SELECT 1; END"));
    ASSERT_EQ(s.size(), 3);
    EXPECT_EQ(s.at(2), QStringLiteral("END"));
}

TEST(SqlScript, UnterminatedInputIsKeptAsLastStatement)
{
    const QStringList s = splitSqlStatements(QStringLiteral("SELECT 1; SELECT 'open"));
    ASSERT_EQ(s.size(), 2);
    EXPECT_EQ(s.at(1), QStringLiteral("SELECT 'open"));
    EXPECT_TRUE(splitSqlStatements(QStringLiteral("  -- nothing\n/* at all */ ")).isEmpty());
}

TEST(SqlScript, SchemaV1SplitsIntoExecutableStatements)
{
    const QList<Database::Migration> steps = Database::migrations();
    ASSERT_EQ(steps.size(), 1);
    ASSERT_EQ(steps.first().version, 1);
    const QStringList statements = splitSqlStatements(steps.first().sql);
    int triggers = 0;
    for (const QString &s : statements) {
        EXPECT_TRUE(s.startsWith(QLatin1String("CREATE "))) << s.toStdString();
        if (s.startsWith(QLatin1String("CREATE TRIGGER"))) {
            ++triggers;
            EXPECT_TRUE(s.endsWith(QLatin1String("END"))) << s.toStdString();
        }
    }
    EXPECT_EQ(triggers, 4);
    // Every statement prepares on its own (the QSQLITE driver refuses multi-statement text).
    Virtumancer::Test::MemoryCache cache;
    ASSERT_TRUE(cache.isOk());
}

// ---------------------------------------------------------------------------------------------
// Data dir

TEST(DatabaseDataDir, OverrideIsCreatedPrivateWithLogsAndBackups)
{
    Virtumancer::Test::TempDataDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("nested/data"));
    auto resolved = Database::resolveDataDir(dir);
    ASSERT_TRUE(resolved) << resolved.error().message.toStdString();
    EXPECT_EQ(*resolved, QDir::cleanPath(dir));
    for (const QString &d :
         QStringList{dir, dir + QStringLiteral("/logs"), dir + QStringLiteral("/backups")}) {
        EXPECT_TRUE(QFileInfo(d).isDir()) << d.toStdString();
        EXPECT_EQ(fileMode(d), 0700) << d.toStdString();
        EXPECT_EQ(QFileInfo(d).permissions()
                      & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                         | QFileDevice::ReadOther | QFileDevice::WriteOther
                         | QFileDevice::ExeOther),
                  QFileDevice::Permissions());
    }
}

TEST(DatabaseDataDir, EnvironmentVariableIsUsedUnlessOverridden)
{
    Virtumancer::Test::TempDataDir tmp;
    const QString fromEnv = tmp.filePath(QStringLiteral("from-env"));
    const QString explicitDir = tmp.filePath(QStringLiteral("explicit"));
    qputenv("VIRTUMANCER_DATA_DIR", QFile::encodeName(fromEnv));
    auto viaEnv = Database::resolveDataDir();
    auto viaOverride = Database::resolveDataDir(explicitDir);
    qunsetenv("VIRTUMANCER_DATA_DIR");
    ASSERT_TRUE(viaEnv);
    ASSERT_TRUE(viaOverride);
    EXPECT_EQ(*viaEnv, fromEnv);
    EXPECT_EQ(*viaOverride, explicitDir);
    EXPECT_TRUE(QFileInfo(fromEnv + QStringLiteral("/backups")).isDir());
}

TEST(DatabaseDataDir, FallsBackToAppDataLocation)
{
    qunsetenv("VIRTUMANCER_DATA_DIR");
    QStandardPaths::setTestModeEnabled(true);
    const QString expected = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const bool existed = QFileInfo::exists(expected);
    auto resolved = Database::resolveDataDir();
    if (!existed)
        QDir(expected).removeRecursively();
    QStandardPaths::setTestModeEnabled(false);
    ASSERT_TRUE(resolved) << resolved.error().message.toStdString();
    EXPECT_EQ(*resolved, QDir::cleanPath(expected));
}

TEST(DatabaseDataDir, DatabaseFilesArePrivateWhateverTheUmask)
{
    Virtumancer::Test::TempDataDir tmp;
    const mode_t oldMask = ::umask(0);
    auto report = Database::initialize(tmp.path());
    QSqlDatabase db = Database::connection(tmp.path());
    ASSERT_TRUE(execSql(db, QStringLiteral("CREATE TEMP TABLE touch (x)")));
    ::umask(oldMask);
    ASSERT_TRUE(report) << report.error().message.toStdString();
    const QString path = Database::databasePath(tmp.path());
    EXPECT_EQ(path, tmp.filePath(QStringLiteral("virtumancer.db")));
    EXPECT_EQ(fileMode(path), 0600);
    ASSERT_TRUE(QFileInfo::exists(path + QStringLiteral("-wal")));
    EXPECT_EQ(fileMode(path + QStringLiteral("-wal")), 0600);
    ASSERT_TRUE(QFileInfo::exists(path + QStringLiteral("-shm")));
    EXPECT_EQ(fileMode(path + QStringLiteral("-shm")), 0600);
    EXPECT_EQ(QFileInfo(path).permissions()
                  & ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser
                      | QFileDevice::WriteUser),
              QFileDevice::Permissions());
    db = QSqlDatabase(); // no handle may outlive the connection
    Database::closeThreadConnection(tmp.path());
}

// ---------------------------------------------------------------------------------------------
// Opening and migrating

TEST(DatabaseOpen, EmptyDirMigratesToLatestWithPragmas)
{
    Virtumancer::Test::TempDataDir tmp;
    auto report = Database::initialize(tmp.path());
    ASSERT_TRUE(report) << report.error().message.toStdString();
    EXPECT_EQ(Database::latestVersion(), 1);
    EXPECT_EQ(report->fromVersion, 0);
    EXPECT_EQ(report->toVersion, Database::latestVersion());
    EXPECT_TRUE(report->backupPath.isEmpty());
    EXPECT_TRUE(report->corruptMovedTo.isEmpty());
    EXPECT_EQ(report->recoveredHosts, 0);
    EXPECT_TRUE(report->message.isEmpty()) << report->message.toStdString();
    EXPECT_TRUE(backupFiles(tmp.path()).isEmpty());

    QSqlDatabase db = Database::connection(tmp.path());
    ASSERT_TRUE(db.isOpen());
    EXPECT_EQ(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), 1);
    EXPECT_EQ(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    EXPECT_EQ(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    EXPECT_EQ(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
    EXPECT_EQ(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);

    const QSet<QString> tables{QStringLiteral("hosts"),
                               QStringLiteral("virtual_machines"),
                               QStringLiteral("storage_pools"),
                               QStringLiteral("volumes"),
                               QStringLiteral("disk_attachments"),
                               QStringLiteral("networks"),
                               QStringLiteral("ports"),
                               QStringLiteral("port_bindings"),
                               QStringLiteral("graphics_devices"),
                               QStringLiteral("snapshots"),
                               QStringLiteral("tags"),
                               QStringLiteral("vm_tags"),
                               QStringLiteral("audit_events"),
                               QStringLiteral("audit_objects")};
    EXPECT_EQ(schemaObjects(db, QStringLiteral("table")), tables);
    EXPECT_EQ(schemaObjects(db, QStringLiteral("view")),
              QSet<QString>{QStringLiteral("volume_status")});
    EXPECT_EQ(schemaObjects(db, QStringLiteral("trigger")),
              (QSet<QString>{QStringLiteral("audit_events_no_update"),
                             QStringLiteral("audit_events_no_delete"),
                             QStringLiteral("audit_objects_no_update"),
                             QStringLiteral("audit_objects_no_delete")}));
    EXPECT_TRUE(schemaObjects(db, QStringLiteral("index"))
                    .contains(QStringLiteral("audit_objects_object")));
    db = QSqlDatabase(); // no handle may outlive the connection
    Database::closeThreadConnection(tmp.path());
}

TEST(DatabaseOpen, SecondInitializeIsNoOp)
{
    Virtumancer::Test::TempDataDir tmp;
    ASSERT_TRUE(Database::initialize(tmp.path()));
    auto again = Database::initialize(tmp.path());
    ASSERT_TRUE(again) << again.error().message.toStdString();
    EXPECT_EQ(again->fromVersion, 1);
    EXPECT_EQ(again->toVersion, 1);
    EXPECT_TRUE(again->backupPath.isEmpty());
    EXPECT_TRUE(again->corruptMovedTo.isEmpty());
    EXPECT_TRUE(again->message.isEmpty());
    EXPECT_TRUE(backupFiles(tmp.path()).isEmpty());
}

TEST(DatabaseOpen, ZeroLengthFileIsANewDatabase)
{
    Virtumancer::Test::TempDataDir tmp;
    ASSERT_TRUE(
        Virtumancer::Test::writeAll(tmp.filePath(QStringLiteral("virtumancer.db")), QByteArray()));
    auto report = Database::initialize(tmp.path());
    ASSERT_TRUE(report) << report.error().message.toStdString();
    EXPECT_EQ(report->fromVersion, 0);
    EXPECT_EQ(report->toVersion, 1);
    EXPECT_TRUE(report->corruptMovedTo.isEmpty());
    EXPECT_TRUE(report->backupPath.isEmpty());
    EXPECT_TRUE(backupFiles(tmp.path()).isEmpty());
}

TEST(DatabaseOpen, MigrateOnMemoryConnectionIsIdempotent)
{
    Virtumancer::Test::MemoryCache cache;
    ASSERT_TRUE(cache.isOk());
    EXPECT_EQ(scalar(cache.db(), QStringLiteral("PRAGMA user_version")).toInt(), 1);
    const qint64 objects
        = scalar(cache.db(), QStringLiteral("SELECT count(*) FROM sqlite_master")).toLongLong();
    auto again = Database::migrate(cache.db());
    ASSERT_TRUE(again) << again.error().message.toStdString();
    EXPECT_EQ(scalar(cache.db(), QStringLiteral("SELECT count(*) FROM sqlite_master")).toLongLong(),
              objects);
}

TEST(DatabaseOpen, NewerDatabaseIsRefusedAndLeftByteIdentical)
{
    Virtumancer::Test::TempDataDir tmp;
    const QString path = tmp.filePath(QStringLiteral("virtumancer.db"));
    {
        FileConnection c(path);
        ASSERT_TRUE(c.isOpen());
        ASSERT_TRUE(execSql(c.db(), QStringLiteral("CREATE TABLE future (x TEXT)")));
        ASSERT_TRUE(execSql(c.db(), QStringLiteral("INSERT INTO future VALUES ('from v7')")));
        ASSERT_TRUE(execSql(c.db(), QStringLiteral("PRAGMA user_version=7")));
    }
    const QByteArray before = Virtumancer::Test::readAll(path);
    ASSERT_FALSE(before.isEmpty());

    auto report = Database::initialize(tmp.path());
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::CacheNewer);
    EXPECT_TRUE(report.error().message.contains(
        QStringLiteral("virtumancer.db was written by a newer Virtumancer (schema 7, this build "
                       "knows 1); it was left untouched")))
        << report.error().message.toStdString();
    EXPECT_EQ(Virtumancer::Test::readAll(path), before);
    EXPECT_FALSE(QFileInfo::exists(path + QStringLiteral("-wal")));
    EXPECT_FALSE(QFileInfo::exists(path + QStringLiteral("-shm")));
    EXPECT_TRUE(backupFiles(tmp.path()).isEmpty());
}

TEST(DatabaseOpen, MigrateRefusesNewerConnection)
{
    Virtumancer::Test::MemoryCache cache;
    ASSERT_TRUE(cache.isOk());
    ASSERT_TRUE(execSql(cache.db(), QStringLiteral("PRAGMA user_version=3")));
    auto r = Database::migrate(cache.db());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::CacheNewer);
    EXPECT_EQ(scalar(cache.db(), QStringLiteral("PRAGMA user_version")).toInt(), 3);
}

TEST(DatabaseOpen, OlderDatabaseIsBackedUpBeforeMigrating)
{
    Virtumancer::Test::TempDataDir tmp;
    const QList<Database::Migration> v1 = Database::migrations();
    auto first = Database::initialize(tmp.path(), v1);
    ASSERT_TRUE(first) << first.error().message.toStdString();
    ASSERT_EQ(first->toVersion, 1);
    {
        HostRepository hosts(Database::connection(tmp.path()));
        ASSERT_TRUE(hosts.add(QStringLiteral("h1"), QStringLiteral("test:///default"), {}, true));
    }
    Database::closeThreadConnection(tmp.path());

    const auto v2 = stepsWith(QStringLiteral("CREATE TABLE extra (x INTEGER NOT NULL);\n-- a "
                                             "comment; here\nINSERT INTO extra VALUES (42);"));
    auto second = Database::initialize(tmp.path(), v2);
    ASSERT_TRUE(second) << second.error().message.toStdString();
    EXPECT_EQ(second->fromVersion, 1);
    EXPECT_EQ(second->toVersion, 2);
    EXPECT_TRUE(second->corruptMovedTo.isEmpty());
    ASSERT_FALSE(second->backupPath.isEmpty());
    EXPECT_FALSE(second->message.isEmpty());
    const QFileInfo backup(second->backupPath);
    EXPECT_EQ(backup.absolutePath(), tmp.filePath(QStringLiteral("backups")));
    EXPECT_TRUE(backup.fileName().startsWith(QLatin1String("virtumancer.db.v1-")))
        << backup.fileName().toStdString();
    EXPECT_EQ(backupFiles(tmp.path()), QStringList{backup.fileName()});
    EXPECT_EQ(fileMode(second->backupPath), 0600);

    {
        FileConnection old(second->backupPath, QStringLiteral("QSQLITE_OPEN_READONLY"));
        ASSERT_TRUE(old.isOpen());
        EXPECT_EQ(scalar(old.db(), QStringLiteral("PRAGMA user_version")).toInt(), 1);
        EXPECT_EQ(
            scalar(old.db(), QStringLiteral("SELECT uri FROM hosts WHERE id = 'h1'")).toString(),
            QStringLiteral("test:///default"));
        EXPECT_EQ(scalar(old.db(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = "
                                                  "'extra'"))
                      .toInt(),
                  0);
    }
    QSqlDatabase db = Database::connection(tmp.path());
    EXPECT_EQ(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), 2);
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT x FROM extra")).toInt(), 42);
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM hosts")).toInt(), 1);
    db = QSqlDatabase(); // no handle may outlive the connection
    Database::closeThreadConnection(tmp.path());

    // Already at 2: no further backup.
    auto third = Database::initialize(tmp.path(), v2);
    ASSERT_TRUE(third);
    EXPECT_TRUE(third->backupPath.isEmpty());
    EXPECT_EQ(backupFiles(tmp.path()).size(), 1);
}

TEST(DatabaseOpen, FailedStepIsRolledBack)
{
    Virtumancer::Test::TempDataDir tmp;
    ASSERT_TRUE(Database::initialize(tmp.path(), Database::migrations()));
    const auto broken
        = stepsWith(QStringLiteral("CREATE TABLE half_done (x);\nCREATE TABLE broken (;"));
    auto r = Database::initialize(tmp.path(), broken);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Cache);
    EXPECT_TRUE(r.error().message.contains(QLatin1String("schema 2")))
        << r.error().message.toStdString();

    FileConnection c(Database::databasePath(tmp.path()));
    ASSERT_TRUE(c.isOpen());
    EXPECT_EQ(scalar(c.db(), QStringLiteral("PRAGMA user_version")).toInt(), 1);
    EXPECT_EQ(scalar(c.db(),
                     QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"))
                  .toInt(),
              0);
    EXPECT_EQ(backupFiles(tmp.path()).size(), 1); // taken before the failed attempt
}

TEST(DatabaseOpen, StepsMustBeNumberedInOrder)
{
    Virtumancer::Test::MemoryCache cache;
    ASSERT_TRUE(cache.isOk());
    QList<Database::Migration> steps = Database::migrations();
    steps.append({3, QStringLiteral("CREATE TABLE skipped (x)")});
    auto r = Database::migrate(cache.db(), steps);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Cache);
}

// ---------------------------------------------------------------------------------------------
// Corrupt files

TEST(DatabaseCorrupt, GarbageFileIsMovedAsideAndReplaced)
{
    Virtumancer::Test::TempDataDir tmp;
    const QString path = tmp.filePath(QStringLiteral("virtumancer.db"));
    const QByteArray garbage = randomBytes(10000);
    ASSERT_TRUE(Virtumancer::Test::writeAll(path, garbage));

    auto report = Database::initialize(tmp.path());
    ASSERT_TRUE(report) << report.error().message.toStdString();
    EXPECT_EQ(report->fromVersion, 0);
    EXPECT_EQ(report->toVersion, 1);
    EXPECT_EQ(report->recoveredHosts, 0);
    ASSERT_FALSE(report->corruptMovedTo.isEmpty());
    const QFileInfo moved(report->corruptMovedTo);
    EXPECT_EQ(moved.absolutePath(), tmp.filePath(QStringLiteral("backups")));
    EXPECT_TRUE(moved.fileName().startsWith(QLatin1String("virtumancer.db.corrupt-")))
        << moved.fileName().toStdString();
    EXPECT_EQ(Virtumancer::Test::readAll(report->corruptMovedTo), garbage);
    EXPECT_TRUE(report->message.contains(QLatin1String("corrupt")))
        << report->message.toStdString();
    EXPECT_TRUE(report->message.contains(report->corruptMovedTo));
    EXPECT_EQ(fileMode(path), 0600);

    QSqlDatabase db = Database::connection(tmp.path());
    EXPECT_EQ(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), 1);
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM hosts")).toInt(), 0);
    db = QSqlDatabase(); // no handle may outlive the connection
    Database::closeThreadConnection(tmp.path());
}

TEST(DatabaseCorrupt, DamagedPagesAreMovedAsideAndHostsRecovered)
{
    Virtumancer::Test::TempDataDir tmp;
    ASSERT_TRUE(Database::initialize(tmp.path()));
    const QString path = Database::databasePath(tmp.path());
    {
        QSqlDatabase db = Database::connection(tmp.path());
        HostRepository hosts(db);
        ASSERT_TRUE(hosts.add(QStringLiteral("alpha"), QStringLiteral("qemu:///system"),
                              QStringLiteral("Alpha box"), true));
        ASSERT_TRUE(
            hosts.add(QStringLiteral("beta"), QStringLiteral("qemu+ssh://b/system"), {}, false));
        ASSERT_TRUE(
            hosts.add(QStringLiteral("gamma"), QStringLiteral("test:///default"), {}, true));
        ASSERT_TRUE(hosts.setAutoReconnectDisabled(QStringLiteral("beta"), true));
        ASSERT_TRUE(hosts.setState(QStringLiteral("alpha"), HostState::Connected));
        // Hosts sit on the first pages; thousands of VM rows fill the rest of the file.
        ASSERT_TRUE(db.transaction());
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO virtual_machines (host_id, uuid, name, domain_xml,"
                                 " created_at, updated_at) VALUES ('alpha', ?, ?, ?, 1, 1)"));
        const QString xml(1500, QLatin1Char('x'));
        for (int i = 0; i < 2000; ++i) {
            q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
            q.addBindValue(QStringLiteral("vm-%1").arg(i));
            q.addBindValue(xml);
            ASSERT_TRUE(q.exec()) << q.lastError().text().toStdString();
        }
        ASSERT_TRUE(db.commit());
        ASSERT_TRUE(execSql(db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    }
    Database::closeThreadConnection(tmp.path());

    // Overwrite pages in the middle-to-end of the file, away from the first pages.
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadWrite));
    const qint64 size = file.size();
    ASSERT_GT(size, 1000 * 1024);
    const qint64 pageSize = 4096;
    const qint64 pages = size / pageSize;
    for (qint64 page = pages / 2; page < pages * 9 / 10; page += 3) {
        ASSERT_TRUE(file.seek(page * pageSize));
        ASSERT_EQ(file.write(randomBytes(pageSize)), pageSize);
    }
    file.close();
    const QByteArray damaged = Virtumancer::Test::readAll(path);

    auto report = Database::initialize(tmp.path());
    ASSERT_TRUE(report) << report.error().message.toStdString();
    ASSERT_FALSE(report->corruptMovedTo.isEmpty());
    EXPECT_EQ(report->fromVersion, 0);
    EXPECT_EQ(report->toVersion, 1);
    EXPECT_EQ(report->recoveredHosts, 3);
    EXPECT_TRUE(report->message.contains(QLatin1String("3 host(s) recovered")))
        << report->message.toStdString();
    EXPECT_EQ(Virtumancer::Test::readAll(report->corruptMovedTo), damaged);
    EXPECT_EQ(fileMode(report->corruptMovedTo), 0600);

    QSqlDatabase db = Database::connection(tmp.path());
    auto hosts = HostRepository(db).list();
    ASSERT_TRUE(hosts);
    ASSERT_EQ(hosts->size(), 3);
    EXPECT_EQ(hosts->at(0).id, QStringLiteral("alpha"));
    EXPECT_EQ(hosts->at(0).uri, QStringLiteral("qemu:///system"));
    EXPECT_EQ(hosts->at(0).displayName, QStringLiteral("Alpha box"));
    EXPECT_EQ(hosts->at(0).state, HostState::Disconnected); // connection state is not user data
    EXPECT_TRUE(hosts->at(0).autoconnect);
    EXPECT_EQ(hosts->at(1).id, QStringLiteral("beta"));
    EXPECT_FALSE(hosts->at(1).autoconnect);
    EXPECT_TRUE(hosts->at(1).autoReconnectDisabled);
    EXPECT_EQ(hosts->at(2).uri, QStringLiteral("test:///default"));
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM virtual_machines")).toInt(), 0);
    EXPECT_EQ(scalar(db, QStringLiteral("PRAGMA quick_check")).toString(), QStringLiteral("ok"));
    db = QSqlDatabase(); // no handle may outlive the connection
    Database::closeThreadConnection(tmp.path());
}

// ---------------------------------------------------------------------------------------------
// Per-thread connections

TEST(DatabaseConnections, EachThreadHasItsOwnConnectionRemovedAtThreadEnd)
{
    Virtumancer::Test::TempDataDir tmp;
    ASSERT_TRUE(Database::initialize(tmp.path()));
    QSqlDatabase mainDb = Database::connection(tmp.path());
    ASSERT_TRUE(mainDb.isOpen());
    const QString mainName = mainDb.connectionName();
    EXPECT_TRUE(mainName.startsWith(QLatin1String("cache-")));
    EXPECT_EQ(Database::connection(tmp.path()).connectionName(), mainName);

    constexpr int rows = 300;
    std::atomic<bool> writerOk{true};
    QString threadName;
    QString writerError;
    std::unique_ptr<QThread> writer(QThread::create([&] {
        QSqlDatabase db = Database::connection(tmp.path());
        threadName = db.connectionName();
        if (!db.isOpen() || threadName == mainName) {
            writerOk = false;
            return;
        }
        HostRepository hosts(db);
        for (int i = 0; i < rows; ++i) {
            // One small transaction per row so the reader sees the count grow.
            if (!db.transaction()) {
                writerOk = false;
                writerError = db.lastError().text();
                return;
            }
            auto added = hosts.add(QStringLiteral("h%1").arg(i),
                                   QStringLiteral("test:///%1").arg(i), {}, true);
            if (!added || !db.commit()) {
                writerOk = false;
                writerError = added ? db.lastError().text() : added.error().message;
                return;
            }
        }
    }));
    writer->start();
    // Read while the writer writes: WAL readers neither block nor fail.
    int reads = 0;
    int lastCount = 0;
    while (!writer->isFinished()) {
        QSqlQuery q(mainDb);
        if (!q.exec(QStringLiteral("SELECT count(*) FROM hosts")) || !q.next()) {
            ADD_FAILURE() << "read failed: " << q.lastError().text().toStdString();
            break; // never leave the scope while the thread runs
        }
        const int count = q.value(0).toInt();
        EXPECT_GE(count, lastCount);
        lastCount = count;
        ++reads;
    }
    ASSERT_TRUE(writer->wait());
    EXPECT_TRUE(writerOk) << writerError.toStdString();
    EXPECT_GT(reads, 0);
    EXPECT_EQ(scalar(mainDb, QStringLiteral("SELECT count(*) FROM hosts")).toInt(), rows);

    EXPECT_FALSE(threadName.isEmpty());
    EXPECT_NE(threadName, mainName);
    const QStringList names = QSqlDatabase::connectionNames();
    EXPECT_FALSE(names.contains(threadName)) << threadName.toStdString();
    EXPECT_TRUE(names.contains(mainName));

    mainDb = QSqlDatabase();
    Database::closeThreadConnection(tmp.path());
    EXPECT_FALSE(QSqlDatabase::connectionNames().contains(mainName));
}

TEST(DatabaseConnections, NonQtThreadConnectionIsRemovedAtThreadExit)
{
    Virtumancer::Test::TempDataDir tmp;
    ASSERT_TRUE(Database::initialize(tmp.path()));
    QString name;
    int hosts = -1;
    std::thread t([&] {
        QSqlDatabase db = Database::connection(tmp.path());
        name = db.connectionName();
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("SELECT count(*) FROM hosts")) && q.next())
            hosts = q.value(0).toInt();
    });
    t.join();
    EXPECT_EQ(hosts, 0);
    EXPECT_FALSE(name.isEmpty());
    EXPECT_FALSE(QSqlDatabase::connectionNames().contains(name));
}

TEST(DatabaseConnections, DifferentDataDirsGetDifferentConnections)
{
    Virtumancer::Test::TempDataDir a;
    Virtumancer::Test::TempDataDir b;
    ASSERT_TRUE(Database::initialize(a.path()));
    ASSERT_TRUE(Database::initialize(b.path()));
    const QString nameA = Database::connection(a.path()).connectionName();
    const QString nameB = Database::connection(b.path()).connectionName();
    EXPECT_NE(nameA, nameB);
    // The same dir spelled differently is the same connection.
    EXPECT_EQ(Database::connection(a.path() + QStringLiteral("/./")).connectionName(), nameA);
    Database::closeThreadConnection(a.path());
    Database::closeThreadConnection(b.path());
    EXPECT_FALSE(QSqlDatabase::connectionNames().contains(nameA));
    EXPECT_FALSE(QSqlDatabase::connectionNames().contains(nameB));
}

// ---------------------------------------------------------------------------------------------
// volume_status view

TEST(DatabaseSchema, VolumeStatusIsDerivedFromAttachmentsAndVmState)
{
    Virtumancer::Test::MemoryCache cache;
    ASSERT_TRUE(cache.isOk());
    QSqlDatabase db = cache.db();
    const QStringList setup{
        QStringLiteral("INSERT INTO hosts (id, uri, created_at, updated_at) VALUES ('h', "
                       "'test:///default', 1, 1)"),
        QStringLiteral(
            "INSERT INTO virtual_machines (id, host_id, uuid, name, state, created_at, updated_at)"
            " VALUES (1, 'h', 'u1', 'off', 5, 1, 1), (2, 'h', 'u2', 'on', 1, 1, 1),"
            " (3, 'h', 'u3', 'paused', 3, 1, 1)"),
        QStringLiteral(
            "INSERT INTO volumes (id, host_id, name, path, created_at, updated_at) VALUES"
            " (10, 'h', 'free', '/p/free', 1, 1), (11, 'h', 'offdisk', '/p/off', 1, 1),"
            " (12, 'h', 'shared', '/p/shared', 1, 1), (13, 'h', 'pauseddisk', '/p/paused', 1, 1)"),
        QStringLiteral(
            "INSERT INTO disk_attachments (vm_id, volume_id, device_name, created_at, updated_at)"
            " VALUES (1, 11, 'vda', 1, 1), (1, 12, 'vdb', 1, 1), (2, 12, 'vda', 1, 1),"
            " (3, 13, 'vda', 1, 1)"),
    };
    for (const QString &sql : setup)
        ASSERT_TRUE(execSql(db, sql));

    auto statuses = [&] {
        QHash<int, QPair<QString, int>> out;
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(QStringLiteral(
            "SELECT volume_id, status, attachment_count FROM volume_status WHERE host_id = 'h'")));
        while (q.next())
            out.insert(q.value(0).toInt(), {q.value(1).toString(), q.value(2).toInt()});
        return out;
    };
    auto s = statuses();
    ASSERT_EQ(s.size(), 4);
    EXPECT_EQ(s.value(10), qMakePair(QStringLiteral("available"), 0));
    EXPECT_EQ(s.value(11), qMakePair(QStringLiteral("attached"), 1));
    EXPECT_EQ(s.value(12), qMakePair(QStringLiteral("in-use"), 2));
    EXPECT_EQ(s.value(13), qMakePair(QStringLiteral("in-use"), 1));

    // The VM stops: the shared volume is merely attached now. Nothing was stored to go stale.
    ASSERT_TRUE(execSql(db, QStringLiteral("UPDATE virtual_machines SET state = 5 WHERE id = 2")));
    EXPECT_EQ(statuses().value(12).first, QStringLiteral("attached"));
    // The VM goes away: its attachments cascade, and the volume is available.
    ASSERT_TRUE(execSql(db, QStringLiteral("DELETE FROM virtual_machines WHERE id = 1")));
    s = statuses();
    EXPECT_EQ(s.value(11), qMakePair(QStringLiteral("available"), 0));
    EXPECT_EQ(s.value(12), qMakePair(QStringLiteral("attached"), 1));
}
