// The VM model and its filter proxy, fed from the mirror by InventoryFeed while a test-driver
// host changes underneath. Every model is checked by QAbstractItemModelTester (fatal).

#include "common/hostfixture.h"
#include "common/nodegenerator.h"

#include "model/domainfilterproxy.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"
#include "sync/statsstore.h"

#include <QAbstractItemModelTester>

#include <libvirt/libvirt.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

InventoryStore::DomainRow makeRow(const QString &host, int n,
                                  DomainState state = DomainState::Shutoff)
{
    InventoryStore::DomainRow r;
    r.hostId = host;
    r.domain.uuid = QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
    r.domain.name = QStringLiteral("vm-%1").arg(n);
    r.domain.vcpuCount = 1 + n % 4;
    r.domain.memoryBytes = qint64(1 + n % 8) << 30;
    r.domain.state = state;
    return r;
}

TEST(DomainListModel, AppliesInsertsUpdatesAndRemovalsIncrementally)
{
    DomainListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRows({makeRow(QStringLiteral("a"), 1), makeRow(QStringLiteral("a"), 2),
                   makeRow(QStringLiteral("b"), 1)});
    ASSERT_EQ(model.rowCount(), 3);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    InventoryStore::DomainRow running = makeRow(QStringLiteral("a"), 2, DomainState::Running);
    model.applyRows(QStringLiteral("a"), {running, makeRow(QStringLiteral("a"), 3)},
                    {makeRow(QStringLiteral("a"), 1).domain.uuid});
    EXPECT_EQ(reset.size(), 0) << "incremental, never a reset";
    EXPECT_EQ(removed.size(), 1);
    EXPECT_EQ(inserted.size(), 1);
    EXPECT_EQ(changed.size(), 1);
    EXPECT_EQ(model.rowCount(), 3);
    const int row = model.rowOf(QStringLiteral("a"), running.domain.uuid);
    ASSERT_GE(row, 0);
    EXPECT_EQ(model.index(row, DomainListModel::StateColumn).data().toString(),
              QStringLiteral("running"));
    EXPECT_EQ(model.index(row, 0).data(DomainListModel::StateRole).toInt(),
              int(DomainState::Running));
    EXPECT_EQ(model.rowOf(QStringLiteral("a"), makeRow(QStringLiteral("a"), 1).domain.uuid), -1);
    // The same VM uuid on another host is another row.
    EXPECT_GE(model.rowOf(QStringLiteral("b"), makeRow(QStringLiteral("b"), 1).domain.uuid), 0);

    changed.clear();
    model.applyRows(QStringLiteral("a"), {running}, {});
    EXPECT_TRUE(changed.isEmpty()) << "an unchanged row repaints nothing";

    model.removeHost(QStringLiteral("a"));
    EXPECT_EQ(model.rowCount(), 1);
}

TEST(DomainListModel, BulkRemovalsSignalEachRunOnceAndKeepTheRestFindable)
{
    DomainListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // a: rows 0-3 and 8; b: rows 4-7 and 9.
    QList<InventoryStore::DomainRow> rows;
    for (int n = 0; n < 10; ++n)
        rows.append(makeRow(n < 4 || n == 8 ? QStringLiteral("a") : QStringLiteral("b"), n));
    model.setRows(rows);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    // Two runs of a's rows (0-3 and 8), named in no particular order.
    model.applyRows(QStringLiteral("a"), {},
                    {rows[2].domain.uuid, rows[8].domain.uuid, rows[0].domain.uuid,
                     rows[3].domain.uuid, rows[1].domain.uuid});
    EXPECT_EQ(removed.size(), 2);
    ASSERT_EQ(model.rowCount(), 5);
    for (int n = 4; n < 10; ++n) {
        if (n == 8)
            continue;
        const int row = model.rowOf(QStringLiteral("b"), rows[n].domain.uuid);
        ASSERT_GE(row, 0) << n;
        EXPECT_EQ(model.rowAt(row)->domain.uuid, rows[n].domain.uuid) << n;
    }
    EXPECT_EQ(model.rowOf(QStringLiteral("a"), rows[8].domain.uuid), -1);

    removed.clear();
    model.removeHost(QStringLiteral("b"));
    EXPECT_EQ(removed.size(), 1) << "one contiguous run, one signal";
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(DomainListModel, StaleHostsCarryTheirAsOfTime)
{
    DomainListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRows({makeRow(QStringLiteral("a"), 1), makeRow(QStringLiteral("b"), 2)});
    model.setHostStale(QStringLiteral("a"), true, 1000);
    model.setHostStale(QStringLiteral("b"), false, 2000);
    const int a = model.rowOf(QStringLiteral("a"), makeRow(QStringLiteral("a"), 1).domain.uuid);
    const int b = model.rowOf(QStringLiteral("b"), makeRow(QStringLiteral("b"), 2).domain.uuid);
    EXPECT_TRUE(model.index(a, 0).data(DomainListModel::StaleRole).toBool());
    EXPECT_EQ(model.index(a, 0).data(DomainListModel::AsOfRole).toLongLong(), 1000);
    EXPECT_FALSE(model.index(b, 0).data(DomainListModel::StaleRole).toBool());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setHostStale(QStringLiteral("a"), false, 3000);
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.first().at(0).toModelIndex().row(), a);
}

