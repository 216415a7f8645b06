// Validation and XML of new pools, networks and volumes (issue 6): what the create forms and the CLI
// refuse before libvirt is asked, and XML that our own parser reads back unchanged.

#include "common/testutil.h"

#include "actions/inventoryaction.h"
#include "sync/xmlparsers.h"

#include <QJsonArray>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace Virtumancer;

namespace {

NetworkSpec validNetwork()
{
    return NetworkSpec{QStringLiteral("lab"),          QStringLiteral("nat"),
                       QStringLiteral("10.20.30.1"),   24,
                       QStringLiteral("10.20.30.100"), QStringLiteral("10.20.30.200")};
}

TEST(InventorySpecs, AcceptsAValidNetworkInEveryMode)
{
    for (const QString &mode : InventorySpecs::networkModes()) {
        NetworkSpec spec = validNetwork();
        spec.mode = mode;
        const auto r = InventorySpecs::validate(spec);
        EXPECT_TRUE(r.has_value()) << mode.toStdString() << ' ' << r.error().message.toStdString();
    }
    NetworkSpec noDhcp = validNetwork();
    noDhcp.dhcpStart.clear();
    noDhcp.dhcpEnd.clear();
    EXPECT_TRUE(InventorySpecs::validate(noDhcp).has_value());
}

TEST(InventorySpecs, RefusesBadNetworkAddresses)
{
    auto refused = [](NetworkSpec spec, const char *expected) {
        const auto r = InventorySpecs::validate(spec);
        ASSERT_FALSE(r.has_value()) << expected;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
        EXPECT_TRUE(r.error().message.contains(QLatin1String(expected)))
            << r.error().message.toStdString();
    };
    NetworkSpec s = validNetwork();
    s.ipv4Address = QStringLiteral("10.20.30");
    refused(s, "not an IPv4 address");
    s = validNetwork();
    s.ipv4Address = QStringLiteral("fe80::1");
    refused(s, "not an IPv4 address");
    for (int prefix : {7, 31, 32, 0}) {
        s = validNetwork();
        s.prefix = prefix;
        refused(s, "out of range");
    }
    s = validNetwork();
    s.ipv4Address = QStringLiteral("10.20.30.255");
    refused(s, "broadcast address");
    s = validNetwork();
    s.dhcpEnd = QStringLiteral("10.20.31.5");
    refused(s, "not a host address of 10.20.30.0/24");
    s = validNetwork();
    s.dhcpStart = QStringLiteral("10.20.30.0");
    refused(s, "not a host address");
    s = validNetwork();
    s.dhcpStart = QStringLiteral("10.20.30.201");
    refused(s, "comes after its end");
    s = validNetwork();
    s.dhcpEnd.clear();
    refused(s, "both a start and an end");
    s = validNetwork();
    s.name = QStringLiteral("-x");
    refused(s, "must not start");
    s = validNetwork();
    s.name = QStringLiteral("a/b");
    refused(s, "may contain only");
}

TEST(InventorySpecs, PrefixBoundsAreInclusive)
{
    NetworkSpec s = validNetwork();
    s.prefix = 30;
    s.ipv4Address = QStringLiteral("10.20.30.1");
    s.dhcpStart = s.dhcpEnd = QStringLiteral("10.20.30.2");
    EXPECT_TRUE(InventorySpecs::validate(s).has_value());
    s = validNetwork();
    s.prefix = 8;
    s.dhcpEnd = QStringLiteral("10.255.255.254");
    EXPECT_TRUE(InventorySpecs::validate(s).has_value());
}

TEST(InventorySpecs, RefusesBadPools)
{
    PoolSpec p{QStringLiteral("images"), QStringLiteral("dir"), QStringLiteral("/srv/images")};
    EXPECT_TRUE(InventorySpecs::validate(p).has_value());
    for (const QString &path : {QStringLiteral("srv/images"), QStringLiteral("/srv/../images"),
                                QStringLiteral("/srv/images/"), QStringLiteral("/"), QString()}) {
        PoolSpec bad = p;
        bad.targetPath = path;
        EXPECT_FALSE(InventorySpecs::validate(bad).has_value()) << path.toStdString();
    }
    PoolSpec zfs = p;
    zfs.type = QStringLiteral("zfs");
    const auto r = InventorySpecs::validate(zfs);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              QStringLiteral("pool type \"zfs\" is not one of dir, logical, netfs, iscsi, disk"));
    PoolSpec unnamed = p;
    unnamed.name.clear();
    EXPECT_FALSE(InventorySpecs::validate(unnamed).has_value());
}

