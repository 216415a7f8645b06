// bench_volumes: the volume registry over a cache of 20,000 volumes on 20 hosts (written
// straight into the mirror through InventoryStore, one snapshot per host, as a first full sync
// writes it). Prints one JSON object per metric (DESIGN §10), medians over --reps:
//   populate_ms  VolumeFeed::start() → the model holds every row, behind a sorting proxy
//                (cache read on the feed's thread + model reset + sort by name)
//   filter_ms    one query typed into the registry's proxy, e.g.
//                `pool:default format:qcow2 size:>10GB` (filter + sort of what passes)
// plus the parts of populate_ms (read_ms, model_ms), a bare-word filter (filter_text_ms), and
// the CPU time of populate and filter (populate_cpu_ms, filter_cpu_ms: the wall times above
// stretch when the machine is busy; these say what the work itself cost).
//
//   bench_volumes [--volumes 20000] [--hosts 20] [--reps 7] [--query "..."] [--keep]
//   (--keep leaves the cache behind and prints its directory on stderr)

#include "benchutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "cache/inventorystore.h"
#include "model/volumefeed.h"
#include "model/volumefilterproxy.h"
#include "model/volumelistmodel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <ctime>

using namespace Virtumancer;
using namespace Virtumancer::Bench;

namespace {

constexpr qint64 GiB = 1LL << 30;

QString uuidFor(int host, int kind, int n)
{
    return QStringLiteral("%1%2-0000-4000-8000-%3")
        .arg(host, 4, 16, QLatin1Char('0'))
        .arg(kind, 4, 16, QLatin1Char('0'))
        .arg(n, 12, 16, QLatin1Char('0'));
}

/// One host's inventory: three pools (default, data, iso) sharing `volumes` volumes, and VMs
/// that attach about 60 % of them (every third VM running, so all three statuses occur),
/// every tenth VM with one more disk outside any pool.
HostSnapshot hostSnapshot(int host, int volumes)
{
    HostSnapshot s;
    s.node.hostname = QStringLiteral("bench-%1").arg(host);
    const QStringList poolNames{QStringLiteral("default"), QStringLiteral("data"),
                                QStringLiteral("iso")};
    for (int p = 0; p < poolNames.size(); ++p) {
        PoolInfo pool;
        pool.uuid = uuidFor(host, 1, p);
        pool.name = poolNames.at(p);
        pool.type = QStringLiteral("dir");
        pool.targetPath = QStringLiteral("/var/lib/libvirt/") + pool.name;
        pool.capacityBytes = 100000 * GiB;
        pool.active = true;
        s.pools.append(pool);
    }
    for (int v = 0; v < volumes; ++v) {
        const PoolInfo &pool = s.pools.at(v % 7 == 6 ? 2 : v % 3 == 2 ? 1 : 0);
        VolumeInfo vol;
        vol.poolUuid = pool.uuid;
        vol.format = pool.name == QLatin1String("iso") ? QStringLiteral("iso")
                     : v % 4 == 3                      ? QStringLiteral("raw")
                                                       : QStringLiteral("qcow2");
        vol.name = QStringLiteral("vol-%1-%2.%3")
                       .arg(host)
                       .arg(v, 5, 10, QLatin1Char('0'))
                       .arg(vol.format);
        vol.path = pool.targetPath + QLatin1Char('/') + vol.name;
        vol.key = vol.path;
        vol.type = QStringLiteral("file");
        vol.capacityBytes = (1 + (v * 37) % 200) * GiB;
        vol.allocationBytes = vol.capacityBytes / (2 + v % 5);
        s.volumes.append(vol);
    }
    const int vms = volumes * 3 / 10; // two disks each: 60 % of the volumes attached
    for (int d = 0; d < vms; ++d) {
        DomainInfo dom;
        dom.uuid = uuidFor(host, 2, d);
        dom.name = QStringLiteral("vm-%1-%2").arg(host).arg(d, 5, 10, QLatin1Char('0'));
        dom.state = d % 3 == 0 ? DomainState::Running : DomainState::Shutoff;
        dom.vcpuCount = 2;
        dom.memoryBytes = 2 * GiB;
        dom.osType = QStringLiteral("hvm");
        for (int k = 0; k < 2; ++k) {
            const VolumeInfo &vol = s.volumes.at((2 * d + k) % volumes);
            DiskInfo disk;
            disk.deviceName = QStringLiteral("vd%1").arg(QChar(u'a' + k));
            disk.device = QStringLiteral("disk");
            disk.busType = QStringLiteral("virtio");
            disk.sourceType = QStringLiteral("file");
            disk.sourcePath = vol.path;
            disk.format = vol.format;
            dom.disks.append(disk);
        }
        if (d % 10 == 0) {
            DiskInfo outside;
            outside.deviceName = QStringLiteral("vdc");
            outside.device = QStringLiteral("disk");
            outside.busType = QStringLiteral("virtio");
            outside.sourceType = QStringLiteral("file");
            outside.sourcePath = QStringLiteral("/srv/unpooled/%1.img").arg(dom.name);
            outside.format = QStringLiteral("raw");
            dom.disks.append(outside);
        }
        s.domains.append(dom);
    }
    return s;
}

bool buildCache(const QString &dataDir, int hosts, int volumes)
{
    if (!Database::initialize(dataDir))
        return false;
    bool ok = true;
    {
        QSqlDatabase db = Database::connection(dataDir);
        HostRepository repo(db);
        InventoryStore store(db);
        for (int h = 0; h < hosts && ok; ++h) {
            const QString id = QStringLiteral("host-%1").arg(h, 2, 10, QLatin1Char('0'));
            auto added = repo.add(id, QStringLiteral("test:///nonexistent/bench-%1.xml").arg(h), id,
                                  false);
            InventoryStore::Options options;
            options.auditDrift = false;
            auto applied = added
                               ? store.applySnapshot(id, hostSnapshot(h, volumes / hosts), options)
                               : std::unexpected(added.error());
            if (!applied) {
                std::fprintf(stderr, "cache: %s\n", qPrintable(applied.error().message));
                ok = false;
            }
        }
    }
    Database::closeThreadConnection(dataDir);
    return ok;
}

/// CPU time of the whole process (both the feed's reader and this thread), in ms: the host
/// running the bench may be busy, and this says what the work itself cost.
double processCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int volumes = intArg(argc, argv, "--volumes", 20000);
    const int hosts = intArg(argc, argv, "--hosts", 20);
    const int reps = intArg(argc, argv, "--reps", 7);
    const QString query
        = stringArg(argc, argv, "--query", QStringLiteral("pool:default format:qcow2 size:>10GB"));
    const Reporter report("volumes");

