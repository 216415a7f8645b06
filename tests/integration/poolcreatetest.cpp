// Creating storage pools of every form type (issue 6): dir, logical, netfs, iscsi and disk
// through the core (libvirt's XML and the mirror compared) and through the CLI (its options
// per type, the mirror it leaves, the audit), and the CLI's refusals naming the missing or
// misplaced option before anything reaches the host.

#include "common/clirunner.h"
#include "common/hostfixture.h"

#include "actions/inventoryaction.h"
#include "cache/auditlog.h"
#include "cache/inventorystore.h"

#include <QDomDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>

#include <libvirt/libvirt.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

const QString hostId = QStringLiteral("local");

class PoolCreateTest : public HostFixture
{
protected:
    /// Runs request on the host's worker; returns its error (None on success) and object.
    std::pair<Error, QString> runJob(const InventoryRequest &request)
    {
        QSignalSpy finished(m_manager.get(), &ConnectionManager::inventoryJobFinished);
        const quint64 job = m_manager->runInventoryJob(hostId, request);
        Error error{ErrorCode::Timeout, 0, QStringLiteral("no answer")};
        QString object;
        waitUntil(
            [&] {
                for (const QList<QVariant> &args : std::as_const(finished)) {
                    if (args.at(0).toULongLong() == job) {
                        object = args.at(2).toString();
                        error = args.at(4).value<Error>();
                        return true;
                    }
                }
                return false;
            },
            10000);
        return {error, object};
    }
    std::optional<PoolInfo> mirrored(const QString &name)
    {
        auto pools = InventoryStore(db()).pools(hostId);
        for (const PoolInfo &p : pools.value_or(QList<PoolInfo>{})) {
            if (p.name == name)
                return p;
        }
        return std::nullopt;
    }
    QList<AuditEvent> audit(const QString &action)
    {
        AuditQuery q;
        q.limit = 0;
        QList<AuditEvent> matching;
        for (const AuditEvent &e : AuditLog(db()).query(q).value_or(QList<AuditEvent>{})) {
            if (e.action == action)
                matching.append(e);
        }
        return matching;
    }
    /// libvirt's own XML of the pool (test:///default is shared within this process).
    static QDomDocument libvirtXml(const QString &name)
    {
        QDomDocument doc;
        virConnectPtr conn = virConnectOpen("test:///default");
        if (!conn)
            return doc;
        if (virStoragePoolPtr pool = virStoragePoolLookupByName(conn, name.toUtf8().constData())) {
            char *xml = virStoragePoolGetXMLDesc(pool, 0);
            doc.setContent(QByteArray(xml));
            free(xml);
            virStoragePoolFree(pool);
        }
        virConnectClose(conn);
        return doc;
    }
    static QString text(const QDomDocument &doc, const QString &path)
    {
        QDomElement e = doc.documentElement();
        for (const QString &step : path.split(u'/'))
            e = e.firstChildElement(step);
        return e.text();
    }
    static QString attr(const QDomDocument &doc, const QString &path, const QString &name)
    {
        QDomElement e = doc.documentElement();
        for (const QString &step : path.split(u'/'))
            e = e.firstChildElement(step);
        return e.attribute(name);
    }
};

