// bench_wan: a 2,000-domain test-driver node served by a real libvirtd over TCP
// (test+tcp://127.0.0.1:16509/abs/node.xml, libvirtd-env.sh) behind the tests' DelayProxy at
// 25 ms each way (50 ms round trip), and the same node without the proxy for reference.
// Metrics (DESIGN §10): wan_sync_s (first full sync: open + fetch + write, target 5 s),
// wan_resync_s (a no-change reconcile), wan_stats_s (one stats interval: the session's
// sampleStats, timed from the resync's syncFinished to the statsSampled that follows it), and
// ref_* likewise without delay. --sweep measures wan_sync_s per fetchConcurrency, to tune the
// default by measurement (1 only with --with-serial: about 100 s).
//
// Needs root (it starts libvirtd unless one runs, and stops it again if it started it). Run it
// under `flock /tmp/virtumancer-libvirtd.lock` when system tests may run at the same time.
// Options: --domains N (2000) --delay-ms N (25) --reps N (3) --resyncs N (3)
//          --concurrency N (SessionSettings default)
//          --sweep [--sweep-only] [--with-serial] [--sweep-reps N (1)]

#include "benchutil.h"

#include "common/delayproxy.h"
#include "common/nodegenerator.h"
#include "common/testutil.h"

#include "cache/database.h"
#include "cache/hostrepository.h"
#include "connection/connectionmanager.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdio>
#include <unistd.h>

using namespace Virtumancer;
using namespace Virtumancer::Test;
using namespace Virtumancer::Bench;

namespace {

constexpr int libvirtdTcpPort = 16509; // libvirtd-env.sh
constexpr int waitMs = 15 * 60 * 1000;

QString runEnv(const QString &verb, int *exitCode = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QStringLiteral("bash"),
            {QStringLiteral(VIRTUMANCER_SYSTEM_DIR "/libvirtd-env.sh"), verb});
    p.waitForFinished(60000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

/// One session's life on a fresh cache: first sync, then `resyncs` no-change reconciles,
/// each followed by the stats sample the session takes right after a sync.
struct SessionRun
{
    bool ok = false;
    QString error;
    double syncS = 0;
    SyncReport first;
    std::vector<double> resyncS;
    std::vector<double> statsS;
    qint64 resyncRowsWritten = 0;
};

SessionRun runSession(const QString &uri, int concurrency, int resyncs)
{
    SessionRun run;
    TempDataDir data;
    if (!Database::initialize(data.path())) {
        run.error = QStringLiteral("cannot initialise the cache");
        return run;
    }
    auto host = HostRepository(Database::connection(data.path()))
                    .add(QStringLiteral("bench"), uri, {}, true);
    if (!host) {
        run.error = host.error().message;
        return run;
    }
    SessionSettings settings;
    // Stats only when a sync asks for them (the timer never fires during the run).
    settings.statsIntervalMs = 60 * 60 * 1000;
    settings.fetchConcurrency = concurrency;
    {
        ConnectionManager manager(data.path(), settings);
        manager.addHost(*host);
        QElapsedTimer clock;
        clock.start();
        std::vector<qint64> syncAt;
        std::vector<SyncReport> reports;
        std::vector<qint64> statsAt;
        QObject::connect(&manager, &ConnectionManager::syncFinished, &manager,
                         [&](const QString &, const SyncReport &r, const Error &e) {
                             if (e.code != ErrorCode::None && run.error.isEmpty())
                                 run.error = e.message;
                             syncAt.push_back(clock.nsecsElapsed());
                             reports.push_back(r);
                         });
        QObject::connect(&manager, &ConnectionManager::statsSampled, &manager,
                         [&](const QString &) { statsAt.push_back(clock.nsecsElapsed()); });

        const qint64 start = clock.nsecsElapsed();
        // Explicit (empty) credentials: the bench measures the sync, not a keyring lookup.
        manager.connectHost(QStringLiteral("bench"), Credentials{}, false);
        waitUntil([&] { return !syncAt.empty() && !statsAt.empty(); }, waitMs);
        if (syncAt.empty() || !run.error.isEmpty()) {
            if (run.error.isEmpty())
                run.error = QStringLiteral("no first sync");
            manager.shutdown();
            return run;
        }
        run.syncS = (syncAt[0] - start) / 1e9;
        run.first = reports[0];
        for (int r = 0; r < resyncs; ++r) {
            const size_t syncs = syncAt.size();
            const size_t samples = statsAt.size();
            const qint64 t = clock.nsecsElapsed();
            manager.syncHost(QStringLiteral("bench"));
            waitUntil([&] { return syncAt.size() > syncs && statsAt.size() > samples; }, waitMs);
            if (syncAt.size() <= syncs || statsAt.size() <= samples || !run.error.isEmpty()) {
                if (run.error.isEmpty())
                    run.error = QStringLiteral("no resync");
                manager.shutdown();
                return run;
            }
            run.resyncS.push_back((syncAt[syncs] - t) / 1e9);
            run.statsS.push_back((statsAt[samples] - syncAt[syncs]) / 1e9);
            run.resyncRowsWritten = std::max(run.resyncRowsWritten, reports[syncs].rowsWritten);
        }
        manager.shutdown();
    }
    Database::closeThreadConnection(data.path());
    run.ok = true;
    return run;
}

/// Raw libvirt over the link: the median round trip of a trivial call, and one bulk stats call
/// (what a stats interval cannot go below).
struct RawProbe
{
    double rttMs = -1;
    double statsCallS = -1;
    int statsRecords = -1;
};

RawProbe probe(const QString &uri)
{
    RawProbe p;
    virConnectPtr conn = virConnectOpen(uri.toUtf8().constData());
    if (!conn) {
        std::fprintf(stderr, "probe: %s\n", virGetLastErrorMessage());
        return p;
    }
    std::vector<double> rtts;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        unsigned long version = 0;
        virConnectGetLibVersion(conn, &version);
        rtts.push_back(t.nsecsElapsed() / 1e6);
    }
    p.rttMs = median(rtts);
    std::vector<double> calls;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        virDomainStatsRecordPtr *records = nullptr;
        const int n = virConnectGetAllDomainStats(
            conn,
            VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON
                | VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_BLOCK | VIR_DOMAIN_STATS_INTERFACE,
            &records, VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING);
        calls.push_back(t.nsecsElapsed() / 1e9);
        p.statsRecords = n;
        if (n >= 0)
            virDomainStatsRecordListFree(records);
    }
    p.statsCallS = median(calls);
    virConnectClose(conn);
    return p;
}