PoolSpec poolOfType(const QString &type)
{
    PoolSpec p{QStringLiteral("p1"), type, QString()};
    if (type == QLatin1String("dir")) {
        p.targetPath = QStringLiteral("/srv/images");
    } else if (type == QLatin1String("logical")) {
        p.sourceName = QStringLiteral("vg_data");
        p.sourceDevices = {QStringLiteral("/dev/sdb1"), QStringLiteral("/dev/sdc1")};
    } else if (type == QLatin1String("netfs")) {
        p.sourceHost = QStringLiteral("nas.example.com");
        p.sourcePath = QStringLiteral("/export/vm");
        p.sourceFormat = QStringLiteral("nfs");
        p.targetPath = QStringLiteral("/mnt/vm");
    } else if (type == QLatin1String("iscsi")) {
        p.sourceHost = QStringLiteral("10.0.0.5");
        p.iscsiTarget = QStringLiteral("iqn.2004-04.com.example:storage.disk1");
    } else if (type == QLatin1String("disk")) {
        p.sourceDevices = {QStringLiteral("/dev/sdd")};
        p.sourceFormat = QStringLiteral("gpt");
    }
    return p;
}

TEST(InventorySpecs, AcceptsEveryPoolTypeWithItsSource)
{
    for (const QString &type : InventorySpecs::poolTypes()) {
        const auto r = InventorySpecs::validate(poolOfType(type));
        EXPECT_TRUE(r.has_value()) << type.toStdString() << ": " << r.error().message.toStdString();
    }
    // An existing volume group needs no devices, and is the pool's name unless named.
    PoolSpec existingVg = poolOfType(QStringLiteral("logical"));
    existingVg.sourceDevices.clear();
    existingVg.sourceName.clear();
    EXPECT_TRUE(InventorySpecs::validate(existingVg).has_value());
    EXPECT_EQ(InventorySpecs::defaultTargetPath(existingVg), QStringLiteral("/dev/p1"));
    PoolSpec cifs = poolOfType(QStringLiteral("netfs"));
    cifs.sourceFormat = QStringLiteral("cifs");
    cifs.sourcePath = QStringLiteral("vmshare");
    EXPECT_TRUE(InventorySpecs::validate(cifs).has_value());
    PoolSpec v6 = poolOfType(QStringLiteral("iscsi"));
    v6.sourceHost = QStringLiteral("fd00::5");
    v6.sourcePort = 3261;
    EXPECT_TRUE(InventorySpecs::validate(v6).has_value());
}

