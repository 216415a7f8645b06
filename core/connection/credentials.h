#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Virtumancer {

/// Credentials for one connection attempt. The password lives only in memory, is never logged
/// and never written to SQLite or settings; clear() wipes it.
struct Credentials
{
    QString username;
    QByteArray password;
    bool isEmpty() const { return username.isEmpty() && password.isEmpty(); }
    void clear()
    {
        password.fill('\0');
        password.clear();
        username.clear();
    }
};

/// One thing libvirt asked for during virConnectOpenAuth that we could not answer.
struct CredentialPrompt
{
    enum class Kind { Username, Password, Other };
    Kind kind = Kind::Other;
    QString prompt; ///< libvirt's prompt text, e.g. "Enter username for localhost"
    QString challenge;
    bool echo = true; ///< false for secrets
};

} // namespace Virtumancer

Q_DECLARE_METATYPE(Virtumancer::Credentials)
Q_DECLARE_METATYPE(Virtumancer::CredentialPrompt)
