// The VM details window follows its VM: overview, hardware list from the XML, the XML itself,
// live graphs, and changes made on the host while it is open. The host details window shows
// what the host says about itself, its networks and pools, and live host graphs.

#include "common/guitestutil.h"
#include "common/hostfixture.h"

#include "details/hostdetailswindow.h"
#include "details/vmdetailswindow.h"
#include "graphs/timeseriesgraph.h"
#include "sync/statsstore.h"
#include "model/domainlistmodel.h"
#include "model/inventoryfeed.h"

#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTreeWidget>

#include <libvirt/libvirt.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

class DetailsTest : public DefaultHostFixture
{
};

TEST_F(DetailsTest, ShowsTheVmAndFollowsItsChanges)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    DomainListModel &vms = m_vms;

    VmDetailsWindow window(&vms, m_data.path(), QStringLiteral("local"), uuid);
    window.show();
    EXPECT_EQ(window.overviewValue(QStringLiteral("Name")), QStringLiteral("test"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("UUID")), uuid);
    EXPECT_EQ(window.overviewValue(QStringLiteral("State")), QStringLiteral("running"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("Mirror")), QStringLiteral("live"));
    // The model's rows carry no XML: the window reads it from the mirror on its own thread.
    EXPECT_TRUE(vms.rowAt(0)->domain.domainXml.isEmpty());
    ASSERT_TRUE(waitUntil([&] { return window.hardwareList()->count() > 0; }));
    EXPECT_TRUE(window.xmlView()->toPlainText().contains(QStringLiteral("<domain")));
    EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("test")));

    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virDomainPtr dom = virDomainLookupByUUIDString(other, uuid.toLatin1().constData());
    ASSERT_EQ(virDomainSuspend(dom), 0);
    EXPECT_TRUE(waitUntil(
        [&] { return window.overviewValue(QStringLiteral("State")) == QStringLiteral("paused"); },
        1000));
    ASSERT_EQ(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "Renamed title", nullptr,
                                   nullptr, VIR_DOMAIN_AFFECT_LIVE),
              0);
    EXPECT_TRUE(waitUntil(
        [&] {
            return window.overviewValue(QStringLiteral("Title")) == QStringLiteral("Renamed title");
        },
        1000));
    EXPECT_TRUE(waitUntil(
        [&] { return window.xmlView()->toPlainText().contains(QStringLiteral("Renamed title")); },
        1000));
    virDomainFree(dom);
    virConnectClose(other);
}

