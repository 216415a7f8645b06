// Storage pool and virtual network operations (issue 6), through the core and through the CLI:
// after each one the touched object in the mirror is compared field by field with what libvirt
// reports; refusals (pool with attached volumes, network used by a running VM, bad input)
// change nothing; every job leaves an audit event.
//
// test:///default is shared per process, so a second connection (ours) sees what the worker
// did. The CLI runs in-process here for that reason; a node file (test:///PATH) is private per
// connection and serves the refusal tests, where "nothing changed" is also checked by a resync.

#include "common/cliinprocess.h"
#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include "actions/inventoryaction.h"
#include "cache/auditlog.h"
#include "cache/inventorystore.h"

#include <QDomDocument>
#include <QFile>
#include <QJsonObject>
#include <QSqlQuery>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <bit>
#include <cstdio>
#include <optional>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString hostId = QStringLiteral("lab");

/// What libvirt says about a pool, read with its API and QtXml's DOM (not our parser).
struct LivePool
{
    QString name, type, path;
    qint64 capacity = 0, allocation = 0, available = 0;
    bool active = false, autostart = false;
};

struct LiveNetwork
{
    QString name, mode, bridge, ipv4, dhcpStart, dhcpEnd;
    bool active = false, autostart = false;
};

int netmaskBits(const QString &mask)
{
    int bits = 0;
    for (const QString &part : mask.split(u'.'))
        bits += std::popcount(part.toUInt());
    return bits;
}

class InventoryJobsTest : public HostFixture
{
protected:
    void SetUp() override
    {
        qputenv("VIRTUMANCER_NO_DEMO", "1");
        virSetErrorFunc(nullptr, [](void *, virErrorPtr) {});
        HostFixture::SetUp();
        m_conn = virConnectOpen("test:///default");
        ASSERT_NE(m_conn, nullptr);
    }
    void TearDown() override
    {
        if (m_conn)
            virConnectClose(m_conn);
        HostFixture::TearDown();
    }

    void connectDefault()
    {
        addHost(hostId, QStringLiteral("test:///default"));
        connectAndSync(hostId);
    }

    /// Runs the job through the manager and waits for its answer.
    Error runJob(const InventoryRequest &request, QString *objectId = nullptr)
    {
        return runInventoryJob(hostId, request, objectId);
    }

    static InventoryRequest op(InventoryRequest::Kind kind, InventoryRequest::Op o,
                               const QString &uuid, bool autostart = false)
    {
        InventoryRequest r;
        r.kind = kind;
        r.op = o;
        r.uuid = uuid;
        r.autostart = autostart;
        return r;
    }

    std::optional<LivePool> livePool(const QString &uuid)
    {
        virStoragePoolPtr p = virStoragePoolLookupByUUIDString(m_conn, uuid.toLatin1().constData());
        if (!p)
            return std::nullopt;
        LivePool live;
        char *xml = virStoragePoolGetXMLDesc(p, 0);
        QDomDocument doc;
        doc.setContent(QByteArray(xml));
        free(xml);
        const QDomElement root = doc.documentElement();
        live.type = root.attribute(QStringLiteral("type"));
        live.name = root.firstChildElement(QStringLiteral("name")).text();
        live.path = root.firstChildElement(QStringLiteral("target"))
                        .firstChildElement(QStringLiteral("path"))
                        .text();
        virStoragePoolInfo info;
        virStoragePoolGetInfo(p, &info);
        live.capacity = qint64(info.capacity);
        live.allocation = qint64(info.allocation);
        live.available = qint64(info.available);
        live.active = virStoragePoolIsActive(p) == 1;
        int autostart = 0;
        virStoragePoolGetAutostart(p, &autostart);
        live.autostart = autostart != 0;
        virStoragePoolFree(p);
        return live;
    }

    std::optional<LiveNetwork> liveNetwork(const QString &uuid)
    {
        virNetworkPtr n = virNetworkLookupByUUIDString(m_conn, uuid.toLatin1().constData());
        if (!n)
            return std::nullopt;
        LiveNetwork live;
        char *xml = virNetworkGetXMLDesc(n, 0);
        QDomDocument doc;
        doc.setContent(QByteArray(xml));
        free(xml);
        const QDomElement root = doc.documentElement();
        live.name = root.firstChildElement(QStringLiteral("name")).text();
        const QDomElement forward = root.firstChildElement(QStringLiteral("forward"));
        live.mode = forward.isNull() ? QStringLiteral("isolated")
                                     : forward.attribute(QStringLiteral("mode"));
        live.bridge
            = root.firstChildElement(QStringLiteral("bridge")).attribute(QStringLiteral("name"));
        const QDomElement ip = root.firstChildElement(QStringLiteral("ip"));
        const int prefix = ip.hasAttribute(QStringLiteral("prefix"))
                               ? ip.attribute(QStringLiteral("prefix")).toInt()
                               : netmaskBits(ip.attribute(QStringLiteral("netmask")));
        live.ipv4
            = QStringLiteral("%1/%2").arg(ip.attribute(QStringLiteral("address"))).arg(prefix);
        const QDomElement range = ip.firstChildElement(QStringLiteral("dhcp"))
                                      .firstChildElement(QStringLiteral("range"));
        live.dhcpStart = range.attribute(QStringLiteral("start"));
        live.dhcpEnd = range.attribute(QStringLiteral("end"));
        live.active = virNetworkIsActive(n) == 1;
        int autostart = 0;
        virNetworkGetAutostart(n, &autostart);
        live.autostart = autostart != 0;
        virNetworkFree(n);
        return live;
    }

    std::optional<PoolInfo> mirroredPool(const QString &uuid)
    {
        auto pools = InventoryStore(db()).pools(hostId);
        EXPECT_TRUE(pools.has_value());
        for (const PoolInfo &p : pools.value_or(QList<PoolInfo>{})) {
            if (p.uuid == uuid)
                return p;
        }
        return std::nullopt;
    }

    std::optional<NetworkInfo> mirroredNetwork(const QString &uuid)
    {
        auto nets = InventoryStore(db()).networks(hostId);
        EXPECT_TRUE(nets.has_value());
        for (const NetworkInfo &n : nets.value_or(QList<NetworkInfo>{})) {
            if (n.uuid == uuid)
                return n;
        }
        return std::nullopt;
    }

