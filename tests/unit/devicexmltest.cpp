// The device XML the hardware editor adds (issue 6): checks on the inputs, and XML that our own
// domain parser reads back as the device that was asked for.

#include "actions/devicexml.h"
#include "sync/devicelist.h"
#include "sync/xmlparsers.h"

#include <QSet>

#include <gtest/gtest.h>

using namespace Virtumancer;

namespace {

/// A minimal domain holding the given <devices> children, parsed by the mirror's own parser.
DomainInfo domainWith(const QString &devices)
{
    const QString xml = QStringLiteral("<domain type='kvm'><name>vm</name>"
                                       "<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>"
                                       "<memory>1024</memory><os><type>hvm</type></os>"
                                       "<devices>%1</devices></domain>")
                            .arg(devices);
    auto parsed = XmlParsers::parseDomain(xml.toUtf8());
    EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message.toStdString());
    return parsed.value_or(DomainInfo{});
}

void expectRefused(const Result<> &r, const char *expected)
{
    ASSERT_FALSE(r.has_value()) << expected;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(r.error().message.contains(QLatin1String(expected)))
        << r.error().message.toStdString();
}

TEST(DeviceXml, RandomMacsAreValidQemuAddressesAndDiffer)
{
    QSet<QString> seen;
    for (int i = 0; i < 200; ++i) {
        const QString mac = DeviceXml::randomMac();
        EXPECT_TRUE(mac.startsWith(QLatin1String("52:54:00:"))) << mac.toStdString();
        EXPECT_TRUE(DeviceXml::isValidMac(mac)) << mac.toStdString();
        EXPECT_EQ(mac, mac.toLower());
        seen.insert(mac);
    }
    EXPECT_GT(seen.size(), 190); // 24 random bits: a handful of collisions at most
}

TEST(DeviceXml, MacChecks)
{
    EXPECT_TRUE(DeviceXml::isValidMac(QStringLiteral("52:54:00:AB:cd:01")));
    EXPECT_FALSE(DeviceXml::isValidMac(QStringLiteral("52:54:00:ab:cd")));
    EXPECT_FALSE(DeviceXml::isValidMac(QStringLiteral("52:54:00:ab:cd:0g")));
    EXPECT_FALSE(DeviceXml::isValidMac(QStringLiteral("52-54-00-ab-cd-01")));
    EXPECT_FALSE(DeviceXml::isValidMac(QStringLiteral("01:00:5e:00:00:01"))); // multicast
    EXPECT_FALSE(DeviceXml::isValidMac(QStringLiteral("5:54:00:ab:cd:011")));
    EXPECT_EQ(DeviceXml::normalizedMac(QStringLiteral(" 52:54:00:AB:CD:01 ")),
              QStringLiteral("52:54:00:ab:cd:01"));
}

TEST(DeviceXml, NicValidation)
{
    NicSpec spec{
        QStringLiteral("network"), QStringLiteral("default"), QStringLiteral("virtio"), {}};
    EXPECT_TRUE(DeviceXml::validate(spec).has_value());
    NicSpec s = spec;
    s.source.clear();
    expectRefused(DeviceXml::validate(s), "choose the virtual network");
    s = spec;
    s.sourceType = QStringLiteral("bridge");
    s.source = QStringLiteral("a-very-long-bridge0");
    expectRefused(DeviceXml::validate(s), "not a bridge name");
    s.source = QStringLiteral("br 0");
    expectRefused(DeviceXml::validate(s), "not a bridge name");
    s.source = QStringLiteral("br0");
    EXPECT_TRUE(DeviceXml::validate(s).has_value());
    s = spec;
    s.model = QStringLiteral("ne2k");
    expectRefused(DeviceXml::validate(s), "unknown NIC model");
    s = spec;
    s.mac = QStringLiteral("03:00:00:00:00:01");
    expectRefused(DeviceXml::validate(s), "not a unicast MAC");
    s.sourceType = QStringLiteral("direct");
    expectRefused(DeviceXml::validate(s), "network or a bridge");
}

TEST(DeviceXml, InterfaceXmlReadsBackAsTheNic)
{
    const NicSpec spec{QStringLiteral("bridge"), QStringLiteral("br0"), QStringLiteral("e1000e"),
                       QStringLiteral("52:54:00:AA:BB:CC")};
    const DomainInfo d = domainWith(DeviceXml::interfaceXml(spec));
    ASSERT_EQ(d.ports.size(), 1);
    EXPECT_EQ(d.ports.at(0).sourceType, QStringLiteral("bridge"));
    EXPECT_EQ(d.ports.at(0).sourceName, QStringLiteral("br0"));
    EXPECT_EQ(d.ports.at(0).modelName, QStringLiteral("e1000e"));
    EXPECT_EQ(d.ports.at(0).macAddress, QStringLiteral("52:54:00:aa:bb:cc"));

    // A network name with XML's special characters is escaped, not injected.
    const NicSpec odd{
        QStringLiteral("network"), QStringLiteral("lab \"<a>'&"), QStringLiteral("virtio"), {}};
    const DomainInfo o = domainWith(DeviceXml::interfaceXml(odd));
    ASSERT_EQ(o.ports.size(), 1);
    EXPECT_EQ(o.ports.at(0).sourceName, QStringLiteral("lab \"<a>'&"));
}

