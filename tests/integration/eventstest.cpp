// Incremental sync: changes made through a second connection to the same test:///default
// instance reach the mirror through libvirt events within a second (no polling, no sleeps).

#include "common/hostfixture.h"

#include "cache/auditlog.h"
#include "cache/inventorystore.h"
#include "model/jsonformat.h"

#include <QJsonArray>

#include <libvirt/libvirt.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

constexpr int eventTimeoutMs = 1000;

const char domainXml[] = R"(<domain type='test'>
  <name>evt-vm</name>
  <uuid>4a3b2c1d-0e0f-4a1b-9c8d-7e6f5a4b3c2d</uuid>
  <memory unit='MiB'>256</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><source file='/var/lib/libvirt/images/evt.qcow2'/><driver name='qemu' type='qcow2'/><target dev='vda' bus='virtio'/></disk>
    <interface type='network'><mac address='52:54:00:aa:bb:01'/><source network='default'/><model type='virtio'/></interface>
  </devices>
</domain>)";
const QString evtUuid = QStringLiteral("4a3b2c1d-0e0f-4a1b-9c8d-7e6f5a4b3c2d");

class EventsTest : public HostFixture
{
protected:
    void SetUp() override
    {
        HostFixture::SetUp();
        addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
        connectAndSync(QStringLiteral("local"));
        m_other = virConnectOpen("test:///default");
        ASSERT_NE(m_other, nullptr);
        QObject::connect(
            m_manager.get(), &ConnectionManager::changesApplied, &m_context,
            [this](const QString &, const QList<ChangeRecord> &changes) { m_changes += changes; });
    }
    void TearDown() override
    {
        if (m_other)
            virConnectClose(m_other);
        HostFixture::TearDown();
    }

    std::optional<DomainInfo> cached(const QString &uuid)
    {
        auto rows = InventoryStore(db()).findDomains(QStringLiteral("local"), uuid);
        if (!rows || rows->isEmpty())
            return std::nullopt;
        return rows->constFirst().domain;
    }
    bool waitForState(const QString &uuid, DomainState state)
    {
        return waitUntil(
            [&] {
                auto d = cached(uuid);
                return d && d->state == state;
            },
            eventTimeoutMs);
    }
    virDomainPtr lookup()
    {
        return virDomainLookupByUUIDString(m_other, evtUuid.toLatin1().constData());
    }

    virConnectPtr m_other = nullptr;
    QObject m_context;
    QList<ChangeRecord> m_changes;
};

TEST_F(EventsTest, LifecycleChangesReachTheMirror)
{
    virDomainPtr dom = virDomainDefineXML(m_other, domainXml);
    ASSERT_NE(dom, nullptr);
    ASSERT_TRUE(waitUntil([&] { return cached(evtUuid).has_value(); }, eventTimeoutMs)) << "define";
    EXPECT_EQ(cached(evtUuid)->state, DomainState::Shutoff);
    EXPECT_EQ(cached(evtUuid)->vcpuCount, 2);

    ASSERT_EQ(virDomainCreate(dom), 0);
    EXPECT_TRUE(waitForState(evtUuid, DomainState::Running)) << "start";
    ASSERT_EQ(virDomainSuspend(dom), 0);
    EXPECT_TRUE(waitForState(evtUuid, DomainState::Paused)) << "suspend";
    ASSERT_EQ(virDomainResume(dom), 0);
    EXPECT_TRUE(waitForState(evtUuid, DomainState::Running)) << "resume";
    ASSERT_EQ(virDomainShutdown(dom), 0);
    EXPECT_TRUE(waitForState(evtUuid, DomainState::Shutoff)) << "shutdown";
    ASSERT_EQ(virDomainUndefine(dom), 0);
    EXPECT_TRUE(waitUntil([&] { return !cached(evtUuid).has_value(); }, eventTimeoutMs))
        << "undefine";
    virDomainFree(dom);

    // The same stream feeds `watch`: each step arrives as a change record (queued to this
    // thread just after the cache commit the waits above observed).
    auto hasRemoval = [&] {
        return std::any_of(m_changes.cbegin(), m_changes.cend(), [](const ChangeRecord &c) {
            return c.id == evtUuid && c.action == ChangeRecord::Action::Removed;
        });
    };
    EXPECT_TRUE(waitUntil(hasRemoval, eventTimeoutMs));
    bool added = false, removed = false, changedState = false;
    for (const ChangeRecord &c : std::as_const(m_changes)) {
        if (c.id != evtUuid)
            continue;
        added |= c.action == ChangeRecord::Action::Added;
        removed |= c.action == ChangeRecord::Action::Removed;
        changedState |= c.fields.contains(QStringLiteral("state"));
        const QJsonObject line = Json::change(c);
        EXPECT_EQ(line.value(QStringLiteral("host")).toString(), QStringLiteral("local"));
        EXPECT_EQ(line.value(QStringLiteral("kind")).toString(), QStringLiteral("vm"));
    }
    EXPECT_TRUE(added);
    EXPECT_TRUE(removed);
    EXPECT_TRUE(changedState);
}