    /// The mirror's row of the pool equals libvirt's view, or both lack it.
    void expectPoolMirrored(const QString &uuid)
    {
        SCOPED_TRACE(uuid.toStdString());
        const auto live = livePool(uuid);
        const auto mirror = mirroredPool(uuid);
        ASSERT_EQ(live.has_value(), mirror.has_value());
        if (!live)
            return;
        EXPECT_EQ(mirror->name, live->name);
        EXPECT_EQ(mirror->type, live->type);
        EXPECT_EQ(mirror->targetPath, live->path);
        EXPECT_EQ(mirror->capacityBytes, live->capacity);
        EXPECT_EQ(mirror->allocationBytes, live->allocation);
        EXPECT_EQ(mirror->availableBytes, live->available);
        EXPECT_EQ(mirror->active, live->active);
        EXPECT_EQ(mirror->autostart, live->autostart);
    }

    void expectNetworkMirrored(const QString &uuid)
    {
        SCOPED_TRACE(uuid.toStdString());
        const auto live = liveNetwork(uuid);
        const auto mirror = mirroredNetwork(uuid);
        ASSERT_EQ(live.has_value(), mirror.has_value());
        if (!live)
            return;
        EXPECT_EQ(mirror->name, live->name);
        EXPECT_EQ(mirror->mode, live->mode);
        EXPECT_EQ(mirror->bridgeName, live->bridge);
        EXPECT_EQ(mirror->ipv4Address, live->ipv4);
        EXPECT_EQ(mirror->dhcpStart, live->dhcpStart);
        EXPECT_EQ(mirror->dhcpEnd, live->dhcpEnd);
        EXPECT_EQ(mirror->active, live->active);
        EXPECT_EQ(mirror->autostart, live->autostart);
    }

    /// The newest audit event with this action on the host.
    std::optional<AuditEvent> lastAudit(const QString &action)
    {
        AuditQuery q;
        q.hostId = hostId;
        q.limit = 0;
        auto events = AuditLog(db()).query(q);
        EXPECT_TRUE(events.has_value());
        for (const AuditEvent &e : events.value_or(QList<AuditEvent>{})) {
            if (e.action == action)
                return e;
        }
        return std::nullopt;
    }

    void expectAudited(const QString &action, bool ok, const QString &objectType,
                       const QString &uuid)
    {
        const auto e = lastAudit(action);
        ASSERT_TRUE(e.has_value()) << action.toStdString();
        EXPECT_EQ(e->level, AuditLevel::Audit);
        EXPECT_EQ(e->ok, ok) << action.toStdString() << ' ' << e->error.toStdString();
        EXPECT_TRUE(e->objects.contains(AuditObject{objectType, uuid})) << action.toStdString();
        EXPECT_TRUE(e->objects.contains(AuditObject{QStringLiteral("host"), hostId}));
    }

    QString uuidOfPool(const char *name)
    {
        virStoragePoolPtr p = virStoragePoolLookupByName(m_conn, name);
        if (!p)
            return {};
        char buf[VIR_UUID_STRING_BUFLEN];
        virStoragePoolGetUUIDString(p, buf);
        virStoragePoolFree(p);
        return QString::fromLatin1(buf);
    }

    QString uuidOfNetwork(const char *name)
    {
        virNetworkPtr n = virNetworkLookupByName(m_conn, name);
        if (!n)
            return {};
        char buf[VIR_UUID_STRING_BUFLEN];
        virNetworkGetUUIDString(n, buf);
        virNetworkFree(n);
        return QString::fromLatin1(buf);
    }

    int networkCount()
    {
        return virConnectNumOfNetworks(m_conn) + virConnectNumOfDefinedNetworks(m_conn);
    }

    /// What libvirt says about a volume (API + DOM), or nothing when it has none at path.
    struct LiveVolume
    {
        QString name, path, format, backing;
        qint64 capacity = 0, allocation = 0;
    };
    std::optional<LiveVolume> liveVolume(const QString &path)
    {
        virStorageVolPtr v = virStorageVolLookupByPath(m_conn, path.toUtf8().constData());
        if (!v)
            return std::nullopt;
        LiveVolume live;
        char *xml = virStorageVolGetXMLDesc(v, 0);
        QDomDocument doc;
        doc.setContent(QByteArray(xml));
        free(xml);
        const QDomElement root = doc.documentElement();
        live.name = root.firstChildElement(QStringLiteral("name")).text();
        const QDomElement target = root.firstChildElement(QStringLiteral("target"));
        live.path = target.firstChildElement(QStringLiteral("path")).text();
        live.format
            = target.firstChildElement(QStringLiteral("format")).attribute(QStringLiteral("type"));
        live.backing = root.firstChildElement(QStringLiteral("backingStore"))
                           .firstChildElement(QStringLiteral("path"))
                           .text();
        virStorageVolInfo info;
        virStorageVolGetInfo(v, &info);
        live.capacity = qint64(info.capacity);
        live.allocation = qint64(info.allocation);
        virStorageVolFree(v);
        return live;
    }

    std::optional<InventoryStore::VolumeRow> mirroredVolume(const QString &path)
    {
        auto rows = InventoryStore(db()).volumes(hostId);
        EXPECT_TRUE(rows.has_value());
        for (const InventoryStore::VolumeRow &r :
             rows.value_or(QList<InventoryStore::VolumeRow>{})) {
            if (r.volume.path == path)
                return r;
        }
        return std::nullopt;
    }

    /// The mirror's row of the volume equals libvirt's view, or both lack it.
    void expectVolumeMirrored(const QString &path)
    {
        SCOPED_TRACE(path.toStdString());
        const auto live = liveVolume(path);
        const auto mirror = mirroredVolume(path);
        ASSERT_EQ(live.has_value(), mirror.has_value());
        if (!live)
            return;
        EXPECT_EQ(mirror->volume.name, live->name);
        EXPECT_EQ(mirror->volume.path, live->path);
        EXPECT_EQ(mirror->volume.format, live->format);
        EXPECT_EQ(mirror->volume.capacityBytes, live->capacity);
        EXPECT_EQ(mirror->volume.allocationBytes, live->allocation);
    }

    int volumeCount(const char *pool)
    {
        virStoragePoolPtr p = virStoragePoolLookupByName(m_conn, pool);
        if (!p)
            return -1;
        const int n = virStoragePoolNumOfVolumes(p);
        virStoragePoolFree(p);
        return n;
    }

