// InventoryStore: diff-and-apply against an in-memory cache. Unchanged objects write nothing;
// changes update only what changed; drift is audited with the field-level difference.

#include "cache/auditlog.h"
#include "cache/database.h"
#include "cache/hostrepository.h"
#include "cache/inventorystore.h"

#include <QSqlQuery>
#include <QUuid>

#include <gtest/gtest.h>

using namespace Virtumancer;

namespace {

DomainInfo makeDomain(const QString &name, int n)
{
    DomainInfo d;
    d.uuid = QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
    d.name = name;
    d.vcpuCount = 2;
    d.memoryBytes = 1024ll * 1024 * 1024;
    d.currentMemoryBytes = d.memoryBytes;
    d.state = DomainState::Shutoff;
    d.osType = QStringLiteral("hvm");
    d.arch = QStringLiteral("x86_64");
    d.domainXml = QStringLiteral("<domain><name>%1</name></domain>").arg(name);
    DiskInfo disk;
    disk.deviceName = QStringLiteral("vda");
    disk.device = QStringLiteral("disk");
    disk.busType = QStringLiteral("virtio");
    disk.sourceType = QStringLiteral("file");
    disk.sourcePath = QStringLiteral("/pool/%1.qcow2").arg(n);
    disk.format = QStringLiteral("qcow2");
    d.disks.append(disk);
    PortInfo port;
    port.macAddress = QStringLiteral("52:54:00:00:00:%1").arg(n % 100, 2, 10, QLatin1Char('0'));
    port.modelName = QStringLiteral("virtio");
    port.sourceType = QStringLiteral("network");
    port.sourceName = QStringLiteral("default");
    d.ports.append(port);
    GraphicsInfo g;
    g.type = QStringLiteral("vnc");
    g.autoport = true;
    d.graphics.append(g);
    return d;
}

class InventoryStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_name = QUuid::createUuid().toString();
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(QStringLiteral(":memory:"));
        ASSERT_TRUE(m_db.open());
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        ASSERT_TRUE(Database::migrate(m_db).has_value());
        ASSERT_TRUE(HostRepository(m_db)
                        .add(QStringLiteral("h1"), QStringLiteral("test:///h1"), {}, true)
                        .has_value());

        NetworkInfo net;
        net.uuid = QStringLiteral("11111111-0000-4000-8000-000000000001");
        net.name = QStringLiteral("default");
        net.mode = QStringLiteral("nat");
        net.active = true;
        PoolInfo pool;
        pool.uuid = QStringLiteral("22222222-0000-4000-8000-000000000001");
        pool.name = QStringLiteral("pool");
        pool.type = QStringLiteral("dir");
        pool.targetPath = QStringLiteral("/pool");
        pool.active = true;
        m_snapshot.networks = {net};
        m_snapshot.pools = {pool};
        for (int i = 0; i < 5; ++i) {
            m_snapshot.domains.append(makeDomain(QStringLiteral("vm-%1").arg(i), i));
            VolumeInfo v;
            v.poolUuid = pool.uuid;
            v.name = QStringLiteral("%1.qcow2").arg(i);
            v.path = QStringLiteral("/pool/%1.qcow2").arg(i);
            v.format = QStringLiteral("qcow2");
            v.capacityBytes = 10ll << 30;
            m_snapshot.volumes.append(v);
        }
        VolumeInfo orphan;
        orphan.poolUuid = pool.uuid;
        orphan.name = QStringLiteral("orphan.raw");
        orphan.path = QStringLiteral("/pool/orphan.raw");
        m_snapshot.volumes.append(orphan);
    }
    void TearDown() override
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    qint64 totalChanges()
    {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("SELECT total_changes()"));
        return q.next() ? q.value(0).toLongLong() : -1;
    }
    QList<AuditEvent> audit()
    {
        AuditQuery q;
        q.limit = 1000;
        return AuditLog(m_db).query(q).value_or(QList<AuditEvent>{});
    }

    QString m_name;
    QSqlDatabase m_db;
    HostSnapshot m_snapshot;
};