TEST(DomainListModel, UsageColumnsShowTheStatsOfLiveHostsAndRepaintOnlyThemselves)
{
    DomainListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto stats = std::make_shared<StatsStore>(100);
    model.setStatsStore(stats);
    const InventoryStore::DomainRow vm = makeRow(QStringLiteral("a"), 3, DomainState::Running);
    model.setRows({vm, makeRow(QStringLiteral("b"), 4, DomainState::Running)});
    for (int i = 0; i < 50; ++i) {
        // 10 % of one vCPU more each sample (capped at 100), memory 1 GiB + i MiB.
        stats->add(QStringLiteral("a"), vm.domain.uuid,
                   StatsSample{1000 + i * 1000, double(qMin(100, i * 10)), (1LL << 30) + (qint64(i) << 20),
                               -1},
                   vm.domain.vcpuCount);
    }
    const int row = model.rowOf(QStringLiteral("a"), vm.domain.uuid);
    const QModelIndex cpu = model.index(row, DomainListModel::CpuUsageColumn);
    const QModelIndex mem = model.index(row, DomainListModel::MemoryUsageColumn);
    // Not shown while the host is stale: the samples would be from another time.
    EXPECT_EQ(cpu.data().toString(), QString());

    model.setHostStale(QStringLiteral("a"), false, 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.statsUpdated(QStringLiteral("a"));
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.first().at(0).toModelIndex().column(), int(DomainListModel::CpuUsageColumn));
    EXPECT_EQ(changed.first().at(1).toModelIndex().column(),
              int(DomainListModel::MemoryUsageColumn));
    EXPECT_EQ(changed.first().at(0).toModelIndex().row(), row);

    const auto line = cpu.data(DomainListModel::SparklineRole).value<QList<double>>();
    ASSERT_EQ(line.size(), DomainListModel::SparklineSamples);
    EXPECT_DOUBLE_EQ(line.constFirst(), 100.0); // sample 10 of 50: the last 40 are shown
    EXPECT_DOUBLE_EQ(cpu.data(DomainListModel::SparklineMaxRole).toDouble(), 100.0);
    EXPECT_DOUBLE_EQ(cpu.data(DomainListModel::SortRole).toDouble(), 100.0);
    EXPECT_EQ(cpu.data().toString(), QLocale().toString(100.0, 'f', 0) + QStringLiteral(" %"));
    EXPECT_DOUBLE_EQ(mem.data(DomainListModel::SortRole).toDouble(),
                     double((1LL << 30) + (49LL << 20)));
    EXPECT_DOUBLE_EQ(mem.data(DomainListModel::SparklineMaxRole).toDouble(),
                     double(vm.domain.memoryBytes));
    // The other host's VM has no samples: empty cell, nothing to sort by.
    const int other = model.rowOf(QStringLiteral("b"), makeRow(QStringLiteral("b"), 4).domain.uuid);
    EXPECT_TRUE(model.index(other, DomainListModel::CpuUsageColumn)
                    .data(DomainListModel::SparklineRole)
                    .value<QList<double>>()
                    .isEmpty());
}