    QTemporaryDir dir;
    dir.setAutoRemove(!flagArg(argc, argv, "--keep"));
    if (!dir.isValid() || !buildCache(dir.path(), hosts, volumes)) {
        std::fprintf(stderr, "cannot build the cache\n");
        return 1;
    }

    std::vector<double> populate, populateCpu, read, model, filter, filterCpu, filterText;
    int rows = 0;
    int shown = 0;
    for (int rep = 0; rep < reps; ++rep) {
        VolumeListModel volumes;
        VolumeFilterProxy proxy;
        proxy.setSourceModel(&volumes);
        proxy.sort(VolumeListModel::NameColumn, Qt::AscendingOrder);
        VolumeFeed feed(dir.path(), nullptr, &volumes);
        bool loaded = false;
        QElapsedTimer modelTimer;
        double modelMs = 0;
        QObject::connect(&volumes, &QAbstractItemModel::modelAboutToBeReset, &volumes,
                         [&] { modelTimer.start(); });
        QObject::connect(&feed, &VolumeFeed::loaded, &feed, [&] {
            modelMs = double(modelTimer.nsecsElapsed()) / 1e6;
            loaded = true;
        });
        QElapsedTimer t;
        t.start();
        double cpu = processCpuMs();
        // Idle until the answer comes (a busy processEvents() loop would compete with the
        // reader thread for the CPU and count in populate_cpu_ms).
        QEventLoop loop;
        QObject::connect(&feed, &VolumeFeed::loaded, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        feed.start();
        loop.exec();
        if (!loaded) {
            std::fprintf(stderr, "the feed never loaded\n");
            return 1;
        }
        const double total = double(t.nsecsElapsed()) / 1e6;
        populate.push_back(total);
        populateCpu.push_back(processCpuMs() - cpu);
        model.push_back(modelMs);
        read.push_back(total - modelMs);
        rows = volumes.rowCount();
        if (proxy.rowCount() != rows) {
            std::fprintf(stderr, "proxy shows %d of %d rows\n", proxy.rowCount(), rows);
            return 1;
        }

        t.restart();
        cpu = processCpuMs();
        if (!proxy.setQuery(query)) {
            std::fprintf(stderr, "bad query\n");
            return 1;
        }
        // Until asked, a proxy may defer its mapping: the count is part of what a view needs.
        shown = proxy.rowCount();
        filter.push_back(double(t.nsecsElapsed()) / 1e6);
        filterCpu.push_back(processCpuMs() - cpu);
        (void)proxy.setQuery({});
        (void)proxy.rowCount();
        t.restart();
        (void)proxy.setQuery(QStringLiteral("vol-1-0"));
        (void)proxy.rowCount();
        filterText.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    if (!dir.autoRemove())
        std::fprintf(stderr, "cache kept in %s\n", qPrintable(dir.path()));
    std::fprintf(stderr, "%d volumes in the model, %d shown by \"%s\"\n", rows, shown,
                 qPrintable(query));
    report.metric("populate_ms", median(populate), "ms", 200);
    report.metric("filter_ms", median(filter), "ms", 30);
    report.metric("populate_cpu_ms", median(populateCpu), "ms");
    report.metric("filter_cpu_ms", median(filterCpu), "ms");
    report.metric("read_ms", median(read), "ms");
    report.metric("model_ms", median(model), "ms");
    report.metric("filter_text_ms", median(filterText), "ms");
    report.metric("rows", rows, "rows");
    report.metric("filter_rows", shown, "rows");
    return rows >= volumes ? 0 : 1; // the disks outside any pool are rows too
}