TEST_F(InventoryStoreTest, FirstSyncInsertsEverythingWithoutDrift)
{
    InventoryStore store(m_db);
    auto report = store.applySnapshot(QStringLiteral("h1"), m_snapshot);
    ASSERT_TRUE(report.has_value()) << report.error().message.toStdString();
    EXPECT_GT(report->rowsWritten, 5 * 4);
    EXPECT_EQ(store.domains(QStringLiteral("h1"))->size(), 5);
    EXPECT_TRUE(audit().isEmpty()) << "mirroring what exists is not drift";
}

TEST_F(InventoryStoreTest, ResyncWithoutChangeWritesNothing)
{
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    const qint64 before = totalChanges();
    auto again = store.applySnapshot(QStringLiteral("h1"), m_snapshot);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->rowsWritten, 0);
    EXPECT_TRUE(again->changes.isEmpty());
    EXPECT_EQ(totalChanges(), before);
}

TEST_F(InventoryStoreTest, ChangedFieldIsUpdatedAndAuditedAsDrift)
{
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    m_snapshot.domains[2].vcpuCount = 4;
    const qint64 before = totalChanges();
    auto report = store.applySnapshot(QStringLiteral("h1"), m_snapshot);
    ASSERT_TRUE(report.has_value());
    ASSERT_EQ(report->changes.size(), 1);
    EXPECT_EQ(report->changes.first().fields, QStringList{QStringLiteral("vcpu_count")});
    // One VM row plus the audit event and its object link.
    EXPECT_EQ(totalChanges() - before, 3);
    const auto events = audit();
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events.first().action, QStringLiteral("vm.drift"));
    EXPECT_EQ(events.first().level, AuditLevel::Info);
    const QJsonObject vcpu = events.first().details.value(QStringLiteral("vcpu_count")).toObject();
    EXPECT_EQ(vcpu.value(QStringLiteral("from")).toInt(), 2);
    EXPECT_EQ(vcpu.value(QStringLiteral("to")).toInt(), 4);
    EXPECT_TRUE(events.first().message.contains(QStringLiteral("vcpu_count 2 → 4")));
}

TEST_F(InventoryStoreTest, ExpectedStateChangeIsNotDrift)
{
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    m_snapshot.domains[0].state = DomainState::Running;
    m_snapshot.domains[1].state = DomainState::Running;
    InventoryStore::Options options;
    options.expectedStateChanges.insert(m_snapshot.domains[0].uuid);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot, options).has_value());
    const auto events = audit();
    ASSERT_EQ(events.size(), 1) << "only the change we did not cause";
    EXPECT_EQ(events.first().objects.first().id, m_snapshot.domains[1].uuid);
}

TEST_F(InventoryStoreTest, VolumeStatusIsDerivedFromAttachmentsAndState)
{
    InventoryStore store(m_db);
    m_snapshot.domains[0].state = DomainState::Running;
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    auto vols = store.volumes(QStringLiteral("h1"));
    ASSERT_TRUE(vols.has_value());
    QHash<QString, InventoryStore::VolumeRow> byPath;
    for (const auto &v : *vols)
        byPath.insert(v.volume.path, v);
    EXPECT_EQ(byPath.value(QStringLiteral("/pool/0.qcow2")).status, QStringLiteral("in-use"));
    EXPECT_EQ(byPath.value(QStringLiteral("/pool/1.qcow2")).status, QStringLiteral("attached"));
    EXPECT_EQ(byPath.value(QStringLiteral("/pool/orphan.raw")).status, QStringLiteral("available"));
    EXPECT_EQ(byPath.value(QStringLiteral("/pool/1.qcow2")).attachedTo,
              QStringList{QStringLiteral("vm-1")});
    EXPECT_EQ(byPath.value(QStringLiteral("/pool/1.qcow2")).attachedUuids,
              QStringList{m_snapshot.domains[1].uuid});
    EXPECT_TRUE(byPath.value(QStringLiteral("/pool/orphan.raw")).attachedUuids.isEmpty());
    EXPECT_EQ(byPath.value(QStringLiteral("/pool/1.qcow2")).poolName, QStringLiteral("pool"));
    // Sorted by host and path unless asked otherwise; the same rows either way.
    QStringList paths;
    for (const auto &v : *vols)
        paths.append(v.volume.path);
    QStringList sorted = paths;
    sorted.sort();
    EXPECT_EQ(paths, sorted);
    auto unsorted = store.volumes(QStringLiteral("h1"), InventoryStore::Order::Unsorted);
    ASSERT_TRUE(unsorted.has_value());
    EXPECT_EQ(unsorted->size(), vols->size());
}