struct Summary
{
    std::vector<double> sync, resync, stats, fetch, write, inFlight;
    qint64 resyncRows = 0;
    int domains = 0;
    int failures = 0;

    void add(const SessionRun &run)
    {
        if (!run.ok) {
            ++failures;
            std::fprintf(stderr, "run failed: %s\n", qPrintable(run.error));
            return;
        }
        sync.push_back(run.syncS);
        fetch.push_back(run.first.fetchSeconds);
        write.push_back(run.first.writeSeconds);
        inFlight.push_back(run.first.maxInFlight);
        resync.push_back(median(run.resyncS));
        stats.push_back(median(run.statsS));
        resyncRows = std::max(resyncRows, run.resyncRowsWritten);
        domains = run.first.domains;
    }
};

void report(const Reporter &out, const char *prefix, const Summary &s, const RawProbe &raw,
            bool targets)
{
    auto name = [&](const char *metric) -> QByteArray {
        return QByteArray(prefix) + '_' + metric;
    };
    out.metric(name("sync_s").constData(), median(s.sync), "s", targets ? 5 : -1);
    out.metric(name("resync_s").constData(), median(s.resync), "s");
    out.metric(name("stats_s").constData(), median(s.stats), "s");
    out.metric(name("fetch_s").constData(), median(s.fetch), "s");
    out.metric(name("db_write_s").constData(), median(s.write), "s");
    out.metric(name("max_in_flight").constData(), median(s.inFlight), "calls");
    out.metric(name("resync_rows_written").constData(), double(s.resyncRows), "rows", 0);
    out.metric(name("domains_synced").constData(), s.domains, "count");
    out.metric(name("rtt_ms").constData(), raw.rttMs, "ms");
    out.metric(name("stats_call_s").constData(), raw.statsCallS, "s");
    out.metric(name("stats_records").constData(), raw.statsRecords, "count");
    if (s.failures > 0)
        out.metric(name("failed_runs").constData(), s.failures, "count", 0);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (geteuid() != 0) {
        std::fprintf(stderr, "bench_wan: needs root (it starts libvirtd); skipped\n");
        return 0;
    }
    const int domains = intArg(argc, argv, "--domains", 2000);
    const int delayMs = intArg(argc, argv, "--delay-ms", 25);
    const int reps = std::max(1, intArg(argc, argv, "--reps", 3));
    const int resyncs = std::max(1, intArg(argc, argv, "--resyncs", 3));
    const int concurrency = intArg(argc, argv, "--concurrency", SessionSettings{}.fetchConcurrency);
    const bool sweepOnly = flagArg(argc, argv, "--sweep-only");
    const bool sweep = sweepOnly || flagArg(argc, argv, "--sweep");
    const bool withSerial = flagArg(argc, argv, "--with-serial");
    const int sweepReps = std::max(1, intArg(argc, argv, "--sweep-reps", 1));
    registerCoreMetaTypes();

    const bool wasRunning = runEnv(QStringLiteral("status")) == QLatin1String("running");
    int rc = 0;
    runEnv(QStringLiteral("start"), &rc);
    if (rc != 0) {
        std::fprintf(stderr, "bench_wan: libvirtd did not start\n");
        return 1;
    }

    TempDataDir nodeDir;
    NodeSpec spec;
    spec.domains = domains;
    spec.networks = 8;
    spec.volumes = 400;
    const QString node = nodeDir.filePath(QStringLiteral("node.xml"));
    if (!writeNodeXml(node, spec)) {
        std::fprintf(stderr, "bench_wan: cannot write the node\n");
        return 1;
    }
    DelayProxy proxy(QStringLiteral("127.0.0.1"), libvirtdTcpPort,
                     std::chrono::milliseconds(delayMs));
    if (!proxy.start()) {
        std::fprintf(stderr, "bench_wan: proxy: %s\n", qPrintable(proxy.errorString()));
        return 1;
    }
    const QString wanUri = QStringLiteral("test+tcp://127.0.0.1:%1%2").arg(proxy.port()).arg(node);
    const QString refUri = QStringLiteral("test+tcp://127.0.0.1:%1%2").arg(libvirtdTcpPort).arg(node);

    const Reporter out("wan");
    out.metric("domains", domains, "count");
    out.metric("one_way_delay_ms", delayMs, "ms");
    out.metric("fetch_concurrency", concurrency, "calls");

    // Warm-up (the daemon's first test-driver open, page cache), then the two links
    // interleaved so machine noise hits both alike.
    runSession(refUri, concurrency, 1);
    if (!sweepOnly) {
        Summary wan, ref;
        for (int r = 0; r < reps; ++r) {
            wan.add(runSession(wanUri, concurrency, resyncs));
            ref.add(runSession(refUri, concurrency, resyncs));
        }
        report(out, "wan", wan, probe(wanUri), true);
        report(out, "ref", ref, probe(refUri), false);
    }

    if (sweep) {
        std::vector<int> levels{4, 8, 16, 32, 64, 128};
        if (withSerial)
            levels.insert(levels.begin(), 1);
        std::fprintf(stderr, "\nfetchConcurrency  wan_sync_s  ref_sync_s  max_in_flight\n");
        for (int level : levels) {
            Summary s, r0;
            // One call at a time takes about 100 s: measured once.
            for (int r = 0; r < (level == 1 ? 1 : sweepReps); ++r) {
                s.add(runSession(wanUri, level, 0));
                r0.add(runSession(refUri, level, 0)); // no slower without delay
            }
            const QByteArray prefix = QByteArray("sweep_c") + QByteArray::number(level);
            out.metric(QByteArray(prefix + "_wan_sync_s").constData(), median(s.sync), "s");
            out.metric(QByteArray(prefix + "_ref_sync_s").constData(), median(r0.sync), "s");
            out.metric(QByteArray(prefix + "_max_in_flight").constData(), median(s.inFlight),
                       "calls");
            std::fprintf(stderr, "%16d  %10.2f  %10.2f  %13.0f\n", level, median(s.sync),
                         median(r0.sync), median(s.inFlight));
        }
    }

    proxy.stop();
    if (!wasRunning)
        runEnv(QStringLiteral("stop"));
    return 0;
}
