#pragma once

// Internal: performs InventoryRequests (storage pools, virtual networks, volumes) with libvirt
// on the host's worker thread.

#include "actions/inventoryaction.h"
#include "connection/libvirt_p.h"
#include "model/error.h"

namespace Virtumancer::Actions {

/// The name libvirt gives the pool or network with this uuid (NotFound when it has none).
Result<QString> inventoryObjectName(virConnectPtr conn, InventoryRequest::Kind kind,
                                    const QString &uuid);

/// The uuid of the pool holding the volume at path.
Result<QString> volumePoolUuid(virConnectPtr conn, const QString &path);

/// How many ports (guest NICs) libvirt counts on the network, or -1 when the driver cannot
/// say (virNetworkListAllPorts needs the network driver; the test driver lacks it).
int networkPortCount(virConnectPtr conn, const QString &uuid);

/// Runs request and returns the uuid of the object it touched (the new one for Create; for a
/// volume its path). Resize refuses to shrink.
/// Create is define + (pools) build + start, and undoes the definition when a later step
/// fails, so a failed create leaves no half-made object behind. Delete stops an active object,
/// then undefines it. Does not check usage (the caller does, against the mirror).
Result<QString> perform(virConnectPtr conn, const InventoryRequest &request);

} // namespace Virtumancer::Actions
