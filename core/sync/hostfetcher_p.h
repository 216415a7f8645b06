#pragma once

// Internal: reads a host's inventory through libvirt into value types. Runs on the host's worker
// thread (the only thread that touches its virConnectPtr).

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
Result<PoolWithVolumes> pool(virStoragePoolPtr pool);

struct Progress
{
    int done = 0;
    int total = 0;
};

/// Node facts, networks, pools and their volumes: everything but the domains.
Result<HostSnapshot> inventory(virConnectPtr conn, const std::atomic<bool> *cancel);

/// Reads every domain (XML with flags 0, state, persistence, autostart) and hands them, parsed,
/// to sink in batches — from a parser thread, while this thread goes on making libvirt calls.
/// cancel (may be null) is polled between calls; progress (may be empty) is called after each
/// domain fetched; parseSeconds (may be null) receives the parser's busy time. Returns how many
/// domains were read.
Result<int> domains(virConnectPtr conn, const std::atomic<bool> *cancel,
                    const std::function<void(Progress)> &progress,
                    const std::function<void(QList<DomainInfo>)> &sink, double *parseSeconds);

} // namespace Virtumancer::Fetch
