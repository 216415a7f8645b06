#include "libvirt_p.h"

#include <mutex>

namespace Virtumancer::Libvirt {

Error lastError(ErrorCode code, const QString &context)
{
    Error error;
    error.code = code;
    if (virErrorPtr e = virGetLastError()) {
        error.libvirtCode = e->code;
        error.message = QString::fromUtf8(e->message ? e->message : "unknown libvirt error");
        switch (e->code) {
        case VIR_ERR_AUTH_FAILED:
        case VIR_ERR_AUTH_CANCELLED:
            if (code == ErrorCode::ConnectionFailed)
                error.code = ErrorCode::AuthFailed;
            break;
        case VIR_ERR_NO_DOMAIN:
        case VIR_ERR_NO_NETWORK:
        case VIR_ERR_NO_STORAGE_POOL:
        case VIR_ERR_NO_STORAGE_VOL:
            error.code = ErrorCode::NotFound;
            break;
        default:
            break;
        }
        virResetLastError();
    } else {
        error.message = QStringLiteral("unknown libvirt error");
    }
    if (!context.isEmpty())
        error.message = context + QStringLiteral(": ") + error.message;
    return error;
}

namespace {
void ignoreError(void *, virErrorPtr) {}
} // namespace

void silenceDefaultErrorPrinting()
{
    static std::once_flag once;
    std::call_once(once, [] { virSetErrorFunc(nullptr, ignoreError); });
}

} // namespace Virtumancer::Libvirt
