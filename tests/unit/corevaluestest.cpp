// Small core pieces: state words, action names, stats ring buffers, JSON field names and times.

#include "actions/domainaction.h"
#include "model/jsonformat.h"
#include "model/types.h"
#include "sync/statsstore.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using namespace Virtumancer;

TEST(DomainStateName, EveryLibvirtStateHasItsCliWord)
{
    const QStringList words{QStringLiteral("nostate"),  QStringLiteral("running"),
                            QStringLiteral("blocked"),  QStringLiteral("paused"),
                            QStringLiteral("shutdown"), QStringLiteral("shutoff"),
                            QStringLiteral("crashed"),  QStringLiteral("pmsuspended")};
    for (int i = 0; i < words.size(); ++i) {
        EXPECT_EQ(domainStateName(DomainState(i)), words[i]);
        DomainState back = DomainState::NoState;
        ASSERT_TRUE(domainStateFromName(words[i], &back));
        EXPECT_EQ(int(back), i);
    }
    DomainState s;
    EXPECT_FALSE(domainStateFromName(QStringLiteral("sleeping"), &s));
    EXPECT_EQ(domainStateName(DomainState(42)), QStringLiteral("nostate"));
}

TEST(DomainActionName, RoundTripsAndRejectsUnknownVerbs)
{
    for (DomainAction a : {DomainAction::Start, DomainAction::Shutdown, DomainAction::Reboot,
                           DomainAction::Reset, DomainAction::Destroy, DomainAction::Suspend,
                           DomainAction::Resume, DomainAction::Delete}) {
        DomainAction back = DomainAction::Start;
        ASSERT_TRUE(domainActionFromName(domainActionName(a), &back));
        EXPECT_EQ(back, a);
    }
    DomainAction a;
    EXPECT_FALSE(domainActionFromName(QStringLiteral("explode"), &a));
    EXPECT_EQ(domainActionName(DomainAction::Destroy), QStringLiteral("destroy"));
}