TEST_F(DetailsTest, PerformanceGraphsFollowTheStatsOfTheVm)
{
    const QString uuid = mirrorDefaultHost();
    ASSERT_FALSE(uuid.isEmpty());
    DomainListModel &vms = m_vms;
    VmDetailsWindow window(&vms, m_data.path(), QStringLiteral("local"), uuid);
    window.show();
    const QList<TimeSeriesGraph *> graphs = window.graphs();
    ASSERT_EQ(graphs.size(), 4);
    EXPECT_TRUE(graphs.at(0)->series().value(0).points.isEmpty()) << "no samples yet";

    // The test driver reports no CPU or I/O counters: feed the store as the sampler would.
    StatsStore &stats = *m_manager->stats();
    for (int i = 0; i < 3; ++i) {
        StatsSample s{1000 + i * 3000, -1, 512LL << 20, qint64(i) * 1'500'000'000};
        s.diskReadBytes = qint64(i) * 3 * 1024 * 1024; // 1 MiB/s
        s.netTxBytes = qint64(i) * 3000;                // 1000 B/s
        stats.add(QStringLiteral("local"), uuid, s, 1);
    }
    vms.statsUpdated(QStringLiteral("local"));
    const auto cpu = graphs.at(0)->series().value(0).points;
    ASSERT_EQ(cpu.size(), 3);
    EXPECT_DOUBLE_EQ(cpu.last().y(), 50.0);
    EXPECT_DOUBLE_EQ(graphs.at(0)->maximum(), 100.0);
    EXPECT_DOUBLE_EQ(graphs.at(1)->series().value(0).points.last().y(), double(512LL << 20));
    EXPECT_DOUBLE_EQ(graphs.at(2)->series().value(0).points.last().y(), 1024.0 * 1024.0);
    EXPECT_DOUBLE_EQ(graphs.at(3)->series().value(1).points.last().y(), 1000.0);
    EXPECT_TRUE(graphs.at(2)->summary().contains(QStringLiteral("1.0 MiB/s")))
        << graphs.at(2)->summary().toStdString();
    window.tabs()->setCurrentIndex(1);
    EXPECT_FALSE(graphs.at(0)->grab().isNull());
}

class HostDetailsTest : public HostFixture
{
protected:
    void SetUp() override
    {
        m_settings.statsIntervalMs = 50;
        HostFixture::SetUp();
    }
};

TEST_F(HostDetailsTest, ShowsVersionsNetworksPoolsAndLiveMemory)
{
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    connectAndSync(QStringLiteral("local"));
    HostDetailsWindow window(m_manager.get(), QStringLiteral("local"));
    QSignalSpy loaded(&window, &HostDetailsWindow::loaded);
    window.show();
    ASSERT_TRUE(waitUntil([&] { return !loaded.isEmpty(); }));
    EXPECT_EQ(window.overviewValue(QStringLiteral("Hypervisor")).section(u' ', 0, 0),
              QStringLiteral("TEST"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("URI")), QStringLiteral("test:///default"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("CPUs")), QStringLiteral("16"));
    EXPECT_EQ(window.overviewValue(QStringLiteral("Connection")), QStringLiteral("connected"));
    ASSERT_EQ(window.networkList()->topLevelItemCount(), 1);
    EXPECT_EQ(window.networkList()->topLevelItem(0)->text(0), QStringLiteral("default"));
    ASSERT_EQ(window.poolList()->topLevelItemCount(), 1);
    EXPECT_EQ(window.poolList()->topLevelItem(0)->text(0), QStringLiteral("default-pool"));

    // Live: the sampler's host memory reaches the graph, scaled to the host's 3 GiB.
    TimeSeriesGraph *memory = window.graphs().at(1);
    ASSERT_TRUE(waitUntil([&] { return memory->series().value(0).points.size() >= 2; }, 3000));
    EXPECT_GT(memory->series().value(0).points.last().y(), 0);
    EXPECT_DOUBLE_EQ(memory->maximum(), double(3LL << 30));

    // A network defined on the host shows up through its event.
    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    virNetworkPtr net = virNetworkDefineXML(
        other, "<network><name>lab-net</name><bridge name='virbr9'/></network>");
    ASSERT_NE(net, nullptr);
    virNetworkFree(net);
    virConnectClose(other);
    ASSERT_TRUE(waitUntil([&] { return window.networkList()->topLevelItemCount() == 2; }, 2000));

    // Its context menu runs jobs on the host's worker; the list follows the mirror.
    const auto row = [&](const QString &name) -> QTreeWidgetItem * {
        const auto found = window.networkList()->findItems(name, Qt::MatchExactly);
        return found.isEmpty() ? nullptr : found.first();
    };
    const auto trigger = [&](const QString &name, const QString &text) {
        QTreeWidgetItem *item = row(name);
        if (!item)
            return false;
        QMenu *menu = window.objectMenu(window.networkList(), item);
        bool done = false;
        for (QAction *a : menu->actions()) {
            if (a->text() == text && a->isEnabled()) {
                a->trigger();
                done = true;
            }
        }
        delete menu;
        return done;
    };
    ASSERT_TRUE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Start")));
    ASSERT_TRUE(waitUntil([&] { return row(QStringLiteral("lab-net"))->text(1) == QStringLiteral("active"); }));
    EXPECT_FALSE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Start"))) << "already active";
    ASSERT_TRUE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Autostart")));
    ASSERT_TRUE(waitUntil([&] { return row(QStringLiteral("lab-net"))->text(2) == QStringLiteral("yes"); }));

    // Delete asks first; Cancel keeps it, Yes stops and deletes it.
    answerNextMessageBox(QMessageBox::Cancel);
    ASSERT_TRUE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Delete…")));
    ASSERT_TRUE(waitUntil([&] { return window.findChild<QMessageBox *>() == nullptr; }));
    EXPECT_EQ(window.pendingJobs(), 0);
    QString question;
    answerNextMessageBox(QMessageBox::Yes, &question);
    ASSERT_TRUE(trigger(QStringLiteral("lab-net"), QStringLiteral("&Delete…")));
    ASSERT_TRUE(waitUntil([&] { return window.networkList()->topLevelItemCount() == 1; }, 3000));
    EXPECT_TRUE(question.contains(QStringLiteral("lab-net")));
    EXPECT_EQ(window.pendingJobs(), 0);
}

} // namespace
