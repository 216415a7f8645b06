#include "domainactions_p.h"

#include <array>

namespace Virtumancer {

namespace {
constexpr std::array<std::pair<DomainAction, const char *>, 8> actionNames{{
    {DomainAction::Start, "start"},
    {DomainAction::Shutdown, "shutdown"},
    {DomainAction::Reboot, "reboot"},
    {DomainAction::Reset, "reset"},
    {DomainAction::Destroy, "destroy"},
    {DomainAction::Suspend, "suspend"},
    {DomainAction::Resume, "resume"},
    {DomainAction::Delete, "delete"},
}};
} // namespace

QString domainActionName(DomainAction action)
{
    for (const auto &[a, name] : actionNames) {
        if (a == action)
            return QString::fromLatin1(name);
    }
    return {};
}

bool domainActionFromName(const QString &name, DomainAction *action)
{
    for (const auto &[a, n] : actionNames) {
        if (name == QLatin1String(n)) {
            *action = a;
            return true;
        }
    }
    return false;
}

namespace Actions {

using namespace Libvirt;

Result<> perform(virConnectPtr conn, const QString &uuid, DomainAction action)
{
    DomainHandle dom(virDomainLookupByUUIDString(conn, uuid.toLatin1().constData()));
    if (!dom)
        return std::unexpected(lastError(ErrorCode::Libvirt, QStringLiteral("looking up domain")));
    int rc = 0;
    switch (action) {
    case DomainAction::Start:
        rc = virDomainCreate(dom.get());
        break;
    case DomainAction::Shutdown:
        rc = virDomainShutdown(dom.get());
        break;
    case DomainAction::Reboot:
        rc = virDomainReboot(dom.get(), 0);
        break;
    case DomainAction::Reset:
        rc = virDomainReset(dom.get(), 0);
        break;
    case DomainAction::Destroy:
        rc = virDomainDestroy(dom.get());
        break;
    case DomainAction::Suspend:
        rc = virDomainSuspend(dom.get());
        break;
    case DomainAction::Resume:
        rc = virDomainResume(dom.get());
        break;
    case DomainAction::Delete: {
        const int active = virDomainIsActive(dom.get());
        if (active == 1)
            return makeError(
                ErrorCode::InvalidArgument,
                QStringLiteral("the domain is running; force it off before deleting it"));
        // Storage stays: deleting disks is a separate, explicit operation.
        rc = virDomainUndefineFlags(
            dom.get(), VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
                           | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM);
        if (rc < 0) {
            // Drivers without the flags (the test driver) take the plain call.
            virResetLastError();
            rc = virDomainUndefine(dom.get());
        }
        break;
    }
    }
    if (rc < 0)
        return std::unexpected(lastError());
    return {};
}

} // namespace Actions
} // namespace Virtumancer
