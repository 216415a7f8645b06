// virtumancer-cli as scripts use it: JSON field names, exit codes, the demo host on first use,
// VM resolution, actions with their audit trail, and the cache's error paths.

#include "common/clirunner.h"
#include "common/nodegenerator.h"
#include "common/testutil.h"

#include "cache/database.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <csignal>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

QJsonArray arrayOf(const CliResult &r)
{
    return r.json().array();
}

TEST(Cli, FirstUseAddsTheDemoHostAndSyncsIt)
{
    TempDataDir data;
    const CliResult hosts = runCli(
        data.path(), {QStringLiteral("--json"), QStringLiteral("host"), QStringLiteral("list")}, {},
        true);
    ASSERT_EQ(hosts.exitCode, 0) << hosts.err.constData();
    ASSERT_EQ(arrayOf(hosts).size(), 1);
    EXPECT_EQ(arrayOf(hosts).at(0).toObject().value(QStringLiteral("id")).toString(),
              QStringLiteral("demo"));
    EXPECT_TRUE(arrayOf(hosts)
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("uri"))
                    .toString()
                    .startsWith(QStringLiteral("test:///")));

    const CliResult sync
        = runCli(data.path(), {QStringLiteral("--json"), QStringLiteral("sync")}, {}, true);
    ASSERT_EQ(sync.exitCode, 0) << sync.err.constData();
    const QJsonObject report = arrayOf(sync).at(0).toObject();
    EXPECT_TRUE(report.value(QStringLiteral("ok")).toBool());
    EXPECT_GE(report.value(QStringLiteral("domains")).toInt(), 20);

    const CliResult list = runCli(
        data.path(), {QStringLiteral("--json"), QStringLiteral("vm"), QStringLiteral("list")}, {},
        true);
    ASSERT_EQ(list.exitCode, 0);
    const QJsonArray vms = arrayOf(list);
    EXPECT_EQ(vms.size(), report.value(QStringLiteral("domains")).toInt());
    const QJsonObject vm = vms.at(0).toObject();
    for (const char *field : {"host", "uuid", "name", "state", "vcpu_count", "memory_bytes",
                              "disks", "ports", "graphics", "created_at", "updated_at"})
        EXPECT_TRUE(vm.contains(QLatin1String(field))) << field;
    const QStringList words{QStringLiteral("running"),     QStringLiteral("paused"),
                            QStringLiteral("shutoff"),     QStringLiteral("crashed"),
                            QStringLiteral("pmsuspended"), QStringLiteral("blocked"),
                            QStringLiteral("shutdown"),    QStringLiteral("nostate")};
    for (const QJsonValue &v : vms)
        EXPECT_TRUE(words.contains(v.toObject().value(QStringLiteral("state")).toString()));
    EXPECT_TRUE(vm.value(QStringLiteral("created_at")).toString().endsWith(QLatin1Char('Z')));
}

class CliNodeTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        NodeSpec spec;
        spec.domains = 30;
        spec.runningEvery = 2;
        const QString node = m_data.filePath(QStringLiteral("node.xml"));
        ASSERT_TRUE(writeNodeXml(node, spec));
        m_firstName = generatedDomainName(spec, 0);
        const CliResult add
            = runCli(m_data.path(), {QStringLiteral("host"), QStringLiteral("add"),
                                     QStringLiteral("test://") + node, QStringLiteral("--name"),
                                     QStringLiteral("lab")});
        ASSERT_EQ(add.exitCode, 0) << add.err.constData();
        const CliResult sync = runCli(m_data.path(), {QStringLiteral("sync")});
        ASSERT_EQ(sync.exitCode, 0) << sync.err.constData();
    }
    QJsonObject vm(const QString &spec)
    {
        const CliResult r = runCli(m_data.path(), {QStringLiteral("--json"), QStringLiteral("vm"),
                                                   QStringLiteral("show"), spec});
        EXPECT_EQ(r.exitCode, 0) << r.err.constData();
        return r.json().object();
    }
    TempDataDir m_data;
    QString m_firstName;
};