TEST_F(PoolCreateTest, CoreCreatesNetfsIscsiAndDiskPoolsAsTheFormsSay)
{
    addHost(hostId, QStringLiteral("test:///default"));
    connectAndSync(hostId);

    InventoryRequest r;
    r.kind = InventoryRequest::Kind::Pool;
    r.op = InventoryRequest::Op::Create;
    r.pool = PoolSpec{QStringLiteral("nas"), QStringLiteral("netfs"), QStringLiteral("/mnt/nas")};
    r.pool.sourceHost = QStringLiteral("nas.example.com");
    r.pool.sourcePath = QStringLiteral("/export/vm");
    r.pool.sourceFormat = QStringLiteral("nfs");
    auto [error, uuid] = runJob(r);
    ASSERT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    QDomDocument xml = libvirtXml(QStringLiteral("nas"));
    EXPECT_EQ(attr(xml, QStringLiteral("source/host"), QStringLiteral("name")),
              QStringLiteral("nas.example.com"));
    EXPECT_EQ(attr(xml, QStringLiteral("source/dir"), QStringLiteral("path")),
              QStringLiteral("/export/vm"));
    EXPECT_EQ(attr(xml, QStringLiteral("source/format"), QStringLiteral("type")),
              QStringLiteral("nfs"));
    auto pool = mirrored(QStringLiteral("nas"));
    ASSERT_TRUE(pool.has_value());
    EXPECT_EQ(pool->uuid, uuid);
    EXPECT_EQ(pool->type, QStringLiteral("netfs"));
    EXPECT_EQ(pool->targetPath, QStringLiteral("/mnt/nas"));
    EXPECT_TRUE(pool->active);

    r.pool = PoolSpec{QStringLiteral("san"), QStringLiteral("iscsi"), QString()};
    r.pool.sourceHost = QStringLiteral("10.0.0.5");
    r.pool.sourcePort = 3261;
    r.pool.iscsiTarget = QStringLiteral("iqn.2004-04.com.example:storage.disk1");
    std::tie(error, uuid) = runJob(r);
    ASSERT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    xml = libvirtXml(QStringLiteral("san"));
    EXPECT_EQ(attr(xml, QStringLiteral("source/host"), QStringLiteral("port")),
              QStringLiteral("3261"));
    EXPECT_EQ(attr(xml, QStringLiteral("source/device"), QStringLiteral("path")),
              r.pool.iscsiTarget);
    EXPECT_EQ(text(xml, QStringLiteral("target/path")), QStringLiteral("/dev/disk/by-path"));
    pool = mirrored(QStringLiteral("san"));
    ASSERT_TRUE(pool.has_value());
    EXPECT_EQ(pool->targetPath, QStringLiteral("/dev/disk/by-path"));

    r.pool = PoolSpec{QStringLiteral("spare"), QStringLiteral("disk"), QString()};
    r.pool.sourceDevices = {QStringLiteral("/dev/sdq")};
    r.pool.sourceFormat = QStringLiteral("gpt");
    std::tie(error, uuid) = runJob(r);
    ASSERT_EQ(error.code, ErrorCode::None) << error.message.toStdString();
    xml = libvirtXml(QStringLiteral("spare"));
    EXPECT_EQ(attr(xml, QStringLiteral("source/device"), QStringLiteral("path")),
              QStringLiteral("/dev/sdq"));
    EXPECT_EQ(attr(xml, QStringLiteral("source/format"), QStringLiteral("type")),
              QStringLiteral("gpt"));
    EXPECT_EQ(mirrored(QStringLiteral("spare"))->targetPath, QStringLiteral("/dev"));

    // The audit records the source of what was made.
    const QList<AuditEvent> events = audit(QStringLiteral("pool.create"));
    ASSERT_EQ(events.size(), 3);
    for (const AuditEvent &e : events) {
        EXPECT_TRUE(e.ok) << e.error.toStdString();
        if (e.details.value(QStringLiteral("name")).toString() == QLatin1String("san")) {
            EXPECT_EQ(e.details.value(QStringLiteral("iscsi_target")).toString(),
                      QStringLiteral("iqn.2004-04.com.example:storage.disk1"));
            EXPECT_EQ(e.details.value(QStringLiteral("source_port")).toInt(), 3261);
        }
    }
}

TEST_F(PoolCreateTest, CoreRefusesAnInvalidSpecAndDefinesNothing)
{
    addHost(hostId, QStringLiteral("test:///default"));
    connectAndSync(hostId);
    InventoryRequest r;
    r.kind = InventoryRequest::Kind::Pool;
    r.op = InventoryRequest::Op::Create;
    r.pool = PoolSpec{QStringLiteral("bad-nas"), QStringLiteral("netfs"), QStringLiteral("/mnt/x")};
    r.pool.sourceHost = QStringLiteral("nas.example.com");
    const auto [error, uuid] = runJob(r);
    EXPECT_EQ(error.code, ErrorCode::InvalidArgument);
    EXPECT_EQ(error.message, QStringLiteral("a netfs pool needs a source path (the export)"));
    EXPECT_TRUE(libvirtXml(QStringLiteral("bad-nas")).isNull());
    EXPECT_FALSE(mirrored(QStringLiteral("bad-nas")).has_value());
    const QList<AuditEvent> events = audit(QStringLiteral("pool.create"));
    ASSERT_EQ(events.size(), 1);
    EXPECT_FALSE(events.first().ok);
}