    static InventoryRequest createVolume(const QString &poolUuid, const QString &name,
                                         const QString &format, qint64 capacity,
                                         const QString &backing = {})
    {
        InventoryRequest r;
        r.kind = InventoryRequest::Kind::Volume;
        r.op = InventoryRequest::Op::Create;
        r.volume = VolumeSpec{poolUuid, name, format, capacity, backing};
        return r;
    }

    /// Runs virtumancer-cli in this process (same test:///default instance as m_conn).
    CliResult cli(const QStringList &args) { return runCliInProcess(m_data.path(), args); }

    virConnectPtr m_conn = nullptr;
};

// ---- core -----------------------------------------------------------------------------------

TEST_F(InventoryJobsTest, CreatesADirPoolStartedAndMirrored)
{
    connectDefault();
    InventoryRequest r = op(InventoryRequest::Kind::Pool, InventoryRequest::Op::Create, {});
    r.pool = PoolSpec{QStringLiteral("scratch"), QStringLiteral("dir"),
                      m_data.filePath(QStringLiteral("scratch"))};
    QString uuid;
    const Error e = runJob(r, &uuid);
    ASSERT_EQ(e.code, ErrorCode::None) << e.message.toStdString();
    ASSERT_FALSE(uuid.isEmpty());
    const auto live = livePool(uuid);
    ASSERT_TRUE(live.has_value());
    EXPECT_TRUE(live->active);
    EXPECT_EQ(live->path, r.pool.targetPath);
    expectPoolMirrored(uuid);
    expectAudited(QStringLiteral("pool.create"), true, QStringLiteral("pool"), uuid);
}

TEST_F(InventoryJobsTest, PoolStopStartRefreshAutostartDeleteKeepTheMirrorExact)
{
    connectDefault();
    const QString uuid = uuidOfPool("default-pool");
    ASSERT_FALSE(uuid.isEmpty());
    using Op = InventoryRequest::Op;
    const QList<std::pair<InventoryRequest, QString>> steps{
        {op(InventoryRequest::Kind::Pool, Op::Stop, uuid), QStringLiteral("pool.stop")},
        {op(InventoryRequest::Kind::Pool, Op::Start, uuid), QStringLiteral("pool.start")},
        {op(InventoryRequest::Kind::Pool, Op::Refresh, uuid), QStringLiteral("pool.refresh")},
        {op(InventoryRequest::Kind::Pool, Op::SetAutostart, uuid, true),
         QStringLiteral("pool.autostart")},
    };
    for (const auto &[request, action] : steps) {
        SCOPED_TRACE(action.toStdString());
        const Error e = runJob(request);
        ASSERT_EQ(e.code, ErrorCode::None) << e.message.toStdString();
        expectPoolMirrored(uuid);
        expectAudited(action, true, QStringLiteral("pool"), uuid);
    }
    EXPECT_TRUE(mirroredPool(uuid)->autostart);
    ASSERT_EQ(runJob(op(InventoryRequest::Kind::Pool, Op::SetAutostart, uuid, false)).code,
              ErrorCode::None);
    EXPECT_FALSE(mirroredPool(uuid)->autostart);
    expectPoolMirrored(uuid);

    // Nothing in test:///default uses default-pool: delete stops it and undefines it.
    const Error deleted = runJob(op(InventoryRequest::Kind::Pool, Op::Delete, uuid));
    ASSERT_EQ(deleted.code, ErrorCode::None) << deleted.message.toStdString();
    EXPECT_FALSE(livePool(uuid).has_value());
    EXPECT_FALSE(mirroredPool(uuid).has_value());
    expectAudited(QStringLiteral("pool.delete"), true, QStringLiteral("pool"), uuid);
}

TEST_F(InventoryJobsTest, FailedPoolOperationIsAuditedAsFailed)
{
    connectDefault();
    const QString uuid = uuidOfPool("default-pool");
    // Starting an active pool: libvirt refuses, and its message reaches the caller.
    const Error e = runJob(op(InventoryRequest::Kind::Pool, InventoryRequest::Op::Start, uuid));
    EXPECT_EQ(e.code, ErrorCode::Libvirt);
    EXPECT_FALSE(e.message.isEmpty());
    expectAudited(QStringLiteral("pool.start"), false, QStringLiteral("pool"), uuid);
    EXPECT_EQ(lastAudit(QStringLiteral("pool.start"))->error, e.message);
    expectPoolMirrored(uuid);
}

TEST_F(InventoryJobsTest, CreatesNetworksOfEveryModeMirroredFieldByField)
{
    connectDefault();
    const QStringList modes{QStringLiteral("nat"), QStringLiteral("route"),
                            QStringLiteral("isolated"), QStringLiteral("open")};
    int third = 10;
    for (const QString &mode : modes) {
        SCOPED_TRACE(mode.toStdString());
        InventoryRequest r = op(InventoryRequest::Kind::Network, InventoryRequest::Op::Create, {});
        const QString subnet = QStringLiteral("10.77.%1.").arg(third++);
        r.network = NetworkSpec{QStringLiteral("net-") + mode,  mode,
                                subnet + QStringLiteral("1"),   24,
                                subnet + QStringLiteral("100"), subnet + QStringLiteral("199")};
        QString uuid;
        const Error e = runJob(r, &uuid);
        ASSERT_EQ(e.code, ErrorCode::None) << e.message.toStdString();
        const auto live = liveNetwork(uuid);
        ASSERT_TRUE(live.has_value());
        EXPECT_EQ(live->mode, mode);
        EXPECT_EQ(live->ipv4, subnet + QStringLiteral("1/24"));
        EXPECT_EQ(live->dhcpStart, subnet + QStringLiteral("100"));
        EXPECT_TRUE(live->active);
        expectNetworkMirrored(uuid);
        expectAudited(QStringLiteral("net.create"), true, QStringLiteral("network"), uuid);
    }
}

