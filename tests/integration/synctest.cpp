// Full sync against the libvirt test driver: the mirror must match what libvirt reports, field by
// field, read through libvirt's API (not our parser), and a resync without change writes nothing.

#include "common/hostfixture.h"
#include "common/libvirtreader.h"
#include "common/mirrorcheck.h"
#include "common/nodegenerator.h"

#include "cache/inventorystore.h"

#include <QSqlQuery>

#include <algorithm>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

class SyncTest : public HostFixture
{
protected:
    QString writeNode(const NodeSpec &spec)
    {
        const QString path = m_data.filePath(QStringLiteral("node.xml"));
        EXPECT_TRUE(writeNodeXml(path, spec));
        return QStringLiteral("test://") + path;
    }
};

TEST_F(SyncTest, MirrorMatchesLibvirtFieldByField)
{
    NodeSpec spec;
    spec.domains = 500;
    spec.networks = 4;
    spec.volumes = 60;
    const QString uri = writeNode(spec);
    addHost(QStringLiteral("gen"), uri);
    const SyncReport report = connectAndSync(QStringLiteral("gen"));

    const Truth truth = readTruth(uri);
    ASSERT_TRUE(truth.error.isEmpty()) << truth.error.toStdString();
    ASSERT_EQ(truth.domains.size(), 500);
    EXPECT_EQ(report.domains, 500);

    expectMirrorIs(db(), QStringLiteral("gen"), truth);
}

TEST_F(SyncTest, ResyncWithoutChangeWritesNoRows)
{
    NodeSpec spec;
    spec.domains = 200;
    addHost(QStringLiteral("gen"), writeNode(spec));
    const SyncReport first = connectAndSync(QStringLiteral("gen"));
    EXPECT_GT(first.rowsWritten, 200);

    const qint64 before = dataVersion();
    const SyncReport again
        = waitForSync(QStringLiteral("gen"), [&] { m_manager->syncHost(QStringLiteral("gen")); });
    EXPECT_EQ(again.domains, 200);
    EXPECT_EQ(again.rowsWritten, 0);
    // Independent of our own counter: no other connection committed anything to the file.
    EXPECT_EQ(dataVersion(), before);
}

TEST_F(SyncTest, AwkwardNamesRoundTripExactly)
{
    NodeSpec spec;
    spec.domains = 40;
    spec.awkwardNames = true;
    addHost(QStringLiteral("gen"), writeNode(spec));
    connectAndSync(QStringLiteral("gen"));
    auto rows = InventoryStore(db()).domainRows(QStringLiteral("gen"));
    ASSERT_TRUE(rows.has_value());
    QStringList names;
    for (const auto &r : std::as_const(*rows))
        names.append(r.domain.name);
    for (int i = 0; i < spec.domains; ++i)
        EXPECT_TRUE(names.contains(generatedDomainName(spec, i)))
            << generatedDomainName(spec, i).toStdString();
    const bool anyLong = std::any_of(names.cbegin(), names.cend(),
                                     [](const QString &n) { return n.size() >= 60; });
    const bool anyQuote = std::any_of(names.cbegin(), names.cend(), [](const QString &n) {
        return n.contains(QLatin1Char('\'')) || n.contains(QLatin1Char('"'));
    });
    EXPECT_TRUE(anyLong);
    EXPECT_TRUE(anyQuote);
}

TEST_F(SyncTest, UnreachableHostReportsErrorAndKeepsMirror)
{
    addHost(QStringLiteral("down"), QStringLiteral("qemu+tcp://127.0.0.1:1/system"));
    QSignalSpy states(m_manager.get(), &ConnectionManager::hostStateChanged);
    m_manager->connectHost(QStringLiteral("down"));
    ASSERT_TRUE(waitUntil(
        [&] {
            for (const auto &args : std::as_const(states)) {
                if (args.at(1).value<HostState>() == HostState::Error)
                    return true;
            }
            return false;
        },
        10000));
    auto host = HostRepository(db()).find(QStringLiteral("down"));
    ASSERT_TRUE(host.has_value());
    EXPECT_EQ(host->state, HostState::Error);
    EXPECT_FALSE(host->lastError.isEmpty());
    EXPECT_EQ(host->uri, QStringLiteral("qemu+tcp://127.0.0.1:1/system"));
}

} // namespace

namespace {

TEST_F(SyncTest, ManualDisconnectStopsAutomaticReconnectUntilConnectedAgain)
{
    addHost(QStringLiteral("local"), QStringLiteral("test:///default"));
    connectAndSync(QStringLiteral("local"));
    QSignalSpy states(m_manager.get(), &ConnectionManager::hostStateChanged);
    m_manager->disconnectHost(QStringLiteral("local"));
    ASSERT_TRUE(waitUntil(
        [&] { return m_manager->state(QStringLiteral("local")) == HostState::Disconnected; }));
    auto host = HostRepository(db()).find(QStringLiteral("local"));
    ASSERT_TRUE(host.has_value());
    EXPECT_TRUE(host->autoReconnectDisabled);
    EXPECT_EQ(host->state, HostState::Disconnected);

    // Start-up autoconnect honours the user's choice. A second autoconnect host is the control:
    // once it has synced, the first would have connected too had it been asked to.
    NodeSpec spec;
    spec.domains = 3;
    addHost(QStringLiteral("control"), writeNode(spec));
    states.clear();
    waitForSync(QStringLiteral("control"), [&] { m_manager->connectAutoconnectHosts(); });
    for (const auto &args : std::as_const(states))
        EXPECT_NE(args.at(0).toString(), QStringLiteral("local"));
    EXPECT_EQ(m_manager->state(QStringLiteral("local")), HostState::Disconnected);

    // An explicit connect lifts it.
    connectAndSync(QStringLiteral("local"));
    EXPECT_FALSE(HostRepository(db()).find(QStringLiteral("local"))->autoReconnectDisabled);
    EXPECT_EQ(m_manager->state(QStringLiteral("local")), HostState::Connected);
}

} // namespace
