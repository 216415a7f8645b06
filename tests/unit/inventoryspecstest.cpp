// Validation and XML of new pools, networks and volumes (issue 6): what the create forms and the CLI
// refuse before libvirt is asked, and XML that our own parser reads back unchanged.

#include "common/testutil.h"

#include "actions/inventoryaction.h"
#include "sync/xmlparsers.h"

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
    PoolSpec logical = p;
    logical.type = QStringLiteral("logical");
    EXPECT_FALSE(InventorySpecs::validate(logical).has_value());
    PoolSpec unnamed = p;
    unnamed.name.clear();
    EXPECT_FALSE(InventorySpecs::validate(unnamed).has_value());
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
