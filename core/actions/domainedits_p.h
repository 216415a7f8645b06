#pragma once

// Internal: performs DomainEditRequests (settings and devices of one VM) with libvirt on the
// host's worker thread.

#include "actions/domainedit.h"
#include "connection/libvirt_p.h"
#include "model/error.h"

namespace Virtumancer::Actions {

/// Runs request against the VM's current definition (read from libvirt first: targets in use,
/// limits, what is a cdrom). Validation failures are InvalidArgument and change nothing. A
/// Set of several settings that fails part-way restores the settings it had already changed
/// (in the config; best effort) before it reports the failure.
Result<DomainEditResult> perform(virConnectPtr conn, const DomainEditRequest &request);

} // namespace Virtumancer::Actions