TEST(InventorySpecs, RefusesBadPoolSourcesNamingTheField)
{
    auto refused = [](const PoolSpec &spec, const QString &expected) {
        const auto r = InventorySpecs::validate(spec);
        ASSERT_FALSE(r.has_value()) << expected.toStdString();
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
        EXPECT_EQ(r.error().message, expected);
    };
    PoolSpec s = poolOfType(QStringLiteral("netfs"));
    s.sourceHost.clear();
    refused(s, QStringLiteral("a netfs pool needs a source host"));
    s.sourceHost = QStringLiteral("nas_1.example.com");
    refused(s, QStringLiteral("source host \"nas_1.example.com\" is neither an IP address nor a "
                              "host name"));
    s.sourceHost = QStringLiteral("10.0.0.300");
    refused(s, QStringLiteral("source host \"10.0.0.300\" is neither an IP address nor a "
                              "host name"));
    s = poolOfType(QStringLiteral("netfs"));
    s.sourcePath.clear();
    refused(s, QStringLiteral("a netfs pool needs a source path (the export)"));
    s.sourcePath = QStringLiteral("export/vm");
    refused(s, QStringLiteral("source path \"export/vm\" is not absolute"));
    s = poolOfType(QStringLiteral("netfs"));
    s.sourceFormat = QStringLiteral("smb");
    refused(s, QStringLiteral("source format \"smb\" is not one of auto, nfs, cifs, glusterfs for "
                              "a netfs pool"));
    s = poolOfType(QStringLiteral("netfs"));
    s.targetPath.clear();
    refused(s, QStringLiteral("a netfs pool needs a target path"));
    s.targetPath = QStringLiteral("mnt/vm");
    refused(s, QStringLiteral("target path \"mnt/vm\" is not absolute"));

    s = poolOfType(QStringLiteral("iscsi"));
    s.iscsiTarget.clear();
    refused(s, QStringLiteral("an iscsi pool needs a target IQN"));
    for (const QString &bad :
         {QStringLiteral("iqn.04-2004.com.example"), QStringLiteral("iqn.2004-13.com.example"),
          QStringLiteral("iqn.2004-04.-com.example"), QStringLiteral("iqn.2004-04.com.example:"),
          QStringLiteral("eui.12345"), QStringLiteral("storage.disk1"),
          QStringLiteral("iqn.2004-04.com.example:a b")}) {
        s.iscsiTarget = bad;
        refused(s, QStringLiteral("\"%1\" is not an iSCSI name (e.g. "
                                  "iqn.2024-01.com.example:storage)")
                       .arg(bad));
    }
    for (const QString &good : {QStringLiteral("iqn.2004-04.com.example"),
                                QStringLiteral("eui.02004567A425678D"),
                                QStringLiteral("naa.52004567BA64678D")}) {
        s.iscsiTarget = good;
        EXPECT_TRUE(InventorySpecs::validate(s).has_value()) << good.toStdString();
    }
    s = poolOfType(QStringLiteral("iscsi"));
    s.sourcePort = 70000;
    refused(s, QStringLiteral("port 70000 is out of range (1 to 65535)"));

    s = poolOfType(QStringLiteral("logical"));
    s.sourceDevices = {QStringLiteral("/dev/sdb1"), QStringLiteral("sdc1")};
    refused(s, QStringLiteral("source device \"sdc1\" is not absolute"));
    s.sourceDevices = {QStringLiteral("/srv/disk.img")};
    refused(s, QStringLiteral("source device \"/srv/disk.img\" is not a device path (/dev/...)"));
    s.sourceDevices = {QStringLiteral("/dev/sdb1"), QStringLiteral("/dev/sdb1")};
    refused(s, QStringLiteral("source device /dev/sdb1 is listed twice"));
    s = poolOfType(QStringLiteral("logical"));
    s.sourceName = QStringLiteral("-vg");
    refused(s, QStringLiteral("volume group name \"-vg\" may contain only letters, digits, '+', "
                              "'_', '.' and '-', and must not start with '-'"));

    s = poolOfType(QStringLiteral("disk"));
    s.sourceDevices.clear();
    refused(s, QStringLiteral("a disk pool needs a source device (e.g. /dev/sdb)"));
    s.sourceDevices = {QStringLiteral("/dev/sdd"), QStringLiteral("/dev/sde")};
    refused(s, QStringLiteral("a disk pool takes one source device, not 2"));
    s = poolOfType(QStringLiteral("disk"));
    s.sourceFormat = QStringLiteral("ntfs");
    refused(s, QStringLiteral("source format \"ntfs\" is not one of dos, gpt, mac, bsd, pc98, "
                              "sun, dvh, lvm2 for a disk pool"));
    s = poolOfType(QStringLiteral("dir"));
    s.sourceDevices = {QStringLiteral("/dev/sdb")};
    refused(s, QStringLiteral("a dir pool takes no source devices"));
    s = poolOfType(QStringLiteral("dir"));
    s.writeLabel = true;
    refused(s, QStringLiteral("only a disk pool can write a partition table"));
}

TEST(InventorySpecs, PoolXmlOfEachType)
{
    const auto xml = [](const QString &type) { return InventorySpecs::poolXml(poolOfType(type)); };
    EXPECT_EQ(xml(QStringLiteral("dir")),
              QStringLiteral("<pool type=\"dir\"><name>p1</name>"
                             "<target><path>/srv/images</path></target></pool>"));
    EXPECT_EQ(xml(QStringLiteral("logical")),
              QStringLiteral("<pool type=\"logical\"><name>p1</name><source>"
                             "<device path=\"/dev/sdb1\"/><device path=\"/dev/sdc1\"/>"
                             "<name>vg_data</name><format type=\"lvm2\"/></source>"
                             "<target><path>/dev/vg_data</path></target></pool>"));
    EXPECT_EQ(xml(QStringLiteral("netfs")),
              QStringLiteral("<pool type=\"netfs\"><name>p1</name><source>"
                             "<host name=\"nas.example.com\"/><dir path=\"/export/vm\"/>"
                             "<format type=\"nfs\"/></source>"
                             "<target><path>/mnt/vm</path></target></pool>"));
    EXPECT_EQ(xml(QStringLiteral("iscsi")),
              QStringLiteral("<pool type=\"iscsi\"><name>p1</name><source>"
                             "<host name=\"10.0.0.5\" port=\"3260\"/>"
                             "<device path=\"iqn.2004-04.com.example:storage.disk1\"/></source>"
                             "<target><path>/dev/disk/by-path</path></target></pool>"));
    EXPECT_EQ(xml(QStringLiteral("disk")),
              QStringLiteral("<pool type=\"disk\"><name>p1</name><source>"
                             "<device path=\"/dev/sdd\"/><format type=\"gpt\"/></source>"
                             "<target><path>/dev</path></target></pool>"));
    // Unset formats take the type's default.
    PoolSpec netfs = poolOfType(QStringLiteral("netfs"));
    netfs.sourceFormat.clear();
    EXPECT_TRUE(InventorySpecs::poolXml(netfs).contains(QStringLiteral("<format type=\"auto\"/>")));
}