TEST_F(InventoryJobsTest, NetworkStopStartAutostartDelete)
{
    connectDefault();
    InventoryRequest create = op(InventoryRequest::Kind::Network, InventoryRequest::Op::Create, {});
    create.network = NetworkSpec{
        QStringLiteral("lab-net"), QStringLiteral("nat"), QStringLiteral("172.30.0.1"), 16, {}, {}};
    QString uuid;
    ASSERT_EQ(runJob(create, &uuid).code, ErrorCode::None);
    using Op = InventoryRequest::Op;
    const QList<std::pair<InventoryRequest, QString>> steps{
        {op(InventoryRequest::Kind::Network, Op::Stop, uuid), QStringLiteral("net.stop")},
        {op(InventoryRequest::Kind::Network, Op::Start, uuid), QStringLiteral("net.start")},
        {op(InventoryRequest::Kind::Network, Op::SetAutostart, uuid, true),
         QStringLiteral("net.autostart")},
        {op(InventoryRequest::Kind::Network, Op::Stop, uuid), QStringLiteral("net.stop")},
    };
    for (const auto &[request, action] : steps) {
        SCOPED_TRACE(action.toStdString());
        const Error e = runJob(request);
        ASSERT_EQ(e.code, ErrorCode::None) << e.message.toStdString();
        expectNetworkMirrored(uuid);
        expectAudited(action, true, QStringLiteral("network"), uuid);
    }
    EXPECT_FALSE(mirroredNetwork(uuid)->active);
    EXPECT_TRUE(mirroredNetwork(uuid)->autostart);
    ASSERT_EQ(runJob(op(InventoryRequest::Kind::Network, Op::Delete, uuid)).code, ErrorCode::None);
    EXPECT_FALSE(liveNetwork(uuid).has_value());
    EXPECT_FALSE(mirroredNetwork(uuid).has_value());
    expectAudited(QStringLiteral("net.delete"), true, QStringLiteral("network"), uuid);
}

TEST_F(InventoryJobsTest, DeletingANetworkARunningVmUsesIsRefused)
{
    // A running domain with a NIC on "default" (test:///default's own "test" has none).
    const char xml[] = "<domain type='test'><name>net-user</name><memory>65536</memory>"
                       "<os><type>hvm</type></os><devices><interface type='network'>"
                       "<mac address='52:54:00:12:34:56'/><source network='default'/>"
                       "</interface></devices></domain>";
    virDomainPtr dom = virDomainDefineXML(m_conn, xml);
    ASSERT_NE(dom, nullptr);
    ASSERT_EQ(virDomainCreate(dom), 0);
    virDomainFree(dom);
    connectDefault();
    const QString uuid = uuidOfNetwork("default");
    const auto before = mirroredNetwork(uuid);
    ASSERT_TRUE(before.has_value());

    const Error e = runJob(op(InventoryRequest::Kind::Network, InventoryRequest::Op::Delete, uuid));
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(QStringLiteral("net-user"))) << e.message.toStdString();
    const auto live = liveNetwork(uuid);
    ASSERT_TRUE(live.has_value());
    EXPECT_TRUE(live->active);
    EXPECT_EQ(mirroredNetwork(uuid), before);
    expectAudited(QStringLiteral("net.delete"), false, QStringLiteral("network"), uuid);
}

TEST_F(InventoryJobsTest, InvalidNetworkInputIsRefusedWithAClearMessage)
{
    connectDefault();
    const int networksBefore = networkCount();
    struct Case
    {
        NetworkSpec spec;
        QString expected; ///< part of the message
    };
    const QList<Case> cases{
        {{QStringLiteral("bad1"), QStringLiteral("nat"), QStringLiteral("10.1.2.300"), 24, {}, {}},
         QStringLiteral("not an IPv4 address")},
        {{QStringLiteral("bad2"), QStringLiteral("nat"), QStringLiteral("10.1.2.1"), 31, {}, {}},
         QStringLiteral("8 to 30")},
        {{QStringLiteral("bad3"), QStringLiteral("nat"), QStringLiteral("10.1.2.0"), 24, {}, {}},
         QStringLiteral("network address")},
        {{QStringLiteral("bad4"), QStringLiteral("nat"), QStringLiteral("10.1.2.1"), 24,
          QStringLiteral("10.1.3.10"), QStringLiteral("10.1.3.20")},
         QStringLiteral("not a host address of 10.1.2.0/24")},
        {{QStringLiteral("bad5"), QStringLiteral("nat"), QStringLiteral("10.1.2.1"), 24,
          QStringLiteral("10.1.2.50"), QStringLiteral("10.1.2.10")},
         QStringLiteral("comes after")},
        {{QStringLiteral("bad6"), QStringLiteral("bridge"), QStringLiteral("10.1.2.1"), 24, {}, {}},
         QStringLiteral("not one of")},
        {{QStringLiteral("bad name"),
          QStringLiteral("nat"),
          QStringLiteral("10.1.2.1"),
          24,
          {},
          {}},
         QStringLiteral("may contain only")},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.spec.name.toStdString());
        InventoryRequest r = op(InventoryRequest::Kind::Network, InventoryRequest::Op::Create, {});
        r.network = c.spec;
        const Error e = runJob(r);
        EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
        EXPECT_TRUE(e.message.contains(c.expected)) << e.message.toStdString();
        const auto audit = lastAudit(QStringLiteral("net.create"));
        ASSERT_TRUE(audit.has_value());
        EXPECT_FALSE(audit->ok);
        EXPECT_EQ(audit->error, e.message);
    }
    EXPECT_EQ(networkCount(), networksBefore);
}

// ---- volumes (core) -------------------------------------------------------------------------

