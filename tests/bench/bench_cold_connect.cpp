// bench_cold_connect: an empty cache and one generated 2,000-domain test-driver host (half of
// them running), opened by the real `virtumancer` binary with --connect: process start (fork)
// → every VM row shown (the bench-ready hook, app/gui/benchreadyhook.h) = cold_listed_ms. Then
// the app sits idle while it polls stats (every 3 s): idle_cpu_pct is its CPU time (utime +
// stime from /proc/PID/stat) over that window, as a percentage of one core, and rss_mib its
// VmRSS at the end. Prints one JSON object per metric (DESIGN §10).
//
//   bench_cold_connect [--domains 2000] [--reps 5] [--idle-seconds 30] [--keep]
//
// The idle window follows the last rep's ready line at once: whatever the app still does after
// showing the rows (the WAL checkpoint after its first sync, say) is counted as idle cost.
//
// The test driver runs inside the app (it holds the whole parsed node): test_driver_mib is what
// opening the same node costs this process (the driver's node plus libvirt's one-time set-up,
// after handing the parse's freed memory back), and rss_excl_test_driver_mib the app's RSS
// less that: a rough estimate of what it would hold with a remote host.

#include "benchutil.h"

#include "common/nodegenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <libvirt/libvirt.h>

#include <malloc.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

using namespace Virtumancer;
using namespace Virtumancer::Bench;
using namespace Virtumancer::Test;

namespace {

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int domains = intArg(argc, argv, "--domains", 2000);
    const int reps = intArg(argc, argv, "--reps", 5);
    const int idleSeconds = intArg(argc, argv, "--idle-seconds", 30);
    const Reporter report("cold_connect");

    QTemporaryDir work(QDir::tempPath() + QStringLiteral("/virtumancer-bench-XXXXXX"));
    if (flagArg(argc, argv, "--keep")) { // for profiling the app by hand on the same node
        work.setAutoRemove(false);
        std::fprintf(stderr, "keeping %s\n", qPrintable(work.path()));
    }
    NodeSpec spec;
    spec.domains = domains;
    spec.runningEvery = 2;
    spec.networks = 8;
    spec.volumes = 400;
    const QString node = work.filePath(QStringLiteral("node.xml"));
    if (!writeNodeXml(node, spec)) {
        std::fprintf(stderr, "cannot write node\n");
        return 1;
    }
    const QString uri = QStringLiteral("test://") + node;

    // What the in-process test driver itself costs: this process's RSS around opening the node.
    double driverMib = -1;
    {
        const ProcSample before = sampleProcess(getpid());
        if (virConnectPtr c = virConnectOpen(uri.toUtf8().constData())) {
            // What it keeps, not the peak of parsing the node (the app trims after its sync).
            malloc_trim(0);
            driverMib = sampleProcess(getpid()).rssMib - before.rssMib;
            virConnectClose(c);
        }
    }

    std::vector<double> listed;
    double idleCpuPct = -1, rssMib = -1, readyRssMib = -1;
    for (int r = 0; r < reps; ++r) {
        const QString dir = work.filePath(QStringLiteral("run-%1").arg(r));
        QDir().mkpath(dir);
        const QString log = work.filePath(QStringLiteral("gui-%1.log").arg(r));
        GuiProcess gui;
        if (!gui.start({QStringLiteral("--data-dir"), dir, QStringLiteral("--connect"), uri},
                       domains, log,
                       {"XDG_CONFIG_HOME=" + QFile::encodeName(dir), "VIRTUMANCER_NO_DEMO=1"})) {
            std::fprintf(stderr, "cannot start %s\n", qPrintable(guiExecutable()));
            return 1;
        }
        const double ms = gui.waitReady(120000);
        if (ms < 0) {
            std::fprintf(stderr, "run %d: never ready (see %s)\n", r, qPrintable(log));
            gui.stop();
            continue;
        }
        listed.push_back(ms);
        std::fprintf(stderr, "run %d: every row shown after %.0f ms\n", r, ms);
        if (r + 1 < reps || idleSeconds <= 0) {
            gui.stop();
            continue;
        }
        const ProcSample start = sampleProcess(gui.pid());
        readyRssMib = start.rssMib;
        const double t0 = nowSeconds();
        // Nothing to wait for but time itself: the app is left alone for the idle window.
        pollfd none{-1, 0, 0};
        poll(&none, 0, idleSeconds * 1000);
        const ProcSample end = sampleProcess(gui.pid());
        const double wall = nowSeconds() - t0;
        if (start.ok && end.ok) {
            idleCpuPct = 100.0 * (end.cpuSeconds - start.cpuSeconds) / wall;
            rssMib = end.rssMib;
        }
        gui.stop();
    }
    report.metric("domains", domains, "count");
    report.metric("reps", double(listed.size()), "count");
    report.metric("cold_listed_ms_min", minimum(listed), "ms");
    report.metric("cold_listed_ms", median(listed), "ms", 1500);
    if (idleSeconds > 0) {
        report.metric("idle_seconds", idleSeconds, "s");
        report.metric("ready_rss_mib", readyRssMib, "MiB");
        report.metric("idle_cpu_pct", idleCpuPct, "%", 2);
        report.metric("rss_mib", rssMib, "MiB", 80);
        report.metric("test_driver_mib", driverMib, "MiB");
        report.metric("rss_excl_test_driver_mib", rssMib - driverMib, "MiB");
    }
    return listed.empty() ? 1 : 0;
}
