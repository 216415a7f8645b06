#pragma once

// The field-by-field comparison of a host's mirror with what libvirt reports (a Truth read by
// libvirtreader.h): the same domains, networks, pools and pooled volumes, no more.

#include "common/libvirtreader.h"

#include "cache/inventorystore.h"

#include <QHash>
#include <QSqlDatabase>

#include <gtest/gtest.h>

#include <algorithm>

namespace Virtumancer::Test {

inline void expectMirrorIs(const QSqlDatabase &db, const QString &hostId, const Truth &truth)
{
    InventoryStore store(db);
    auto rows = store.domainRows(hostId);
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), truth.domains.size());
    QHash<QString, DomainInfo> byUuid;
    for (const auto &row : std::as_const(*rows))
        byUuid.insert(row.domain.uuid, row.domain);
    ASSERT_EQ(byUuid.size(), truth.domains.size()) << "duplicate uuids in the mirror";
    for (const TruthDomain &t : truth.domains) {
        SCOPED_TRACE(t.name.toStdString());
        ASSERT_TRUE(byUuid.contains(t.uuid));
        const DomainInfo &d = byUuid.value(t.uuid);
        EXPECT_EQ(d.name, t.name);
        EXPECT_EQ(int(d.state), t.state);
        EXPECT_EQ(d.vcpuCount, t.vcpus);
        EXPECT_EQ(d.memoryBytes, t.maxMemoryBytes);
        EXPECT_EQ(d.persistent, t.persistent);
        EXPECT_EQ(d.autostart, t.autostart);
        QStringList targets;
        for (const DiskInfo &disk : d.disks)
            targets.append(disk.deviceName);
        targets.sort();
        EXPECT_EQ(targets, t.diskTargets);
        QStringList macs;
        for (const PortInfo &p : d.ports)
            macs.append(p.macAddress);
        macs.sort();
        EXPECT_EQ(macs, t.macs);
        QStringList gfx;
        for (const GraphicsInfo &g : d.graphics)
            gfx.append(g.type);
        EXPECT_EQ(gfx, t.graphicsTypes);
    }

    auto nets = store.networks(hostId);
    ASSERT_TRUE(nets.has_value());
    ASSERT_EQ(nets->size(), truth.networks.size());
    for (const TruthNetwork &t : truth.networks) {
        auto it = std::find_if(nets->cbegin(), nets->cend(),
                               [&](const NetworkInfo &n) { return n.uuid == t.uuid; });
        ASSERT_NE(it, nets->cend()) << t.name.toStdString();
        EXPECT_EQ(it->name, t.name);
        EXPECT_EQ(it->bridgeName, t.bridge);
        EXPECT_EQ(it->active, t.active);
        EXPECT_EQ(it->autostart, t.autostart);
    }

    auto pools = store.pools(hostId);
    ASSERT_TRUE(pools.has_value());
    ASSERT_EQ(pools->size(), truth.pools.size());
    for (const TruthPool &t : truth.pools) {
        auto it = std::find_if(pools->cbegin(), pools->cend(),
                               [&](const PoolInfo &p) { return p.uuid == t.uuid; });
        ASSERT_NE(it, pools->cend()) << t.name.toStdString();
        EXPECT_EQ(it->name, t.name);
        EXPECT_EQ(it->capacityBytes, t.capacity);
        EXPECT_EQ(it->allocationBytes, t.allocation);
        EXPECT_EQ(it->availableBytes, t.available);
        EXPECT_EQ(it->active, t.active);
    }

    auto vols = store.volumes(hostId);
    ASSERT_TRUE(vols.has_value());
    // The mirror also lists disks outside any pool; libvirt's volumes are the pooled ones.
    QHash<QString, InventoryStore::VolumeRow> volByPath;
    for (const auto &v : std::as_const(*vols)) {
        if (!v.poolName.isEmpty())
            volByPath.insert(v.volume.path, v);
    }
    ASSERT_EQ(volByPath.size(), truth.volumes.size());
    for (const TruthVolume &t : truth.volumes) {
        SCOPED_TRACE(t.path.toStdString());
        ASSERT_TRUE(volByPath.contains(t.path));
        const VolumeInfo &v = volByPath.value(t.path).volume;
        EXPECT_EQ(v.name, t.name);
        EXPECT_EQ(v.key, t.key);
        EXPECT_EQ(v.capacityBytes, t.capacity);
        EXPECT_EQ(v.allocationBytes, t.allocation);
    }
}

} // namespace Virtumancer::Test