// The test driver has no virStorageVolResize/virStorageVolWipe: a grow and a wipe reach libvirt
// and come back as its "not supported" error, audited, with the mirror still equal to libvirt.
// Their success path needs a real daemon (the QEMU tier).
TEST_F(InventoryJobsTest, VolumeCreateResizeWipeDeleteKeepTheMirrorExact)
{
    connectDefault();
    const QString pool = uuidOfPool("default-pool");
    ASSERT_FALSE(pool.isEmpty());
    const int before = volumeCount("default-pool");

    QString base;
    ASSERT_EQ(runJob(createVolume(pool, QStringLiteral("vt-base.qcow2"), QStringLiteral("qcow2"),
                                  1LL << 30),
                     &base)
                  .code,
              ErrorCode::None);
    EXPECT_EQ(base, QStringLiteral("/default-pool/vt-base.qcow2"));
    ASSERT_TRUE(liveVolume(base).has_value());
    EXPECT_EQ(liveVolume(base)->capacity, 1LL << 30);
    EXPECT_EQ(liveVolume(base)->format, QStringLiteral("qcow2"));
    expectVolumeMirrored(base);
    EXPECT_EQ(mirroredVolume(base)->status, QStringLiteral("available"));
    EXPECT_EQ(mirroredVolume(base)->poolName, QStringLiteral("default-pool"));
    expectAudited(QStringLiteral("volume.create"), true, QStringLiteral("volume"), base);

    QString overlay;
    ASSERT_EQ(runJob(createVolume(pool, QStringLiteral("vt-overlay.qcow2"),
                                  QStringLiteral("qcow2"), 2LL << 30, base),
                     &overlay)
                  .code,
              ErrorCode::None);
    EXPECT_EQ(liveVolume(overlay)->backing, base);
    expectVolumeMirrored(overlay);

    QString raw;
    ASSERT_EQ(runJob(createVolume(pool, QStringLiteral("vt.img"), QStringLiteral("raw"),
                                  512LL << 20),
                     &raw)
                  .code,
              ErrorCode::None);
    EXPECT_EQ(liveVolume(raw)->format, QStringLiteral("raw"));
    expectVolumeMirrored(raw);
    EXPECT_EQ(volumeCount("default-pool"), before + 3);

    // Shrinking is refused before libvirt is asked.
    InventoryRequest shrink = op(InventoryRequest::Kind::Volume, InventoryRequest::Op::Resize, raw);
    shrink.capacityBytes = 256LL << 20;
    const Error refused = runJob(shrink);
    EXPECT_EQ(refused.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(refused.message.contains(QStringLiteral("refusing to shrink")))
        << refused.message.toStdString();
    EXPECT_EQ(liveVolume(raw)->capacity, 512LL << 20);
    expectVolumeMirrored(raw);
    expectAudited(QStringLiteral("volume.resize"), false, QStringLiteral("volume"), raw);

    InventoryRequest grow = shrink;
    grow.capacityBytes = 1LL << 30;
    const Error unsupported = runJob(grow);
    EXPECT_EQ(unsupported.code, ErrorCode::Libvirt) << unsupported.message.toStdString();
    EXPECT_TRUE(unsupported.message.contains(QStringLiteral("virStorageVolResize")))
        << unsupported.message.toStdString();
    expectVolumeMirrored(raw);
    const Error wipe = runJob(op(InventoryRequest::Kind::Volume, InventoryRequest::Op::Wipe, raw));
    EXPECT_EQ(wipe.code, ErrorCode::Libvirt) << wipe.message.toStdString();
    expectVolumeMirrored(raw);
    expectAudited(QStringLiteral("volume.wipe"), false, QStringLiteral("volume"), raw);

    for (const QString &path : {overlay, base, raw}) {
        SCOPED_TRACE(path.toStdString());
        EXPECT_EQ(runJob(op(InventoryRequest::Kind::Volume, InventoryRequest::Op::Delete, path))
                      .code,
                  ErrorCode::None);
        EXPECT_FALSE(liveVolume(path).has_value());
        expectVolumeMirrored(path);
        expectAudited(QStringLiteral("volume.delete"), true, QStringLiteral("volume"), path);
    }
    EXPECT_EQ(volumeCount("default-pool"), before);
}

TEST_F(InventoryJobsTest, InvalidVolumeInputIsRefusedWithAClearMessage)
{
    connectDefault();
    const QString pool = uuidOfPool("default-pool");
    const int before = volumeCount("default-pool");
    struct Case
    {
        InventoryRequest request;
        ErrorCode code;
        QString expected;
    };
    const QList<Case> cases{
        {createVolume(pool, QStringLiteral("z.qcow2"), QStringLiteral("qcow2"), 0),
         ErrorCode::InvalidArgument, QStringLiteral("greater than zero")},
        {createVolume(pool, QStringLiteral("n.qcow2"), QStringLiteral("qcow2"), -1024),
         ErrorCode::InvalidArgument, QStringLiteral("greater than zero")},
        {createVolume(pool, QStringLiteral("f.vmdk"), QStringLiteral("vmdk"), 1 << 20),
         ErrorCode::InvalidArgument, QStringLiteral("not one of qcow2, raw")},
        {createVolume(pool, QStringLiteral("r.img"), QStringLiteral("raw"), 1 << 20,
                      QStringLiteral("/default-pool/nothing")),
         ErrorCode::InvalidArgument, QStringLiteral("only a qcow2 volume")},
        {createVolume(QStringLiteral("00000000-0000-4000-8000-000000000000"),
                      QStringLiteral("p.qcow2"), QStringLiteral("qcow2"), 1 << 20),
         ErrorCode::NotFound, QStringLiteral("looking up pool")},
        {createVolume(pool, QStringLiteral("b.qcow2"), QStringLiteral("qcow2"), 1 << 20,
                      QStringLiteral("/default-pool/no-such-base")),
         ErrorCode::NotFound, QStringLiteral("backing volume")},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.request.volume.name.toStdString());
        const Error e = runJob(c.request);
        EXPECT_EQ(e.code, c.code) << e.message.toStdString();
        EXPECT_TRUE(e.message.contains(c.expected)) << e.message.toStdString();
        const auto audit = lastAudit(QStringLiteral("volume.create"));
        ASSERT_TRUE(audit.has_value());
        EXPECT_FALSE(audit->ok);
        EXPECT_EQ(audit->error, e.message);
    }
    EXPECT_EQ(volumeCount("default-pool"), before);
    const Error missing = runJob(op(InventoryRequest::Kind::Volume, InventoryRequest::Op::Delete,
                                    QStringLiteral("/default-pool/no-such-volume")));
    EXPECT_EQ(missing.code, ErrorCode::NotFound) << missing.message.toStdString();
}

// A generated node: default-pool's volumes are attached to VMs.
class InventoryNodeTest : public InventoryJobsTest
{
protected:
    void SetUp() override
    {
        InventoryJobsTest::SetUp();
        NodeSpec spec;
        spec.domains = 12;
        spec.volumes = 20;
        spec.awkwardNames = false; // refusals list the first names: keep them predictable
        m_node = m_data.filePath(QStringLiteral("node.xml"));
        ASSERT_TRUE(writeNodeXml(m_node, spec));
    }
    struct PoolRows
    {
        qint64 pools = 0, volumes = 0, attachments = 0, linked = 0;
        friend bool operator==(const PoolRows &, const PoolRows &) = default;
    };
    PoolRows rows()
    {
        QSqlQuery q(db());
        q.exec(QStringLiteral(
            "SELECT (SELECT COUNT(*) FROM storage_pools), (SELECT COUNT(*) FROM volumes),"
            " (SELECT COUNT(*) FROM disk_attachments),"
            " (SELECT COUNT(*) FROM disk_attachments WHERE volume_id IS NOT NULL)"));
        q.next();
        return {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                q.value(3).toLongLong()};
    }
    QString m_node;
};