TEST_F(EventsTest, TransientDomainAppearsAndVanishes)
{
    virDomainPtr dom = virDomainCreateXML(m_other, domainXml, 0);
    ASSERT_NE(dom, nullptr);
    ASSERT_TRUE(waitForState(evtUuid, DomainState::Running));
    EXPECT_FALSE(cached(evtUuid)->persistent);
    ASSERT_EQ(virDomainDestroy(dom), 0);
    EXPECT_TRUE(waitUntil([&] { return !cached(evtUuid).has_value(); }, eventTimeoutMs));
    virDomainFree(dom);
}

TEST_F(EventsTest, DeviceChangesFromOutsideAreMirroredAndAudited)
{
    virDomainPtr dom = virDomainDefineXML(m_other, domainXml);
    ASSERT_NE(dom, nullptr);
    ASSERT_TRUE(waitUntil([&] { return cached(evtUuid).has_value(); }, eventTimeoutMs));
    ASSERT_EQ(cached(evtUuid)->disks.size(), 1);

    // The test driver has no hot-plug; redefining with an extra disk and NIC is the same change
    // to the persistent config that an attach with VIR_DOMAIN_AFFECT_CONFIG makes.
    QByteArray xml(domainXml);
    xml.replace("</devices>",
                "<disk type='file' device='disk'><source file='/var/lib/libvirt/images/extra.img'/>"
                "<target dev='vdb' bus='virtio'/></disk>"
                "<interface type='network'><mac address='52:54:00:aa:bb:02'/><source "
                "network='default'/></interface>"
                "</devices>");
    virDomainPtr redefined = virDomainDefineXML(m_other, xml.constData());
    ASSERT_NE(redefined, nullptr);
    ASSERT_TRUE(waitUntil([&] { return cached(evtUuid)->disks.size() == 2; }, eventTimeoutMs))
        << "attach";
    EXPECT_EQ(cached(evtUuid)->ports.size(), 2);
    virDomainFree(redefined);

    redefined = virDomainDefineXML(m_other, domainXml);
    ASSERT_NE(redefined, nullptr);
    ASSERT_TRUE(waitUntil([&] { return cached(evtUuid)->disks.size() == 1; }, eventTimeoutMs))
        << "detach";
    EXPECT_EQ(cached(evtUuid)->ports.size(), 1);
    virDomainFree(redefined);

    ASSERT_EQ(virDomainSetVcpusFlags(
                  dom, 1, unsigned(VIR_DOMAIN_AFFECT_CONFIG) | unsigned(VIR_DOMAIN_VCPU_MAXIMUM)),
              0);
    // Metadata changes come as their own event.
    ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "Changed title", nullptr,
                                   nullptr, VIR_DOMAIN_AFFECT_CONFIG),
              0);
    ASSERT_TRUE(waitUntil([&] { return cached(evtUuid)->title == QStringLiteral("Changed title"); },
                          eventTimeoutMs));
    virDomainFree(dom);

    // Each outside change is an INFO drift event with the field-level difference.
    AuditQuery q;
    q.objectId = evtUuid;
    auto events = AuditLog(db()).query(q);
    ASSERT_TRUE(events.has_value());
    bool sawDisks = false, sawTitle = false;
    for (const AuditEvent &e : std::as_const(*events)) {
        if (e.action != QStringLiteral("vm.drift"))
            continue;
        EXPECT_EQ(e.level, AuditLevel::Info);
        sawDisks |= e.details.contains(QStringLiteral("disks"));
        if (e.details.contains(QStringLiteral("title"))) {
            sawTitle = true;
            EXPECT_EQ(e.details.value(QStringLiteral("title"))
                          .toObject()
                          .value(QStringLiteral("to"))
                          .toString(),
                      QStringLiteral("Changed title"));
        }
    }
    EXPECT_TRUE(sawDisks);
    EXPECT_TRUE(sawTitle);
}

