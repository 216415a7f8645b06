#include "types.h"
#include "error.h"

#include <array>

namespace Virtumancer {

namespace {
constexpr std::array<const char *, 8> stateWords = {"nostate",  "running", "blocked",
                                                    "paused",   "shutdown", "shutoff",
                                                    "crashed",  "pmsuspended"};
}

QString domainStateName(DomainState state)
{
    const auto i = static_cast<size_t>(state);
    return i < stateWords.size() ? QString::fromLatin1(stateWords[i]) : QStringLiteral("nostate");
}

bool domainStateFromName(const QString &word, DomainState *state)
{
    for (size_t i = 0; i < stateWords.size(); ++i) {
        if (word.compare(QLatin1String(stateWords[i]), Qt::CaseInsensitive) == 0) {
            *state = static_cast<DomainState>(i);
            return true;
        }
    }
    // Common synonyms users type.
    if (word.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0
        || word.compare(QLatin1String("stopped"), Qt::CaseInsensitive) == 0) {
        *state = DomainState::Shutoff;
        return true;
    }
    if (word.compare(QLatin1String("suspended"), Qt::CaseInsensitive) == 0) {
        *state = DomainState::Paused;
        return true;
    }
    return false;
}

QString hostStateName(HostState state)
{
    switch (state) {
    case HostState::Disconnected:
        return QStringLiteral("DISCONNECTED");
    case HostState::Connecting:
        return QStringLiteral("CONNECTING");
    case HostState::Connected:
        return QStringLiteral("CONNECTED");
    case HostState::Error:
        return QStringLiteral("ERROR");
    }
    return QStringLiteral("DISCONNECTED");
}

HostState hostStateFromName(const QString &name)
{
    if (name == QLatin1String("CONNECTING"))
        return HostState::Connecting;
    if (name == QLatin1String("CONNECTED"))
        return HostState::Connected;
    if (name == QLatin1String("ERROR"))
        return HostState::Error;
    return HostState::Disconnected;
}

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None: return QStringLiteral("none");
    case ErrorCode::InvalidArgument: return QStringLiteral("invalid-argument");
    case ErrorCode::NotFound: return QStringLiteral("not-found");
    case ErrorCode::Ambiguous: return QStringLiteral("ambiguous");
    case ErrorCode::ParseError: return QStringLiteral("parse-error");
    case ErrorCode::Libvirt: return QStringLiteral("libvirt");
    case ErrorCode::ConnectionFailed: return QStringLiteral("connection-failed");
    case ErrorCode::CredentialsRequired: return QStringLiteral("credentials-required");
    case ErrorCode::AuthFailed: return QStringLiteral("auth-failed");
    case ErrorCode::NotConnected: return QStringLiteral("not-connected");
    case ErrorCode::Cache: return QStringLiteral("cache");
    case ErrorCode::CacheNewer: return QStringLiteral("cache-newer");
    case ErrorCode::CacheCorrupt: return QStringLiteral("cache-corrupt");
    case ErrorCode::Keyring: return QStringLiteral("keyring");
    case ErrorCode::Cancelled: return QStringLiteral("cancelled");
    case ErrorCode::Timeout: return QStringLiteral("timeout");
    case ErrorCode::NotRunning: return QStringLiteral("not-running");
    case ErrorCode::HostKeyUnknown: return QStringLiteral("host-key-unknown");
    case ErrorCode::HostKeyChanged: return QStringLiteral("host-key-changed");
    }
    return QStringLiteral("unknown");
}

} // namespace Virtumancer
