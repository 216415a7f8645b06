#pragma once

#include <QMetaType>
#include <QString>

#include <expected>

namespace Virtumancer {

/// What kind of failure an operation had. Callers branch on this, never on message text.
enum class ErrorCode {
    None,
    InvalidArgument, ///< bad input from the user (query syntax, unknown VM, ...)
    NotFound,
    Ambiguous,           ///< a name matched more than one object
    ParseError,          ///< malformed XML or other input we could not read
    Libvirt,             ///< libvirt reported an error; libvirtCode holds its VIR_ERR_*
    ConnectionFailed,    ///< could not reach or open the host
    CredentialsRequired, ///< libvirt asked for a credential we do not hold
    AuthFailed,          ///< credentials were given and refused
    NotConnected,
    Cache,       ///< SQLite / data-dir problem
    CacheNewer,  ///< the DB was written by a newer Virtumancer
    CacheCorrupt,
    Keyring,
    Cancelled,
    Timeout,
    NotRunning, ///< the VM is not running (a console, a live-only operation)
    HostKeyUnknown, ///< SSH: the host's key is not known and was not accepted
    HostKeyChanged, ///< SSH: the host's key differs from the one on record: refused
};

struct Error
{
    ErrorCode code = ErrorCode::None;
    int libvirtCode = 0; ///< VIR_ERR_* when code == Libvirt (or a libvirt-backed failure)
    QString message;

    friend bool operator==(const Error &, const Error &) = default;
};

template<typename T = void>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> makeError(ErrorCode code, QString message, int libvirtCode = 0)
{
    return std::unexpected(Error{code, libvirtCode, std::move(message)});
}

QString errorCodeName(ErrorCode code);

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::Error)
