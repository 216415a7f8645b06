#include "common/testutil.h"
#include "sync/devicelist.h"
#include "sync/xmlparsers.h"

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <gtest/gtest.h>

#include <limits>
#include <ostream>

namespace Virtumancer {
namespace {

using namespace Qt::StringLiterals;
using XmlParsers::parseDomain;
using XmlParsers::parseNetwork;
using XmlParsers::parsePool;
using XmlParsers::parseVolume;
using XmlParsers::scaledToBytes;

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = KiB * 1024;
constexpr qint64 GiB = MiB * 1024;
constexpr qint64 TiB = GiB * 1024;

QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(VIRTUMANCER_TEST_DATA "/") + QString::fromUtf8(name));
    if (!file.open(QIODevice::ReadOnly)) {
        ADD_FAILURE() << "cannot open fixture " << name;
        return {};
    }
    return file.readAll();
}

template<typename T>::testing::AssertionResult isParseError(const Result<T> &result)
{
    if (result.has_value())
        return ::testing::AssertionFailure() << "parsed successfully";
    if (result.error().code != ErrorCode::ParseError)
        return ::testing::AssertionFailure() << "error code " << int(result.error().code);
    const QString &message = result.error().message;
    if (!message.contains("line "_L1) || !message.contains("column "_L1))
        return ::testing::AssertionFailure()
               << "message without position: " << message.toStdString();
    return ::testing::AssertionSuccess();
}

// The smallest document the domain parser accepts, with room for extra elements.
QByteArray minimalDomain(const char *extra = "")
{
    return QByteArray("<domain type='kvm'><name>mini</name>"
                      "<uuid>11111111-2222-3333-4444-555555555555</uuid>")
           + extra + "</domain>";
}

Result<DomainInfo> fullDomain()
{
    return parseDomain(fixture("domain-qemu-full.xml"));
}

// --- Domain: identity and scalar fields -------------------------------------------------------

TEST(DomainParser, ReadsIdentityOfQemuDomain)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value()) << d.error().message.toStdString();
    EXPECT_EQ(d->name, u"fedora-workstation"_s);
    EXPECT_EQ(d->uuid, u"8f2c7d1a-3b4e-4c5d-9e6f-0a1b2c3d4e5f"_s);
    EXPECT_EQ(d->title, u"Fedora 39 Workstation"_s);
    EXPECT_EQ(d->description, u"Build box for the team <ci> & nightly jobs"_s);
}

TEST(DomainParser, IgnoresNameAndUuidInsideMetadataAndSysinfo)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    EXPECT_NE(d->name, u"metadata-name-must-not-win"_s);
    EXPECT_NE(d->uuid, u"00000000-0000-0000-0000-000000000000"_s);
}

TEST(DomainParser, PrefersCurrentVcpuAttributeOverMaximum)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->vcpuCount, 4);
}

TEST(DomainParser, ReadsVcpuTextWithoutCurrentAttribute)
{
    const auto d = parseDomain(minimalDomain("<vcpu placement='static'>6</vcpu>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->vcpuCount, 6);
}

TEST(DomainParser, ConvertsKibMemoryToBytes)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->memoryBytes, 8 * GiB);
    EXPECT_EQ(d->currentMemoryBytes, 4 * GiB);
}

