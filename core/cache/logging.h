#pragma once

#include <QLoggingCategory>

namespace Virtumancer {

/// virtumancer.core.cache: opening, migrations, backups, recovery and per-thread connections.
Q_DECLARE_LOGGING_CATEGORY(lcCache)

} // namespace Virtumancer
