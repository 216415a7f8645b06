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

/// The whole inventory. cancel (may be null) is polled between calls; progress (may be empty)
/// is called after each domain; parseSeconds (may be null) receives the time spent parsing XML.
Result<HostSnapshot> all(virConnectPtr conn, const std::atomic<bool> *cancel,
                         const std::function<void(Progress)> &progress,
                         double *parseSeconds = nullptr);

} // namespace Virtumancer::Fetch