class PoolCreateCliTest : public HostFixture
{
protected:
    void SetUp() override
    {
        HostFixture::SetUp();
        ASSERT_EQ(runCli(m_data.path(),
                         {QStringLiteral("host"), QStringLiteral("add"),
                          QStringLiteral("test:///default"), QStringLiteral("--name"), hostId})
                      .exitCode,
                  0);
    }
    CliResult create(const QStringList &args)
    {
        return runCli(m_data.path(), QStringList{QStringLiteral("--json"), QStringLiteral("pool"),
                                                 QStringLiteral("create"), hostId}
                                         + args);
    }
    int poolCreateAudits()
    {
        AuditQuery q;
        q.limit = 0;
        int n = 0;
        for (const AuditEvent &e : AuditLog(db()).query(q).value_or(QList<AuditEvent>{}))
            n += e.action == QLatin1String("pool.create") ? 1 : 0;
        return n;
    }
};

TEST_F(PoolCreateCliTest, CreatesEveryTypeWithItsOptions)
{
    struct Case
    {
        QStringList args;
        QString type;
        QString targetPath;
    };
    const QList<Case> cases{
        {{QStringLiteral("images"), QStringLiteral("--type"), QStringLiteral("dir"),
          QStringLiteral("--path"), QStringLiteral("/srv/images")},
         QStringLiteral("dir"),
         QStringLiteral("/srv/images")},
        {{QStringLiteral("lvm"), QStringLiteral("--type"), QStringLiteral("logical"),
          QStringLiteral("--vg"), QStringLiteral("vg_lab"), QStringLiteral("--source-device"),
          QStringLiteral("/dev/sdx1"), QStringLiteral("--source-device=/dev/sdy1")},
         QStringLiteral("logical"),
         QStringLiteral("/dev/vg_lab")},
        {{QStringLiteral("nas"), QStringLiteral("--type"), QStringLiteral("netfs"),
          QStringLiteral("--source-host"), QStringLiteral("nas.example.com"),
          QStringLiteral("--source-path"), QStringLiteral("/export/vm"),
          QStringLiteral("--source-format"), QStringLiteral("nfs"), QStringLiteral("--path"),
          QStringLiteral("/mnt/nas")},
         QStringLiteral("netfs"),
         QStringLiteral("/mnt/nas")},
        {{QStringLiteral("san"), QStringLiteral("--type"), QStringLiteral("iscsi"),
          QStringLiteral("--source-host"), QStringLiteral("10.0.0.5"), QStringLiteral("--target"),
          QStringLiteral("iqn.2004-04.com.example:storage.disk1")},
         QStringLiteral("iscsi"),
         QStringLiteral("/dev/disk/by-path")},
        {{QStringLiteral("spare"), QStringLiteral("--type"), QStringLiteral("disk"),
          QStringLiteral("--source-device"), QStringLiteral("/dev/sdq"),
          QStringLiteral("--source-format"), QStringLiteral("gpt")},
         QStringLiteral("disk"),
         QStringLiteral("/dev")},
    };
    for (const Case &c : cases) {
        const CliResult r = create(c.args);
        ASSERT_EQ(r.exitCode, 0) << c.type.toStdString() << ": " << r.err.constData();
        const QJsonObject o = r.json().object();
        EXPECT_TRUE(o.value(QStringLiteral("ok")).toBool());
        EXPECT_EQ(o.value(QStringLiteral("action")).toString(), QStringLiteral("pool.create"));
        const QJsonObject pool = o.value(QStringLiteral("pool")).toObject();
        EXPECT_EQ(pool.value(QStringLiteral("type")).toString(), c.type);
        EXPECT_EQ(pool.value(QStringLiteral("target_path")).toString(), c.targetPath);
        EXPECT_TRUE(pool.value(QStringLiteral("active")).toBool()) << c.type.toStdString();
    }
    // Each CLI run has its own test:///default; the mirror keeps the last one's pools.
    EXPECT_EQ(poolCreateAudits(), int(cases.size()));
    AuditQuery q;
    q.limit = 0;
    bool sawDevices = false;
    for (const AuditEvent &e : AuditLog(db()).query(q).value_or(QList<AuditEvent>{})) {
        if (e.action == QLatin1String("pool.create")
            && e.details.value(QStringLiteral("name")).toString() == QLatin1String("lvm")) {
            EXPECT_EQ(e.details.value(QStringLiteral("source_devices")).toArray().toVariantList(),
                      (QVariantList{QStringLiteral("/dev/sdx1"), QStringLiteral("/dev/sdy1")}));
            sawDevices = true;
        }
    }
    EXPECT_TRUE(sawDevices);
}