TEST(DomainFilterProxy, QueriesSelectExactlyTheExpectedRows)
{
    DomainListModel model;
    QList<InventoryStore::DomainRow> rows;
    for (int i = 0; i < 12; ++i)
        rows.append(makeRow(i < 6 ? QStringLiteral("alpha") : QStringLiteral("beta"), i,
                            i % 3 == 0 ? DomainState::Running : DomainState::Shutoff));
    rows[4].tags = {QStringLiteral("prod")};
    rows[7].domain.name = QStringLiteral("Datenbank-Ünï");
    model.setRows(rows);
    DomainFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

    auto names = [&] {
        QStringList n;
        for (int r = 0; r < proxy.rowCount(); ++r)
            n.append(proxy.index(r, 0).data().toString());
        n.sort();
        return n;
    };
    ASSERT_TRUE(proxy.setQuery(QStringLiteral("state:running")).has_value());
    EXPECT_EQ(names(), (QStringList{QStringLiteral("vm-0"), QStringLiteral("vm-3"),
                                    QStringLiteral("vm-6"), QStringLiteral("vm-9")}));
    ASSERT_TRUE(proxy.setQuery(QStringLiteral("host:beta -state:running vcpus:>=3")).has_value());
    // beta: 6..11, not running: 7,8,10,11; vcpus = 1 + i%4 → 7:4 8:1 10:3 11:4
    EXPECT_EQ(names(), (QStringList{QStringLiteral("Datenbank-Ünï"), QStringLiteral("vm-10"),
                                    QStringLiteral("vm-11")}));
    ASSERT_TRUE(proxy.setQuery(QStringLiteral("tag:prod")).has_value());
    EXPECT_EQ(names(), QStringList{QStringLiteral("vm-4")});
    ASSERT_TRUE(proxy.setQuery(QStringLiteral("ünï")).has_value());
    EXPECT_EQ(names(), QStringList{QStringLiteral("Datenbank-Ünï")});
    ASSERT_TRUE(proxy.setQuery(QStringLiteral("mem:>=7GiB")).has_value());
    EXPECT_EQ(names(), (QStringList{QStringLiteral("Datenbank-Ünï"), QStringLiteral("vm-6")}));

    // A bad query is an error and leaves the previous filter in place.
    auto bad = proxy.setQuery(QStringLiteral("vcpus:>>"));
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(proxy.queryText(), QStringLiteral("mem:>=7GiB"));
    EXPECT_EQ(proxy.rowCount(), 2);

    ASSERT_TRUE(proxy.setQuery({}).has_value());
    EXPECT_EQ(proxy.rowCount(), 12);
    proxy.sort(DomainListModel::VcpusColumn, Qt::DescendingOrder);
    EXPECT_EQ(proxy.index(0, DomainListModel::VcpusColumn).data().toInt(), 4);
    EXPECT_EQ(proxy.index(11, DomainListModel::VcpusColumn).data().toInt(), 1);
}

class InventoryFeedTest : public HostFixture
{
};

TEST_F(InventoryFeedTest, ModelFollowsTheHostThroughEvents)
{
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    DomainListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    DomainFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    InventoryFeed feed(m_data.path(), m_manager.get(), &model);
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return feed.isLoaded(); }));
    EXPECT_EQ(model.rowCount(), 0);

    connectAndSync(QStringLiteral("local"));
    ASSERT_TRUE(waitUntil([&] { return model.rowCount() == 1; })) << "the built-in 'test' domain";
    EXPECT_FALSE(model.isHostStale(QStringLiteral("local")));

    virConnectPtr other = virConnectOpen("test:///default");
    ASSERT_NE(other, nullptr);
    const char xml[]
        = "<domain "
          "type='test'><name>feed-vm</name><uuid>7a3b2c1d-0e0f-4a1b-9c8d-7e6f5a4b3c2d</uuid>"
          "<memory unit='MiB'>128</memory><vcpu>2</vcpu><os><type>hvm</type></os></domain>";
    virDomainPtr dom = virDomainDefineXML(other, xml);
    ASSERT_NE(dom, nullptr);
    const QString uuid = QStringLiteral("7a3b2c1d-0e0f-4a1b-9c8d-7e6f5a4b3c2d");
    auto state = [&] {
        const int row = model.rowOf(QStringLiteral("local"), uuid);
        return row < 0 ? -1 : model.index(row, 0).data(DomainListModel::StateRole).toInt();
    };
    ASSERT_TRUE(waitUntil([&] { return state() == int(DomainState::Shutoff); }, 1000));
    ASSERT_TRUE(proxy.setQuery(QStringLiteral("state:running")).has_value());
    const int runningBefore = proxy.rowCount();
    ASSERT_EQ(virDomainCreate(dom), 0);
    ASSERT_TRUE(waitUntil([&] { return state() == int(DomainState::Running); }, 1000));
    EXPECT_EQ(proxy.rowCount(), runningBefore + 1) << "the proxy re-filters live";
    ASSERT_EQ(virDomainDestroy(dom), 0);
    ASSERT_EQ(virDomainUndefine(dom), 0);
    EXPECT_TRUE(waitUntil([&] { return state() == -1; }, 1000));
    virDomainFree(dom);
    virConnectClose(other);
}

