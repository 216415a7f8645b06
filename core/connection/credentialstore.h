#pragma once

#include "connection/credentials.h"
#include "model/error.h"

#include <QObject>

#include <functional>

namespace Virtumancer {

/// Host credentials in the OS keyring (Secret Service via QtKeychain), keyed by host id.
/// Asynchronous: callbacks run on the calling thread's event loop, so the GUI never blocks.
/// Never falls back to plaintext: when no keyring service answers, isAvailable() turns false,
/// the first failure is logged once, and callers ask the user each time instead.
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    explicit CredentialStore(QObject *parent = nullptr);

    enum class Availability { Unknown, Available, Unavailable };
    Availability availability() const { return m_availability; }

    /// Reads the host's credentials; empty Credentials when none are stored or no keyring.
    void read(const QString &hostId, std::function<void(Result<Credentials>)> done);
    void write(const QString &hostId, const Credentials &credentials,
               std::function<void(Result<>)> done = {});
    void remove(const QString &hostId, std::function<void(Result<>)> done = {});

    static QString serviceName(); ///< "virtumancer" (the keyring's service attribute)

private:
    void noteUnavailable(const QString &why);
    Availability m_availability = Availability::Unknown;
};

} // namespace Virtumancer
