#pragma once

// Internal: performs a DomainAction with libvirt on the host's worker thread.

#include "actions/domainaction.h"
#include "connection/libvirt_p.h"
#include "model/error.h"

namespace Virtumancer::Actions {

/// Runs action on the domain with this uuid. Refuses to delete a running domain (force it off
/// first) with InvalidArgument.
Result<> perform(virConnectPtr conn, const QString &uuid, DomainAction action);

} // namespace Virtumancer::Actions