TEST(InventorySpecs, BuildsOnlyWhatCreatesStorage)
{
    EXPECT_TRUE(InventorySpecs::needsBuild(poolOfType(QStringLiteral("dir"))));
    EXPECT_TRUE(InventorySpecs::needsBuild(poolOfType(QStringLiteral("netfs"))));
    EXPECT_FALSE(InventorySpecs::needsBuild(poolOfType(QStringLiteral("iscsi"))));
    PoolSpec lvm = poolOfType(QStringLiteral("logical"));
    EXPECT_TRUE(InventorySpecs::needsBuild(lvm));
    lvm.sourceDevices.clear();
    EXPECT_FALSE(InventorySpecs::needsBuild(lvm)) << "an existing volume group is used as it is";
    PoolSpec disk = poolOfType(QStringLiteral("disk"));
    EXPECT_FALSE(InventorySpecs::needsBuild(disk));
    disk.writeLabel = true;
    EXPECT_TRUE(InventorySpecs::needsBuild(disk));
}

TEST(InventorySpecs, TellsHostNamesFromNonsense)
{
    for (const char *good : {"nas", "nas.example.com", "10.0.0.5", "fd00::5", "a-b.c0"})
        EXPECT_TRUE(InventorySpecs::isHostName(QString::fromLatin1(good))) << good;
    for (const char *bad : {"", "-nas", "nas-", "a..b", "nas.example.com.", "10.0.0.300", "10.1",
                            "nas example", "nas/x", "under_score"})
        EXPECT_FALSE(InventorySpecs::isHostName(QString::fromLatin1(bad))) << bad;
}

TEST(InventorySpecs, ProposesADhcpRangeAwayFromTheHostAddress)
{
    using Range = std::pair<QString, QString>;
    EXPECT_EQ(InventorySpecs::defaultDhcpRange(QStringLiteral("192.168.100.1"), 24),
              Range(QStringLiteral("192.168.100.128"), QStringLiteral("192.168.100.254")));
    EXPECT_EQ(InventorySpecs::defaultDhcpRange(QStringLiteral("192.168.100.254"), 24),
              Range(QStringLiteral("192.168.100.1"), QStringLiteral("192.168.100.127")));
    EXPECT_EQ(InventorySpecs::defaultDhcpRange(QStringLiteral("10.0.0.1"), 30),
              Range(QStringLiteral("10.0.0.2"), QStringLiteral("10.0.0.2")));
    EXPECT_EQ(InventorySpecs::defaultDhcpRange(QStringLiteral("10.0.0.0"), 24), Range());
    EXPECT_EQ(InventorySpecs::defaultDhcpRange(QStringLiteral("10.0.0.1"), 31), Range());
    // Whatever it proposes passes validation.
    for (int prefix = 8; prefix <= 30; ++prefix) {
        const auto [start, end] = InventorySpecs::defaultDhcpRange(QStringLiteral("172.16.5.9"),
                                                                   prefix);
        NetworkSpec spec{QStringLiteral("n"), QStringLiteral("nat"), QStringLiteral("172.16.5.9"),
                         prefix, start, end};
        const auto r = InventorySpecs::validate(spec);
        EXPECT_TRUE(r.has_value()) << prefix << ": " << r.error().message.toStdString();
    }
}