TEST_F(InventoryNodeTest, DeletingAPoolWithAttachedVolumesIsRefusedAndChangesNothing)
{
    addHost(hostId, QStringLiteral("test://") + m_node);
    connectAndSync(hostId);
    auto pools = InventoryStore(db()).pools(hostId);
    ASSERT_TRUE(pools && pools->size() == 1);
    const PoolInfo pool = pools->first();
    const PoolRows before = rows();
    ASSERT_GT(before.linked, 0);

    const Error e
        = runJob(op(InventoryRequest::Kind::Pool, InventoryRequest::Op::Delete, pool.uuid));
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(QStringLiteral("in use"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(QStringLiteral("\"vm-00000\""))) << e.message.toStdString();
    EXPECT_EQ(rows(), before);
    EXPECT_EQ(mirroredPool(pool.uuid), pool);
    expectAudited(QStringLiteral("pool.delete"), false, QStringLiteral("pool"), pool.uuid);

    // The node is private to the session's connection: a resync through it shows libvirt kept
    // the pool (and wrote nothing, since nothing changed).
    const SyncReport resync = waitForSync(hostId, [&] { m_manager->syncHost(hostId); });
    EXPECT_EQ(resync.pools, 1);
    EXPECT_EQ(resync.rowsWritten, 0);
    EXPECT_EQ(rows(), before);
}

TEST_F(InventoryNodeTest, CliRefusesToDeleteAPoolWithAttachedVolumes)
{
    ASSERT_EQ(runCli(m_data.path(),
                     {QStringLiteral("host"), QStringLiteral("add"),
                      QStringLiteral("test://") + m_node, QStringLiteral("--name"), hostId})
                  .exitCode,
              0);
    ASSERT_EQ(runCli(m_data.path(), {QStringLiteral("sync")}).exitCode, 0);
    const PoolRows before = rows();
    const CliResult r = runCli(m_data.path(), {QStringLiteral("--json"), QStringLiteral("pool"),
                                               QStringLiteral("delete"),
                                               hostId + QStringLiteral("/default-pool")});
    EXPECT_EQ(r.exitCode, 1) << r.err.constData();
    EXPECT_TRUE(r.err.contains("in use")) << r.err.constData();
    EXPECT_TRUE(r.err.contains("\"vm-00000\"")) << r.err.constData();
    const QJsonObject o = r.json().object();
    EXPECT_FALSE(o.value(QStringLiteral("ok")).toBool());
    EXPECT_EQ(o.value(QStringLiteral("pool")).toObject().value(QStringLiteral("name")).toString(),
              QStringLiteral("default-pool"));
    EXPECT_EQ(rows(), before);
    const auto audit = lastAudit(QStringLiteral("pool.delete"));
    ASSERT_TRUE(audit.has_value());
    EXPECT_FALSE(audit->ok);
    EXPECT_EQ(audit->component, QStringLiteral("actions"));
}

TEST_F(InventoryNodeTest, DeletingAnAttachedVolumeIsRefusedAndChangesNothing)
{
    addHost(hostId, QStringLiteral("test://") + m_node);
    connectAndSync(hostId);
    auto vols = InventoryStore(db()).volumes(hostId);
    ASSERT_TRUE(vols.has_value());
    std::optional<InventoryStore::VolumeRow> attached;
    for (const InventoryStore::VolumeRow &r : std::as_const(*vols)) {
        if (r.status != QLatin1String("available") && !r.volume.poolUuid.isEmpty()) {
            attached = r;
            break;
        }
    }
    ASSERT_TRUE(attached.has_value());
    ASSERT_FALSE(attached->attachedTo.isEmpty());
    const PoolRows before = rows();

    const Error e = runJob(
        op(InventoryRequest::Kind::Volume, InventoryRequest::Op::Delete, attached->volume.path));
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(e.message.contains(attached->status)) << e.message.toStdString();
    for (const QString &vm : attached->attachedTo)
        EXPECT_TRUE(e.message.contains(QLatin1Char('"') + vm + QLatin1Char('"')))
            << e.message.toStdString();
    EXPECT_EQ(rows(), before);
    expectAudited(QStringLiteral("volume.delete"), false, QStringLiteral("volume"),
                  attached->volume.path);

    // libvirt kept it: a resync through the session's private connection changes nothing.
    const SyncReport resync = waitForSync(hostId, [&] { m_manager->syncHost(hostId); });
    EXPECT_EQ(resync.rowsWritten, 0);
    EXPECT_EQ(rows(), before);
    EXPECT_EQ(mirroredVolume(attached->volume.path)->volume, attached->volume);
}

TEST_F(InventoryNodeTest, CliRefusesToDeleteAnAttachedVolume)
{
    ASSERT_EQ(runCli(m_data.path(),
                     {QStringLiteral("host"), QStringLiteral("add"),
                      QStringLiteral("test://") + m_node, QStringLiteral("--name"), hostId})
                  .exitCode,
              0);
    ASSERT_EQ(runCli(m_data.path(), {QStringLiteral("sync")}).exitCode, 0);
    auto vols = InventoryStore(db()).volumes(hostId);
    ASSERT_TRUE(vols.has_value());
    std::optional<InventoryStore::VolumeRow> attached;
    for (const InventoryStore::VolumeRow &r : std::as_const(*vols)) {
        if (r.status != QLatin1String("available") && !r.volume.poolUuid.isEmpty())
            attached = r;
    }
    ASSERT_TRUE(attached.has_value());
    const PoolRows before = rows();
    const CliResult r
        = runCli(m_data.path(), {QStringLiteral("--json"), QStringLiteral("volume"),
                                 QStringLiteral("delete"),
                                 hostId + u'/' + attached->poolName + u'/' + attached->volume.name});
    EXPECT_EQ(r.exitCode, 1) << r.err.constData();
    const QString quoted = QLatin1Char('"') + attached->attachedTo.first() + QLatin1Char('"');
    EXPECT_TRUE(r.err.contains(quoted.toUtf8()))
        << r.err.constData();
    const QJsonObject o = r.json().object();
    EXPECT_FALSE(o.value(QStringLiteral("ok")).toBool());
    EXPECT_EQ(o.value(QStringLiteral("volume")).toObject().value(QStringLiteral("path")).toString(),
              attached->volume.path);
    EXPECT_EQ(rows(), before);
}

// ---- CLI (in-process, shared test:///default) -------------------------------------------------

TEST_F(InventoryJobsTest, CliPoolCommandsKeepTheMirrorExact)
{
    ASSERT_EQ(cli({QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("test:///default"),
                   QStringLiteral("--name"), hostId})
                  .exitCode,
              0);
    const QString path = m_data.filePath(QStringLiteral("cli-pool"));
    const CliResult created
        = cli({QStringLiteral("--json"), QStringLiteral("pool"), QStringLiteral("create"), hostId,
               QStringLiteral("clipool"), QStringLiteral("--type"), QStringLiteral("dir"),
               QStringLiteral("--path"), path});
    ASSERT_EQ(created.exitCode, 0) << created.err.constData();
    const QJsonObject o = created.json().object();
    const QString uuid = o.value(QStringLiteral("uuid")).toString();
    EXPECT_TRUE(o.value(QStringLiteral("ok")).toBool());
    EXPECT_EQ(uuid, uuidOfPool("clipool"));
    EXPECT_EQ(o.value(QStringLiteral("pool")).toObject().value(QStringLiteral("target_path")),
              path);
    expectPoolMirrored(uuid);
    expectAudited(QStringLiteral("pool.create"), true, QStringLiteral("pool"), uuid);

    const QList<QStringList> steps{
        {QStringLiteral("stop"), hostId + QStringLiteral("/clipool")},
        {QStringLiteral("start"), uuid},
        {QStringLiteral("refresh"), QStringLiteral("clipool")},
        {QStringLiteral("autostart"), uuid, QStringLiteral("on")},
        {QStringLiteral("delete"), hostId + QStringLiteral("/clipool")},
    };
    for (const QStringList &step : steps) {
        SCOPED_TRACE(step.join(u' ').toStdString());
        const CliResult r = cli(QStringList{QStringLiteral("pool")} + step);
        ASSERT_EQ(r.exitCode, 0) << r.err.constData();
        EXPECT_TRUE(r.out.contains(": ok")) << r.out.constData();
        expectPoolMirrored(uuid);
        expectAudited(QStringLiteral("pool.") + step.first(), true, QStringLiteral("pool"), uuid);
    }
    EXPECT_FALSE(livePool(uuid).has_value());

    const CliResult missing = cli(
        {QStringLiteral("pool"), QStringLiteral("start"), hostId + QStringLiteral("/clipool")});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(missing.err.contains("no pool")) << missing.err.constData();
    const CliResult badPath
        = cli({QStringLiteral("pool"), QStringLiteral("create"), hostId, QStringLiteral("rel"),
               QStringLiteral("--path"), QStringLiteral("relative/dir")});
    EXPECT_EQ(badPath.exitCode, 1);
    EXPECT_TRUE(badPath.err.contains("not absolute")) << badPath.err.constData();
    EXPECT_FALSE(lastAudit(QStringLiteral("pool.create"))->ok);
}

TEST_F(InventoryJobsTest, CliNetCommandsKeepTheMirrorExact)
{
    ASSERT_EQ(cli({QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("test:///default"),
                   QStringLiteral("--name"), hostId})
                  .exitCode,
              0);
    const CliResult created
        = cli({QStringLiteral("--json"), QStringLiteral("net"), QStringLiteral("create"), hostId,
               QStringLiteral("clinet"), QStringLiteral("--mode"), QStringLiteral("route"),
               QStringLiteral("--ipv4"), QStringLiteral("192.168.150.1/24"),
               QStringLiteral("--dhcp"), QStringLiteral("192.168.150.10-192.168.150.20")});
    ASSERT_EQ(created.exitCode, 0) << created.err.constData();
    const QString uuid = created.json().object().value(QStringLiteral("uuid")).toString();
    ASSERT_EQ(uuid, uuidOfNetwork("clinet"));
    const QJsonObject net = created.json().object().value(QStringLiteral("network")).toObject();
    EXPECT_EQ(net.value(QStringLiteral("mode")).toString(), QStringLiteral("route"));
    EXPECT_EQ(net.value(QStringLiteral("dhcp_end")).toString(), QStringLiteral("192.168.150.20"));
    expectNetworkMirrored(uuid);

    const QList<QStringList> steps{
        {QStringLiteral("autostart"), hostId + QStringLiteral("/clinet"), QStringLiteral("on")},
        {QStringLiteral("stop"), uuid},
        {QStringLiteral("start"), QStringLiteral("clinet")},
        {QStringLiteral("autostart"), uuid, QStringLiteral("off")},
        {QStringLiteral("delete"), hostId + QStringLiteral("/clinet")},
    };
    for (const QStringList &step : steps) {
        SCOPED_TRACE(step.join(u' ').toStdString());
        const CliResult r = cli(QStringList{QStringLiteral("net")} + step);
        ASSERT_EQ(r.exitCode, 0) << r.err.constData();
        expectNetworkMirrored(uuid);
        expectAudited(QStringLiteral("net.") + step.first(), true, QStringLiteral("network"), uuid);
    }
    EXPECT_FALSE(liveNetwork(uuid).has_value());

    const int before = networkCount();
    const CliResult bad
        = cli({QStringLiteral("net"), QStringLiteral("create"), hostId, QStringLiteral("badnet"),
               QStringLiteral("--mode"), QStringLiteral("nat"), QStringLiteral("--ipv4"),
               QStringLiteral("10.5.0.1/24"), QStringLiteral("--dhcp"),
               QStringLiteral("10.6.0.10-10.6.0.20")});
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_TRUE(bad.err.contains("not a host address of 10.5.0.0/24")) << bad.err.constData();
    EXPECT_EQ(networkCount(), before);
    const CliResult usage
        = cli({QStringLiteral("net"), QStringLiteral("create"), hostId, QStringLiteral("badnet"),
               QStringLiteral("--mode"), QStringLiteral("nat"), QStringLiteral("--ipv4"),
               QStringLiteral("10.5.0.1")});
    EXPECT_EQ(usage.exitCode, 1);
    EXPECT_TRUE(usage.err.contains("ADDR/PREFIX")) << usage.err.constData();
    const CliResult onOff = cli({QStringLiteral("net"), QStringLiteral("autostart"),
                                 hostId + QStringLiteral("/default"), QStringLiteral("maybe")});
    EXPECT_EQ(onOff.exitCode, 1);
}

TEST_F(InventoryJobsTest, CliVolumeCommandsKeepTheMirrorExact)
{
    ASSERT_EQ(cli({QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("test:///default"),
                   QStringLiteral("--name"), hostId})
                  .exitCode,
              0);
    ASSERT_EQ(cli({QStringLiteral("sync")}).exitCode, 0);
    const int before = volumeCount("default-pool");
    const QString pool = hostId + QStringLiteral("/default-pool");

    const CliResult created = cli({QStringLiteral("--json"), QStringLiteral("volume"),
                                   QStringLiteral("create"), pool, QStringLiteral("cli.img"),
                                   QStringLiteral("--format"), QStringLiteral("raw"),
                                   QStringLiteral("--capacity"), QStringLiteral("512MiB")});
    ASSERT_EQ(created.exitCode, 0) << created.err.constData();
    const QString raw = created.json().object().value(QStringLiteral("uuid")).toString();
    EXPECT_EQ(raw, QStringLiteral("/default-pool/cli.img"));
    const QJsonObject vol = created.json().object().value(QStringLiteral("volume")).toObject();
    EXPECT_EQ(vol.value(QStringLiteral("capacity_bytes")).toInteger(), 512LL << 20);
    EXPECT_EQ(vol.value(QStringLiteral("format")).toString(), QStringLiteral("raw"));
    EXPECT_EQ(vol.value(QStringLiteral("status")).toString(), QStringLiteral("available"));
    EXPECT_EQ(liveVolume(raw)->capacity, 512LL << 20);
    expectVolumeMirrored(raw);
    expectAudited(QStringLiteral("volume.create"), true, QStringLiteral("volume"), raw);

    const CliResult base = cli({QStringLiteral("volume"), QStringLiteral("create"), pool,
                                QStringLiteral("cli-base.qcow2"), QStringLiteral("--format"),
                                QStringLiteral("qcow2"), QStringLiteral("--capacity"),
                                QStringLiteral("1073741824")});
    ASSERT_EQ(base.exitCode, 0) << base.err.constData();
    EXPECT_TRUE(base.out.contains(": ok")) << base.out.constData();
    const QString basePath = QStringLiteral("/default-pool/cli-base.qcow2");
    EXPECT_EQ(liveVolume(basePath)->capacity, 1LL << 30);
    const CliResult overlay
        = cli({QStringLiteral("volume"), QStringLiteral("create"), pool,
               QStringLiteral("cli-top.qcow2"), QStringLiteral("--format"),
               QStringLiteral("qcow2"), QStringLiteral("--capacity"), QStringLiteral("10G"),
               QStringLiteral("--backing"), pool + QStringLiteral("/cli-base.qcow2")});
    ASSERT_EQ(overlay.exitCode, 0) << overlay.err.constData();
    const QString top = QStringLiteral("/default-pool/cli-top.qcow2");
    EXPECT_EQ(liveVolume(top)->backing, basePath);
    EXPECT_EQ(liveVolume(top)->capacity, 10LL << 30);
    expectVolumeMirrored(top);

    const CliResult shrink
        = cli({QStringLiteral("volume"), QStringLiteral("resize"), raw, QStringLiteral("1M")});
    EXPECT_EQ(shrink.exitCode, 1);
    EXPECT_TRUE(shrink.err.contains("refusing to shrink")) << shrink.err.constData();
    expectVolumeMirrored(raw);
    // No resize or wipe in the test driver: libvirt's refusal is a host error (exit 2).
    const CliResult grow
        = cli({QStringLiteral("volume"), QStringLiteral("resize"), raw, QStringLiteral("1G")});
    EXPECT_EQ(grow.exitCode, 2) << grow.err.constData();
    const CliResult wipe = cli({QStringLiteral("volume"), QStringLiteral("wipe"),
                                pool + QStringLiteral("/cli.img")});
    EXPECT_EQ(wipe.exitCode, 2) << wipe.err.constData();
    EXPECT_FALSE(lastAudit(QStringLiteral("volume.wipe"))->ok);
    expectVolumeMirrored(raw);

    const QList<QStringList> bad{
        {QStringLiteral("create"), pool, QStringLiteral("x.img"), QStringLiteral("--format"),
         QStringLiteral("raw"), QStringLiteral("--capacity"), QStringLiteral("-5G")},
        {QStringLiteral("create"), pool, QStringLiteral("x.img"), QStringLiteral("--format"),
         QStringLiteral("raw"), QStringLiteral("--capacity"), QStringLiteral("0")},
        {QStringLiteral("create"), pool, QStringLiteral("x.img"), QStringLiteral("--format"),
         QStringLiteral("vdi"), QStringLiteral("--capacity"), QStringLiteral("1G")},
        {QStringLiteral("create"), hostId + QStringLiteral("/no-such-pool"),
         QStringLiteral("x.img"), QStringLiteral("--format"), QStringLiteral("raw"),
         QStringLiteral("--capacity"), QStringLiteral("1G")},
        {QStringLiteral("resize"), raw, QStringLiteral("lots")},
        {QStringLiteral("delete"), QStringLiteral("/default-pool/no-such.img")},
    };
    const QList<QByteArray> expected{"bad number", "greater than zero", "not one of qcow2, raw",
                                     "no pool", "bad number", "no volume"};
    for (qsizetype i = 0; i < bad.size(); ++i) {
        SCOPED_TRACE(bad[i].join(u' ').toStdString());
        const CliResult r = cli(QStringList{QStringLiteral("volume")} + bad[i]);
        EXPECT_EQ(r.exitCode, 1) << r.err.constData();
        EXPECT_TRUE(r.err.contains(expected[i])) << r.err.constData();
    }
    EXPECT_EQ(volumeCount("default-pool"), before + 3);

    const QList<QString> deletions{top, pool + QStringLiteral("/cli-base.qcow2"), raw};
    const QList<QString> paths{top, basePath, raw};
    for (qsizetype i = 0; i < deletions.size(); ++i) {
        SCOPED_TRACE(deletions[i].toStdString());
        const CliResult r = cli({QStringLiteral("volume"), QStringLiteral("delete"), deletions[i]});
        ASSERT_EQ(r.exitCode, 0) << r.err.constData();
        EXPECT_FALSE(liveVolume(paths[i]).has_value());
        expectVolumeMirrored(paths[i]);
        expectAudited(QStringLiteral("volume.delete"), true, QStringLiteral("volume"), paths[i]);
    }
    EXPECT_EQ(volumeCount("default-pool"), before);
}

} // namespace