TEST_F(InventoryFeedTest, CachedRowsOfUnreachableHostsLoadStaleWithTheirAsOfTime)
{
    NodeSpec spec;
    spec.domains = 25;
    const QString node = m_data.filePath(QStringLiteral("node.xml"));
    ASSERT_TRUE(writeNodeXml(node, spec));
    addHost(QStringLiteral("lab"), QStringLiteral("test://") + node);
    connectAndSync(QStringLiteral("lab"));
    const qint64 asOf = HostRepository(db()).find(QStringLiteral("lab"))->lastSyncAt;
    ASSERT_GT(asOf, 0);

    // A restarted app: a fresh manager and model over the same cache, host not connected.
    m_manager.reset();
    m_manager = std::make_unique<ConnectionManager>(m_data.path(), m_settings);
    ASSERT_TRUE(m_manager->loadHosts().has_value());
    DomainListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    InventoryFeed feed(m_data.path(), m_manager.get(), &model);
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return feed.isLoaded(); }));
    ASSERT_EQ(model.rowCount(), 25);
    for (int r = 0; r < model.rowCount(); ++r) {
        EXPECT_TRUE(model.index(r, 0).data(DomainListModel::StaleRole).toBool());
        EXPECT_EQ(model.index(r, 0).data(DomainListModel::AsOfRole).toLongLong(), asOf);
    }
    // Connecting keeps the old "as of" until the sync confirms the rows.
    connectAndSync(QStringLiteral("lab"));
    ASSERT_TRUE(waitUntil([&] { return !model.isHostStale(QStringLiteral("lab")); }));
    EXPECT_GE(model.hostAsOf(QStringLiteral("lab")), asOf);
}

TEST_F(InventoryFeedTest, HostModelFollowsAddsEditsStatesAndRemovals)
{
    addHost(QStringLiteral("a"), QStringLiteral("test:///default"));
    DomainListModel vms;
    HostListModel hosts;
    QAbstractItemModelTester tester(&hosts, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester vmTester(&vms, QAbstractItemModelTester::FailureReportingMode::Fatal);
    InventoryFeed feed(m_data.path(), m_manager.get(), &vms, &hosts);
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return feed.isLoaded(); }));
    ASSERT_EQ(hosts.rowCount(), 1);

    // Added through the manager (as the wizard does): a row, disconnected.
    QSignalSpy added(m_manager.get(), &ConnectionManager::hostAdded);
    NodeSpec spec;
    spec.domains = 25;
    const QString node = m_data.filePath(QStringLiteral("b.xml"));
    ASSERT_TRUE(writeNodeXml(node, spec));
    m_manager->createHost(QStringLiteral("b"), QStringLiteral("test://") + node,
                          QStringLiteral("B"), true);
    ASSERT_TRUE(waitUntil([&] { return hosts.rowCount() == 2; }));
    const QModelIndex b = hosts.index(hosts.rowOf(QStringLiteral("b")));
    EXPECT_EQ(b.data().toString(), QStringLiteral("B"));
    EXPECT_EQ(HostState(b.data(HostListModel::StateRole).toInt()), HostState::Disconnected);

    connectAndSync(QStringLiteral("b"));
    ASSERT_TRUE(waitUntil([&] { return vms.rowCount() == 25; }));
    EXPECT_EQ(HostState(hosts.index(hosts.rowOf(QStringLiteral("b")))
                            .data(HostListModel::StateRole)
                            .toInt()),
              HostState::Connected);

    m_manager->editHost(QStringLiteral("b"), QStringLiteral("test://") + node,
                        QStringLiteral("Bee \"2\""), false);
    ASSERT_TRUE(waitUntil([&] {
        return hosts.index(hosts.rowOf(QStringLiteral("b"))).data().toString()
               == QStringLiteral("Bee \"2\"");
    }));
    EXPECT_FALSE(
        hosts.index(hosts.rowOf(QStringLiteral("b"))).data(HostListModel::AutoconnectRole).toBool());

    // A new URI is a new endpoint: the session restarts, reconnects and re-mirrors.
    spec.domains = 10;
    const QString moved = m_data.filePath(QStringLiteral("b-moved.xml"));
    ASSERT_TRUE(writeNodeXml(moved, spec));
    waitForSync(QStringLiteral("b"), [&] {
        m_manager->editHost(QStringLiteral("b"), QStringLiteral("test://") + moved,
                            QStringLiteral("Bee \"2\""), false);
    });
    ASSERT_TRUE(waitUntil([&] { return vms.rowCount() == 10; }));
    EXPECT_EQ(hosts.index(hosts.rowOf(QStringLiteral("b"))).data(HostListModel::UriRole).toString(),
              QStringLiteral("test://") + moved);

    // Forgotten: its host row and all its VM rows go, the other host's row stays.
    m_manager->forgetHost(QStringLiteral("b"));
    ASSERT_TRUE(waitUntil([&] { return hosts.rowCount() == 1 && vms.rowCount() == 0; }));
    EXPECT_EQ(hosts.index(0).data(HostListModel::HostIdRole).toString(), QStringLiteral("a"));
}

} // namespace