TEST_F(EventsTest, NetworkAndPoolChangesReachTheMirror)
{
    const char netXml[]
        = "<network><name>evt-net</name><uuid>0a1b2c3d-0000-4000-8000-000000000001</uuid>"
          "<bridge name='virbr9'/><ip address='10.9.9.1' netmask='255.255.255.0'/></network>";
    virNetworkPtr net = virNetworkDefineXML(m_other, netXml);
    ASSERT_NE(net, nullptr);
    auto networkActive = [&](bool *exists) {
        auto nets = InventoryStore(db()).networks(QStringLiteral("local"));
        *exists = false;
        for (const NetworkInfo &n : *nets) {
            if (n.name == QStringLiteral("evt-net")) {
                *exists = true;
                return n.active;
            }
        }
        return false;
    };
    bool exists = false;
    ASSERT_TRUE(waitUntil(
        [&] {
            networkActive(&exists);
            return exists;
        },
        eventTimeoutMs));
    ASSERT_EQ(virNetworkCreate(net), 0);
    EXPECT_TRUE(waitUntil([&] { return networkActive(&exists); }, eventTimeoutMs));
    ASSERT_EQ(virNetworkDestroy(net), 0);
    ASSERT_EQ(virNetworkUndefine(net), 0);
    EXPECT_TRUE(waitUntil(
        [&] {
            networkActive(&exists);
            return !exists;
        },
        eventTimeoutMs));
    virNetworkFree(net);

    const char poolXml[]
        = "<pool type='dir'><name>evt-pool</name><uuid>0a1b2c3d-0000-4000-8000-000000000002</uuid>"
          "<target><path>/evt-pool</path></target></pool>";
    virStoragePoolPtr pool = virStoragePoolDefineXML(m_other, poolXml, 0);
    ASSERT_NE(pool, nullptr);
    auto poolExists = [&] {
        auto pools = InventoryStore(db()).pools(QStringLiteral("local"));
        for (const PoolInfo &p : *pools) {
            if (p.name == QStringLiteral("evt-pool"))
                return true;
        }
        return false;
    };
    EXPECT_TRUE(waitUntil(poolExists, eventTimeoutMs));
    ASSERT_EQ(virStoragePoolUndefine(pool), 0);
    EXPECT_TRUE(waitUntil([&] { return !poolExists(); }, eventTimeoutMs));
    virStoragePoolFree(pool);
}

TEST_F(EventsTest, OwnActionsAreAuditedButNotReportedAsDrift)
{
    virDomainPtr dom = virDomainDefineXML(m_other, domainXml);
    ASSERT_NE(dom, nullptr);
    virDomainFree(dom);
    ASSERT_TRUE(waitUntil([&] { return cached(evtUuid).has_value(); }, eventTimeoutMs));

    QSignalSpy finished(m_manager.get(), &ConnectionManager::actionFinished);
    const quint64 job = m_manager->runAction(QStringLiteral("local"), evtUuid, DomainAction::Start);
    ASSERT_TRUE(waitUntil([&] { return !finished.isEmpty(); }, 5000));
    EXPECT_EQ(finished.first().at(0).toULongLong(), job);
    EXPECT_EQ(finished.first().at(4).value<Error>().code, ErrorCode::None);
    EXPECT_EQ(cached(evtUuid)->state, DomainState::Running);

    finished.clear();
    m_manager->runAction(QStringLiteral("local"), evtUuid, DomainAction::Delete);
    ASSERT_TRUE(waitUntil([&] { return !finished.isEmpty(); }, 5000));
    const Error refused = finished.first().at(4).value<Error>();
    EXPECT_EQ(refused.code, ErrorCode::InvalidArgument) << "delete of a running VM must be refused";

    AuditQuery q;
    q.objectId = evtUuid;
    auto events = AuditLog(db()).query(q);
    ASSERT_TRUE(events.has_value());
    bool startOk = false, deleteFailed = false;
    for (const AuditEvent &e : std::as_const(*events)) {
        EXPECT_NE(e.action, QStringLiteral("vm.drift")) << e.message.toStdString();
        if (e.action == QStringLiteral("vm.start")) {
            startOk = e.ok && e.level == AuditLevel::Audit;
        }
        if (e.action == QStringLiteral("vm.delete")) {
            deleteFailed = !e.ok && !e.error.isEmpty();
        }
    }
    EXPECT_TRUE(startOk);
    EXPECT_TRUE(deleteFailed);
}

} // namespace

namespace {

class PollingTest : public HostFixture
{
protected:
    void SetUp() override
    {
        m_settings.useEvents = false;
        m_settings.pollIntervalMs = 200;
        HostFixture::SetUp();
    }
};

TEST_F(PollingTest, WithoutEventsThePollCatchesChanges)
{
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    connectAndSync(QStringLiteral("local"));
    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virDomainPtr dom = virDomainDefineXML(other, domainXml);
    ASSERT_NE(dom, nullptr);
    auto cachedState = [&]() -> int {
        auto rows = InventoryStore(db()).findDomains(QStringLiteral("local"), evtUuid);
        return rows && !rows->isEmpty() ? int(rows->first().domain.state) : -1;
    };
    // One poll interval plus one sync: well inside this bound, and no event can have done it.
    EXPECT_TRUE(waitUntil([&] { return cachedState() == int(DomainState::Shutoff); }, 3000));
    ASSERT_EQ(virDomainCreate(dom), 0);
    EXPECT_TRUE(waitUntil([&] { return cachedState() == int(DomainState::Running); }, 3000));
    virDomainFree(dom);
    virConnectClose(other);
}

} // namespace
