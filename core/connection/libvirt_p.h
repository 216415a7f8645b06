#pragma once

// Internal: libvirt RAII handles and error mapping. Included only by .cpp files of
// core/connection, core/sync and core/actions (STYLE.md: no libvirt headers elsewhere).

#include "connection/credentials.h"
#include "model/error.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <memory>

namespace Virtumancer::Libvirt {

struct DomainFree
{
    void operator()(virDomainPtr p) const { virDomainFree(p); }
};
struct NetworkFree
{
    void operator()(virNetworkPtr p) const { virNetworkFree(p); }
};
struct PoolFree
{
    void operator()(virStoragePoolPtr p) const { virStoragePoolFree(p); }
};
struct VolumeFree
{
    void operator()(virStorageVolPtr p) const { virStorageVolFree(p); }
};
struct CharFree
{
    void operator()(char *p) const { free(p); }
};

using DomainHandle = std::unique_ptr<virDomain, DomainFree>;
using NetworkHandle = std::unique_ptr<virNetwork, NetworkFree>;
using PoolHandle = std::unique_ptr<virStoragePool, PoolFree>;
using VolumeHandle = std::unique_ptr<virStorageVol, VolumeFree>;
using CString = std::unique_ptr<char, CharFree>;

/// Takes ownership of a libvirt-allocated array of objects (virConnectListAll* results).
template<typename Handle, typename Raw> std::vector<Handle> adoptArray(Raw *array, int count)
{
    std::vector<Handle> result;
    if (count > 0) {
        result.reserve(count);
        for (int i = 0; i < count; ++i)
            result.emplace_back(array[i]);
    }
    free(array);
    return result;
}

/// The domain's uuid in the canonical lower-case form the cache keys on (empty on failure).
QString domainUuid(virDomainPtr dom);

/// This thread's last libvirt error as an Error (call right after the failing call, on the
/// same thread: libvirt keeps it per thread). Resets it.
Error lastError(ErrorCode code = ErrorCode::Libvirt, const QString &context = {});

/// virConnectOpenAuth answering only from credentials (never waiting for a user). On failure
/// missing (may be null) lists what libvirt asked for that credentials lacked; the error is
/// this thread's lastError().
virConnectPtr openAuth(const QString &uri, const Credentials &credentials,
                       QList<CredentialPrompt> *missing);

/// Installs a silent global error handler (libvirt prints every error to stderr by default);
/// errors are reported through lastError() instead. Idempotent.
void silenceDefaultErrorPrinting();

} // namespace Virtumancer::Libvirt
