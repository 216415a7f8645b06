// HostRepository: CRUD on the hosts table, slug rules, duplicate errors, writes that change
// nothing write nothing, cascades on remove, id suggestions.

#include "cachetestutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"

#include <QSqlQuery>

#include <gtest/gtest.h>

using namespace Virtumancer;
using Virtumancer::Test::execSql;
using Virtumancer::Test::scalar;
using Virtumancer::Test::totalChanges;

namespace {

class HostRepositoryTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_cache.isOk()); }

    QSqlDatabase db() { return m_cache.db(); }
    HostRepository repo() { return HostRepository(m_cache.db()); }

    void addHost(const QString &id, const QString &uri)
    {
        auto r = repo().add(id, uri, {}, true);
        ASSERT_TRUE(r) << r.error().message.toStdString();
    }

    qint64 updatedAt(const QString &id)
    {
        return scalar(db(), QStringLiteral("SELECT updated_at FROM hosts WHERE id = '%1'").arg(id))
            .toLongLong();
    }

    Virtumancer::Test::MemoryCache m_cache;
};

} // namespace

TEST_F(HostRepositoryTest, AddThenFindReturnsTheRow)
{
    const qint64 before = nowMs();
    auto added = repo().add(QStringLiteral("lab-1"), QStringLiteral("qemu+ssh://root@lab1/system"),
                            QStringLiteral("Lab one"), false);
    const qint64 after = nowMs();
    ASSERT_TRUE(added) << added.error().message.toStdString();
    EXPECT_EQ(added->id, QStringLiteral("lab-1"));
    EXPECT_EQ(added->uri, QStringLiteral("qemu+ssh://root@lab1/system"));
    EXPECT_EQ(added->displayName, QStringLiteral("Lab one"));
    EXPECT_FALSE(added->autoconnect);
    EXPECT_EQ(added->state, HostState::Disconnected);
    EXPECT_FALSE(added->autoReconnectDisabled);
    EXPECT_TRUE(added->lastError.isEmpty());
    EXPECT_TRUE(added->taskState.isEmpty());
    EXPECT_EQ(added->lastConnectedAt, 0);
    EXPECT_EQ(added->lastSyncAt, 0);
    EXPECT_GE(added->createdAt, before);
    EXPECT_LE(added->createdAt, after);
    EXPECT_EQ(added->updatedAt, added->createdAt);

    auto found = repo().find(QStringLiteral("lab-1"));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->uri, added->uri);
    EXPECT_EQ(found->createdAt, added->createdAt);

    auto missing = repo().find(QStringLiteral("nope"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_F(HostRepositoryTest, EmptyDisplayNameIsStoredAsEmptyText)
{
    ASSERT_TRUE(
        repo().add(QStringLiteral("x"), QStringLiteral("test:///default"), QString(), true));
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT typeof(display_name) FROM hosts")).toString(),
              QStringLiteral("text"));
}

TEST_F(HostRepositoryTest, IdMustBeASlug)
{
    for (const QString &bad :
         {QString(), QStringLiteral("has space"), QStringLiteral("a/b"), QStringLiteral("x:y"),
          QStringLiteral("ü"), QString(65, QLatin1Char('a'))}) {
        auto r = repo().add(bad, QStringLiteral("test:///default"), {}, true);
        ASSERT_FALSE(r) << bad.toStdString();
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    }
    for (const QString &good :
         {QStringLiteral("a"), QStringLiteral("Host_1.lab-2"), QString(64, QLatin1Char('z'))}) {
        auto r = repo().add(good, QStringLiteral("test:///") + good, {}, true);
        EXPECT_TRUE(r) << good.toStdString() << ": " << r.error().message.toStdString();
    }
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM hosts")).toInt(), 3);
}

TEST_F(HostRepositoryTest, EmptyUriIsRefused)
{
    auto r = repo().add(QStringLiteral("x"), QStringLiteral("  "), {}, true);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}

TEST_F(HostRepositoryTest, DuplicatesNameTheExistingHost)
{
    addHost(QStringLiteral("one"), QStringLiteral("qemu:///system"));

    auto sameId = repo().add(QStringLiteral("one"), QStringLiteral("qemu:///session"), {}, true);
    ASSERT_FALSE(sameId);
    EXPECT_EQ(sameId.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(sameId.error().message.contains(QLatin1String("\"one\"")));
    EXPECT_TRUE(sameId.error().message.contains(QLatin1String("qemu:///system")))
        << sameId.error().message.toStdString();

    auto sameUri = repo().add(QStringLiteral("two"), QStringLiteral("qemu:///system"), {}, true);
    ASSERT_FALSE(sameUri);
    EXPECT_EQ(sameUri.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(sameUri.error().message.contains(QLatin1String("\"one\"")))
        << sameUri.error().message.toStdString();
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM hosts")).toInt(), 1);
}

TEST_F(HostRepositoryTest, ListIsOrderedById)
{
    addHost(QStringLiteral("c"), QStringLiteral("test:///c"));
    addHost(QStringLiteral("a"), QStringLiteral("test:///a"));
    addHost(QStringLiteral("b"), QStringLiteral("test:///b"));
    auto hosts = repo().list();
    ASSERT_TRUE(hosts);
    ASSERT_EQ(hosts->size(), 3);
    EXPECT_EQ(hosts->at(0).id, QStringLiteral("a"));
    EXPECT_EQ(hosts->at(1).id, QStringLiteral("b"));
    EXPECT_EQ(hosts->at(2).id, QStringLiteral("c"));
    EXPECT_EQ(hosts->at(2).uri, QStringLiteral("test:///c"));
}

TEST_F(HostRepositoryTest, SettersWriteOnlyWhenSomethingChanges)
{
    const QString id = QStringLiteral("h");
    addHost(id, QStringLiteral("test:///default"));
    ASSERT_TRUE(execSql(db(), QStringLiteral("UPDATE hosts SET updated_at = 1")));

    // Each setter: the first call changes one row and bumps updated_at; the same call again
    // changes nothing at all.
    const QList<std::function<Result<>()>> setters{
        [&] { return repo().setState(id, HostState::Error, QStringLiteral("refused")); },
        [&] { return repo().setState(id, HostState::Connecting); },
        [&] { return repo().setTaskState(id, QStringLiteral("syncing")); },
        [&] { return repo().setTaskState(id, QString()); },
        [&] { return repo().setAutoReconnectDisabled(id, true); },
        [&] {
            NodeInfo node;
            node.hostname = QStringLiteral("node1");
            node.hypervisor = QStringLiteral("QEMU");
            node.hypervisorVersion = QStringLiteral("7.2.0");
            node.libvirtVersion = QStringLiteral("9.0.0");
            node.cpuCount = 8;
            node.memoryBytes = 16ll << 30;
            return repo().setNodeInfo(id, node);
        },
        [&] { return repo().setLastSyncAt(id, 1234567); },
    };
    for (int i = 0; i < setters.size(); ++i) {
        SCOPED_TRACE(i);
        ASSERT_TRUE(execSql(db(), QStringLiteral("UPDATE hosts SET updated_at = 1")));
        const qint64 c0 = totalChanges(db());
        ASSERT_TRUE(setters.at(i)());
        EXPECT_EQ(totalChanges(db()) - c0, 1);
        EXPECT_GT(updatedAt(id), 1);
        ASSERT_TRUE(execSql(db(), QStringLiteral("UPDATE hosts SET updated_at = 1")));
        const qint64 c1 = totalChanges(db());
        ASSERT_TRUE(setters.at(i)());
        EXPECT_EQ(totalChanges(db()) - c1, 0);
        EXPECT_EQ(updatedAt(id), 1);
    }

    auto h = repo().find(id);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->state, HostState::Connecting);
    EXPECT_TRUE(h->lastError.isEmpty());
    EXPECT_TRUE(h->taskState.isEmpty());
    EXPECT_TRUE(h->autoReconnectDisabled);
    EXPECT_EQ(h->node.hostname, QStringLiteral("node1"));
    EXPECT_EQ(h->node.hypervisor, QStringLiteral("QEMU"));
    EXPECT_EQ(h->node.hypervisorVersion, QStringLiteral("7.2.0"));
    EXPECT_EQ(h->node.libvirtVersion, QStringLiteral("9.0.0"));
    EXPECT_EQ(h->node.cpuCount, 8);
    EXPECT_EQ(h->node.memoryBytes, 16ll << 30);
    EXPECT_EQ(h->lastSyncAt, 1234567);
}

TEST_F(HostRepositoryTest, StateAndErrorAreStored)
{
    addHost(QStringLiteral("h"), QStringLiteral("test:///default"));
    ASSERT_TRUE(repo().setState(QStringLiteral("h"), HostState::Error, QStringLiteral("no route")));
    auto h = repo().find(QStringLiteral("h"));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->state, HostState::Error);
    EXPECT_EQ(h->lastError, QStringLiteral("no route"));
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT state FROM hosts")).toString(),
              QStringLiteral("ERROR"));
}