TEST(DomainParser, HonoursMemoryUnitAttribute)
{
    const auto d = parseDomain(minimalDomain("<memory unit='GiB'>2</memory>"
                                             "<currentMemory unit='MB'>1500</currentMemory>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->memoryBytes, 2 * GiB);
    EXPECT_EQ(d->currentMemoryBytes, 1500 * 1000 * 1000);
}

TEST(DomainParser, DefaultsMemoryUnitToKib)
{
    const auto d = parseDomain(minimalDomain("<memory>524288</memory>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->memoryBytes, 512 * MiB);
}

TEST(DomainParser, UsesMemoryAsCurrentMemoryWhenAbsent)
{
    const auto d = parseDomain(minimalDomain("<memory unit='MiB'>768</memory>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->currentMemoryBytes, 768 * MiB);
}

TEST(DomainParser, ReadsOsTypeArchAndMachineDespiteLoaderAndNvram)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->osType, u"hvm"_s);
    EXPECT_EQ(d->arch, u"x86_64"_s);
    EXPECT_EQ(d->machine, u"pc-q35-7.2"_s);
}

TEST(DomainParser, ReadsCpuModelAndTopologyAsCompactJson)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->cpuModel, u"Skylake-Client-IBRS"_s);
    EXPECT_FALSE(d->cpuTopologyJson.contains(u' '));
    const QJsonObject topology = QJsonDocument::fromJson(d->cpuTopologyJson.toUtf8()).object();
    EXPECT_EQ(topology.size(), 4);
    EXPECT_EQ(topology.value("sockets"_L1).toInt(), 1);
    EXPECT_EQ(topology.value("dies"_L1).toInt(), 1);
    EXPECT_EQ(topology.value("cores"_L1).toInt(), 4);
    EXPECT_EQ(topology.value("threads"_L1).toInt(), 2);
}

TEST(DomainParser, PutsOnlyPresentTopologyAttributesInJson)
{
    const auto d = parseDomain(minimalDomain("<cpu><topology sockets='2' cores='8'/></cpu>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->cpuTopologyJson, u"{\"cores\":8,\"sockets\":2}"_s);
}

TEST(DomainParser, LeavesCpuFieldsEmptyForHostPassthrough)
{
    const auto d = parseDomain(minimalDomain("<cpu mode='host-passthrough' check='none'/>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_TRUE(d->cpuModel.isEmpty());
    EXPECT_TRUE(d->cpuTopologyJson.isEmpty());
}

TEST(DomainParser, DoesNotTakeCpuModelFromOtherModelElements)
{
    const auto d = parseDomain(minimalDomain("<devices><interface type='user'>"
                                             "<model type='virtio'/></interface>"
                                             "<video><model type='vga'>ignored</model></video>"
                                             "</devices>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_TRUE(d->cpuModel.isEmpty());
}

TEST(DomainParser, ReadsTestDriverDomain)
{
    const QByteArray xml = fixture("domain-test-driver.xml");
    const auto d = parseDomain(xml);
    ASSERT_TRUE(d.has_value()) << d.error().message.toStdString();
    EXPECT_EQ(d->name, u"test"_s);
    EXPECT_EQ(d->uuid, u"6695eb01-f6a4-8304-79aa-97f2502e193f"_s);
    EXPECT_EQ(d->vcpuCount, 2);
    EXPECT_EQ(d->memoryBytes, 8 * GiB);
    EXPECT_EQ(d->currentMemoryBytes, 2 * GiB);
    EXPECT_EQ(d->osType, u"hvm"_s);
    EXPECT_EQ(d->arch, u"i686"_s);
    EXPECT_TRUE(d->machine.isEmpty());
    ASSERT_EQ(d->disks.size(), 1);
    EXPECT_EQ(d->disks[0].sourcePath, u"/guest/diskimage1"_s);
    EXPECT_EQ(d->disks[0].deviceName, u"vda"_s);
    ASSERT_EQ(d->ports.size(), 1);
    EXPECT_EQ(d->ports[0].macAddress, u"aa:bb:cc:dd:ee:ff"_s);
    EXPECT_EQ(d->ports[0].sourceName, u"default"_s);
    EXPECT_EQ(d->ports[0].targetDev, u"testnet0"_s);
    EXPECT_TRUE(d->graphics.isEmpty());
    EXPECT_EQ(d->domainXml, QString::fromUtf8(xml));
}

TEST(DomainParser, LeavesCallerOwnedFieldsAtDefaults)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->state, DomainState::NoState);
    EXPECT_EQ(d->stateReason, 0);
    EXPECT_TRUE(d->persistent);
    EXPECT_FALSE(d->autostart);
}

TEST(DomainParser, GivesDefaultsForMinimalDomain)
{
    const QByteArray xml = minimalDomain();
    const auto d = parseDomain(xml);
    ASSERT_TRUE(d.has_value());
    DomainInfo expected;
    expected.name = u"mini"_s;
    expected.uuid = u"11111111-2222-3333-4444-555555555555"_s;
    expected.domainXml = QString::fromUtf8(xml);
    EXPECT_TRUE(*d == expected);
}

// --- Domain: odd names ------------------------------------------------------------------------

struct NameCase
{
    const char *escaped; ///< as it appears inside <name>
    const char *expected;
};

class DomainNameTest : public ::testing::TestWithParam<NameCase>
{
};

TEST_P(DomainNameTest, ReadsNameExactly)
{
    const QByteArray xml = QByteArray("<domain type='qemu'><name>") + GetParam().escaped
                           + "</name><uuid>aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee</uuid></domain>";
    const auto d = parseDomain(xml);
    ASSERT_TRUE(d.has_value()) << d.error().message.toStdString();
    EXPECT_EQ(d->name, QString::fromUtf8(GetParam().expected));
    EXPECT_EQ(d->domainXml, QString::fromUtf8(xml));
}

INSTANTIATE_TEST_SUITE_P(
    OddNames, DomainNameTest,
    ::testing::Values(NameCase{"O'Brien's \"lab\" box", "O'Brien's \"lab\" box"},
                      NameCase{"O&apos;Brien &quot;quoted&quot;", "O'Brien \"quoted\""},
                      NameCase{"\xc3\x9cn\xc3\xaf\x63\xc3\xb6\x64\xc3\xa9 \xe8\x99\x9a\xe6\x8b\x9f"
                               "\xe6\x9c\xba",
                               "\xc3\x9cn\xc3\xaf\x63\xc3\xb6\x64\xc3\xa9 \xe8\x99\x9a\xe6\x8b\x9f"
                               "\xe6\x9c\xba"},
                      NameCase{"web server 01", "web server 01"},
                      NameCase{"a;b;rm -rf /;c", "a;b;rm -rf /;c"},
                      NameCase{"&lt;script&gt;&amp;&lt;/script&gt;", "<script>&</script>"},
                      NameCase{"&#x41;&#66;c", "ABc"},
                      NameCase{"vm-0123456789-0123456789-0123456789-0123456789-0123456789-"
                               "0123456789",
                               "vm-0123456789-0123456789-0123456789-0123456789-0123456789-"
                               "0123456789"}));

TEST(DomainParser, KeepsSeventyCharacterName)
{
    const QString name(70, u'x');
    const QByteArray xml = "<domain><name>" + name.toUtf8()
                           + "</name><uuid>aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee</uuid></domain>";
    const auto d = parseDomain(xml);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->name.size(), 70);
    EXPECT_EQ(d->name, name);
}

// --- Domain: disks ----------------------------------------------------------------------------

TEST(DomainParser, ReadsEveryDiskInDocumentOrder)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    ASSERT_EQ(d->disks.size(), 5);
    EXPECT_EQ(d->disks[0].deviceName, u"vda"_s);
    EXPECT_EQ(d->disks[1].deviceName, u"vdb"_s);
    EXPECT_EQ(d->disks[2].deviceName, u"sda"_s);
    EXPECT_EQ(d->disks[3].deviceName, u"vdc"_s);
    EXPECT_EQ(d->disks[4].deviceName, u"sdb"_s);
}

TEST(DomainParser, ReadsFileDiskAndIgnoresItsBackingStore)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    DiskInfo expected;
    expected.deviceName = u"vda"_s;
    expected.device = u"disk"_s;
    expected.busType = u"virtio"_s;
    expected.sourceType = u"file"_s;
    expected.sourcePath = u"/var/lib/libvirt/images/fedora-workstation.qcow2"_s;
    expected.format = u"qcow2"_s;
    expected.bootOrder = 1;
    EXPECT_TRUE(d->disks.value(0) == expected);
    EXPECT_EQ(d->disks.value(0).sourcePath, expected.sourcePath);
    EXPECT_EQ(d->disks.value(0).format, expected.format);
}

TEST(DomainParser, ReadsBlockDiskSourceFromDev)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    const DiskInfo disk = d->disks.value(1);
    EXPECT_EQ(disk.sourceType, u"block"_s);
    EXPECT_EQ(disk.sourcePath, u"/dev/vg0/fedora-data"_s);
    EXPECT_EQ(disk.format, u"raw"_s);
    EXPECT_EQ(disk.bootOrder, 0);
    EXPECT_FALSE(disk.readonly);
}

TEST(DomainParser, ReadsDiskSourceFromVolumePool)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    const DiskInfo disk = d->disks.value(2);
    EXPECT_EQ(disk.sourceType, u"volume"_s);
    EXPECT_EQ(disk.sourcePool, u"default"_s);
    EXPECT_EQ(disk.sourceVolume, u"scratch.qcow2"_s);
    EXPECT_EQ(disk.sourcePath, u"default/scratch.qcow2"_s);
    EXPECT_EQ(disk.busType, u"scsi"_s);
}

TEST(DomainParser, BuildsNetworkDiskUrlFromFirstHost)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    const DiskInfo disk = d->disks.value(3);
    EXPECT_EQ(disk.sourceType, u"network"_s);
    EXPECT_EQ(disk.sourcePath, u"rbd://ceph-mon1.example.org/vms/fedora-ceph"_s);
    EXPECT_TRUE(disk.sourcePool.isEmpty());
}