TEST_F(CliNodeTest, FilterSelectsByStateAndNumbers)
{
    const CliResult running = runCli(
        m_data.path(), {QStringLiteral("--json"), QStringLiteral("vm"), QStringLiteral("list"),
                        QStringLiteral("--filter"), QStringLiteral("state:running")});
    ASSERT_EQ(running.exitCode, 0);
    const QJsonArray a = arrayOf(running);
    EXPECT_GT(a.size(), 0);
    for (const QJsonValue &v : a)
        EXPECT_EQ(v.toObject().value(QStringLiteral("state")).toString(),
                  QStringLiteral("running"));
    const CliResult notRunning = runCli(
        m_data.path(), {QStringLiteral("--json"), QStringLiteral("vm"), QStringLiteral("list"),
                        QStringLiteral("--filter"), QStringLiteral("-state:running")});
    EXPECT_EQ(arrayOf(notRunning).size() + a.size(), 30);

    const CliResult bad
        = runCli(m_data.path(), {QStringLiteral("vm"), QStringLiteral("list"),
                                 QStringLiteral("--filter"), QStringLiteral("vcpus:>>x")});
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_FALSE(bad.err.isEmpty());
}

TEST_F(CliNodeTest, VmIsFoundByNameUuidOrHostSlashName)
{
    const QJsonObject byName = vm(m_firstName);
    ASSERT_EQ(byName.value(QStringLiteral("name")).toString(), m_firstName);
    const QString uuid = byName.value(QStringLiteral("uuid")).toString();
    EXPECT_EQ(vm(uuid).value(QStringLiteral("name")).toString(), m_firstName);
    EXPECT_EQ(vm(QStringLiteral("lab/") + m_firstName).value(QStringLiteral("uuid")).toString(),
              uuid);

    const CliResult missing = runCli(m_data.path(), {QStringLiteral("vm"), QStringLiteral("show"),
                                                     QStringLiteral("no-such-vm")});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(missing.err.contains("no-such-vm"));
}

TEST_F(CliNodeTest, AmbiguousNameListsCandidates)
{
    // The same node under a second host id: every name now exists twice.
    const QString node = m_data.filePath(QStringLiteral("twin.xml"));
    ASSERT_TRUE(QFile::copy(m_data.filePath(QStringLiteral("node.xml")), node));
    ASSERT_EQ(runCli(m_data.path(), {QStringLiteral("host"), QStringLiteral("add"),
                                     QStringLiteral("test://") + node, QStringLiteral("--name"),
                                     QStringLiteral("twin")})
                  .exitCode,
              0);
    ASSERT_EQ(runCli(m_data.path(), {QStringLiteral("sync"), QStringLiteral("twin")}).exitCode, 0);
    const CliResult r
        = runCli(m_data.path(), {QStringLiteral("vm"), QStringLiteral("show"), m_firstName});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("lab/")) << r.err.constData();
    EXPECT_TRUE(r.err.contains("twin/")) << r.err.constData();
    EXPECT_EQ(vm(QStringLiteral("twin/") + m_firstName).value(QStringLiteral("host")).toString(),
              QStringLiteral("twin"));
}

TEST_F(CliNodeTest, ActionUpdatesMirrorAndAudit)
{
    // A shut-off VM: generated domains alternate running / shut off.
    const CliResult off = runCli(m_data.path(), {QStringLiteral("--json"), QStringLiteral("vm"),
                                                 QStringLiteral("list"), QStringLiteral("--filter"),
                                                 QStringLiteral("state:shutoff")});
    ASSERT_GT(arrayOf(off).size(), 0);
    const QString uuid = arrayOf(off).at(0).toObject().value(QStringLiteral("uuid")).toString();

    const CliResult start
        = runCli(m_data.path(), {QStringLiteral("vm"), QStringLiteral("start"), uuid});
    ASSERT_EQ(start.exitCode, 0) << start.err.constData();
    EXPECT_EQ(vm(uuid).value(QStringLiteral("state")).toString(), QStringLiteral("running"));

    const CliResult audit
        = runCli(m_data.path(), {QStringLiteral("--json"), QStringLiteral("audit"),
                                 QStringLiteral("--object"), uuid});
    ASSERT_EQ(audit.exitCode, 0);
    const QJsonArray events = arrayOf(audit);
    ASSERT_GE(events.size(), 1);
    const QJsonObject e = events.at(0).toObject();
    EXPECT_EQ(e.value(QStringLiteral("action")).toString(), QStringLiteral("vm.start"));
    EXPECT_EQ(e.value(QStringLiteral("level")).toString(), QStringLiteral("AUDIT"));
    EXPECT_EQ(e.value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));

    // Resuming a VM that is not paused fails in libvirt: exit 2, audited as failed.
    const CliResult resume = runCli(m_data.path(), {QStringLiteral("vm"), QStringLiteral("resume"),
                                                    QStringLiteral("lab/") + m_firstName});
    EXPECT_EQ(resume.exitCode, 2) << resume.out.constData();
    EXPECT_FALSE(resume.err.isEmpty());
}

