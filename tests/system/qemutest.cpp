// System tier: a real libvirtd + QEMU under TCG, started and stopped by this test itself
// (tests/system/libvirtd-env.sh). Needs root, as CI runs.

#include "common/clirunner.h"
#include "system/systemfixture.h"

#include "cache/auditlog.h"
#include "cache/inventorystore.h"
#include "sync/statsstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

QByteArray tinyDomainXml(const QString &name)
{
    return QStringLiteral(
               "<domain type='qemu'><name>%1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
               "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os><devices>"
               "<emulator>/usr/bin/qemu-system-x86_64</emulator>"
               "<graphics type='vnc' listen='127.0.0.1' autoport='yes'/>"
               "<video><model type='vga'/></video><memballoon model='none'/></devices></domain>")
        .arg(name)
        .toUtf8();
}

class QemuTest : public SystemFixture
{
protected:
    void SetUp() override
    {
        SystemFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        m_name = QStringLiteral("vmtest-%1")
                     .arg(::testing::UnitTest::GetInstance()->random_seed() ^ getpid());
        virDomainPtr dom = virDomainDefineXML(m_conn, tinyDomainXml(m_name).constData());
        ASSERT_NE(dom, nullptr) << virGetLastErrorMessage();
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(dom, uuid);
        m_uuid = QString::fromLatin1(uuid);
        virDomainFree(dom);
    }
    void TearDown() override
    {
        if (m_conn) {
            if (virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData())) {
                virDomainDestroy(dom);
                virDomainUndefine(dom);
                virDomainFree(dom);
            }
        }
        SystemFixture::TearDown();
    }
    std::optional<DomainInfo> cached()
    {
        auto rows = InventoryStore(db()).findDomains(QStringLiteral("qemu"), m_uuid);
        if (!rows || rows->isEmpty())
            return std::nullopt;
        return rows->constFirst().domain;
    }

    QString m_name;
    QString m_uuid;
};

TEST_F(QemuTest, CliStartAndDestroyAreMirroredAndAudited)
{
    addHost(QStringLiteral("qemu"), QStringLiteral("qemu:///system"));
    connectAndSync(QStringLiteral("qemu"));
    ASSERT_TRUE(cached().has_value());
    EXPECT_EQ(cached()->state, DomainState::Shutoff);

    // The CLI acts in its own process; this process's session sees it through events.
    const CliResult start
        = runCli(m_data.path(), {QStringLiteral("vm"), QStringLiteral("start"), m_name});
    ASSERT_EQ(start.exitCode, 0) << start.err.constData();
    EXPECT_TRUE(
        waitUntil([&] { return cached() && cached()->state == DomainState::Running; }, 1000))
        << "running within 1 s";
    EXPECT_FALSE(cached()->graphics.isEmpty());
    EXPECT_GT(cached()->graphics.first().port, 0) << "live XML carries the VNC port";

    const CliResult destroy
        = runCli(m_data.path(), {QStringLiteral("vm"), QStringLiteral("destroy"),
                                 QStringLiteral("qemu/") + m_name});
    ASSERT_EQ(destroy.exitCode, 0) << destroy.err.constData();
    EXPECT_TRUE(
        waitUntil([&] { return cached() && cached()->state == DomainState::Shutoff; }, 1000));

    AuditQuery q;
    q.objectId = m_uuid;
    auto events = AuditLog(db()).query(q);
    ASSERT_TRUE(events.has_value());
    QStringList actions;
    for (const AuditEvent &e : std::as_const(*events)) {
        if (e.level == AuditLevel::Audit && e.ok)
            actions.append(e.action);
    }
    EXPECT_TRUE(actions.contains(QStringLiteral("vm.start")));
    EXPECT_TRUE(actions.contains(QStringLiteral("vm.destroy")));
}

