#pragma once

#include "cache/database.h"
#include "model/error.h"

#include <QSqlDatabase>

namespace Virtumancer::DemoHost {

/// Host id of the embedded demo host.
inline QString id()
{
    return QStringLiteral("demo");
}

/// The demo node XML: $VIRTUMANCER_DEMO_NODE, else the installed copy next to the executable
/// (../share/virtumancer/demo/demo-node.xml), else the configured install prefix, else the
/// source tree (for runs from the build tree). Empty when none exists.
QString nodePath();

/// test:///ABS/PATH — the libvirt test driver serves the node in-process, no daemon needed.
QString uri();

/// On first use (a data dir whose DB was just created) adds the demo host, unless
/// $VIRTUMANCER_NO_DEMO is set. Returns whether it was added.
Result<bool> addOnFirstUse(QSqlDatabase db, const Database::OpenReport &report);

} // namespace Virtumancer::DemoHost
