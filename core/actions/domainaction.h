#pragma once

#include <QMetaType>
#include <QString>

namespace Virtumancer {

/// Lifecycle operations on one domain, run as jobs on the host's worker.
enum class DomainAction { Start, Shutdown, Reboot, Reset, Destroy, Suspend, Resume, Delete };

/// The CLI verb and audit action suffix: start, shutdown, reboot, reset, destroy, suspend,
/// resume, delete.
QString domainActionName(DomainAction action);
bool domainActionFromName(const QString &name, DomainAction *action);

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::DomainAction)
