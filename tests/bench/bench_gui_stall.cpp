// bench_gui_stall: the desktop app's main window (built in this process, offscreen, wired as
// app/gui/main.cpp wires it) with two hosts: one hung (a local socket that accepts and never
// answers, behind qemu+tcp://) and one busy test:///default host whose domains this bench
// suspends, resumes, destroys and starts through its own connection (test:///default is shared
// within a process, so the app's connection receives every event). A 1 ms timer on the GUI
// thread records the longest gap between its ticks: max_stall_ms while the events stream in
// (the contract metric), and connect_max_stall_ms while the busy host's first sync fills the
// view. Prints one JSON object per metric (DESIGN §10).
//
//   bench_gui_stall [--domains 1000] [--seconds 10] [--rate 200] [--unreachable 0]
//
// --unreachable N adds N hosts whose connections are refused at once: they fail, and retry
// with backoff, all through the run (host list and status bar updates on the GUI thread).

#include "benchutil.h"

#include "common/testutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "connection/connectionmanager.h"
#include "connection/eventloop.h"
#include "mainwindow/mainwindow.h"
#include "model/domainfilterproxy.h"
#include "model/domainlistmodel.h"
#include "model/hostlistmodel.h"
#include "model/inventoryfeed.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <libvirt/libvirt.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace Virtumancer;
using namespace Virtumancer::Bench;
using namespace Virtumancer::Test;

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("virtumancer-bench"));
    const int domains = intArg(argc, argv, "--domains", 1000);
    const int seconds = intArg(argc, argv, "--seconds", 10);
    const int rate = qMax(1, intArg(argc, argv, "--rate", 200));
    const int unreachable = intArg(argc, argv, "--unreachable", 0);
    const Reporter report("gui_stall");
    registerCoreMetaTypes();
    LibvirtEventLoop::ensureStarted();

    // The busy host's domains, defined through the bench's own connection, every other one
    // running. The connection stays open: test:///default lives while a connection to it does.
    virConnectPtr own = virConnectOpen("test:///default");
    if (!own) {
        std::fprintf(stderr, "cannot open test:///default\n");
        return 1;
    }
    std::vector<virDomainPtr> doms;
    for (int i = 0; i < domains; ++i) {
        virDomainPtr d = virDomainDefineXML(own, testDomainXml(i).constData());
        if (!d)
            continue;
        if (i % 2 == 0)
            virDomainCreate(d);
        doms.push_back(d);
    }

    TempDataDir data;
    if (!Database::initialize(data.path()))
        return 1;
    HungListener hung;
    {
        HostRepository repo(Database::connection(data.path()));
        repo.add(QStringLiteral("hung"), hung.uri(), QStringLiteral("Hung host"), true);
        repo.add(QStringLiteral("busy"), QStringLiteral("test:///default"),
                 QStringLiteral("Busy host"), true);
        // Nothing listens on port 1 of these loopback addresses: refused at once.
        for (int i = 0; i < unreachable; ++i)
            repo.add(QStringLiteral("down-%1").arg(i),
                     QStringLiteral("qemu+tcp://127.0.%1.%2:1/system").arg(i / 250).arg(i % 250 + 2),
                     QStringLiteral("Down host %1").arg(i), true);
    }
    // As app/gui/main.cpp sets the window up.
    ConnectionManager manager(data.path());
    if (!manager.loadHosts())
        return 1;
    DomainListModel vms;
    HostListModel hostList;
    InventoryFeed feed(data.path(), &manager, &vms, &hostList);
    MainWindow window(&manager, &vms, &hostList);
    window.show();
    QObject::connect(&feed, &InventoryFeed::loaded, &manager,
                     [&manager] { manager.connectAutoconnectHosts(); });
    bool synced = false;
    QObject::connect(&manager, &ConnectionManager::syncFinished, &manager,
                     [&synced](const QString &host, const SyncReport &, const Error &) {
                         synced |= host == QLatin1String("busy");
                     });
    int applied = 0;
    QObject::connect(&feed, &InventoryFeed::applied, &feed, [&applied] { ++applied; });

    StallMeter meter;
    meter.restart();
    feed.start();
    const int expectedRows = int(doms.size()) + 1; // and the driver's own "test" domain
    if (!waitUntil([&] { return synced && window.vmProxy()->rowCount() >= expectedRows; },
                   120000)) {
        std::fprintf(stderr, "the busy host's rows never all showed (%d of %d)\n",
                     window.vmProxy()->rowCount(), expectedRows);
        return 1;
    }
    const double connectStall = meter.maxMs();

    // The event phase: a paced stream of lifecycle changes from another thread.
    std::atomic<bool> done{false};
    std::atomic<int> ops{0};
    meter.restart();
    std::thread generator([&] {
        using clock = std::chrono::steady_clock;
        const auto period = std::chrono::microseconds(1000000 / rate);
        const auto end = clock::now() + std::chrono::seconds(seconds);
        auto next = clock::now();
        for (size_t k = 0; clock::now() < end; ++k) {
            virDomainPtr d = doms[(k * 7) % doms.size()];
            int state = 0, reason = 0;
            virDomainGetState(d, &state, &reason, 0);
            if (state == VIR_DOMAIN_RUNNING)
                (k % 4 == 3) ? virDomainDestroy(d) : virDomainSuspend(d);
            else if (state == VIR_DOMAIN_PAUSED)
                virDomainResume(d);
            else
                virDomainCreate(d);
            ++ops;
            next += period;
            // Pacing a load generator, not synchronising with the app.
            std::this_thread::sleep_until(next);
        }
        done = true;
    });
    waitUntil([&] { return done.load(); }, (seconds + 30) * 1000);
    generator.join();
    const double eventStall = meter.maxMs();
    const std::vector<double> gaps = meter.gaps();

    report.metric("domains", double(doms.size()), "count");
    report.metric("ops", ops.load(), "count");
    report.metric("batches_applied", applied, "count");
    report.metric("connect_max_stall_ms", connectStall, "ms");
    report.metric("p99_tick_gap_ms", quantile(gaps, 0.99), "ms");
    report.metric("max_stall_ms", eventStall, "ms", 50);

    manager.shutdown();
    for (virDomainPtr d : doms)
        virDomainFree(d);
    virConnectClose(own);
    return 0;
}