TEST_F(PoolCreateCliTest, NamesTheMissingOrMisplacedOptionAndTouchesNothing)
{
    const QList<std::pair<QStringList, QByteArray>> cases{
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("dir")},
         "pool create --type dir needs --path"},
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("netfs"),
          QStringLiteral("--source-host"), QStringLiteral("nas"), QStringLiteral("--path"),
          QStringLiteral("/mnt/p")},
         "pool create --type netfs needs --source-path"},
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("iscsi"),
          QStringLiteral("--source-host"), QStringLiteral("10.0.0.5")},
         "pool create --type iscsi needs --target"},
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("disk")},
         "pool create --type disk needs --source-device"},
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("dir"),
          QStringLiteral("--path"), QStringLiteral("/srv/p"), QStringLiteral("--vg"),
          QStringLiteral("vg")},
         "--vg does not apply to a dir pool"},
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("zfs")},
         "pool create --type must be one of dir|logical|netfs|iscsi|disk"},
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("iscsi"),
          QStringLiteral("--source-host"), QStringLiteral("10.0.0.5"), QStringLiteral("--target"),
          QStringLiteral("iqn.2004-04.com.example:x"), QStringLiteral("--source-port"),
          QStringLiteral("99999")},
         "--source-port needs a port number (1 to 65535)"},
    };
    for (const auto &[args, expected] : cases) {
        const CliResult r = create(args);
        EXPECT_EQ(r.exitCode, 1) << expected.constData();
        EXPECT_TRUE(r.err.contains(expected)) << expected.constData() << "\n" << r.err.constData();
    }
    // Refused before connecting: no job ran, so nothing was audited or mirrored.
    EXPECT_EQ(poolCreateAudits(), 0);
    EXPECT_TRUE(InventoryStore(db()).pools(hostId).value_or(QList<PoolInfo>{}).isEmpty());
}

TEST_F(PoolCreateCliTest, RefusesBadValuesThroughTheAuditedJob)
{
    const QList<std::pair<QStringList, QByteArray>> cases{
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("netfs"),
          QStringLiteral("--source-host"), QStringLiteral("10.0.0.300"),
          QStringLiteral("--source-path"), QStringLiteral("/export"), QStringLiteral("--path"),
          QStringLiteral("/mnt/p")},
         "source host \"10.0.0.300\" is neither an IP address nor a host name"},
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("logical"),
          QStringLiteral("--source-device"), QStringLiteral("sdb1")},
         "source device \"sdb1\" is not absolute"},
        {{QStringLiteral("p"), QStringLiteral("--type"), QStringLiteral("iscsi"),
          QStringLiteral("--source-host"), QStringLiteral("10.0.0.5"), QStringLiteral("--target"),
          QStringLiteral("storage.disk1")},
         "\"storage.disk1\" is not an iSCSI name"},
    };
    for (const auto &[args, expected] : cases) {
        const CliResult r = create(args);
        EXPECT_EQ(r.exitCode, 1) << expected.constData();
        EXPECT_TRUE(r.err.contains(expected)) << expected.constData() << "\n" << r.err.constData();
        EXPECT_FALSE(r.json().object().value(QStringLiteral("ok")).toBool(true));
    }
    AuditQuery q;
    q.limit = 0;
    int failed = 0;
    for (const AuditEvent &e : AuditLog(db()).query(q).value_or(QList<AuditEvent>{})) {
        if (e.action == QLatin1String("pool.create")) {
            EXPECT_FALSE(e.ok);
            ++failed;
        }
    }
    EXPECT_EQ(failed, int(cases.size()));
    for (const PoolInfo &p : InventoryStore(db()).pools(hostId).value_or(QList<PoolInfo>{}))
        EXPECT_NE(p.name, QStringLiteral("p"));
}

} // namespace