TEST(DomainParser, UsesProtocolAndNameForNetworkDiskWithoutHost)
{
    const auto d = parseDomain(minimalDomain("<devices><disk type='network' device='disk'>"
                                             "<source protocol='gluster' name='vol/img.raw'/>"
                                             "<target dev='vdz' bus='virtio'/></disk></devices>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->disks.value(0).sourcePath, u"gluster:vol/img.raw"_s);
}

TEST(DomainParser, AvoidsDoubleSlashForHttpDiskName)
{
    const auto d = parseDomain(minimalDomain(
        "<devices><disk type='network' device='cdrom'><driver name='qemu' type='raw'/>"
        "<source protocol='https' name='/isos/fedora.iso'><host name='mirror.example.org' "
        "port='443'/></source><target dev='sdc' bus='sata'/><readonly/></disk></devices>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->disks.value(0).sourcePath, u"https://mirror.example.org/isos/fedora.iso"_s);
}

TEST(DomainParser, ReadsEmptyCdromAsReadonlyWithoutSource)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    const DiskInfo disk = d->disks.value(4);
    EXPECT_EQ(disk.device, u"cdrom"_s);
    EXPECT_EQ(disk.sourceType, u"file"_s);
    EXPECT_TRUE(disk.sourcePath.isEmpty());
    EXPECT_TRUE(disk.readonly);
    EXPECT_EQ(disk.bootOrder, 2);
    EXPECT_EQ(disk.busType, u"sata"_s);
}

TEST(DomainParser, DefaultsDiskTypeAndDevice)
{
    const auto d = parseDomain(minimalDomain("<devices><disk><source file='/tmp/a.img'/>"
                                             "<target dev='hda'/></disk></devices>"));
    ASSERT_TRUE(d.has_value());
    ASSERT_EQ(d->disks.size(), 1);
    EXPECT_EQ(d->disks[0].device, u"disk"_s);
    EXPECT_EQ(d->disks[0].sourceType, u"file"_s);
    EXPECT_TRUE(d->disks[0].busType.isEmpty());
    EXPECT_TRUE(d->disks[0].format.isEmpty());
}

TEST(DomainParser, ReadsDirDiskSource)
{
    const auto d = parseDomain(minimalDomain("<devices><disk type='dir' device='floppy'>"
                                             "<source dir='/srv/floppy'/><target dev='fda'/>"
                                             "</disk></devices>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->disks.value(0).sourcePath, u"/srv/floppy"_s);
    EXPECT_EQ(d->disks.value(0).device, u"floppy"_s);
}

TEST(DomainParser, DoesNotTurnHostdevSourcesIntoDisks)
{
    const auto d = parseDomain(minimalDomain(
        "<devices><hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host0'/>"
        "<address bus='0' target='0' unit='0'/></source></hostdev>"
        "<filesystem type='mount'><source dir='/srv/share'/><target dir='share'/></filesystem>"
        "</devices>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_TRUE(d->disks.isEmpty());
    EXPECT_TRUE(d->ports.isEmpty());
}

TEST(DomainParser, RejectsGarbageBootOrder)
{
    EXPECT_TRUE(isParseError(parseDomain(minimalDomain(
        "<devices><disk type='file'><target dev='vda'/><boot order='first'/></disk></devices>"))));
}

// --- Domain: interfaces -----------------------------------------------------------------------

TEST(DomainParser, ReadsInterfacesOfEveryType)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    ASSERT_EQ(d->ports.size(), 4);
    EXPECT_EQ(d->ports[0].sourceType, u"network"_s);
    EXPECT_EQ(d->ports[1].sourceType, u"bridge"_s);
    EXPECT_EQ(d->ports[2].sourceType, u"direct"_s);
    EXPECT_EQ(d->ports[3].sourceType, u"user"_s);
}

TEST(DomainParser, ReadsNetworkInterfaceAndLowerCasesMac)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    PortInfo expected;
    expected.macAddress = u"52:54:00:ab:cd:01"_s;
    expected.modelName = u"virtio"_s;
    expected.sourceType = u"network"_s;
    expected.sourceName = u"default"_s; // not the bridge= libvirt adds to live XML
    expected.portGroup = u"engineering"_s;
    expected.targetDev = u"vnet12"_s;
    EXPECT_TRUE(d->ports.value(0) == expected);
    EXPECT_EQ(d->ports.value(0).sourceName, expected.sourceName);
    EXPECT_EQ(d->ports.value(0).macAddress, expected.macAddress);
}

TEST(DomainParser, ReadsBridgeInterface)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    const PortInfo port = d->ports.value(1);
    EXPECT_EQ(port.sourceName, u"br-lan"_s);
    EXPECT_EQ(port.modelName, u"e1000e"_s);
    EXPECT_EQ(port.targetDev, u"vnet13"_s);
    EXPECT_TRUE(port.portGroup.isEmpty());
}

TEST(DomainParser, ReadsDirectInterfaceHostDevice)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    const PortInfo port = d->ports.value(2);
    EXPECT_EQ(port.sourceName, u"enp3s0"_s);
    EXPECT_EQ(port.modelName, u"rtl8139"_s);
    EXPECT_EQ(port.targetDev, u"macvtap0"_s);
}

TEST(DomainParser, ReadsUserInterfaceWithoutSource)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    const PortInfo port = d->ports.value(3);
    EXPECT_EQ(port.macAddress, u"52:54:00:ab:cd:04"_s);
    EXPECT_TRUE(port.sourceName.isEmpty());
    EXPECT_TRUE(port.targetDev.isEmpty());
}

// --- Domain: graphics and video ---------------------------------------------------------------

TEST(DomainParser, ReadsVncGraphicsWithPasswordFlagOnly)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    ASSERT_EQ(d->graphics.size(), 2);
    const GraphicsInfo vnc = d->graphics[0];
    EXPECT_EQ(vnc.type, u"vnc"_s);
    EXPECT_EQ(vnc.port, 5901);
    EXPECT_EQ(vnc.tlsPort, -1);
    EXPECT_FALSE(vnc.autoport);
    EXPECT_EQ(vnc.listenAddress, u"127.0.0.1"_s);
    EXPECT_TRUE(vnc.hasPassword);
}

TEST(DomainParser, ReadsSpiceGraphicsPorts)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    const GraphicsInfo spice = d->graphics.value(1);
    EXPECT_EQ(spice.type, u"spice"_s);
    EXPECT_EQ(spice.port, 5902);
    EXPECT_EQ(spice.tlsPort, 5903);
    EXPECT_TRUE(spice.autoport);
    EXPECT_EQ(spice.listenAddress, u"0.0.0.0"_s);
    EXPECT_FALSE(spice.hasPassword);
}

