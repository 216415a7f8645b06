#pragma once

#include "connection/credentials.h"
#include "model/error.h"

#include <QObject>

#include <functional>

namespace Virtumancer {

/// Host credentials and VM console passwords in the OS keyring (Secret Service via QtKeychain),
/// keyed by host id (and VM uuid).
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

    /// A VM's graphical console password (VNC/SPICE), kept for opening its console without
    /// asking; an empty QByteArray when none is stored or there is no keyring.
    void readConsolePassword(const QString &hostId, const QString &uuid,
                             std::function<void(QByteArray)> done);
    /// Stores it; an empty password removes the entry.
    void writeConsolePassword(const QString &hostId, const QString &uuid,
                              const QByteArray &password, std::function<void(Result<>)> done = {});

    static QString serviceName(); ///< "virtumancer" (the keyring's service attribute)
    /// The keyring key of a VM's console password: "console:HOST/UUID".
    static QString consoleKey(const QString &hostId, const QString &uuid);

private:
    void readKey(const QString &key, std::function<void(QByteArray)> done);
    void writeKey(const QString &key, const QByteArray &secret, std::function<void(Result<>)> done);
    void removeKey(const QString &key, std::function<void(Result<>)> done);
    void noteUnavailable(const QString &why);
    Availability m_availability = Availability::Unknown;
};

} // namespace Virtumancer