TEST_F(QemuTest, WatchPrintsChangesMadeElsewhere)
{
    addHost(QStringLiteral("qemu"), QStringLiteral("qemu:///system"));
    m_manager.reset();
    QProcess watch;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("VIRTUMANCER_NO_DEMO"), QStringLiteral("1"));
    watch.setProcessEnvironment(env);
    watch.start(cliPath(), {QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("watch"),
                            QStringLiteral("qemu")});
    ASSERT_TRUE(watch.waitForStarted());
    QByteArray out;
    auto stateChangeSeen = [&] {
        for (const QByteArray &line : out.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("id")).toString() == m_uuid
                && o.value(QStringLiteral("action")).toString() == QStringLiteral("changed")
                && o.value(QStringLiteral("fields")).toArray().contains(QStringLiteral("state")))
                return true;
        }
        return false;
    };
    auto waitFor = [&](const std::function<bool()> &seen) {
        return waitUntil(
            [&] {
                watch.waitForReadyRead(10);
                out += watch.readAllStandardOutput();
                return seen();
            },
            10000);
    };
    ASSERT_TRUE(waitFor([&] { return out.contains("\"action\":\"synced\""); })) << out.constData();
    EXPECT_TRUE(out.contains(m_uuid.toUtf8())) << "the first sync lists the VM as added";
    EXPECT_FALSE(stateChangeSeen());
    virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData());
    ASSERT_EQ(virDomainCreate(dom), 0);
    virDomainFree(dom);
    EXPECT_TRUE(waitFor(stateChangeSeen)) << out.constData();
    watch.terminate();
    ASSERT_TRUE(watch.waitForFinished(5000));
    EXPECT_EQ(watch.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(watch.exitCode(), 0);
}

TEST_F(QemuTest, ReconnectsAfterLibvirtdRestart)
{
    addHost(QStringLiteral("qemu"), QStringLiteral("qemu:///system"));
    connectAndSync(QStringLiteral("qemu"));
    QList<HostState> states;
    QObject context;
    QObject::connect(m_manager.get(), &ConnectionManager::hostStateChanged, &context,
                     [&](const QString &, HostState s, const Error &) { states.append(s); });

    ASSERT_EQ(runEnv(QStringLiteral("kill-libvirtd")), 0);
    ASSERT_TRUE(waitUntil([&] { return states.contains(HostState::Disconnected); }, 20000))
        << "the close callback reports the loss";
    // By now the backoff may already have tried (and failed) to reconnect: the row says the
    // host is not connected, and why.
    const auto lost = HostRepository(db()).find(QStringLiteral("qemu"));
    ASSERT_TRUE(lost.has_value());
    EXPECT_NE(lost->state, HostState::Connected);
    EXPECT_FALSE(lost->lastError.isEmpty());

    // The daemon comes back: the session reconnects by itself (backoff) and resyncs.
    const SyncReport resync = waitForSync(
        QStringLiteral("qemu"), [&] { ASSERT_EQ(runEnv(QStringLiteral("start-libvirtd")), 0); },
        30000);
    EXPECT_GE(resync.domains, 1);
    EXPECT_EQ(states.last(), HostState::Connected);
    auto host = HostRepository(db()).find(QStringLiteral("qemu"));
    ASSERT_TRUE(host.has_value());
    EXPECT_EQ(host->uri, QStringLiteral("qemu:///system"));
    EXPECT_EQ(host->state, HostState::Connected);
    EXPECT_TRUE(cached().has_value()) << "the mirror survived the outage";
    // Reconnected connections must still deliver events.
    virConnectClose(m_conn);
    m_conn = virConnectOpen("qemu:///system");
    virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData());
    ASSERT_EQ(virDomainCreate(dom), 0) << virGetLastErrorMessage();
    virDomainFree(dom);
    EXPECT_TRUE(
        waitUntil([&] { return cached() && cached()->state == DomainState::Running; }, 2000));
}

TEST_F(QemuTest, StatsAreSampledForRunningDomains)
{
    m_manager.reset();
    m_settings.statsIntervalMs = 200;
    m_manager = std::make_unique<ConnectionManager>(m_data.path(), m_settings);
    addHost(QStringLiteral("qemu"), QStringLiteral("qemu:///system"));
    connectAndSync(QStringLiteral("qemu"));
    virDomainPtr dom = virDomainLookupByName(m_conn, m_name.toUtf8().constData());
    ASSERT_EQ(virDomainCreate(dom), 0) << virGetLastErrorMessage();
    virDomainFree(dom);
    auto stats = m_manager->stats();
    ASSERT_TRUE(waitUntil(
        [&] { return stats->samples(QStringLiteral("qemu"), m_uuid).size() >= 3; }, 10000));
    const auto samples = stats->samples(QStringLiteral("qemu"), m_uuid);
    EXPECT_GT(samples.last().cpuTimeNs, 0);
    EXPECT_GE(samples.last().cpuTimeNs, samples.first().cpuTimeNs);
    EXPECT_GE(samples.last().cpuPercent, 0.0);
    EXPECT_LE(samples.last().cpuPercent, 100.0);
    EXPECT_GT(samples.last().tsMs, samples.first().tsMs);
}

} // namespace
