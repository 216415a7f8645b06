#include "common/nodegenerator.h"
#include "common/testutil.h"

#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>

#include <gtest/gtest.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <ostream>

namespace Virtumancer::Test {
namespace {

struct ConnectClose
{
    void operator()(virConnectPtr p) const { virConnectClose(p); }
};
struct DomainFree
{
    void operator()(virDomainPtr p) const { virDomainFree(p); }
};
struct PoolFree
{
    void operator()(virStoragePoolPtr p) const { virStoragePoolFree(p); }
};
struct VolumeFree
{
    void operator()(virStorageVolPtr p) const { virStorageVolFree(p); }
};
struct NetworkFree
{
    void operator()(virNetworkPtr p) const { virNetworkFree(p); }
};
using ConnectHandle = std::unique_ptr<virConnect, ConnectClose>;
using DomainHandle = std::unique_ptr<virDomain, DomainFree>;
using PoolHandle = std::unique_ptr<virStoragePool, PoolFree>;
using VolumeHandle = std::unique_ptr<virStorageVol, VolumeFree>;
using NetworkHandle = std::unique_ptr<virNetwork, NetworkFree>;

// Expected failures (auth) would otherwise print libvirt's error to stderr.
void quietError(void *, virErrorPtr) {}

QString takeString(char *s)
{
    const QString result = QString::fromUtf8(s);
    free(s);
    return result;
}

ConnectHandle open(const QString &path)
{
    virSetErrorFunc(nullptr, quietError);
    const QByteArray uri = QByteArrayLiteral("test://") + path.toUtf8();
    return ConnectHandle(virConnectOpen(uri.constData()));
}

struct Credentials
{
    QByteArray user, password;
};

int answerCredentials(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    const auto *c = static_cast<const Credentials *>(cbdata);
    for (unsigned int i = 0; i < ncred; ++i) {
        const QByteArray &value = cred[i].type == VIR_CRED_AUTHNAME ? c->user : c->password;
        // libvirt releases the answer with free().
        cred[i].result = static_cast<char *>(malloc(size_t(value.size()) + 1));
        memcpy(cred[i].result, value.constData(), size_t(value.size()) + 1);
        cred[i].resultlen = unsigned(value.size());
    }
    return 0;
}

ConnectHandle openWithCredentials(const QString &path, const QString &user, const QString &password)
{
    virSetErrorFunc(nullptr, quietError);
    Credentials c{user.toUtf8(), password.toUtf8()};
    int types[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth{types, 2, answerCredentials, &c};
    const QByteArray uri = QByteArrayLiteral("test://") + path.toUtf8();
    return ConnectHandle(virConnectOpenAuth(uri.constData(), &auth, 0));
}

struct DomainFacts
{
    QString name;
    int state = 0;
    QString xml;
};

QList<DomainFacts> domains(virConnectPtr conn)
{
    virDomainPtr *list = nullptr;
    const int n = virConnectListAllDomains(conn, &list, 0);
    QList<DomainFacts> result;
    for (int i = 0; i < n; ++i) {
        DomainHandle d(list[i]);
        DomainFacts f;
        f.name = QString::fromUtf8(virDomainGetName(d.get()));
        int reason = 0;
        virDomainGetState(d.get(), &f.state, &reason, 0);
        f.xml = takeString(virDomainGetXMLDesc(d.get(), 0));
        result.append(f);
    }
    free(list);
    return result;
}

int countState(const QList<DomainFacts> &ds, int state)
{
    return int(std::count_if(ds.cbegin(), ds.cend(),
                             [state](const DomainFacts &d) { return d.state == state; }));
}

struct StorageFacts
{
    int pools = 0;
    int activePools = 0;
    QSet<QString> volumePaths;
};

StorageFacts storage(virConnectPtr conn)
{
    StorageFacts facts;
    virStoragePoolPtr *pools = nullptr;
    const int n = virConnectListAllStoragePools(conn, &pools, 0);
    facts.pools = qMax(n, 0);
    for (int i = 0; i < n; ++i) {
        PoolHandle pool(pools[i]);
        if (virStoragePoolIsActive(pool.get()) == 1)
            ++facts.activePools;
        virStorageVolPtr *vols = nullptr;
        const int m = virStoragePoolListAllVolumes(pool.get(), &vols, 0);
        for (int j = 0; j < m; ++j) {
            VolumeHandle vol(vols[j]);
            facts.volumePaths.insert(takeString(virStorageVolGetPath(vol.get())));
        }
        free(vols);
    }
    free(pools);
    return facts;
}

QStringList networkNames(virConnectPtr conn, int *active = nullptr)
{
    virNetworkPtr *nets = nullptr;
    const int n = virConnectListAllNetworks(conn, &nets, 0);
    QStringList names;
    for (int i = 0; i < n; ++i) {
        NetworkHandle net(nets[i]);
        names.append(QString::fromUtf8(virNetworkGetName(net.get())));
        if (active && virNetworkIsActive(net.get()) == 1)
            ++*active;
    }
    free(nets);
    return names;
}

QStringList captures(const QString &xml, const QString &pattern)
{
    QStringList out;
    const QRegularExpression re(pattern);
    for (auto it = re.globalMatch(xml); it.hasNext();)
        out.append(it.next().captured(1));
    return out;
}

class NodeGeneratorTest : public ::testing::Test
{
protected:
    QString write(const NodeSpec &spec)
    {
        const QString path = m_dir.filePath(QStringLiteral("node.xml"));
        EXPECT_TRUE(writeNodeXml(path, spec));
        return path;
    }

    TempDataDir m_dir;
};

TEST_F(NodeGeneratorTest, LibvirtListsEveryGeneratedName)
{
    NodeSpec spec;
    spec.domains = 60;
    const ConnectHandle conn = open(write(spec));
    ASSERT_TRUE(conn);
    const QList<DomainFacts> ds = domains(conn.get());
    ASSERT_EQ(ds.size(), 60);
    QSet<QString> names;
    for (const DomainFacts &d : ds)
        names.insert(d.name);
    EXPECT_EQ(names.size(), 60);
    for (int i = 0; i < spec.domains; ++i)
        EXPECT_TRUE(names.contains(generatedDomainName(spec, i)))
            << generatedDomainName(spec, i).toStdString();
}

TEST_F(NodeGeneratorTest, EveryNthDomainIsRunningAndTheRestShutOff)
{
    NodeSpec spec;
    spec.domains = 100;
    spec.runningEvery = 3;
    const ConnectHandle conn = open(write(spec));
    ASSERT_TRUE(conn);
    const QList<DomainFacts> ds = domains(conn.get());
    EXPECT_EQ(countState(ds, VIR_DOMAIN_RUNNING), 33);
    EXPECT_EQ(countState(ds, VIR_DOMAIN_SHUTOFF), 67);
    for (const DomainFacts &d : ds) {
        if (d.name == generatedDomainName(spec, 2)) { // the 3rd domain
            EXPECT_EQ(d.state, VIR_DOMAIN_RUNNING);
        } else if (d.name == generatedDomainName(spec, 0)) {
            EXPECT_EQ(d.state, VIR_DOMAIN_SHUTOFF);
        }
    }
}

TEST_F(NodeGeneratorTest, RunningEveryZeroShutsEverythingOff)
{
    NodeSpec spec;
    spec.domains = 20;
    spec.runningEvery = 0;
    const ConnectHandle conn = open(write(spec));
    ASSERT_TRUE(conn);
    EXPECT_EQ(countState(domains(conn.get()), VIR_DOMAIN_SHUTOFF), 20);
}

TEST_F(NodeGeneratorTest, NetworksPoolsAndVolumesMatchTheSpec)
{
    NodeSpec spec;
    spec.domains = 30;
    spec.networks = 6;
    spec.volumes = 45;
    const ConnectHandle conn = open(write(spec));
    ASSERT_TRUE(conn);
    int active = 0;
    const QStringList nets = networkNames(conn.get(), &active);
    EXPECT_EQ(nets.size(), 6);
    EXPECT_EQ(active, 6);
    EXPECT_TRUE(nets.contains(QStringLiteral("default")));
    const StorageFacts s = storage(conn.get());
    EXPECT_EQ(s.pools, 1);
    EXPECT_EQ(s.activePools, 1);
    EXPECT_EQ(s.volumePaths.size(), 45);
    PoolHandle pool(virStoragePoolLookupByName(conn.get(), "default-pool"));
    ASSERT_TRUE(pool);
    virStoragePoolInfo info{};
    ASSERT_EQ(virStoragePoolGetInfo(pool.get(), &info), 0);
    // The volumes' allocations never overflow the test driver's fixed 100 GiB pool.
    EXPECT_LT(info.allocation, info.capacity);
}

TEST_F(NodeGeneratorTest, IsoVolumesAddASecondPoolUsedByCdroms)
{
    NodeSpec spec;
    spec.domains = 12;
    spec.volumes = 10;
    spec.isoVolumes = 3;
    const ConnectHandle conn = open(write(spec));
    ASSERT_TRUE(conn);
    const StorageFacts s = storage(conn.get());
    EXPECT_EQ(s.pools, 2);
    EXPECT_EQ(s.volumePaths.size(), 13);
    int cdroms = 0;
    for (const DomainFacts &d : domains(conn.get()))
        cdroms += int(d.xml.count(QStringLiteral("device='cdrom'")));
    EXPECT_EQ(cdroms, 3); // domains 2, 6, 10
}

TEST_F(NodeGeneratorTest, DisksUseGeneratedVolumesLeavingSomeOrphans)
{
    NodeSpec spec;
    spec.domains = 40;
    spec.volumes = 30;
    const ConnectHandle conn = open(write(spec));
    ASSERT_TRUE(conn);
    const StorageFacts s = storage(conn.get());
    QSet<QString> used;
    int outside = 0;
    for (const DomainFacts &d : domains(conn.get())) {
        const QStringList sources = captures(d.xml, QStringLiteral("<source file='([^']+)'"));
        EXPECT_GE(sources.size(), 1) << d.name.toStdString();
        EXPECT_LE(sources.size(), 3) << d.name.toStdString();
        for (const QString &path : sources) {
            if (s.volumePaths.contains(path))
                used.insert(path);
            else
                ++outside;
        }
    }
    EXPECT_GT(outside, 0);
    EXPECT_EQ(used.size(), 27); // the last tenth stays unattached
}

TEST_F(NodeGeneratorTest, NicsHaveUniqueMacsOnGeneratedNetworks)
{
    NodeSpec spec;
    spec.domains = 300;
    spec.networks = 4;
    const ConnectHandle conn = open(write(spec));
    ASSERT_TRUE(conn);
    const QStringList nets = networkNames(conn.get());
    QSet<QString> macs;
    int nics = 0;
    int spice = 0, vnc = 0, headless = 0;
    for (const DomainFacts &d : domains(conn.get())) {
        const QStringList m = captures(d.xml, QStringLiteral("<mac address='([^']+)'"));
        EXPECT_GE(m.size(), 1);
        EXPECT_LE(m.size(), 2);
        for (const QString &mac : m) {
            EXPECT_TRUE(mac.startsWith(QStringLiteral("52:54:00:"))) << mac.toStdString();
            macs.insert(mac);
            ++nics;
        }
        for (const QString &net : captures(d.xml, QStringLiteral("<source network='([^']+)'")))
            EXPECT_TRUE(nets.contains(net)) << net.toStdString();
        const bool hasVnc = d.xml.contains(QStringLiteral("<graphics type='vnc'"));
        const bool hasSpice = d.xml.contains(QStringLiteral("<graphics type='spice'"));
        vnc += hasVnc;
        spice += hasSpice;
        headless += !hasVnc && !hasSpice;
    }
    EXPECT_EQ(macs.size(), nics);
    EXPECT_EQ(vnc, 180);
    EXPECT_EQ(spice, 60);
    EXPECT_EQ(headless, 60);
}

TEST_F(NodeGeneratorTest, AwkwardNamesRoundTripExactly)
{
    NodeSpec spec;
    spec.domains = 52;
    spec.awkwardNames = true;
    const ConnectHandle conn = open(write(spec));
    ASSERT_TRUE(conn);
    bool quote = false, doubleQuote = false, longName = false, cjk = false, emoji = false,
         markup = false, semicolon = false;
    for (int i = 0; i < spec.domains; ++i) {
        const QString name = generatedDomainName(spec, i);
        const QByteArray utf8 = name.toUtf8();
        DomainHandle d(virDomainLookupByName(conn.get(), utf8.constData()));
        ASSERT_TRUE(d) << name.toStdString();
        EXPECT_EQ(QString::fromUtf8(virDomainGetName(d.get())), name);
        EXPECT_FALSE(name.contains(QLatin1Char('/')));
        quote |= name.contains(QLatin1Char('\''));
        doubleQuote |= name.contains(QLatin1Char('"'));
        longName |= name.size() >= 60;
        cjk |= name.contains(QChar(0x6d4b));
        emoji |= name.contains(QStringLiteral("🚀"));
        markup |= name.contains(QLatin1Char('<')) && name.contains(QLatin1Char('&'));
        semicolon |= name.contains(QLatin1Char(';'));
    }
    EXPECT_TRUE(quote && doubleQuote && longName && cjk && emoji && markup && semicolon);
    EXPECT_EQ(generatedDomainName(spec, 12), QStringLiteral("back\\slash & ampersand&amp; 00012"));
}

TEST_F(NodeGeneratorTest, PlainNamesWhenAwkwardNamesIsOff)
{
    NodeSpec spec;
    spec.awkwardNames = false;
    EXPECT_EQ(generatedDomainName(spec, 7), QStringLiteral("vm-00007"));
}

TEST_F(NodeGeneratorTest, SameSpecGivesTheSameXml)
{
    NodeSpec spec;
    spec.domains = 25;
    const QString xml = generateNodeXml(spec);
    EXPECT_EQ(generateNodeXml(spec), xml);
    EXPECT_EQ(captures(xml, QStringLiteral("<uuid>([^<]+)</uuid>")).size(), 25 + 3 + 1);
    const QStringList uuids = captures(xml, QStringLiteral("<uuid>([^<]+)</uuid>"));
    EXPECT_EQ(QSet<QString>(uuids.cbegin(), uuids.cend()).size(), uuids.size());
}

TEST_F(NodeGeneratorTest, AuthUserRequiresTheRightCredentials)
{
    NodeSpec spec;
    spec.domains = 3;
    spec.authUser = QStringLiteral("alice");
    spec.authPassword = QStringLiteral("s3cret 'quoted' & <odd>");
    const QString path = write(spec);
    EXPECT_FALSE(open(path));
    EXPECT_FALSE(openWithCredentials(path, QStringLiteral("alice"), QStringLiteral("wrong")));
    EXPECT_FALSE(openWithCredentials(path, QStringLiteral("bob"), spec.authPassword));
    const ConnectHandle conn
        = openWithCredentials(path, QStringLiteral("alice"), spec.authPassword);
    ASSERT_TRUE(conn);
    EXPECT_EQ(domains(conn.get()).size(), 3);
}

TEST(DemoNode, LoadsWithTheDocumentedInventory)
{
    const QString path = QStringLiteral(VIRTUMANCER_TEST_RESOURCES "/demo/demo-node.xml");
    const ConnectHandle conn = open(path);
    ASSERT_TRUE(conn);
    const QList<DomainFacts> ds = domains(conn.get());
    EXPECT_EQ(ds.size(), 31);
    EXPECT_EQ(countState(ds, VIR_DOMAIN_RUNNING), 18);
    EXPECT_EQ(countState(ds, VIR_DOMAIN_PAUSED), 3);
    EXPECT_EQ(countState(ds, VIR_DOMAIN_SHUTOFF), 10);
    EXPECT_EQ(networkNames(conn.get()).size(), 4);
    const StorageFacts s = storage(conn.get());
    EXPECT_EQ(s.pools, 3);
    EXPECT_EQ(s.volumePaths.size(), 49);

    QSet<QString> macs;
    int nics = 0;
    for (const DomainFacts &d : ds) {
        for (const QString &mac : captures(d.xml, QStringLiteral("<mac address='([^']+)'"))) {
            macs.insert(mac);
            ++nics;
        }
        // Every file-backed disk outside /dev is a volume of one of the pools.
        for (const QString &source : captures(d.xml, QStringLiteral("<source file='([^']+)'")))
            EXPECT_TRUE(s.volumePaths.contains(source))
                << d.name.toStdString() << ' ' << source.toStdString();
    }
    EXPECT_EQ(macs.size(), nics);

    const auto sink = std::find_if(ds.cbegin(), ds.cend(), [](const DomainFacts &d) {
        return d.name == QStringLiteral("lab-kitchen-sink");
    });
    ASSERT_NE(sink, ds.cend());
    EXPECT_EQ(sink->xml.count(QStringLiteral("<disk ")), 6);
    EXPECT_EQ(sink->xml.count(QStringLiteral("<interface ")), 5);
    EXPECT_TRUE(sink->xml.contains(QStringLiteral("<graphics type='vnc'")));
    EXPECT_TRUE(sink->xml.contains(QStringLiteral("<graphics type='spice'")));
    EXPECT_TRUE(sink->xml.contains(QStringLiteral("<disk type='volume'")));
    EXPECT_TRUE(sink->xml.contains(QStringLiteral("<disk type='block'")));

    const QStringList names{QStringLiteral("Ünïcödé test VM"),
                            QStringLiteral("O'Brien's \"sandbox\""),
                            QStringLiteral("tmp-debug-shell")};
    for (const QString &name : names) {
        DomainHandle d(virDomainLookupByName(conn.get(), name.toUtf8().constData()));
        EXPECT_TRUE(d) << name.toStdString();
    }
}

} // namespace
} // namespace Virtumancer::Test