TEST(DomainParser, AppliesFirstVideoModelToAllGraphics)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    for (const GraphicsInfo &g : d->graphics) {
        EXPECT_EQ(g.modelName, u"qxl"_s);
        EXPECT_EQ(g.vramKib, 65536);
    }
}

TEST(DomainParser, NeverStoresGraphicsPassword)
{
    const auto d = fullDomain();
    ASSERT_TRUE(d.has_value());
    EXPECT_FALSE(d->domainXml.contains("hunter2"_L1));
    EXPECT_FALSE(d->domainXml.contains("passwd"_L1));
    // Everything else in the document survives the scrub.
    EXPECT_TRUE(d->domainXml.contains("fedora-workstation.qcow2"_L1));
    EXPECT_TRUE(d->domainXml.contains("<qemu:commandline>"_L1));
    EXPECT_TRUE(d->domainXml.contains("<libosinfo:os "_L1)); // prefixes are not renamed
    EXPECT_TRUE(d->domainXml.contains("listen=\"127.0.0.1\""_L1));
    EXPECT_TRUE(parseDomain(d->domainXml.toUtf8()).has_value());
    EXPECT_FALSE(parseDomain(d->domainXml.toUtf8())->graphics.value(0).hasPassword);
}

TEST(DomainParser, KeepsDomainXmlVerbatimWithoutPassword)
{
    const QByteArray xml = minimalDomain("<devices><graphics type='vnc' port='-1' "
                                         "autoport='yes'/></devices>");
    const auto d = parseDomain(xml);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->domainXml, QString::fromUtf8(xml));
}

TEST(DomainParser, KeepsUnassignedPortsAsMinusOne)
{
    const auto d = parseDomain(minimalDomain("<devices><graphics type='spice' autoport='yes'>"
                                             "<listen type='address'/></graphics></devices>"));
    ASSERT_TRUE(d.has_value());
    ASSERT_EQ(d->graphics.size(), 1);
    EXPECT_EQ(d->graphics[0].port, -1);
    EXPECT_EQ(d->graphics[0].tlsPort, -1);
    EXPECT_TRUE(d->graphics[0].autoport);
    EXPECT_TRUE(d->graphics[0].listenAddress.isEmpty());
    EXPECT_TRUE(d->graphics[0].modelName.isEmpty());
    EXPECT_EQ(d->graphics[0].vramKib, 0);
}

