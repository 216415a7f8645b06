// bench_event_latency: a libvirt event → the row changed in the proxy model the VM view shows.
// In this process: ConnectionManager + InventoryFeed + DomainListModel + DomainFilterProxy (as
// the desktop app wires them) on test:///default; the bench suspends and resumes its domains
// through its own connection to the same (per-process) test:///default, one change at a time,
// and times from the libvirt call returning to the proxy's dataChanged carrying the new state.
// Prints one JSON object per metric (DESIGN §10): p50_ms, p99_ms.
//
//   bench_event_latency [--domains 100] [--changes 200]

#include "benchutil.h"

#include "common/testutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "connection/connectionmanager.h"
#include "connection/eventloop.h"
#include "model/domainfilterproxy.h"
#include "model/domainlistmodel.h"
#include "model/inventoryfeed.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <libvirt/libvirt.h>

#include <cstdio>

using namespace Virtumancer;
using namespace Virtumancer::Bench;
using namespace Virtumancer::Test;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int domains = intArg(argc, argv, "--domains", 100);
    const int changes = intArg(argc, argv, "--changes", 200);
    const Reporter report("event_latency");
    registerCoreMetaTypes();
    LibvirtEventLoop::ensureStarted();

    // Kept open to the end: test:///default lives while a connection to it does.
    virConnectPtr own = virConnectOpen("test:///default");
    if (!own)
        return 1;
    std::vector<virDomainPtr> doms;
    QStringList uuids;
    for (int i = 0; i < domains; ++i) {
        virDomainPtr d = virDomainDefineXML(own, testDomainXml(i).constData());
        if (!d || virDomainCreate(d) < 0)
            continue;
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(d, uuid);
        doms.push_back(d);
        uuids.append(QString::fromLatin1(uuid));
    }

    TempDataDir data;
    if (!Database::initialize(data.path()))
        return 1;
    HostRepository(Database::connection(data.path()))
        .add(QStringLiteral("busy"), QStringLiteral("test:///default"), {}, true);
    ConnectionManager manager(data.path());
    if (!manager.loadHosts())
        return 1;
    DomainListModel model;
    InventoryFeed feed(data.path(), &manager, &model);
    DomainFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(DomainListModel::NameColumn, Qt::AscendingOrder);
    QObject::connect(&feed, &InventoryFeed::loaded, &manager,
                     [&manager] { manager.connectAutoconnectHosts(); });
    bool synced = false;
    QObject::connect(&manager, &ConnectionManager::syncFinished, &manager,
                     [&synced](const QString &, const SyncReport &, const Error &) {
                         synced = true;
                     });
    feed.start();
    if (!waitUntil([&] { return synced && proxy.rowCount() >= int(doms.size()); }, 60000)) {
        std::fprintf(stderr, "the host's rows never showed\n");
        return 1;
    }

    // What the proxy must show next, and when the change was made.
    QString targetUuid;
    DomainState targetState = DomainState::NoState;
    QElapsedTimer clock;
    clock.start();
    qint64 madeNs = 0;
    double seenMs = -1;
    const auto check = [&](int first, int last) {
        if (seenMs >= 0 || targetUuid.isEmpty())
            return;
        for (int r = first; r <= last; ++r) {
            const QModelIndex i = proxy.index(r, 0);
            if (i.data(DomainListModel::UuidRole).toString() == targetUuid
                && DomainState(i.data(DomainListModel::StateRole).toInt()) == targetState) {
                seenMs = (clock.nsecsElapsed() - madeNs) / 1e6;
                return;
            }
        }
    };
    QObject::connect(&proxy, &QAbstractItemModel::dataChanged, &proxy,
                     [&](const QModelIndex &tl, const QModelIndex &br) {
                         check(tl.row(), br.row());
                     });
    QObject::connect(&proxy, &QAbstractItemModel::rowsInserted, &proxy,
                     [&](const QModelIndex &, int first, int last) { check(first, last); });

    std::vector<double> latencies;
    int missed = 0;
    for (int k = 0; k < changes; ++k) {
        const size_t i = size_t(k) % doms.size();
        // First pass suspends every domain, the second resumes them, and so on.
        const bool suspend = (k / int(doms.size())) % 2 == 0;
        targetUuid = uuids.at(qsizetype(i));
        targetState = suspend ? DomainState::Paused : DomainState::Running;
        seenMs = -1;
        const int rc = suspend ? virDomainSuspend(doms[i]) : virDomainResume(doms[i]);
        madeNs = clock.nsecsElapsed();
        if (rc < 0) {
            ++missed;
            continue;
        }
        if (!waitUntil([&] { return seenMs >= 0; }, 5000)) {
            ++missed;
            continue;
        }
        latencies.push_back(seenMs);
    }
    report.metric("changes", double(latencies.size()), "count");
    report.metric("missed", missed, "count", 0);
    report.metric("p50_ms", quantile(latencies, 0.50), "ms");
    report.metric("p99_ms", quantile(latencies, 0.99), "ms", 50);
    report.metric("max_ms", quantile(latencies, 1.0), "ms");

    manager.shutdown();
    for (virDomainPtr d : doms)
        virDomainFree(d);
    virConnectClose(own);
    return 0;
}
