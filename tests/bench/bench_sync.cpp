// bench_sync: first full sync of a 2,000-domain test-driver node against the libvirt floor
// (raw open + list + XML fetch of domains, networks, pools and volumes: no parsing, no DB),
// measured in the same run. Prints one JSON object per metric (DESIGN §10).

#include "common/nodegenerator.h"
#include "common/testutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "connection/connectionmanager.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <libvirt/libvirt.h>

#include <algorithm>
#include <cstdio>

using namespace Virtumancer;
using namespace Virtumancer::Test;

namespace {

void metric(const char *name, double value, const char *unit, double target = -1)
{
    QJsonObject o{{QStringLiteral("bench"), QStringLiteral("sync")},
                  {QStringLiteral("metric"), QLatin1String(name)},
                  {QStringLiteral("value"), value},
                  {QStringLiteral("unit"), QLatin1String(unit)}};
    if (target >= 0)
        o.insert(QStringLiteral("target"), target);
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// The floor: what any client must pay to read the inventory from libvirt.
double floorSeconds(const QString &uri)
{
    QElapsedTimer t;
    t.start();
    virConnectPtr c = virConnectOpen(uri.toUtf8().constData());
    virDomainPtr *doms = nullptr;
    const int nd = virConnectListAllDomains(c, &doms, 0);
    for (int i = 0; i < nd; ++i) {
        free(virDomainGetXMLDesc(doms[i], 0));
        virDomainFree(doms[i]);
    }
    free(doms);
    virNetworkPtr *nets = nullptr;
    const int nn = virConnectListAllNetworks(c, &nets, 0);
    for (int i = 0; i < nn; ++i) {
        free(virNetworkGetXMLDesc(nets[i], 0));
        virNetworkFree(nets[i]);
    }
    free(nets);
    virStoragePoolPtr *pools = nullptr;
    const int np = virConnectListAllStoragePools(c, &pools, 0);
    for (int i = 0; i < np; ++i) {
        free(virStoragePoolGetXMLDesc(pools[i], 0));
        virStorageVolPtr *vols = nullptr;
        const int nv = virStoragePoolListAllVolumes(pools[i], &vols, 0);
        for (int k = 0; k < nv; ++k) {
            free(virStorageVolGetXMLDesc(vols[k], 0));
            virStorageVolFree(vols[k]);
        }
        free(vols);
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    virConnectClose(c);
    return t.nsecsElapsed() / 1e9;
}

struct Run
{
    double total = 0;
    SyncReport first;
    SyncReport resync;
};

Run syncOnce(const QString &uri)
{
    TempDataDir data;
    Database::initialize(data.path());
    auto host = HostRepository(Database::connection(data.path()))
                    .add(QStringLiteral("bench"), uri, {}, true);
    ConnectionManager manager(data.path(), SessionSettings{.statsIntervalMs = 0});
    manager.addHost(*host);
    Run run;
    int finished = 0;
    QObject::connect(&manager, &ConnectionManager::syncFinished, &manager,
                     [&](const QString &, const SyncReport &r, const Error &e) {
                         if (e.code != ErrorCode::None)
                             std::fprintf(stderr, "sync failed: %s\n", qPrintable(e.message));
                         (finished == 0 ? run.first : run.resync) = r;
                         ++finished;
                     });
    QElapsedTimer t;
    t.start();
    // Explicit (empty) credentials: the bench measures the sync, not a keyring lookup.
    manager.connectHost(QStringLiteral("bench"), Credentials{}, false);
    waitUntil([&] { return finished >= 1; }, 600000);
    run.total = t.nsecsElapsed() / 1e9;
    manager.syncHost(QStringLiteral("bench"));
    waitUntil([&] { return finished >= 2; }, 600000);
    manager.shutdown();
    Database::closeThreadConnection(data.path());
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int domains = 2000;
    int reps = 5;
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--domains") == 0)
            domains = QByteArray(argv[i + 1]).toInt();
        if (qstrcmp(argv[i], "--reps") == 0)
            reps = QByteArray(argv[i + 1]).toInt();
    }
    TempDataDir nodeDir;
    NodeSpec spec;
    spec.domains = domains;
    spec.networks = 8;
    spec.volumes = 400;
    const QString node = nodeDir.filePath(QStringLiteral("node.xml"));
    if (!writeNodeXml(node, spec)) {
        std::fprintf(stderr, "cannot write node\n");
        return 1;
    }
    const QString uri = QStringLiteral("test://") + node;
    registerCoreMetaTypes();

    // Interleave the two measurements so machine noise hits both alike.
    std::vector<double> floors, syncs, writes, parses, fetches, inWorker, resyncRows;
    floorSeconds(uri); // warm-up: page cache, libvirt's driver init
    for (int r = 0; r < reps; ++r) {
        floors.push_back(floorSeconds(uri));
        const Run run = syncOnce(uri);
        syncs.push_back(run.total);
        writes.push_back(run.first.writeSeconds);
        parses.push_back(run.first.parseSeconds);
        fetches.push_back(run.first.fetchSeconds);
        inWorker.push_back(run.first.seconds);
        resyncRows.push_back(double(run.resync.rowsWritten));
    }
    const double floor = median(floors);
    const double sync = median(syncs);
    metric("domains", domains, "count");
    metric("floor_s", floor, "s");
    metric("sync_s", sync, "s");
    metric("parse_s", median(parses), "s");
    metric("fetch_s", median(fetches), "s");
    metric("worker_sync_s", median(inWorker), "s");
    metric("db_write_s", median(writes), "s", 0.2);
    metric("ratio_to_floor", sync / floor, "x", 1.10);
    metric("resync_rows_written", *std::max_element(resyncRows.begin(), resyncRows.end()), "rows",
           0);
    return 0;
}