TEST(StatsStore, DerivesCpuPercentFromCumulativeTime)
{
    StatsStore store(10);
    const QString h = QStringLiteral("h"), u = QStringLiteral("u");
    store.add(h, u, StatsSample{1000, -1, 1 << 20, 0}, 2);
    // 3 s of wall time, 3 s of CPU time over 2 vCPUs = 50 %.
    store.add(h, u, StatsSample{4000, -1, 1 << 20, 3'000'000'000}, 2);
    EXPECT_DOUBLE_EQ(store.latest(h, u).cpuPercent, 50.0);
    EXPECT_EQ(store.samples(h, u).size(), 2);
}

TEST(StatsStore, DerivesDiskAndNetworkRatesAndForgetsThemAcrossARestart)
{
    StatsStore store(10);
    const QString h = QStringLiteral("h"), u = QStringLiteral("u");
    StatsSample first{1000, -1, -1, -1};
    first.diskReadBytes = 1000;
    first.diskWriteBytes = 0;
    first.netRxBytes = 500;
    store.add(h, u, first, 1);
    EXPECT_EQ(store.latest(h, u).diskReadBps, -1); // no previous sample yet
    StatsSample second{3000, -1, -1, -1};
    second.diskReadBytes = 5000;  // 4000 B in 2 s
    second.diskWriteBytes = 1000; // 1000 B in 2 s
    second.netRxBytes = 100;      // counter reset (domain restarted): unknown, not negative
    store.add(h, u, second, 1);
    const StatsSample latest = store.latest(h, u);
    EXPECT_DOUBLE_EQ(latest.diskReadBps, 2000.0);
    EXPECT_DOUBLE_EQ(latest.diskWriteBps, 500.0);
    EXPECT_EQ(latest.netRxBps, -1);
    EXPECT_EQ(latest.netTxBps, -1); // never reported
}

TEST(StatsStore, HostCpuPercentIsBusyShareOfTotalTimeAndClearHostDropsIt)
{
    StatsStore store(10);
    const QString h = QStringLiteral("h");
    store.addHost(h, HostStatsSample{1000, -1, 1 << 30, 4LL << 30, 1000, 4000});
    // 300 of the next 400 ns were busy.
    store.addHost(h, HostStatsSample{4000, -1, 2LL << 30, 4LL << 30, 1300, 4400});
    const auto samples = store.hostSamples(h);
    ASSERT_EQ(samples.size(), 2);
    EXPECT_EQ(samples.first().cpuPercent, -1);
    EXPECT_DOUBLE_EQ(samples.last().cpuPercent, 75.0);
    EXPECT_EQ(samples.last().memoryUsedBytes, 2LL << 30);
    store.clearHost(h);
    EXPECT_TRUE(store.hostSamples(h).isEmpty());
}

TEST(StatsStore, KeepsOnlyCapacitySamplesOldestDroppedFirst)
{
    StatsStore store(5);
    for (int i = 0; i < 12; ++i)
        store.add(QStringLiteral("h"), QStringLiteral("u"),
                  StatsSample{qint64(i) * 3000, -1, i, -1}, 1);
    const auto samples = store.samples(QStringLiteral("h"), QStringLiteral("u"));
    ASSERT_EQ(samples.size(), 5);
    EXPECT_EQ(samples.first().memoryBytes, 7);
    EXPECT_EQ(samples.last().memoryBytes, 11);
}

TEST(StatsStore, RetainDropsDomainsThatStoppedAndOtherHostsStay)
{
    StatsStore store;
    store.add(QStringLiteral("h1"), QStringLiteral("a"), StatsSample{1, -1, 1, -1}, 1);
    store.add(QStringLiteral("h1"), QStringLiteral("b"), StatsSample{1, -1, 1, -1}, 1);
    store.add(QStringLiteral("h2"), QStringLiteral("a"), StatsSample{1, -1, 1, -1}, 1);
    store.retain(QStringLiteral("h1"), {QStringLiteral("a")});
    EXPECT_EQ(store.samples(QStringLiteral("h1"), QStringLiteral("a")).size(), 1);
    EXPECT_TRUE(store.samples(QStringLiteral("h1"), QStringLiteral("b")).isEmpty());
    EXPECT_EQ(store.samples(QStringLiteral("h2"), QStringLiteral("a")).size(), 1);
    store.clearHost(QStringLiteral("h2"));
    EXPECT_TRUE(store.samples(QStringLiteral("h2"), QStringLiteral("a")).isEmpty());
}

TEST(JsonFormat, TimesAreIsoUtcAndParseBack)
{
    EXPECT_EQ(Json::isoTime(0), QString());
    EXPECT_EQ(Json::isoTime(1764065546123), QStringLiteral("2025-11-25T10:12:26.123Z"));
    qint64 ms = 0;
    ASSERT_TRUE(Json::parseIsoTime(QStringLiteral("2025-11-25T10:12:26.123Z"), &ms));
    EXPECT_EQ(ms, 1764065546123);
    ASSERT_TRUE(Json::parseIsoTime(QStringLiteral("2025-11-25"), &ms));
    EXPECT_EQ(ms, 1764028800000);
    ASSERT_TRUE(Json::parseIsoTime(QStringLiteral("2025-11-25T12:12:26+02:00"), &ms));
    EXPECT_EQ(ms, 1764065546000);
    EXPECT_FALSE(Json::parseIsoTime(QStringLiteral("yesterday"), &ms));
}

TEST(JsonFormat, DomainCarriesTheCliFieldNames)
{
    InventoryStore::DomainRow row;
    row.hostId = QStringLiteral("h1");
    row.domain.uuid = QStringLiteral("u-1");
    row.domain.name = QStringLiteral("O'Brien \"vm\"");
    row.domain.state = DomainState::Paused;
    row.domain.vcpuCount = 3;
    row.domain.memoryBytes = 6ll << 30;
    DiskInfo d;
    d.deviceName = QStringLiteral("vda");
    d.sourcePath = QStringLiteral("/x.qcow2");
    row.domain.disks.append(d);
    PortInfo p;
    p.macAddress = QStringLiteral("52:54:00:00:00:01");
    row.domain.ports.append(p);
    GraphicsInfo g;
    g.type = QStringLiteral("spice");
    g.port = 5901;
    row.domain.graphics.append(g);
    row.createdAt = 1764065546123;
    row.tags = {QStringLiteral("prod")};
    const QJsonObject o = Json::domain(row);
    EXPECT_EQ(o.value(QStringLiteral("host")).toString(), QStringLiteral("h1"));
    EXPECT_EQ(o.value(QStringLiteral("name")).toString(), QStringLiteral("O'Brien \"vm\""));
    EXPECT_EQ(o.value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
    EXPECT_EQ(o.value(QStringLiteral("vcpu_count")).toInt(), 3);
    EXPECT_EQ(o.value(QStringLiteral("memory_bytes")).toDouble(), double(6ll << 30));
    EXPECT_EQ(o.value(QStringLiteral("disks"))
                  .toArray()
                  .at(0)
                  .toObject()
                  .value(QStringLiteral("device_name"))
                  .toString(),
              QStringLiteral("vda"));
    EXPECT_EQ(o.value(QStringLiteral("ports"))
                  .toArray()
                  .at(0)
                  .toObject()
                  .value(QStringLiteral("mac_address"))
                  .toString(),
              QStringLiteral("52:54:00:00:00:01"));
    EXPECT_EQ(o.value(QStringLiteral("graphics"))
                  .toArray()
                  .at(0)
                  .toObject()
                  .value(QStringLiteral("port"))
                  .toInt(),
              5901);
    EXPECT_EQ(o.value(QStringLiteral("created_at")).toString(),
              QStringLiteral("2025-11-25T10:12:26.123Z"));
    EXPECT_EQ(o.value(QStringLiteral("tags")).toArray().at(0).toString(), QStringLiteral("prod"));
}