TEST_F(CliNodeTest, TagsAreAddedRemovedFilteredAndAudited)
{
    // The first generated name is an awkward one (quotes, unicode...): address it by uuid.
    const QString uuid = vm(QStringLiteral("lab/") + m_firstName).value(QStringLiteral("uuid")).toString();
    ASSERT_FALSE(uuid.isEmpty());
    const auto tag = [&](const QStringList &args) {
        return runCli(m_data.path(),
                      QStringList{QStringLiteral("--json"), QStringLiteral("vm"),
                                  QStringLiteral("tag"), uuid}
                          + args);
    };
    const CliResult added = tag({QStringLiteral("add"), QStringLiteral("prod"),
                                 QStringLiteral("rack-ü7")});
    ASSERT_EQ(added.exitCode, 0) << added.err.constData();
    EXPECT_EQ(added.json().object().value(QStringLiteral("tags")).toArray().size(), 2);

    const CliResult filtered
        = runCli(m_data.path(), {QStringLiteral("--json"), QStringLiteral("vm"),
                                 QStringLiteral("list"), QStringLiteral("--filter"),
                                 QStringLiteral("tag:rack-ü7")});
    ASSERT_EQ(filtered.exitCode, 0);
    ASSERT_EQ(filtered.json().array().size(), 1);
    EXPECT_EQ(filtered.json().array().at(0).toObject().value(QStringLiteral("uuid")).toString(),
              uuid);

    const CliResult removed = tag({QStringLiteral("remove"), QStringLiteral("prod")});
    ASSERT_EQ(removed.exitCode, 0);
    EXPECT_EQ(removed.json().object().value(QStringLiteral("tags")).toArray(),
              QJsonArray{QStringLiteral("rack-ü7")});

    const CliResult bad = tag({QStringLiteral("add"), QStringLiteral("two words")});
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_TRUE(bad.err.contains("spaces")) << bad.err.constData();
    EXPECT_EQ(tag({QStringLiteral("rename"), QStringLiteral("x")}).exitCode, 1);

    const CliResult audit = runCli(m_data.path(), {QStringLiteral("--json"),
                                                   QStringLiteral("audit"),
                                                   QStringLiteral("--object"), uuid});
    ASSERT_EQ(audit.exitCode, 0);
    int tagEvents = 0;
    for (const QJsonValue &e : audit.json().array())
        tagEvents += e.toObject().value(QStringLiteral("action")).toString() == QLatin1String("vm.tag");
    EXPECT_EQ(tagEvents, 2) << "the refused edit is not audited";
}