TEST(InventorySpecs, RefusesADhcpRangeHoldingTheHostAndBadBridges)
{
    NetworkSpec s = validNetwork();
    s.dhcpStart = QStringLiteral("10.20.30.1");
    auto r = InventorySpecs::validate(s);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              QStringLiteral("DHCP range 10.20.30.1 – 10.20.30.200 holds the host's own address "
                             "10.20.30.1"));
    s = validNetwork();
    s.bridgeName = QStringLiteral("virbr-lab");
    EXPECT_TRUE(InventorySpecs::validate(s).has_value());
    EXPECT_TRUE(InventorySpecs::networkXml(s).contains(
        QStringLiteral("<name>lab</name><bridge name=\"virbr-lab\"/>")));
    for (const QString &bad : {QStringLiteral("bridge-name-too-long"), QStringLiteral("br/0"),
                               QStringLiteral("br 0"), QStringLiteral("..")}) {
        s.bridgeName = bad;
        r = InventorySpecs::validate(s);
        ASSERT_FALSE(r.has_value()) << bad.toStdString();
        EXPECT_TRUE(r.error().message.contains(QStringLiteral("bridge name")));
    }
}

TEST(InventorySpecs, TellsOverlappingSubnets)
{
    const auto overlap = [](const char *a, const char *b) {
        return InventorySpecs::subnetsOverlap(QString::fromLatin1(a), QString::fromLatin1(b));
    };
    EXPECT_TRUE(overlap("192.168.122.1/24", "192.168.122.200/24"));
    EXPECT_TRUE(overlap("10.0.0.1/8", "10.200.3.1/24")) << "the wider holds the narrower";
    EXPECT_TRUE(overlap("10.200.3.1/24", "10.0.0.1/8"));
    EXPECT_FALSE(overlap("192.168.122.1/24", "192.168.123.1/24"));
    EXPECT_FALSE(overlap("192.168.122.1/25", "192.168.122.129/25"));
    EXPECT_FALSE(overlap("192.168.122.1/24", "")) << "a network without IPv4";
    EXPECT_FALSE(overlap("192.168.122.1", "192.168.122.1/24")) << "no prefix";
}

TEST(InventorySpecs, AuditDetailsOfAPoolNameItsSource)
{
    const QJsonObject iscsi = InventorySpecs::auditDetails(poolOfType(QStringLiteral("iscsi")));
    EXPECT_EQ(iscsi.value(QStringLiteral("type")).toString(), QStringLiteral("iscsi"));
    EXPECT_EQ(iscsi.value(QStringLiteral("target_path")).toString(),
              QStringLiteral("/dev/disk/by-path"));
    EXPECT_EQ(iscsi.value(QStringLiteral("source_host")).toString(), QStringLiteral("10.0.0.5"));
    EXPECT_EQ(iscsi.value(QStringLiteral("source_port")).toInt(), 3260);
    EXPECT_EQ(iscsi.value(QStringLiteral("iscsi_target")).toString(),
              QStringLiteral("iqn.2004-04.com.example:storage.disk1"));
    EXPECT_FALSE(iscsi.contains(QStringLiteral("source_devices")));
    const QJsonObject dir = InventorySpecs::auditDetails(poolOfType(QStringLiteral("dir")));
    EXPECT_EQ(dir.keys(), (QStringList{QStringLiteral("target_path"), QStringLiteral("type")}));
    const QJsonObject lvm = InventorySpecs::auditDetails(poolOfType(QStringLiteral("logical")));
    EXPECT_EQ(lvm.value(QStringLiteral("source_devices")).toArray().size(), 2);
}

/// libvirt assigns the uuid on define; our parser (rightly) insists on one.
QByteArray withUuid(const QString &xml)
{
    QString s = xml;
    s.replace(QStringLiteral("</name>"),
              QStringLiteral("</name><uuid>11111111-2222-4333-8444-555555555555</uuid>"));
    return s.toUtf8();
}