TEST(DeviceXml, GraphicsValidationAndXml)
{
    GraphicsSpec spec;
    EXPECT_TRUE(DeviceXml::validate(spec).has_value());
    spec.listen = QStringLiteral("localhost");
    expectRefused(DeviceXml::validate(spec), "not an IP address");
    spec.listen = QStringLiteral("::1");
    EXPECT_TRUE(DeviceXml::validate(spec).has_value());
    spec.password = "123456789";
    expectRefused(DeviceXml::validate(spec), "at most 8 characters");
    spec.type = QStringLiteral("spice");
    EXPECT_TRUE(DeviceXml::validate(spec).has_value()); // SPICE has no such limit
    spec.type = QStringLiteral("rdp");
    expectRefused(DeviceXml::validate(spec), "vnc or spice");

    const GraphicsSpec vnc{QStringLiteral("vnc"), QStringLiteral("none"), "s3cr&t"};
    const DomainInfo d = domainWith(DeviceXml::graphicsXml(vnc));
    ASSERT_EQ(d.graphics.size(), 1);
    EXPECT_EQ(d.graphics.at(0).type, QStringLiteral("vnc"));
    const QString xml = DeviceXml::graphicsXml(vnc);
    EXPECT_TRUE(xml.contains(QLatin1String("passwd=\"s3cr&amp;t\""))) << xml.toStdString();
    EXPECT_TRUE(xml.contains(QLatin1String("<listen type=\"none\"/>"))) << xml.toStdString();

    const GraphicsSpec spice{QStringLiteral("spice"), QStringLiteral("0.0.0.0"), {}};
    const DomainInfo s = domainWith(DeviceXml::graphicsXml(spice));
    ASSERT_EQ(s.graphics.size(), 1);
    EXPECT_EQ(s.graphics.at(0).type, QStringLiteral("spice"));
    EXPECT_EQ(s.graphics.at(0).listenAddress, QStringLiteral("0.0.0.0"));
    EXPECT_FALSE(DeviceXml::graphicsXml(spice).contains(QLatin1String("passwd")));
}

TEST(DeviceXml, OtherDevicesAreListedAsTheirKind)
{
    const QString all = DeviceXml::videoXml(QStringLiteral("qxl"))
                        + DeviceXml::soundXml(QStringLiteral("ich9")) + DeviceXml::serialXml()
                        + DeviceXml::redirdevXml();
    const QString xml = QStringLiteral("<domain><devices>%1</devices></domain>").arg(all);
    const auto devices = listDevices(xml.toUtf8());
    ASSERT_TRUE(devices.has_value());
    QStringList kinds;
    for (const DeviceEntry &e : *devices)
        kinds << e.kind;
    EXPECT_EQ(kinds, (QStringList{QStringLiteral("video"), QStringLiteral("sound"),
                                  QStringLiteral("serial"), QStringLiteral("redirdev")}));
    EXPECT_TRUE(devices->at(0).xml.contains(QLatin1String("type=\"qxl\"")))
        << devices->at(0).xml.toStdString();
    EXPECT_TRUE(devices->at(1).xml.contains(QLatin1String("model=\"ich9\"")));
    EXPECT_TRUE(devices->at(3).xml.contains(QLatin1String("spicevmc")));
    EXPECT_EQ(domainWith(DeviceXml::videoXml(QStringLiteral("virtio"))).graphics.size(), 0);
}

TEST(DeviceXml, SecretsAreRemovedForTheAuditLog)
{
    const QString xml = DeviceXml::graphicsXml(
        GraphicsSpec{QStringLiteral("spice"), QStringLiteral("127.0.0.1"), "pa\"ss<wd>"});
    ASSERT_TRUE(xml.contains(QLatin1String("passwd=")));
    const QString clean = DeviceXml::withoutSecrets(xml);
    EXPECT_FALSE(clean.contains(QLatin1String("passwd"))) << clean.toStdString();
    EXPECT_FALSE(clean.contains(QLatin1String("ss&lt;wd"))) << clean.toStdString();
    EXPECT_TRUE(clean.contains(QLatin1String("<listen type=\"address\" address=\"127.0.0.1\"/>")))
        << clean.toStdString();
    EXPECT_EQ(DeviceXml::withoutSecrets(DeviceXml::soundXml(QStringLiteral("ich9"))),
              DeviceXml::soundXml(QStringLiteral("ich9")));
    // Unreadable XML is dropped, not passed through with its secret.
    EXPECT_TRUE(DeviceXml::withoutSecrets(QStringLiteral("<graphics passwd='x'")).isEmpty());
}

TEST(DeviceXml, BootOrderAndDiskTargetsAreReadFromTheXml)
{
    const QByteArray xml = "<domain><os><type>hvm</type><boot dev='cdrom'/><boot dev='hd'/></os>"
                           "<devices><disk type='file' device='disk'><boot dev='x'/>"
                           "<target dev='vdb' bus='virtio'/></disk></devices></domain>";
    EXPECT_EQ(bootOrder(xml), (QStringList{QStringLiteral("cdrom"), QStringLiteral("hd")}));
    EXPECT_TRUE(bootOrder("<domain><os><type>hvm</type></os></domain>").isEmpty());
    EXPECT_TRUE(bootOrder("<domain><os><boot dev='hd'/>").isEmpty()); // truncated: not trusted
    const auto devices = listDevices(xml);
    ASSERT_TRUE(devices.has_value());
    ASSERT_EQ(devices->size(), 1);
    EXPECT_EQ(deviceTarget(devices->at(0).xml), QStringLiteral("vdb"));
    // Only the device's own <target>, not one nested deeper.
    EXPECT_TRUE(deviceTarget(QStringLiteral("<interface><x><target dev='vnet0'/></x></interface>"))
                    .isEmpty());
}

} // namespace
