// bench_startup: a cache of 10,000 VMs on 50 hosts, none of them reachable, and the real
// `virtumancer` binary started on it: process start (fork) → window shown with the model fully
// populated (the bench-ready hook, app/gui/benchreadyhook.h). Prints one JSON object per metric
// (DESIGN §10): startup_ms and peak_rss_mib (VmHWM at that moment), medians over --reps, plus an
// in-process breakdown (cache open, mirror read, model populate) on a copy of the same cache.
//
//   bench_startup [--vms 10000] [--hosts 50] [--hung 10] [--reps 7] [--keep] [--autoconnect 0|1]
//
// Hosts: --hung of them point at a local socket that accepts and never answers (their workers
// hang in the open); the rest alternate between a closed TCP port (refused at once) and a test
// driver node file that does not exist. Every one is autoconnect, as a user's would be.

#include "benchutil.h"

#include "common/nodegenerator.h"
#include "common/testutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "cache/inventorystore.h"
#include "connection/connectionmanager.h"
#include "model/domainfilterproxy.h"
#include "model/domainlistmodel.h"
#include "model/mirrorreader.h"
#include "sync/hostfetcher_p.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <libvirt/libvirt.h>

#include <cstdio>
#include <memory>

using namespace Virtumancer;
using namespace Virtumancer::Bench;
using namespace Virtumancer::Test;