TEST(InventorySpecs, XmlReadsBackThroughOurParser)
{
    NetworkSpec spec = validNetwork();
    spec.name = QStringLiteral("a.b_c-1");
    for (const QString &mode : InventorySpecs::networkModes()) {
        spec.mode = mode;
        const auto n = XmlParsers::parseNetwork(withUuid(InventorySpecs::networkXml(spec)));
        ASSERT_TRUE(n.has_value()) << n.error().message.toStdString();
        EXPECT_EQ(n->name, spec.name);
        EXPECT_EQ(n->mode, mode);
        EXPECT_EQ(n->ipv4Address, QStringLiteral("10.20.30.1/24"));
        EXPECT_EQ(n->dhcpStart, spec.dhcpStart);
        EXPECT_EQ(n->dhcpEnd, spec.dhcpEnd);
    }
    // Characters XML must escape survive in the path.
    const PoolSpec pool{QStringLiteral("p"), QStringLiteral("dir"),
                        QStringLiteral("/srv/a&b <c> \"d\"")};
    const auto p = XmlParsers::parsePool(withUuid(InventorySpecs::poolXml(pool)));
    ASSERT_TRUE(p.has_value()) << p.error().message.toStdString();
    EXPECT_EQ(p->name, pool.name);
    EXPECT_EQ(p->type, QStringLiteral("dir"));
    EXPECT_EQ(p->targetPath, pool.targetPath);
}

TEST(InventoryRequest, NamesActionsForTheAudit)
{
    InventoryRequest r;
    r.kind = InventoryRequest::Kind::Network;
    r.op = InventoryRequest::Op::Delete;
    EXPECT_EQ(r.actionName(), QStringLiteral("net.delete"));
    EXPECT_EQ(r.objectType(), QStringLiteral("network"));
    r.kind = InventoryRequest::Kind::Pool;
    r.op = InventoryRequest::Op::SetAutostart;
    EXPECT_EQ(r.actionName(), QStringLiteral("pool.autostart"));
    r.kind = InventoryRequest::Kind::Volume;
    r.op = InventoryRequest::Op::Resize;
    EXPECT_EQ(r.actionName(), QStringLiteral("volume.resize"));
    EXPECT_EQ(r.objectType(), QStringLiteral("volume"));
    r.op = InventoryRequest::Op::Wipe;
    EXPECT_EQ(r.actionName(), QStringLiteral("volume.wipe"));
}

VolumeSpec validVolume()
{
    return VolumeSpec{QStringLiteral("11111111-2222-4333-8444-555555555555"),
                      QStringLiteral("disk.qcow2"), QStringLiteral("qcow2"), 10LL << 30,
                      QStringLiteral("/pool/base.qcow2")};
}

TEST(InventorySpecs, RefusesBadVolumes)
{
    EXPECT_TRUE(InventorySpecs::validate(validVolume()).has_value());
    auto refused = [](VolumeSpec spec, const char *expected) {
        const auto r = InventorySpecs::validate(spec);
        ASSERT_FALSE(r.has_value()) << expected;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
        EXPECT_TRUE(r.error().message.contains(QLatin1String(expected)))
            << r.error().message.toStdString();
    };
    VolumeSpec s = validVolume();
    s.capacityBytes = 0;
    refused(s, "greater than zero");
    s.capacityBytes = -1;
    refused(s, "greater than zero");
    s = validVolume();
    s.format = QStringLiteral("vmdk");
    refused(s, "not one of qcow2, raw");
    s = validVolume();
    s.format = QStringLiteral("raw");
    refused(s, "only a qcow2 volume can have a backing volume");
    s = validVolume();
    s.backingPath = QStringLiteral("base.qcow2");
    refused(s, "not absolute");
    s = validVolume();
    s.name = QStringLiteral("a/b");
    refused(s, "may contain only");
    s = validVolume();
    s.poolUuid.clear();
    refused(s, "needs a pool");
}

TEST(InventorySpecs, VolumeXmlReadsBackThroughOurParser)
{
    VolumeSpec spec = validVolume();
    spec.backingPath = QStringLiteral("/pool/a&b <c>.qcow2");
    const QString xml = InventorySpecs::volumeXml(spec, QStringLiteral("raw"));
    const auto v = XmlParsers::parseVolume(xml.toUtf8());
    ASSERT_TRUE(v.has_value()) << v.error().message.toStdString();
    EXPECT_EQ(v->name, spec.name);
    EXPECT_EQ(v->format, QStringLiteral("qcow2"));
    EXPECT_EQ(v->capacityBytes, spec.capacityBytes);
    EXPECT_TRUE(xml.contains(QStringLiteral("<path>/pool/a&amp;b &lt;c&gt;.qcow2</path>")))
        << xml.toStdString();
    EXPECT_TRUE(xml.contains(QStringLiteral("<format type=\"raw\"/></backingStore>")))
        << xml.toStdString();
    spec.format = QStringLiteral("raw");
    spec.backingPath.clear();
    EXPECT_FALSE(
        InventorySpecs::volumeXml(spec).contains(QStringLiteral("backingStore")));
}

} // namespace