TEST_F(InventoryStoreTest, DiskOutsideAnyPoolBecomesAVolume)
{
    DiskInfo loose;
    loose.deviceName = QStringLiteral("vdb");
    loose.device = QStringLiteral("disk");
    loose.sourceType = QStringLiteral("file");
    loose.sourcePath = QStringLiteral("/srv/elsewhere/data.img");
    loose.format = QStringLiteral("raw");
    m_snapshot.domains[3].disks.append(loose);
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    auto vols = store.volumes(QStringLiteral("h1"));
    auto it = std::find_if(vols->cbegin(), vols->cend(), [](const auto &v) {
        return v.volume.path == QStringLiteral("/srv/elsewhere/data.img");
    });
    ASSERT_NE(it, vols->cend());
    EXPECT_TRUE(it->poolName.isEmpty());
    EXPECT_EQ(it->volume.name, QStringLiteral("data.img"));
    EXPECT_EQ(it->status, QStringLiteral("attached"));
}

TEST_F(InventoryStoreTest, SameUuidOnTwoHostsAndSameVolumeNameInTwoPools)
{
    ASSERT_TRUE(HostRepository(m_db)
                    .add(QStringLiteral("h2"), QStringLiteral("test:///h2"), {}, true)
                    .has_value());
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    HostSnapshot other = m_snapshot; // a domain defined on both ends of a migration
    other.volumes.last().path = QStringLiteral("/other-pool/orphan.raw");
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h2"), other).has_value());
    EXPECT_EQ(store.domains()->size(), 10);
    auto found = store.findDomains({}, m_snapshot.domains[0].uuid);
    EXPECT_EQ(found->size(), 2);
    auto ambiguous = store.resolveDomain(QStringLiteral("vm-0"));
    ASSERT_FALSE(ambiguous.has_value());
    EXPECT_EQ(ambiguous.error().code, ErrorCode::Ambiguous);
    EXPECT_TRUE(ambiguous.error().message.contains(QStringLiteral("h1/vm-0")));
    EXPECT_TRUE(ambiguous.error().message.contains(QStringLiteral("h2/vm-0")));
    EXPECT_EQ(store.resolveDomain(QStringLiteral("h2/vm-0"))->hostId, QStringLiteral("h2"));
}

TEST_F(InventoryStoreTest, RemovedDomainIsDeletedWithItsDevicesAndAudited)
{
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    const DomainInfo gone = m_snapshot.domains.takeAt(4);
    auto report = store.applySnapshot(QStringLiteral("h1"), m_snapshot);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(store.domains(QStringLiteral("h1"))->size(), 4);
    QSqlQuery q(m_db);
    q.exec(QStringLiteral(
        "SELECT COUNT(*) FROM disk_attachments WHERE source_path = '/pool/4.qcow2'"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toInt(), 0);
    const auto events = audit();
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events.first().action, QStringLiteral("vm.removed"));
    EXPECT_EQ(events.first().objects.first().id, gone.uuid);
}

TEST_F(InventoryStoreTest, IncrementalApplyChangesOnlyThatDomain)
{
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    DomainInfo d = m_snapshot.domains[1];
    d.state = DomainState::Running;
    d.graphics.first().port = 5901;
    const qint64 before = totalChanges();
    InventoryStore::Options options;
    options.expectedStateChanges = {d.uuid};
    auto report = store.applyDomain(QStringLiteral("h1"), d, options);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(totalChanges() - before, 2) << "the VM row and its graphics row";
    auto rows = store.findDomains(QStringLiteral("h1"), d.uuid);
    EXPECT_EQ(rows->first().domain.state, DomainState::Running);
    EXPECT_EQ(rows->first().domain.graphics.first().port, 5901);
    // Same again: nothing.
    auto again = store.applyDomain(QStringLiteral("h1"), d, {});
    EXPECT_EQ(again->rowsWritten, 0);
}