TEST(DomainParser, ReadsListenAddressFromListenChild)
{
    const auto d = parseDomain(
        minimalDomain("<devices><graphics type='vnc' port='5900' autoport='no'>"
                      "<listen type='network' address='192.168.122.1' network='default'/>"
                      "<listen type='address' address='10.0.0.1'/></graphics></devices>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->graphics.value(0).listenAddress, u"192.168.122.1"_s);
}

TEST(DomainParser, IgnoresVideoWithoutGraphics)
{
    const auto d = parseDomain(minimalDomain("<devices><video><model type='virtio' "
                                             "heads='1' primary='yes'/></video></devices>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_TRUE(d->graphics.isEmpty());
}

TEST(DomainParser, AppliesVideoDeclaredBeforeGraphics)
{
    const auto d = parseDomain(minimalDomain("<devices><video><model type='vga' vram='16384'/>"
                                             "</video><graphics type='vnc' port='5905'/>"
                                             "</devices>"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->graphics.value(0).modelName, u"vga"_s);
    EXPECT_EQ(d->graphics.value(0).vramKib, 16384);
}

// --- Domain: malformed input ------------------------------------------------------------------

TEST(DomainParser, RejectsTruncatedDocument)
{
    QByteArray xml = fixture("domain-qemu-full.xml");
    xml.truncate(xml.size() / 2);
    EXPECT_TRUE(isParseError(parseDomain(xml)));
}

TEST(DomainParser, RejectsEveryTruncationWithoutCrashing)
{
    const QByteArray xml = fixture("domain-qemu-full.xml");
    const qsizetype complete = xml.indexOf("</domain>") + qsizetype(sizeof("</domain>")) - 1;
    for (qsizetype length = 0; length < complete; length += 13)
        EXPECT_TRUE(isParseError(parseDomain(xml.left(length)))) << "length " << length;
    EXPECT_TRUE(parseDomain(xml.left(complete)).has_value());
}

TEST(DomainParser, ReportsLineAndColumnOfSyntaxError)
{
    const auto d = parseDomain("<domain>\n  <name>x</name>\n  <uuid>y</uuid\n</domain>");
    ASSERT_TRUE(isParseError(d));
    EXPECT_TRUE(d.error().message.contains("line 4"_L1)) << d.error().message.toStdString();
}

TEST(DomainParser, RejectsWrongRootElement)
{
    const auto d = parseDomain(fixture("network-default-nat.xml"));
    ASSERT_TRUE(isParseError(d));
    EXPECT_TRUE(d.error().message.contains("<domain>"_L1));
}

TEST(DomainParser, RejectsMissingUuid)
{
    const auto d = parseDomain("<domain type='kvm'><name>no-uuid</name></domain>");
    ASSERT_TRUE(isParseError(d));
    EXPECT_TRUE(d.error().message.contains("uuid"_L1));
}

TEST(DomainParser, RejectsMissingName)
{
    const auto d = parseDomain("<domain><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>"
                               "</domain>");
    ASSERT_TRUE(isParseError(d));
    EXPECT_TRUE(d.error().message.contains("name"_L1));
}

TEST(DomainParser, RejectsEmptyInput)
{
    EXPECT_TRUE(isParseError(parseDomain(QByteArrayView())));
    EXPECT_TRUE(isParseError(parseDomain("   \n")));
}

TEST(DomainParser, RejectsNonXml)
{
    EXPECT_TRUE(isParseError(parseDomain("{\"name\": \"json\"}")));
    EXPECT_TRUE(isParseError(parseDomain(QByteArray("\0\x01\x02garbage", 10))));
}

TEST(DomainParser, RejectsTrailingGarbageAfterRoot)
{
    EXPECT_TRUE(isParseError(parseDomain(QByteArray(minimalDomain() + "<domain/>"))));
}

TEST(DomainParser, RejectsUnparsableMemory)
{
    EXPECT_TRUE(isParseError(parseDomain(minimalDomain("<memory unit='KiB'>lots</memory>"))));
    EXPECT_TRUE(isParseError(parseDomain(minimalDomain("<memory unit='KiB'>-1</memory>"))));
    EXPECT_TRUE(isParseError(parseDomain(minimalDomain("<memory unit='furlong'>1</memory>"))));
}

TEST(DomainParser, RejectsUnparsableVcpu)
{
    EXPECT_TRUE(isParseError(parseDomain(minimalDomain("<vcpu>two</vcpu>"))));
    EXPECT_TRUE(isParseError(parseDomain(minimalDomain("<vcpu current='x'>2</vcpu>"))));
}

TEST(DomainParser, RejectsUndeclaredNamespacePrefix)
{
    EXPECT_TRUE(isParseError(parseDomain(minimalDomain("<qemu:commandline/>"))));
}

// --- Network ----------------------------------------------------------------------------------

QByteArray network(const char *body)
{
    return QByteArray("<network><name>net</name><uuid>DD8FE884-6C02-601E-7551-CCA97DF1C5DF</uuid>")
           + body + "</network>";
}

TEST(NetworkParser, ReadsTestDriverNatNetwork)
{
    const auto n = parseNetwork(fixture("network-default-nat.xml"));
    ASSERT_TRUE(n.has_value()) << n.error().message.toStdString();
    NetworkInfo expected;
    expected.uuid = u"dd8fe884-6c02-601e-7551-cca97df1c5df"_s;
    expected.name = u"default"_s;
    expected.bridgeName = u"virbr0"_s;
    expected.mode = u"nat"_s;
    expected.ipv4Address = u"192.168.122.1/24"_s;
    expected.dhcpStart = u"192.168.122.2"_s;
    expected.dhcpEnd = u"192.168.122.254"_s;
    EXPECT_TRUE(*n == expected);
    EXPECT_EQ(n->ipv4Address, expected.ipv4Address);
}

TEST(NetworkParser, LowerCasesUuid)
{
    const auto n = parseNetwork(network(""));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->uuid, u"dd8fe884-6c02-601e-7551-cca97df1c5df"_s);
}

TEST(NetworkParser, DefaultsForwardWithoutModeToNat)
{
    const auto n = parseNetwork(network("<forward/><bridge name='virbr5'/>"));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->mode, u"nat"_s);
}

TEST(NetworkParser, ReadsRoutedNetwork)
{
    const auto n = parseNetwork(network("<forward mode='route' dev='eth1'><interface dev='eth1'/>"
                                        "</forward><bridge name='virbr2' stp='on' delay='0'/>"
                                        "<ip address='10.10.0.1' prefix='16'/>"));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->mode, u"route"_s);
    EXPECT_EQ(n->bridgeName, u"virbr2"_s);
    EXPECT_EQ(n->ipv4Address, u"10.10.0.1/16"_s);
    EXPECT_TRUE(n->dhcpStart.isEmpty());
    EXPECT_TRUE(n->dhcpEnd.isEmpty());
}

TEST(NetworkParser, ReadsOpenNetwork)
{
    const auto n = parseNetwork(network("<forward mode='open'/><bridge name='virbr3'/>"
                                        "<ip address='172.16.0.1' netmask='255.255.255.128'>"
                                        "<dhcp><range start='172.16.0.10' end='172.16.0.100'/>"
                                        "</dhcp></ip>"));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->mode, u"open"_s);
    EXPECT_EQ(n->ipv4Address, u"172.16.0.1/25"_s);
    EXPECT_EQ(n->dhcpStart, u"172.16.0.10"_s);
    EXPECT_EQ(n->dhcpEnd, u"172.16.0.100"_s);
}

TEST(NetworkParser, TreatsNetworkWithoutForwardAsIsolated)
{
    const auto n = parseNetwork(network("<bridge name='virbr9'/><domain name='lab'/>"
                                        "<ip address='192.168.200.1' netmask='255.255.255.0'/>"));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->mode, u"isolated"_s);
    EXPECT_EQ(n->ipv4Address, u"192.168.200.1/24"_s);
}