TEST(Cli, ExitCodesFollowTheContract)
{
    TempDataDir data;
    EXPECT_EQ(runCli(data.path(), {}).exitCode, 1);
    EXPECT_EQ(runCli(data.path(), {QStringLiteral("frobnicate")}).exitCode, 1);
    EXPECT_EQ(runCli(data.path(), {QStringLiteral("sync"), QStringLiteral("nosuchhost")}).exitCode,
              1);
    ASSERT_EQ(runCli(data.path(), {QStringLiteral("host"), QStringLiteral("add"),
                                   QStringLiteral("qemu+tcp://127.0.0.1:1/system"),
                                   QStringLiteral("--name"), QStringLiteral("down")})
                  .exitCode,
              0);
    const CliResult down = runCli(data.path(), {QStringLiteral("sync"), QStringLiteral("down")});
    EXPECT_EQ(down.exitCode, 2);
    EXPECT_TRUE(down.err.contains("down")) << down.err.constData();
    // The host is still there, with its error recorded.
    const CliResult hosts = runCli(
        data.path(), {QStringLiteral("--json"), QStringLiteral("host"), QStringLiteral("list")});
    ASSERT_EQ(arrayOf(hosts).size(), 1);
    EXPECT_EQ(arrayOf(hosts).at(0).toObject().value(QStringLiteral("state")).toString(),
              QStringLiteral("ERROR"));
    EXPECT_FALSE(
        arrayOf(hosts).at(0).toObject().value(QStringLiteral("last_error")).toString().isEmpty());
    // Duplicate id or URI: usage error naming the existing host.
    const CliResult dup = runCli(data.path(), {QStringLiteral("host"), QStringLiteral("add"),
                                               QStringLiteral("test:///default"),
                                               QStringLiteral("--name"), QStringLiteral("down")});
    EXPECT_EQ(dup.exitCode, 1);
}

TEST(Cli, NewerCacheIsRefusedAndLeftUntouched)
{
    TempDataDir data;
    ASSERT_EQ(runCli(data.path(), {QStringLiteral("host"), QStringLiteral("list")}).exitCode, 0);
    const QString dbPath = Database::databasePath(data.path());
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
        db.setDatabaseName(dbPath);
        ASSERT_TRUE(db.open());
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 999"));
        QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bump"));
    const QByteArray before = readAll(dbPath);
    const CliResult r = runCli(data.path(), {QStringLiteral("vm"), QStringLiteral("list")});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_TRUE(r.err.contains("newer")) << r.err.constData();
    EXPECT_EQ(readAll(dbPath), before);
}

TEST(Cli, KilledDuringSyncLeavesACleanDatabase)
{
    TempDataDir data;
    NodeSpec spec;
    spec.domains = 2000;
    const QString node = data.filePath(QStringLiteral("big.xml"));
    ASSERT_TRUE(writeNodeXml(node, spec));
    ASSERT_EQ(runCli(data.path(), {QStringLiteral("host"), QStringLiteral("add"),
                                   QStringLiteral("test://") + node, QStringLiteral("--name"),
                                   QStringLiteral("big")})
                  .exitCode,
              0);
    const QString dbPath = Database::databasePath(data.path());
    const QString wal = dbPath + QStringLiteral("-wal");

    // Kill it while the sync transaction is being written: the WAL grows past what the host
    // state updates alone produce (a few pages) only once the big transaction spills.
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("VIRTUMANCER_NO_DEMO"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.start(cliPath(), {QStringLiteral("--data-dir"), data.path(), QStringLiteral("sync")});
    ASSERT_TRUE(p.waitForStarted());
    const bool midWrite = waitUntil(
        [&] { return QFileInfo(wal).size() > 256 * 1024 || p.state() == QProcess::NotRunning; },
        60000);
    ASSERT_TRUE(midWrite);
    ASSERT_EQ(p.state(), QProcess::Running) << "sync finished before it could be interrupted";
    ::kill(pid_t(p.processId()), SIGKILL);
    p.waitForFinished();

    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(dbPath);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA integrity_check")));
        ASSERT_TRUE(q.next());
        EXPECT_EQ(q.value(0).toString(), QStringLiteral("ok"));
        QSqlQuery n(db);
        ASSERT_TRUE(n.exec(QStringLiteral("SELECT COUNT(*) FROM virtual_machines")));
        ASSERT_TRUE(n.next());
        EXPECT_EQ(n.value(0).toInt(), 0) << "a partial sync must not be committed";
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));

    const CliResult again = runCli(data.path(), {QStringLiteral("--json"), QStringLiteral("sync")});
    ASSERT_EQ(again.exitCode, 0) << again.err.constData();
    EXPECT_EQ(arrayOf(again).at(0).toObject().value(QStringLiteral("domains")).toInt(), 2000);
}

} // namespace
