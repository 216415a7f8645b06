#pragma once

// Internal: reads a host's inventory through libvirt into value types. Runs on the host's worker
// thread, which owns its virConnectPtr; the fan-outs below lend that connection to up to
// `concurrency` short-lived threads of their own while they run (libvirt connections are
// thread-safe, and the remote client multiplexes their calls), joined before they return.

#include "connection/libvirt_p.h"
#include "model/error.h"
#include "model/types.h"

#include <atomic>
#include <functional>

namespace Virtumancer::Fetch {

Result<NodeInfo> node(virConnectPtr conn);

/// One domain: XML (flags 0, so no secrets) parsed, plus state, persistence and autostart.
Result<DomainInfo> domain(virDomainPtr dom);

Result<NetworkInfo> network(virNetworkPtr net);

struct PoolWithVolumes
{
    PoolInfo pool;
    QList<VolumeInfo> volumes;
};
/// concurrency > 1 reads the volumes' XML that many at a time.
Result<PoolWithVolumes> pool(virStoragePoolPtr pool, int concurrency = 1);

struct Progress
{
    int done = 0;
    int total = 0;
};

/// How many libvirt calls a full sync of uri keeps in flight: `remote` for hosts reached
/// through a transport (qemu:///system's unix socket included), `inProcess` for drivers that run
/// inside this process (test:/// without a transport), where each call is CPU work under the
/// driver's own locks rather than a round trip. Never less than 1.
int effectiveConcurrency(const QString &uri, int remote, int inProcess);

/// Node facts, networks, pools and their volumes: everything but the domains. Networks, pools
/// and the volumes of all pools (one flat list) are each read `concurrency` calls at a time;
/// maxInFlight (may be null) receives the most calls that were in flight at once.
Result<HostSnapshot> inventory(virConnectPtr conn, const std::atomic<bool> *cancel,
                               int concurrency = 1, int *maxInFlight = nullptr);

/// Reads every domain (XML with flags 0, state, persistence, autostart) and hands them, parsed,
/// to sink in batches — from a parser thread, while up to `concurrency` threads make the
/// libvirt calls (in no particular order). cancel (may be null) is polled between calls;
/// progress (may be empty) is called on this thread only, about every 100 ms and once at the
/// end; parseSeconds (may be null) receives the parser's busy time and maxInFlight (may be
/// null) the most XML fetches in flight at once. Returns how many domains were read.
Result<int> domains(virConnectPtr conn, const std::atomic<bool> *cancel,
                    const std::function<void(Progress)> &progress,
                    const std::function<void(QList<DomainInfo>)> &sink, double *parseSeconds,
                    int concurrency = 1, int *maxInFlight = nullptr);

} // namespace Virtumancer::Fetch