namespace {

/// The inventory of a generated node, read and parsed exactly as a full sync reads it.
struct Template
{
    HostSnapshot snapshot;
};

bool readTemplate(const QString &nodePath, Template *out)
{
    virConnectPtr conn = virConnectOpen((QStringLiteral("test://") + nodePath).toUtf8().constData());
    if (!conn)
        return false;
    auto inventory = Fetch::inventory(conn, nullptr);
    if (!inventory) {
        virConnectClose(conn);
        return false;
    }
    out->snapshot = *inventory;
    virDomainPtr *doms = nullptr;
    const int n = virConnectListAllDomains(conn, &doms, 0);
    for (int i = 0; i < n; ++i) {
        if (auto d = Fetch::domain(doms[i]))
            out->snapshot.domains.append(*d);
        virDomainFree(doms[i]);
    }
    free(doms);
    virConnectClose(conn);
    return !out->snapshot.domains.isEmpty();
}

/// The template's uuid, made distinct per host (the same generated node stands in for each).
QString hostUuid(const QString &uuid, int host)
{
    return QStringLiteral("%1").arg(host, 8, 16, QLatin1Char('0')) + uuid.mid(8);
}

QString hostUri(int host, int hung, const QList<std::shared_ptr<HungListener>> &listeners)
{
    if (host < hung)
        return listeners.at(host)->uri();
    if (host % 2 == 0) // refused at once: nothing listens on port 1 of these loopback addresses
        return QStringLiteral("qemu+tcp://127.0.%1.%2:1/system").arg(host / 250).arg(host % 250 + 2);
    return QStringLiteral("test:///nonexistent/virtumancer-bench/host-%1.xml").arg(host);
}

bool fillCache(QSqlDatabase db, const Template &tpl, int hosts, int vmsPerHost, int hung,
               const QList<std::shared_ptr<HungListener>> &listeners, bool autoconnect);

/// Writes the cache: hosts, then each host's mirror through InventoryStore's snapshot writer
/// (one transaction per host, as a first full sync writes it), then tags on a third of the VMs.
bool buildCache(const QString &dataDir, const Template &tpl, int hosts, int vmsPerHost, int hung,
                const QList<std::shared_ptr<HungListener>> &listeners, bool autoconnect)
{
    if (!Database::initialize(dataDir)) {
        std::fprintf(stderr, "cannot initialize %s\n", qPrintable(dataDir));
        return false;
    }
    const bool ok = fillCache(Database::connection(dataDir), tpl, hosts, vmsPerHost, hung,
                              listeners, autoconnect);
    Database::closeThreadConnection(dataDir); // every handle above is gone
    return ok;
}

bool fillCache(QSqlDatabase db, const Template &tpl, int hosts, int vmsPerHost, int hung,
               const QList<std::shared_ptr<HungListener>> &listeners, bool autoconnect)
{
    HostRepository repo(db);
    const qint64 now = nowMs();
    for (int h = 0; h < hosts; ++h) {
        const QString id = QStringLiteral("host-%1").arg(h, 2, 10, QLatin1Char('0'));
        auto added = repo.add(id, hostUri(h, hung, listeners),
                              QStringLiteral("Rack %1 node %2").arg(h / 10).arg(h % 10),
                              autoconnect);
        if (!added) {
            std::fprintf(stderr, "add host: %s\n", qPrintable(added.error().message));
            return false;
        }
        QList<DomainInfo> domains;
        domains.reserve(vmsPerHost);
        for (int i = 0; i < vmsPerHost; ++i) {
            DomainInfo d = tpl.snapshot.domains.at(i % tpl.snapshot.domains.size());
            const QString uuid = hostUuid(d.uuid, h);
            d.domainXml.replace(d.uuid, uuid);
            d.uuid = uuid;
            if (i >= tpl.snapshot.domains.size())
                d.name += QStringLiteral(" copy %1").arg(i / tpl.snapshot.domains.size());
            if (i % 17 == 0 && d.state == DomainState::Running)
                d.state = DomainState::Paused;
            domains.append(d);
        }
        InventoryStore::Options quiet;
        quiet.auditDrift = false;
        InventoryStore::SnapshotWriter writer(db, id, quiet);
        if (auto r = writer.begin(tpl.snapshot.networks, tpl.snapshot.pools,
                                  tpl.snapshot.volumes);
            !r) {
            std::fprintf(stderr, "snapshot begin: %s\n", qPrintable(r.error().message));
            return false;
        }
        for (qsizetype i = 0; i < domains.size(); i += 100) {
            if (auto r = writer.add(domains.mid(i, 100)); !r) {
                std::fprintf(stderr, "snapshot add: %s\n", qPrintable(r.error().message));
                return false;
            }
        }
        if (auto r = writer.finish(); !r) {
            std::fprintf(stderr, "snapshot finish: %s\n", qPrintable(r.error().message));
            return false;
        }
        repo.setLastSyncAt(id, now - qint64(h) * 3600 * 1000);
    }

    // The user's tags: a few names, on roughly a third of the VMs.
    QSqlQuery q(db);
    q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    const QStringList tags{QStringLiteral("prod"), QStringLiteral("staging"),
                           QStringLiteral("db"), QStringLiteral("web"),
                           QStringLiteral("team-a"), QStringLiteral("team-b")};
    for (int t = 0; t < tags.size(); ++t) {
        q.prepare(QStringLiteral("INSERT INTO tags (id, name, created_at) VALUES (?, ?, ?)"));
        q.addBindValue(t + 1);
        q.addBindValue(tags.at(t));
        q.addBindValue(now);
        q.exec();
    }
    const bool ok = q.exec(QStringLiteral(
        "INSERT INTO vm_tags (tag_id, host_id, vm_uuid, created_at) "
        "SELECT 1 + (vm.id % 6), vm.host_id, vm.uuid, 0 FROM virtual_machines vm "
        "WHERE vm.id % 3 = 0 "
        "UNION ALL SELECT 1 + ((vm.id / 7) % 2), vm.host_id, vm.uuid, 0 "
        "FROM virtual_machines vm WHERE vm.id % 9 = 0 AND (vm.id / 7) % 2 <> vm.id % 6"));
    if (!ok)
        std::fprintf(stderr, "tags: %s\n", qPrintable(q.lastError().text()));
    q.exec(QStringLiteral("COMMIT"));
    // As a cleanly closed app leaves it: everything checkpointed into the main file.
    q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    return ok;
}

bool copyCache(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    const QString target = Database::databasePath(to);
    QFile::remove(target);
    QFile::remove(target + QStringLiteral("-wal"));
    QFile::remove(target + QStringLiteral("-shm"));
    return QFile::copy(Database::databasePath(from), target);
}

struct Breakdown
{
    double dbOpenMs = 0;
    double loadMs = 0;
    double populateMs = 0;
    double removeHostMs = 0; ///< one host's rows dropped from the populated model
};

/// The app's start-up steps, in this process, on a copy of the cache: Database::initialize,
/// MirrorReader::loadAll, and setRows into a model behind the window's sorting proxy.
Breakdown measureInProcess(const QString &dataDir)
{
    Breakdown b;
    QElapsedTimer t;
    t.start();
    if (!Database::initialize(dataDir))
        return b;
    b.dbOpenMs = t.nsecsElapsed() / 1e6;

    QList<InventoryStore::DomainRow> rows;
    QList<HostRecord> hosts;
    {
        MirrorReader reader(dataDir);
        QObject::connect(&reader, &MirrorReader::allLoaded, &reader,
                         [&](const QList<HostRecord> &h,
                             const QList<InventoryStore::DomainRow> &r) {
                             hosts = h;
                             rows = r;
                         });
        t.restart();
        reader.loadAll();
        b.loadMs = t.nsecsElapsed() / 1e6;
    }
    Database::closeThreadConnection(dataDir);

    DomainListModel model;
    DomainFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(DomainListModel::NameColumn, Qt::AscendingOrder);
    t.restart();
    // In InventoryFeed's order: the hosts' stale flags, then the rows.
    for (const HostRecord &h : std::as_const(hosts))
        model.setHostStale(h.id, true, h.lastSyncAt);
    model.setRows(rows);
    b.populateMs = t.nsecsElapsed() / 1e6;
    if (proxy.rowCount() != rows.size())
        std::fprintf(stderr, "proxy shows %d of %lld rows\n", proxy.rowCount(),
                     qlonglong(rows.size()));
    // A bulk update: a host removed from the app takes its rows along (a sync that finds many
    // VMs gone removes them the same way).
    if (!hosts.isEmpty()) {
        t.restart();
        model.removeHost(hosts.at(hosts.size() / 2).id);
        b.removeHostMs = t.nsecsElapsed() / 1e6;
    }
    return b;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int vms = intArg(argc, argv, "--vms", 10000);
    const int hosts = intArg(argc, argv, "--hosts", 50);
    const int hung = qMin(intArg(argc, argv, "--hung", 10), hosts);
    const int reps = intArg(argc, argv, "--reps", 7);
    const bool keep = flagArg(argc, argv, "--keep");
    // For a breakdown: without it, the app tries no host at start.
    const bool autoconnect = intArg(argc, argv, "--autoconnect", 1) != 0;
    const int perHost = vms / hosts;
    registerCoreMetaTypes();
    const Reporter report("startup");

    QTemporaryDir work(QDir::tempPath() + QStringLiteral("/virtumancer-bench-XXXXXX"));
    work.setAutoRemove(!keep);
    if (keep)
        std::fprintf(stderr, "keeping %s\n", qPrintable(work.path()));
    NodeSpec spec;
    spec.domains = perHost;
    spec.runningEvery = 3;
    spec.networks = 6;
    spec.volumes = qMax(40, perHost * 2);
    const QString node = work.filePath(QStringLiteral("node.xml"));
    Template tpl;
    if (!writeNodeXml(node, spec) || !readTemplate(node, &tpl)) {
        std::fprintf(stderr, "cannot read the template node\n");
        return 1;
    }
    QList<std::shared_ptr<HungListener>> listeners;
    for (int i = 0; i < hung; ++i)
        listeners.append(std::make_shared<HungListener>());

    const QString pristine = work.filePath(QStringLiteral("pristine"));
    QElapsedTimer build;
    build.start();
    if (!buildCache(pristine, tpl, hosts, perHost, hung, listeners, autoconnect))
        return 1;
    std::fprintf(stderr, "cache built in %.1f s\n", build.nsecsElapsed() / 1e9);
    report.metric("vms", perHost * hosts, "count");
    report.metric("hosts", hosts, "count");
    report.metric("db_mib", QFileInfo(Database::databasePath(pristine)).size() / 1048576.0, "MiB");

    std::vector<double> dbOpen, load, populate, removeHost, startup, rss, cpu;
    for (int r = 0; r < reps; ++r) {
        const QString inProc = work.filePath(QStringLiteral("inproc-%1").arg(r));
        if (copyCache(pristine, inProc)) {
            const Breakdown b = measureInProcess(inProc);
            dbOpen.push_back(b.dbOpenMs);
            load.push_back(b.loadMs);
            populate.push_back(b.populateMs);
            removeHost.push_back(b.removeHostMs);
        }

        const QString dir = work.filePath(QStringLiteral("run-%1").arg(r));
        if (!copyCache(pristine, dir))
            return 1;
        GuiProcess gui;
        const QString log = work.filePath(QStringLiteral("gui-%1.log").arg(r));
        // The window's saved geometry and header state live in QSettings: keep them per run.
        if (!gui.start({QStringLiteral("--data-dir"), dir}, perHost * hosts, log,
                       {"XDG_CONFIG_HOME=" + QFile::encodeName(dir)})) {
            std::fprintf(stderr, "cannot start %s\n", qPrintable(guiExecutable()));
            return 1;
        }
        const double ms = gui.waitReady(60000);
        const ProcSample s = sampleProcess(gui.pid());
        gui.stop();
        if (ms < 0) {
            std::fprintf(stderr, "run %d: never ready (see %s)\n", r, qPrintable(log));
            continue;
        }
        startup.push_back(ms);
        rss.push_back(s.hwmMib);
        cpu.push_back(s.cpuSeconds * 1000);
        std::fprintf(stderr, "run %d: %.0f ms, peak %.1f MiB\n", r, ms, s.hwmMib);
    }
    report.metric("reps", double(startup.size()), "count");
    report.metric("db_open_ms", median(dbOpen), "ms");
    report.metric("load_ms", median(load), "ms");
    report.metric("populate_ms", median(populate), "ms");
    report.metric("remove_host_ms", median(removeHost), "ms");
    // CPU time of the app until ready (all its threads): less affected by a busy machine.
    report.metric("startup_cpu_ms", median(cpu), "ms");
    report.metric("startup_ms_min", minimum(startup), "ms");
    report.metric("startup_ms", median(startup), "ms", 300);
    report.metric("peak_rss_mib", median(rss), "MiB", 150);
    return startup.empty() ? 1 : 0;
}
