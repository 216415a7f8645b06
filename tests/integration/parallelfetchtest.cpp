// Parallel fetch over one connection: a full sync with several XML fetches in flight at once
// must give exactly the mirror libvirt reports (read through libvirt's API and QtXml's DOM, not
// our parser), field by field; with concurrency 1 the calls stay one at a time.

#include "common/hostfixture.h"
#include "common/libvirtreader.h"
#include "common/mirrorcheck.h"
#include "common/nodegenerator.h"

#include "cache/inventorystore.h"

#include <QSignalSpy>

#include <algorithm>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

/// A generated node with plenty of awkwardly named domains, two pools and several networks.
NodeSpec bigSpec()
{
    NodeSpec spec;
    spec.domains = 500;
    spec.networks = 6;
    spec.volumes = 300;
    spec.isoVolumes = 40;
    spec.awkwardNames = true;
    return spec;
}

template<int Concurrency> class ParallelFetchTestBase : public HostFixture
{
protected:
    ParallelFetchTestBase()
    {
        m_settings.fetchConcurrency = Concurrency;
        // test:/// runs in this process, where threads are not used by default: force them,
        // so that the fan-out itself is what is tested here.
        m_settings.inProcessFetchConcurrency = Concurrency;
    }

    QString writeNode(const NodeSpec &spec)
    {
        const QString path = m_data.filePath(QStringLiteral("node.xml"));
        EXPECT_TRUE(writeNodeXml(path, spec));
        return QStringLiteral("test://") + path;
    }

    /// The mirror of hostId against what libvirt reports for uri, field by field.
    void expectMirrorMatches(const QString &hostId, const QString &uri)
    {
        const Truth truth = readTruth(uri);
        ASSERT_TRUE(truth.error.isEmpty()) << truth.error.toStdString();
        expectMirrorIs(db(), hostId, truth);
    }

    /// Connects hostId and records every syncProgress of its first sync.
    SyncReport syncRecordingProgress(const QString &hostId, QList<std::pair<int, int>> *progress)
    {
        QObject context;
        QObject::connect(m_manager.get(), &ConnectionManager::syncProgress, &context,
                         [&](const QString &host, int done, int total) {
                             if (host == hostId)
                                 progress->append({done, total});
                         });
        return connectAndSync(hostId, 120000);
    }
};

using ParallelFetchTest = ParallelFetchTestBase<8>;
using ParallelFetchSequentialTest = ParallelFetchTestBase<1>;

TEST_F(ParallelFetchTest, MirrorExactWithEightCallsInFlight)
{
    const NodeSpec spec = bigSpec();
    const QString uri = writeNode(spec);
    addHost(QStringLiteral("gen"), uri);
    QList<std::pair<int, int>> progress;
    const SyncReport report = syncRecordingProgress(QStringLiteral("gen"), &progress);

    EXPECT_EQ(report.domains, spec.domains);
    EXPECT_EQ(report.networks, spec.networks);
    EXPECT_EQ(report.pools, 2);
    EXPECT_EQ(report.volumes, spec.volumes + spec.isoVolumes);
    EXPECT_GT(report.maxInFlight, 1);
    EXPECT_LE(report.maxInFlight, 8);
    ASSERT_FALSE(progress.isEmpty());
    EXPECT_EQ(progress.last(), std::make_pair(spec.domains, spec.domains));
    for (qsizetype i = 1; i < progress.size(); ++i)
        EXPECT_LE(progress[i - 1].first, progress[i].first);

    expectMirrorMatches(QStringLiteral("gen"), uri);

    // Awkward names (quotes, unicode, 60+ chars) survive the fan-out exactly.
    auto rows = InventoryStore(db()).domainRows(QStringLiteral("gen"));
    ASSERT_TRUE(rows.has_value());
    QSet<QString> names;
    for (const auto &r : std::as_const(*rows))
        names.insert(r.domain.name);
    for (int i = 0; i < spec.domains; ++i)
        EXPECT_TRUE(names.contains(generatedDomainName(spec, i)))
            << generatedDomainName(spec, i).toStdString();
}

TEST_F(ParallelFetchTest, ResyncWithoutChangeWritesNothing)
{
    NodeSpec spec = bigSpec();
    spec.domains = 200;
    addHost(QStringLiteral("gen"), writeNode(spec));
    const SyncReport first = connectAndSync(QStringLiteral("gen"), 120000);
    EXPECT_GT(first.rowsWritten, 200);
    EXPECT_GT(first.maxInFlight, 1);

    const qint64 before = dataVersion();
    const SyncReport again
        = waitForSync(QStringLiteral("gen"), [&] { m_manager->syncHost(QStringLiteral("gen")); });
    EXPECT_EQ(again.domains, 200);
    EXPECT_EQ(again.rowsWritten, 0);
    EXPECT_GT(again.maxInFlight, 1);
    EXPECT_EQ(dataVersion(), before);
}

TEST_F(ParallelFetchSequentialTest, ConcurrencyOneKeepsOneCallInFlight)
{
    NodeSpec spec = bigSpec();
    spec.domains = 150;
    const QString uri = writeNode(spec);
    addHost(QStringLiteral("gen"), uri);
    QList<std::pair<int, int>> progress;
    const SyncReport report = syncRecordingProgress(QStringLiteral("gen"), &progress);

    EXPECT_EQ(report.domains, 150);
    EXPECT_EQ(report.maxInFlight, 1);
    ASSERT_FALSE(progress.isEmpty());
    EXPECT_EQ(progress.last(), std::make_pair(150, 150));
    expectMirrorMatches(QStringLiteral("gen"), uri);
}

} // namespace