TEST(NetworkParser, ReadsHostBridgeNetworkWithoutIp)
{
    const auto n = parseNetwork(network("<forward mode='bridge'/><bridge name='br0'/>"));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->mode, u"bridge"_s);
    EXPECT_EQ(n->bridgeName, u"br0"_s);
    EXPECT_TRUE(n->ipv4Address.isEmpty());
}

TEST(NetworkParser, ConvertsNetmaskToPrefix)
{
    const auto n = parseNetwork(network("<forward mode='nat'/><bridge name='virbr1'/>"
                                        "<ip address='10.20.0.1' netmask='255.255.252.0'/>"));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->ipv4Address, u"10.20.0.1/22"_s);
}

TEST(NetworkParser, SkipsIpv6AndReadsFirstIpv4)
{
    const auto n = parseNetwork(
        network("<forward mode='nat'/>"
                "<ip family='ipv6' address='fd00::1' prefix='64'><dhcp><range start='fd00::10' "
                "end='fd00::ff'/></dhcp></ip>"
                "<ip family='ipv4' address='192.168.50.1' prefix='24'><dhcp>"
                "<host mac='52:54:00:00:00:01' ip='192.168.50.5'/>"
                "<range start='192.168.50.100' end='192.168.50.199'/>"
                "<range start='192.168.50.210' end='192.168.50.220'/></dhcp></ip>"
                "<ip address='192.168.60.1' prefix='24'><dhcp><range start='192.168.60.2' "
                "end='192.168.60.9'/></dhcp></ip>"));
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->ipv4Address, u"192.168.50.1/24"_s);
    EXPECT_EQ(n->dhcpStart, u"192.168.50.100"_s);
    EXPECT_EQ(n->dhcpEnd, u"192.168.50.199"_s);
}

TEST(NetworkParser, IgnoresDhcpRangeOfIpv6OnlyNetwork)
{
    const auto n = parseNetwork(network("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                                        "<range start='fd00::10' end='fd00::ff'/></dhcp></ip>"));
    ASSERT_TRUE(n.has_value());
    EXPECT_TRUE(n->ipv4Address.isEmpty());
    EXPECT_TRUE(n->dhcpStart.isEmpty());
}

TEST(NetworkParser, LeavesCallerOwnedFlagsAtDefaults)
{
    const auto n = parseNetwork(fixture("network-default-nat.xml"));
    ASSERT_TRUE(n.has_value());
    EXPECT_FALSE(n->active);
    EXPECT_FALSE(n->autostart);
    EXPECT_TRUE(n->persistent);
}

TEST(NetworkParser, RejectsNonContiguousNetmask)
{
    EXPECT_TRUE(
        isParseError(parseNetwork(network("<ip address='10.0.0.1' netmask='255.0.255.0'/>"))));
    EXPECT_TRUE(isParseError(parseNetwork(network("<ip address='10.0.0.1' netmask='255.255'/>"))));
    EXPECT_TRUE(isParseError(parseNetwork(network("<ip address='10.0.0.1' prefix='33'/>"))));
}

TEST(NetworkParser, RejectsMissingUuidAndWrongRoot)
{
    EXPECT_TRUE(isParseError(parseNetwork("<network><name>x</name></network>")));
    EXPECT_TRUE(isParseError(parseNetwork(minimalDomain())));
    EXPECT_TRUE(isParseError(parseNetwork("<network><name>x</name>")));
}

// --- Pool -------------------------------------------------------------------------------------

TEST(PoolParser, ReadsTestDriverPool)
{
    const auto p = parsePool(fixture("pool-test-driver.xml"));
    ASSERT_TRUE(p.has_value()) << p.error().message.toStdString();
    PoolInfo expected;
    expected.uuid = u"dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"_s;
    expected.name = u"default-pool"_s;
    expected.type = u"dir"_s;
    expected.targetPath = u"/default-pool"_s;
    expected.capacityBytes = 100 * GiB;
    expected.allocationBytes = 0;
    expected.availableBytes = 100 * GiB;
    EXPECT_TRUE(*p == expected);
    EXPECT_EQ(p->capacityBytes, expected.capacityBytes);
}

TEST(PoolParser, HonoursUnitsAndDefaultsToBytes)
{
    const auto p
        = parsePool("<pool type='logical'><name>vg0</name>"
                    "<uuid>1b0ac9c0-8b4f-4c1f-9a3e-77b0d0f1e2a3</uuid>"
                    "<capacity unit='TiB'>2</capacity><allocation unit='G'>512</allocation>"
                    "<available>1234</available>"
                    "<source><name>vg0</name><device path='/dev/sdb1'/>"
                    "<format type='lvm2'/></source>"
                    "<target><path>/dev/vg0</path></target></pool>");
    ASSERT_TRUE(p.has_value()) << p.error().message.toStdString();
    EXPECT_EQ(p->name, u"vg0"_s);
    EXPECT_EQ(p->type, u"logical"_s);
    EXPECT_EQ(p->capacityBytes, 2 * TiB);
    EXPECT_EQ(p->allocationBytes, 512 * GiB);
    EXPECT_EQ(p->availableBytes, 1234);
    EXPECT_EQ(p->targetPath, u"/dev/vg0"_s);
}

TEST(PoolParser, TakesTargetPathNotSourceDir)
{
    const auto p = parsePool("<pool type='netfs'><name>nfs</name>"
                             "<uuid>2b0ac9c0-8b4f-4c1f-9a3e-77b0d0f1e2a3</uuid>"
                             "<source><host name='nas.example.org'/><dir path='/export/vms'/>"
                             "<format type='nfs'/></source>"
                             "<target><path>/mnt/nfs-vms</path><permissions><mode>0755</mode>"
                             "</permissions></target></pool>");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->targetPath, u"/mnt/nfs-vms"_s);
    EXPECT_EQ(p->capacityBytes, 0);
}

TEST(PoolParser, RejectsMalformedPool)
{
    EXPECT_TRUE(isParseError(parsePool("<pool type='dir'><name>p</name></pool>")));
    EXPECT_TRUE(isParseError(parsePool(fixture("volume-qcow2-backing.xml"))));
    EXPECT_TRUE(isParseError(parsePool("<pool type='dir'><name>p</name><uuid>u</uuid>"
                                       "<capacity unit='bytes'>1e9</capacity></pool>")));
}

// --- Volume -----------------------------------------------------------------------------------

TEST(VolumeParser, ReadsQcow2VolumeAndIgnoresBackingStore)
{
    const auto v = parseVolume(fixture("volume-qcow2-backing.xml"));
    ASSERT_TRUE(v.has_value()) << v.error().message.toStdString();
    VolumeInfo expected;
    expected.name = u"fedora-workstation.qcow2"_s;
    expected.path = u"/var/lib/libvirt/images/fedora-workstation.qcow2"_s;
    expected.key = u"/var/lib/libvirt/images/fedora-workstation.qcow2"_s;
    expected.type = u"file"_s;
    expected.format = u"qcow2"_s;
    expected.capacityBytes = 40 * GiB;
    expected.allocationBytes = 9 * GiB;
    EXPECT_TRUE(*v == expected);
    EXPECT_EQ(v->format, expected.format);
    EXPECT_EQ(v->path, expected.path);
    EXPECT_TRUE(v->poolUuid.isEmpty());
    EXPECT_TRUE(v->description.isEmpty());
}

TEST(VolumeParser, DefaultsTypeToFile)
{
    const auto v
        = parseVolume("<volume><name>a.img</name><capacity>10</capacity>"
                      "<target><path>/p/a.img</path><format type='raw'/></target></volume>");
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->type, u"file"_s);
    EXPECT_EQ(v->capacityBytes, 10);
    EXPECT_TRUE(v->key.isEmpty());
}