TEST_F(InventoryStoreTest, TagsSurviveRemirroringAndComeWithTheRows)
{
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    const QString uuid = m_snapshot.domains[1].uuid;
    QSqlQuery q(m_db);
    ASSERT_TRUE(q.exec(
        QStringLiteral("INSERT INTO tags (name, created_at) VALUES ('prod', 0), ('db', 0)")));
    ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO vm_tags (tag_id, host_id, vm_uuid, created_at) "
                                      "SELECT id, 'h1', '%1', 0 FROM tags")
                           .arg(uuid)));

    // The VM disappears and comes back (undefined and redefined): the user's tags are still there.
    HostSnapshot without = m_snapshot;
    without.domains.removeAt(1);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), without).has_value());
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());

    auto rows = store.domainRows(QStringLiteral("h1"),
                                 {uuid, m_snapshot.domains[2].uuid, QStringLiteral("gone")});
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 2);
    for (const auto &row : *rows) {
        if (row.domain.uuid == uuid)
            EXPECT_EQ(row.tags, (QStringList{QStringLiteral("db"), QStringLiteral("prod")}));
        else
            EXPECT_TRUE(row.tags.isEmpty());
    }
    EXPECT_TRUE(store.domainRows(QStringLiteral("h1"), QStringList{})->isEmpty());
}

} // namespace

namespace {

TEST_F(InventoryStoreTest, TagsAreEditedAtomicallyValidatedAndKeptAcrossRemirroring)
{
    InventoryStore store(m_db);
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    const QString a = m_snapshot.domains[0].uuid, b = m_snapshot.domains[1].uuid;
    const QString unicode = QStringLiteral("prod-ü-\"x\"'");

    auto changed = store.editTags(QStringLiteral("h1"), {a, b}, {unicode, QStringLiteral("web")}, {});
    ASSERT_TRUE(changed.has_value()) << changed.error().message.toStdString();
    ASSERT_EQ(changed->size(), 2);
    EXPECT_EQ(changed->first().fields, QStringList{QStringLiteral("tags")});
    auto rows = store.domainRows(QStringLiteral("h1"), {a});
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->first().tags, (QStringList{unicode, QStringLiteral("web")}));
    // Again: nothing changes, nothing is reported.
    EXPECT_TRUE(store.editTags(QStringLiteral("h1"), {a}, {QStringLiteral("web")}, {})->isEmpty());

    // A bad tag anywhere refuses the whole edit.
    const qint64 before = totalChanges();
    for (const QString &bad : {QString(), QStringLiteral("two words"), QStringLiteral("a,b"),
                               QString(65, u'x')}) {
        auto refused = store.editTags(QStringLiteral("h1"), {a}, {QStringLiteral("ok"), bad}, {});
        ASSERT_FALSE(refused.has_value()) << bad.toStdString();
        EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    }
    EXPECT_EQ(totalChanges(), before);
    EXPECT_TRUE(InventoryStore::validateTag(QString(64, u'x')).has_value());

    // The VM disappears and comes back: its tags are still there (keyed by host and uuid).
    HostSnapshot without = m_snapshot;
    without.domains.removeFirst();
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), without).has_value());
    ASSERT_TRUE(store.applySnapshot(QStringLiteral("h1"), m_snapshot).has_value());
    EXPECT_EQ(store.domainRows(QStringLiteral("h1"), {a})->first().tags,
              (QStringList{unicode, QStringLiteral("web")}));

    // Removing the last use of a tag drops it from the tag list too.
    ASSERT_EQ(store.editTags(QStringLiteral("h1"), {a, b}, {}, {QStringLiteral("web")})->size(), 2);
    QSqlQuery q(m_db);
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT name FROM tags ORDER BY name")));
    QStringList names;
    while (q.next())
        names.append(q.value(0).toString());
    EXPECT_EQ(names, QStringList{unicode});
}

} // namespace