TEST_F(HostRepositoryTest, MarkConnectedRecordsTheConnect)
{
    addHost(QStringLiteral("h"), QStringLiteral("test:///default"));
    ASSERT_TRUE(repo().setState(QStringLiteral("h"), HostState::Error, QStringLiteral("boom")));
    const qint64 before = nowMs();
    ASSERT_TRUE(repo().markConnected(QStringLiteral("h")));
    const qint64 after = nowMs();
    auto h = repo().find(QStringLiteral("h"));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->state, HostState::Connected);
    EXPECT_TRUE(h->lastError.isEmpty());
    EXPECT_GE(h->lastConnectedAt, before);
    EXPECT_LE(h->lastConnectedAt, after);
}

TEST_F(HostRepositoryTest, SettersOnMissingHostAreNotFound)
{
    const qint64 c0 = totalChanges(db());
    auto r = repo().setState(QStringLiteral("ghost"), HostState::Connected);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_EQ(repo().setLastSyncAt(QStringLiteral("ghost"), 5).error().code, ErrorCode::NotFound);
    EXPECT_EQ(repo().remove(QStringLiteral("ghost")).error().code, ErrorCode::NotFound);
    EXPECT_EQ(totalChanges(db()), c0);
}

TEST_F(HostRepositoryTest, RemoveCascadesToEverythingMirrored)
{
    addHost(QStringLiteral("gone"), QStringLiteral("test:///gone"));
    addHost(QStringLiteral("kept"), QStringLiteral("test:///kept"));
    const QStringList setup{
        QStringLiteral(
            "INSERT INTO virtual_machines (id, host_id, uuid, name, created_at, updated_at)"
            " VALUES (1, 'gone', 'u1', 'vm1', 1, 1), (2, 'kept', 'u2', 'vm2', 1, 1)"),
        QStringLiteral("INSERT INTO storage_pools (id, host_id, uuid, name, created_at, updated_at)"
                       " VALUES (1, 'gone', 'p1', 'pool', 1, 1), (2, 'kept', 'p2', 'pool', 1, 1)"),
        QStringLiteral(
            "INSERT INTO volumes (id, host_id, pool_id, name, path, created_at, updated_at)"
            " VALUES (1, 'gone', 1, 'd', '/d', 1, 1), (2, 'kept', 2, 'd', '/d', 1, 1)"),
        QStringLiteral("INSERT INTO disk_attachments (vm_id, volume_id, device_name, created_at,"
                       " updated_at) VALUES (1, 1, 'vda', 1, 1), (2, 2, 'vda', 1, 1)"),
        QStringLiteral(
            "INSERT INTO networks (id, host_id, uuid, name, created_at, updated_at)"
            " VALUES (1, 'gone', 'n1', 'default', 1, 1), (2, 'kept', 'n2', 'default', 1, 1)"),
        QStringLiteral(
            "INSERT INTO ports (id, vm_id, mac_address, created_at, updated_at)"
            " VALUES (1, 1, '52:54:00:00:00:01', 1, 1), (2, 2, '52:54:00:00:00:02', 1, 1)"),
        QStringLiteral("INSERT INTO port_bindings (port_id, network_id) VALUES (1, 1), (2, 2)"),
        QStringLiteral("INSERT INTO graphics_devices (vm_id, type, created_at, updated_at)"
                       " VALUES (1, 'vnc', 1, 1), (2, 'spice', 1, 1)"),
        QStringLiteral("INSERT INTO snapshots (vm_id, name, created_at, updated_at)"
                       " VALUES (1, 's', 1, 1), (2, 's', 1, 1)"),
        QStringLiteral("INSERT INTO tags (id, name, created_at) VALUES (1, 'prod', 1)"),
        QStringLiteral("INSERT INTO vm_tags (tag_id, host_id, vm_uuid, created_at)"
                       " VALUES (1, 'gone', 'u1', 1), (1, 'kept', 'u2', 1)"),
        QStringLiteral("INSERT INTO audit_events (id, ts_ms, level, host_id, action)"
                       " VALUES ('01', 1, 'AUDIT', 'gone', 'host.add')"),
    };
    for (const QString &sql : setup)
        ASSERT_TRUE(execSql(db(), sql));

    ASSERT_TRUE(repo().remove(QStringLiteral("gone")));

    for (const QString &table :
         {QStringLiteral("virtual_machines"), QStringLiteral("storage_pools"),
          QStringLiteral("volumes"), QStringLiteral("disk_attachments"), QStringLiteral("networks"),
          QStringLiteral("ports"), QStringLiteral("port_bindings"),
          QStringLiteral("graphics_devices"), QStringLiteral("snapshots"),
          QStringLiteral("vm_tags")}) {
        EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM ") + table).toInt(), 1)
            << table.toStdString();
    }
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT host_id FROM virtual_machines")).toString(),
              QStringLiteral("kept"));
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT vm_id FROM disk_attachments")).toInt(), 2);
    EXPECT_EQ(scalar(db(), QStringLiteral("SELECT count(*) FROM tags")).toInt(), 1);
    // The audit history of a removed host stays.
    EXPECT_EQ(
        scalar(db(), QStringLiteral("SELECT count(*) FROM audit_events WHERE host_id = 'gone'"))
            .toInt(),
        1);
    auto hosts = repo().list();
    ASSERT_TRUE(hosts);
    ASSERT_EQ(hosts->size(), 1);
    EXPECT_EQ(hosts->first().id, QStringLiteral("kept"));
}