TEST(VolumeParser, ReadsBlockVolumeWithUnits)
{
    const auto v = parseVolume("<volume type='block'><name>lv_data</name>"
                               "<key>Xq3b1F-abcd-efgh</key><source><device path='/dev/sdb1'>"
                               "<extent start='0' end='1073741824'/></device></source>"
                               "<capacity unit='GiB'>1</capacity><allocation unit='MiB'>1024"
                               "</allocation><target><path>/dev/vg0/lv_data</path></target>"
                               "</volume>");
    ASSERT_TRUE(v.has_value()) << v.error().message.toStdString();
    EXPECT_EQ(v->type, u"block"_s);
    EXPECT_EQ(v->key, u"Xq3b1F-abcd-efgh"_s);
    EXPECT_EQ(v->path, u"/dev/vg0/lv_data"_s);
    EXPECT_EQ(v->capacityBytes, GiB);
    EXPECT_EQ(v->allocationBytes, GiB);
    EXPECT_TRUE(v->format.isEmpty());
}

TEST(VolumeParser, RejectsMissingNameAndWrongRoot)
{
    EXPECT_TRUE(isParseError(parseVolume("<volume type='file'><key>k</key></volume>")));
    EXPECT_TRUE(isParseError(parseVolume(fixture("pool-test-driver.xml"))));
    EXPECT_TRUE(isParseError(parseVolume("<volume><name>v</name><capacity unit='bytes'>"
                                         "99999999999999999999</capacity></volume>")));
}

// --- scaledToBytes ----------------------------------------------------------------------------

qint64 scaled(const char *value, const char *unit, const char *defaultUnit = "b")
{
    qint64 bytes = -42;
    if (!scaledToBytes(QString::fromLatin1(value), QString::fromLatin1(unit),
                       QString::fromLatin1(defaultUnit), &bytes))
        return -1;
    return bytes;
}

TEST(ScaledToBytes, AcceptsByteUnits)
{
    EXPECT_EQ(scaled("17", "b"), 17);
    EXPECT_EQ(scaled("17", "bytes"), 17);
    EXPECT_EQ(scaled("17", "byte"), 17);
}

TEST(ScaledToBytes, ScalesBinaryUnits)
{
    EXPECT_EQ(scaled("3", "k"), 3 * KiB);
    EXPECT_EQ(scaled("3", "KiB"), 3 * KiB);
    EXPECT_EQ(scaled("3", "M"), 3 * MiB);
    EXPECT_EQ(scaled("3", "MiB"), 3 * MiB);
    EXPECT_EQ(scaled("3", "G"), 3 * GiB);
    EXPECT_EQ(scaled("3", "GiB"), 3 * GiB);
    EXPECT_EQ(scaled("3", "T"), 3 * TiB);
    EXPECT_EQ(scaled("3", "TiB"), 3 * TiB);
    EXPECT_EQ(scaled("3", "P"), 3 * TiB * 1024);
    EXPECT_EQ(scaled("3", "PiB"), 3 * TiB * 1024);
    EXPECT_EQ(scaled("3", "E"), 3 * TiB * 1024 * 1024);
    EXPECT_EQ(scaled("3", "EiB"), 3 * TiB * 1024 * 1024);
}

TEST(ScaledToBytes, ScalesDecimalUnits)
{
    EXPECT_EQ(scaled("5", "KB"), 5'000);
    EXPECT_EQ(scaled("5", "MB"), 5'000'000);
    EXPECT_EQ(scaled("5", "GB"), 5'000'000'000);
    EXPECT_EQ(scaled("5", "TB"), 5'000'000'000'000);
    EXPECT_EQ(scaled("5", "PB"), 5'000'000'000'000'000);
    EXPECT_EQ(scaled("5", "EB"), 5'000'000'000'000'000'000);
}

TEST(ScaledToBytes, IgnoresCaseLikeLibvirt)
{
    EXPECT_EQ(scaled("1", "kib"), KiB);
    EXPECT_EQ(scaled("1", "KIB"), KiB);
    EXPECT_EQ(scaled("1", "K"), KiB);
    EXPECT_EQ(scaled("1", "m"), MiB);
    EXPECT_EQ(scaled("1", "kb"), 1000);
    EXPECT_EQ(scaled("1", "gB"), 1'000'000'000);
    EXPECT_EQ(scaled("1", "BYTES"), 1);
    EXPECT_EQ(scaled("1", "B"), 1);
}

TEST(ScaledToBytes, FallsBackToDefaultUnit)
{
    EXPECT_EQ(scaled("2", "", "KiB"), 2 * KiB);
    EXPECT_EQ(scaled("2", "", "bytes"), 2);
    EXPECT_EQ(scaled("2", "", ""), 2);
    EXPECT_EQ(scaled("2", "MiB", "KiB"), 2 * MiB);
}

TEST(ScaledToBytes, TrimsWhitespaceAroundValue)
{
    EXPECT_EQ(scaled("\n    4096\n  ", "b"), 4096);
}

TEST(ScaledToBytes, RejectsNegativeAndGarbage)
{
    EXPECT_EQ(scaled("-1", "b"), -1);
    EXPECT_EQ(scaled("+1", "b"), -1);
    EXPECT_EQ(scaled("", "b"), -1);
    EXPECT_EQ(scaled("   ", "b"), -1);
    EXPECT_EQ(scaled("1.5", "GiB"), -1);
    EXPECT_EQ(scaled("12abc", "b"), -1);
    EXPECT_EQ(scaled("0x10", "b"), -1);
    EXPECT_EQ(scaled("1 2", "b"), -1);
}

TEST(ScaledToBytes, RejectsUnknownUnits)
{
    EXPECT_EQ(scaled("1", "X"), -1);
    EXPECT_EQ(scaled("1", "KiBs"), -1);
    EXPECT_EQ(scaled("1", "Ki"), -1);
    EXPECT_EQ(scaled("1", "kilobytes"), -1);
    EXPECT_EQ(scaled("1", "ZiB"), -1);
    EXPECT_EQ(scaled("1", "", "furlong"), -1);
}

TEST(ScaledToBytes, RejectsOverflow)
{
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    EXPECT_EQ(scaled("9223372036854775807", "b"), max);
    EXPECT_EQ(scaled("9223372036854775808", "b"), -1);
    EXPECT_EQ(scaled("99999999999999999999999", "b"), -1);
    EXPECT_EQ(scaled("7", "EiB"), 7 * TiB * 1024 * 1024);
    EXPECT_EQ(scaled("8", "EiB"), -1);
    EXPECT_EQ(scaled("9007199254740992", "KiB"), -1);
}

TEST(ScaledToBytes, AcceptsZeroInAnyUnit)
{
    EXPECT_EQ(scaled("0", "EiB"), 0);
    EXPECT_EQ(scaled("000", "k"), 0);
}

TEST(ScaledToBytes, LeavesOutputUntouchedOnFailure)
{
    qint64 bytes = 77;
    EXPECT_FALSE(scaledToBytes(u"nope", u"b", u"b", &bytes));
    EXPECT_EQ(bytes, 77);
}

} // namespace
} // namespace Virtumancer

namespace Virtumancer {

TEST(DeviceList, ListsEveryDeviceClassInOrderWithSummaries)
{
    const QByteArray xml
        = Virtumancer::Test::readAll(QStringLiteral(VIRTUMANCER_TEST_DATA "/domain-qemu-full.xml"));
    ASSERT_FALSE(xml.isEmpty());
    auto devices = listDevices(xml);
    ASSERT_TRUE(devices.has_value()) << devices.error().message.toStdString();
    QStringList kinds;
    for (const DeviceEntry &d : *devices)
        kinds.append(d.kind);
    for (const char *k : {"disk", "interface", "graphics", "video", "controller"})
        EXPECT_TRUE(kinds.contains(QLatin1String(k))) << k;
    const DeviceEntry &first = devices->first();
    EXPECT_TRUE(first.xml.trimmed().startsWith(QLatin1Char('<') + first.kind));
    EXPECT_TRUE(first.xml.trimmed().endsWith(QStringLiteral("</%1>").arg(first.kind))
                || first.xml.trimmed().endsWith(QStringLiteral("/>")));
    auto nic = std::find_if(devices->cbegin(), devices->cend(), [](const DeviceEntry &d) {
        return d.kind == QStringLiteral("interface");
    });
    ASSERT_NE(nic, devices->cend());
    EXPECT_TRUE(nic->summary.contains(QLatin1Char(':')))
        << "the MAC address: " << nic->summary.toStdString();
}

TEST(DeviceList, MalformedXmlIsAnErrorNotACrash)
{
    auto devices = listDevices("<domain><devices><disk type='file'><source file='/x'/></devi");
    ASSERT_FALSE(devices.has_value());
    EXPECT_EQ(devices.error().code, ErrorCode::ParseError);
    EXPECT_TRUE(devices.error().message.contains(QStringLiteral("line")));
    auto none = listDevices("<domain><name>x</name></domain>");
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->isEmpty());
}

} // namespace Virtumancer