TEST_F(HostRepositoryTest, SuggestIdDerivesASlugFromTheUri)
{
    struct Case
    {
        QString uri;
        QString id;
    };
    const QList<Case> cases{
        {QStringLiteral("qemu:///system"), QStringLiteral("local-system")},
        {QStringLiteral("qemu:///session"), QStringLiteral("local-session")},
        {QStringLiteral("test:///default"), QStringLiteral("test")},
        {QStringLiteral("test:///srv/nodes/Demo-Node.xml"), QStringLiteral("demo-node")},
        {QStringLiteral("qemu+ssh://root@host1.example.com/system"),
         QStringLiteral("host1.example.com")},
        {QStringLiteral("qemu+tls://10.0.0.5:16514/system"), QStringLiteral("10.0.0.5")},
        {QStringLiteral("qemu+tcp://[fe80::1]/system"), QStringLiteral("fe80-1")},
        {QStringLiteral("not a uri"), QStringLiteral("host")},
    };
    for (const Case &c : cases) {
        auto id = repo().suggestId(c.uri);
        ASSERT_TRUE(id) << c.uri.toStdString();
        EXPECT_EQ(*id, c.id) << c.uri.toStdString();
    }
}

TEST_F(HostRepositoryTest, SuggestIdIsUnique)
{
    addHost(QStringLiteral("local-system"), QStringLiteral("qemu:///system"));
    auto second = repo().suggestId(QStringLiteral("qemu:///system"));
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, QStringLiteral("local-system-2"));
    addHost(*second, QStringLiteral("qemu+unix:///system"));
    // An unrelated host whose id merely looks like a suffix does not confuse it.
    addHost(QStringLiteral("local-system-x"), QStringLiteral("test:///x"));
    auto third = repo().suggestId(QStringLiteral("qemu:///system"));
    ASSERT_TRUE(third);
    EXPECT_EQ(*third, QStringLiteral("local-system-3"));
    // The suggestion is always a valid id.
    EXPECT_TRUE(repo().add(*third, QStringLiteral("qemu+ext:///system"), {}, true));
}
